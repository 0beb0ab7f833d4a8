"""The embedded SQLite: a transaction that reads and then writes waits for another writer, never fails."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from workfloor import create_app
from workfloor.extensions import db


@pytest.fixture
def file_app(tmp_path):
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wf.sqlite'}"})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE counter (n INTEGER)")
            connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    return app


def test_a_read_then_write_waits_for_the_other_writer(file_app):
    with file_app.app_context():
        engine = db.engine
        writing, done = threading.Event(), threading.Event()

        def other_writer():
            with engine.begin() as connection:
                connection.exec_driver_sql("UPDATE counter SET n = n + 1")
                writing.set()
                done.wait(0.5)  # holds the write lock a while, as a solve job storing its plan does

        thread = threading.Thread(target=other_writer)
        thread.start()
        writing.wait(5)
        with engine.begin() as connection:  # before the fix: "database is locked" at the UPDATE
            n = connection.execute(text("SELECT n FROM counter")).scalar()
            connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 10})
        thread.join()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT n FROM counter")).scalar() == 11  # nothing lost either
