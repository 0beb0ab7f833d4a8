"""The week polish: practice spread over goals and learners beside their mentor, SPEC's score never lower."""
from __future__ import annotations

from scheduling import Crew, Pin, Plan, problem_from_json, score, validate
from scheduling.score import practice
from scheduling.weekpolish import polish_week, spread
from tests.scheduling.sched_helpers import week_instance

MON, TUE = "2026-12-07", "2026-12-08"
BOTH = ["green.mowing", "green.weeding"]


def mow_and_weed(second=BOTH):
    """Two learners who want to practise mowing and weeding (the second: ``second``); a mowing and a
    weeding job each day. The plan the solver might hand over: L1 mows both days, L2 weeds both days.
    """
    goals = [{"competency": c, "weight": 1, "per_week": 4} for c in BOTH]
    data = week_instance(
        days=(MON, TUE), learners=[{"goals": goals}, {"goals": [g for g in goals if g["competency"] in second]}],
        supervisors=[{}, {}],
        assignments=[{"id": f"{kind}{d}", "day": day, "blocks": ["am", "pm"], "min_learners": 1,
                      "trains": [f"green.{kind}"]}
                     for d, day in ((1, MON), (2, TUE)) for kind in ("mowing", "weeding")])
    problem = problem_from_json(data)
    crews = tuple(Crew(f"{kind}{d}", (learner,), (sup,), day=day)
                  for d, day in ((1, MON), (2, TUE))
                  for kind, learner, sup in (("mowing", "L1", "S1"), ("weeding", "L2", "S2")))
    return problem, Plan("tiny-week", "feasible", crews, format="workfloor-plan/2")


def test_four_blocks_on_one_goal_become_two_and_two_at_the_same_score():
    problem, plan = mow_and_weed()
    better = polish_week(problem, plan)
    assert validate(problem, better).valid
    done = practice(problem, better.crews)
    assert dict(done) == {(x, c): 2 for x in ("L1", "L2") for c in BOTH}
    assert score(problem, better.crews) == score(problem, plan.crews)  # SPEC's score exactly as before
    assert better.score == score(problem, plan.crews)
    assert (spread(problem, plan.crews), spread(problem, better.crews)) == (2, 4)


def test_no_spread_that_costs_the_goals_level():
    # L2 only wants weeding: trading a day would give L1 2 + 2 (4, as before) but L2 2 instead of 4.
    problem, plan = mow_and_weed(second=["green.weeding"])
    assert polish_week(problem, plan) is plan


def test_a_free_supervisor_joins_the_crew_of_their_mentees():
    data = week_instance(days=(MON,), learners=[{"mentor": "S2"}, {"mentor": "S2"}, {"mentor": "S1"}],
                         supervisors=[{}, {}], assignments=[{"id": "A1", "blocks": ["am"]}])
    problem = problem_from_json(data)
    plan = Plan("tiny-week", "feasible", (Crew("A1", ("L1", "L2", "L3"), ("S1",), day=MON),),
                format="workfloor-plan/2")
    better = polish_week(problem, plan)
    assert validate(problem, better).valid
    assert sorted(better.crews[0].supervisors) == ["S1", "S2"]  # S2 takes over (mentorswap), S1 stays
    before, after = score(problem, plan.crews), score(problem, better.crews)
    assert after[:4] == before[:4] and after[4] == before[4] + 2 and after[5] == before[5]
    joined = polish_week(problem, plan, keep={"S1"})  # S1 stays: S2, free that morning, joins the crew
    assert joined.crews[0].supervisors == ("S1", "S2") and score(problem, joined.crews) == after


def test_learners_swap_days_to_be_beside_their_mentor():
    """A whole-day job for the workshop's morning and afternoon: the mentees follow their mentor."""
    data = week_instance(
        days=(MON,), learners=[{"mentor": "S1"}, {"mentor": "S2"}], supervisors=[{}, {}],
        assignments=[{"id": "JOB", "blocks": ["am", "pm"]}, {"id": "WAM", "blocks": ["am"]},
                     {"id": "WPM", "blocks": ["pm"]}])
    problem = problem_from_json(data)
    plan = Plan("tiny-week", "feasible", (Crew("JOB", ("L2",), ("S1",), day=MON),
                                          Crew("WAM", ("L1",), ("S2",), day=MON),
                                          Crew("WPM", ("L1",), ("S2",), day=MON)), format="workfloor-plan/2")
    kept = polish_week(problem, plan, keep={"S1", "S2"})  # the supervisors stay: the learners move
    assert validate(problem, kept).valid
    assert [c.learners for c in kept.crews] == [("L1",), ("L2",), ("L2",)]
    assert score(problem, kept.crews)[4] == 4 and score(problem, kept.crews)[:4] == score(problem, plan.crews)[:4]
    assert polish_week(problem, plan, keep={"S1", "S2", "L1", "L2"}) is plan
    assert polish_week(problem, plan, days=[]) is plan


def test_with_time_the_week_is_solved_again_around_the_pinned_learners_and_the_solve_pins_hold():
    data = week_instance(
        days=(MON,), learners=[{"mentor": "S1"}, {"mentor": "S2"}, {"mentor": "S3"}], supervisors=[{}, {}, {}],
        assignments=[{"id": "A1", "blocks": ["am"]}, {"id": "A2", "blocks": ["am"]}, {"id": "A3", "blocks": ["am"]}])
    problem = problem_from_json(data)
    plan = Plan("tiny-week", "feasible", (Crew("A1", ("L1",), ("S2",), day=MON), Crew("A2", ("L2",), ("S3",), day=MON),
                                          Crew("A3", ("L3",), ("S1",), day=MON)), format="workfloor-plan/2")
    pin = Pin("A3", supervisor="S1")  # S1 stays on A3, as the supervisor pinned it
    better = polish_week(problem, plan, keep={"S1"}, pins=[pin], seconds=5)
    assert validate(problem, better).valid and better.status == "feasible"
    crews = {c.assignment: c for c in better.crews}
    assert crews["A3"].supervisors == ("S1",)
    assert score(problem, better.crews)[:4] == score(problem, plan.crews)[:4]
    assert score(problem, better.crews)[4] == 3  # everyone beside their mentor: L1 goes to S1 on A3
