"""The city's report: per floor and period, what the leerwerkplaats did and where learners went.

Every figure keeps the learners behind it (`Figure.learner_ids`), so the page can show who is
counted; the caller limits the learners to what the reader may see. The rules, in one place:

- active: the contract overlaps the period (start <= period end, no end or end >= period start);
- hours: attended blocks (present or late) in the period times the block's length (BLOCK_HOURS);
- attendance rate: attended blocks over recorded blocks in the period (competencies.attendance_summary);
- evaluations due: scheduled moments (setting EVALUATION_OFFSETS_MONTHS) in the period, up to today;
  on time: a meeting for that moment held within ON_TIME_DAYS of it;
- obstacles open: signalled by the period's end and not solved by then; solved: solved in the period;
- outcomes: trajectories that ended in the period, per kind, with the share to regular work and to
  the social economy;
- assignments delivered: assignments on the floor in the period, up to today, not cancelled.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, func, or_, select

from competencies import AttendanceRecord, attendance_summary, evaluation_moments
from workfloor import clock
from workfloor.extensions import db
from workfloor.models import (
    Assignment, AttendanceEntry, EvaluationMeeting, Floor, Learner, Obstacle, TrajectoryOutcome,
)
from workfloor.trajectory.operations import ON_TIME_DAYS, evaluation_months
from workfloor.trajectory.vocabulary import OutcomeKind
from workfloor.vocabulary import BLOCK_HOURS


def block_hours(block: str) -> float:
    """The length of a block in hours, from its start and end (BLOCK_HOURS)."""
    start, end = (datetime.strptime(moment, "%H:%M") for moment in BLOCK_HOURS[block])
    return (end - start).seconds / 3600


@dataclass
class Figure:
    """A number and the learners it counts."""

    value: float = 0
    learner_ids: set[int] = field(default_factory=set)

    def add(self, learner_id: int, amount: float = 1) -> None:
        self.value += amount
        self.learner_ids.add(learner_id)


@dataclass
class CityReport:
    """The figures of one floor (or all floors the reader sees) over one period."""

    start: date
    end: date
    floor: Floor | None
    active: Figure = field(default_factory=Figure)
    hours: Figure = field(default_factory=Figure)
    blocks_attended: int = 0
    blocks_recorded: int = 0
    attendance_learner_ids: set[int] = field(default_factory=set)  # whose recorded blocks the rate counts
    evaluations_due: Figure = field(default_factory=Figure)
    evaluations_on_time: Figure = field(default_factory=Figure)
    obstacles_open: Figure = field(default_factory=Figure)
    obstacles_solved: Figure = field(default_factory=Figure)
    outcomes: dict[str, Figure] = field(default_factory=lambda: {kind.value: Figure() for kind in OutcomeKind})
    assignments_delivered: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.blocks_attended / self.blocks_recorded if self.blocks_recorded else None

    @property
    def on_time_rate(self) -> float | None:
        due = self.evaluations_due.value
        return self.evaluations_on_time.value / due if due else None

    @property
    def outcomes_total(self) -> int:
        return int(sum(figure.value for figure in self.outcomes.values()))

    def outcome_rate(self, kind: str) -> float | None:
        total = self.outcomes_total
        return self.outcomes[kind].value / total if total else None

    def rows(self) -> list[tuple[str, object]]:
        """The figures as (key, value), rates in percent: one home for the CSV file and the command line."""
        rows = [("learners_active", int(self.active.value)), ("hours_worked", round(self.hours.value, 1)),
                ("attendance_rate", _pct(self.attendance_rate)),
                ("evaluations_due", int(self.evaluations_due.value)),
                ("evaluations_on_time", int(self.evaluations_on_time.value)),
                ("evaluations_on_time_rate", _pct(self.on_time_rate)),
                ("obstacles_open", int(self.obstacles_open.value)),
                ("obstacles_solved", int(self.obstacles_solved.value)),
                ("outcomes_total", self.outcomes_total)]
        rows += [(f"outcome_{kind}", int(figure.value)) for kind, figure in self.outcomes.items()]
        rows += [("regular_job_rate", _pct(self.outcome_rate("regular_job"))),
                 ("social_economy_rate", _pct(self.outcome_rate("social_economy"))),
                 ("assignments_delivered", self.assignments_delivered)]
        return rows


def _pct(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}"


def active_learners(scope: Select, start: date, end: date, floor_id: int | None) -> list[Learner]:
    """The learners of `scope` whose contract overlaps the period, on the floor if one is given."""
    query = scope.where(Learner.contract_start <= end,
                        or_(Learner.contract_end.is_(None), Learner.contract_end >= start))
    if floor_id is not None:
        query = query.where(Learner.floors.any(Floor.id == floor_id))
    return list(db.session.execute(query.order_by(Learner.id)).scalars().unique())


def city_report(scope: Select, start: date, end: date, *, floor: Floor | None = None,
                floor_ids: Iterable[int] | None = None, today: date | None = None) -> CityReport:
    """The figures over [start, end] for the learners of `scope` (a select of learners the reader may see).

    `floor` limits learners and assignments to one floor; otherwise assignments count on `floor_ids`
    (None: every floor).
    """
    today = today or clock.today()
    report = CityReport(start=start, end=end, floor=floor)
    learners = active_learners(scope, start, end, floor.id if floor else None)
    ids = [learner.id for learner in learners]
    for learner in learners:
        report.active.add(learner.id)
    if ids:
        _attendance(report, ids, start, end)
        _evaluations(report, learners, start, min(end, today))
        _obstacles(report, ids, start, end)
        _outcomes(report, ids, start, end)
    assignments = select(func.count()).select_from(Assignment).where(
        Assignment.day >= start, Assignment.day <= min(end, today), Assignment.cancelled.is_(False))
    if floor is not None:
        assignments = assignments.where(Assignment.floor_id == floor.id)
    elif floor_ids is not None:
        assignments = assignments.where(Assignment.floor_id.in_(list(floor_ids)))
    report.assignments_delivered = db.session.scalar(assignments) or 0
    return report


def _attendance(report: CityReport, ids: list[int], start: date, end: date) -> None:
    records: dict[int, list[AttendanceRecord]] = defaultdict(list)
    for entry in db.session.execute(select(AttendanceEntry).where(
            AttendanceEntry.learner_id.in_(ids), AttendanceEntry.day >= start, AttendanceEntry.day <= end)
            .order_by(AttendanceEntry.day, AttendanceEntry.recorded_at, AttendanceEntry.id)).scalars():
        records[entry.learner_id].append(AttendanceRecord(entry.day, entry.block, entry.status))
    for learner_id, rows in records.items():
        summary = attendance_summary(rows, start, end)
        report.attendance_learner_ids.add(learner_id)
        report.blocks_recorded += summary.scheduled
        report.blocks_attended += summary.attended
        for record in rows:
            if record.status.attended:
                report.hours.add(learner_id, block_hours(record.block))


def _evaluations(report: CityReport, learners: list[Learner], start: date, until: date) -> None:
    months = sorted(set(evaluation_months()))
    held: dict[tuple[int, int], date] = {}
    for learner_id, month, held_on in db.session.execute(
            select(EvaluationMeeting.learner_id, EvaluationMeeting.moment_month, EvaluationMeeting.held_on).where(
                EvaluationMeeting.learner_id.in_([learner.id for learner in learners]),
                EvaluationMeeting.moment_month.is_not(None), EvaluationMeeting.held_on.is_not(None))):
        held[(learner_id, month)] = held_on
    for learner in learners:
        moments = evaluation_moments(learner.contract_start, months, learner.contract_end)
        for month, moment in zip(months, moments):
            if not start <= moment <= until:
                continue
            report.evaluations_due.add(learner.id)
            held_on = held.get((learner.id, month))
            if held_on is not None and abs((held_on - moment).days) <= ON_TIME_DAYS:
                report.evaluations_on_time.add(learner.id)


def _obstacles(report: CityReport, ids: list[int], start: date, end: date) -> None:
    for row in db.session.execute(select(Obstacle).where(Obstacle.learner_id.in_(ids),
                                                         Obstacle.signalled_on <= end)).scalars():
        solved_by_end = row.status == "solved" and row.solved_on is not None and row.solved_on <= end
        if not solved_by_end:
            report.obstacles_open.add(row.learner_id)
        if row.status == "solved" and row.solved_on is not None and start <= row.solved_on <= end:
            report.obstacles_solved.add(row.learner_id)


def _outcomes(report: CityReport, ids: list[int], start: date, end: date) -> None:
    for row in db.session.execute(select(TrajectoryOutcome).where(
            TrajectoryOutcome.learner_id.in_(ids), TrajectoryOutcome.ended_on >= start,
            TrajectoryOutcome.ended_on <= end)).scalars():
        report.outcomes[row.kind].add(row.learner_id)
