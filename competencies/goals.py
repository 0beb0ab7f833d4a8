"""Development-plan goals: when one is reached, which feed the planner, which are due."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from competencies.scale import LEVELS


class GoalStatus(StrEnum):
    """Where a goal stands; only the counsellor moves it out of active."""

    ACTIVE = "active"
    MET = "met"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        """Dutch label."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {GoalStatus.ACTIVE: "Lopend", GoalStatus.MET: "Behaald", GoalStatus.STOPPED: "Stopgezet"}


@dataclass(frozen=True)
class Goal:
    """A goal in a learner's development plan: reach a level on one item."""

    competency_id: str
    target_level: int
    weight: int = 1
    status: GoalStatus = GoalStatus.ACTIVE
    deadline: date | None = None
    per_week: int = 4  # blocks of practice a week that count in full for the week planner

    def __post_init__(self) -> None:
        if not self.competency_id:
            raise ValueError("a goal needs a competency")
        if type(self.target_level) is not int or self.target_level not in LEVELS:
            raise ValueError(f"target level must be one of {LEVELS}, got {self.target_level!r}")
        if type(self.weight) is not int or self.weight < 1:
            raise ValueError(f"weight must be a whole number of at least 1, got {self.weight!r}")
        if type(self.per_week) is not int or self.per_week < 0:
            raise ValueError(f"per_week must be a whole number of at least 0, got {self.per_week!r}")
        object.__setattr__(self, "status", GoalStatus(self.status))


def goal_reached(goal: Goal, levels: Mapping[str, int | None]) -> bool:
    """Whether the current level reaches the goal's target (the counsellor then confirms it)."""
    return (levels.get(goal.competency_id) or 0) >= goal.target_level


def active_goals(goals: Iterable[Goal]) -> list[Goal]:
    """The goals still being worked on."""
    return [goal for goal in goals if goal.status is GoalStatus.ACTIVE]


def planning_goals(goals: Iterable[Goal], *, week: bool = False) -> list[dict[str, str | int]]:
    """The active goals as the planner's `goals`: [{"competency": id, "weight": w}].

    With ``week`` (the week planner, format 2) each also carries its ``per_week`` target.

    A goal reached but not yet confirmed stays active, so the planner keeps
    favouring that work until the counsellor confirms it.
    """
    return [{"competency": goal.competency_id, "weight": goal.weight, **({"per_week": goal.per_week} if week else {})}
            for goal in active_goals(goals)]


def goals_due(goals: Iterable[Goal], today: date, within_days: int = 14) -> list[Goal]:
    """Active goals with a deadline within `within_days` from today, overdue ones included, soonest first."""
    horizon = today + timedelta(days=within_days)
    due = [goal for goal in active_goals(goals) if goal.deadline is not None and goal.deadline <= horizon]
    return sorted(due, key=lambda goal: goal.deadline)
