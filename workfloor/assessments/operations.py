"""Assessments: recording ratings, reading a learner's history, today's crew, the CSV export."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from competencies import Framework, RatingKind, note_required
from competencies.scale import check_level
from workfloor.access import visible_learners
from workfloor.extensions import db
from workfloor.models import Absence, Assessment, Learner, Person, Rating, User, WorkBlock

EXPORT_HEADER = ("learner_id", "learner_name", "competency_id", "level", "kind", "date", "assessor")


class AssessmentError(ValueError):
    """An assessment that breaks a rule of the scale (level out of range, missing note …)."""


@dataclass(frozen=True)
class RatingInput:
    """One item's rating as entered: level 1–4 or None (not observed), and a note."""

    competency_id: str
    level: int | None
    note: str = ""


def relevant_groups(learner: Learner) -> list[str]:
    """The groups to assess for a learner: work attitudes, then the domains of their floors."""
    return ["attitude"] + sorted(learner.domains)


def items_for(framework: Framework, learner: Learner) -> list[tuple]:
    """(group, items) pairs a learner can be rated on now: relevant groups, retired items left out."""
    groups = relevant_groups(learner)
    return [(group, items) for group, items in framework.by_group() if group.id in groups and items]


def record_assessment(learner: Learner, assessor: User | None, *, kind: str, day: date, note: str,
                      ratings: Iterable[RatingInput], framework: Framework,
                      today: date | None = None) -> Assessment:
    """Store one assessment with its ratings, then mark goals the new levels reach as met.

    Raises AssessmentError when a rule is broken; the forms check the same rules first,
    so this only guards against callers that skip them.
    """
    today = today or date.today()
    RatingKind(kind)
    ratings = list(ratings)
    if not ratings:
        raise AssessmentError("an assessment needs at least one rating")
    if day > today:
        raise AssessmentError("the date lies in the future")
    seen = set()
    for rating in ratings:
        try:
            check_level(rating.level)
        except ValueError as error:
            raise AssessmentError(str(error)) from error
        item = framework.get(rating.competency_id)
        if item is None or item.retired:
            raise AssessmentError(f"{rating.competency_id!r} can't be rated")
        if rating.competency_id in seen:
            raise AssessmentError(f"{rating.competency_id!r} rated twice")
        seen.add(rating.competency_id)
        if kind != RatingKind.SELF and note_required(rating.level) and not rating.note.strip():
            raise AssessmentError(f"{rating.competency_id!r}: a level 1 or 2 needs a note")
    assessment = Assessment(learner_id=learner.id, assessor_id=assessor.id if assessor else None, kind=kind,
                            day=day, note=note.strip(),
                            ratings=[Rating(competency_id=r.competency_id, level=r.level, note=r.note.strip())
                                     for r in ratings])
    db.session.add(assessment)
    db.session.flush()
    from workfloor.goals.operations import refresh_goals  # here: the goals package imports this one's forms

    refresh_goals([learner.id], today=today)
    return assessment


def history_rows(learner: Learner, competency_id: str | None = None) -> list[Rating]:
    """Every rating of a learner, newest first, with its assessment, assessor and item loaded."""
    query = (select(Rating).join(Rating.assessment).where(Assessment.learner_id == learner.id)
             .options(joinedload(Rating.assessment).joinedload(Assessment.assessor), joinedload(Rating.competency))
             .order_by(Assessment.day.desc(), Assessment.created_at.desc(), Rating.id))
    if competency_id:
        query = query.where(Rating.competency_id == competency_id)
    return list(db.session.execute(query).unique().scalars())


def rated_item_ids(learner: Learner) -> list[str]:
    """The items a learner has ever been rated on, for the history's filter."""
    return sorted(db.session.execute(select(Rating.competency_id).join(Rating.assessment)
                                     .where(Assessment.learner_id == learner.id).distinct()).scalars())


def todays_crew(user: User, day: date) -> list[Learner]:
    """The learners this user may see who work on this day, per their weekly pattern minus absences."""
    learners = db.session.execute(
        visible_learners(user).join(Learner.person).where(Person.active)
        .where(Learner.work_blocks.any(WorkBlock.weekday == day.weekday()))
        .options(selectinload(Learner.work_blocks), selectinload(Learner.floors))
        .order_by(Person.first_name, Person.last_name)).scalars().unique().all()
    absences = db.session.execute(select(Absence).where(
        Absence.person_id.in_([learner.person_id for learner in learners]),
        Absence.start_date <= day, Absence.end_date >= day)).scalars().all()
    by_person: dict[int, list[Absence]] = {}
    for absence in absences:
        by_person.setdefault(absence.person_id, []).append(absence)
    crew = []
    for learner in learners:
        blocks = {block for weekday, block in learner.pattern if weekday == day.weekday()}
        absent = {block for absence in by_person.get(learner.person_id, []) for block in blocks
                  if absence.covers(day, block)}
        if blocks - absent:
            crew.append(learner)
    return crew


def export_rows() -> Iterable[tuple]:
    """Every rating as a CSV row (EXPORT_HEADER), oldest first; level empty when not observed."""
    assessor_person = Person.__table__.alias("assessor_person")
    query = (select(Learner.id, Person.first_name, Person.last_name, Rating.competency_id, Rating.level,
                    Assessment.kind, Assessment.day, assessor_person.c.first_name, assessor_person.c.last_name)
             .select_from(Rating).join(Rating.assessment).join(Assessment.learner).join(Learner.person)
             .outerjoin(User, User.id == Assessment.assessor_id)
             .outerjoin(assessor_person, assessor_person.c.id == User.person_id)
             .order_by(Assessment.day, Assessment.id, Rating.id))
    for (learner_id, first, last, competency_id, level, kind, day,
         assessor_first, assessor_last) in db.session.execute(query):
        assessor = f"{assessor_first} {assessor_last}" if assessor_first is not None else ""
        yield (learner_id, f"{first} {last}", competency_id, "" if level is None else level, kind,
               day.isoformat(), assessor)


def write_export(stream: IO[str]) -> int:
    """Write the CSV export to a text stream; returns the number of ratings written."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    count = 0
    for row in export_rows():
        writer.writerow(row)
        count += 1
    return count

