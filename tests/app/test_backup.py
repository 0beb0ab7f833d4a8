"""Backup and restore, and the GDPR round trip: export a learner, erase them, back up, restore into a
fresh database, and the app serves the restored data (with the erased name nowhere)."""
from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from tests.conftest import PASSWORD
from tests.databases import empty_database
from workfloor import create_app
from workfloor.extensions import db as _db
from workfloor.models import Assessment, Floor, Learner, Person, User, WorkBlock


@contextmanager
def own_session() -> Iterator[None]:
    """The suite binds db.session to its rolled-back test connection; these apps need their own."""
    saved = _db.session
    _db.session = _db._make_scoped_session({})
    try:
        yield
    finally:
        _db.session.remove()
        _db.session = saved


def _fill() -> tuple[int, int]:
    """A coordinator and Jan Peeters, whose contract ended long ago; returns (learner id, person id)."""
    floor = Floor(name="Groen", domain="green", base="Leerwerkplaats")
    boss = User(person=Person(first_name="An", last_name="Coördinator"), email="an@stad.example", role="coordinator")
    boss.set_password(PASSWORD)
    person = Person(first_name="Jan", last_name="Peeters", phone="0470 12 34 56")
    learner = Learner(person=person, contract_start=date(2014, 1, 6), contract_end=date(2015, 6, 30),
                      floors=[floor], work_blocks=[WorkBlock(weekday=0, block="am")])
    _db.session.add_all([boss, learner])
    _db.session.flush()
    _db.session.add(Assessment(learner_id=learner.id, kind="observation", day=date(2015, 3, 2), note="goed bezig"))
    _db.session.commit()
    return learner.id, person.id


def _all_text(connection) -> str:
    tables = [t for t in _db.metadata.sorted_tables]
    return "\n".join(str(tuple(row)) for t in tables for row in connection.execute(select(t)))


def test_export_erase_backup_and_restore_into_a_fresh_database(tmp_path):
    archive, dump = tmp_path / "jan.zip", tmp_path / "workfloor.backup"
    with empty_database(tmp_path, "backup_source") as source_url, own_session():
        source = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": source_url})
        with source.app_context():  # commands run in the current app's context: this one, not the suite's
            upgrade()
            learner_id, person_id = _fill()
            runner = source.test_cli_runner()
            result = runner.invoke(args=["privacy", "export", "--learner", str(learner_id), "-o", str(archive)])
            assert result.exit_code == 0, result.output
            with zipfile.ZipFile(archive) as z:
                assert json.loads(z.read("person.json"))[0]["last_name"] == "Peeters"
                assert json.loads(z.read("assessments.json"))[0]["note"] == "goed bezig"
            result = runner.invoke(args=["privacy", "erase", "--learner", str(learner_id), "--yes"])
            assert result.exit_code == 0, result.output
            result = runner.invoke(args=["backup", "-o", str(dump)])
            assert result.exit_code == 0, result.output
            _db.engine.dispose()
    assert dump.stat().st_size > 0

    with empty_database(tmp_path, "backup_target") as target_url, own_session():
        target = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": target_url})
        with target.app_context():
            runner = target.test_cli_runner()
            result = runner.invoke(args=["restore", str(archive), "--yes"])  # not a backup: refused, nothing touched
            assert result.exit_code == 2 and "is not a" in result.output
            result = runner.invoke(args=["restore", str(dump), "--yes"])
            assert result.exit_code == 0, result.output
        client = target.test_client()
        response = client.post("/login", data={"email": "an@stad.example", "password": PASSWORD})
        assert response.status_code == 302
        page = client.get(f"/learners/{learner_id}").get_data(as_text=True)
        assert f"Leerwerknemer #{person_id}" in page and "Peeters" not in page
        assert client.get("/learners/").status_code == 200
        with target.app_context():
            with _db.engine.connect() as connection:
                assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 0
                everything = _all_text(connection)
            _db.engine.dispose()
        assert "Peeters" not in everything and "0470" not in everything


def test_backup_to_an_unwritable_place_exits_2(cli, tmp_path):
    result = cli.invoke(args=["backup", "-o", str(tmp_path / "missing" / "x.backup")])
    assert result.exit_code == 2 and "Backup failed" in result.output


@pytest.mark.parametrize("answer", ["n\n", ""])
def test_restore_asks_first(cli, tmp_path, answer):
    dump = tmp_path / "x.backup"
    dump.write_bytes(b"SQLite format 3\x00")
    result = cli.invoke(args=["restore", str(dump)], input=answer)
    assert result.exit_code == 2 and "Nothing restored" in result.output
