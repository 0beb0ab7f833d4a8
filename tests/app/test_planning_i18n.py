"""The planning board in English: labels, the script's strings, engine messages and history lines."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask_babel import refresh
from sqlalchemy import select

from tests.app.test_planning_problem import scene  # noqa: F401  (fixture)
from workfloor.models import DayPlan, PlanEvent
from workfloor.planning import operations
from workfloor.planning.text import board_strings

JSON = {"Accept": "application/json"}
BOARD_JS = Path(__file__).resolve().parents[2] / "workfloor/static/planning/board.js"


@pytest.fixture(autouse=True)
def solve_in_request(app):
    old = {k: app.config.get(k) for k in ("PLANNING_SOLVE_SYNC", "PLANNING_TIME_LIMIT")}
    app.config.update(PLANNING_SOLVE_SYNC=True, PLANNING_TIME_LIMIT=3)
    yield
    app.config.update(old)


@pytest.fixture
def user(scene, login):  # noqa: F811
    return login(scene.supervisor.person.user)


def url(scene, action=""):  # noqa: F811
    return f"/planning/{scene.day.isoformat()}" + (f"/{action}" if action else "")


def version(db, scene, floors=None) -> str:  # noqa: F811
    """The token the board posts: each floor's plan and its version."""
    return operations.plan_token(scene.day, floors or {scene.floor.id})


def speak(db, user, locale: str) -> None:
    user.locale = locale
    db.session.flush()
    refresh()  # the tests share one app context, where Flask-Babel caches the locale of the first request


def generate(client, db, scene):  # noqa: F811
    response = client.post(url(scene, "generate"), data={"version": version(db, scene), "time_limit": "5"},
                           headers=JSON)
    assert response.status_code == 202, response.get_json()
    return client.get(response.get_json()["status_url"]).get_json()


def strings_on(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="board-strings">(.*?)</script>', page, re.S)
    assert found, "the board carries its script's strings"
    return json.loads(found.group(1))


def test_board_in_english_shows_english_labels_and_no_dutch_ones(client, db, scene, user):  # noqa: F811
    speak(db, user, "en")
    status = generate(client, db, scene)
    assert re.fullmatch(r"\d+ learner blocks? scheduled", status["score_nl"][0])
    assert status["result"]["status_nl"] in ("optimal", "good, not proven optimal", "not everything feasible")
    page = client.get(url(scene)).get_data(as_text=True)
    for english in ("Who fits here?", "1–3 learners", "practises ",
                    "learner blocks scheduled.", "times practising a learning goal", "Schedule generated (",
                    "Report absent", "Sick"):
        assert english in page, english
    for dutch in ("Wie past hier?", "dagdelen ingepland", "ingeplande dagdelen", "Planning gegenereerd",
                  "oefent", "Ziek", "Verplaats naar"):
        assert dutch not in page, dutch
    strings = strings_on(page)
    assert strings["move_title"] == "Move %(name)s" and strings["unpin"] == "Unpin"
    assert strings["status_done"] == "Done" and strings["nobody_moves"] == "Nobody needs to move."


def test_board_in_dutch_keeps_the_dutch_texts(client, db, scene, user):  # noqa: F811
    generate(client, db, scene)
    page = client.get(url(scene)).get_data(as_text=True)
    assert "Wie past hier?" in page and re.search(r"\d+ van \d+ dagdelen ingepland\.", page)
    assert "Planning gegenereerd (" in page and "1–3 leerwerknemers" in page
    strings = strings_on(page)
    assert strings["move_title"] == "Verplaats %(name)s" and strings["pin"] == "Zet vast op deze plaats"


def test_every_key_the_script_uses_has_a_translated_string(app):
    script = BOARD_JS.read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\("([a-z_]+)"\s*[,)]', script))
    used |= {f"status_{s}" for s in re.findall(r'"(queued|running|done|failed|confirmed|discarded)"',
                                                script.split('var statuses = [', 1)[1].split("]", 1)[0])}
    assert len(used) > 25
    with app.test_request_context():
        strings = board_strings()
    assert used <= set(strings), used - set(strings)
    assert not set(strings) - used, "strings the script never uses"
    assert all(isinstance(v, str) and v for v in strings.values())


def test_warnings_show_the_engines_english_message_to_an_english_reader(client, db, scene, user):  # noqa: F811
    generate(client, db, scene)
    speak(db, user, "en")
    response = client.post(url(scene, "move"), data={
        "version": version(db, scene), "kind": "supervisor", "subject": scene.supervisor.person_id,
        "source": scene.park.id, "target": ""}, headers=JSON)
    body = response.get_json()
    assert response.status_code == 200 and body["warnings"]
    assert body["message"].startswith("Moved to the pool.") and "Note:" in body["message"]
    event = db.session.get(PlanEvent, body["event"])
    assert event.details["findings"] and "warnings" not in event.details  # kept as data, said per reader
    english = [w["message"] for w in body["warnings"]]
    page = client.get(url(scene) + f"?edit={body['event']}").get_data(as_text=True)
    assert english[0] in page and "This change breaks a rule" in page
    speak(db, user, "nl")
    dutch_page = client.get(url(scene) + f"?edit={body['event']}").get_data(as_text=True)
    assert english[0] not in dutch_page and "Deze wijziging breekt een regel" in dutch_page


def test_history_lines_follow_the_readers_language(client, db, scene, user):  # noqa: F811
    generate(client, db, scene)
    learner = scene.learners[0]
    response = client.post(url(scene, "move"), data={
        "version": version(db, scene), "kind": "learner", "subject": learner.person_id, "target": scene.serre.id,
        "source": [a.id for a in (scene.park, scene.serre)]}, headers=JSON)
    assert response.status_code == 200, response.get_json()
    plan = db.session.execute(select(DayPlan).where(DayPlan.day == scene.day)).scalar_one()
    moved = next(e for e in plan.events if e.kind == "edit")
    assert moved.summary == "Verplaatst naar Serre (Serre scene)."  # stored in the saver's language
    assert moved.details["summary"] == {"key": "moved", "params": {"where": "Serre (Serre scene)"}}
    plan.events.append(PlanEvent(kind="edit", summary="Een oude regel zonder sleutel.", details={}))
    db.session.flush()
    db.session.expire_all()  # read the new row's time back as the database stores it
    speak(db, user, "en")
    history = client.get(url(scene)).get_data(as_text=True).split('class="history"', 1)[1]
    assert "Moved to Serre (Serre scene)." in history and "Schedule generated (" in history
    assert "Verplaatst naar" not in history and "Planning gegenereerd" not in history
    assert "Een oude regel zonder sleutel." in history  # old rows: the stored text
    assert f"{learner.name}: " in history and "→ Serre (Serre scene)" in history


def test_the_english_board_shows_no_dutch_engine_text(client, db, scene, user):  # noqa: F811
    scene.park.certificates = {"brush_cutter": 2}  # nobody holds it: the day cannot be fully planned
    db.session.flush()
    speak(db, user, "en")
    status = generate(client, db, scene)
    assert status["result"]["status"] == "infeasible"
    why = status["result"]["explanation"]
    assert why and all("vraagt" not in line and "verplicht" not in line for line in why)
    assert any("needs 2 learner(s) with certificate brush cutter" in line for line in why), why
    assert any("Mon " in line for line in why)  # the day in English too
    page = client.get(url(scene)).get_data(as_text=True)
    assert why[0] in page  # the stored explanation, said again for this reader
    body = client.get(url(scene, "suggest") + f"?assignment={scene.park.id}").get_json()
    said = [r for c in body["candidates"] for r in c["reasons"]] + [c["score_nl"] for c in body["candidates"]]
    assert said and not any(word in line for line in said for word in ("oefent", "breekt", "verlaat", "heeft"))
    assert any(line.startswith("breaks rule staffing: ") and "needs at least 1" in line for line in said), said
    history = page.split('class="history"', 1)[1]
    assert "Planning gegenereerd" not in history and "Schedule generated" in history


def test_competencies_are_named_in_the_readers_language(app):
    from flask_babel import force_locale

    from workfloor.framework.names import SHIPPED_NAMES, competency_name
    from competencies import load_default_framework
    shipped = {item.name for item in load_default_framework().items(include_retired=True)}
    assert SHIPPED_NAMES == shipped  # every shipped name is a msgid
    names = {"green.hedge_trimming": "Hagen scheren", "green.pruning": "Snoeien zoals wij het doen"}
    with app.test_request_context():
        assert competency_name("green.hedge_trimming", names) == "Hagen scheren"
        with force_locale("en"):
            assert competency_name("green.hedge_trimming", names) == "Trimming hedges"
            assert competency_name("green.pruning", names) == "Snoeien zoals wij het doen"  # renamed: as given


def test_the_app_has_words_for_every_engine_finding():
    from scheduling import RULE_CODES, render
    from scheduling.score import LEVELS as DAY_LEVELS
    from scheduling.score import LEVELS_V2 as WEEK_LEVELS

    from workfloor.planning import findings
    from workfloor.planning.text import LEVELS, RULES
    assert set(render.VIOLATIONS["nl"]) - set(findings.VIOLATIONS) == {("plan", "format"), ("plan", "status")}
    assert set(render.REASONS["nl"]) == set(findings.REASONS)
    assert set(render.FIT["nl"]) == set(findings.FIT) and set(render.MOVES["nl"]) == set(findings.MOVES)
    assert set(render.PIN_CONFLICTS["nl"]) == set(findings.PIN_CONFLICTS)
    assert set(render._WEEK_PARTS["nl"]) <= set(findings.WEEK_PARTS)
    assert set(RULES) >= set(RULE_CODES) | {"day", "mandatory"}
    assert set(LEVELS) == {level.name for level in DAY_LEVELS + WEEK_LEVELS}

@pytest.mark.parametrize("locale, expected", [
    ("en", ["Hagen scheren (Stadspark", "fits on none of its days", "too few supervisors", "cannot happen on",
            "was planned before the replanning day"]),
    ("nl", ["Hagen scheren (Stadspark", "past op geen enkele van zijn dagen", "te weinig begeleiders", "kan niet op",
            "lag al vast voor de dag"]),
])
def test_a_weeks_findings_are_said_in_the_readers_language(app, db, scene, locale, expected):  # noqa: F811
    """A week solve's result keeps its findings as data; the week board says them per reader, with names."""
    from flask_babel import force_locale

    from workfloor.models import SolveJob
    from workfloor.planning.jobs import status_json
    park, day = f"A{scene.park.id}", scene.day.isoformat()
    job = SolveJob(day=scene.day, floor_ids=[scene.floor.id], kind="week", status="done", result={
        "format": "workfloor-plan/2", "instance": "week", "status": "infeasible", "crews": [],
        "explanation": ["Park past op geen enkele van zijn dagen (Dutch text stored by the engine)"],
        "findings": [{"rule": "staffing", "assignment": park, "day": day, "detail": "min_supervisors",
                      "nowhere": True}],
        "pin_conflicts": [{"pin": {"assignment": park, "day": day, "unstaffed": False}, "rule": "day",
                           "refused": ["day"]},
                          {"pin": {"assignment": park, "learner": f"L{scene.learners[0].id}"}, "rule": "fixed"}]})
    db.session.add(job)
    db.session.flush()
    with app.test_request_context(), force_locale(locale):
        result = status_json(job)["result"]
    said = " ".join(result["explanation"] + result["pin_conflicts"])
    for words in expected:
        assert words in said, (words, said)
    assert "(Dutch text stored by the engine)" not in said
    assert f"A{scene.park.id}" not in said
