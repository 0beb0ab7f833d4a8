"""Day plans: the crews of one floor on one working day, as draft or published, with their history.

Each floor and day has at most one published plan (what learners see) and at most one draft:
before the first publication the draft is the plan; after it, every change goes into a draft
revision that "Publiceer wijzigingen" copies into the published plan.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.assignments import Assignment
from workfloor.models.base import Base, Versioned, utcnow
from workfloor.models.floors import Floor, Vehicle
from workfloor.models.people import Person, User


class DayPlan(Versioned, Base):
    """The crews of one floor on one day; `version` guards against concurrent edits."""

    __tablename__ = "day_plan"
    __table_args__ = (UniqueConstraint("day", "floor_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")  # draft, published
    solver_status: Mapped[str | None] = mapped_column(String(20))  # optimal, feasible, infeasible
    score: Mapped[list[int] | None] = mapped_column(JSON)
    explanation: Mapped[list] = mapped_column(JSON, default=list)  # scheduling.Reason as JSON (old rows: Dutch text)
    # Who shows up but has no place, and why: [{"person", "block", "rule", "subjects", "obstacles"}]
    unplaced: Mapped[list[dict]] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(default=0, server_default="0")  # published revisions so far
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    floor: Mapped[Floor] = relationship()
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
    plan_version: Mapped[int | None]  # unused since plans are per floor (see plan_token)
    plan_token: Mapped[str] = mapped_column(String(200), default="", server_default="")  # the floors' plans then
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()


class Notice(Base):
    """A published change of someone's day: shown in the app, and mailed when mail is configured."""

    __tablename__ = "plan_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id"))
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # {"before": [places], "after": [places]} by id
    mail_status: Mapped[str] = mapped_column(String(10), default="none", server_default="none")
    # none (not mailed: no mail set up, or the person turned it off), pending, sent, failed (gave up)
    mail_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    mail_error: Mapped[str] = mapped_column(Text, default="", server_default="")

    person: Mapped[Person] = relationship()
    floor: Mapped[Floor] = relationship()
