"""Why someone who shows up has no place: findings read from the hard rules, as data (no sentences)."""
from __future__ import annotations

import dataclasses

import scheduling
from tests.scheduling.sched_helpers import DAY, instance


def solved(data):
    problem = scheduling.problem_from_json(data)
    return problem, scheduling.solve(problem, time_limit=5, workers=1)


def by_learner(findings):
    return {(f.learner, f.block): f for f in findings}


def test_a_full_crew_is_the_reason():
    problem, plan = solved(instance(learners=[{}, {}, {}], supervisors=[{}],
                                    assignments=[{"max_learners": 2, "min_learners": 1, "site": "Basis",
                                                  "travel_minutes": 0}]))
    found = scheduling.unplaced(problem, plan)
    assert len([f for f in found if f.block == "am"]) == 1
    finding = next(f for f in found if f.block == "am")
    assert finding.rule == "full" and finding.obstacles[0].have == 2 and finding.obstacles[0].need == 2
    assert dataclasses.is_dataclass(finding) and not any(" " in str(v) for v in (finding.rule, finding.block))


def test_no_work_no_supervisor_restriction_and_level_are_named():
    data = instance(
        learners=[{"restrictions": ["no_machines"]}, {"levels": {"green.pruning": 1}}, {"domains": ["cleaning"]}],
        supervisors=[{"available": {DAY: ["pm"]}}],
        assignments=[{"blocks": ["am"], "excluded_restrictions": ["no_machines"], "min_levels": {"green.pruning": 2},
                      "site": "Basis", "travel_minutes": 0, "min_learners": 1}])
    problem, plan = solved(data)
    found = by_learner(scheduling.unplaced(problem, plan))
    assert found[("L3", "am")].rule == "no_work"  # nothing for cleaning that day
    assert found[("L1", "pm")].rule == "no_work"  # the only work is in the morning
    # No supervisor in the morning: every learner's first reason, whatever else also stands in the way.
    rules_l1 = {o.rule for o in found[("L1", "am")].obstacles}
    assert {"no_supervisor", "restriction"} <= rules_l1
    assert {o.rule for o in found[("L2", "am")].obstacles} >= {"no_supervisor", "level"}
    assert found[("L2", "am")].rule == "mixed" or found[("L2", "am")].rule == "level"


def test_everyone_placed_means_no_findings():
    problem, plan = solved(instance(learners=[{}, {}], supervisors=[{}],
                                    assignments=[{"blocks": ["am", "pm"], "site": "Basis", "travel_minutes": 0}]))
    assert scheduling.unplaced(problem, plan) == []
