"""One test per hard rule: the solver respects it where it binds, and the validator catches a breach."""
from __future__ import annotations

from dataclasses import replace

from scheduling import LEVELS, LEVELS_V2, RULE_CODES, Crew, VehicleUse, render, solve, validate

GREEN_AM = {"2026-12-07": ["am"]}


def crew(plan, aid):
    return plan.crew[aid]


def with_crew(plan, aid, **changes):
    crews = tuple(replace(c, **changes) if c.assignment == aid else c for c in plan.crews)
    if aid not in {c.assignment for c in plan.crews}:
        crews += (Crew(aid, **changes),)
    return replace(plan, crews=crews)


def rules_broken(problem, plan):
    verdict = validate(problem, plan)
    assert not verdict.valid
    return {v.rule for v in verdict.violations}


def solved(problem):
    plan = solve(problem, time_limit=10, workers=1)
    assert plan.status == "optimal"
    assert validate(problem, plan).valid, validate(problem, plan).violations
    return plan


def test_availability(make_problem):
    p = make_problem(learners=[{}, {"available": {"2026-12-07": ["pm"]}}], supervisors=[{}],
                     assignments=[{"blocks": ["am", "pm"], "travel_minutes": 0, "mandatory": True}])
    plan = solved(p)
    assert crew(plan, "A1").learners == ("L1",)
    broken = with_crew(plan, "A1", learners=("L1", "L2"))
    assert rules_broken(p, broken) == {"availability"}
    [v] = validate(p, broken).violations
    assert (v.rule, v.assignment, v.subjects, v.day, v.blocks) == ("availability", "A1", ("L2",), "2026-12-07", ("am",))
    assert "niet beschikbaar" in render.text(v, p) and "ma 7/12" in render.text(v, p)
    assert render.text(v, p, "en").startswith("Leerwerknemer 2 is not available on Mon 7/12 am")


def test_one_place(make_problem):
    p = make_problem(learners=[{}], supervisors=[{}, {}],
                     assignments=[{"min_learners": 1, "mandatory": True}, {"min_learners": 1, "priority": 5}])
    plan = solved(p)
    assert crew(plan, "A1").learners == ("L1",) and "A2" not in plan.crew
    broken = with_crew(plan, "A2", learners=("L1",), supervisors=("S2",))
    assert rules_broken(p, broken) == {"one_place"}
    dup = with_crew(plan, "A1", learners=("L1", "L1"))
    assert "one_place" in rules_broken(p, dup)


def test_domain(make_problem):
    p = make_problem(learners=[{"domains": ["cleaning"]}, {}], supervisors=[{}], assignments=[{}])
    plan = solved(p)
    assert crew(plan, "A1").learners == ("L2",)
    assert rules_broken(p, with_crew(plan, "A1", learners=("L1", "L2"))) == {"domain"}


def test_staffing(make_problem):
    p = make_problem(learners=[{}, {}, {}], supervisors=[{}],
                     assignments=[{"min_learners": 2, "max_learners": 2, "mandatory": True}])
    plan = solved(p)
    assert len(crew(plan, "A1").learners) == 2
    assert rules_broken(p, with_crew(plan, "A1", learners=("L1", "L2", "L3"))) == {"staffing"}
    assert rules_broken(p, with_crew(plan, "A1", supervisors=())) >= {"staffing"}
    unstaffed = replace(plan, crews=())
    [v] = validate(p, unstaffed).violations
    assert (v.rule, v.detail) == ("staffing", "mandatory") and "verplicht" in render.text(v, p)


def test_ratio(make_problem):
    p = make_problem(learners=[{}, {}, {}], supervisors=[{"max_learners": 1}], assignments=[{}])
    plan = solved(p)
    assert len(crew(plan, "A1").learners) == 1
    assert rules_broken(p, with_crew(plan, "A1", learners=("L1", "L2"))) == {"ratio"}


def test_qualifications(make_problem):
    p = make_problem(
        learners=[{"certificates": ["hedge_trimmer"], "levels": {"green.pruning": 2}},
                  {"levels": {"green.pruning": 1}}, {"levels": {"green.pruning": 3}, "restrictions": ["no_machines"]},
                  {"levels": {"green.pruning": 2}}],
        supervisors=[{}],
        assignments=[{"certificates": {"hedge_trimmer": 1}, "min_levels": {"green.pruning": 2},
                      "excluded_restrictions": ["no_machines"], "mandatory": True}])
    plan = solved(p)
    assert crew(plan, "A1").learners == ("L1", "L4")
    assert rules_broken(p, with_crew(plan, "A1", learners=("L4",))) == {"qualification"}
    assert rules_broken(p, with_crew(plan, "A1", learners=("L1", "L2"))) == {"qualification"}
    assert rules_broken(p, with_crew(plan, "A1", learners=("L1", "L3"))) == {"qualification"}


def test_conflicts(make_problem):
    p = make_problem(learners=[{"avoid": ["L2"]}, {}, {}], supervisors=[{}],
                     assignments=[{"min_learners": 2, "mandatory": True}])
    plan = solved(p)
    assert set(crew(plan, "A1").learners) in ({"L1", "L3"}, {"L2", "L3"})
    broken = with_crew(plan, "A1", learners=("L1", "L2"))
    assert rules_broken(p, broken) == {"conflict"}
    [v] = validate(p, broken).violations
    assert v.subjects == ("L1", "L2")


def test_transport(make_problem):
    p = make_problem(
        learners=[{}, {}, {"licences": ["B"]}], supervisors=[{"licences": ["B", "BE"]}],
        vehicles=[{"seats": 3}, {"seats": 2, "licence": "BE", "features": ["trailer"]}, {"seats": 9}],
        assignments=[{"travel_minutes": 10, "vehicle_features": ["trailer"], "min_learners": 3,
                      "mandatory": True}])
    plan = solved(p)
    c = crew(plan, "A1")
    assert c.vehicles == (VehicleUse("V2", "S1"), VehicleUse("V3", "L3"))  # trailer needs BE; seats for 4
    assert plan.score[3] == -2
    for vehicles in [(), (VehicleUse("V3", "L3"),), (VehicleUse("V2", "L3"), VehicleUse("V3", "S1")),
                     (VehicleUse("V2", "S1"),),
                     (VehicleUse("V2", "S1"), VehicleUse("V3", "S1")),
                     (VehicleUse("V2", "S1"), VehicleUse("V3", "X9"))]:
        assert "transport" in rules_broken(p, with_crew(plan, "A1", vehicles=vehicles)), vehicles


def test_on_site_takes_no_vehicle(make_problem):
    p = make_problem(learners=[{}], supervisors=[{}], vehicles=[{}], assignments=[{"mandatory": True}])
    plan = solved(p)
    assert crew(plan, "A1").vehicles == ()
    assert rules_broken(p, with_crew(plan, "A1", vehicles=(VehicleUse("V1", "S1"),))) == {"transport"}


def test_vehicle_one_place(make_problem):
    p = make_problem(learners=[{}, {}], supervisors=[{}, {}], vehicles=[{}],
                     assignments=[{"travel_minutes": 5, "mandatory": True}, {"travel_minutes": 5, "priority": 3}])
    plan = solved(p)
    assert "A2" not in plan.crew  # the one vehicle is needed by the mandatory crew
    broken = with_crew(plan, "A2", learners=("L2",), supervisors=("S2",), vehicles=(VehicleUse("V1", "S2"),))
    assert "one_place" in rules_broken(p, broken)


def test_every_finding_has_words_in_both_languages():
    for table in (render.VIOLATIONS, render.REASONS, render.FIT, render.MOVES, render.PIN_CONFLICTS):
        assert set(table["nl"]) == set(table["en"])
    assert set(render.RULE_NAMES["nl"]) == set(render.RULE_NAMES["en"]) >= set(RULE_CODES)
    assert set(render.LEVEL_NAMES["nl"]) == {level.name for level in LEVELS + LEVELS_V2} \
        == set(render.LEVEL_NAMES["en"])


def test_rules_write_no_sentences():
    # Findings are data: rule logic hands render.py codes, ids and numbers, never text.
    import inspect

    from scheduling import (explain, rules, solver, suggest, validate, weekexplain, weekmodel, weekrules,
                            weeksolver)
    for module in (rules, explain, solver, suggest, validate, weekrules, weekmodel, weeksolver, weekexplain):
        source = inspect.getsource(module)
        assert "message_nl" not in source and "_nl(" not in source, module.__name__
