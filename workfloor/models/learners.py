"""Learners (leerwerknemers) and their file: pattern, certificates, restrictions."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, UniqueConstraint
from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned
from workfloor.models.floors import Floor
from workfloor.models.people import Person

if TYPE_CHECKING:
    from workfloor.models.competency import JobTarget

learner_floor = Table(
    "learner_floor",
    Base.metadata,
    Column("learner_id", ForeignKey("learner.id", ondelete="CASCADE"), primary_key=True),
    Column("floor_id", ForeignKey("floor.id", ondelete="CASCADE"), primary_key=True),
)


class Learner(Versioned, Base):
    """A leerwerknemer on an activation trajectory."""

    __tablename__ = "learner"
    __table_args__ = (
        CheckConstraint("contract_end IS NULL OR contract_end >= contract_start", name="contract_ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    contract_start: Mapped[date] = mapped_column(Date)
    contract_end: Mapped[date | None] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(30), default="work_activation", server_default="work_activation")
    # Holding a licence is not enough: the city must allow the learner to drive its vehicles.
    may_drive: Mapped[bool] = mapped_column(default=False, server_default="0")
    job_target_id: Mapped[int | None] = mapped_column(ForeignKey("job_target.id"))
    # Secret for the personal calendar feed; None means no feed (revoked or never made).
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # When the learner last opened "Mijn planning", to show what changed since.
    schedule_seen_at: Mapped[datetime | None]
    # When the file's content was erased (GDPR art. 17, after the retention period); the person is then
    # pseudonymised too (Person.erased_at), and only ids remain in plans and the audit log.
    erased_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    counsellor: Mapped[Person | None] = relationship(foreign_keys=[counsellor_id])
    floors: Mapped[list[Floor]] = relationship(secondary=learner_floor, order_by=Floor.name)
    work_blocks: Mapped[list[WorkBlock]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", order_by="(WorkBlock.weekday, WorkBlock.block)"
    )
    certificates: Mapped[list[LearnerCertificate]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", order_by="LearnerCertificate.kind"
    )
    restrictions: Mapped[list[LearnerRestriction]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", order_by="LearnerRestriction.code"
    )
    job_target: Mapped[JobTarget | None] = relationship("JobTarget")
    avoidances: Mapped[list[Avoidance]] = relationship(
        back_populates="learner", cascade="all, delete-orphan", foreign_keys="Avoidance.learner_id"
    )

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def floor_ids(self) -> set[int]:
        return {floor.id for floor in self.floors}

    @property
    def domains(self) -> set[str]:
        return {floor.domain for floor in self.floors}

    @property
    def pattern(self) -> set[tuple[int, str]]:
        """The weekly working pattern as (weekday, block) pairs."""
        return {(wb.weekday, wb.block) for wb in self.work_blocks}

    def valid_certificates(self, on: date) -> list[str]:
        return [c.kind for c in self.certificates if c.valid_until is None or c.valid_until >= on]

    @property
    def restriction_codes(self) -> list[str]:
        return [r.code for r in self.restrictions]

    @property
    def avoided_ids(self) -> list[int]:
        return [a.avoided_id for a in self.avoidances]

    def __str__(self) -> str:
        return self.person.name


class WorkBlock(Base):
    """One block of the weekly working pattern: this learner works e.g. Tuesday morning."""

    __tablename__ = "work_block"
    __table_args__ = (
        UniqueConstraint("learner_id", "weekday", "block"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int]
    block: Mapped[str] = mapped_column(String(2))

    learner: Mapped[Learner] = relationship(back_populates="work_blocks")


class LearnerCertificate(Base):
    """A machine certificate a learner holds, possibly until an expiry date."""

    __tablename__ = "learner_certificate"
    __table_args__ = (UniqueConstraint("learner_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    valid_until: Mapped[date | None] = mapped_column(Date)

    learner: Mapped[Learner] = relationship(back_populates="certificates")


class LearnerRestriction(Base):
    """A functional restriction (what, never why: no diagnosis is stored)."""

    __tablename__ = "learner_restriction"
    __table_args__ = (UniqueConstraint("learner_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))

    learner: Mapped[Learner] = relationship(back_populates="restrictions")


class Avoidance(Base):
    """Two learners who must not be crewed together."""

    __tablename__ = "avoidance"
    __table_args__ = (
        UniqueConstraint("learner_id", "avoided_id"),
        CheckConstraint("learner_id <> avoided_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)
    avoided_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), index=True)

    learner: Mapped[Learner] = relationship(back_populates="avoidances", foreign_keys=[learner_id])
    avoided: Mapped[Learner] = relationship(foreign_keys=[avoided_id])
