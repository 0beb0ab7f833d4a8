"""From the database to the planning engine: a `workfloor-planning/1` problem for one day.

The engine knows people and vans by string ids; this module is the one place that
maps them to rows: learners ``L<learner.id>``, supervisors ``S<supervisor.id>``,
vehicles ``V<vehicle.id>``, assignments ``A<assignment.id>``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

import scheduling
from workfloor.availability.operations import availability_on
from workfloor.extensions import db
from workfloor.goals.operations import levels_for, planning_goals_for
from workfloor.models import (
    Absence, Assignment, CrewMember, CrewVehicle, DayPlan, Floor, Learner, Person, Supervisor, Vehicle,
)
from workfloor.models.learners import learner_floor
from workfloor.models.staff import supervisor_floor
from workfloor.vocabulary import BLOCK_HOURS

BLOCKS = ("am", "pm")
PREFIXES = {"learner": "L", "supervisor": "S", "vehicle": "V", "assignment": "A"}
KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}


# ------------------------------------------------------------------ ids, both ways

def key(kind: str, row_id: int) -> str:
    """The engine id of a row: ``key("learner", 12)`` -> ``"L12"``."""
    return f"{PREFIXES[kind]}{row_id}"


def parse_key(value: str) -> tuple[str, int]:
    """The kind and row id behind an engine id: ``"L12"`` -> ``("learner", 12)``.

    Raises:
        ValueError: for anything that is not one of our ids.
    """
    kind = KINDS.get(value[:1]) if value else None
    if kind is None or not value[1:].isdigit():
        raise ValueError(f"not a planning id: {value!r}")
    return kind, int(value[1:])


def row_id(value: str, kind: str) -> int:
    """The row id of an engine id that must be of ``kind``."""
    found, number = parse_key(value)
    if found != kind:
        raise ValueError(f"{value!r} is not a {kind} id")
    return number


# ------------------------------------------------------------------ what the problem reads

def all_floor_ids() -> set[int]:
    """Every active floor (the whole leerwerkplaats, e.g. for the command line)."""
    return set(db.session.execute(select(Floor.id).where(Floor.active)).scalars())


def _blocks_of(assignment: Assignment) -> list[str]:
    return [b for b, on in (("am", assignment.morning), ("pm", assignment.afternoon)) if on]


def day_assignments(day: date, floor_ids: set[int]) -> list[Assignment]:
    """The assignments of that day on these floors, not cancelled (weekly templates are expanded beforehand)."""
    return list(db.session.execute(
        select(Assignment).where(Assignment.day == day, Assignment.floor_id.in_(floor_ids), ~Assignment.cancelled)
        .options(joinedload(Assignment.site), joinedload(Assignment.floor))
        .order_by(Assignment.morning.desc(), Assignment.name, Assignment.id)).scalars())


def floor_learners(day: date, floor_ids: set[int]) -> list[Learner]:
    """Active learners of these floors whose contract runs on that day, with everything planning reads."""
    return list(db.session.execute(
        select(Learner).join(Learner.person)
        .where(Learner.id.in_(select(learner_floor.c.learner_id).where(learner_floor.c.floor_id.in_(floor_ids))),
               Person.active, Learner.contract_start <= day,
               (Learner.contract_end.is_(None)) | (Learner.contract_end >= day))
        .options(selectinload(Learner.floors), selectinload(Learner.work_blocks),
                 selectinload(Learner.certificates), selectinload(Learner.restrictions),
                 selectinload(Learner.avoidances), joinedload(Learner.person).selectinload(Person.licences))
        .order_by(Person.first_name, Person.last_name, Learner.id)).unique().scalars())


def floor_supervisors(floor_ids: set[int]) -> list[Supervisor]:
    """Active supervisors of these floors."""
    return list(db.session.execute(
        select(Supervisor).join(Supervisor.person)
        .where(Supervisor.id.in_(select(supervisor_floor.c.supervisor_id)
                                 .where(supervisor_floor.c.floor_id.in_(floor_ids))), Person.active)
        .options(selectinload(Supervisor.floors), joinedload(Supervisor.person).selectinload(Person.licences))
        .order_by(Person.first_name, Person.last_name, Supervisor.id)).unique().scalars())


def floor_vehicles(day: date, floor_ids: set[int]) -> list[Vehicle]:
    """Active vehicles in service that day: the floors' own and the shared pool (no floor)."""
    vehicles = db.session.execute(
        select(Vehicle).where(Vehicle.active, Vehicle.floor_id.in_(floor_ids) | Vehicle.floor_id.is_(None))
        .options(selectinload(Vehicle.outages)).order_by(Vehicle.name)).scalars()
    return [v for v in vehicles if v.in_service_on(day)]


def absences_on(day: date, person_ids: Iterable[int]) -> list[Absence]:
    """The confirmed absences that touch this day, for these persons (a learner's own report waits for an OK)."""
    ids = list(person_ids)
    if not ids:
        return []
    return list(db.session.execute(
        select(Absence).where(Absence.person_id.in_(ids), Absence.start_date <= day, Absence.end_date >= day,
                              Absence.confirmed)
        .order_by(Absence.start_date, Absence.id)).scalars())


def levels_and_goals(learner_ids: list[int], day: date) -> tuple[dict[int, dict[str, int]], dict[int, list[dict]]]:
    """Competency levels on that day and the planner's goals, per learner id (from the goals feature)."""
    if not learner_ids:
        return {}, {}
    return levels_for(learner_ids, day), planning_goals_for(learner_ids)


def busy_elsewhere(day: date, floor_ids: set[int]) -> dict[tuple[str, int], set[str]]:
    """Blocks in which people and vans already ride with crews of other floors that day.

    Keys are ``("person", person_id)`` and ``("vehicle", vehicle_id)``.
    """
    busy: dict[tuple[str, int], set[str]] = defaultdict(set)
    # Each other floor's current plan: its draft revision when it has one, else the published plan.
    current: dict[int, tuple[str, int]] = {}
    for plan_id, floor_id, status in db.session.execute(
            select(DayPlan.id, DayPlan.floor_id, DayPlan.status).where(DayPlan.day == day)):
        if floor_id not in floor_ids and (floor_id not in current or status == "draft"):
            current[floor_id] = (status, plan_id)
    plan_ids = [plan_id for _status, plan_id in current.values()]
    if not plan_ids:
        return busy
    elsewhere = DayPlan.id.in_(plan_ids) & ~Assignment.floor_id.in_(floor_ids) & ~Assignment.cancelled
    for person_id, morning, afternoon in db.session.execute(
            select(CrewMember.person_id, Assignment.morning, Assignment.afternoon)
            .join(CrewMember.plan).join(CrewMember.assignment).where(elsewhere)):
        busy[("person", person_id)] |= {b for b, on in (("am", morning), ("pm", afternoon)) if on}
    for vehicle_id, morning, afternoon in db.session.execute(
            select(CrewVehicle.vehicle_id, Assignment.morning, Assignment.afternoon)
            .join(CrewVehicle.plan).join(CrewVehicle.assignment).where(elsewhere)):
        busy[("vehicle", vehicle_id)] |= {b for b, on in (("am", morning), ("pm", afternoon)) if on}
    return busy


# ------------------------------------------------------------------ the problem itself

class DayData:
    """Everything read for one day and some floors: the rows behind the problem, kept for the board."""

    def __init__(self, day: date, floor_ids: set[int]):
        self.day, self.floor_ids = day, set(floor_ids)
        self.assignments = day_assignments(day, self.floor_ids) if floor_ids else []
        self.learners = floor_learners(day, self.floor_ids) if floor_ids else []
        self.supervisors = floor_supervisors(self.floor_ids) if floor_ids else []
        self.vehicles = floor_vehicles(day, self.floor_ids) if floor_ids else []
        person_ids = [x.person_id for x in self.learners] + [s.person_id for s in self.supervisors]
        self.absences = absences_on(day, person_ids)
        # Who works which block: the availability feature's one answer (pattern, contract, absences).
        available = availability_on(day, self.floor_ids) if floor_ids else None
        self.learners_in = {b: available.learners_in(b) if available else set() for b in BLOCKS}
        self.supervisors_in = {b: available.supervisors_in(b) if available else set() for b in BLOCKS}
        self.busy = busy_elsewhere(day, self.floor_ids) if floor_ids else {}
        self.levels, self.goals = levels_and_goals([x.id for x in self.learners], day)

    def learner_blocks(self, learner: Learner) -> list[str]:
        """Blocks the learner can be planned in on this board."""
        busy = self.busy.get(("person", learner.person_id), set())
        return [b for b in BLOCKS if learner.id in self.learners_in[b] and b not in busy]

    def supervisor_blocks(self, supervisor: Supervisor) -> list[str]:
        """Blocks the supervisor can be planned in on this board."""
        busy = self.busy.get(("person", supervisor.person_id), set())
        return [b for b in BLOCKS if supervisor.id in self.supervisors_in[b] and b not in busy]

    def vehicle_blocks(self, vehicle: Vehicle) -> list[str]:
        """Blocks the van is free for these floors."""
        return [b for b in BLOCKS if b not in self.busy.get(("vehicle", vehicle.id), set())]

    def to_json(self) -> dict:
        """The problem in ``workfloor-planning/1``."""
        day = self.day.isoformat()
        known = {x.id for x in self.learners}
        learners = []
        for x in self.learners:
            learners.append({
                "id": key("learner", x.id), "name": x.name, "domains": sorted(x.domains),
                "available": {day: self.learner_blocks(x)},
                "levels": dict(sorted(self.levels.get(x.id, {}).items())),
                "certificates": sorted(set(x.valid_certificates(self.day))),
                "restrictions": sorted(x.restriction_codes),
                "licences": sorted(x.person.licence_codes) if x.may_drive else [],
                "goals": self.goals.get(x.id, []),
                "avoid": sorted(key("learner", other) for other in set(x.avoided_ids) if other in known),
            })
        supervisors = [{
            "id": key("supervisor", s.id), "name": s.name, "domains": sorted({f.domain for f in s.floors}),
            "available": {day: self.supervisor_blocks(s)}, "licences": sorted(s.person.licence_codes),
            "max_learners": s.max_learners,
        } for s in self.supervisors]
        vehicles = [{
            "id": key("vehicle", v.id), "name": v.name, "seats": v.seats, "licence": v.licence,
            "features": sorted(v.features or []), "available": {day: self.vehicle_blocks(v)},
        } for v in self.vehicles]
        assignments = [{
            "id": key("assignment", a.id), "name": a.name, "site": a.site.name, "domain": a.floor.domain,
            "day": day, "blocks": _blocks_of(a), "travel_minutes": a.site.travel_minutes,
            "min_learners": a.min_learners, "max_learners": a.max_learners, "min_supervisors": a.min_supervisors,
            "mandatory": a.mandatory, "priority": a.priority,
            "certificates": dict(sorted((a.certificates or {}).items())),
            "min_levels": dict(sorted((a.min_levels or {}).items())),
            "excluded_restrictions": sorted(a.excluded_restrictions or []),
            "vehicle_features": sorted(a.vehicle_features or []), "trains": sorted(a.trains or []),
        } for a in self.assignments]
        return {
            "format": "workfloor-planning/1", "name": f"workfloor {day}", "days": [day],
            "blocks": [{"id": b, "start": BLOCK_HOURS[b][0], "end": BLOCK_HOURS[b][1]} for b in BLOCKS],
            "learners": learners, "supervisors": supervisors, "vehicles": vehicles, "assignments": assignments,
        }

    def problem(self) -> scheduling.Problem:
        """The engine's problem."""
        return scheduling.problem_from_json(self.to_json())


def build_problem(day: date, floor_ids: set[int] | None = None) -> dict:
    """The ``workfloor-planning/1`` problem of one day for these floors (None: every active floor)."""
    return DayData(day, all_floor_ids() if floor_ids is None else floor_ids).to_json()
