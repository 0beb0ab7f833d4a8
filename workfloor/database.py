"""How the app's PostgreSQL connections end a transaction that only read.

psycopg (3) forgets its prepared statements whenever a transaction is rolled back (it sends
DEALLOCATE ALL: a rolled-back DROP or ALTER could leave them pointing at nothing). Flask-SQLAlchemy
ends every request with a rollback, so no query ever stayed prepared: PostgreSQL parsed and
planned each of them anew on every request. For the learner's "Mijn planning" that planning was
most of the database's work (about 1.2 ms of CPU for the one query that finds the learner and what
their schedule is made of, against 0.1 ms to run it prepared).

So a transaction that ran nothing but SELECTs ends with COMMIT instead: for a transaction that wrote
nothing, COMMIT and ROLLBACK leave the database the same, and the prepared statements stay. Any
statement that is not a compiled SELECT (an INSERT, UPDATE, DELETE, DDL, text SQL, a driver-level
statement, a SELECT with a data-modifying CTE) marks the transaction as writing, and it is rolled
back as asked. A transaction in error is rolled back as asked too.
"""
from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_WROTE = "workfloor_wrote"  # key in the connection's info: this transaction ran something else than a SELECT


_DML = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)


def _reads_only(statement: str, context: Any) -> bool:
    """Whether the statement about to run is a compiled SELECT that changes nothing."""
    compiled = getattr(context, "compiled", None)
    if compiled is None or context.is_text or context.isddl or context.isinsert or context.isupdate \
            or context.isdelete or not getattr(compiled.statement, "is_select", False):
        return False
    # A SELECT may carry an INSERT, UPDATE or DELETE in a WITH clause (none of ours do): in a statement
    # that starts with WITH, any such word counts as a write (a false alarm only costs the old rollback).
    return not _writes_in_with(statement)


@functools.lru_cache(maxsize=1024)
def _writes_in_with(statement: str) -> bool:
    return statement.lstrip()[:4].upper() == "WITH" and _DML.search(statement) is not None


def configure_postgresql(engine: Engine) -> None:
    """End read-only transactions with COMMIT on this PostgreSQL (psycopg) engine."""
    if engine.dialect.name != "postgresql" or engine.dialect.driver != "psycopg":
        return
    import psycopg
    from psycopg.pq import TransactionStatus

    @event.listens_for(engine, "before_cursor_execute")
    def note_writes(connection: Connection, cursor, statement, parameters, context, executemany) -> None:
        if not _reads_only(statement, context):
            connection.info[_WROTE] = True

    @event.listens_for(engine, "commit")
    def forget_on_commit(connection: Connection) -> None:
        connection.info.pop(_WROTE, None)

    @event.listens_for(engine, "rollback")
    def commit_reads(connection: Connection) -> None:
        """Called just before the rollback: a transaction that only read is committed instead (the
        rollback that follows then finds no transaction, and sends nothing)."""
        wrote = connection.info.pop(_WROTE, False)
        if wrote or connection.closed or connection.invalidated:
            return
        dbapi_connection = connection.connection.dbapi_connection
        if dbapi_connection is None or dbapi_connection.autocommit \
                or dbapi_connection.info.transaction_status != TransactionStatus.INTRANS:
            return
        try:
            dbapi_connection.commit()
        except psycopg.Error:
            pass  # the rollback that follows meets the same trouble, and SQLAlchemy deals with it there
