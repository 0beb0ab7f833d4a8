"""Reading progress: the caseload overview, a learner's progress page, the evaluation report, CSV.

Rows become the pure `competencies` dataclasses here; the formulas (rates, trends, flags,
evaluation moments, profile comparison) live in `competencies` and are only called. Every
loader takes many learners and runs one query, so a caseload costs the same few queries
whatever its size.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from competencies import (
    DEFAULT_OFFSETS_MONTHS, AttendanceRecord, AttendanceStatus, AttendanceSummary, Certificate, Direction,
    Flag, FlagCode, FlagRules, Goal, GoalStatus, JobTarget as JobProfile, ProfileGap, Rating as PureRating,
    Trend, attendance_summary, caseload_flags, compare, evaluation_moments, goals_due,
    levels_on, next_evaluation, self_levels_on, trends,
)
from competencies.periods import last_weeks
from workfloor.access import visible_learners
from workfloor.attendance.operations import works_on
from workfloor.extensions import db
from workfloor.listing import filter_search, filter_status
from workfloor.models import (
    Assessment, AttendanceEntry, CompetencyItem, DevelopmentGoal, Learner, Person, Rating, User,
)
from workfloor.progress.charts import SMALL, Mark, ProfileBar, Size, level_chart, profile_chart
from workfloor.vocabulary import GOAL_STATUS_LABELS
from workfloor.vocabulary import Certificate as CertificateKind

ATTITUDE = "attitude"
GROUP_ORDER = ("attitude", "cleaning", "green")
ATTENDANCE_WEEKS = 4
TREND_WEEKS = 8
CALENDAR_WEEKS = 8

LEVEL_LABELS = {1: _l("onvoldoende"), 2: _l("onder begeleiding"), 3: _l("voldoende"), 4: _l("zelfstandig")}
KIND_LABELS = {"observation": _l("Observatie"), "evaluation": _l("Periodieke evaluatie"),
               "self": _l("Zelfevaluatie")}
FLAG_LABELS = {
    FlagCode.NO_RECENT_ASSESSMENT: _l("Geen recente evaluatie"),
    FlagCode.REPEATED_UNEXCUSED_ABSENCE: _l("Herhaald onwettig afwezig"),
    FlagCode.CERTIFICATE_EXPIRING: _l("Attest verloopt"),
    FlagCode.CERTIFICATE_EXPIRED: _l("Attest verlopen"),
}
SORTS = ("name", "attendance", "evaluation", "signals")


def evaluation_offsets() -> tuple[int, ...]:
    """The evaluation moments in months from the contract start (app config EVALUATION_OFFSETS_MONTHS)."""
    return tuple(current_app.config.get("EVALUATION_OFFSETS_MONTHS", DEFAULT_OFFSETS_MONTHS))


def level_text(level: int | None) -> str:
    """'3 (voldoende)', or 'niet geobserveerd'."""
    if level is None:
        return _("nog niet geobserveerd")
    return f"{level} ({LEVEL_LABELS[level]})"


# --- loaders: one query each, for any number of learners --------------------------------------------

def rating_histories(learner_ids: Iterable[int], *, until: date | None = None) -> dict[int, list[PureRating]]:
    """Every rating of these learners (self-assessments included) with the assessor's name, oldest first."""
    ids = list(set(learner_ids))
    histories: dict[int, list[PureRating]] = {learner_id: [] for learner_id in ids}
    if not ids:
        return histories
    assessor = aliased(Person)
    query = (select(Assessment.learner_id, Assessment.day, Assessment.kind, Assessment.created_at,
                    Rating.competency_id, Rating.level, Rating.note, Assessment.note,
                    assessor.first_name, assessor.last_name)
             .join(Rating.assessment)
             .outerjoin(User, User.id == Assessment.assessor_id)
             .outerjoin(assessor, assessor.id == User.person_id)
             .where(Assessment.learner_id.in_(ids))
             .order_by(Assessment.day, Assessment.created_at, Rating.id))
    if until is not None:
        query = query.where(Assessment.day <= until)
    for learner_id, day, kind, created_at, competency_id, level, note, general_note, first, last in \
            db.session.execute(query):
        histories[learner_id].append(PureRating(
            competency_id=competency_id, level=level, date=day, kind=kind, assessor=f"{first} {last}" if first else "",
            note=note or general_note or "", recorded_at=created_at))
    return histories


def attendance_entries(learner_ids: Iterable[int], start: date, end: date) -> dict[int, list[AttendanceEntry]]:
    """The stored attendance of these learners from start to end, oldest first."""
    ids = list(set(learner_ids))
    entries: dict[int, list[AttendanceEntry]] = {learner_id: [] for learner_id in ids}
    if ids:
        rows = db.session.execute(
            select(AttendanceEntry).where(AttendanceEntry.learner_id.in_(ids), AttendanceEntry.day >= start,
                                          AttendanceEntry.day <= end)
            .order_by(AttendanceEntry.day, AttendanceEntry.block)).scalars()
        for entry in rows:
            entries[entry.learner_id].append(entry)
    return entries


def to_record(entry: AttendanceEntry) -> AttendanceRecord:
    """A stored attendance row as the pure record."""
    return AttendanceRecord(entry.day, entry.block, AttendanceStatus(entry.status))


def goal_rows(learner_ids: Iterable[int]) -> dict[int, list[DevelopmentGoal]]:
    """The goals of these learners: running first, then by deadline (none last)."""
    ids = list(set(learner_ids))
    goals: dict[int, list[DevelopmentGoal]] = {learner_id: [] for learner_id in ids}
    if ids:
        rows = db.session.execute(select(DevelopmentGoal).where(DevelopmentGoal.learner_id.in_(ids))
                                  .options(joinedload(DevelopmentGoal.competency))).scalars()
        order = {"active": 0, "met": 1, "stopped": 2}
        for row in sorted(rows, key=lambda g: (order.get(g.status, 3), g.deadline or date.max, g.id)):
            goals[row.learner_id].append(row)
    return goals


def to_goal(row: DevelopmentGoal) -> Goal:
    """A goal row as the pure Goal, with the status as stored (a met goal is no longer due)."""
    return Goal(competency_id=row.competency_id, target_level=row.target_level, weight=row.weight,
                status=GoalStatus(row.status), deadline=row.deadline)


def competency_items() -> dict[str, CompetencyItem]:
    """Every framework item (retired ones included: history may point at them), in display order."""
    rows = db.session.execute(select(CompetencyItem)).scalars().all()
    rank = {group: i for i, group in enumerate(GROUP_ORDER)}
    rows.sort(key=lambda row: (rank.get(row.group, len(rank)), row.position, row.id))
    return {row.id: row for row in rows}


def item_name(items: Mapping[str, CompetencyItem], competency_id: str) -> str:
    item = items.get(competency_id)
    return item.name if item else competency_id


def certificates_of(learner: Learner) -> list[Certificate]:
    """The learner's machine certificates as the pure dataclass, named in the reader's language."""
    names = dict(CertificateKind.choices())
    return [Certificate(c.kind, str(names.get(c.kind, c.kind)), c.valid_until) for c in learner.certificates]


# --- caseload overview ------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupTrend:
    """Where a group of items (attitudes or skills) went: net direction and how many went which way."""

    direction: Direction
    up: int = 0
    flat: int = 0
    down: int = 0

    @property
    def arrow(self) -> str:
        return self.direction.arrow


def group_trend(item_trends: Mapping[str, Trend], attitudes: bool) -> GroupTrend:
    """The net trend of the attitudes (or the skills): the sign of the summed level changes.

    Items whose direction is unknown (fewer than two levels to compare) don't count;
    with none left the direction is unknown.
    """
    known = [t for competency_id, t in item_trends.items()
             if (competency_id.split(".")[0] == ATTITUDE) == attitudes and t.direction is not Direction.UNKNOWN]
    if not known:
        return GroupTrend(Direction.UNKNOWN)
    net = sum(t.delta for t in known)
    direction = Direction.UP if net > 0 else Direction.DOWN if net < 0 else Direction.FLAT
    count = lambda d: sum(1 for t in known if t.direction is d)  # noqa: E731
    return GroupTrend(direction, count(Direction.UP), count(Direction.FLAT), count(Direction.DOWN))


@dataclass
class CaseloadRow:
    """One learner in the caseload overview."""

    learner: Learner
    attendance: AttendanceSummary
    attitudes: GroupTrend
    skills: GroupTrend
    goals_due: list[DevelopmentGoal]
    next_evaluation: date | None
    flags: list[Flag]

    @property
    def attendance_rate(self) -> float | None:
        return self.attendance.rate


def caseload_query(user: User, *, q: str = "", counsellor_id: int | None = None, status: str = "active",
                   phase: str = "") -> Select:
    """The learners in this user's overview: visible to them, searched and filtered."""
    query = (visible_learners(user).join(Learner.person)
             .options(selectinload(Learner.floors), selectinload(Learner.certificates),
                      joinedload(Learner.counsellor))
             .order_by(Person.last_name, Person.first_name))
    query = filter_search(filter_status(query, Person.active, status), q, Person.first_name, Person.last_name)
    if counsellor_id:
        query = query.where(Learner.counsellor_id == counsellor_id)
    if phase:
        query = query.where(Learner.phase == phase)
    return query


def caseload_rows(learners: Sequence[Learner], today: date, *, offsets: Sequence[int] | None = None,
                  rules: FlagRules = FlagRules()) -> list[CaseloadRow]:
    """One row per learner, from three queries (ratings, attendance, goals) for the whole caseload."""
    offsets = tuple(offsets or evaluation_offsets())
    ids = [learner.id for learner in learners]
    attendance_start, _ = last_weeks(today, ATTENDANCE_WEEKS)
    trend_start, _ = last_weeks(today, TREND_WEEKS)
    unexcused_start, _ = last_weeks(today, rules.unexcused_weeks)
    histories = rating_histories(ids, until=today)
    entries = attendance_entries(ids, min(attendance_start, unexcused_start), today)
    goals = goal_rows(ids)
    rows = []
    for learner in learners:
        history = histories[learner.id]
        records = [to_record(entry) for entry in entries[learner.id]]
        item_trends = trends(history, trend_start, today)
        rows.append(CaseloadRow(
            learner=learner,
            attendance=attendance_summary(records, attendance_start, today),
            attitudes=group_trend(item_trends, attitudes=True),
            skills=group_trend(item_trends, attitudes=False),
            goals_due=due_goals(goals[learner.id], today),
            next_evaluation=next_evaluation(learner.contract_start, today, offsets, learner.contract_end),
            flags=caseload_flags(today, history=history, attendance=records, certificates=certificates_of(learner),
                                 started_on=learner.contract_start, rules=rules),
        ))
    return rows


def due_goals(rows: Sequence[DevelopmentGoal], today: date) -> list[DevelopmentGoal]:
    """The running goals with a deadline within two weeks (overdue included), soonest first."""
    pairs = [(to_goal(row), row) for row in rows]
    by_goal = {id(goal): row for goal, row in pairs}
    return [by_goal[id(goal)] for goal in goals_due([goal for goal, _ in pairs], today)]


def sort_rows(rows: list[CaseloadRow], sort: str, *, signals_only: bool = False) -> list[CaseloadRow]:
    """Keep only rows with flags if asked, then sort: name, attendance (lowest first), evaluation, signals."""
    if signals_only:
        rows = [row for row in rows if row.flags]
    name = lambda row: (row.learner.person.last_name, row.learner.person.first_name)  # noqa: E731
    keys = {
        "attendance": lambda row: (row.attendance_rate is None, row.attendance_rate or 0, name(row)),
        "evaluation": lambda row: (row.next_evaluation is None, row.next_evaluation or date.max, name(row)),
        "signals": lambda row: (-len(row.flags), name(row)),
    }
    return sorted(rows, key=keys.get(sort, name))


# --- one learner's progress -------------------------------------------------------------------------

@dataclass
class ItemProgress:
    """One rated item: its chart, current level, own (self) level and trend."""

    item_id: str
    name: str
    group: str
    chart: Markup
    level: int | None
    self_level: int | None
    ratings: int


@dataclass
class CalendarDay:
    day: date
    blocks: dict[str, str | None]  # block -> status, "unregistered" (scheduled, nothing stored) or None


@dataclass
class LearnerProgress:
    """Everything the progress page, the report and "Mijn vooruitgang" show of one learner."""

    learner: Learner
    today: date
    items: dict[str, CompetencyItem]
    history: list[PureRating]
    levels: dict[str, int]
    self_levels: dict[str, int]
    attitudes: list[ItemProgress]
    skills: list[ItemProgress]
    profile: list[ProfileGap] | None
    profile_chart: Markup | None
    attendance_4w: AttendanceSummary
    attendance_8w: AttendanceSummary
    calendar: list[list[CalendarDay]]
    entries: list[AttendanceEntry]
    goals: list[DevelopmentGoal]
    next_evaluation: date | None
    moments: list[date] = field(default_factory=list)

    @property
    def history_newest_first(self) -> list[PureRating]:
        return sorted(self.history, key=lambda r: (r.date, r.recorded_at is not None, r.recorded_at), reverse=True)

    @property
    def last_evaluation(self) -> date | None:
        """The latest evaluation moment before today: the report compares the levels then and now."""
        return max((m for m in self.moments if m < self.today), default=None)

    def levels_at_last_evaluation(self) -> dict[str, int]:
        moment = self.last_evaluation
        return levels_on(self.history, moment) if moment else {}

    def item_name(self, competency_id: str) -> str:
        return item_name(self.items, competency_id)


def _mark(rating: PureRating) -> Mark:
    who = f", {rating.assessor}" if rating.assessor else ""
    label = f"{rating.date.day}/{rating.date.month}/{rating.date.year}: {level_text(rating.level)} " \
            f"({KIND_LABELS[rating.kind]}{who})"
    return Mark(rating.date, rating.level, rating.kind.value, label)


def item_progress(history: Sequence[PureRating], items: Mapping[str, CompetencyItem], *, start: date, end: date,
                  size: Size = SMALL, only: Iterable[str] | None = None) -> list[ItemProgress]:
    """A chart and the current levels of every rated item (or of `only`), in framework order."""
    rated = defaultdict(list)
    for rating in history:
        if rating.level is not None:
            rated[rating.competency_id].append(rating)
    wanted = list(only) if only is not None else [i for i in items if i in rated]
    wanted += [i for i in rated if i not in items and only is None]  # an item deleted from the framework
    levels, own = levels_on(history, end), self_levels_on(history, end)
    result = []
    for competency_id in wanted:
        name = item_name(items, competency_id)
        marks = [_mark(rating) for rating in rated.get(competency_id, [])]
        group = items[competency_id].group if competency_id in items else competency_id.split(".")[0]
        result.append(ItemProgress(competency_id, name, group,
                                   level_chart(marks, title=name, start=start, end=end, size=size),
                                   levels.get(competency_id), own.get(competency_id), len(marks)))
    return result


def attendance_calendar(learner: Learner, entries: Iterable[AttendanceEntry], today: date,
                        weeks: int = CALENDAR_WEEKS) -> list[list[CalendarDay]]:
    """The last `weeks` working weeks, Monday to Friday, newest week first, with each block's status."""
    stored = {(entry.day, entry.block): entry.status for entry in entries}
    monday = today - timedelta(days=today.weekday())
    calendar = []
    for week in range(weeks):
        start = monday - timedelta(weeks=week)
        days = []
        for offset in range(5):
            day = start + timedelta(days=offset)
            blocks: dict[str, str | None] = {}
            for block in ("am", "pm"):
                if (day, block) in stored:
                    blocks[block] = stored[(day, block)]
                elif day <= today and works_on(learner, day, block):
                    blocks[block] = "unregistered"
                else:
                    blocks[block] = None
            days.append(CalendarDay(day, blocks))
        calendar.append(days)
    return calendar


def job_profile(learner: Learner) -> JobProfile | None:
    """The learner's job target as the pure JobTarget (required levels outside 1–4 are ignored)."""
    target = learner.job_target
    if target is None:
        return None
    requirements = {cid: level for cid, level in (target.requirements or {}).items() if level in (1, 2, 3, 4)}
    return JobProfile(str(target.id), target.name, requirements)


def learner_progress(learner: Learner, today: date, *, size: Size = SMALL) -> LearnerProgress:
    """Load and compute everything about one learner's progress."""
    items = competency_items()
    history = rating_histories([learner.id], until=today)[learner.id]
    first = min((rating.date for rating in history), default=today)
    start = min(first, today - timedelta(weeks=TREND_WEEKS))
    progress = item_progress(history, items, start=start, end=today, size=size)
    levels = levels_on(history, today)
    profile = profile_svg = None
    target = job_profile(learner)
    if target is not None:
        profile = compare(levels, target)
        profile_svg = profile_chart(
            [ProfileBar(item_name(items, gap.competency_id), gap.required, gap.actual,
                        _("vereist %(required)d · nu %(actual)s", required=gap.required, actual=gap.actual)
                        if gap.actual is not None
                        else _("vereist %(required)d · nog niet beoordeeld", required=gap.required))
             for gap in profile],
            title=_("Profiel tegenover jobdoelwit %(name)s", name=target.name))
    calendar_start = today - timedelta(days=today.weekday()) - timedelta(weeks=CALENDAR_WEEKS - 1)
    entries = attendance_entries([learner.id], calendar_start, today)[learner.id]
    records = [to_record(entry) for entry in entries]
    offsets = evaluation_offsets()
    return LearnerProgress(
        learner=learner, today=today, items=items, history=history, levels=levels,
        self_levels=self_levels_on(history, today),
        attitudes=[p for p in progress if p.group == ATTITUDE],
        skills=[p for p in progress if p.group != ATTITUDE],
        profile=profile, profile_chart=profile_svg,
        attendance_4w=attendance_summary(records, last_weeks(today, ATTENDANCE_WEEKS)[0], today),
        attendance_8w=attendance_summary(records, last_weeks(today, CALENDAR_WEEKS)[0], today),
        calendar=attendance_calendar(learner, entries, today), entries=entries,
        goals=goal_rows([learner.id])[learner.id],
        next_evaluation=next_evaluation(learner.contract_start, today, offsets, learner.contract_end),
        moments=evaluation_moments(learner.contract_start, offsets, learner.contract_end),
    )


# --- CSV ----------------------------------------------------------------------------------------------

ASSESSMENT_HEADER = ("learner_id", "learner_name", "competency_id", "competency_name", "level", "kind", "date",
                     "assessor", "note")
ATTENDANCE_HEADER = ("learner_id", "learner_name", "date", "block", "status", "note", "recorded_by",
                     "recorded_at")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet won't run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def assessments_csv(learner: Learner) -> str:
    """Every rating of the learner, one row each, oldest first; level empty for "not observed"."""
    items = competency_items()
    history = rating_histories([learner.id])[learner.id]
    return _csv(ASSESSMENT_HEADER, (
        (learner.id, learner.name, r.competency_id, item_name(items, r.competency_id),
         r.level if r.level is not None else "", r.kind.value, r.date.isoformat(), r.assessor, r.note)
        for r in history))


def attendance_csv(learner: Learner) -> str:
    """Every stored attendance block of the learner, oldest first."""
    recorder = aliased(Person)
    rows = db.session.execute(
        select(AttendanceEntry, recorder.first_name, recorder.last_name)
        .outerjoin(User, User.id == AttendanceEntry.recorded_by_id)
        .outerjoin(recorder, recorder.id == User.person_id)
        .where(AttendanceEntry.learner_id == learner.id)
        .order_by(AttendanceEntry.day, AttendanceEntry.block)).all()
    return _csv(ATTENDANCE_HEADER, (
        (learner.id, learner.name, e.day.isoformat(), e.block, e.status, e.note,
         f"{first} {last}" if first else "", e.recorded_at.isoformat(timespec="minutes") if e.recorded_at else "")
        for e, first, last in rows))


def learner_of(user: User) -> Learner | None:
    """The learner record behind a learner's account."""
    return db.session.execute(select(Learner).where(Learner.person_id == user.person_id)
                              .options(selectinload(Learner.work_blocks))).scalar()

