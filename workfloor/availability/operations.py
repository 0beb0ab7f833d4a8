"""Who is in on a day: learners by their weekly pattern, supervisors, minus registered absences.

`availability_on` is the one place that answers "who can work which block on
this day, on these floors". The overview page shows it; the planning feature
builds its problem from it. A fixed handful of queries, whatever the number of
people.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from workfloor.extensions import db
from workfloor.models import Absence, Floor, Learner, Person, Supervisor, WorkBlock
from workfloor.models.learners import learner_floor
from workfloor.models.staff import supervisor_floor
from workfloor.vocabulary import WEEKDAYS, AbsenceReason, Block

BLOCKS = (Block.MORNING.value, Block.AFTERNOON.value)


@dataclass(frozen=True)
class AbsenceNote:
    """Why someone is away: the category and the short practical note."""

    absence_id: int
    reason: str
    note: str

    @property
    def reason_label(self) -> str:
        return AbsenceReason(self.reason).label


@dataclass(frozen=True)
class PersonOnDay:
    """A learner or supervisor in the overview; `absence` is set when they are away."""

    person_id: int
    first_name: str
    last_name: str
    learner_id: int | None = None
    supervisor_id: int | None = None
    absence: AbsenceNote | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class BlockAvailability:
    """One block (am/pm) on one floor."""

    block: str
    learners_in: tuple[PersonOnDay, ...]
    learners_absent: tuple[PersonOnDay, ...]
    supervisors_in: tuple[PersonOnDay, ...]
    supervisors_absent: tuple[PersonOnDay, ...]


@dataclass(frozen=True)
class FloorAvailability:
    """A floor on the day: both blocks, and the learners with no block in their pattern that day."""

    floor_id: int
    name: str
    domain: str
    blocks: tuple[BlockAvailability, ...]
    not_scheduled: tuple[PersonOnDay, ...]

    def block(self, code: str) -> BlockAvailability:
        return next(b for b in self.blocks if b.block == code)


@dataclass(frozen=True)
class Availability:
    """Everything `availability_on` found for one day."""

    day: date
    floors: tuple[FloorAvailability, ...]

    @property
    def is_working_day(self) -> bool:
        return self.day.weekday() in WEEKDAYS

    def learners_in(self, block: str, floor_id: int | None = None) -> set[int]:
        """Ids of the learners who work this block (on one floor, or any)."""
        return {p.learner_id for f in self.floors if floor_id in (None, f.floor_id)
                for p in f.block(block).learners_in}

    def supervisors_in(self, block: str, floor_id: int | None = None) -> set[int]:
        """Ids of the supervisors who are in this block (on one floor, or any)."""
        return {p.supervisor_id for f in self.floors if floor_id in (None, f.floor_id)
                for p in f.block(block).supervisors_in}


def _sorted(people) -> tuple[PersonOnDay, ...]:
    return tuple(sorted(people, key=lambda p: (p.last_name.lower(), p.first_name.lower(), p.person_id)))


def availability_on(day: date, floor_ids: set[int] | None, *, learner_ids: set[int] | None = None) -> Availability:
    """Who is in, who is away and why, per active floor and block, on `day`.

    Learners count when their contract runs on `day` and their person is
    active; they are in a block their weekly pattern has, unless an absence
    covers it. Supervisors are in every block of a working day (Monday to
    Friday) unless an absence covers it. A learner on two floors appears on
    both.

    Args:
        floor_ids: the floors to look at; None means every active floor.
        learner_ids: limit the learners to these (a counsellor's caseload); None means all.
    """
    floor_query = select(Floor).where(Floor.active).order_by(Floor.name)
    if floor_ids is not None:
        floor_query = floor_query.where(Floor.id.in_(floor_ids))
    floors = db.session.execute(floor_query).scalars().all()
    if not floors:
        return Availability(day=day, floors=())
    ids = [floor.id for floor in floors]

    learner_query = (
        select(learner_floor.c.floor_id, Learner.id, Person.id, Person.first_name, Person.last_name)
        .join(Learner, Learner.id == learner_floor.c.learner_id).join(Person, Person.id == Learner.person_id)
        .where(learner_floor.c.floor_id.in_(ids), Person.active, Learner.contract_start <= day,
               or_(Learner.contract_end.is_(None), Learner.contract_end >= day)))
    if learner_ids is not None:
        learner_query = learner_query.where(Learner.id.in_(learner_ids))
    learner_rows = db.session.execute(learner_query).all()

    supervisor_rows = db.session.execute(
        select(supervisor_floor.c.floor_id, Supervisor.id, Person.id, Person.first_name, Person.last_name)
        .join(Supervisor, Supervisor.id == supervisor_floor.c.supervisor_id)
        .join(Person, Person.id == Supervisor.person_id)
        .where(supervisor_floor.c.floor_id.in_(ids), Person.active)).all()

    found_learners = {row[1] for row in learner_rows}
    pattern: dict[int, set[str]] = defaultdict(set)
    if found_learners:
        for learner_id, block in db.session.execute(
                select(WorkBlock.learner_id, WorkBlock.block)
                .where(WorkBlock.weekday == day.weekday(), WorkBlock.learner_id.in_(found_learners))):
            pattern[learner_id].add(block)

    person_ids = {row[2] for row in learner_rows} | {row[2] for row in supervisor_rows}
    away: dict[tuple[int, str], AbsenceNote] = {}
    if person_ids:
        absences = db.session.execute(
            select(Absence.id, Absence.person_id, Absence.morning, Absence.afternoon, Absence.reason, Absence.note)
            .where(Absence.person_id.in_(person_ids), Absence.start_date <= day, Absence.end_date >= day,
                   Absence.confirmed)
            .order_by(Absence.id)).all()
        for absence_id, person_id, morning, afternoon, reason, note in absences:
            for block, covered in zip(BLOCKS, (morning, afternoon)):
                if covered:
                    away.setdefault((person_id, block), AbsenceNote(absence_id, reason, note))

    per_floor_learners = defaultdict(list)
    for floor_id, learner_id, person_id, first, last in learner_rows:
        per_floor_learners[floor_id].append((learner_id, person_id, first, last))
    per_floor_supervisors = defaultdict(list)
    for floor_id, supervisor_id, person_id, first, last in supervisor_rows:
        per_floor_supervisors[floor_id].append((supervisor_id, person_id, first, last))

    working_day = day.weekday() in WEEKDAYS
    result = []
    for floor in floors:
        blocks = []
        for block in BLOCKS:
            learners_in, learners_absent = [], []
            for learner_id, person_id, first, last in per_floor_learners[floor.id]:
                if block not in pattern[learner_id]:
                    continue
                note = away.get((person_id, block))
                person = PersonOnDay(person_id, first, last, learner_id=learner_id, absence=note)
                (learners_absent if note else learners_in).append(person)
            supervisors_in, supervisors_absent = [], []
            if working_day:
                for supervisor_id, person_id, first, last in per_floor_supervisors[floor.id]:
                    note = away.get((person_id, block))
                    person = PersonOnDay(person_id, first, last, supervisor_id=supervisor_id, absence=note)
                    (supervisors_absent if note else supervisors_in).append(person)
            blocks.append(BlockAvailability(block, _sorted(learners_in), _sorted(learners_absent),
                                            _sorted(supervisors_in), _sorted(supervisors_absent)))
        not_scheduled = [PersonOnDay(person_id, first, last, learner_id=learner_id)
                         for learner_id, person_id, first, last in per_floor_learners[floor.id]
                         if not pattern[learner_id]]
        result.append(FloorAvailability(floor.id, floor.name, floor.domain, tuple(blocks), _sorted(not_scheduled)))
    return Availability(day=day, floors=tuple(result))
