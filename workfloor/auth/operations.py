"""Checking credentials."""
from sqlalchemy import func, select

from workfloor.extensions import db
from workfloor.models import User, utcnow


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar()
    if user is None or not user.is_active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    return user
