"""Creating and changing user accounts."""
from __future__ import annotations

from sqlalchemy import func, select

from workfloor.auth.operations import normalise_email
from workfloor.extensions import db
from workfloor.models import Person, User


class UserError(ValueError):
    """A user account cannot be saved as asked."""


MIN_PASSWORD_LENGTH = 10


def email_taken(email: str, *, except_user_id: int | None = None) -> bool:
    """Is this address already used by another account?"""
    query = select(User.id).where(func.lower(User.email) == normalise_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.execute(query).first() is not None


def create_user(person: Person, *, email: str, role: str, password: str) -> User:
    """Give a person a login account with this role."""
    if email_taken(email):
        raise UserError(f"The e-mail address {email} is already in use.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    user = User(person=person, email=normalise_email(email), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def create_staff_user(*, email: str, first_name: str, last_name: str, role: str, password: str) -> User:
    """A new person with an account: coordinator, supervisor or counsellor."""
    from workfloor.models import Supervisor

    person = Person(first_name=first_name.strip(), last_name=last_name.strip())
    db.session.add(person)
    user = create_user(person, email=email, role=role, password=password)
    if role == "supervisor":
        db.session.add(Supervisor(person=person))
    db.session.flush()
    return user
