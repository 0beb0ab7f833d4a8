"""Version 2: the project's validator agrees with ../shared/planning/check.py on week plans,
including hypothesis-mutated plans (crews moved to another day, people added and dropped)."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_helpers import reference_check, shared_instance
from test_engine_crosscheck import _apply, _mutations

from scheduling import load_problem, solve, validate



@lru_cache(maxsize=None)
def solved_week():
    problem = load_problem(str(shared_instance("week-v2-1")))
    return problem, solve(problem, time_limit=60)


def test_week_plan_agrees_with_check_py():
    problem, plan = solved_week()
    ours = validate(problem, plan)
    ref = reference_check(shared_instance("week-v2-1"), plan)
    assert ours.valid and ref["valid"], (ours.violations[:3], ref["violations"][:3])
    assert list(ours.score) == ref["score"] == list(plan.score)
    assert len(plan.score) == 6


def test_mutated_week_plans_agree():
    problem, plan = solved_week()
    crew_ix = st.integers(0, len(plan.crews) - 1)
    new_day = st.tuples(st.just("day"), crew_ix, st.sampled_from(list(problem.days) + ["2027-01-01", None]))
    flexible = [i for i, c in enumerate(plan.crews) if problem.assignment[c.assignment].flexible]
    other_window_day = st.tuples(st.just("window_day"), st.sampled_from(flexible), st.integers(0, 4))

    def apply(p, m):
        kind, i, arg = m
        crews = list(p.crews)
        if not crews:
            return p
        i %= len(crews)
        if kind == "day":
            crews[i] = replace(crews[i], day=arg)
        elif kind == "window_day":
            window = problem.assignment[crews[i].assignment].window
            crews[i] = replace(crews[i], day=window[arg % len(window)])
        else:
            return _apply(p, m)
        return replace(p, crews=tuple(crews))

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.one_of(new_day, other_window_day, other_window_day, _mutations(problem, plan)),
                    min_size=1, max_size=3))
    def check(mutations):
        mutated = plan
        for m in mutations:
            mutated = apply(mutated, m)
        for c in mutated.crews:  # check.py crashes on a driver who is a crew member with an unknown id
            for u in c.vehicles:
                if u.driver in c.members and problem.person(u.driver) is None:
                    return
        ours = validate(problem, mutated)
        ref = reference_check(shared_instance("week-v2-1"), mutated)
        assert ours.valid == ref["valid"], (ours.violations, ref["violations"])
        assert list(ours.score) == ref["score"]

    check()
