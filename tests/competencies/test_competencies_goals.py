from datetime import date

import pytest

from competencies.goals import Goal, GoalStatus, active_goals, goal_reached, goals_due, planning_goals

TODAY = date(2026, 3, 16)


def test_statuses_have_dutch_labels():
    assert [(s.value, s.label) for s in GoalStatus] == [
        ("active", "Lopend"), ("met", "Behaald"), ("stopped", "Stopgezet")]


def test_goal_reached_when_the_target_level_is_reached():
    goal = Goal("green.hedge_trimming", 3)
    assert not goal_reached(goal, {})
    assert not goal_reached(goal, {"green.hedge_trimming": None})
    assert not goal_reached(goal, {"green.hedge_trimming": 2})
    assert goal_reached(goal, {"green.hedge_trimming": 3})
    assert goal_reached(goal, {"green.hedge_trimming": 4})


def test_planning_goals_are_the_active_goals_with_their_weight():
    goals = [Goal("green.hedge_trimming", 3, weight=3), Goal("attitude.teamwork", 3, status="met"),
             Goal("attitude.safety", 4, weight=2, status=GoalStatus.STOPPED), Goal("green.mowing", 2)]
    assert planning_goals(goals) == [{"competency": "green.hedge_trimming", "weight": 3},
                                     {"competency": "green.mowing", "weight": 1}]
    assert planning_goals([]) == []


def test_a_reached_but_unconfirmed_goal_still_feeds_the_planner():
    goal = Goal("green.mowing", 2, weight=2)
    assert goal_reached(goal, {"green.mowing": 3})
    assert planning_goals([goal]) == [{"competency": "green.mowing", "weight": 2}]


def test_goals_due_are_active_within_the_horizon_soonest_first():
    overdue = Goal("green.mowing", 2, deadline=date(2026, 3, 1))
    soon = Goal("green.planting", 2, deadline=date(2026, 3, 30))
    later = Goal("green.pruning", 2, deadline=date(2026, 3, 31))
    done = Goal("green.weeding", 2, deadline=date(2026, 3, 20), status="met")
    undated = Goal("green.leaf_clearing", 2)
    assert goals_due([later, soon, done, undated, overdue], TODAY) == [overdue, soon]
    assert goals_due([later], TODAY, within_days=15) == [later]


def test_active_goals():
    goals = [Goal("green.mowing", 2), Goal("green.planting", 2, status="stopped")]
    assert active_goals(goals) == goals[:1]


@pytest.mark.parametrize("fields", [
    {"competency_id": "", "target_level": 3},
    {"competency_id": "green.mowing", "target_level": 0},
    {"competency_id": "green.mowing", "target_level": 5},
    {"competency_id": "green.mowing", "target_level": None},
    {"competency_id": "green.mowing", "target_level": 3, "weight": 0},
    {"competency_id": "green.mowing", "target_level": 3, "weight": 1.5},
    {"competency_id": "green.mowing", "target_level": 3, "status": "done"},
])
def test_invalid_goals_are_refused(fields):
    with pytest.raises(ValueError):
        Goal(**fields)
