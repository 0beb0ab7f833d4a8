"""Creating and changing supervisors: person, floors, driving licences, capacity."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from workfloor.extensions import db
from workfloor.models import DrivingLicence, Floor, Person, Supervisor
from workfloor.users.operations import UserError, _, check_new_password, create_user, email_taken
from workfloor.vocabulary import Role


def floor_choices(current: list[Floor] | None = None) -> list[tuple[str, str]]:
    """The floors a supervisor can lead: the active ones, and the ones they lead now."""
    floors = db.session.execute(select(Floor).where(Floor.active).order_by(Floor.name)).scalars().all()
    floors += [floor for floor in current or [] if floor not in floors]
    return [(str(floor.id), floor.name) for floor in floors]


def set_licences(person: Person, codes: list[str]) -> None:
    """Make the person's driving licences exactly `codes`, keeping the rows that stay."""
    wanted = set(codes)
    kept = [licence for licence in person.licences if licence.category in wanted]
    have = {licence.category for licence in kept}
    person.licences = kept + [DrivingLicence(category=code) for code in sorted(wanted - have)]


def save_supervisor(supervisor: Supervisor, *, first_name: str, last_name: str, phone: str, floor_ids: list[int],
                    licences: list[str], max_learners: int) -> Supervisor:
    """Store a supervisor (new or existing) with their person, floors and licences, and flush."""
    person = supervisor.person
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    person.phone = (phone or "").strip()
    set_licences(person, licences)
    supervisor.floors = list(db.session.execute(
        select(Floor).where(Floor.id.in_(floor_ids or []))).scalars()) if floor_ids else []
    supervisor.max_learners = max_learners
    # Floors and licences live in other tables: bump the version so a parallel edit of them is noticed.
    flag_modified(supervisor, "max_learners")
    db.session.add(supervisor)
    db.session.flush()
    return supervisor


def create_supervisor(*, email: str | None = None, password: str | None = None, **fields) -> Supervisor:
    """A new supervisor (a new person), with a login account when an e-mail address is given."""
    if email and email_taken(email):  # checked first, so a refusal leaves nothing behind
        raise UserError(_("Dit e-mailadres is al in gebruik."), "email")
    if email:
        check_new_password(password or "", email=email,
                           names=(fields.get("first_name", ""), fields.get("last_name", "")))
    supervisor = Supervisor(person=Person(first_name="", last_name=""))
    save_supervisor(supervisor, **fields)
    if email:
        create_user(supervisor.person, email=email, role=Role.SUPERVISOR, password=password or "")
    return supervisor


def set_supervisor_active(supervisor: Supervisor, active: bool) -> None:
    """Deactivate or reactivate the person: they are no longer planned and cannot log in."""
    supervisor.person.active = active
    db.session.flush()
