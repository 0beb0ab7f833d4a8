"""Day plans: the crews of one working day, as draft or published, with their history."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.assignments import Assignment
from workfloor.models.base import Base, Versioned, utcnow
from workfloor.models.floors import Vehicle
from workfloor.models.people import Person, User


class DayPlan(Versioned, Base):
    """The crews of every floor on one day; `version` guards against concurrent edits."""

    __tablename__ = "day_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")  # draft, published
    solver_status: Mapped[str | None] = mapped_column(String(20))  # optimal, feasible, infeasible
    score: Mapped[list[int] | None] = mapped_column(JSON)
    explanation: Mapped[list] = mapped_column(JSON, default=list)  # scheduling.Reason as JSON (old rows: Dutch text)
    revision: Mapped[int] = mapped_column(default=0, server_default="0")  # published revisions so far
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    members: Mapped[list[CrewMember]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    vehicles: Mapped[list[CrewVehicle]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    pins: Mapped[list[UnstaffedPin]] = relationship(back_populates="plan", cascade="all, delete-orphan")
    events: Mapped[list[PlanEvent]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanEvent.at")


class CrewMember(Base):
    """A learner or supervisor in the crew of an assignment."""

    __tablename__ = "crew_member"
    __table_args__ = (UniqueConstraint("plan_id", "assignment_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("day_plan.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # learner, supervisor
    pinned: Mapped[bool] = mapped_column(default=False, server_default="0")

    plan: Mapped[DayPlan] = relationship(back_populates="members")
    assignment: Mapped[Assignment] = relationship()
    person: Mapped[Person] = relationship()


class CrewVehicle(Base):
    """A vehicle a crew rides in, and who drives it."""

    __tablename__ = "crew_vehicle"
    __table_args__ = (UniqueConstraint("plan_id", "assignment_id", "vehicle_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("day_plan.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id"), index=True)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    pinned: Mapped[bool] = mapped_column(default=False, server_default="0")

    plan: Mapped[DayPlan] = relationship(back_populates="vehicles")
    assignment: Mapped[Assignment] = relationship()
    vehicle: Mapped[Vehicle] = relationship()
    driver: Mapped[Person | None] = relationship()


class UnstaffedPin(Base):
    """An assignment the supervisor decided to leave unstaffed on this day."""

    __tablename__ = "unstaffed_pin"
    __table_args__ = (UniqueConstraint("plan_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("day_plan.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)

    plan: Mapped[DayPlan] = relationship(back_populates="pins")


class PlanEvent(Base):
    """One change to a day plan: generated, edited, warning accepted, published, replanned."""

    __tablename__ = "plan_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("day_plan.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # e.g. why a warning was accepted
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # diff, warnings, the plan after the change
    revision: Mapped[int] = mapped_column(default=0, server_default="0")

    plan: Mapped[DayPlan] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class SolveJob(Base):
    """A run of the planning engine in the background; any web worker can read and stop it."""

    __tablename__ = "solve_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    floor_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(20), default="generate", server_default="generate")  # generate, replan
    status: Mapped[str] = mapped_column(String(20), default="queued", server_default="queued")
    # queued, running, done, failed; a replan's result waits as `done` until confirmed or discarded
    time_limit: Mapped[int] = mapped_column(default=20, server_default="20")
    progress: Mapped[dict] = mapped_column(JSON, default=dict)  # score, bound, elapsed
    stop_requested: Mapped[bool] = mapped_column(default=False, server_default="0")
    result: Mapped[dict | None] = mapped_column(JSON)  # the plan in workfloor-plan/1 with the engine's extras
    error: Mapped[str] = mapped_column(Text, default="", server_default="")
    plan_version: Mapped[int | None]  # the day plan's version when the job started
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()
