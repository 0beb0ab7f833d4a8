"""The week's bounds read off the problem (``weekbounds``) never fall below what a plan reaches.

Each bound is a cap the solver adds as a constraint and a proof when a plan reaches it, so one
that cuts off a plan would make the engine return a worse plan and call it optimal. On random
tiny weeks every valid plan is enumerated and checked against each bound; hand-built weeks check
that the bounds are tight where they should be.
"""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from ortools.sat.python import cp_model
from sched_helpers import valid_week_scores, week_instance
from test_week_properties import tiny_weeks

from scheduling import Crew, Plan, problem_from_json, solve, validate
from scheduling.score import PLACED, PRIORITY
from scheduling.weekbounds import (
    days_bound, fairness_bound, goals_bound, least_vehicle_blocks, level_cap, mentor_bound,
)

MON, TUE = "2026-12-07", "2026-12-08"


def solve_alone(model, seconds):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    return solver, solver.solve(model)


def every_plan(problem):
    """The score of every valid week plan."""
    return list(valid_week_scores(problem))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_weeks())
def test_no_bound_falls_below_a_valid_plan(problem):
    scores = every_plan(problem)
    goals, mentor = goals_bound(problem, 5.0), mentor_bound(problem)
    placed_most, priority_most = (days_bound(problem, level.terms, solve_alone, time.monotonic() + 10.0)
                                  for level in (PLACED, PRIORITY))
    for placed, priority, fairness, goal, with_mentor, vehicles in set(scores):
        assert placed_most >= placed and priority_most >= priority
        assert fairness_bound(problem, placed) >= fairness
        assert goals >= goal
        assert mentor >= with_mentor
        least = least_vehicle_blocks(problem, placed, priority, 5.0)
        assert least is not None and least <= -vehicles


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_weeks())
def test_caps_given_the_optimum_of_the_levels_before_hold(problem):
    # What the solver asks: each level's cap, given the best plan's earlier levels held, is at
    # least that plan's value on the level (the lexicographic optimum holds every earlier level).
    scores = every_plan(problem)
    if not scores:
        return
    best = max(scores)
    names = ("fairness", "goals", "mentor", "-vehicle_blocks")
    for name, value in zip(names, best[2:]):
        cap = level_cap(problem, name, (best[0], best[0]), best[1], True, 5.0)
        assert cap is None or cap >= value, name


def test_each_learners_own_best_week_bounds_the_goals():
    # One seat on Monday's mowing job, two learners who both want to mow: one can practise, but
    # each on their own could (2 + 2); per_week caps the count (weight 1, per_week 1 -> 1 each).
    data = week_instance(days=[MON, TUE], learners=[{"goals": [{"competency": "green.mowing", "weight": 2,
                                                                 "per_week": 3}]},
                                                    {"goals": [{"competency": "green.mowing", "weight": 1,
                                                                "per_week": 1}]}],
                         supervisors=[{}], assignments=[{"day": MON, "max_learners": 1, "trains": ["green.mowing"]},
                                                        {"day": TUE, "blocks": ["am", "pm"],
                                                         "trains": ["green.mowing"]}])
    problem = problem_from_json(data)
    # L1: Monday am (1) + Tuesday am-pm (2) = 3 blocks, weight 2 -> 6; L2: 1 block counts -> 1.
    assert goals_bound(problem) == 7
    plan = solve(problem, time_limit=20, workers=1)
    assert plan.status == "optimal" and plan.score[3] == 7


def test_each_day_apart_counts_a_flexible_job_on_every_day_of_its_window():
    # One supervisor, two learners, mornings: a job for one on Monday, a flexible one for two on
    # Monday or Tuesday. The week places 3 (the job Monday, the flexible one Tuesday); each day on
    # its own may take the flexible job (2 + 2): the bound stays above every plan, and is 4.
    data = week_instance(days=[MON, TUE], learners=[{}, {}], supervisors=[{}],
                         assignments=[{"max_learners": 1}, {"day": None, "days": [MON, TUE], "max_learners": 2}],
                         blocks_free=["am"])
    problem = problem_from_json(data)
    plan = solve(problem, time_limit=20, workers=1)
    assert plan.status == "optimal" and plan.score[0] == 3
    assert days_bound(problem, PLACED.terms, solve_alone, time.monotonic() + 10.0) == 4


def test_a_mentor_is_in_one_crew_per_block():
    # S1 mentors three learners; two jobs on Monday morning hold two learners each: with S1 in one
    # of them, at most two mentees work beside their mentor (the third has the other job).
    data = week_instance(days=[MON], learners=[{"mentor": "S1"}, {"mentor": "S1"}, {"mentor": "S1"}],
                         supervisors=[{}, {}], assignments=[{"max_learners": 2}, {"max_learners": 2}],
                         blocks_free=["am"])
    problem = problem_from_json(data)
    assert mentor_bound(problem) == 2
    plan = solve(problem, time_limit=20, workers=1)
    assert plan.status == "optimal" and plan.score[4] == 2 and plan.bound[4] == 2


def test_off_site_crews_need_vans_enough_to_seat_them():
    # Two off-site jobs on Monday morning, each for three learners and a supervisor (four people);
    # three-seat pick-ups only (the learners may drive): each crew takes two, so placing all six
    # learners takes four vans.
    data = week_instance(days=[MON], learners=[{"licences": ["B"]}] * 6, supervisors=[{}, {}],
                         vehicles=[{"seats": 3}] * 4,
                         assignments=[{"max_learners": 3, "min_learners": 3, "travel_minutes": 10}] * 2,
                         blocks_free=["am"])
    problem = problem_from_json(data)
    assert least_vehicle_blocks(problem, 6, 0) == 4
    assert least_vehicle_blocks(problem, 3, 0) == 2  # one crew placed
    plan = solve(problem, time_limit=20, workers=1)
    assert plan.status == "optimal" and plan.score[5] == -4 and plan.bound[5] == -4


def test_the_mentor_parts_move_people_a_day_at_a_time():
    # Monday and Tuesday morning, two one-learner jobs a day; each learner starts beside the other's
    # mentor. The mentor level's first parts free one day's people at a time: each day's swap follows.
    import time

    from scheduling.solver import _Callback, _expr, _Run
    from scheduling.weeksolver import _Week
    data = week_instance(days=[MON, TUE], learners=[{"mentor": "S1"}, {"mentor": "S2"}], supervisors=[{}, {}],
                         assignments=[{"day": d, "max_learners": 1} for d in (MON, MON, TUE, TUE)],
                         blocks_free=["am"])
    problem = problem_from_json(data)
    run = _Run(problem, 20, 1, None, None)
    week = _Week(problem, problem.days, [], [], set(), False)
    m = week.build(by_goals=True)
    terms = m.level_terms("mentor")
    m.cp.maximize(_expr(terms))
    a1, a2, a3, a4 = (a.id for a in problem.assignments)
    poor = [Crew(a1, ("L1",), ("S2",), (), day=MON), Crew(a2, ("L2",), ("S1",), (), day=MON),
            Crew(a3, ("L1",), ("S2",), (), day=TUE), Crew(a4, ("L2",), ("S1",), (), day=TUE)]
    solution = {v.index: value for v, value in m.hint(poor)}
    assert sum(c * solution[v.index] for c, v in terms) == 0
    better = week.improve(run, m, terms, solution, time.monotonic() + 15, _Callback(run, week, m, []), "mentor")
    assert sum(c * better[v.index] for c, v in terms) == 4
    crews = m.crews(lambda v: better[v.index])
    assert validate(problem, Plan(problem.name, "feasible", tuple(crews), format=problem.plan_format)).valid
