"""The one seam between the database and the planning engine.

:class:`PlanningData` loads, for some floors and a day, everything the engine and the board
need: the rows (``DayData``), the engine's problem, the plan stored now (as a
``scheduling.Plan``), the pins, and the id mapping both ways (engine keys <-> rows). The
board, the views, the solve jobs and the command line all read through it.

It reads; it never writes. Weekly templates are expanded beforehand (when a template is
saved, when a day is generated, by ``flask expand-templates``), not by reading.

It is built for a set of floors, so per-floor plans can load their own part; ``days`` is
a tuple so that a week can be loaded the same way later (today: one day).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cached_property

import scheduling
from workfloor.models import DayPlan
from workfloor.planning import operations
from workfloor.planning.findings import Names
from workfloor.planning.problem import DayData, all_floor_ids, key


class PlanningData:
    """One day of some floors, as the engine sees it and as the board shows it."""

    def __init__(self, day: date, floor_ids: set[int] | None = None, *, day_plan: DayPlan | None = None,
                 create_plan: bool = False):
        """Load ``day`` for ``floor_ids`` (None: every active floor).

        ``day_plan``: the day plan when the caller already holds it (fully loaded); otherwise it is
        read (and made, with ``create_plan``, which only flushes).
        """
        self.days = (day,)
        self.floor_ids = all_floor_ids() if floor_ids is None else set(floor_ids)
        self.data = DayData(day, self.floor_ids)
        self.day_plan = day_plan if day_plan is not None else operations.day_plan_for(day, create=create_plan,
                                                                                        full=True)
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
        return operations.engine_pins(self.day_plan, self.keys, self.scope)

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
