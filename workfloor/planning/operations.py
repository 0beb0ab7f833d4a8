"""Day plans: store the engine's plan, read it back, change it by hand, publish, log every change.

Operations flush, never commit: the view or command that calls them commits once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import scheduling
from workfloor.assignments.operations import cancel_assignment
from workfloor.extensions import db
from workfloor.forms import EditConflict
from workfloor.models import (
    Absence, Assignment, CrewMember, CrewVehicle, DayPlan, Learner, PlanEvent, Supervisor, UnstaffedPin,
    User, Vehicle, utcnow,
)
from workfloor.planning.problem import key, parse_key, row_id
from workfloor.planning.text import summary


class PlanError(ValueError):
    """A change that cannot be made (unknown person, assignment outside the board); message in Dutch."""


# ------------------------------------------------------------------ the plans of a day, per floor

def _plan_query(day: date, floor_ids: set[int], full: bool):
    query = select(DayPlan).where(DayPlan.day == day, DayPlan.floor_id.in_(floor_ids))
    if full:
        query = query.options(selectinload(DayPlan.members), selectinload(DayPlan.vehicles),
                              selectinload(DayPlan.pins), selectinload(DayPlan.events).joinedload(PlanEvent.user))
    return query


def plan_rows(day: date, floor_ids: set[int], *, full: bool = False) -> dict[tuple[int, str], DayPlan]:
    """Every plan of that day on these floors, by (floor id, status)."""
    if not floor_ids:
        return {}
    return {(p.floor_id, p.status): p for p in db.session.execute(_plan_query(day, floor_ids, full)).scalars()}


def current_plans(day: date, floor_ids: set[int], *, full: bool = False) -> dict[int, DayPlan]:
    """The plan the board shows per floor: its draft revision when there is one, else the published plan."""
    return current_of(plan_rows(day, floor_ids, full=full), floor_ids)


def current_of(rows: dict[tuple[int, str], DayPlan], floor_ids: set[int]) -> dict[int, DayPlan]:
    out = {}
    for floor_id in floor_ids:
        plan = rows.get((floor_id, "draft")) or rows.get((floor_id, "published"))
        if plan is not None:
            out[floor_id] = plan
    return out


def published_plan(day: date, floor_id: int, *, full: bool = False) -> DayPlan | None:
    return plan_rows(day, {floor_id}, full=full).get((floor_id, "published"))


def day_plan_for(day: date, floor_id: int, *, create: bool = False, full: bool = False) -> DayPlan | None:
    """The plan of one floor that changes go into: the draft (made when ``create``: a fresh one, or a
    draft revision of the published plan, which learners keep seeing until it is published)."""
    rows = plan_rows(day, {floor_id}, full=True if create else full)
    draft = rows.get((floor_id, "draft"))
    if draft is not None or not create:
        return draft or rows.get((floor_id, "published"))
    published = rows.get((floor_id, "published"))
    draft = DayPlan(day=day, floor_id=floor_id, status="draft", explanation=[], unplaced=[])
    if published is not None:
        draft.revision = published.revision
        draft.solver_status, draft.score = published.solver_status, published.score
        draft.explanation = list(published.explanation or [])
        draft.unplaced = list(published.unplaced or [])
        draft.members = [CrewMember(assignment_id=m.assignment_id, person_id=m.person_id, role=m.role,
                                    pinned=m.pinned) for m in published.members]
        draft.vehicles = [CrewVehicle(assignment_id=v.assignment_id, vehicle_id=v.vehicle_id, driver_id=v.driver_id,
                                      pinned=v.pinned) for v in published.vehicles]
        draft.pins = [UnstaffedPin(assignment_id=p.assignment_id) for p in published.pins]
        touch(published, None)  # a second editor who saw the published plan now gets a conflict
    db.session.add(draft)
    db.session.flush()
    return draft


def touch(plan: DayPlan, user: User | None) -> None:
    """Mark the plan as changed: bumps its version, so a stale edit elsewhere gets a conflict."""
    plan.updated_at = utcnow()
    if user is not None or plan.updated_by_id is None:
        plan.updated_by_id = user.id if user else None


class PlansOfDay:
    """The current plans of some floors on one day, read together as one (the board, the engine's input)."""

    def __init__(self, day: date, plans: dict[int, DayPlan]):
        self.day, self.plans = day, plans

    @classmethod
    def load(cls, day: date, floor_ids: set[int]) -> PlansOfDay:
        return cls(day, current_plans(day, floor_ids, full=True))

    def __bool__(self) -> bool:
        return bool(self.plans)

    @property
    def members(self) -> list[CrewMember]:
        return [m for p in self.plans.values() for m in p.members]

    @property
    def vehicles(self) -> list[CrewVehicle]:
        return [v for p in self.plans.values() for v in p.vehicles]

    @property
    def pins(self) -> list[UnstaffedPin]:
        return [x for p in self.plans.values() for x in p.pins]

    @property
    def events(self) -> list[PlanEvent]:
        return [e for p in self.plans.values() for e in p.events]

    @property
    def explanation(self) -> list[str]:
        return [line for p in self.plans.values() for line in (p.explanation or [])]

    @property
    def solver_status(self) -> str | None:
        statuses = {p.solver_status for p in self.plans.values()}
        return "optimal" if statuses == {"optimal"} else ("infeasible" if "infeasible" in statuses else "feasible")

    score = None


def plan_token(day: date, floor_ids: set[int]) -> str:
    """What the board posts back with a change: which plan, at which version, per floor (0: none yet)."""
    plans = current_plans(day, floor_ids)
    return token_of(plans, floor_ids)


def token_of(plans: dict[int, DayPlan], floor_ids: set[int]) -> str:
    return ";".join(f"{f}:{plans[f].id}.{plans[f].version}" if f in plans else f"{f}:0" for f in sorted(floor_ids))


def check_token(day: date, token: str | None, floor_ids: set[int]) -> None:
    """Raise EditConflict unless every one of these floors' plans is still the one the board was shown."""
    seen = {}
    if str(token or "").strip() == "0":  # "no plan yet" on every floor (a board that showed none)
        seen = {f: "0" for f in floor_ids}
    for part in str(token or "").split(";"):
        floor, _sep, state = part.partition(":")
        if floor.strip().isdigit():
            seen[int(floor)] = state.strip()
    now = current_plans(day, floor_ids)
    for floor_id in floor_ids:
        plan = now.get(floor_id)
        expected = f"{plan.id}.{plan.version}" if plan is not None else "0"
        if seen.get(floor_id) != expected:
            raise EditConflict


# ------------------------------------------------------------------ ids of persons

def person_keys(person_ids: set[int]) -> dict[int, str]:
    """Engine ids (``L..``/``S..``) of these persons; learners win when someone is both."""
    ids = [p for p in person_ids if p is not None]
    if not ids:
        return {}
    out = {pid: key("supervisor", sid) for sid, pid in db.session.execute(
        select(Supervisor.id, Supervisor.person_id).where(Supervisor.person_id.in_(ids)))}
    out.update({pid: key("learner", lid) for lid, pid in db.session.execute(
        select(Learner.id, Learner.person_id).where(Learner.person_id.in_(ids)))})
    return out


def key_persons(keys: set[str]) -> dict[str, int]:
    """Person ids behind engine ids of learners and supervisors (unknown ones are left out)."""
    learners, supervisors = set(), set()
    for k in keys:
        kind, number = parse_key(k)
        (learners if kind == "learner" else supervisors).add(number)
    out = {}
    if learners:
        out |= {key("learner", lid): pid for lid, pid in db.session.execute(
            select(Learner.id, Learner.person_id).where(Learner.id.in_(learners)))}
    if supervisors:
        out |= {key("supervisor", sid): pid for sid, pid in db.session.execute(
            select(Supervisor.id, Supervisor.person_id).where(Supervisor.id.in_(supervisors)))}
    return out


# ------------------------------------------------------------------ database -> engine

def plan_of(day_plan: DayPlan | None, keys: dict[int, str], assignment_ids: set[int] | None = None) -> scheduling.Plan:
    """The crews of a loaded day plan as a ``scheduling.Plan`` (only these assignments, when given)."""
    if not day_plan:
        return scheduling.Plan(instance="", status="feasible")
    crews: dict[int, dict[str, list]] = defaultdict(lambda: {"learners": [], "supervisors": [], "vehicles": []})
    for m in sorted(day_plan.members, key=lambda m: m.id or 0):
        if assignment_ids is not None and m.assignment_id not in assignment_ids:
            continue
        pkey = keys.get(m.person_id)
        if pkey is None:
            continue
        crews[m.assignment_id]["learners" if m.role == "learner" else "supervisors"].append(pkey)
    for v in sorted(day_plan.vehicles, key=lambda v: v.id or 0):
        if assignment_ids is not None and v.assignment_id not in assignment_ids:
            continue
        crews[v.assignment_id]["vehicles"].append(
            scheduling.VehicleUse(key("vehicle", v.vehicle_id), keys.get(v.driver_id) if v.driver_id else None))
    out = [scheduling.Crew(key("assignment", aid), tuple(c["learners"]), tuple(c["supervisors"]),
                           tuple(c["vehicles"])) for aid, c in sorted(crews.items())]
    return scheduling.Plan(instance=f"workfloor {day_plan.day.isoformat()}",
                           status=day_plan.solver_status or "feasible", crews=tuple(out),
                           explanation=tuple(e for e in day_plan.explanation or () if isinstance(e, str)),
                           reasons=tuple(scheduling.Reason.from_json(e) for e in day_plan.explanation or ()
                                         if isinstance(e, dict)),
                           score=tuple(day_plan.score) if day_plan.score else None)


def crew_person_ids(day_plan: DayPlan | None) -> set[int]:
    """Everyone a day plan mentions: crew members and drivers."""
    if not day_plan:
        return set()
    return {m.person_id for m in day_plan.members} | {v.driver_id for v in day_plan.vehicles if v.driver_id}


def plan_from_db(day: date, floor_ids: set[int] | None = None) -> scheduling.Plan | None:
    """The stored plan of that day (only these floors' assignments, when given), or None if there is none.

    Crews of cancelled assignments are left out: they are not in the day's problem.
    """
    from workfloor.planning.problem import all_floor_ids
    day_plan = PlansOfDay.load(day, all_floor_ids() if floor_ids is None else floor_ids)
    if not day_plan:
        return None
    query = select(Assignment.id).where(Assignment.day == day, ~Assignment.cancelled)
    if floor_ids is not None:
        query = query.where(Assignment.floor_id.in_(floor_ids))
    scope = set(db.session.execute(query).scalars())  # a cancelled assignment's crew no longer counts
    return plan_of(day_plan, person_keys(crew_person_ids(day_plan)), scope)


def unplaced_findings(problem: scheduling.Problem, plan: scheduling.Plan,
                      persons: dict[str, int]) -> list[dict[str, Any]]:
    """The engine's reasons why learners who show up have no place, by person id, ready to store."""
    out = []
    for f in scheduling.unplaced(problem, plan):
        learner = problem.learner[f.learner]
        out.append({
            "person": persons.get(f.learner), "block": f.block, "rule": f.rule,
            "domain": sorted(learner.domains)[0] if learner.domains else "",
            "subjects": sorted({s for o in f.obstacles if o.rule == f.rule for s in o.subjects}),
            "obstacles": [{"rule": o.rule, "assignment": row_id(o.assignment, "assignment"),
                           "subjects": list(o.subjects)} for o in f.obstacles],
        })
    return out


def refresh_unplaced(day: date, data, floor_ids: set[int] | None = None) -> None:
    """Store on each floor's current plan who has no place and why (read by the crew sheet and learners)."""
    plans = PlansOfDay.load(day, data.floor_ids)
    if not plans:
        return
    keys = person_keys(crew_person_ids(plans) | {x.person_id for x in data.learners}
                       | {s.person_id for s in data.supervisors})
    problem = data.problem()
    plan = plan_of(plans, keys, {a.id for a in data.assignments})
    persons = {key("learner", x.id): x.person_id for x in data.learners}
    floors_of = {x.person_id: set(x.floor_ids) for x in data.learners}
    findings = unplaced_findings(problem, plan, persons)
    for floor_id, day_plan in plans.plans.items():
        if floor_ids is not None and floor_id not in floor_ids:
            continue
        day_plan.unplaced = [f for f in findings if floor_id in floors_of.get(f["person"], set())]
    db.session.flush()


# ------------------------------------------------------------------ engine -> database

def snapshot(day_plan: DayPlan) -> dict[str, list]:
    """Who and what is where: ``person:<id>`` -> assignment ids, ``vehicle:<id>`` -> [assignment, driver]."""
    out: dict[str, list] = defaultdict(list)
    for m in day_plan.members:
        out[f"person:{m.person_id}"].append(m.assignment_id)
    for v in day_plan.vehicles:
        out[f"vehicle:{v.vehicle_id}"].append([v.assignment_id, v.driver_id])
    return {k: sorted(v) for k, v in out.items()}


def store_plan(day_plan: DayPlan, plan: scheduling.Plan, assignment_ids: set[int]) -> None:
    """Replace the unpinned crews of these assignments by the plan's; pinned placements stay.

    The day plan keeps its status: a published plan stays published (the caller logs the change).
    """
    pinned_people = {(m.assignment_id, m.person_id) for m in day_plan.members
                     if m.pinned and m.assignment_id in assignment_ids}
    pinned_vehicles = {(v.assignment_id, v.vehicle_id): v for v in day_plan.vehicles
                       if v.pinned and v.assignment_id in assignment_ids}
    for m in list(day_plan.members):
        if m.assignment_id in assignment_ids and not m.pinned:
            day_plan.members.remove(m)
    for v in list(day_plan.vehicles):
        if v.assignment_id in assignment_ids and not v.pinned:
            day_plan.vehicles.remove(v)
    db.session.flush()
    persons = key_persons({p for c in plan.crews for p in c.learners + c.supervisors}
                          | {u.driver for c in plan.crews for u in c.vehicles if u.driver})
    for crew in plan.crews:
        aid = row_id(crew.assignment, "assignment")
        if aid not in assignment_ids:
            continue
        for role, ids in (("learner", crew.learners), ("supervisor", crew.supervisors)):
            for pkey in ids:
                pid = persons.get(pkey)
                if pid is not None and (aid, pid) not in pinned_people:
                    day_plan.members.append(CrewMember(assignment_id=aid, person_id=pid, role=role))
                    pinned_people.add((aid, pid))
        for use in crew.vehicles:
            vid = row_id(use.vehicle, "vehicle")
            driver = persons.get(use.driver) if use.driver else None
            kept = pinned_vehicles.get((aid, vid))
            if kept is not None:
                kept.driver_id = driver or kept.driver_id
            else:
                day_plan.vehicles.append(CrewVehicle(assignment_id=aid, vehicle_id=vid, driver_id=driver))
                pinned_vehicles[(aid, vid)] = day_plan.vehicles[-1]
    if plan.status:
        day_plan.solver_status = plan.status
    day_plan.score = list(plan.score) if plan.score is not None else day_plan.score
    # The reasons as data, so each reader gets them in their language (see findings.say_stored).
    day_plan.explanation = [r.to_json() for r in plan.reasons] if plan.reasons else list(plan.explanation)
    db.session.flush()


# ------------------------------------------------------------------ history

def _van_names(keys: list[str]) -> dict[int, str]:
    """Names of the vans behind snapshot keys (persons are named when read: text.diff_line)."""
    vehicle_ids = {int(k.split(":")[1]) for k in keys if k.startswith("vehicle:")}
    if not vehicle_ids:
        return {}
    return dict(db.session.execute(select(Vehicle.id, Vehicle.name).where(Vehicle.id.in_(vehicle_ids))).all())


def diff(day_plan: DayPlan, before: dict[str, list], after: dict[str, list]) -> list[dict[str, Any]]:
    """Who or what moved from where to where: ``[{"key", "from", "to", "change"}]`` (vans also ``who``).

    ``from``/``to`` are place names (empty: not planned); ``change`` is "move" or "driver" (same places,
    another driver). Persons are named by ``key`` only: ``text.diff_line`` renders their current name,
    so a renamed or erased person's old name is never stored in the history.
    """
    changed = sorted(k for k in set(before) | set(after) if before.get(k, []) != after.get(k, []))
    if not changed:
        return []
    vans = _van_names(changed)
    assignment_ids = {a if isinstance(a, int) else a[0] for k in changed
                      for a in before.get(k, []) + after.get(k, [])}
    where = {}
    if assignment_ids:
        where = {a.id: f"{a.name} ({a.site.name})" for a in db.session.execute(
            select(Assignment).where(Assignment.id.in_(assignment_ids))
            .options(selectinload(Assignment.site))).scalars()}

    def places(values: list) -> list[str]:
        return [where.get(v if isinstance(v, int) else v[0], "?") for v in values]

    out = []
    for k in changed:
        kind, number = k.split(":")
        old, new = places(before.get(k, [])), places(after.get(k, []))
        ids = [[v if isinstance(v, int) else v[0] for v in side.get(k, [])] for side in (before, after)]
        entry = {"key": k, "from": old, "to": new, "from_ids": ids[0], "to_ids": ids[1],
                 "change": "driver" if old == new and kind == "vehicle" else "move"}
        if kind == "vehicle":
            entry["who"] = vans.get(int(number), "?")  # a van's name; a person's is rendered from the key when read (text.diff_line)
        out.append(entry)
    return out


def record_change(day_plan: DayPlan, user: User | None, kind: str, summary: str, before: dict[str, list], *,
                  reason: str = "", details: dict | None = None) -> PlanEvent:
    """Log a change of the plan with its diff (changes only go into drafts; publishing makes a revision)."""
    db.session.flush()
    changes = diff(day_plan, before, snapshot(day_plan))
    touch(day_plan, user)
    event = PlanEvent(user_id=user.id if user else None, kind=kind, summary=summary, reason=reason,
                      details={"diff": changes, **(details or {})}, revision=day_plan.revision)
    day_plan.events.append(event)
    db.session.flush()
    return event


def record_event(day_plan: DayPlan, user: User | None, kind: str, summary: str, *, reason: str = "",
                 details: dict | None = None) -> PlanEvent:
    """Log something that did not move anyone (a warning accepted, a pin set)."""
    touch(day_plan, user)
    event = PlanEvent(user_id=user.id if user else None, kind=kind, summary=summary, reason=reason,
                      details=details or {}, revision=day_plan.revision)
    day_plan.events.append(event)
    db.session.flush()
    return event


# ------------------------------------------------------------------ hand edits

@dataclass
class Move:
    """Move a learner, supervisor (by person id) or van (by vehicle id) between crews or to the pool."""

    kind: str  # learner, supervisor, vehicle
    subject: int
    sources: list[int] = field(default_factory=list)  # assignment ids it leaves; empty: from the pool
    target: int | None = None  # None: back to the pool
    driver: int | None = None  # person id, vehicles only

    def to_json(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "sources": self.sources, "target": self.target,
                "driver": self.driver}


def apply_move(day_plan: DayPlan, move: Move) -> Move:
    """Carry out a move; returns the move that undoes it."""
    if day_plan.solver_status == "optimal":
        day_plan.solver_status = "feasible"  # changed by hand: no longer the engine's proven best
    if move.kind == "vehicle":
        previous_driver = None
        for v in list(day_plan.vehicles):
            if v.vehicle_id == move.subject and v.assignment_id in move.sources:
                previous_driver = v.driver_id
                day_plan.vehicles.remove(v)
        db.session.flush()
        if move.target is not None:
            existing = next((v for v in day_plan.vehicles
                             if v.vehicle_id == move.subject and v.assignment_id == move.target), None)
            if existing is not None:
                previous_driver = existing.driver_id
                existing.driver_id = move.driver
            else:
                day_plan.vehicles.append(CrewVehicle(assignment_id=move.target, vehicle_id=move.subject,
                                                     driver_id=move.driver))
        db.session.flush()
        undo_sources = [move.target] if move.target is not None else []
        undo_target = move.sources[0] if move.sources else None
        return Move("vehicle", move.subject, undo_sources, undo_target, previous_driver)
    drove = []
    for m in list(day_plan.members):
        if m.person_id == move.subject and m.assignment_id in move.sources:
            day_plan.members.remove(m)
    for v in day_plan.vehicles:
        if v.driver_id == move.subject and v.assignment_id in move.sources and v.assignment_id != move.target:
            drove.append(v.vehicle_id)
            v.driver_id = None
    db.session.flush()
    if move.target is not None and not any(m.person_id == move.subject and m.assignment_id == move.target
                                           for m in day_plan.members):
        day_plan.members.append(CrewMember(assignment_id=move.target, person_id=move.subject, role=move.kind))
    db.session.flush()
    undo = Move(move.kind, move.subject, [move.target] if move.target is not None else [],
                move.sources[0] if move.sources else None)
    return undo


def set_pin(day_plan: DayPlan, kind: str, subject: int, assignment_id: int, pinned: bool) -> bool:
    """Pin or unpin a placement; False when the placement is not on the plan."""
    rows = day_plan.vehicles if kind == "vehicle" else day_plan.members
    for row in rows:
        if row.assignment_id == assignment_id and (row.vehicle_id if kind == "vehicle" else row.person_id) == subject:
            row.pinned = pinned
            db.session.flush()
            return True
    return False


def set_unstaffed(day_plan: DayPlan, assignment_id: int, unstaffed: bool) -> None:
    """Decide to leave an assignment without a crew (its crew goes back to the pool), or undo that."""
    pin = next((p for p in day_plan.pins if p.assignment_id == assignment_id), None)
    if unstaffed:
        if pin is None:
            day_plan.pins.append(UnstaffedPin(assignment_id=assignment_id))
        for m in [m for m in day_plan.members if m.assignment_id == assignment_id]:
            day_plan.members.remove(m)
        for v in [v for v in day_plan.vehicles if v.assignment_id == assignment_id]:
            day_plan.vehicles.remove(v)
    elif pin is not None:
        day_plan.pins.remove(pin)
    db.session.flush()


def engine_pins(day_plan, keys: dict[int, str], assignment_ids: set[int],
                absences: list[Absence] = ()) -> list[scheduling.Pin]:
    """The plan's pins as the engine's: pinned crew members and vans, and "leave unstaffed".

    A pin of someone absent in the pinned crew's blocks is left out: an absence beats a pin.
    """
    if not day_plan:
        return []
    pins = []
    away = {a.person_id for a in absences}

    def absent(person_id: int | None, assignment: Assignment) -> bool:
        return person_id in away and any(a.person_id == person_id and a.covers(assignment.day, b)
                                         for a in absences for b in assignment.blocks)

    for m in day_plan.members:
        if m.pinned and m.assignment_id in assignment_ids and m.person_id in keys and not absent(m.person_id,
                                                                                                 m.assignment):
            k = keys[m.person_id]
            role = "learner" if k.startswith("L") else "supervisor"
            pins.append(scheduling.Pin(key("assignment", m.assignment_id), **{role: k}))
    for v in day_plan.vehicles:
        if v.pinned and v.assignment_id in assignment_ids:
            driver = v.driver_id if v.driver_id and not absent(v.driver_id, v.assignment) else None
            pins.append(scheduling.Pin(key("assignment", v.assignment_id), vehicle=key("vehicle", v.vehicle_id),
                                       driver=keys.get(driver) if driver else None))
    for p in day_plan.pins:
        if p.assignment_id in assignment_ids:
            pins.append(scheduling.Pin(key("assignment", p.assignment_id), unstaffed=True))
    return pins


# ------------------------------------------------------------------ publish, day-of changes

def pending_changes(day_plan: DayPlan | None) -> list[dict[str, Any]]:
    """What publishing this draft revision would change for learners: the diff against the published plan."""
    if day_plan is None or day_plan.status != "draft":
        return []
    published = published_plan(day_plan.day, day_plan.floor_id, full=True)
    if published is None:
        return []
    return diff(day_plan, snapshot(published), snapshot(day_plan))


def publish(day_plan: DayPlan, user: User | None) -> tuple[PlanEvent, list[dict[str, Any]]]:
    """Publish one floor's draft: its first publication, or its changes copied into the published plan.

    Returns the event and the diff (empty at the first publication). ``user`` None: the command line.
    Learners read only the published plan; the draft revision is removed once it is copied.
    """
    published = published_plan(day_plan.day, day_plan.floor_id, full=True)
    changes: list[dict[str, Any]] = []
    if published is None or published is day_plan:
        published = day_plan
        published.status = "published"
    else:
        before = snapshot(published)
        for rows in (published.members, published.vehicles, published.pins):
            rows.clear()
        db.session.flush()
        published.members = [CrewMember(assignment_id=m.assignment_id, person_id=m.person_id, role=m.role,
                                        pinned=m.pinned) for m in day_plan.members]
        published.vehicles = [CrewVehicle(assignment_id=v.assignment_id, vehicle_id=v.vehicle_id,
                                          driver_id=v.driver_id, pinned=v.pinned) for v in day_plan.vehicles]
        published.pins = [UnstaffedPin(assignment_id=x.assignment_id) for x in day_plan.pins]
        published.solver_status, published.score = day_plan.solver_status, day_plan.score
        published.explanation = list(day_plan.explanation or [])
        published.unplaced = list(day_plan.unplaced or [])
        for event in list(day_plan.events):  # the draft's history becomes the published plan's
            event.plan = published
        db.session.flush()
        db.session.delete(day_plan)
        db.session.flush()
        changes = diff(published, before, snapshot(published))
    published.revision += 1
    published.published_at = utcnow()
    published.published_by_id = user.id if user else None
    touch(published, user)
    line, said = summary("published" if not changes else "published_changes")
    touched = sorted(affected_persons(published, changes))
    event = PlanEvent(user_id=user.id if user else None, kind="published", summary=line,
                      details={"plan": snapshot(published), "diff": changes, **said,
                               **({"persons": touched} if changes else {})},
                      revision=published.revision)
    published.events.append(event)
    db.session.flush()
    if changes:
        from workfloor.planning.notices import create_notices  # notices build on plans, not the other way
        create_notices(published, touched, changes)
    return event, changes


def affected_persons(plan: DayPlan, changes: list[dict[str, Any]]) -> set[int]:
    """Whose day a published change touches: whoever moved, and everyone in a crew whose van changed."""
    persons = {int(c["key"].split(":")[1]) for c in changes if c["key"].startswith("person:")}
    assignments = set()
    for c in changes:
        if c["key"].startswith("vehicle:"):
            assignments |= {a for a in c.get("from_ids", []) + c.get("to_ids", [])}
    persons |= {m.person_id for m in plan.members if m.assignment_id in assignments}
    return persons


def release_absent(day_plan: DayPlan, absences: list[Absence]) -> list[dict[str, Any]]:
    """An absence beats a pin: take absent people out of every crew of the day (pinned or not).

    Returns what was released: ``[{"person", "assignment", "pinned", "driver"}]`` (flushes).
    """
    released = []
    by_person: dict[int, list[Absence]] = defaultdict(list)
    for a in absences:
        by_person[a.person_id].append(a)
    if not by_person:
        return []
    blocks = {a.id: a.blocks for a in db.session.execute(select(Assignment).where(
        Assignment.id.in_({m.assignment_id for m in day_plan.members}
                          | {v.assignment_id for v in day_plan.vehicles}))).scalars()}

    def away(person_id: int | None, assignment_id: int) -> bool:
        return person_id is not None and any(a.covers(day_plan.day, b) for a in by_person.get(person_id, ())
                                             for b in blocks.get(assignment_id, ()))

    for m in list(day_plan.members):
        if away(m.person_id, m.assignment_id):
            released.append({"person": m.person_id, "assignment": m.assignment_id, "pinned": m.pinned,
                             "driver": False})
            day_plan.members.remove(m)
    for v in day_plan.vehicles:
        if away(v.driver_id, v.assignment_id):
            released.append({"person": v.driver_id, "assignment": v.assignment_id, "pinned": v.pinned,
                             "driver": True})
            v.driver_id = None
    db.session.flush()
    return released


def record_released(day_plan: DayPlan, user: User | None, released: list[dict[str, Any]],
                    before: dict[str, list]) -> PlanEvent | None:
    """Log who left a crew because they are absent, and which pins that released."""
    if not released:
        return None
    persons = sorted({r["person"] for r in released})
    pinned = sorted({r["person"] for r in released if r["pinned"]})
    line, said = summary("absent_released" if pinned else "absent_removed", persons=persons, pinned_persons=pinned)
    return record_change(day_plan, user, "absent", line, before,
                         details={"released": released, "persons": sorted({r["person"] for r in released}),
                                  **said})


def report_absent(person_id: int, day: date, reason: str, blocks: list[str], user: User) -> Absence:
    """Register that someone is absent on this day (a sick call in the morning)."""
    absence = Absence(person_id=person_id, start_date=day, end_date=day, morning="am" in blocks,
                      afternoon="pm" in blocks, reason=reason, created_by_id=user.id)
    db.session.add(absence)
    db.session.flush()
    return absence


def call_off(day_plan: DayPlan, assignment: Assignment, reason: str) -> None:
    """Cancel an assignment of this day; its crew goes back to the pool."""
    cancel_assignment(assignment, reason)
    release_crew(day_plan, assignment)


def reschedule_days(assignment: Assignment, today: date) -> list[date]:
    """The days a flexible assignment may move to: the working days of its window, from today on."""
    if not assignment.flexible or assignment.cancelled:
        return []
    return [d for d in assignment.window if d >= today and d != assignment.day]


def reschedule(day_plan: DayPlan, assignment: Assignment, to_day: date) -> None:
    """Move a flexible assignment to another day of its window; its crew here goes back to the pool."""
    release_crew(day_plan, assignment)
    assignment.day = to_day
    db.session.flush()


def release_crew(day_plan: DayPlan, assignment: Assignment) -> None:
    """Take the crew, vans and pins of ``assignment`` out of this plan."""
    for m in [m for m in day_plan.members if m.assignment_id == assignment.id]:
        day_plan.members.remove(m)
    for v in [v for v in day_plan.vehicles if v.assignment_id == assignment.id]:
        day_plan.vehicles.remove(v)
    for p in [p for p in day_plan.pins if p.assignment_id == assignment.id]:
        day_plan.pins.remove(p)
    db.session.flush()
