"""Absences: who is not there, when, and in which category."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned, utcnow
from workfloor.models.people import Person


class Absence(Versioned, Base):
    """A person is away from start to end date, in the morning, afternoon or both."""

    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
        CheckConstraint("morning OR afternoon", name="has_block"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date, index=True)
    morning: Mapped[bool] = mapped_column(default=True, server_default="1")
    afternoon: Mapped[bool] = mapped_column(default=True, server_default="1")
    reason: Mapped[str] = mapped_column(String(30))
    # A practical note ("brengt attest binnen"); the form warns not to write a diagnosis.
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A learner's own sick report waits for the supervisor's OK; until then nothing is replanned.
    confirmed: Mapped[bool] = mapped_column(default=True, server_default="1")

    person: Mapped[Person] = relationship(lazy="joined")

    @property
    def blocks(self) -> list[str]:
        return [b for b, on in (("am", self.morning), ("pm", self.afternoon)) if on]

    def covers(self, day: date, block: str) -> bool:
        return self.start_date <= day <= self.end_date and block in self.blocks
