"""Absences: registering who is away, when and in which category."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from workfloor.extensions import db
from workfloor.models import Absence, Floor, Learner, Person, Supervisor

# The block choice on the form, as (morning, afternoon).
BLOCKS = {"day": (True, True), "am": (True, False), "pm": (False, True)}
FIELDS = ("person_id", "start_date", "end_date", "morning", "afternoon", "reason", "note")


def blocks_code(absence: Absence) -> str:
    """The form's block choice for an absence: day, am or pm."""
    return {value: code for code, value in BLOCKS.items()}[(absence.morning, absence.afternoon)]


def list_absences(persons: Select, start: date, end: date, *, floor_id: int | None = None,
                  reason: str | None = None, q: str = "") -> list[Absence]:
    """The absences of `persons` (a select of Person) that overlap start..end, filtered."""
    reach = persons.with_only_columns(Person.id)
    query = (select(Absence).join(Absence.person).options(contains_eager(Absence.person))
             .where(Absence.person_id.in_(reach), Absence.start_date <= end, Absence.end_date >= start)
             .order_by(Absence.start_date, Person.last_name, Person.first_name, Absence.id))
    if floor_id is not None:
        query = query.where(or_(
            Absence.person_id.in_(select(Learner.person_id).where(Learner.floors.any(Floor.id == floor_id))),
            Absence.person_id.in_(select(Supervisor.person_id).where(Supervisor.floors.any(Floor.id == floor_id))),
        ))
    if reason:
        query = query.where(Absence.reason == reason)
    if q.strip():
        pattern = f"%{q.strip().lower()}%"
        full_name = func.lower(Person.first_name + " " + Person.last_name)
        query = query.where(or_(full_name.like(pattern), func.lower(Person.last_name).like(pattern)))
    return list(db.session.execute(query).scalars())


def person_kinds(person_ids: set[int]) -> dict[int, str]:
    """For each person: 'learner' or 'supervisor' (two queries, whatever the number of persons)."""
    kinds = {pid: "learner" for pid in db.session.execute(
        select(Learner.person_id).where(Learner.person_id.in_(person_ids))).scalars()}
    kinds |= {pid: "supervisor" for pid in db.session.execute(
        select(Supervisor.person_id).where(Supervisor.person_id.in_(person_ids))).scalars()}
    return kinds


def registrable_persons(persons: Select, *, include_id: int | None = None) -> list[Person]:
    """The active persons of `persons`, sorted by name (plus `include_id`, e.g. the person already chosen)."""
    query = persons.where(or_(Person.active, Person.id == include_id) if include_id else Person.active)
    return list(db.session.execute(query.order_by(Person.last_name, Person.first_name)).scalars())


def lock_absences_of(person_id: int) -> None:
    """Hold the person's row until the commit (SELECT ... FOR UPDATE on PostgreSQL).

    An absence is a period, so no unique key can say "one absence per person and block";
    instead, whoever registers or moves an absence of this person takes this lock before
    `overlapping_absence` looks, and a second registration at the same moment waits and
    then sees the first.
    """
    db.session.execute(select(Person.id).where(Person.id == person_id).with_for_update())


def overlapping_absence(person_id: int, start: date, end: date, morning: bool, afternoon: bool, *,
                        except_id: int | None = None) -> Absence | None:
    """An absence of this person that already covers one of these days and blocks."""
    conditions = []
    if morning:
        conditions.append(Absence.morning)
    if afternoon:
        conditions.append(Absence.afternoon)
    block = or_(*conditions)
    query = select(Absence).where(Absence.person_id == person_id, Absence.start_date <= end,
                                  Absence.end_date >= start, block)
    if except_id is not None:
        query = query.where(Absence.id != except_id)
    return db.session.execute(query.order_by(Absence.start_date).limit(1)).scalar()


def _only(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"not an absence field: {sorted(unknown)}")
    return data


def create_absence(data: dict[str, Any], *, created_by_id: int | None) -> Absence:
    """Register an absence."""
    absence = Absence(**_only(data), created_by_id=created_by_id)
    db.session.add(absence)
    db.session.flush()
    return absence


def update_absence(absence: Absence, data: dict[str, Any]) -> None:
    """Change a registered absence."""
    for field, value in _only(data).items():
        if getattr(absence, field) != value:
            setattr(absence, field, value)
    db.session.flush()


# A learner's own report ("Ik ben ziek / ik kom later") ---------------------------------------------

REPORT_KINDS = {"sick": ("sick", True, True), "late": ("late", True, False)}  # reason, morning, afternoon


def report_own_absence(person_id: int, days: list[date], kind: str, note: str, *,
                       created_by_id: int) -> tuple[list[Absence], list[date]]:
    """The learner reports sick or late on these days: one absence per day, waiting for the supervisor's OK.

    Days already covered by an absence are skipped and returned as the second value.
    Nothing is replanned here: the planner counts only confirmed absences.
    """
    reason, morning, afternoon = REPORT_KINDS[kind]
    made, skipped = [], []
    for day in sorted(set(days)):
        if overlapping_absence(person_id, day, day, morning, afternoon) is not None:
            skipped.append(day)
            continue
        absence = Absence(person_id=person_id, start_date=day, end_date=day, morning=morning, afternoon=afternoon,
                          reason=reason, note=note.strip(), created_by_id=created_by_id, confirmed=False)
        db.session.add(absence)
        made.append(absence)
    db.session.flush()
    return made, skipped


def reports_waiting(day: date, floor_ids: set[int] | None) -> list[Absence]:
    """Learners' own reports touching this day that wait for an OK, for learners of these floors (None: all)."""
    query = (select(Absence).join(Absence.person).options(contains_eager(Absence.person))
             .where(Absence.confirmed.is_(False), Absence.start_date <= day, Absence.end_date >= day)
             .order_by(Absence.created_at, Absence.id))
    if floor_ids is not None:
        query = query.where(Absence.person_id.in_(
            select(Learner.person_id).where(Learner.floors.any(Floor.id.in_(floor_ids)))))
    return list(db.session.execute(query).scalars())


def confirm_report(absence: Absence) -> None:
    """The supervisor's OK: from now on the absence counts for planning and attendance."""
    absence.confirmed = True
    db.session.flush()


def delete_absence(absence: Absence) -> None:
    """Remove a wrongly registered absence (for learners the audit log keeps what it was)."""
    db.session.delete(absence)
    db.session.flush()
