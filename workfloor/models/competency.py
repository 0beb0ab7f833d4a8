"""Competency tracking: the framework as editable rows, assessments, attendance, goals, job targets."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned, utcnow
from workfloor.models.learners import Learner
from workfloor.models.people import User


class CompetencyItem(Versioned, Base):
    """One attitude or skill of the framework; the id is stable, so history never orphans."""

    __tablename__ = "competency_item"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)  # e.g. green.hedge_trimming
    group: Mapped[str] = mapped_column(String(20))  # attitude, cleaning, green
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    level_descriptions: Mapped[list[str]] = mapped_column(JSON, default=list)  # four texts, level 1..4
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    retired: Mapped[bool] = mapped_column(default=False, server_default="0")
    # How a learner says it in the self-assessment, first person: "Ik kom op tijd".
    learner_text: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # English texts; empty means "not translated yet" and the Dutch text is shown.
    name_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    level_descriptions_en: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    learner_text_en: Mapped[str] = mapped_column(String(200), default="", server_default="")


class SelfAssessmentDraft(Base):
    """A self-assessment the learner started and may continue later: answers so far, per item."""

    __tablename__ = "self_assessment_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"), unique=True)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # item id -> "1".."4" or "na"
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # item id -> the learner's words
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class JobTarget(Versioned, Base):
    """A kind of job a trajectory aims for, with the profile it requires."""

    __tablename__ = "job_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    requirements: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # competency id -> level
    active: Mapped[bool] = mapped_column(default=True, server_default="1")


class Assessment(Versioned, Base):
    """A dated judgement of one or more competencies by one assessor (or the learner)."""

    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # observation, evaluation, self
    day: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    assessor: Mapped[User | None] = relationship()
    ratings: Mapped[list[Rating]] = relationship(back_populates="assessment", cascade="all, delete-orphan")


class Rating(Base):
    """One competency's level within an assessment; None means "not observed"."""

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("assessment_id", "competency_id"),
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 4", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    competency_id: Mapped[str] = mapped_column(ForeignKey("competency_item.id"), index=True)
    level: Mapped[int | None]
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    assessment: Mapped[Assessment] = relationship(back_populates="ratings")
    competency: Mapped[CompetencyItem] = relationship()


class AttendanceEntry(Base):
    """Whether a learner was there in one block of one day."""

    __tablename__ = "attendance_entry"
    __table_args__ = (UniqueConstraint("learner_id", "day", "block"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    block: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20))  # present, late, absent_excused, absent_unexcused
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()


class DevelopmentGoal(Versioned, Base):
    """A goal in a learner's development plan: reach a level in one competency."""

    __tablename__ = "development_goal"
    __table_args__ = (
        CheckConstraint("target_level BETWEEN 1 AND 4", name="target_range"),
        CheckConstraint("weight BETWEEN 1 AND 3", name="weight_range"),
        CheckConstraint("per_week BETWEEN 0 AND 10", name="per_week_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"), index=True)
    competency_id: Mapped[str] = mapped_column(ForeignKey("competency_item.id"), index=True)
    target_level: Mapped[int]
    weight: Mapped[int] = mapped_column(default=2, server_default="2")  # how much the planner favours it
    # Blocks of practice a week that count in full for the week planner (dagdelen).
    per_week: Mapped[int] = mapped_column(default=4, server_default="4")
    actions: Mapped[str] = mapped_column(Text, default="", server_default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    reached_on: Mapped[date | None] = mapped_column(Date)  # set when the level is reached
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    learner: Mapped[Learner] = relationship()
    competency: Mapped[CompetencyItem] = relationship()
