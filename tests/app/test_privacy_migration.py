"""Migration 0006_h14p: existing plan history and audit entries lose the names they froze."""
from __future__ import annotations

import json

from flask_migrate import upgrade
from sqlalchemy import text

from tests.databases import empty_database
from workfloor import create_app
from workfloor.extensions import db as _db

OLD_DETAILS = {
    "released": [{"person": 1, "assignment": 1, "pinned": True, "driver": False}],
    "persons": [1],
    "summary": {"key": "absent_released", "params": {"names": "Jan Peeters", "pinned": "Jan Peeters"}},
    "diff": [{"who": "Jan Peeters", "key": "person:1", "from": ["Werk (Werf)"], "to": [], "change": "move",
              "text": "Jan Peeters: Werk (Werf) → niet ingepland"},
             {"who": "Minibus", "key": "vehicle:1", "from": ["Werk (Werf)"], "to": [], "change": "move",
              "text": "Minibus: Werk (Werf) → niet ingepland"}],
}


def test_history_rows_keep_ids_and_lose_names(tmp_path):
    with empty_database(tmp_path, "privacy_migration") as url:
        app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0004_i10")
            with _db.engine.begin() as c:
                c.execute(text("INSERT INTO floor (id, name, domain, base, active) VALUES (1, 'Vloer', 'green', "
                               "'Basis', true)"))
                c.execute(text("INSERT INTO person (id, first_name, last_name, phone, active, version) "
                               "VALUES (1, 'Jan', 'Peeters', '0470', true, 1)"))
                c.execute(text("INSERT INTO learner (id, person_id, contract_start, phase, may_drive, version) "
                               "VALUES (1, 1, '2026-01-05', 'work_activation', false, 1)"))
                c.execute(text("INSERT INTO day_plan (id, day, floor_id, status, explanation, unplaced, revision, "
                               "version, updated_at) VALUES (1, '2026-12-07', 1, 'draft', '[]', '[]', 0, 1, "
                               "'2026-12-01 08:00:00')"))
                c.execute(text("INSERT INTO plan_event (plan_id, at, kind, summary, reason, details, revision) "
                               "VALUES (1, '2026-12-01 08:00:00', 'absent', :s, '', :d, 0)"),
                          {"s": "Afwezig: Jan Peeters. Uit de ploeg gehaald; vastzetting opgeheven voor Jan Peeters.",
                           "d": json.dumps(OLD_DETAILS)})
                c.execute(text("INSERT INTO audit_entry (at, learner_id, action, object_type, object_id, changes) "
                               "VALUES ('2026-12-01 08:00:00', 1, 'update', 'Person', 1, :c)"),
                          {"c": json.dumps({"last_name": ["Peters", "Peeters"], "active": [True, False]})})
                c.execute(text("INSERT INTO solve_job (day, floor_ids, kind, status, time_limit, progress, "
                               "stop_requested, result, error, plan_token, created_at, updated_at) VALUES "
                               "('2026-12-07', '[1]', 'generate', 'done', 20, '{}', false, :r, '', '', "
                               "'2026-12-01 08:00:00', '2026-12-01 08:00:00')"),
                          {"r": json.dumps({"summary": {"placed": 1, "unplaced": [
                              {"person": 1, "block": "am", "rule": "full", "name": "Jan"}]}})})
            upgrade()
            with _db.engine.connect() as c:
                result = c.execute(text("SELECT result FROM solve_job")).scalar()
                summary, details = c.execute(text("SELECT summary, details FROM plan_event")).one()
                changes = c.execute(text("SELECT changes FROM audit_entry")).scalar()
                erased = c.execute(text("SELECT erased_at FROM person")).scalar()
            _db.engine.dispose()
    details = details if isinstance(details, dict) else json.loads(details)
    changes = changes if isinstance(changes, dict) else json.loads(changes)
    assert "Peeters" not in summary + json.dumps(details)
    assert details["summary"] == {"key": "absent_released", "params": {"persons": [1], "pinned_persons": [1]}}
    assert [d.get("who") for d in details["diff"]] == [None, "Minibus"]  # a van keeps its name
    assert changes == {"last_name": ["\u2022", "\u2022"], "active": [True, False]}
    assert erased is None
    result = result if isinstance(result, dict) else json.loads(result)
    assert result["summary"]["unplaced"] == [{"person": 1, "block": "am", "rule": "full"}]
