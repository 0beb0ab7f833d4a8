"""Where a learner's data lives: one registry that both the export (art. 15) and the erasure (art. 17) read.

A feature that adds a table holding data about a learner or person registers it here, once:

    from workfloor.privacy.registry import Section, by_learner, register
    register(Section("contacts", Contact.__table__, by_learner("learner_id"), on_erase=DELETE))

``tests/app/test_privacy.py`` fails for any table with a foreign key to ``learner`` or ``person`` that
is neither registered nor listed in ``NOT_PERSONAL`` with a reason, so nobody forgets.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, or_, select

from workfloor.models import (
    Absence, Assessment, AttendanceEntry, AuditEntry, Avoidance, CrewMember, CrewVehicle, DevelopmentGoal,
    DrivingLicence, Learner, LearnerCertificate, LearnerRestriction, Notice, Person, Rating,
    SelfAssessmentDraft, User, WorkBlock,
)
from workfloor.models.learners import learner_floor


@dataclass(frozen=True)
class Subject:
    """Whose data: the learner row's id and the person row's id."""

    learner_id: int
    person_id: int


Where = Callable[[Table, Subject], ColumnElement[bool]]

DELETE = "delete"  # a full erasure removes the rows
KEEP = "keep"  # the rows stay: they name the person by id only, and the person row is pseudonymised
SPECIAL = "special"  # person, account and learner rows: pseudonymised by workfloor.privacy.operations


@dataclass(frozen=True)
class Section:
    """One table's rows about the subject: ``<name>.json`` and ``<name>.csv`` in the export."""

    name: str
    table: Table
    where: Where
    on_erase: str = DELETE
    omit: tuple[str, ...] = ()  # secrets that are not the person's data (a password hash, a feed token)


def by_learner(column: str) -> Where:
    return lambda table, subject: table.c[column] == subject.learner_id


def by_person(column: str) -> Where:
    return lambda table, subject: table.c[column] == subject.person_id


def _ratings(table: Table, subject: Subject) -> ColumnElement[bool]:
    return table.c.assessment_id.in_(select(Assessment.id).where(Assessment.learner_id == subject.learner_id))


def _avoidances(table: Table, subject: Subject) -> ColumnElement[bool]:
    return or_(table.c.learner_id == subject.learner_id, table.c.avoided_id == subject.learner_id)


SECTIONS: list[Section] = [
    Section("person", Person.__table__, by_person("id"), on_erase=SPECIAL),
    Section("account", User.__table__, by_person("person_id"), on_erase=SPECIAL, omit=("password_hash",)),
    Section("learner", Learner.__table__, by_learner("id"), on_erase=SPECIAL, omit=("calendar_token",)),
    Section("driving_licences", DrivingLicence.__table__, by_person("person_id")),
    Section("floors", learner_floor, by_learner("learner_id")),
    Section("work_pattern", WorkBlock.__table__, by_learner("learner_id")),
    Section("certificates", LearnerCertificate.__table__, by_learner("learner_id")),
    Section("restrictions", LearnerRestriction.__table__, by_learner("learner_id")),
    Section("avoidances", Avoidance.__table__, _avoidances),
    Section("ratings", Rating.__table__, _ratings),  # before assessments: erasure deletes in this order
    Section("assessments", Assessment.__table__, by_learner("learner_id")),
    Section("self_assessment_draft", SelfAssessmentDraft.__table__, by_learner("learner_id")),
    Section("goals", DevelopmentGoal.__table__, by_learner("learner_id")),
    Section("attendance", AttendanceEntry.__table__, by_learner("learner_id")),
    Section("absences", Absence.__table__, by_person("person_id")),
    Section("notices", Notice.__table__, by_person("person_id")),
    # The floor's plans stay whole (other people's days depend on them); they name the person by id.
    Section("crews", CrewMember.__table__, by_person("person_id"), on_erase=KEEP),
    Section("driving", CrewVehicle.__table__, by_person("driver_id"), on_erase=KEEP),
    # Append-only: entries keep ids, and names render from the (pseudonymised) person row when read.
    Section("audit_log", AuditEntry.__table__, by_learner("learner_id"), on_erase=KEEP),
]

# Tables with a key to a learner or person that hold no data about them, and why.
NOT_PERSONAL: dict[tuple[str, str], str] = {
    ("learner", "counsellor_id"): "the counsellor's id, exported within the learner row",
    ("supervisor", "person_id"): "staff, not learners",
}


def register(section: Section) -> None:
    """Add a table to the export and the erasure (another feature's table about a learner or person)."""
    if any(s.name == section.name for s in SECTIONS):
        raise ValueError(f"a privacy section named {section.name!r} exists already")
    SECTIONS.append(section)


def tables() -> set[str]:
    """The tables the registry reads (the test that every personal table is covered compares against it)."""
    return {section.table.name for section in SECTIONS}
