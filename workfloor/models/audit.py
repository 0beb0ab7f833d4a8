"""The audit log: who changed or read which learner's file, when, and what."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, utcnow
from workfloor.models.people import User


class AuditEntry(Base):
    """One change (or read) of something in a learner's file."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learner.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete, view
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    # {field: [old, new]}; values are rendered as strings so any type can be logged.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()
