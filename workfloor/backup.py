"""Backup and restore of the whole database: the SQLite backup API for the embedded default,
``pg_dump``/``pg_restore`` (custom format) for PostgreSQL.

A backup is one file. ``restore`` puts it into the database the app is configured for (empty or not:
what was there is replaced), then ``flask db upgrade`` brings an older backup's schema up to date.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from workfloor.clitools import confirmed, fail
from workfloor.extensions import db

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def _pg_command(name: str, url: URL) -> tuple[list[str], dict[str, str]]:
    """The libpq options of the app's database, the password in the environment (not in `ps`)."""
    program = shutil.which(name)
    if program is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    args = [program, "--dbname", url.database or ""]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError((result.stderr or result.stdout).strip() or f"{args[0]} failed")


def backup(target: Path) -> None:
    """Write the whole database to `target` (replaced if it exists)."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        raw = db.engine.raw_connection()
        try:
            with sqlite3.connect(target) as copy:
                raw.driver_connection.backup(copy)  # a consistent copy, even while the app writes
            copy.close()
        finally:
            raw.close()
    elif url.get_backend_name() == "postgresql":
        args, env = _pg_command("pg_dump", url)
        _run(args + ["--format=custom", "--no-owner", "--file", str(target)], env)
    else:
        raise BackupError(f"no backup for {url.get_backend_name()} databases")


def restore(source: Path) -> None:
    """Replace the database's content with the backup in `source`."""
    with open(source, "rb") as stream:
        head = stream.read(16)
    url = db.engine.url
    db.session.remove()
    if url.get_backend_name() == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{source} is not an SQLite backup.")
        db.engine.dispose()
        raw = db.engine.raw_connection()
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as original:
                original.backup(raw.driver_connection)
            original.close()
        finally:
            raw.close()
    elif url.get_backend_name() == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is not a pg_dump backup in custom format.")
        db.engine.dispose()  # no connection of ours holds a lock on what is dropped
        args, env = _pg_command("pg_restore", url)
        _run(args + ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                     str(source)], env)
    else:
        raise BackupError(f"no restore for {url.get_backend_name()} databases")
    db.engine.dispose()


@click.command("backup")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The backup file to write.")
@with_appcontext
def backup_command(output: Path) -> None:
    """Back up the whole database into one file (SQLite backup API, or pg_dump's custom format)."""
    try:
        backup(output)
    except (BackupError, OSError, sqlite3.Error) as error:
        fail(f"Backup failed: {error}")
    click.echo(f"Backed up {db.engine.url.render_as_string(hide_password=True)} to {output}.", err=True)


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's content.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's content with a backup made by `flask backup`."""
    where = db.engine.url.render_as_string(hide_password=True)
    if not yes and not confirmed(f"Replace everything in {where} with {source}?"):
        fail("Nothing restored.")
    try:
        restore(source)
    except (BackupError, OSError, sqlite3.Error) as error:
        fail(f"Restore failed: {error}")
    current_app.logger.info("restored %s from %s", where, source)
    click.echo(f"Restored {where} from {source}. Run `flask --app workfloor db upgrade` if the backup is older "
               "than this version of the app.", err=True)
