"""Operations on the trajectory file. They flush, never commit: the view or command commits once."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import distinct, func, select

from competencies import DEFAULT_OFFSETS_MONTHS, evaluation_moments
from competencies.periods import add_months
from workfloor import clock
from workfloor.extensions import db
from workfloor.models import (
    Agreement, AttendanceEntry, ContactEntry, DevelopmentGoal, EvaluationMeeting, Learner, Obstacle, PhaseChange,
    TrajectoryContract, TrajectoryOutcome, User, WorkBlock, utcnow,
)
from workfloor.trajectory.rights import Rights, rights_on

# A scheduled evaluation counts as on time when held within this many days of its moment.
ON_TIME_DAYS = 14
# Follow-ups show on the counsellor's start page from this many days ahead.
FOLLOW_UP_AHEAD_DAYS = 7
# Aftercare: contacts in the months after the trajectory ended.
AFTERCARE_MONTHS = 6


def evaluation_months() -> tuple[int, ...]:
    """The scheduled evaluation months (setting EVALUATION_OFFSETS_MONTHS; default 1, 2, 7, 11, 17, 23)."""
    return tuple(current_app.config.get("EVALUATION_OFFSETS_MONTHS", DEFAULT_OFFSETS_MONTHS))


@dataclass(frozen=True)
class Moment:
    """A scheduled evaluation moment and the meeting planned for it, if any."""

    month: int
    due_on: date
    meeting: EvaluationMeeting | None

    @property
    def on_time(self) -> bool | None:
        """Held within ON_TIME_DAYS of the moment: True/False; None while not held."""
        if self.meeting is None or self.meeting.held_on is None:
            return None
        return abs((self.meeting.held_on - self.due_on).days) <= ON_TIME_DAYS


def meetings_of(learner_id: int) -> list[EvaluationMeeting]:
    """A learner's meetings, the latest first."""
    return list(db.session.execute(select(EvaluationMeeting).where(EvaluationMeeting.learner_id == learner_id)
                                   .order_by(EvaluationMeeting.planned_on.desc(),
                                             EvaluationMeeting.id.desc())).scalars())


def schedule(learner: Learner, meetings: Iterable[EvaluationMeeting]) -> list[Moment]:
    """The scheduled moments of the trajectory with the meeting planned for each."""
    by_month = {m.moment_month: m for m in meetings if m.moment_month is not None}
    months = sorted(set(evaluation_months()))
    return [Moment(month, add_months(learner.contract_start, month), by_month.get(month))
            for month in months
            if add_months(learner.contract_start, month) in evaluation_moments(
                learner.contract_start, months, learner.contract_end)]


def plan_meeting(learner: Learner, *, planned_on: date, moment_month: int | None,
                 user: User | None) -> EvaluationMeeting:
    """Plan a meeting; a scheduled moment has at most one meeting."""
    meeting = EvaluationMeeting(learner_id=learner.id, planned_on=planned_on, moment_month=moment_month,
                                created_by_id=user.id if user else None)
    db.session.add(meeting)
    db.session.flush()
    return meeting


class MeetingHeld(ValueError):
    """A meeting that was held (or has agreements) stays in the file: it cannot move or be cancelled."""


def _still_planned(meeting: EvaluationMeeting) -> None:
    if meeting.held_on is not None or meeting.agreements or meeting.signed_at is not None:
        raise MeetingHeld(meeting.id)


def move_meeting(meeting: EvaluationMeeting, planned_on: date) -> None:
    """Plan a meeting that was not held yet on another day."""
    _still_planned(meeting)
    meeting.planned_on = planned_on


def cancel_meeting(meeting: EvaluationMeeting) -> None:
    """Drop a meeting that was not held and has no agreements; its scheduled month is open again."""
    _still_planned(meeting)
    db.session.delete(meeting)
    db.session.flush()


MEETING_FIELDS = ("held_on", "with_supervisor", "with_counsellor", "with_learner", "others", "summary_attitude",
                  "summary_skills", "summary_attendance", "summary_outlook", "learner_view")


def hold_meeting(meeting: EvaluationMeeting, **fields) -> None:
    """Record what was said. A changed report needs the learner's sign-off again."""
    changed = False
    for name in MEETING_FIELDS:
        value = fields[name]
        value = value.strip() if isinstance(value, str) else value
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)
            changed = True
    if changed:
        meeting.signed_at = None
    db.session.flush()


def add_agreement(meeting: EvaluationMeeting, *, what: str, owner: str, deadline: date | None) -> Agreement:
    """A new open agreement of this meeting."""
    agreement = Agreement(learner_id=meeting.learner_id, meeting=meeting, what=what.strip(), owner=owner,
                          deadline=deadline, status="open")
    db.session.add(agreement)
    db.session.flush()
    return agreement


def save_agreement(agreement: Agreement, *, what: str, owner: str, deadline: date | None, status: str) -> None:
    """Change an agreement's text, owner, deadline or status."""
    agreement.what, agreement.owner, agreement.deadline, agreement.status = what.strip(), owner, deadline, status
    db.session.flush()


def link_goal(agreement: Agreement, goal: DevelopmentGoal) -> None:
    """The agreement became this development goal; it stays open until the goal is done."""
    agreement.goal_id = goal.id
    db.session.flush()


# A goal's actions hold at most this many characters (the goal form's limit).
ACTIONS_MAX = 2000


def add_as_action(agreement: Agreement, goal: DevelopmentGoal) -> bool:
    """Add the agreement to a running goal of the same learner as an action; False when the goal's
    actions would grow past ACTIONS_MAX (nothing changes then)."""
    if goal.learner_id != agreement.learner_id or goal.status != "active":
        raise ValueError("an agreement becomes an action of a running goal of its own learner")
    by = f" (tegen {agreement.deadline.strftime('%d/%m/%Y')})" if agreement.deadline else ""
    line = f"- {agreement.what}{by}"
    actions = f"{goal.actions}\n{line}" if goal.actions else line
    if len(actions) > ACTIONS_MAX:
        return False
    goal.actions = actions
    agreement.goal_id = goal.id
    db.session.flush()
    return True


def sign(meeting: EvaluationMeeting) -> None:
    """The learner's "gelezen en besproken"."""
    meeting.signed_at = utcnow()
    db.session.flush()


def open_agreements(learner_ids: Iterable[int], *, before: EvaluationMeeting | None = None
                    ) -> dict[int, list[Agreement]]:
    """The open agreements per learner, soonest deadline first; `before` leaves out that meeting's own."""
    ids = list(set(learner_ids))
    result: dict[int, list[Agreement]] = {learner_id: [] for learner_id in ids}
    if not ids:
        return result
    query = select(Agreement).where(Agreement.learner_id.in_(ids), Agreement.status == "open")
    if before is not None:
        query = query.where(Agreement.meeting_id != before.id)
    for agreement in db.session.execute(query.order_by(Agreement.deadline.is_(None), Agreement.deadline,
                                                       Agreement.id)).scalars():
        result[agreement.learner_id].append(agreement)
    return result


# Contacts -----------------------------------------------------------------------------------------------

CONTACT_FIELDS = ("day", "kind", "note", "follow_up_on", "follow_up_done")


def save_contact(contact: ContactEntry, *, learner: Learner, user: User | None, **fields) -> ContactEntry:
    """Log a new contact or change one."""
    contact.learner_id = learner.id
    for name in CONTACT_FIELDS:
        value = fields.get(name, getattr(contact, name))
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    contact.follow_up_done = bool(contact.follow_up_done)
    if contact.id is None:
        contact.author_id = user.id if user else None
        db.session.add(contact)
    db.session.flush()
    return contact


def contacts_of(learner_id: int) -> list[ContactEntry]:
    """A learner's contacts, newest first."""
    return list(db.session.execute(select(ContactEntry).where(ContactEntry.learner_id == learner_id)
                                   .order_by(ContactEntry.day.desc(), ContactEntry.id.desc())).scalars())


def due_follow_ups(learner_ids: Iterable[int], today: date) -> list[ContactEntry]:
    """Follow-ups not done yet, due up to FOLLOW_UP_AHEAD_DAYS from today (overdue included), soonest first."""
    ids = list(set(learner_ids))
    if not ids:
        return []
    return list(db.session.execute(select(ContactEntry).where(
        ContactEntry.learner_id.in_(ids), ContactEntry.follow_up_done.is_(False),
        ContactEntry.follow_up_on.is_not(None),
        ContactEntry.follow_up_on <= today + timedelta(days=FOLLOW_UP_AHEAD_DAYS))
        .order_by(ContactEntry.follow_up_on, ContactEntry.id)).scalars())


def aftercare_until(outcome: TrajectoryOutcome | None) -> date | None:
    """Until when contacts count as aftercare (AFTERCARE_MONTHS after the trajectory ended)."""
    return add_months(outcome.ended_on, AFTERCARE_MONTHS) if outcome else None


# Obstacles ----------------------------------------------------------------------------------------------

def signal_obstacle(learner: Learner, *, category: str, note: str, affects_work: bool, user: User | None,
                    today: date) -> Obstacle:
    """A supervisor or counsellor signals an obstacle."""
    obstacle = Obstacle(learner_id=learner.id, category=category, note=note.strip(), affects_work=affects_work,
                        signalled_on=today, signalled_by_id=user.id if user else None, status="open")
    db.session.add(obstacle)
    db.session.flush()
    return obstacle


def follow_up_obstacle(obstacle: Obstacle, *, action_taken: str, affects_work: bool, status: str,
                       solved_on: date | None) -> None:
    """The counsellor writes what was done and, when it is, marks it solved."""
    obstacle.action_taken = action_taken.strip()
    obstacle.affects_work = affects_work
    obstacle.status = status
    obstacle.solved_on = solved_on if status == "solved" else None
    db.session.flush()


def obstacles_of(learner_id: int) -> list[Obstacle]:
    """A learner's obstacles: open first, then the newest."""
    rows = db.session.execute(select(Obstacle).where(Obstacle.learner_id == learner_id)
                              .order_by(Obstacle.signalled_on.desc(), Obstacle.id.desc())).scalars().all()
    return sorted(rows, key=lambda row: row.status != "open")


def open_obstacles(learner_ids: Iterable[int]) -> dict[int, list[Obstacle]]:
    """The open obstacles per learner (learners without any left out)."""
    ids = list(set(learner_ids))
    result: dict[int, list[Obstacle]] = defaultdict(list)
    if ids:
        for row in db.session.execute(select(Obstacle).where(Obstacle.learner_id.in_(ids), Obstacle.status == "open")
                                      .order_by(Obstacle.signalled_on, Obstacle.id)).scalars():
            result[row.learner_id].append(row)
    return dict(result)


# Outcome ------------------------------------------------------------------------------------------------

def outcome_of(learner_id: int) -> TrajectoryOutcome | None:
    return db.session.execute(select(TrajectoryOutcome).where(TrajectoryOutcome.learner_id == learner_id)).scalar()


def record_outcome(learner: Learner, outcome: TrajectoryOutcome | None, *, ended_on: date, kind: str, employer: str,
                   reason: str, user: User | None) -> TrajectoryOutcome:
    """End the trajectory: the outcome, and the contract ends that day (if it ran longer)."""
    if outcome is None:
        outcome = TrajectoryOutcome(learner_id=learner.id, recorded_by_id=user.id if user else None)
        db.session.add(outcome)
    outcome.ended_on, outcome.kind, outcome.employer, outcome.reason = ended_on, kind, employer.strip(), reason.strip()
    if learner.contract_end is None or learner.contract_end > ended_on:
        learner.contract_end = ended_on
    db.session.flush()
    return outcome


# Contract and rights -----------------------------------------------------------------------------------

ATTENDED = ("present", "late")


def rights_bands() -> tuple[tuple[int, int], ...]:
    """The days needed for rights per age band: ((from age, days), ...) (setting RIGHTS_DAYS_BY_AGE)."""
    return tuple(current_app.config.get("RIGHTS_DAYS_BY_AGE", ((0, 312), (36, 468), (50, 624))))


def contract_of(learner_id: int) -> TrajectoryContract | None:
    return db.session.execute(select(TrajectoryContract).where(TrajectoryContract.learner_id == learner_id)).scalar()


def days_worked(learner_ids: Iterable[int], until: date) -> dict[int, int]:
    """Days with at least one attended block during the current contract, per learner; one query."""
    ids = list(set(learner_ids))
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    rows = db.session.execute(
        select(AttendanceEntry.learner_id, func.count(distinct(AttendanceEntry.day)))
        .join(Learner, Learner.id == AttendanceEntry.learner_id)
        .where(AttendanceEntry.learner_id.in_(ids), AttendanceEntry.status.in_(ATTENDED),
               AttendanceEntry.day >= Learner.contract_start, AttendanceEntry.day <= until)
        .group_by(AttendanceEntry.learner_id))
    for learner_id, days in rows:
        result[learner_id] = days
    return result


def rights_for(learners: Iterable[Learner], today: date) -> dict[int, Rights]:
    """Each learner's contract standing (learners without a contract row use the first age band)."""
    learners = list(learners)
    ids = [learner.id for learner in learners]
    contracts = {c.learner_id: c for c in db.session.execute(
        select(TrajectoryContract).where(TrajectoryContract.learner_id.in_(ids))).scalars()} if ids else {}
    worked = days_worked(ids, today)
    weekdays: dict[int, set[int]] = defaultdict(set)
    if ids:  # one query for every pattern, not one per learner
        for learner_id, weekday in db.session.execute(select(WorkBlock.learner_id, WorkBlock.weekday)
                                                      .where(WorkBlock.learner_id.in_(ids))):
            weekdays[learner_id].add(weekday)
    default_needed = rights_bands()[0][1]
    result = {}
    for learner in learners:
        contract = contracts.get(learner.id)
        result[learner.id] = rights_on(
            today, days_worked=worked[learner.id] + (contract.prior_days if contract else 0),
            days_needed=contract.days_needed if contract else default_needed,
            weekdays=weekdays[learner.id], ends_on=learner.contract_end)
    return result


def save_contract(learner: Learner, contract: TrajectoryContract | None, *, kind: str, intake_on: date | None,
                  days_needed: int, prior_days: int) -> TrajectoryContract:
    """Create or change the learner's contract row."""
    if contract is None:
        contract = TrajectoryContract(learner_id=learner.id)
        db.session.add(contract)
    contract.kind, contract.intake_on, contract.days_needed, contract.prior_days = kind, intake_on, days_needed, \
        prior_days
    db.session.flush()
    return contract


def phase_history(learner_id: int) -> list[PhaseChange]:
    """The phases the learner went through, the latest first."""
    return list(db.session.execute(select(PhaseChange).where(PhaseChange.learner_id == learner_id)
                                   .order_by(PhaseChange.started_on.desc(), PhaseChange.id.desc())).scalars())


def change_phase(learner: Learner, *, phase: str, started_on: date, note: str, user: User | None) -> PhaseChange:
    """The learner enters a phase on a day; the file's phase follows when that day has come."""
    change = PhaseChange(learner_id=learner.id, phase=phase, started_on=started_on, note=note.strip(),
                         recorded_by_id=user.id if user else None)
    db.session.add(change)
    if started_on <= clock.today():
        learner.phase = phase
    db.session.flush()
    return change
