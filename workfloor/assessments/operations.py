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
from workfloor import clock
from workfloor.access import user_floor_ids, visible_learners
from workfloor.availability.operations import availability_on
from workfloor.extensions import db
from workfloor.goals.operations import refresh_goals
from workfloor.models import Assessment, Learner, Person, Rating, SelfAssessmentDraft, User

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


def _check(kind: str, day: date, ratings: list[RatingInput], framework: Framework, today: date) -> None:
    """The rules every stored assessment keeps; the forms check the same first, with Dutch messages."""
    RatingKind(kind)
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


def record_assessment(learner: Learner, assessor: User | None, *, kind: str, day: date, note: str,
                      ratings: Iterable[RatingInput], framework: Framework,
                      today: date | None = None) -> Assessment:
    """Store one assessment with its ratings, then mark goals the new levels reach as met.

    Raises AssessmentError when a rule is broken; the forms check the same rules first,
    so this only guards against callers that skip them.
    """
    today = today or clock.today()
    ratings = list(ratings)
    if not ratings:
        raise AssessmentError("an assessment needs at least one rating")
    _check(kind, day, ratings, framework, today)
    assessment = Assessment(learner_id=learner.id, assessor_id=assessor.id if assessor else None, kind=kind,
                            day=day, note=note.strip(),
                            ratings=[Rating(competency_id=r.competency_id, level=r.level, note=r.note.strip())
                                     for r in ratings])
    db.session.add(assessment)
    db.session.flush()

    refresh_goals([learner.id], today=today)
    return assessment


def may_correct(user: User, assessment: Assessment) -> bool:
    """Whoever recorded an assessment may correct it, and the coordinator; self-assessments stay the learner's."""
    if assessment.kind == RatingKind.SELF:
        return False
    return user.role == "coordinator" or assessment.assessor_id == user.id


def correct_assessment(assessment: Assessment, *, kind: str, day: date, note: str, ratings: Iterable[RatingInput],
                       framework: Framework, shown: Iterable[str], today: date | None = None) -> Assessment:
    """Correct an assessment: the items on the form (`shown`) get the submitted ratings, others stay as they were.

    Every changed, added or removed rating lands in the audit log by itself.
    """
    today = today or clock.today()
    ratings = list(ratings)
    shown = set(shown)
    kept = [rating for rating in assessment.ratings if rating.competency_id not in shown]
    if not ratings and not kept:
        raise AssessmentError("an assessment needs at least one rating")
    _check(kind, day, ratings, framework, today)
    assessment.kind, assessment.day, assessment.note = kind, day, note.strip()
    existing = {rating.competency_id: rating for rating in assessment.ratings}
    wanted = {rating.competency_id: rating for rating in ratings}
    for competency_id, rating in existing.items():
        if competency_id in shown and competency_id not in wanted:
            assessment.ratings.remove(rating)
    for competency_id, entry in wanted.items():
        rating = existing.get(competency_id)
        if rating is None:
            assessment.ratings.append(Rating(competency_id=competency_id, level=entry.level, note=entry.note.strip()))
        else:
            rating.level, rating.note = entry.level, entry.note.strip()
    db.session.flush()

    refresh_goals([assessment.learner_id], today=today)
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
    """The learners this user may see who work on this day: pattern and contract, minus absences.

    `availability_on` answers who is in; this only narrows it to the user's learners.
    """
    available = availability_on(day, user_floor_ids(user))
    ids = available.learners_in("am") | available.learners_in("pm")
    if not ids:
        return []
    return list(db.session.execute(
        visible_learners(user).join(Learner.person).where(Learner.id.in_(ids))
        .options(selectinload(Learner.floors)).order_by(Person.first_name, Person.last_name)).scalars().unique())


RECENT_DAYS = 14  # observations are written up to two weeks after the day


def recent_days(today: date) -> list[date]:
    """The working days an observation may be recorded for: today (if a working day) and two weeks back."""
    from datetime import timedelta

    days = [today - timedelta(days=n) for n in range(RECENT_DAYS + 1)]
    return [day for day in days if day.weekday() < 5]


def default_observation_day(today: date) -> date:
    """Today on a working day, else the last working day (at the weekend: Friday)."""
    return recent_days(today)[0]


@dataclass
class CrewOnDay:
    """One crew of a published plan as the observation page lists it: own crew first."""

    assignment: str
    site: str
    supervisors: list[str]
    learners: list[Learner]
    own: bool


def crews_on(user: User, day: date) -> list[CrewOnDay] | None:
    """The crews of that day's published plans (one per floor) with the learners this user may see; None without a plan.

    The crews the user led themselves come first, then the others by name.
    """
    from workfloor.models import Assignment, CrewMember, DayPlan

    plan_ids = list(db.session.execute(
        select(DayPlan.id).where(DayPlan.day == day, DayPlan.status == "published")).scalars())
    if not plan_ids:
        return None
    members = db.session.execute(
        select(CrewMember).where(CrewMember.plan_id.in_(plan_ids))
        .options(joinedload(CrewMember.person), joinedload(CrewMember.assignment).joinedload(Assignment.site))
    ).scalars().all()
    learner_person_ids = {m.person_id for m in members if m.role == "learner"}
    visible = {learner.person_id: learner for learner in db.session.execute(
        visible_learners(user).where(Learner.person_id.in_(learner_person_ids))
        .options(selectinload(Learner.floors))).scalars().unique()} if learner_person_ids else {}
    crews: dict[int, CrewOnDay] = {}
    for member in members:
        assignment = member.assignment
        crew = crews.setdefault(assignment.id, CrewOnDay(assignment.name, assignment.site.name, [], [], False))
        if member.role == "supervisor":
            crew.supervisors.append(member.person.first_name)
            crew.own = crew.own or member.person_id == user.person_id
        elif member.person_id in visible:
            crew.learners.append(visible[member.person_id])
    result = [crew for crew in crews.values() if crew.learners]
    for crew in result:
        crew.learners.sort(key=lambda learner: learner.name)
        crew.supervisors.sort()
    return sorted(result, key=lambda crew: (not crew.own, crew.assignment, crew.site))


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
    """Write the CSV export to a text stream and log the read of each learner's ratings.

    Returns the number of ratings written. Cells a spreadsheet would run as a formula
    (a name starting with =, + , - or @) are escaped as in the web exports.
    """
    from workfloor import audit
    from workfloor.progress.operations import csv_cell  # here: progress imports this package's neighbours

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    count = 0
    learner_ids = set()
    for row in export_rows():
        writer.writerow([csv_cell(value) for value in row])
        learner_ids.add(row[0])
        count += 1
    audit.record_views(db.session, learner_ids, "assessments_export")
    return count



# The learner's self-assessment, one group per screen, kept as a draft until sent -------------------

def self_draft(learner: Learner) -> SelfAssessmentDraft | None:
    """The self-assessment the learner started and has not sent yet."""
    return db.session.execute(
        select(SelfAssessmentDraft).where(SelfAssessmentDraft.learner_id == learner.id)).scalar()


def save_self_answers(learner: Learner, item_ids: list[str], answers: dict[str, str],
                      notes: dict[str, str]) -> SelfAssessmentDraft:
    """Store the answers of one screen (`item_ids`); an item left open on it is forgotten."""
    draft = self_draft(learner)
    if draft is None:
        draft = SelfAssessmentDraft(learner_id=learner.id, answers={}, notes={})
        db.session.add(draft)
    kept_answers = {k: v for k, v in (draft.answers or {}).items() if k not in item_ids}
    kept_notes = {k: v for k, v in (draft.notes or {}).items() if k not in item_ids}
    draft.answers = kept_answers | {k: v for k, v in answers.items() if k in item_ids}
    draft.notes = kept_notes | {k: v for k, v in notes.items() if k in item_ids and v.strip()}
    db.session.flush()
    return draft


def draft_ratings(draft: SelfAssessmentDraft | None, framework: Framework) -> list[RatingInput]:
    """The draft's answers as ratings, for items that can still be rated."""
    if draft is None:
        return []
    ratings = []
    for item_id, raw in (draft.answers or {}).items():
        item = framework.get(item_id)
        if item is None or item.retired or raw not in {str(level) for level in range(1, 5)}:
            continue
        ratings.append(RatingInput(item_id, int(raw), (draft.notes or {}).get(item_id, "")))
    return ratings


def first_open_step(draft: SelfAssessmentDraft | None, groups: list[tuple]) -> int:
    """Where to continue: the first screen without any answer yet (0 for a new self-assessment)."""
    answered = set((draft.answers or {}) if draft else ())
    for index, (_group, items) in enumerate(groups):
        if not answered & {item.id for item in items}:
            return index
    return max(len(groups) - 1, 0)


def discard_self_draft(learner: Learner) -> None:
    draft = self_draft(learner)
    if draft is not None:
        db.session.delete(draft)
        db.session.flush()
