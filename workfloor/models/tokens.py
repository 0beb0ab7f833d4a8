"""Spent one-time form tokens: a form posted twice stores once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workfloor.models.base import Base, utcnow


class FormToken(Base):
    """A form's one-time token, spent by its first post (see workfloor.edge)."""

    __tablename__ = "form_token"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Where the first post went, so a second post of the same form can follow.
    location: Mapped[str | None] = mapped_column(String(500))
