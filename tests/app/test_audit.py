"""The audit log records changes to a learner's file with who, what, old and new."""
from datetime import date

import pytest
from sqlalchemy import select

from workfloor.models import AuditEntry, LearnerCertificate


def test_a_new_certificate_is_logged_with_its_id_and_values(db, make_learner):
    learner = make_learner()
    certificate = LearnerCertificate(learner=learner, kind="hedge_trimmer", valid_until=date(2027, 5, 1))
    db.session.add(certificate)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "LearnerCertificate")).scalar_one()
    assert entry.action == "create"
    assert entry.learner_id == learner.id
    assert entry.object_id == certificate.id
    assert entry.changes["valid_until"] == [None, "2027-05-01"]


def test_a_changed_contract_end_keeps_old_and_new(db, make_learner):
    learner = make_learner(contract_end=date(2027, 1, 31))
    learner.contract_end = date(2027, 6, 30)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "Learner", AuditEntry.action == "update")).scalar_one()
    assert entry.changes == {"contract_end": ["2027-01-31", "2027-06-30"]}


def test_changes_outside_a_learners_file_are_not_logged(db, make_site):
    make_site()
    assert db.session.execute(select(AuditEntry)).first() is None


def test_a_certificate_dropped_from_the_collection_is_logged_as_deleted(db, make_learner):
    learner = make_learner()
    learner.certificates.append(LearnerCertificate(kind="brush_cutter"))
    db.session.flush()
    learner.certificates.clear()  # delete-orphan: the row goes inside the flush
    db.session.flush()
    deleted = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "LearnerCertificate", AuditEntry.action == "delete")
    ).scalar_one()
    assert deleted.learner_id == learner.id
    assert deleted.changes["kind"] == ["brush_cutter", None]


def test_floor_changes_of_a_learner_are_logged(db, make_learner, make_floor):
    first, second = make_floor(name="Groen A"), make_floor(name="Groen B")
    learner = make_learner(floors=[first])
    learner.floors.append(second)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "Learner", AuditEntry.action == "update")).scalar_one()
    assert entry.changes["floors"] == [["Groen A"], ["Groen A", "Groen B"]]


def test_the_calendar_secret_never_reaches_the_log(db, make_learner):
    learner = make_learner()
    learner.calendar_token = "very-secret-token"
    learner.phase = "work"
    db.session.flush()
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.learner_id == learner.id)).scalars().all()
    assert entries and all("very-secret-token" not in str(entry.changes) for entry in entries)


def test_the_audit_log_is_append_only_on_postgresql(tmp_path):
    """Migration 0004: the app's role may add audit entries, never change or remove one."""
    import os

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from tests.databases import empty_database
    from workfloor import create_app
    from workfloor.extensions import db as database

    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    with empty_database(tmp_path, "append_only") as url:
        app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            engine = database.engine
            with engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO person (first_name, last_name, phone, active, version) VALUES ('A', 'B', '', true, 1)"))
                connection.execute(sa.text(
                    "INSERT INTO learner (person_id, contract_start, phase, may_drive, version) "
                    "SELECT id, '2026-01-05', 'work_activation', false, 1 FROM person"))
                connection.execute(sa.text(
                    "INSERT INTO audit_entry (at, learner_id, action, object_type, object_id, changes) "
                    "SELECT now(), id, 'view', 'file', id, '{}' FROM learner"))
            for statement in ("UPDATE audit_entry SET action = 'create'", "DELETE FROM audit_entry",
                              "TRUNCATE audit_entry"):
                with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                    with engine.begin() as connection:
                        connection.execute(sa.text(statement))
            with engine.begin() as connection:  # deleting a learner still works: its entries keep no id
                connection.execute(sa.text("DELETE FROM learner"))
                assert connection.execute(sa.text("SELECT count(*) FROM audit_entry WHERE learner_id IS NULL")
                                          ).scalar() == 1
            engine.dispose()
