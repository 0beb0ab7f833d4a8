"""On PostgreSQL a transaction that only read ends with COMMIT (psycopg then keeps its prepared statements);
one that wrote anything is still rolled back when the app rolls back (workfloor.database)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, literal, select, table, text, update

from workfloor.extensions import db as _db

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                reason="psycopg's prepared statements: PostgreSQL only")

scratch = Table("scratch_reads", MetaData(), Column("x", Integer), prefixes=["TEMPORARY"])


@pytest.fixture
def connection(app):
    """A connection of the app's engine (outside the test's transaction) with an empty temporary table."""
    connection = _db.engine.connect()
    scratch.create(connection)
    connection.commit()
    yield connection
    connection.rollback()
    scratch.drop(connection)
    connection.commit()
    connection.close()


def rows(connection) -> int:
    count = connection.execute(select(func.count()).select_from(scratch)).scalar_one()
    connection.commit()
    return count


def prepared(connection) -> int:
    return connection.execute(select(func.count()).select_from(table("pg_prepared_statements"))).scalar_one()


def test_a_transaction_that_only_read_keeps_its_prepared_statements(connection):
    for _ in range(8):  # psycopg prepares a statement from its fifth run on
        connection.execute(select(scratch.c.x).where(scratch.c.x > 1)).all()
    assert prepared(connection) > 0
    connection.rollback()  # what the app does at the end of every request
    assert prepared(connection) > 0  # a ROLLBACK would have made psycopg drop them all


WRITES = {
    "insert": lambda c: c.execute(insert(scratch).values(x=1)),
    "text": lambda c: c.execute(text("INSERT INTO scratch_reads (x) VALUES (1)")),
    "driver": lambda c: c.exec_driver_sql("INSERT INTO scratch_reads (x) VALUES (1)"),
    "insert in a WITH": lambda c: c.execute(
        select(literal(1)).add_cte(insert(scratch).values(x=1).cte("made"))),
    "read, then insert": lambda c: (c.execute(select(scratch.c.x)).all(), c.execute(insert(scratch).values(x=1))),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_transaction_that_wrote_is_rolled_back(connection, write):
    write(connection)
    connection.rollback()
    assert rows(connection) == 0


def test_an_update_after_reads_is_rolled_back(connection):
    connection.execute(insert(scratch).values(x=1))
    connection.commit()
    connection.execute(select(scratch.c.x)).all()
    connection.execute(update(scratch).values(x=2))
    connection.rollback()
    assert connection.execute(select(scratch.c.x)).scalar_one() == 1


def test_a_failed_read_rolls_back_and_the_connection_goes_on(connection):
    with pytest.raises(Exception):
        connection.execute(select(literal(1) / literal(0))).all()
    connection.rollback()
    assert connection.execute(select(literal(7))).scalar_one() == 7

