"""The big week: the greedy first plan (weekstart), the learners' local search (weekfill), the big-week solve."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from sched_helpers import reference_check, shared_instance
from test_week_properties import tiny_weeks

from scheduling import Plan, load_problem, problem_from_json, solve, validate
from scheduling.score import score
from scheduling.solver import _Run
from scheduling.weekbig import solve_big_week
from scheduling.weekbounds import fairness_bound
from scheduling.weekfill import improve_learners
from scheduling.weeksolver import _Week
from scheduling.weekstart import first_week_plan, greedy_week, problem_is_big
from tests.shared_files import shared_file


def _plan(problem, crews):
    return Plan(problem.name, "feasible", tuple(crews), format=problem.plan_format)


def _generated(tmp_path, size, seed):
    path = tmp_path / f"{size}-v2-{seed}.json"
    out = subprocess.run([sys.executable, str(shared_file("generate.py")), "--size", size, "--seed", str(seed),
                          "--v2"], capture_output=True, text=True, check=True).stdout
    path.write_text(out)
    return path


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_greedy_week_is_valid_on_generated_weeks(tmp_path, seed):
    path = _generated(tmp_path, "week", seed)
    problem = load_problem(str(path))
    crews = greedy_week(problem, problem.days)
    if crews is None:  # it may miss a tight mandatory job: then the engine builds the first plan with CP-SAT
        return
    assert validate(problem, _plan(problem, crews)).valid
    assert reference_check(path, _plan(problem, crews))["valid"]
    assert all(c.day in problem.assignment[c.assignment].window for c in crews)


def test_greedy_week_plans_the_reference_weeks():
    for name in ("week-v2-1", "large-week-v2-1"):
        path = shared_instance(name)
        problem = load_problem(str(path))
        crews = greedy_week(problem, problem.days)
        assert crews is not None, name  # week-v2-1 needs a crew with two vans (a 3-seat trailer van)
        assert validate(problem, _plan(problem, crews)).valid
        assert reference_check(path, _plan(problem, crews))["valid"]


def test_learners_local_search_raises_the_score_and_keeps_the_plan_valid():
    path = shared_instance("large-week-v2-1")
    problem = load_problem(str(path))
    crews = greedy_week(problem, problem.days)
    better = improve_learners(problem, crews, until=float("inf"))
    assert validate(problem, _plan(problem, better)).valid
    assert reference_check(path, _plan(problem, better))["valid"]
    assert score(problem, better) > score(problem, crews)
    # Supervisors and vans stay where they were: only learners move.
    assert [(c.assignment, c.day, c.supervisors, tuple(u.vehicle for u in c.vehicles)) for c in better] == \
        [(c.assignment, c.day, c.supervisors, tuple(u.vehicle for u in c.vehicles)) for c in crews]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_weeks())
def test_greedy_and_local_search_on_tiny_weeks_give_valid_plans(problem):
    crews = greedy_week(problem, problem.days)
    if crews is None:
        return
    assert validate(problem, _plan(problem, crews)).valid
    better = improve_learners(problem, crews, until=float("inf"))
    assert validate(problem, _plan(problem, better)).valid
    assert score(problem, better) >= score(problem, crews)


def test_first_week_plan_is_told_at_once_and_day_by_day_only_on_small_weeks():
    small = load_problem(str(shared_instance("week-v2-1")))
    big = load_problem(str(shared_instance("large-week-v2-1")))
    assert not problem_is_big(small) and problem_is_big(big)
    told, asked = [], []
    crews = first_week_plan(big, big.days, (), told.append, lambda: asked.append(1))
    assert told == [crews] and not asked  # the big week does not wait for CP-SAT's day-by-day plan
    told = []
    crews = first_week_plan(small, small.days, (), told.append, lambda: None)
    assert told and told[-1] == crews and validate(small, _plan(small, crews)).valid


def test_the_big_week_steps_on_a_small_week_keep_every_rule_and_never_lose():
    path = shared_instance("week-v2-1")
    problem = load_problem(str(path))
    start = greedy_week(problem, problem.days)
    run = _Run(problem, 15, 1, None, None)
    w = _Week(problem, problem.days, [], [], set(), False, start)
    crews, bound, stats = solve_big_week(run, w, start, run.deadline, lambda placed: fairness_bound(problem, placed))
    plan = _plan(problem, crews)
    assert validate(problem, plan).valid and reference_check(path, plan)["valid"]
    assert score(problem, crews) > score(problem, start)  # the parts place more than the greedy's 326
    assert len(bound) == 6 and all(b is None or b >= v for b, v in zip(bound, score(problem, crews)))
    assert {s.level for s in stats} >= {"fairness", "goals", "mentor", "-vehicle_blocks"}


@pytest.mark.parametrize("seconds", [12, 40])  # 12: the greedy plan and the learners only; 40: the parts too
def test_a_big_week_with_a_short_limit_still_gets_a_valid_plan(seconds):
    path = shared_instance("large-week-v2-1")
    problem = load_problem(str(path))
    firsts = []
    plan = solve(problem, time_limit=seconds, on_progress=lambda s, b, e: firsts.append(s))
    assert plan.status == "feasible"
    assert validate(problem, plan).valid
    assert reference_check(path, plan)["valid"]
    assert firsts and plan.score >= firsts[0]  # never below the first plan it told of
    assert json.dumps(plan.bound)  # a bound per level (None where unknown), as the plan's JSON carries it
