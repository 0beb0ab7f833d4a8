"""The one seam between the database and the planning engine.

:class:`PlanningData` loads, for some floors and a day, everything the engine and the board
need: the rows (``DayData``), the engine's problem, the plan stored now (as a
``scheduling.Plan``), the pins, and the id mapping both ways (engine keys <-> rows). The
board, the views, the solve jobs and the command line all read through it.

It reads; it never writes. Weekly templates are expanded beforehand (when a template is
saved, when a day is generated, by ``flask expand-templates``), not by reading.

It is built for a set of floors, so per-floor plans can load their own part.

:class:`PlanningWeek` does the same for Monday to Friday (the version 2 engine): five
``DayData`` joined into one ``workfloor-planning/2`` problem (each learner once with their
blocks per day, their vaste begeleider as ``mentor``, each goal's ``per_week``; a flexible
assignment once with the days of its window), and a week plan stored back as day plans:
each crew into its floor's draft of its day, a flexible assignment's ``day`` moved to the day
it was planned on, so every day view (board, crew sheet, phone) shows it there.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cached_property

import scheduling
from workfloor.extensions import db
from workfloor.goals.operations import planning_goals_for
from workfloor.models import Assignment, User
from workfloor.planning import operations
from workfloor.planning.findings import Names
from workfloor.planning.problem import BLOCKS, DayData, all_floor_ids, key, row_id
from workfloor.planning.week import monday_of, week_days, week_label
from workfloor.vocabulary import BLOCK_HOURS


POLISH_SHARE = 0.25  # a week's polish may re-solve for this share of the solve's time limit, after it

class PlanningData:
    """One day of some floors, as the engine sees it and as the board shows it."""

    def __init__(self, day: date, floor_ids: set[int] | None = None, *,
                 day_plan: operations.PlansOfDay | None = None):
        """Load ``day`` for ``floor_ids`` (None: every active floor).

        ``day_plan``: the floors' current plans read together (each floor's draft revision, else its
        published plan), when the caller already holds them; otherwise they are read. Plans are per floor:
        a change goes into one floor's draft (``operations.day_plan_for(day, floor, create=True)``).
        """
        self.days = (day,)
        self.floor_ids = all_floor_ids() if floor_ids is None else set(floor_ids)
        self.data = DayData(day, self.floor_ids)
        self.day_plan = day_plan if day_plan is not None else operations.PlansOfDay.load(day, self.floor_ids)
        self.keys = self._person_keys()  # person id -> "L12" / "S3"
        self.persons = {k: pid for pid, k in self.keys.items()}  # and back

    @property
    def day(self) -> date:
        return self.days[0]

    @classmethod
    def for_day(cls, day: date, floor_ids: set[int] | None = None, **kwargs) -> "PlanningData":
        return cls(day, floor_ids, **kwargs)

    def _person_keys(self) -> dict[int, str]:
        keys = {x.person_id: key("learner", x.id) for x in self.data.learners}
        keys |= {s.person_id: key("supervisor", s.id) for s in self.data.supervisors}
        others = operations.crew_person_ids(self.day_plan) - set(keys)  # on the plan, no longer on the floor
        if others:
            keys |= operations.person_keys(others)
        return keys

    # ------------------------------------------------------------------ what the engine reads

    @property
    def scope(self) -> set[int]:
        """The assignment ids of these floors that day (not cancelled)."""
        return {a.id for a in self.data.assignments}

    @property
    def assignments(self) -> dict[int, object]:
        return {a.id: a for a in self.data.assignments}

    @cached_property
    def problem(self) -> scheduling.Problem:
        return self.data.problem()

    def problem_json(self) -> dict:
        """The problem in ``workfloor-planning/1``."""
        return self.data.to_json()

    @property
    def plan(self) -> scheduling.Plan:
        """The crews stored now for these floors (read again on every call: edits change them).

        Its ``explanation`` is SPEC's: the stored reasons in Dutch (the app says them per reader).
        """
        plan = operations.plan_of(self.day_plan, self.keys, self.scope)
        if plan.reasons:
            plan = replace(plan, explanation=plan.explanation + tuple(
                scheduling.render.texts(plan.reasons, self.problem)))
        return plan

    @property
    def pins(self) -> list[scheduling.Pin]:
        """The pins for the engine; an absent person's pin is left out (an absence beats a pin)."""
        return operations.engine_pins(self.day_plan, self.keys, self.scope, absences=self.data.absences)

    def reload(self) -> None:
        """Read the floors' current plans again (after a change made a draft revision)."""
        self.day_plan = operations.PlansOfDay.load(self.day, self.floor_ids)

    def violations(self) -> tuple[scheduling.Violation, ...]:
        """What the stored plan breaks (unstaffed mandatory work included)."""
        return scheduling.validate(self.problem, self.plan, require_mandatory=False).violations

    # ------------------------------------------------------------------ the id mapping

    def person_of(self, engine_key: str) -> int | None:
        """The person id behind a learner's or supervisor's engine key."""
        return self.persons.get(engine_key)

    def key_of(self, person_id: int) -> str | None:
        return self.keys.get(person_id)

    @cached_property
    def names(self) -> Names:
        """How the reader names everything the problem and the plan mention."""
        names = Names.of_problem(self.problem)
        return names.complete(set(self.keys.values()) - set(names.people))

    def knows(self, kind: str, subject: int) -> bool:
        """Is this person (learner/supervisor by person id) or van (vehicle id) on these floors that day?"""
        if kind == "learner":
            return subject in {x.person_id for x in self.data.learners}
        if kind == "supervisor":
            return subject in {s.person_id for s in self.data.supervisors}
        return subject in {v.id for v in self.data.vehicles}


class PlanningWeek:
    """Monday to Friday of some floors: the rows per day, the v2 problem, the stored plans as one week plan."""

    def __init__(self, monday: date, floor_ids: set[int] | None = None):
        self.monday = monday_of(monday)
        self.days = week_days(self.monday)
        self.floor_ids = all_floor_ids() if floor_ids is None else set(floor_ids)
        self.per_day = {d: DayData(d, self.floor_ids) for d in self.days}
        self.plans = {d: operations.PlansOfDay.load(d, self.floor_ids) for d in self.days}
        learners = {}
        for d in self.days:
            for x in self.per_day[d].learners:
                learners.setdefault(x.id, x)
        self.learners = list(learners.values())
        self.supervisors = self.per_day[self.days[0]].supervisors
        self.goals = planning_goals_for([x.id for x in self.learners], week=True) if self.learners else {}
        self.keys = {x.person_id: key("learner", x.id) for x in self.learners}
        self.keys |= {s.person_id: key("supervisor", s.id) for s in self.supervisors}
        others = set().union(*(operations.crew_person_ids(p) for p in self.plans.values())) - set(self.keys)
        if others:
            self.keys |= operations.person_keys(others)
        self.persons = {k: pid for pid, k in self.keys.items()}

    @property
    def label(self) -> str:
        return week_label(self.monday)

    @cached_property
    def assignments(self) -> list[Assignment]:
        """The week's assignments, each once (a flexible one on the day it is planned on now)."""
        return [a for d in self.days for a in self.per_day[d].assignments]

    # ------------------------------------------------------------------ the problem

    def to_json(self) -> dict:
        """The week's problem in ``workfloor-planning/2``."""
        days = [d.isoformat() for d in self.days]
        supervisor_ids = {s.id for s in self.supervisors}
        learners = []
        for x in self.learners:
            first = next(d for d in self.days if x in self.per_day[d].learners)
            data = self.per_day[first]
            known = {y.id for y in self.learners}
            entry = {
                "id": key("learner", x.id), "name": x.name, "domains": sorted(x.domains),
                "available": {d.isoformat(): self.per_day[d].learner_blocks(x) for d in self.days
                              if x in self.per_day[d].learners},
                "levels": dict(sorted(data.levels.get(x.id, {}).items())),
                "certificates": sorted(set(x.valid_certificates(first))),
                "restrictions": sorted(x.restriction_codes),
                "licences": sorted(x.person.licence_codes) if x.may_drive else [],
                "goals": self.goals.get(x.id, []),
                "avoid": sorted(key("learner", other) for other in set(x.avoided_ids) if other in known),
            }
            if x.mentor_id in supervisor_ids:
                entry["mentor"] = key("supervisor", x.mentor_id)
            learners.append(entry)
        supervisors = [{
            "id": key("supervisor", s.id), "name": s.name, "domains": sorted({f.domain for f in s.floors}),
            "available": {d.isoformat(): self.per_day[d].supervisor_blocks(s) for d in self.days},
            "licences": sorted(s.person.licence_codes), "max_learners": s.max_learners,
        } for s in self.supervisors]
        vehicles, seen = [], set()
        for d in self.days:
            for v in self.per_day[d].vehicles:
                if v.id in seen:
                    continue
                seen.add(v.id)
                vehicles.append({
                    "id": key("vehicle", v.id), "name": v.name, "seats": v.seats, "licence": v.licence,
                    "features": sorted(v.features or []),
                    "available": {e.isoformat(): self.per_day[e].vehicle_blocks(v) for e in self.days
                                  if v in self.per_day[e].vehicles}})
        assignments = []
        for a in self.assignments:
            entry = {
                "id": key("assignment", a.id), "name": a.name, "site": a.site.name, "domain": a.floor.domain,
                "blocks": a.blocks, "travel_minutes": a.site.travel_minutes,
                "min_learners": a.min_learners, "max_learners": a.max_learners,
                "min_supervisors": a.min_supervisors, "mandatory": a.mandatory, "priority": a.priority,
                "certificates": dict(sorted((a.certificates or {}).items())),
                "min_levels": dict(sorted((a.min_levels or {}).items())),
                "excluded_restrictions": sorted(a.excluded_restrictions or []),
                "vehicle_features": sorted(a.vehicle_features or []), "trains": sorted(a.trains or []),
            }
            window = [d.isoformat() for d in a.window if d in self.days]
            if a.flexible and len(window) > 1:
                entry["days"] = window
            else:
                entry["day"] = a.day.isoformat()
            assignments.append(entry)
        return {
            "format": "workfloor-planning/2", "name": f"workfloor {self.label}", "days": days,
            "blocks": [{"id": b, "start": BLOCK_HOURS[b][0], "end": BLOCK_HOURS[b][1]} for b in BLOCKS],
            "learners": learners, "supervisors": supervisors, "vehicles": vehicles, "assignments": assignments,
        }

    @cached_property
    def problem(self) -> scheduling.Problem:
        return scheduling.problem_from_json(self.to_json())

    # ------------------------------------------------------------------ what is stored now

    @property
    def plan(self) -> scheduling.Plan:
        """The crews stored now over the week, each with its day, in ``workfloor-plan/2``."""
        crews = []
        for d in self.days:
            scope = {a.id for a in self.per_day[d].assignments}
            day_plan = operations.plan_of(self.plans[d], self.keys, scope)
            crews += [replace(c, day=d.isoformat()) for c in day_plan.crews]
        statuses = {p.solver_status for d in self.days for p in self.plans[d].plans.values()}
        status = "optimal" if statuses == {"optimal"} else "feasible"
        return scheduling.Plan(instance=f"workfloor {self.label}", status=status, crews=tuple(crews),
                               format="workfloor-plan/2")

    @property
    def has_plan(self) -> bool:
        return any(self.plans[d] for d in self.days)

    @property
    def pins(self) -> list[scheduling.Pin]:
        """Every day's pins; a pin on a flexible assignment also fixes its day."""
        flexible = {key("assignment", a.id) for a in self.assignments if a.flexible}
        out = []
        for d in self.days:
            data = self.per_day[d]
            for pin in operations.engine_pins(self.plans[d], self.keys, {a.id for a in data.assignments},
                                              absences=data.absences):
                out.append(replace(pin, day=d.isoformat()) if pin.assignment in flexible else pin)
        return out

    def reload(self) -> None:
        self.plans = {d: operations.PlansOfDay.load(d, self.floor_ids) for d in self.days}

    def polish(self, plan: scheduling.Plan, *, previous: scheduling.Plan | None = None,
               replan_from: date | None = None, pins: list[scheduling.Pin] | None = None,
               seconds: float = 0.0) -> scheduling.Plan:
        """The solved week with more learners beside their mentor and practice spread over more goals,
        where moves allow without lowering the score (``scheduling.weekpolish``; pins stay put).

        ``pins``: the pins the solve had (read again when not given); ``seconds``: time for the polish's
        own re-solves of a whole week (0: swaps and moves only).
        """
        from scheduling.weekpolish import polish_week
        from scheduling.weeksolver import moves_in_week
        pins = self.pins if pins is None else pins
        keep = {k for p in pins for k in (p.learner, p.supervisor, p.driver) if k}
        days = None if replan_from is None else [d.isoformat() for d in self.days if d >= replan_from]
        better = polish_week(self.problem, plan, days=days, keep=keep, pins=pins, seconds=seconds)
        if better is not plan and previous is not None:
            better = replace(better, moves=moves_in_week(self.problem, previous, better.crews))
        return better

    # ------------------------------------------------------------------ storing a week plan

    def store(self, plan: scheduling.Plan, user: User | None, kind: str, said: tuple[str, dict], *,
              replan_from: date | None = None, extra: dict | None = None) -> list[date]:
        """Store the plan's crews into each floor's draft of each day (from ``replan_from`` on).

        Pinned placements stay (as on a day); absent people leave their crews first. A flexible
        assignment moves to the day it was planned on. Returns the days whose plans were written.
        """
        line, details = said
        by_day: dict[str, list[scheduling.Crew]] = {}
        for c in plan.crews:
            by_day.setdefault(c.day or "", []).append(c)
        planned_on = {row_id(c.assignment, "assignment"): date.fromisoformat(c.day) for c in plan.crews if c.day}
        written = []
        for d in self.days:
            if replan_from is not None and d < replan_from:
                continue
            data = self.per_day[d]
            todays = scheduling.Plan(instance=plan.instance, status=plan.status,
                                     crews=tuple(replace(c, day=None) for c in by_day.get(d.isoformat(), ())))
            for floor_id in sorted(self.floor_ids):
                # This floor's work that may happen today: fixed jobs of the day, flexible ones whose window has it.
                scope = {a.id for a in self.assignments if a.floor_id == floor_id
                         and (a.day == d if not a.flexible else d in a.window)}
                existing = operations.current_plans(d, {floor_id})
                if not scope and floor_id not in existing:
                    continue
                day_plan = operations.day_plan_for(d, floor_id, create=True, full=True)
                before = operations.snapshot(day_plan)
                operations.record_released(day_plan, user, operations.release_absent(day_plan, data.absences),
                                           before)
                before = operations.snapshot(day_plan)
                operations.store_plan(day_plan, todays, scope)
                day_plan.solver_status = plan.status
                day_plan.score = list(plan.score or ()) or None
                operations.record_change(day_plan, user, kind, line, before,
                                         details={"score": list(plan.score or ()), "week": self.label, **details,
                                                  **(extra or {})})
                if d not in written:
                    written.append(d)
        for a in self.assignments:
            if a.flexible and a.id in planned_on and planned_on[a.id] != a.day and \
                    (replan_from is None or planned_on[a.id] >= replan_from):
                a.day = planned_on[a.id]
        db.session.flush()
        for d in written:
            operations.refresh_unplaced(d, DayData(d, self.floor_ids), self.floor_ids)
        return written
