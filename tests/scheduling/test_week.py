"""SPEC version 2, the week: input, rule 9, each new score level, replanning, pins, explanations, progress."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sched_helpers import ROOT, deep, reference_check, shared_instance, week_instance

from scheduling import (Crew, Pin, ProblemError, load_plan, load_problem, plan_to_json, problem_from_json, solve,
                        suggest, validate)
from scheduling.model import Plan

MON, TUE, WED = "2026-12-07", "2026-12-08", "2026-12-09"


def solved(data, **kw):
    problem = problem_from_json(data)
    plan = solve(problem, time_limit=20, workers=1, **kw)
    return problem, plan


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "scheduling", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, check=False)


# ---------------------------------------------------------------- bad input

BAD = [
    ("day and days", lambda d: d["assignments"][0].update(days=[MON, TUE]), ["'day' or 'days'"]),
    ("day outside days", lambda d: (d["assignments"][0].pop("day"), d["assignments"][0].update(days=["2027-01-04"])),
     ["2027-01-04", "assignment 'A1'"]),
    ("empty days", lambda d: (d["assignments"][0].pop("day"), d["assignments"][0].update(days=[])), ["empty"]),
    ("mentor not a supervisor", lambda d: d["learners"][0].update(mentor="L1"), ["mentor", "not a supervisor"]),
    ("negative per_week", lambda d: d["learners"][0].update(goals=[{"competency": "green.mowing", "per_week": -1}]),
     ["per_week", "-1"]),
    ("huge number", lambda d: d["assignments"][0].update(max_learners=10 ** 30), ["max_learners", "larger"]),
]


@pytest.mark.parametrize("label,change,words", BAD, ids=[b[0] for b in BAD])
def test_bad_week_input_is_rejected(label, change, words, write_json):
    data = week_instance(learners=[{}], supervisors=[{}], assignments=[{}])
    change(data)
    with pytest.raises(ProblemError) as err:
        problem_from_json(data)
    for word in words:
        assert word in str(err.value)
    res = run_cli("solve", write_json(data))
    assert res.returncode == 2 and "Traceback" not in res.stderr and res.stderr.startswith("error:")


# ---------------------------------------------------------------- rule 9 and the validator

def test_rule_9_a_crew_works_on_its_assignments_day(tmp_path):
    data = week_instance(learners=[{}], supervisors=[{}],
                         assignments=[{"day": None, "days": [MON, TUE]}, {}])
    path = tmp_path / "week.json"
    path.write_text(json.dumps(data))
    problem = problem_from_json(data)
    good = Plan(problem.name, "feasible", (Crew("A1", ("L1",), ("S1",), day=TUE),), format="workfloor-plan/2")
    assert validate(problem, good).valid and reference_check(path, good)["valid"]
    for day in (WED, None):
        bad = Plan(problem.name, "feasible", (Crew("A1", ("L1",), ("S1",), day=day),), format="workfloor-plan/2")
        verdict = validate(problem, bad)
        assert not verdict.valid and "day" in {v.rule for v in verdict.violations}
        assert not reference_check(path, bad)["valid"]
    wrong_fixed = Plan(problem.name, "feasible", (Crew("A2", ("L1",), ("S1",), day=TUE),), format="workfloor-plan/2")
    assert "day" in {v.rule for v in validate(problem, wrong_fixed).violations}
    v1_format = Plan(problem.name, "feasible", (Crew("A1", ("L1",), ("S1",), day=MON),))
    assert not validate(problem, v1_format).valid


def test_version_1_keeps_its_score():
    from sched_helpers import instance
    problem = problem_from_json(instance(learners=[{"goals": [{"competency": "green.mowing", "weight": 2}]}],
                                         supervisors=[{}], assignments=[{"trains": ["green.mowing"]}]))
    plan = solve(problem, time_limit=10, workers=1)
    assert plan.format == "workfloor-plan/1" and plan.score == (1, 1, 2, 0)
    assert "day" not in plan_to_json(plan)["crews"][0]


# ---------------------------------------------------------------- each level on a hand-built week

def test_flexible_job_moves_to_the_one_day_with_a_certified_learner():
    data = week_instance(
        learners=[{"available": {MON: ["am"]}}, {"certificates": ["brush_cutter"], "available": {TUE: ["am"]}}],
        supervisors=[{}],
        assignments=[{"day": None, "days": [MON, TUE], "mandatory": True, "certificates": {"brush_cutter": 1},
                      "min_learners": 1}])
    problem, plan = solved(data)
    assert plan.status == "optimal" and plan.format == "workfloor-plan/2"
    (crew,) = plan.crews
    assert crew.day == TUE and crew.learners == ("L2",)
    assert plan_to_json(plan)["crews"][0]["day"] == TUE


def test_two_idle_blocks_are_spread_over_two_learners():
    # Two learners free both days, one seat a day: each works one day (-1 -1) rather than one twice (-4).
    data = week_instance(learners=[{}, {}], supervisors=[{}],
                         assignments=[{"day": MON, "max_learners": 1}, {"day": TUE, "max_learners": 1}],
                         blocks_free=["am"])
    problem, plan = solved(data)
    assert plan.score[:3] == (2, 2, -2)
    assert {c.learners for c in plan.crews} == {("L1",), ("L2",)}


def test_practice_past_per_week_counts_nothing():
    # Both want one block of mowing a week, and both work both days: two mowing blocks count
    # only when each learner mows once (L1 mowing twice would be worth 5, not 10).
    goal = {"competency": "green.mowing", "weight": 5, "per_week": 1}
    data = week_instance(
        learners=[{"goals": [goal]}, {"goals": [goal]}],
        supervisors=[{}, {}],
        assignments=[{"day": MON, "max_learners": 1, "trains": ["green.mowing"]},
                     {"day": TUE, "max_learners": 1, "trains": ["green.mowing"]},
                     {"day": MON, "max_learners": 1}, {"day": TUE, "max_learners": 1}],
        blocks_free=["am"])
    problem, plan = solved(data)
    assert plan.status == "optimal"
    assert plan.score[3] == 10
    mowers = [c.learners for c in plan.crews if c.assignment in ("A1", "A2")]
    assert sorted(mowers) == [("L1",), ("L2",)]
    assert validate(problem, plan).score == plan.score


def test_a_mentor_is_kept_with_their_learner():
    data = week_instance(learners=[{"mentor": "S2"}], supervisors=[{}, {}],
                         assignments=[{"day": MON}, {"day": MON}], blocks_free=["am"])
    data["supervisors"][0]["available"] = {MON: ["am"]}
    problem, plan = solved(data)
    crew = next(c for c in plan.crews if c.learners)
    assert "S2" in crew.supervisors and plan.score[4] == 1


def test_vehicle_blocks_still_count_in_the_week():
    data = week_instance(learners=[{}], supervisors=[{}], vehicles=[{}, {}],
                         assignments=[{"day": None, "days": [MON, TUE], "travel_minutes": 10}], blocks_free=["am"])
    problem, plan = solved(data)
    assert plan.score[5] == -1 and len(plan.crews[0].vehicles) == 1


def test_flexible_assignment_is_staffed_at_most_once_and_priority_counts_once():
    data = week_instance(learners=[{}, {}], supervisors=[{}],
                         assignments=[{"day": None, "days": [MON, TUE], "priority": 7}], blocks_free=["am"])
    problem, plan = solved(data)
    assert len(plan.crews) == 1 and plan.score[1] == 7


# ---------------------------------------------------------------- replanning, pins, explanations

def _three_days():
    return week_instance(
        days=[MON, TUE, WED], learners=[{}, {}, {}], supervisors=[{}],
        assignments=[{"day": d, "max_learners": 2, "min_learners": 1} for d in (MON, TUE, WED)]
        + [{"day": None, "days": [TUE, WED], "max_learners": 1, "priority": 2}], blocks_free=["am"])


def test_replanning_from_a_day_keeps_the_days_before_and_reports_moves():
    data = _three_days()
    problem, first = solved(data)
    assert validate(problem, first).valid
    sick = deep(data)
    wed_worker = next(l for c in first.crews if c.day == WED for l in c.learners)
    sick["learners"][int(wed_worker[1:]) - 1]["available"].pop(WED)
    sick_problem = problem_from_json(sick)
    plan = solve(sick_problem, time_limit=20, workers=1, previous=first, replan_from=WED)
    assert validate(sick_problem, plan).valid
    kept = {(c.assignment, c.day, c.learners) for c in first.crews if c.day != WED}
    assert kept <= {(c.assignment, c.day, c.learners) for c in plan.crews}
    assert all(wed_worker not in c.learners for c in plan.crews if c.day == WED)
    moved = [m for m in plan.moves if m.person == wed_worker]
    assert moved and WED in moved[0].days_before and WED not in moved[0].days_after
    # Monday and Tuesday still count: the fairness of the whole week is the plan's score.
    assert plan.score == validate(sick_problem, plan).score


def test_a_pin_fixes_a_flexible_assignments_day():
    data = _three_days()
    problem = problem_from_json(data)
    plan = solve(problem, time_limit=20, workers=1, pins=[Pin("A4", day=WED)])
    assert next(c for c in plan.crews if c.assignment == "A4").day == WED
    plan = solve(problem, time_limit=20, workers=1, pins=[Pin("A4", learner="L3", day=TUE)])
    crew = next(c for c in plan.crews if c.assignment == "A4")
    assert crew.day == TUE and crew.learners == ("L3",)
    plan = solve(problem, time_limit=20, workers=1, pins=[Pin("A4", day=MON)])
    assert [c.pin.day for c in plan.pin_conflicts] == [MON] and validate(problem, plan).valid


def test_flexible_mandatory_job_that_fits_no_day_says_why_on_each_day():
    data = week_instance(
        learners=[{"available": {MON: ["am"]}}, {"available": {TUE: ["am"]}, "certificates": ["brush_cutter"]}],
        supervisors=[{}],
        assignments=[{"day": None, "days": [MON, TUE], "mandatory": True, "certificates": {"brush_cutter": 1},
                      "min_learners": 1}])
    data["supervisors"][0]["available"] = {MON: ["am"]}
    problem, plan = solved(data)
    assert plan.status == "infeasible"
    why = {(f.day, f.rule) for f in plan.findings}
    assert all(f.assignment == "A1" and f.nowhere for f in plan.findings)
    assert (MON, "qualification") in why  # Monday: nobody holds a brush cutter certificate
    assert (TUE, "staffing") in why  # Tuesday: no supervisor
    assert len(plan.explanation) == len(plan.findings) and "ma 7/12" in " ".join(plan.explanation)


def test_infeasible_week_names_day_assignment_and_rule():
    # Two mandatory jobs on Monday morning, one supervisor: each fits alone, not together.
    data = week_instance(learners=[{}], supervisors=[{}],
                         assignments=[{"day": MON, "mandatory": True}, {"day": MON, "mandatory": True}],
                         blocks_free=["am"])
    problem, plan = solved(data)
    assert plan.status == "infeasible" and plan.findings
    assert all(f.day in (MON, None) for f in plan.findings)
    assert {f.assignment for f in plan.findings if f.assignment} <= {"A1", "A2"}
    assert any(f.rule in ("one_place", "staffing", "mandatory") for f in plan.findings)
    assert validate(problem, plan).valid  # the partial plan breaks nothing but "mandatory staffed"


def test_progress_reports_level_value_and_bound():
    seen = []
    problem = problem_from_json(_three_days())
    solve(problem, time_limit=20, workers=1,
          on_progress=lambda score, bound, elapsed, level=None: seen.append((score, bound, level)))
    assert seen and all(len(s) == 6 and len(b) == 6 for s, b, _ in seen)
    assert {lv.level for _, _, lv in seen} >= {"placed"}
    # placed and priority are searched as one objective, but progress speaks of the score's levels
    assert {lv.level for _, _, lv in seen} <= {"placed", "priority", "fairness", "goals", "mentor", "-vehicle_blocks"}
    assert all(lv.bound is None or lv.value <= lv.bound for _, _, lv in seen)
    old_style = []
    solve(problem, time_limit=20, workers=1, on_progress=lambda s, b, e: old_style.append(s))
    assert old_style


def test_a_parts_bound_is_not_reported_as_the_levels():
    # Fix-and-optimise solves parts of the week with the rest fixed. A part's own bound is no bound
    # on the week: here the first parts (who works in the crews as staffed) prove -18 best, the
    # days part then reaches -12. Reported as fairness's bound, -18 said no plan could beat it.
    import time
    from scheduling.solver import _Callback, _expr, _Run
    from scheduling.weeksolver import _Week
    days = [MON, TUE, WED]
    problem = problem_from_json(week_instance(
        days=days, learners=[{}, {"domains": ["cleaning"]}, {"domains": ["cleaning"]}],
        supervisors=[{"domains": ["green", "cleaning"]}],
        assignments=[{"day": d, "max_learners": 1, "domain": domain} for d in days for domain in ("green", "cleaning")],
        blocks_free=["am"]))
    reported = []
    run = _Run(problem, 20, 1, lambda score, bound, elapsed: reported.append(bound), None)
    week = _Week(problem, problem.days, [], [], set(), False)
    m = week.build(by_goals=True)
    terms = m.level_terms("fairness")
    m.cp.maximize(_expr(terms))
    poor = [Crew(a.id, ("L1",), ("S1",), (), day=a.day) for a in problem.assignments if a.domain == "green"]
    solution = {v.index: value for v, value in m.hint(poor)}
    assert sum(c * solution[v.index] for c, v in terms) == -18  # L1 every day, L2 and L3 idle
    placed_priority = week.scale * 3 + 3
    better = week.improve(run, m, terms, solution, time.monotonic() + 15,
                          _Callback(run, week, m, [placed_priority]), "fairness")
    assert sum(c * better[v.index] for c, v in terms) == -12
    assert reported and all(bound[2] is None or bound[2] >= -12 for bound in reported)


def test_suggest_on_a_week():
    data = _three_days()
    problem, plan = solved(data)
    out = suggest(problem, plan, "A4")
    assert out and len(out[0].score_delta) == 6


# ---------------------------------------------------------------- CLI on a week, and hardening

def test_cli_solves_checks_and_replans_a_week(write_json, tmp_path):
    data = _three_days()
    inst = write_json(data, "week.json")
    out = tmp_path / "plan.json"
    assert run_cli("solve", inst, "--time-limit", "10", "--workers", "1", "-o", out).returncode == 0
    assert json.loads(out.read_text())["format"] == "workfloor-plan/2"
    check = run_cli("check", inst, out, "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["valid"]
    pins = write_json({"pins": [{"assignment": "A4", "day": WED}]}, "pins.json")
    again = run_cli("solve", inst, "--time-limit", "10", "--workers", "1", "--previous", out, "--from", TUE,
                    "--pins", pins)
    assert again.returncode == 0, again.stderr
    plan = load_plan(str(write_json(json.loads(again.stdout), "again.json")))
    assert next(c for c in plan.crews if c.assignment == "A4").day == WED
    assert run_cli("solve", inst, "--from", "2027-01-01", "--previous", out).returncode == 2
    assert run_cli("solve", inst, "--from", TUE).returncode == 2


def _nested(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("args", [
    ["--time-limit", "nan"], ["--time-limit", "inf"], ["--time-limit", "-1"], ["--workers", "-3"],
    ["--time-limit", "0"], ["--workers", "0"]])
def test_cli_rejects_bad_limits(args, write_json):
    inst = write_json(_three_days(), "week.json")
    res = run_cli("solve", inst, *args)
    assert res.returncode == 2 and res.stderr.startswith("error:") and "Traceback" not in res.stderr


@pytest.mark.parametrize("where", ["instance", "plan", "pins", "previous"])
def test_cli_rejects_deeply_nested_json(where, write_json, tmp_path):
    inst = write_json(_three_days(), "week.json")
    deep_file = tmp_path / "deep.json"
    deep_file.write_text(_nested(200_000))
    plan = write_json({"format": "workfloor-plan/2", "status": "feasible", "crews": []}, "plan.json")
    args = {"instance": ["solve", deep_file], "plan": ["check", inst, deep_file],
            "pins": ["solve", inst, "--pins", deep_file], "previous": ["solve", inst, "--previous", deep_file]}[where]
    res = run_cli(*args)
    assert res.returncode == 2 and "nested" in res.stderr and "Traceback" not in res.stderr
    assert plan.exists()


def test_cli_rejects_huge_numbers(write_json, tmp_path):
    data = _three_days()
    data["supervisors"][0]["max_learners"] = 10 ** 30
    res = run_cli("solve", write_json(data, "week.json"))
    assert res.returncode == 2 and "max_learners" in res.stderr and "Traceback" not in res.stderr
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "workfloor-planning/2", "days": [], "blocks": [], "learners": [], "x": 1'
                    + "0" * 5000 + "}")
    res = run_cli("solve", huge)
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_goal_scores_read_like_check_py(tmp_path):
    # Two goals on one competency each add the crew's blocks (check.py's reading); idle counts every
    # listed slot of the week; a mentor counts per block.
    data = week_instance(
        learners=[{"mentor": "S1", "goals": [{"competency": "green.mowing", "weight": 1, "per_week": 4},
                                             {"competency": "green.mowing", "weight": 2, "per_week": 1}]}],
        supervisors=[{}], assignments=[{"blocks": ["am", "pm"], "trains": ["green.mowing"]}])
    path = tmp_path / "week.json"
    path.write_text(json.dumps(data))
    problem = problem_from_json(data)
    plan = Plan(problem.name, "feasible", (Crew("A1", ("L1",), ("S1",), day=MON),), format="workfloor-plan/2")
    ours, ref = validate(problem, plan), reference_check(path, plan)
    assert ours.valid and ref["valid"]
    assert list(ours.score) == ref["score"] == [2, 2, -4, 1 * 4 + 2 * 1, 2, 0]


def test_idle_spread_evenly_is_the_least_sum_of_squares():
    from scheduling.weekbounds import least_idle_squares
    assert least_idle_squares(4, [0, 0], [4, 4]) == 8  # 2 and 2, not 4 and 0
    assert least_idle_squares(4, [3, 0], [4, 4]) == 10  # one is idle 3 blocks whatever happens: 3 and 1
    assert least_idle_squares(3, [0, 0], [1, 1]) is None  # more idle than slots: no plan places that few
    assert least_idle_squares(0, [1, 0], [2, 2]) == 1


def test_the_week_bounds_fairness_by_spreading_the_idle_blocks():
    # Two learners free Monday and Tuesday mornings, one seat a day; L1's restriction keeps them off
    # every job. Placed is 2, so 2 blocks stay idle: spread evenly that is -2, but the bound knows
    # L1 is idle both days whatever the plan: -4, which is the optimum.
    data = week_instance(learners=[{"restrictions": ["no_heights"]}, {}], supervisors=[{}],
                         assignments=[{"day": MON, "max_learners": 1, "excluded_restrictions": ["no_heights"]},
                                      {"day": TUE, "max_learners": 1, "excluded_restrictions": ["no_heights"]}],
                         blocks_free=["am"])
    problem, plan = solved(data)
    assert plan.score[:3] == (2, 2, -4)
    from scheduling.weekbounds import fairness_bound
    assert fairness_bound(problem, 2) == -4
    assert fairness_bound(problem, 3) == -4  # placing more cannot make L1 work


def test_placed_counts_before_priority_in_the_joint_search():
    # Monday morning: a priority-9 job for one learner, or a priority-1 job for two (one supervisor).
    # Placing two beats any priority: the joint objective (scale * placed + priority) must say so,
    # and the statistics and bounds give placed and priority apart.
    from scheduling.solver import solve_with_stats
    from scheduling.weeksolver import priority_scale
    data = week_instance(days=[MON, TUE], learners=[{}, {}], supervisors=[{}],
                         assignments=[{"day": MON, "max_learners": 1, "priority": 9},
                                      {"day": MON, "max_learners": 2, "min_learners": 2, "priority": 1}],
                         blocks_free=["am"])
    problem = problem_from_json(data)
    plan, stats = solve_with_stats(problem, time_limit=20, workers=1)
    assert plan.status == "optimal"
    assert plan.score[:2] == (2, 1)
    assert plan.bound[:2] == (2, 1)
    assert priority_scale(problem) > 9 + 1
    levels = [s.level for s in stats]
    assert "placed" in levels and "priority" in levels and "placed+priority" not in levels
    placed = next(s for s in stats if s.level == "placed")
    assert (placed.value, placed.bound, placed.status) == (2, 2, "OPTIMAL")


def _one_seat_a_day():
    # Four learners, three days, one seat a day (morning only): the staffing is forced, who sits
    # where is not. 3 blocks worked of 12 slots: idle 2, 2, 2, 3 at best (-21), 0, 3, 3, 3 at worst (-27).
    return week_instance(days=[MON, TUE, WED], learners=[{}, {}, {}, {}], supervisors=[{}],
                         assignments=[{"day": d, "max_learners": 1} for d in (MON, TUE, WED)],
                         blocks_free=["am"])


def test_the_fairness_bound_proves_the_even_spread():
    problem, plan = solved(_one_seat_a_day())
    assert validate(problem, plan).valid
    assert plan.score[0] == 3 and plan.score[2] == -21
    from scheduling.weekbounds import fairness_bound
    assert fairness_bound(problem, 3) == -21
    assert plan.status == "optimal"


def test_fix_and_optimise_spreads_the_idle_blocks_from_a_poor_plan():
    import time
    from scheduling.solver import _Callback, _expr, _Run
    from scheduling.weeksolver import _Week
    problem = problem_from_json(_one_seat_a_day())
    run = _Run(problem, 20, 1, None, None)
    week = _Week(problem, problem.days, [], [], set(), False)
    m = week.build(by_goals=True)
    terms = m.level_terms("fairness")
    m.cp.maximize(_expr(terms))
    ids = [a.id for a in problem.assignments]
    poor = [Crew(aid, ("L1",), ("S1",), (), day=d) for aid, d in zip(ids, (MON, TUE, WED))]  # L1 works every day
    solution = {v.index: value for v, value in m.hint(poor)}
    assert sum(c * solution[v.index] for c, v in terms) == -27
    better = week.improve(run, m, terms, solution, time.monotonic() + 15, _Callback(run, week, m, []), "fairness")
    assert sum(c * better[v.index] for c, v in terms) == -21
    crews = m.crews(lambda v: better[v.index])
    assert validate(problem, Plan(problem.name, "feasible", tuple(crews), format=problem.plan_format)).valid
