"""Attendance: who is expected on a day, prefilled so only the exceptions need marking, and the save.

Who is expected (`attendance_sheet`, on top of `availability.operations.availability_on`):
- with a published day plan for the day: the learners in its crews, per assignment and block;
  learners whose weekly pattern has them working but who are in no crew follow in a group of their own;
- without one: the learners whose weekly pattern has them working that block, grouped by floor.
Every row starts as "present", except a learner with a registered absence (excused, or unexcused
when the absence's reason is `unexcused`) and a block already registered (its stored status).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from competencies import AttendanceStatus
from workfloor.access import visible_learners
from workfloor.availability.operations import AbsenceNote, availability_on
from workfloor.extensions import db
from workfloor.models import (
    Absence, Assignment, AttendanceEntry, CrewMember, DayPlan, Learner, Person, User, utcnow,
)
from workfloor.vocabulary import AbsenceReason, Block

STATUS_LABELS = {
    AttendanceStatus.PRESENT: _l("Aanwezig"),
    AttendanceStatus.LATE: _l("Te laat"),
    AttendanceStatus.ABSENT_EXCUSED: _l("Wettig afwezig"),
    AttendanceStatus.ABSENT_UNEXCUSED: _l("Onwettig afwezig"),
}
# Short codes for calendars and paper: letters, so the meaning never depends on colour.
STATUS_SHORT = {
    AttendanceStatus.PRESENT: _l("A"),
    AttendanceStatus.LATE: _l("TL"),
    AttendanceStatus.ABSENT_EXCUSED: _l("WA"),
    AttendanceStatus.ABSENT_UNEXCUSED: _l("OA"),
}
BLOCKS = tuple(block.value for block in Block)
NOTE_LENGTH = 200


def status_label(status: str) -> str:
    """The Dutch label of a stored status (the code itself if unknown)."""
    try:
        return str(STATUS_LABELS[AttendanceStatus(status)])
    except ValueError:
        return status


@dataclass
class SheetRow:
    """One learner in one block: what the screen shows first and what is stored already."""

    learner: Learner
    block: str
    absence: AbsenceNote | None = None
    entry: AttendanceEntry | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.learner.id, self.block)

    @property
    def field_name(self) -> str:
        return f"status_{self.learner.id}_{self.block}"

    @property
    def note_name(self) -> str:
        return f"note_{self.learner.id}_{self.block}"

    @property
    def prefill(self) -> str:
        """The stored status, else what a registered absence says, else present."""
        if self.entry is not None:
            return self.entry.status
        return absence_status(self.absence) if self.absence else AttendanceStatus.PRESENT.value


@dataclass
class SheetGroup:
    """A crew on an assignment, learners outside the crews, or a floor, in one block."""

    kind: str  # assignment, unplanned, floor
    title: str = ""
    subtitle: str = ""
    rows: list[SheetRow] = field(default_factory=list)
    own: bool = False  # a crew the user leads that day: listed first and opened

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.title}-{self.subtitle}".replace(" ", "-").lower()


@dataclass
class Sheet:
    """Everyone expected on one day, per block and group."""

    day: date
    from_plan: bool
    blocks: dict[str, list[SheetGroup]]

    @property
    def has_own(self) -> bool:
        """Does the user lead a crew that day? Then only their own crews open; the others stay folded."""
        return any(group.own for groups in self.blocks.values() for group in groups)

    @property
    def rows(self) -> list[SheetRow]:
        return [row for groups in self.blocks.values() for group in groups for row in group.rows]

    def row(self, learner_id: int, block: str) -> SheetRow | None:
        return next((row for row in self.rows if row.key == (learner_id, block)), None)

    @property
    def registered(self) -> bool:
        """Whether this day was saved before (at least one block)."""
        return any(row.entry is not None for row in self.rows)


def absence_status(absence: Absence | AbsenceNote) -> str:
    """How a registered absence shows on the attendance screen."""
    if absence.reason == AbsenceReason.UNEXCUSED:
        return AttendanceStatus.ABSENT_UNEXCUSED.value
    if absence.reason == AbsenceReason.LATE:
        return AttendanceStatus.LATE.value
    return AttendanceStatus.ABSENT_EXCUSED.value


def works_on(learner: Learner, day: date, block: str) -> bool:
    """Whether the learner's contract and weekly pattern have them working this block.

    For learners already loaded (calendars over weeks, demo history); for one day
    from the database, `availability_on` answers the same and adds absences.
    """
    if learner.contract_start > day or (learner.contract_end is not None and learner.contract_end < day):
        return False
    return (day.weekday(), block) in learner.pattern


def sheet_learners(user: User) -> list[Learner]:
    """The active learners whose attendance this user registers (their floors; all for a coordinator)."""
    query = (visible_learners(user).join(Learner.person).where(Person.active)
             .options(selectinload(Learner.work_blocks), selectinload(Learner.floors))
             .order_by(Person.last_name, Person.first_name))
    return list(db.session.execute(query).scalars().unique())


def _entries_on(day: date, learner_ids: Iterable[int]) -> dict[tuple[int, str], AttendanceEntry]:
    entries = db.session.execute(
        select(AttendanceEntry).where(AttendanceEntry.day == day,
                                      AttendanceEntry.learner_id.in_(list(learner_ids)))).scalars()
    return {(entry.learner_id, entry.block): entry for entry in entries}


def published_crews(day: date) -> list[CrewMember] | None:
    """The learners in the crews of the day's published plans (every floor's), or None when none is published."""
    plan_ids = list(db.session.execute(
        select(DayPlan.id).where(DayPlan.day == day, DayPlan.status == "published")).scalars())
    if not plan_ids:
        return None
    return list(db.session.execute(
        select(CrewMember).where(CrewMember.plan_id.in_(plan_ids), CrewMember.role == "learner")
        .options(joinedload(CrewMember.assignment).joinedload(Assignment.site))
    ).scalars())


def _home_floor(learner: Learner, floor_ids: set[int] | None):
    """The floor a learner is listed under: the first of theirs the user works on."""
    for floor in learner.floors:
        if floor_ids is None or floor.id in floor_ids:
            return floor
    return learner.floors[0] if learner.floors else None


def led_assignments(day: date, person_id: int) -> set[int]:
    """The assignments this person leads as supervisor in the day's published plan."""
    return set(db.session.execute(
        select(CrewMember.assignment_id).join(DayPlan, DayPlan.id == CrewMember.plan_id)
        .where(DayPlan.day == day, DayPlan.status == "published", CrewMember.person_id == person_id,
               CrewMember.role == "supervisor")).scalars())


def attendance_sheet(day: date, learners: list[Learner], floor_ids: set[int] | None = None,
                     own_assignments: set[int] = frozenset()) -> Sheet:
    """Who is expected on `day` among `learners`, grouped per block, with prefilled statuses.

    Who works which block, and who registered an absence, comes from `availability_on`
    (weekly pattern, contract, absences), the one place that knows it.

    Args:
        floor_ids: the floors of the user (None: all); a learner is listed under the first of these.
        own_assignments: the crews the user leads; they come first.
    """
    by_person = {learner.person_id: learner for learner in learners}
    by_id = {learner.id: learner for learner in learners}
    scheduled: dict[str, dict[int, tuple[int, str]]] = {block: {} for block in BLOCKS}
    away: dict[tuple[int, str], AbsenceNote] = {}
    for floor in availability_on(day, floor_ids, learner_ids=set(by_id)).floors:
        for block in floor.blocks:
            for person in (*block.learners_in, *block.learners_absent):
                scheduled[block.block].setdefault(person.learner_id, (floor.floor_id, floor.name))
                if person.absence is not None:
                    away[(person.learner_id, block.block)] = person.absence
    entries = _entries_on(day, by_id)
    crews = published_crews(day)

    def make_row(learner: Learner, block: str) -> SheetRow:
        return SheetRow(learner, block, away.get((learner.id, block)), entries.get((learner.id, block)))

    blocks: dict[str, list[SheetGroup]] = {}
    for block in BLOCKS:
        groups: dict[object, SheetGroup] = {}
        placed: set[int] = set()
        if crews is not None:
            members = sorted((m for m in crews if m.person_id in by_person and not m.assignment.cancelled
                              and block in m.assignment.blocks),
                             key=lambda m: (m.assignment.name, m.assignment.id))
            for member in members:
                learner = by_person[member.person_id]
                if learner.id in placed:
                    continue
                group = groups.setdefault(("assignment", member.assignment_id),
                                          SheetGroup("assignment", member.assignment.name,
                                                     member.assignment.site.name,
                                                     own=member.assignment_id in own_assignments))
                group.rows.append(make_row(learner, block))
                placed.add(learner.id)
        for learner in learners:
            if learner.id in placed:
                continue
            if learner.id in scheduled[block]:
                floor_id, floor_name = scheduled[block][learner.id]
            elif (learner.id, block) in entries:  # registered before, e.g. under an older pattern
                floor = _home_floor(learner, floor_ids)
                floor_id, floor_name = (floor.id, floor.name) if floor else (None, "")
            else:
                continue
            if crews is not None:
                group = groups.setdefault("unplanned", SheetGroup("unplanned"))
            else:
                group = groups.setdefault(("floor", floor_id), SheetGroup("floor", floor_name))
            group.rows.append(make_row(learner, block))
            placed.add(learner.id)
        for group in groups.values():
            group.rows.sort(key=lambda row: (row.learner.person.last_name, row.learner.person.first_name))
        blocks[block] = sorted(groups.values(), key=lambda group: not group.own)  # stable: plan order otherwise
    return Sheet(day=day, from_plan=crews is not None, blocks=blocks)


def sheet_version(sheet: Sheet) -> str:
    """A digest of what is stored for the sheet's rows; the form carries it to notice a concurrent save."""
    stored = [(row.learner.id, row.block, row.entry.status, row.entry.note) if row.entry else (row.learner.id, row.block)
              for row in sorted(sheet.rows, key=lambda r: r.key)]
    return hashlib.sha256(repr(stored).encode()).hexdigest()[:16]


def lock_learners(learner_ids: Iterable[int]) -> None:
    """Hold the learners' rows until the commit (SELECT ... FOR UPDATE on PostgreSQL), then forget what
    this session read, so what is read next includes a save that committed while we waited.

    Two saves of the same day's sheet then run one after the other; ids are locked in order
    so that two overlapping sheets cannot deadlock.
    """
    db.session.execute(select(Learner.id).where(Learner.id.in_(sorted(set(learner_ids))))
                       .order_by(Learner.id).with_for_update())
    db.session.expire_all()


def save_attendance(sheet: Sheet, marks: Mapping[tuple[int, str], tuple[str, str]], user: User) -> int:
    """Store the submitted status (and note) of each row; only rows that changed are written.

    Args:
        marks: (learner id, block) -> (status, note); rows not in it are left alone.
    Returns the number of rows created or changed.
    """
    changed = 0
    for row in sheet.rows:
        if row.key not in marks:
            continue
        status, note = marks[row.key]
        status = AttendanceStatus(status).value
        note = (note or "").strip()[:NOTE_LENGTH]
        if row.entry is None:
            row.entry = AttendanceEntry(learner_id=row.learner.id, day=sheet.day, block=row.block,
                                        status=status, note=note, recorded_by_id=user.id)
            db.session.add(row.entry)
            changed += 1
        elif (row.entry.status, row.entry.note) != (status, note):
            row.entry.status, row.entry.note = status, note
            row.entry.recorded_by_id, row.entry.recorded_at = user.id, utcnow()
            changed += 1
    db.session.flush()
    return changed
