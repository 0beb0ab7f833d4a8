"""Property test on random tiny weeks: the week engine's optimum equals brute force over every plan."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_helpers import valid_week_scores, week_instance

from scheduling import problem_from_json, solve, validate

MON, TUE = "2026-12-07", "2026-12-08"
DAY_SETS = [[MON], [TUE], [MON, TUE]]


@st.composite
def tiny_weeks(draw):
    """Two days of one or two blocks; flexible jobs, goals per week, mentors, a van."""
    blocks = draw(st.sampled_from([["am"], ["am", "pm"]]))
    avail = lambda: {d: draw(st.sampled_from([blocks, blocks, blocks[:1], []])) for d in (MON, TUE)}
    n_s = draw(st.integers(1, 2))
    learners = [{"available": avail(), "certificates": draw(st.sampled_from([[], ["hedge_trimmer"]])),
                 "licences": draw(st.sampled_from([[], ["B"]])),
                 "mentor": draw(st.sampled_from([None] + [f"S{i + 1}" for i in range(n_s)])),
                 "goals": [{"competency": draw(st.sampled_from(["green.pruning", "green.mowing"])),
                            "weight": draw(st.integers(1, 3)), "per_week": draw(st.integers(0, 2))}
                           for _ in range(draw(st.integers(0, 2)))]}
                for _ in range(draw(st.integers(1, 3)))]
    for l in learners:
        if l["mentor"] is None:
            del l["mentor"]
    supervisors = [{"available": avail(), "max_learners": draw(st.integers(1, 3)),
                    "licences": draw(st.sampled_from([["B"], []]))} for _ in range(n_s)]
    vehicles = [{"seats": draw(st.integers(2, 4)), "available": avail()} for _ in range(draw(st.integers(0, 1)))]
    assignments = []
    for _ in range(draw(st.integers(1, 3))):
        days = draw(st.sampled_from(DAY_SETS))
        lo = draw(st.integers(0, 1))
        job = {"blocks": draw(st.sampled_from([blocks[:1], blocks[-1:], blocks])),
               "travel_minutes": draw(st.sampled_from([0, 0, 5])), "min_learners": lo,
               "max_learners": lo + draw(st.integers(0, 2)), "mandatory": draw(st.sampled_from([False, False, True])),
               "priority": draw(st.integers(1, 3)), "certificates": draw(st.sampled_from([{}, {"hedge_trimmer": 1}])),
               "trains": draw(st.sampled_from([[], ["green.pruning"], ["green.mowing", "green.pruning"]]))}
        job.update({"day": days[0]} if len(days) == 1 and draw(st.booleans()) else {"day": None, "days": days})
        assignments.append(job)
    data = week_instance(learners=learners, supervisors=supervisors, vehicles=vehicles, assignments=assignments,
                         blocks_free=blocks)
    data["blocks"] = [b for b in data["blocks"] if b["id"] in blocks]
    return problem_from_json(data)


def brute_force(problem):
    """The best score over every valid week plan, or None when none exists."""
    return max(valid_week_scores(problem), default=None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_weeks())
def test_week_optimum_matches_brute_force(problem):
    plan = solve(problem, time_limit=20, workers=1)
    best = brute_force(problem)
    if best is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert validate(problem, plan).valid
    assert plan.score == best
