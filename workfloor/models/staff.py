"""Supervisors (werkvloerbegeleiders) and the floors they lead."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned
from workfloor.models.floors import Floor
from workfloor.models.people import Person

supervisor_floor = Table(
    "supervisor_floor",
    Base.metadata,
    Column("supervisor_id", ForeignKey("supervisor.id", ondelete="CASCADE"), primary_key=True),
    Column("floor_id", ForeignKey("floor.id", ondelete="CASCADE"), primary_key=True),
)


class Supervisor(Versioned, Base):
    """A werkvloerbegeleider: leads crews on their floors and drives the van."""

    __tablename__ = "supervisor"
    __table_args__ = (CheckConstraint("max_learners > 0", name="max_learners_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    max_learners: Mapped[int] = mapped_column(default=6, server_default="6")

    person: Mapped[Person] = relationship(lazy="joined")
    floors: Mapped[list[Floor]] = relationship(secondary=supervisor_floor, order_by=Floor.name)

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def floor_ids(self) -> set[int]:
        return {floor.id for floor in self.floors}

    def __str__(self) -> str:
        return self.person.name
