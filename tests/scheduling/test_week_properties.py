"""Property test on random tiny weeks: the week engine's optimum equals brute force over every plan."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_helpers import week_instance

from scheduling import Crew, Plan, VehicleUse, problem_from_json, solve, validate

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


def _subsets(items):
    return [c for k in range(len(items) + 1) for c in itertools.combinations(items, k)]


def brute_force(problem):
    """The best score over every valid week plan, or None when none exists."""
    options = []
    for a in problem.assignments:
        crews = [None]
        for day in a.window:
            for ls in _subsets([l.id for l in problem.learners]):
                for ss in _subsets([s.id for s in problem.supervisors]):
                    members = ls + ss
                    for vs in _subsets([v.id for v in problem.vehicles]):
                        for drivers in itertools.product(members or [None], repeat=len(vs)):
                            c = Crew(a.id, ls, ss, tuple(VehicleUse(v, d) for v, d in zip(vs, drivers)), day)
                            plan = Plan(problem.name, "feasible", (c,), format="workfloor-plan/2")
                            if validate(problem, plan, require_mandatory=False).valid:
                                crews.append(c)
                                break
        options.append(crews)
    best = None
    for combo in itertools.product(*options):
        plan = Plan(problem.name, "feasible", tuple(c for c in combo if c is not None), format="workfloor-plan/2")
        verdict = validate(problem, plan)
        if verdict.valid and (best is None or verdict.score > best):
            best = verdict.score
    return best


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
