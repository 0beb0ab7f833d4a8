"""Assignments (opdrachten) and the weekly templates that generate them."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from workfloor.models.base import Base, Versioned
from workfloor.models.floors import Floor, Site

# The fields a template hands down to each dated assignment it generates.
WORK_FIELDS = (
    "name", "floor_id", "site_id", "morning", "afternoon", "min_learners", "max_learners",
    "min_supervisors", "mandatory", "priority", "certificates", "min_levels",
    "excluded_restrictions", "vehicle_features", "trains", "notes",
)


class WorkDescription(Versioned):
    """What a job needs, shared by the template and the dated assignment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    morning: Mapped[bool] = mapped_column(default=True, server_default="1")
    afternoon: Mapped[bool] = mapped_column(default=True, server_default="1")
    min_learners: Mapped[int] = mapped_column(default=0, server_default="0")
    max_learners: Mapped[int]
    min_supervisors: Mapped[int] = mapped_column(default=1, server_default="1")
    mandatory: Mapped[bool] = mapped_column(default=False, server_default="0")
    priority: Mapped[int] = mapped_column(default=1, server_default="1")
    certificates: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # certificate -> how many
    min_levels: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # competency id -> level
    excluded_restrictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    vehicle_features: Mapped[list[str]] = mapped_column(JSON, default=list)
    trains: Mapped[list[str]] = mapped_column(JSON, default=list)  # competency ids the work practises
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (
            CheckConstraint("morning OR afternoon", name="has_block"),
            CheckConstraint("min_learners >= 0 AND min_learners <= max_learners", name="learner_range"),
            CheckConstraint("min_supervisors >= 0", name="supervisors_not_negative"),
            CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        )

    @declared_attr
    def floor(cls) -> Mapped[Floor]:
        return relationship(Floor)

    @declared_attr
    def site(cls) -> Mapped[Site]:
        return relationship(Site)

    @property
    def blocks(self) -> list[str]:
        return [b for b, on in (("am", self.morning), ("pm", self.afternoon)) if on]

    @property
    def domain(self) -> str:
        return self.floor.domain

    def __str__(self) -> str:
        return f"{self.name} ({self.site.name})"


class AssignmentTemplate(WorkDescription, Base):
    """A weekly recurring assignment: every <weekday> from starts_on until ends_on."""

    __tablename__ = "assignment_template"

    weekday: Mapped[int]
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    # One of the floor's workshop blocks: its place, capacity and supervision follow the floor's settings.
    workshop: Mapped[bool] = mapped_column(default=False, server_default="0")

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return WorkDescription.__table_args__ + (
            CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
            CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        )

    def occurs_on(self, day: date) -> bool:
        return (self.active and day.weekday() == self.weekday and self.starts_on <= day
                and (self.ends_on is None or day <= self.ends_on))


class Assignment(WorkDescription, Base):
    """A job at a site on one day, in one or both blocks, needing a crew."""

    __tablename__ = "assignment"

    day: Mapped[date] = mapped_column(Date, index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("assignment_template.id"), index=True)
    # Set when someone changes a generated assignment, so template edits leave it alone.
    edited_by_hand: Mapped[bool] = mapped_column(default=False, server_default="0")
    cancelled: Mapped[bool] = mapped_column(default=False, server_default="0")
    cancel_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return WorkDescription.__table_args__ + (UniqueConstraint("template_id", "day"),)

    @declared_attr
    def template(cls) -> Mapped[AssignmentTemplate | None]:
        return relationship(AssignmentTemplate)
