"""People and their login accounts."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ColumnElement, ForeignKey, String, UniqueConstraint, exists
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from workfloor.models.base import Base, Versioned, utcnow
from workfloor.vocabulary import Role


class Person(Versioned, Base):
    """Anyone the floor deals with: learner, supervisor, counsellor or coordinator."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    # Set when the person was erased or pseudonymised (GDPR art. 17): the name is then a pseudonym, and
    # since every history renders names from this row at read time, the real name is gone everywhere.
    erased_at: Mapped[datetime | None]

    licences: Mapped[list[DrivingLicence]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="DrivingLicence.category"
    )
    user: Mapped[User | None] = relationship(back_populates="person")

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def licence_codes(self) -> list[str]:
        return [licence.category for licence in self.licences]

    def __str__(self) -> str:
        return self.name


class DrivingLicence(Base):
    """A driving licence category a person holds (B, BE)."""

    __tablename__ = "driving_licence"
    __table_args__ = (UniqueConstraint("person_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(4))

    person: Mapped[Person] = relationship(back_populates="licences")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def session_digest(token: str) -> str:
    """What the database keeps of a login session's token: the table alone opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, Versioned, Base):
    """A login account; it belongs to one person and has one role."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    locale: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    mail_notices: Mapped[bool] = mapped_column(default=True, server_default="1")  # e-mail when my day changes
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(back_populates="user", lazy="joined")

    # This request's login session token (see workfloor.auth.sessions); not stored: the database keeps
    # its digest in ``login_session``.
    session_token = ""

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and this device's session token."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active and self.person.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def name(self) -> str:
        return self.person.name


class LoginSession(Base):
    """One logged-in browser or phone. Logging out ends it alone; a new password ends all of the account's.

    The session cookie lives in the browser, so a copy of it (another tab, or a stolen one) works as long
    as this row does: ending a session means deleting its row.
    """

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)


def holds_session(digest) -> ColumnElement[bool]:
    """In a query of ``User``: the account has a live login session with this token digest."""
    return exists().where(LoginSession.user_id == User.id, LoginSession.token_digest == digest)
