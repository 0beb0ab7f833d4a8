"""The trajectory file: evaluation meetings and their agreements, contacts, obstacles, the outcome.

Every row names its learner (`learner_id`), so the audit log and a learner's data export find it
without joins.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned, utcnow
from workfloor.models.competency import DevelopmentGoal
from workfloor.models.learners import Learner
from workfloor.models.people import User

_LEARNER_FK = {"ondelete": "CASCADE"}


class EvaluationMeeting(Versioned, Base):
    """A three-way evaluation meeting, planned at a scheduled month of the trajectory or ad hoc."""

    __tablename__ = "evaluation_meeting"
    __table_args__ = (CheckConstraint("moment_month IS NULL OR moment_month BETWEEN 1 AND 120",
                                      name="moment_range"),
                      # one meeting per scheduled month; ad hoc meetings (no month) are not limited
                      UniqueConstraint("learner_id", "moment_month"))

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    moment_month: Mapped[int | None]  # the scheduled month (1, 2, 7, ...); None: ad hoc
    held_on: Mapped[date | None] = mapped_column(Date)
    with_supervisor: Mapped[bool] = mapped_column(default=False, server_default="0")
    with_counsellor: Mapped[bool] = mapped_column(default=False, server_default="0")
    with_learner: Mapped[bool] = mapped_column(default=False, server_default="0")
    others: Mapped[str] = mapped_column(String(200), default="", server_default="")
    summary_attitude: Mapped[str] = mapped_column(Text, default="", server_default="")
    summary_skills: Mapped[str] = mapped_column(Text, default="", server_default="")
    summary_attendance: Mapped[str] = mapped_column(Text, default="", server_default="")
    summary_outlook: Mapped[str] = mapped_column(Text, default="", server_default="")
    learner_view: Mapped[str] = mapped_column(Text, default="", server_default="")
    signed_at: Mapped[datetime | None]  # the learner's "gelezen en besproken"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Agreement.id")

    @property
    def held(self) -> bool:
        return self.held_on is not None


class Agreement(Versioned, Base):
    """An agreement (afspraak) made at a meeting: who does what by when; it may become a goal."""

    __tablename__ = "agreement"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("evaluation_meeting.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(20))  # learner, supervisor, counsellor, other
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("development_goal.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[EvaluationMeeting] = relationship(back_populates="agreements")
    goal: Mapped[DevelopmentGoal | None] = relationship()

    def __str__(self) -> str:
        return self.what


class ContactEntry(Versioned, Base):
    """A client contact (cliëntcontact) of the counsellor: professional secrecy applies to the note."""

    __tablename__ = "contact_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_done: Mapped[bool] = mapped_column(default=False, server_default="0")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    author: Mapped[User | None] = relationship()


class Obstacle(Versioned, Base):
    """An obstacle (belemmering) that affects the work: a category and a short note, never a diagnosis."""

    __tablename__ = "obstacle"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    category: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    affects_work: Mapped[bool] = mapped_column(default=False, server_default="0")
    signalled_on: Mapped[date] = mapped_column(Date, index=True)
    signalled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    solved_on: Mapped[date | None] = mapped_column(Date)
    action_taken: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    signalled_by: Mapped[User | None] = relationship()


class TrajectoryOutcome(Versioned, Base):
    """How a learner's trajectory ended: where they went, when, and why."""

    __tablename__ = "trajectory_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), unique=True)
    ended_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # regular_job, social_economy, training, ...
    employer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()


class TrajectoryContract(Versioned, Base):
    """The contract behind the trajectory and what it must add up to for the learner's rights.

    The dates themselves stay on the learner (contract_start, contract_end); this row holds the
    kind, the intake and the days needed for social-security rights.
    """

    __tablename__ = "trajectory_contract"
    __table_args__ = (CheckConstraint("days_needed BETWEEN 0 AND 2000", name="days_needed_range"),
                      CheckConstraint("prior_days BETWEEN 0 AND 2000", name="prior_days_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="art60", server_default="art60")  # art60, twe, other
    intake_on: Mapped[date | None] = mapped_column(Date)
    days_needed: Mapped[int] = mapped_column(default=312, server_default="312")
    prior_days: Mapped[int] = mapped_column(default=0, server_default="0")  # worked before, counting too

    learner: Mapped[Learner] = relationship()


class PhaseChange(Base):
    """The learner entered a trajectory phase on a day: the phase history."""

    __tablename__ = "phase_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    phase: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Employer(Versioned, Base):
    """An employer the counsellors work with for the move to a job."""

    __tablename__ = "employer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    sector: Mapped[str] = mapped_column(String(100), default="", server_default="")
    social_economy: Mapped[bool] = mapped_column(default=False, server_default="0")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default="1")

    vacancies: Mapped[list[Vacancy]] = relationship(back_populates="employer", order_by="Vacancy.title")

    def __str__(self) -> str:
        return self.name


class Vacancy(Versioned, Base):
    """A job opening at an employer."""

    __tablename__ = "vacancy"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    closes_on: Mapped[date | None] = mapped_column(Date)
    open: Mapped[bool] = mapped_column(default=True, server_default="1")

    employer: Mapped[Employer] = relationship(back_populates="vacancies")

    def __str__(self) -> str:
        return f"{self.title} ({self.employer.name})"


class JobApplication(Versioned, Base):
    """A learner's application or job-tasting (jobproeven) at an employer."""

    __tablename__ = "job_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", **_LEARNER_FK), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employer.id"), index=True)
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancy.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # application, job_tasting
    day: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(20), default="pending", server_default="pending")
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    employer: Mapped[Employer] = relationship()
    vacancy: Mapped[Vacancy | None] = relationship()
