"""Bad input, CLI, determinism, purity, replanning, pins, suggest and infeasible days."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sched_helpers import INSTANCES, ROOT, deep, instance, reference_check

from scheduling import (NoPlanFound, Reason, Plan, Pin, ProblemError, load_problem, plan_to_json, problem_from_json,
                        solve, suggest, validate)
from scheduling import render
from scheduling import solver as engine

SMALL = INSTANCES / "small-1.json"
DATA = Path(__file__).parent / "data"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "scheduling", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, check=False)


# ---------------------------------------------------------------- bad input

def _base():
    return instance(learners=[{}], supervisors=[{}], vehicles=[{}], assignments=[{}])


def _set(path, value):
    def change(d):
        *head, last = path
        for key in head:
            d = d[key]
        if value is KeyError:
            del d[last]
        else:
            d[last] = value
    return change


BAD = [
    ("missing id", _set(("learners", 0, "id"), KeyError), ["learner[0]", "'id'"]),
    ("duplicate id", lambda d: d["learners"].append(deep(d["learners"][0])), ["learner 'L1'", "duplicate"]),
    ("unknown avoid", _set(("learners", 0, "avoid"), ["L9"]), ["learner 'L1'", "L9"]),
    ("min above max", _set(("assignments", 0, "min_learners"), 9), ["assignment 'A1'", "min_learners"]),
    ("day not in days", _set(("assignments", 0, "day"), "2026-12-08"), ["assignment 'A1'", "'day'"]),
    ("unknown block", _set(("assignments", 0, "blocks"), ["night"]), ["assignment 'A1'", "night"]),
    ("availability day", _set(("supervisors", 0, "available"), {"2027-01-01": ["am"]}),
     ["supervisor 'S1'", "2027-01-01"]),
    ("wrong type", _set(("vehicles", 0, "seats"), "six"), ["vehicle 'V1'", "'seats'"]),
    ("bool for int", _set(("assignments", 0, "max_learners"), True), ["assignment 'A1'", "max_learners"]),
    ("missing max", _set(("assignments", 0, "max_learners"), KeyError), ["assignment 'A1'", "max_learners"]),
    ("unknown format", _set(("format",), "other/1"), ["format"]),
]


@pytest.mark.parametrize("label,change,words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_names_field_and_id(label, change, words):
    data = _base()
    change(data)
    with pytest.raises(ProblemError) as err:
        problem_from_json(data)
    for word in words:
        assert word in str(err.value)


def test_defaults_follow_spec():
    p = problem_from_json(_base())
    a = p.assignment["A1"]
    assert (a.min_learners, a.min_supervisors, a.priority, a.mandatory, a.travel_minutes) == (0, 1, 1, False, 0)


def test_cli_bad_input_exit_2(write_json, tmp_path):
    data = _base()
    data["assignments"][0]["min_learners"] = 9
    out = tmp_path / "plan.json"
    for args in [(write_json(data), "-o", out), (tmp_path / "missing.json",), (write_json("{", "x.json"),)]:
        res = run_cli("solve", *args)
        assert res.returncode == 2 and res.stderr.strip() and not res.stdout
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    res = run_cli("solve", bad_json)
    assert res.returncode == 2 and "JSON" in res.stderr
    assert not out.exists()
    res = run_cli("solve", SMALL, "--pins", write_json({"pins": [{"assignment": "A999", "learner": "L001"}]}))
    assert res.returncode == 2 and "A999" in res.stderr


def test_cli_solve_and_check(tmp_path, write_json):
    out = tmp_path / "plan.json"
    res = run_cli("solve", SMALL, "--time-limit", "10", "--workers", "1", "-o", out)
    assert res.returncode == 0, res.stderr
    plan = json.loads(out.read_text())
    assert plan["format"] == "workfloor-plan/1" and plan["status"] == "optimal"
    res = run_cli("check", SMALL, out, "--json")
    assert res.returncode == 0 and json.loads(res.stdout)["valid"]
    plan["crews"][0]["learners"].append("L999")
    broken = write_json(plan, "broken.json")
    res = run_cli("check", SMALL, broken, "--json")
    verdict = json.loads(res.stdout)
    assert res.returncode == 1 and not verdict["valid"] and set(verdict) == {"valid", "score", "violations"}
    [unknown] = [v for v in verdict["violations"] if v["subjects"] == ["L999"]]
    assert set(unknown) == {"rule", "assignment", "subjects", "message"} and unknown["rule"] == "plan"
    assert "onbekende leerwerknemer L999" in unknown["message"]
    res = run_cli("check", SMALL, broken, "--json", "--lang", "en")
    assert "unknown learner L999" in json.dumps(json.loads(res.stdout))
    res = run_cli("check", SMALL, broken)  # words, for a person
    assert res.returncode == 1 and res.stdout.startswith("Het plan is ongeldig:") and "L999" in res.stdout
    res = run_cli("check", SMALL, broken, "--lang", "en")
    assert res.stdout.startswith("The plan is invalid:") and "Score:" in res.stdout


# ---------------------------------------------------------------- purity and determinism

def test_engine_imports_no_flask_or_database():
    code = ("import sys, scheduling, scheduling.bench, scheduling.__main__; "
            "print([m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'workfloor', 'flask_sqlalchemy')])")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert res.stdout.strip() == "[]"
    for path in (ROOT / "scheduling").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in ("flask", "sqlalchemy", "workfloor", "flask_sqlalchemy"), path


def test_deterministic_with_one_worker():
    p = load_problem(str(INSTANCES / "medium-1.json"))
    first = plan_to_json(solve(p, time_limit=60, workers=1))
    second = plan_to_json(solve(p, time_limit=60, workers=1))
    assert first == second and first["status"] == "optimal"


def test_problem_is_frozen():
    p = load_problem(str(SMALL))
    with pytest.raises(Exception):
        p.name = "x"  # type: ignore[misc]
    hash(p.assignments[0])


# ---------------------------------------------------------------- replanning

def test_replanning_keeps_placements_and_lists_moves():
    data = json.loads(SMALL.read_text())
    p = problem_from_json(data)
    before = solve(p, time_limit=10, workers=1)
    sick = before.crews[0].learners[0]
    for l in data["learners"]:
        if l["id"] == sick:
            l["available"] = {}
    p2 = problem_from_json(data)
    after = solve(p2, time_limit=10, workers=1, previous=before)
    assert validate(p2, after).valid
    kept = lambda plan: {(x, c.assignment) for c in plan.crews for x in c.learners + c.supervisors}
    old = kept(before)
    fresh = solve(p2, time_limit=10, workers=1)
    assert len(kept(after) & old) >= len(kept(fresh) & old)
    assert len(kept(after) & old) == len(old) - 1 or len(kept(after) & old) >= len(kept(fresh) & old)
    moved = {m.person: m for m in after.moves}
    assert sick in moved and moved[sick].after == () and moved[sick].rule == "dropped"
    assert "valt weg" in render.text(moved[sick], p2) and "is dropped" in render.text(moved[sick], p2, "en")
    assert plan_to_json(after)["moves"][0].keys() == {"rule", "person", "from", "to"}


# ---------------------------------------------------------------- pins

def test_pins_are_honoured(make_problem):
    p = make_problem(learners=[{}, {}, {}], supervisors=[{}, {}],
                     assignments=[{"priority": 5, "min_learners": 1}, {"priority": 1, "min_learners": 1}])
    free = solve(p, time_limit=10, workers=1)
    assert "A1" in free.crew
    plan = solve(p, time_limit=10, workers=1,
                 pins=[Pin("A1", unstaffed=True), Pin("A2", learner="L3"), {"assignment": "A2", "supervisor": "S2"}])
    assert "A1" not in plan.crew and "L3" in plan.crew["A2"].learners and plan.crew["A2"].supervisors == ("S2",)
    assert not plan.pin_conflicts and validate(p, plan).valid


def test_pin_breaking_a_rule_is_reported(make_problem):
    p = make_problem(learners=[{"domains": ["cleaning"]}, {}], supervisors=[{}],
                     assignments=[{"mandatory": True, "min_learners": 1}, {"blocks": ["am"], "min_learners": 1}])
    plan = solve(p, time_limit=10, workers=1, pins=[Pin("A1", learner="L1"), Pin("A1", unstaffed=True)])
    assert validate(p, plan).valid
    assert {(c.rule, c.refused) for c in plan.pin_conflicts} == {("refused", ("domain",)),
                                                                  ("mandatory", ("staffing",))}
    messages = render.texts(plan.pin_conflicts, p)
    assert any("domein" in m for m in messages) and any("verplicht" in m for m in messages)
    assert any("rule domain" in m for m in render.texts(plan.pin_conflicts, p, "en"))
    assert "pin_conflicts" in plan_to_json(plan)


def test_pins_that_clash_together_are_reported(make_problem):
    p = make_problem(learners=[{}], supervisors=[{}, {}],
                     assignments=[{"min_learners": 1}, {"min_learners": 1}])
    plan = solve(p, time_limit=10, workers=1, pins=[Pin("A1", learner="L1"), Pin("A2", learner="L1")])
    assert validate(p, plan).valid
    assert len(plan.pin_conflicts) >= 1
    kept = [pin for pin in (Pin("A1", learner="L1"), Pin("A2", learner="L1"))
            if pin not in {c.pin for c in plan.pin_conflicts}]
    for pin in kept:
        assert "L1" in plan.crew[pin.assignment].learners


# ---------------------------------------------------------------- suggest

def test_suggest_ranks_with_reasons(make_problem):
    p = make_problem(
        learners=[{"goals": [{"competency": "green.hedge_trimming", "weight": 3}]}, {}, {"licences": ["BE"]},
                  {"domains": ["cleaning"]}],
        supervisors=[{"max_learners": 1}],
        vehicles=[{"licence": "BE", "features": ["trailer"]}],
        assignments=[{"trains": ["green.hedge_trimming"], "travel_minutes": 5, "vehicle_features": ["trailer"],
                      "max_learners": 3}])
    plan = replace(solve(p, time_limit=10, workers=1), crews=())
    ranked = suggest(p, plan, "A1")
    by_person = {s.person: s for s in ranked}
    assert "L4" not in by_person  # other domain
    assert ("goal", ("green.hedge_trimming",)) in [(r.rule, r.codes) for r in by_person["L1"].reasons]
    assert "oefent haagscheren" in render.texts(by_person["L1"].reasons, p)
    assert "practises hedge trimming" in render.texts(by_person["L1"].reasons, p, "en")
    assert "heeft BE: kan de aanhangwagen rijden" in render.texts(by_person["L3"].reasons, p)
    assert by_person["L1"].score_delta[2] > 0
    assert by_person["L2"].breaks  # alone in a crew without a supervisor or vehicle
    assert ranked == sorted(ranked, key=lambda s: (not s.valid, tuple(-d for d in s.score_delta), s.person))


# ---------------------------------------------------------------- infeasible days

def test_infeasible_is_explained_in_dutch_with_a_valid_partial_plan(make_problem):
    p = make_problem(
        learners=[{"certificates": ["hedge_trimmer"]}, {}, {}],
        supervisors=[{"licences": ["B"]}, {"licences": ["B"]}],
        vehicles=[{"licence": "BE", "features": ["trailer"]}, {}],
        assignments=[{"name": "Hagen scheren", "site": "Stadspark", "travel_minutes": 10, "min_learners": 1,
                      "vehicle_features": ["trailer"], "mandatory": True},
                     {"name": "Onkruid wieden", "site": "Park Noord", "travel_minutes": 5, "min_learners": 1,
                      "mandatory": True}])
    plan = solve(p, time_limit=10, workers=1)
    assert plan.status == "infeasible"
    text = " ".join(plan.explanation)
    assert "Hagen scheren (Stadspark, ma 7/12 vm)" in text
    assert "aanhangwagen" in text and "BE" in text
    assert "A2" in plan.crew  # the other mandatory work is still staffed
    assert validate(p, plan).valid  # all rules but "mandatory staffed"
    assert not validate(p, replace(plan, status="feasible")).valid


def test_infeasible_certificates_explained(make_problem):
    p = make_problem(learners=[{}, {}], supervisors=[{}],
                     assignments=[{"name": "Gras maaien", "certificates": {"ride_on_mower": 1}, "min_learners": 1,
                                   "mandatory": True}])
    plan = solve(p, time_limit=10, workers=1)
    assert plan.status == "infeasible"
    assert any("zitmaaier" in r and "Gras maaien" in r for r in plan.explanation), plan.explanation


# ---------------------------------------------------------------- generated infeasible days

# generate.py --size medium --seed 40: nobody of green holds BE, so the mandatory mowing with a
# trailer (A018, am+pm) cannot be staffed; everything else can.
MEDIUM_40 = DATA / "medium-40.json"


def test_generated_infeasible_day_is_proven_and_explained():
    p = load_problem(str(MEDIUM_40))
    plan = solve(p, time_limit=30)
    assert plan.status == "infeasible"
    [reason] = plan.explanation
    assert reason.startswith("Gras maaien (Stadspark, ma 7/12 vm+nm)")  # assignment, site, day, blocks
    assert "aanhangwagen" in reason and "rijbewijs BE" in reason  # the transport rule that fails
    # The best partial plan breaks no rule but "mandatory staffed", and leaves only A018 out.
    assert validate(p, plan).valid
    ref = reference_check(MEDIUM_40, replace(plan, status="feasible"))
    assert ref["violations"] == ["A018: mandatory assignment not staffed"]
    assert {a.id for a in p.assignments if a.mandatory} - set(plan.crew) == {"A018"}


# generate.py --size week --seed 11: on Wednesday only one learner of green with a brush cutter
# certificate is there, and the mandatory verge work A076 needs two. The other days plan fully.
WEEK_11 = DATA / "week-11.json"


def test_generated_week_with_one_infeasible_day():
    p = load_problem(str(WEEK_11))
    plan = solve(p, time_limit=60)
    assert plan.status == "infeasible"
    assert plan.explanation == ("Boorden afwerken met bosmaaier (Begraafplaats West, wo 9/12 vm+nm) vraagt 2 "
                                "leerwerknemer(s) met attest bosmaaier, maar er is er maar 1 van groen die dan "
                                "aanwezig en geschikt is.",)
    assert validate(p, plan).valid
    ref = reference_check(WEEK_11, replace(plan, status="feasible"))
    assert ref["violations"] == ["A076: mandatory assignment not staffed"]
    assert {p.assignment[c.assignment].day for c in plan.crews} == set(p.days)  # every day is planned


# ---------------------------------------------------------------- no plan, no proof

def _strict_search_finds_nothing(monkeypatch):
    """Make the strict model's first search come back empty, as on a day too hard for the time."""
    original = engine._Run.solve

    def solve(self, model, seconds, callback=None, first_within=None, **kwargs):
        if first_within is None:
            return original(self, model, seconds, callback, **kwargs)
        stop, self._stop = self._stop, (lambda: True)
        try:
            return original(self, model, seconds, callback, first_within, **kwargs)
        finally:
            self._stop = stop
    monkeypatch.setattr(engine._Run, "solve", solve)


def test_no_plan_and_no_proof_raises_instead_of_claiming_infeasible():
    p = load_problem(str(SMALL))
    with pytest.raises(NoPlanFound) as err:
        solve(p, time_limit=10, workers=1, stop=lambda: True)
    assert "gestopt" in str(err.value) and "niet bewezen dat er geen bestaat" in str(err.value)
    partial = Plan(p.name, "infeasible", err.value.crews)
    assert validate(p, partial).valid  # whatever it holds breaks no rule but "mandatory staffed"


def test_a_previous_plan_is_a_hint_not_a_plan():
    # Stopped at once, the engine has checked nothing: the previous plan must not come back as
    # a valid plan (it may break rules now, e.g. after someone called in sick).
    p = load_problem(str(SMALL))
    before = solve(p, time_limit=10, workers=1)
    with pytest.raises(NoPlanFound):
        solve(p, time_limit=10, workers=1, previous=before, stop=lambda: True)


def test_cli_exits_3_without_plan_or_proof(monkeypatch, capsys):
    from scheduling import __main__ as cli

    def no_plan(*args, **kwargs):
        raise NoPlanFound("", reasons=(Reason("no_plan_in_time", day="2026-12-07", have=1, need=2),))
    monkeypatch.setattr(cli, "solve", no_plan)
    assert cli.main(["solve", str(SMALL)]) == 3
    out = capsys.readouterr()
    assert not out.out and "geen geldig plan" in out.err


def test_relaxed_model_completes_the_plan_when_the_strict_search_finds_none(monkeypatch):
    p = load_problem(str(SMALL))
    expected = solve(p, time_limit=10, workers=1)
    _strict_search_finds_nothing(monkeypatch)
    plan = solve(p, time_limit=10, workers=1)
    assert plan.status == "optimal" and validate(p, plan).valid
    assert plan.score == expected.score


def test_relaxed_model_proves_infeasible_when_the_strict_search_finds_none(monkeypatch):
    _strict_search_finds_nothing(monkeypatch)
    p = load_problem(str(MEDIUM_40))
    plan = solve(p, time_limit=30)
    assert plan.status == "infeasible" and validate(p, plan).valid
    assert any("Gras maaien" in r for r in plan.explanation)


def test_bench_gap_is_per_level_and_relative_to_the_bound():
    from scheduling.bench import gaps
    assert gaps((267, 126, 750, -45), (268, 126, 750, -44)) == pytest.approx([1 / 268, 0, 0, 1 / 44])
    assert gaps((1, 2, 3, 4), None) is None
