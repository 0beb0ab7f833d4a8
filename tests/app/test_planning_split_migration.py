"""Migration 0005_i9: a day plan of every floor becomes one plan per floor, crews and history kept."""
from __future__ import annotations

from flask_migrate import upgrade
from sqlalchemy import text

from tests.databases import empty_database
from workfloor import create_app
from workfloor.extensions import db as _db


def test_a_plan_of_two_floors_is_split_per_floor(tmp_path):
    with empty_database(tmp_path, "split_plans") as url:
        app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(revision="0004_i8")
            with _db.engine.begin() as c:
                for i, domain in ((1, "green"), (2, "cleaning")):
                    c.execute(text("INSERT INTO floor (id, name, domain, base, active) "
                                   "VALUES (:i, :n, :d, 'Basis', true)"), {"i": i, "n": f"Vloer {i}", "d": domain})
                    c.execute(text("INSERT INTO site (id, name, address, travel_minutes, active) "
                                   "VALUES (:i, :n, 'Straat', 5, true)"), {"i": i, "n": f"Werf {i}"})
                    c.execute(text("INSERT INTO person (id, first_name, last_name, phone, active) "
                                   "VALUES (:i, 'Naam', :n, '', true)"), {"i": i, "n": f"Persoon{i}"})
                    c.execute(text(
                        "INSERT INTO assignment (id, name, floor_id, site_id, day, morning, afternoon, min_learners, "
                        "max_learners, min_supervisors, mandatory, priority, certificates, min_levels, "
                        "excluded_restrictions, vehicle_features, trains, cancelled, cancel_reason, notes) "
                        "VALUES (:i, 'Werk', :i, :i, '2026-12-07', true, true, 0, 3, 1, false, 1, '{}', '{}', "
                        "'[]', '[]', '[]', false, '', '')"), {"i": i})
                c.execute(text("INSERT INTO day_plan (day, status, explanation, revision, version, updated_at, "
                               "published_at) VALUES ('2026-12-07', 'published', '[]', 2, 5, "
                               "'2026-12-01 08:00:00', '2026-12-01 08:00:00')"))
                plan_id = c.execute(text("SELECT id FROM day_plan")).scalar()
                for i in (1, 2):
                    c.execute(text("INSERT INTO crew_member (plan_id, assignment_id, person_id, role, pinned) "
                                   "VALUES (:p, :i, :i, 'learner', false)"), {"i": i, "p": plan_id})
                c.execute(text("INSERT INTO plan_event (plan_id, at, kind, summary, reason, details, revision) "
                               "VALUES (:p, '2026-12-01 08:00:00', 'published', 'Planning gepubliceerd.', '', '{}', 2)"),
                          {"p": plan_id})
            upgrade()
            with _db.engine.connect() as c:
                plans = c.execute(text("SELECT id, floor_id, status, revision FROM day_plan ORDER BY floor_id")).all()
                members = dict(c.execute(text("SELECT person_id, plan_id FROM crew_member")).all())
                events = dict(c.execute(text("SELECT plan_id, count(*) FROM plan_event GROUP BY plan_id")).all())
            _db.engine.dispose()
    assert [(p.floor_id, p.status, p.revision) for p in plans] == [(1, "published", 2), (2, "published", 2)]
    by_floor = {p.floor_id: p.id for p in plans}
    assert members == {1: by_floor[1], 2: by_floor[2]}  # each learner's crew moved with its floor
    assert events == {by_floor[1]: 1, by_floor[2]: 1}  # both floors keep the history
