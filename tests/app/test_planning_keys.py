"""Accepted warnings are known by (rule, assignment, subjects): rewording a sentence keeps them accepted."""
from __future__ import annotations

import importlib
import json

import pytest
from flask_babel import lazy_gettext as _l
from flask_migrate import upgrade
from sqlalchemy import select, text

from tests.app.test_planning import JSON, _move, generate, url, version
from tests.app.test_planning import solve_in_request, supervisor  # noqa: F401  (fixtures)
from tests.app.test_planning_problem import scene  # noqa: F401  (fixture)
from tests.databases import empty_database
from workfloor import create_app
from workfloor.extensions import db as _db
from workfloor.models import PlanEvent
from workfloor.planning import findings
from workfloor.planning.problem import key

REWORDED = "HERSCHREVEN: %(a)s mist een begeleider."


def _accept_supervisor_leaving(client, db, scene):  # noqa: F811
    generate(client, db, scene)
    body = _move(client, db, scene, kind="supervisor", subject=scene.supervisor.person_id, source=scene.park.id,
                 target="").get_json()
    assert body["warnings"]
    accepted = client.post(url(scene, "accept"), data={"version": version(db, scene), "event": body["event"],
                                                       "reason": "Begeleider komt om 9 uur"}, headers=JSON)
    assert accepted.status_code == 200
    return db.session.execute(select(PlanEvent).where(PlanEvent.kind == "accepted")).scalar_one()


def _warning_items(page: str) -> list[str]:
    return [item.split("</li>", 1)[0] for item in page.split("<li class=")[1:]
            if item.startswith(('"warning"', '"accepted"'))]


def test_an_acceptance_is_keyed_by_rule_assignment_and_subjects(client, db, scene, supervisor):  # noqa: F811
    logged = _accept_supervisor_leaving(client, db, scene)
    park = key("assignment", scene.park.id)
    assert ["staffing", park, []] in logged.details["keys"]
    assert all(set(f) >= {"rule", "assignment", "subjects"} for f in logged.details["findings"])


def test_rewording_a_rule_message_keeps_the_acceptance(client, db, scene, supervisor, monkeypatch):  # noqa: F811
    _accept_supervisor_leaving(client, db, scene)
    before = [w for w in _warning_items(client.get(url(scene)).get_data(as_text=True)) if "begeleider(s)" in w]
    assert before and all(w.startswith('"accepted"') for w in before)
    monkeypatch.setitem(findings.VIOLATIONS, ("staffing", "supervisors"), _l(REWORDED))
    page = client.get(url(scene)).get_data(as_text=True)
    reworded = [w for w in _warning_items(page) if "HERSCHREVEN" in w]
    assert reworded, "the new wording is shown"
    assert all(w.startswith('"accepted"') and "Begeleider komt om 9 uur" in w for w in reworded)


# ------------------------------------------------------------------ the migration carries old acceptances over

OLD_EDIT = {
    "warnings": ["Jan staat niet beschikbaar.", "Park heeft te veel leerwerknemers.", "Iemand rijdt twee wagens.",
                 "An en Bo mogen niet samen."],
    "warnings_en": ["A7: learner L3 not available in ['pm']", "A7: 5 learners exceed the supervisors' ratio 4",
                    "A7: one person drives two vehicles", "A7: learners L3 and L9 must not work together"],
    "warning_assignments": [7, 7, 7, 7],
}


def test_migration_turns_stored_sentences_into_keys(tmp_path):
    with empty_database(tmp_path, "warning_keys") as url_:
        app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url_})
        with app.app_context():
            upgrade(revision="0003")
            with _db.engine.begin() as connection:
                connection.execute(text("INSERT INTO day_plan (id, day, status, explanation, revision, version, "
                                        "updated_at) VALUES (1, '2026-12-07', 'draft', '[]', 0, 1, "
                                        "'2026-12-01 08:00:00')"))
                for event_id, kind, details in (
                        (1, "edit", OLD_EDIT),
                        (2, "accepted", {"warnings": OLD_EDIT["warnings"], "event": 1}),
                        (3, "accepted", {"warnings": ["Een zin zonder bewerking."], "event": 99})):
                    connection.execute(text("INSERT INTO plan_event (id, plan_id, at, kind, summary, reason, details, "
                                            "revision) VALUES (:id, 1, '2026-12-01 08:00:00', :kind, '', 'ok', "
                                            ":details, 0)"), {"id": event_id, "kind": kind,
                                                               "details": json.dumps(details)})
            upgrade(revision="0004_i8")
            with _db.engine.connect() as connection:
                stored = {i: json.loads(d) if isinstance(d, str) else d for i, d in connection.execute(
                    text("SELECT id, details FROM plan_event ORDER BY id"))}
            _db.engine.dispose()
    expected = [["availability", "A7", ["L3"]], ["ratio", "A7", []], ["conflict", "A7", ["L3", "L9"]]]
    assert stored[1]["keys"] == expected and stored[2]["keys"] == expected
    assert stored[2]["warnings"] == OLD_EDIT["warnings"]  # the text stays for the history
    assert stored[3]["keys"] == []  # nothing to read it back from


@pytest.mark.parametrize("message,key_", [
    ("A1: supervisor S2 does not work domain green", ["domain", "A1", ["S2"]]),
    ("learner L4 is in ['A1', 'A2'] at 2026-12-07 am", ["one_place", None, ["L4"]]),
    ("A3: mandatory assignment not staffed", ["staffing", "A3", []]),
    ("A3: driver None of V2 is not in the crew", ["transport", "A3", ["V2"]]),
    ("A3: driver 'L5' of V2 is not in the crew", ["transport", "A3", ["V2", "L5"]]),
    ("A3: driver S1 lacks licence BE for V2", ["transport", "A3", ["V2", "S1"]]),
    ("A3: 7 seats for a crew of 8", ["transport", "A3", ["V9"]]),
    ("A3: a person is listed twice", None),
])
def test_old_english_sentences_read_back(message, key_):
    migration = importlib.import_module("workfloor.migrations.versions.0004_i8_warning_keys")
    assert migration.key_of(message, lambda a, what: ["V9"] if what == "vans" else ["S1"]) == key_
