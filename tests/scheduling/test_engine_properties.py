"""Property tests on random tiny instances: valid plans, brute-force optimum, no false infeasible."""
from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sched_helpers import instance

from scheduling import Crew, Plan, VehicleUse, problem_from_json, solve, validate

BLOCK_SETS = [["am"], ["pm"], ["am", "pm"]]


@st.composite
def tiny_instances(draw):
    avail = lambda: {"2026-12-07": draw(st.sampled_from(BLOCK_SETS + [[]]))}
    n_l = draw(st.integers(1, 3))
    learners = [{"domains": [draw(st.sampled_from(["green", "green", "cleaning"]))], "available": avail(),
                 "certificates": draw(st.sampled_from([[], ["hedge_trimmer"]])),
                 "licences": draw(st.sampled_from([[], [], ["B"]])),
                 "levels": {"green.pruning": draw(st.integers(0, 2))},
                 "goals": [{"competency": "green.pruning", "weight": draw(st.integers(1, 3))}],
                 "avoid": [f"L{draw(st.integers(1, n_l))}"] if draw(st.booleans()) and n_l > 1 else []}
                for _ in range(n_l)]
    for i, l in enumerate(learners):
        l["avoid"] = [x for x in l["avoid"] if x != f"L{i + 1}"]
    supervisors = [{"available": avail(), "max_learners": draw(st.integers(1, 3)),
                    "licences": draw(st.sampled_from([["B"], ["B", "BE"], []]))}
                   for _ in range(draw(st.integers(1, 2)))]
    vehicles = [{"seats": draw(st.integers(1, 4)), "licence": draw(st.sampled_from(["B", "BE"])),
                 "features": draw(st.sampled_from([[], ["trailer"]])), "available": avail()}
                for _ in range(draw(st.integers(0, 1)))]
    assignments = []
    for _ in range(draw(st.integers(1, 2))):
        lo = draw(st.integers(0, 2))
        assignments.append({
            "blocks": draw(st.sampled_from(BLOCK_SETS)), "travel_minutes": draw(st.sampled_from([0, 5])),
            "min_learners": lo, "max_learners": lo + draw(st.integers(0, 2)),
            "min_supervisors": draw(st.integers(0, 1)), "mandatory": draw(st.booleans()),
            "priority": draw(st.integers(1, 3)),
            "certificates": draw(st.sampled_from([{}, {"hedge_trimmer": 1}])),
            "min_levels": draw(st.sampled_from([{}, {"green.pruning": 1}])),
            "vehicle_features": draw(st.sampled_from([[], ["trailer"]])),
            "trains": draw(st.sampled_from([[], ["green.pruning"]]))})
    return problem_from_json(instance(learners=learners, supervisors=supervisors, vehicles=vehicles,
                                      assignments=assignments))


def _subsets(items):
    return [c for k in range(len(items) + 1) for c in itertools.combinations(items, k)]


def brute_force(problem):
    """The best score over every valid plan, or None when no valid plan exists."""
    options = []
    for a in problem.assignments:
        crews = [None]
        for ls in _subsets([l.id for l in problem.learners]):
            for ss in _subsets([s.id for s in problem.supervisors]):
                members = ls + ss
                for vs in _subsets([v.id for v in problem.vehicles]):
                    for drivers in itertools.product(members or [None], repeat=len(vs)):
                        c = Crew(a.id, ls, ss, tuple(VehicleUse(v, d) for v, d in zip(vs, drivers)))
                        plan = Plan(problem.name, "feasible", (c,))
                        if validate(problem, plan, require_mandatory=False).valid:
                            crews.append(c)
                            break
        options.append(crews)
    best = None
    for combo in itertools.product(*options):
        plan = Plan(problem.name, "feasible", tuple(c for c in combo if c is not None))
        verdict = validate(problem, plan)
        if verdict.valid and (best is None or verdict.score > best):
            best = verdict.score
    return best


@st.composite
def twin_instances(draw):
    """Tiny instances full of look-alikes: learners, supervisors and vans the model counts in
    groups (named over am, pm and am+pm crews), and assignments alike but for priority."""
    avail = lambda: {"2026-12-07": draw(st.sampled_from([["am", "pm"], ["am", "pm"], ["am"], ["pm"]]))}
    learner = {"available": avail(), "certificates": draw(st.sampled_from([[], ["hedge_trimmer"]])),
               "licences": draw(st.sampled_from([[], ["B"]])),
               "goals": [{"competency": "green.pruning", "weight": 2}]}
    learners = [dict(learner) for _ in range(draw(st.integers(2, 3)))]
    if draw(st.booleans()):
        learners[-1] = dict(learner, available=avail(), goals=[])
    supervisor = {"available": avail(), "max_learners": draw(st.integers(1, 3)),
                  "licences": draw(st.sampled_from([["B"], []]))}
    supervisors = [dict(supervisor) for _ in range(2)]
    vehicle = {"seats": draw(st.integers(2, 4)), "available": avail()}
    vehicles = [dict(vehicle) for _ in range(draw(st.integers(0, 2)))]
    job = {"blocks": draw(st.sampled_from(BLOCK_SETS)), "travel_minutes": draw(st.sampled_from([0, 5])),
           "min_learners": draw(st.integers(0, 1)), "max_learners": draw(st.integers(1, 2)),
           "certificates": draw(st.sampled_from([{}, {"hedge_trimmer": 1}])),
           "trains": ["green.pruning"], "priority": draw(st.integers(1, 3))}
    other = dict(job, priority=draw(st.integers(1, 3)), mandatory=draw(st.booleans()))
    if draw(st.booleans()):
        other["blocks"] = draw(st.sampled_from(BLOCK_SETS))
    return problem_from_json(instance(learners=learners, supervisors=supervisors, vehicles=vehicles,
                                      assignments=[job, other]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_solver_matches_brute_force(problem):
    plan = solve(problem, time_limit=10, workers=1)
    best = brute_force(problem)
    if best is None:
        assert plan.status == "infeasible"
        assert validate(problem, plan).valid  # the partial plan breaks nothing but "mandatory staffed"
    else:
        assert plan.status == "optimal", plan.explanation
        verdict = validate(problem, plan)
        assert verdict.valid, verdict.violations
        assert verdict.score == best == plan.score


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(twin_instances())
def test_counting_look_alikes_matches_brute_force(problem):
    plan = solve(problem, time_limit=10, workers=1)
    best = brute_force(problem)
    if best is None:
        assert plan.status == "infeasible"
        assert validate(problem, plan).valid
    else:
        assert plan.status == "optimal", plan.explanation
        verdict = validate(problem, plan)
        assert verdict.valid, verdict.violations
        assert verdict.score == best == plan.score
