"""Why a goal stayed under two blocks in the week: availability, other goals first, or the places went to others."""
from __future__ import annotations

from scheduling import Crew, Plan, problem_from_json
from tests.scheduling.sched_helpers import week_instance
from workfloor.planning.weekboard import AVAILABILITY, GOAL_REASONS, week_figures

MON, TUE = "2026-12-07", "2026-12-08"


def goals(*competencies):
    return [{"competency": f"green.{c}", "weight": 1, "per_week": 4} for c in competencies]


def test_each_short_goal_gets_the_reason_that_holds():
    data = week_instance(
        days=(MON, TUE),
        learners=[{"goals": goals("mowing", "weeding")},                              # L1: mows both days
                  {"goals": goals("weeding"), "available": {MON: [], TUE: ["am", "pm"]}},  # L2: only Tuesday
                  {"goals": goals("weeding")},                                         # L3: the place went to L4
                  {"goals": goals("weeding")}],                                        # L4
        supervisors=[{}, {}],
        assignments=[{"id": "M1", "day": MON, "blocks": ["am", "pm"], "trains": ["green.mowing"]},
                     {"id": "M2", "day": TUE, "blocks": ["am", "pm"], "trains": ["green.mowing"]},
                     {"id": "W1", "day": MON, "blocks": ["am", "pm"], "max_learners": 1,
                      "trains": ["green.weeding"]}])
    problem = problem_from_json(data)
    plan = Plan("tiny-week", "feasible", (Crew("M1", ("L1",), ("S1",), day=MON),
                                          Crew("M2", ("L1", "L2"), ("S1",), day=TUE),
                                          Crew("W1", ("L4",), ("S2",), day=MON)), format="workfloor-plan/2")
    short = {(lid, g.competency): (g.reason, g.have) for lid, g in week_figures(problem, plan).goal_shortfalls}
    assert short == {
        ("L1", "green.weeding"): ("other_goals", 2),  # weeding on Monday was possible: L1 mowed instead
        ("L2", "green.weeding"): ("not_when", 0),     # the only weeding is on Monday, when L2 does not work
        ("L3", "green.weeding"): ("full", 2),         # possible, but the one place went to L4
    }
    assert "not_when" in AVAILABILITY and not {"other_goals", "full"} & AVAILABILITY
    assert set(GOAL_REASONS) == AVAILABILITY | {"other_goals", "full"}
