"""Checking credentials."""
import secrets
from collections.abc import Callable

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from workfloor.extensions import db
from workfloor.models import User, utcnow

_dummy_hashes: dict[str, str] = {}

# How the login loads the account for a view that reads more right after (endpoint -> loader): one query
# that brings the account and what the view needs, instead of two. A loader gets the account id and the
# session token's digest, and returns the account only while it holds that session (``holds_session``);
# the login still checks that the account is active.
USER_LOADERS: dict[str, Callable[[int, str], User | None]] = {}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _dummy_hash() -> str:
    """A hash of a random password, made the way real ones are (one per hashing method)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _dummy_hashes[method]


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar()
    if user is None:
        # Hash anyway, so an unknown address answers as slowly as a known one: the time a login
        # takes does not tell which addresses have an account.
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    user.last_login_at = utcnow()
    return user
