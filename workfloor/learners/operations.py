"""Creating and changing a learner's file. These functions flush, never commit.

Every change to the file also bumps the learner's version (`touch`), also when
only a child row (a work block, a certificate) changes: two people editing the
same file then conflict instead of silently overwriting each other. The audit
log picks up every change by itself (see `workfloor.audit`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import selectinload

from workfloor.access import visible_learners
from workfloor.extensions import db
from workfloor.models import (
    Absence, Avoidance, DrivingLicence, Floor, Learner, LearnerCertificate, LearnerRestriction, Person, Supervisor, User,
    WorkBlock,
)
from workfloor.users.operations import UserError, _, check_new_password, create_user, email_taken
from workfloor.vocabulary import Role

SOON = timedelta(days=30)  # contracts and certificates ending within this window are highlighted


def touch(learner: Learner) -> None:
    """Bump the learner's version, so a concurrent edit of any part of the file conflicts.

    Setting the version column by hand makes SQLAlchemy use it instead of its own
    counter, still guarded by `WHERE version = <old>`.
    """
    learner.version = learner.version + 1


def _drop(collection: list, child: object) -> None:
    """Take a child row out of the file.

    The explicit delete matters: a row that only falls out of its collection is
    removed by the delete-orphan cascade inside the flush, where the audit log
    does not see it.
    """
    collection.remove(child)
    db.session.delete(child)


@dataclass(frozen=True)
class Basics:
    """The basic data of a learner's file, as a form delivers it."""

    first_name: str
    last_name: str
    phone: str
    floor_ids: list[int]
    counsellor_id: int | None
    contract_start: date
    contract_end: date | None
    phase: str
    mentor_id: int | None = None  # the vaste begeleider: a supervisor of one of the learner's floors


def _floors(ids: Iterable[int]) -> list[Floor]:
    ids = list(ids)
    if not ids:
        return []
    return list(db.session.execute(select(Floor).where(Floor.id.in_(ids)).order_by(Floor.name)).scalars())


def create_learner(basics: Basics, *, email: str | None = None, password: str | None = None) -> Learner:
    """A new person with a learner's file, and a login account if an e-mail is given.

    Raises:
        UserError: the e-mail is taken or the password too weak; raised before anything is added.
    """
    if email:
        if email_taken(email):
            raise UserError(_("Dit e-mailadres is al in gebruik."), "email")
        check_new_password(password or "", email=email, names=(basics.first_name, basics.last_name))
    person = Person(first_name=basics.first_name.strip(), last_name=basics.last_name.strip(),
                    phone=(basics.phone or "").strip())
    db.session.add(person)
    learner = Learner(person=person, counsellor_id=basics.counsellor_id, contract_start=basics.contract_start,
                      contract_end=basics.contract_end, phase=basics.phase, floors=_floors(basics.floor_ids))
    db.session.add(learner)
    if email:
        create_user(person, email=email, role=Role.LEARNER, password=password or "")
    db.session.flush()
    return learner


def update_basics(learner: Learner, basics: Basics) -> None:
    """Change name, phone, floors, counsellor, contract dates and phase."""
    person = learner.person
    person.first_name = basics.first_name.strip()
    person.last_name = basics.last_name.strip()
    person.phone = (basics.phone or "").strip()
    learner.counsellor_id = basics.counsellor_id
    learner.mentor_id = basics.mentor_id
    learner.contract_start = basics.contract_start
    learner.contract_end = basics.contract_end
    learner.phase = basics.phase
    if set(basics.floor_ids) != learner.floor_ids:
        learner.floors = _floors(basics.floor_ids)
    touch(learner)
    db.session.flush()


def set_pattern(learner: Learner, blocks: Iterable[tuple[int, str]]) -> None:
    """Make the weekly working pattern exactly these (weekday, block) pairs."""
    wanted = set(blocks)
    for work_block in list(learner.work_blocks):
        if (work_block.weekday, work_block.block) not in wanted:
            _drop(learner.work_blocks, work_block)
    for weekday, block in sorted(wanted - learner.pattern):
        learner.work_blocks.append(WorkBlock(weekday=weekday, block=block))
    touch(learner)
    db.session.flush()


def set_driving(learner: Learner, licences: Iterable[str], may_drive: bool) -> None:
    """Record the learner's driving licences and whether the city lets them drive its vehicles."""
    wanted = set(licences)
    person = learner.person
    for licence in list(person.licences):
        if licence.category not in wanted:
            _drop(person.licences, licence)
    for category in sorted(wanted - set(person.licence_codes)):
        person.licences.append(DrivingLicence(category=category))
    learner.may_drive = may_drive
    touch(learner)
    db.session.flush()


def add_certificate(learner: Learner, kind: str, valid_until: date | None) -> LearnerCertificate:
    """Add a certificate; a certificate of a kind the learner already holds gets the new expiry date."""
    for certificate in learner.certificates:
        if certificate.kind == kind:
            certificate.valid_until = valid_until
            break
    else:
        certificate = LearnerCertificate(kind=kind, valid_until=valid_until)
        learner.certificates.append(certificate)
    touch(learner)
    db.session.flush()
    return certificate


def remove_certificate(learner: Learner, certificate: LearnerCertificate) -> None:
    """Take a certificate off the file."""
    _drop(learner.certificates, certificate)
    touch(learner)
    db.session.flush()


def set_restrictions(learner: Learner, codes: Iterable[str]) -> None:
    """Make the functional restrictions exactly these codes."""
    wanted = set(codes)
    for restriction in list(learner.restrictions):
        if restriction.code not in wanted:
            _drop(learner.restrictions, restriction)
    for code in sorted(wanted - set(learner.restriction_codes)):
        learner.restrictions.append(LearnerRestriction(code=code))
    touch(learner)
    db.session.flush()


def set_avoidances(learner: Learner, chosen: Iterable[int], editable: Iterable[int]) -> None:
    """Set whom this learner must not be crewed with, among `editable`.

    Avoidances of learners outside `editable` (the ones this user cannot see) stay as they are.
    """
    chosen, editable = set(chosen), set(editable)
    for avoidance in list(learner.avoidances):
        if avoidance.avoided_id in editable and avoidance.avoided_id not in chosen:
            _drop(learner.avoidances, avoidance)
    for avoided_id in sorted(chosen - set(learner.avoided_ids)):
        learner.avoidances.append(Avoidance(avoided_id=avoided_id))
    touch(learner)
    db.session.flush()


def set_active(learner: Learner, active: bool) -> None:
    """Deactivate (or reactivate) a learner; an inactive person's account cannot log in."""
    learner.person.active = active
    touch(learner)
    db.session.flush()


# Reading -------------------------------------------------------------------------------------------

def filtered_learners(user: User, *, q: str = "", floor_id: int | None = None, phase: str = "",
                      counsellor_id: int | None = None, status: str = "active") -> Select:
    """The learners this user may see, filtered as the list page asks, with their relations loaded."""
    query = (visible_learners(user).join(Learner.person)
             .options(selectinload(Learner.floors), selectinload(Learner.work_blocks),
                      selectinload(Learner.counsellor))
             .order_by(Person.last_name, Person.first_name))
    if q.strip():
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Person.first_name.ilike(pattern), Person.last_name.ilike(pattern),
                                (Person.first_name + " " + Person.last_name).ilike(pattern)))
    if floor_id:
        query = query.where(Learner.floors.any(Floor.id == floor_id))
    if phase:
        query = query.where(Learner.phase == phase)
    if counsellor_id:
        query = query.where(Learner.counsellor_id == counsellor_id)
    if status == "active":
        query = query.where(Person.active)
    elif status == "inactive":
        query = query.where(~Person.active)
    return query


def counsellors(also: int | None = None) -> list[Person]:
    """The people with an active counsellor account (plus `also`, the current one, even if inactive)."""
    condition = (User.role == Role.COUNSELLOR) & User.active & Person.active
    if also is not None:
        condition = condition | (Person.id == also)
    return list(db.session.execute(
        select(Person).outerjoin(Person.user).where(condition).order_by(Person.last_name, Person.first_name)
    ).scalars().unique())


def floors_to_choose(current: Iterable[Floor] = ()) -> list[Floor]:
    """The active floors, plus the ones a learner is on now even if they were deactivated."""
    current_ids = [floor.id for floor in current]
    condition = Floor.active | (Floor.id.in_(current_ids) if current_ids else false())
    return list(db.session.execute(select(Floor).where(condition).order_by(Floor.name)).scalars())


def mentor_candidates(also: int | None = None) -> list[Supervisor]:
    """Active supervisors who can be a learner's vaste begeleider (plus the current one), by name."""
    condition = Person.active | (Supervisor.id == also if also else false())
    return list(db.session.execute(
        select(Supervisor).join(Supervisor.person).where(condition)
        .options(selectinload(Supervisor.floors)).order_by(Person.first_name, Person.last_name)).unique().scalars())


def avoidance_candidates(user: User, learner: Learner) -> list[Learner]:
    """Learners sharing a floor with this learner that the user may see: the avoid list's choices."""
    if not learner.floor_ids:
        return []
    return list(db.session.execute(
        visible_learners(user).join(Learner.person)
        .where(Learner.floors.any(Floor.id.in_(learner.floor_ids)), Learner.id != learner.id,
               Person.active | Learner.id.in_(learner.avoided_ids or [-1]))
        .order_by(Person.last_name, Person.first_name)
    ).scalars())


def visible_ids(user: User, ids: Iterable[int]) -> set[int]:
    """Which of these learner ids this user may see."""
    ids = set(ids)
    if not ids:
        return set()
    return set(db.session.execute(
        visible_learners(user).with_only_columns(Learner.id).where(Learner.id.in_(ids))).scalars())


def upcoming_absences(learner: Learner, today: date) -> list[Absence]:
    """The learner's absences that have not ended yet, soonest first."""
    return list(db.session.execute(
        select(Absence).where(Absence.person_id == learner.person_id, Absence.end_date >= today)
        .order_by(Absence.start_date)).scalars())


def avoided_by(learner: Learner) -> list[Learner]:
    """The learners who have this learner on their avoid list."""
    return list(db.session.execute(
        select(Learner).join(Avoidance, Avoidance.learner_id == Learner.id)
        .where(Avoidance.avoided_id == learner.id)).scalars())
