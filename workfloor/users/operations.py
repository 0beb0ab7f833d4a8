"""Creating and changing user accounts."""
from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from workfloor.auth import sessions
from workfloor.auth.operations import normalise_email
from workfloor.auth.passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH, password_problem
from workfloor.edge import has_control_characters
from workfloor.extensions import db
from workfloor.models import Learner, Person, Supervisor, User
from workfloor.vocabulary import Role

STAFF_ROLES = (Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR)


def _(message: str, **variables) -> str:
    """Translate in a request; the CLI (create-user) has no reader's language, so Dutch as written."""
    return gettext(message, **variables) if has_request_context() else message % variables


NAME_MAX = 80  # the person table's name columns
EMAIL_MAX = 254
PASSWORD_MAX = 200


class UserError(ValueError):
    """A user account cannot be saved as asked; `field` names the form field the message belongs to.

    Operations raise it before they change anything, so the caller need not roll back.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def email_taken(email: str, *, except_user_id: int | None = None) -> bool:
    """Is this address already used by another account?"""
    query = select(User.id).where(func.lower(User.email) == normalise_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.execute(query).first() is not None


def check_new_password(password: str, *, email: str = "", names: tuple[str, ...] = ()) -> None:
    """Refuse a password that is too short or easy to guess, also from the person's e-mail and names."""
    problem = password_problem(password, email=email, names=names)
    if problem:
        raise UserError(problem, "password")


def create_user(person: Person, *, email: str, role: str, password: str) -> User:
    """Give a person a login account with this role."""
    if email_taken(email):
        raise UserError(_("Dit e-mailadres is al in gebruik."), "email")
    check_new_password(password, email=email, names=(person.first_name, person.last_name))
    user = User(person=person, email=normalise_email(email), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def check_name(value: str, field: str) -> None:
    """A first or last name: something, at most NAME_MAX characters, no control characters."""
    text = (value or "").strip()
    if not text:
        raise UserError(_("Vul de voornaam in.") if field == "first_name" else _("Vul de achternaam in."), field)
    if len(text) > NAME_MAX:
        raise UserError(_("Hoogstens 80 tekens."), field)
    if has_control_characters(text):
        raise UserError(_("Je invoer bevat onzichtbare stuurtekens (zoals een NUL-teken). "
                          "Verwijder ze en probeer opnieuw."), field)


def check_email(email: str) -> None:
    """An address mail can be sent to (the forms check the same with WTForms' Email validator)."""
    from email_validator import EmailNotValidError, validate_email

    text = (email or "").strip()
    if len(text) > EMAIL_MAX or has_control_characters(text):
        raise UserError(_("Dit is geen geldig e-mailadres."), "email")
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise UserError(_("Dit is geen geldig e-mailadres."), "email") from error


def create_staff_user(*, email: str, first_name: str, last_name: str, role: str, password: str) -> User:
    """A new person with an account: coordinator, supervisor or counsellor."""
    if role not in STAFF_ROLES:
        raise UserError(_("Kies een rol voor een personeelslid."), "role")
    check_email(email)
    check_name(first_name, "first_name")
    check_name(last_name, "last_name")
    if len(password) > PASSWORD_MAX or has_control_characters(password):
        raise UserError(_("Kies een wachtwoord van hoogstens %(count)d tekens, zonder stuurtekens.",
                          count=PASSWORD_MAX), "password")
    if email_taken(email):  # checked before the person is added, so a refusal leaves nothing behind
        raise UserError(_("Dit e-mailadres is al in gebruik."), "email")
    check_new_password(password, email=email, names=(first_name, last_name))
    person = Person(first_name=first_name.strip(), last_name=last_name.strip())
    db.session.add(person)
    user = create_user(person, email=email, role=role, password=password)
    if role == Role.SUPERVISOR:
        db.session.add(Supervisor(person=person))
    db.session.flush()
    return user


def learners_without_account() -> list[Learner]:
    """Active learners who cannot log in yet: the people a learner account can be made for."""
    return list(db.session.execute(
        select(Learner).join(Learner.person)
        .where(Person.active, ~select(User.id).where(User.person_id == Person.id).exists())
        .order_by(Person.last_name, Person.first_name)
    ).scalars())


def create_learner_user(learner: Learner, *, email: str, password: str) -> User:
    """An account for an existing learner, who then sees their own planning and progress."""
    if learner.person.user is not None:
        raise UserError(_("Deze leerwerknemer heeft al een account."), "learner_id")
    return create_user(learner.person, email=email, role=Role.LEARNER, password=password)


def check_role_change(user: User, new_role: str, *, acting_user: User) -> None:
    """Refuse role changes that would break the link between account and person record.

    A learner's account stays a learner's (it belongs to a learner file) and a staff
    member cannot become a learner; nobody changes their own role; a supervisor who
    still leads floors keeps the role until the floors are handed over.
    """
    if new_role == user.role:
        return
    if user.id == acting_user.id:
        raise UserError(_("Je kunt je eigen rol niet wijzigen."), "role")
    if Role.LEARNER in (user.role, new_role):
        raise UserError(_("De rol leerwerknemer hoort bij een leerwerknemersdossier en kan niet "
                          "gewijzigd worden."), "role")
    if user.role == Role.SUPERVISOR:
        supervisor = db.session.execute(select(Supervisor).where(Supervisor.person_id == user.person_id)).scalar()
        if supervisor is not None and supervisor.floors:
            raise UserError(_("Deze begeleider leidt nog werkvloeren. Haal die eerst weg bij Begeleiders."),
                            "role")


def update_user(user: User, *, acting_user: User, first_name: str, last_name: str, email: str, role: str,
                active: bool) -> User:
    """Change an account and the name of its person; see check_role_change for what may change."""
    if email_taken(email, except_user_id=user.id):
        raise UserError(_("Dit e-mailadres is al in gebruik."), "email")
    check_role_change(user, role, acting_user=acting_user)
    if not active and user.id == acting_user.id:
        raise UserError(_("Je kunt je eigen account niet deactiveren."), "active")
    user.person.first_name = first_name.strip()
    user.person.last_name = last_name.strip()
    user.email = normalise_email(email)
    if role != user.role and role == Role.SUPERVISOR:
        _ensure_supervisor(user.person)
    user.role = role
    user.active = active
    # Person and account are edited as one record: bump the account's version even when only the name changed.
    flag_modified(user, "active")
    db.session.flush()
    return user


def _ensure_supervisor(person: Person) -> None:
    exists = db.session.execute(select(Supervisor.id).where(Supervisor.person_id == person.id)).first()
    if not exists:
        db.session.add(Supervisor(person=person))


def set_user_active(user: User, active: bool, *, acting_user: User) -> None:
    """Deactivate or reactivate an account; nobody locks themselves out."""
    if not active and user.id == acting_user.id:
        raise UserError(_("Je kunt je eigen account niet deactiveren."), "active")
    user.active = active
    db.session.flush()


def reset_password(user: User, password: str) -> None:
    """The coordinator sets a new password and passes it on; the account's sessions end."""
    check_new_password(password, email=user.email, names=(user.person.first_name, user.person.last_name))
    user.set_password(password)
    sessions.end_all(user)
    db.session.flush()
