"""The mentor polish: swaps that bring learners beside their mentor and make no earlier score level worse."""
from __future__ import annotations

from scheduling import Crew, Plan, VehicleUse, problem_from_json, score, validate
from scheduling.mentorswap import improve_mentors
from tests.scheduling.sched_helpers import week_instance

DAY = "2026-12-07"


def two_crews(s1_licences=("B",), s2_licences=("B",)):
    data = week_instance(
        learners=[{"mentor": "S1", "goals": [{"competency": "green.mowing", "weight": 1}]},
                  {"mentor": "S1"}, {"mentor": "S2"}, {"mentor": "S2"}],
        supervisors=[{"licences": list(s1_licences)}, {"licences": list(s2_licences)}],
        vehicles=[{"licence": "B"}],
        assignments=[{"travel_minutes": 10, "trains": ["green.mowing"]}, {"travel_minutes": 0}])
    problem = problem_from_json(data)
    # Each supervisor leads the other's mentees; S2 drives the van to the park.
    crews = (Crew("A1", ("L1", "L2"), ("S2",), (VehicleUse("V1", "S2"),), day=DAY),
             Crew("A2", ("L3", "L4"), ("S1",), (), day=DAY))
    plan = Plan("tiny-week", "feasible", crews, format="workfloor-plan/2")
    return problem, plan


def test_two_supervisors_swap_their_day_and_the_driving_follows():
    problem, plan = two_crews()
    better = improve_mentors(problem, plan)
    assert validate(problem, better).valid
    assert [c.supervisors for c in better.crews] == [("S1",), ("S2",)]
    assert better.crews[0].vehicles == (VehicleUse("V1", "S1"),)
    before, after = score(problem, plan.crews), score(problem, better.crews)
    assert after[:4] == before[:4] and after[4] == before[4] + 4 and after[5] == before[5]


def test_no_swap_that_breaks_a_rule():
    problem, plan = two_crews(s1_licences=())  # S1 may not drive the van: the swap would break transport
    better = improve_mentors(problem, plan)
    assert better is plan or validate(problem, better).valid
    assert score(problem, better.crews) >= score(problem, plan.crews)
    assert better.crews[0].supervisors == ("S2",)


def test_pinned_people_and_days_outside_the_replan_stay():
    problem, plan = two_crews()
    kept = improve_mentors(problem, plan, keep={"S1"})  # S1 stays: learners swap instead, where that helps
    assert [c.supervisors for c in kept.crews] == [("S2",), ("S1",)]
    assert validate(problem, kept).valid and score(problem, kept.crews) > score(problem, plan.crews)
    assert improve_mentors(problem, plan, keep={"S1", "S2", "L1", "L2", "L3", "L4"}) is plan
    assert improve_mentors(problem, plan, days=[]) is plan
