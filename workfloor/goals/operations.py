"""Development plans (ontwikkelingsplannen): goals, their automatic "met", and what the planner needs.

A goal is met automatically once the learner's current level reaches its
target (`refresh_goals`, called after every assessment); the counsellor then
confirms it. Until confirmed, a met goal still feeds the planner, as the pure
`competencies.planning_goals` intends: work that trains it stays favoured
until someone has looked at it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from competencies import Goal, GoalStatus, Rating as PureRating, goal_reached, latest_rating, levels_on, planning_goals
from workfloor import clock
from workfloor.extensions import db
from workfloor.models import Assessment, DevelopmentGoal, Learner, Rating, User, utcnow

WEIGHTS = (1, 2, 3)


MAX_PER_WEEK = 10  # a week has ten blocks


def histories_for(learner_ids: Iterable[int], *, until: date | None = None,
                  include_self: bool = True) -> dict[int, list[PureRating]]:
    """Every rating of these learners as the pure `Rating`, in one query, oldest first."""
    ids = list(set(learner_ids))
    histories: dict[int, list[PureRating]] = {learner_id: [] for learner_id in ids}
    if not ids:
        return histories
    query = (select(Assessment.learner_id, Assessment.day, Assessment.kind, Assessment.created_at,
                    Rating.competency_id, Rating.level, Rating.note)
             .join(Rating.assessment).where(Assessment.learner_id.in_(ids))
             .order_by(Assessment.day, Assessment.created_at, Rating.id))
    if until is not None:
        query = query.where(Assessment.day <= until)
    if not include_self:
        query = query.where(Assessment.kind != "self")
    for learner_id, day, kind, created_at, competency_id, level, note in db.session.execute(query):
        histories[learner_id].append(PureRating(competency_id=competency_id, level=level, date=day, kind=kind,
                                                note=note, recorded_at=created_at))
    return histories


def levels_for(learner_ids: Iterable[int], day: date) -> dict[int, dict[str, int]]:
    """The current level per item of each learner on a day (never-observed items left out); one query."""
    histories = histories_for(learner_ids, until=day, include_self=False)
    return {learner_id: levels_on(history, day) for learner_id, history in histories.items()}


def to_goal(row: DevelopmentGoal) -> Goal:
    """A goal row as the pure Goal; met but unconfirmed counts as still active (see module docstring)."""
    status = GoalStatus(row.status)
    if status is GoalStatus.MET and row.confirmed_at is None:
        status = GoalStatus.ACTIVE
    return Goal(competency_id=row.competency_id, target_level=row.target_level, weight=row.weight,
                status=status, deadline=row.deadline, per_week=row.per_week if row.per_week is not None else 4)


def planning_goals_for(learner_ids: Iterable[int], *, week: bool = False) -> dict[int, list[dict[str, str | int]]]:
    """The goals the planner should favour per learner: [{"competency": id, "weight": w}]; one query.

    ``week``: with each goal's weekly practice target (``per_week``), for the week planner.
    """
    ids = list(set(learner_ids))
    result: dict[int, list[DevelopmentGoal]] = {learner_id: [] for learner_id in ids}
    if ids:
        rows = db.session.execute(
            select(DevelopmentGoal).where(DevelopmentGoal.learner_id.in_(ids),
                                          DevelopmentGoal.status.in_(("active", "met")))
            .order_by(DevelopmentGoal.learner_id, DevelopmentGoal.id)).scalars()
        for row in rows:
            result[row.learner_id].append(row)
    return {learner_id: planning_goals((to_goal(row) for row in rows), week=week)
            for learner_id, rows in result.items()}


def goals_of(learner: Learner) -> list[DevelopmentGoal]:
    """A learner's goals: running first, then met, then stopped; newest first within each."""
    rows = db.session.execute(select(DevelopmentGoal).where(DevelopmentGoal.learner_id == learner.id)
                              .order_by(DevelopmentGoal.created_at.desc(), DevelopmentGoal.id.desc())).scalars().all()
    order = {"active": 0, "met": 1, "stopped": 2}
    return sorted(rows, key=lambda row: order.get(row.status, 3))


def refresh_goals(learner_ids: Iterable[int], *, today: date | None = None) -> list[DevelopmentGoal]:
    """Mark active goals whose target level is now reached as met (reached_on = the day of that rating).

    Called after every assessment save; returns the goals it marked.
    """
    ids = list(set(learner_ids))
    if not ids:
        return []
    today = today or clock.today()
    goals = db.session.execute(select(DevelopmentGoal).where(
        DevelopmentGoal.learner_id.in_(ids), DevelopmentGoal.status == "active")).scalars().all()
    if not goals:
        return []
    histories = histories_for({goal.learner_id for goal in goals}, until=today, include_self=False)
    marked = []
    for goal in goals:
        history = histories[goal.learner_id]
        if goal_reached(to_goal(goal), levels_on(history, today)):
            rating = latest_rating(history, goal.competency_id, today)
            goal.status = "met"
            goal.reached_on = rating.date if rating else today
            marked.append(goal)
    db.session.flush()
    return marked


def save_goal(goal: DevelopmentGoal, *, learner: Learner, competency_id: str, target_level: int, weight: int,
              actions: str, deadline: date | None, status: str | None = None, user: User | None = None,
              today: date | None = None, per_week: int | None = None) -> DevelopmentGoal:
    """Create or change a goal, then check straight away whether it is already reached."""
    Goal(competency_id=competency_id, target_level=target_level, weight=weight)  # refuses nonsense early
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {WEIGHTS}")
    goal.learner_id = learner.id
    goal.competency_id = competency_id
    goal.target_level = target_level
    goal.weight = weight
    if per_week is not None:
        if not 0 <= per_week <= MAX_PER_WEEK:
            raise ValueError(f"per_week must lie between 0 and {MAX_PER_WEEK}")
        goal.per_week = per_week
    goal.actions = actions.strip()
    goal.deadline = deadline
    if goal.id is None:
        goal.created_by_id = user.id if user else None
        db.session.add(goal)
    if status is not None and status != goal.status:
        set_status(goal, status, user=user, today=today)
    db.session.flush()
    if goal.status == "active":
        refresh_goals([learner.id], today=today)
    return goal


def set_status(goal: DevelopmentGoal, status: str, *, user: User | None = None, today: date | None = None) -> None:
    """Move a goal to active, met (by hand: reached today) or stopped."""
    GoalStatus(status)
    goal.status = status
    if status == "met" and goal.reached_on is None:
        goal.reached_on = today or clock.today()
    if status == "active":
        goal.reached_on = None
        goal.confirmed_at = None
        goal.confirmed_by_id = None
    db.session.flush()


def stop_goal(goal: DevelopmentGoal) -> None:
    """Stop working on a goal (it stays in the plan's history)."""
    set_status(goal, "stopped")


def confirm_goal(goal: DevelopmentGoal, user: User) -> None:
    """The counsellor confirms a met goal; from then on it no longer feeds the planner."""
    if goal.status != "met":
        raise ValueError("only a met goal can be confirmed")
    goal.confirmed_by_id = user.id
    goal.confirmed_at = utcnow()
    db.session.flush()


def goals_awaiting_confirmation(learner_ids: Iterable[int]) -> dict[int, int]:
    """How many met-but-unconfirmed goals each learner has (learners without any left out)."""
    ids = list(set(learner_ids))
    counts: dict[int, int] = defaultdict(int)
    if ids:
        for learner_id in db.session.execute(select(DevelopmentGoal.learner_id).where(
                DevelopmentGoal.learner_id.in_(ids), DevelopmentGoal.status == "met",
                DevelopmentGoal.confirmed_at.is_(None))).scalars():
            counts[learner_id] += 1
    return dict(counts)


def active_goal_counts(learner_ids: Iterable[int]) -> dict[int, int]:
    """How many running goals each learner has."""
    ids = list(set(learner_ids))
    counts: dict[int, int] = defaultdict(int)
    if ids:
        for learner_id in db.session.execute(select(DevelopmentGoal.learner_id).where(
                DevelopmentGoal.learner_id.in_(ids), DevelopmentGoal.status == "active")).scalars():
            counts[learner_id] += 1
    return dict(counts)
