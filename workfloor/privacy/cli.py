"""`flask --app workfloor privacy export|erase`: the same as the coordinator's privacy page."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from workfloor import clock
from workfloor.clitools import confirmed, fail
from workfloor.edge import ID_MAX
from workfloor.extensions import db
from workfloor.models import Learner
from workfloor.privacy import operations as ops


@click.group("privacy", cls=AppGroup)  # AppGroup: each subcommand runs in the app's context
def privacy() -> None:
    """GDPR: export everything about a learner (art. 15), erase or pseudonymise a learner (art. 17)."""


def _learner(learner_id: int) -> Learner:
    learner = db.session.get(Learner, learner_id)
    if learner is None:
        fail(f"No learner with id {learner_id}.")
    return learner


@privacy.command("export")
@click.option("--learner", "learner_id", required=True, type=click.IntRange(1, ID_MAX))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The ZIP file to write.")
def export(learner_id: int, output: Path) -> None:
    """Write everything the app holds about a learner as a ZIP of JSON and CSV files."""
    learner = _learner(learner_id)
    body = ops.export_zip(learner)
    try:
        output.write_bytes(body)
    except OSError as error:  # a full disk (/dev/full), no permission, a missing folder
        fail(f"Cannot write {output}: {error.strerror or error}.")
    db.session.commit()  # the audit entry of the export
    click.echo(f"Wrote the data of learner {learner_id} to {output}.", err=True)


@privacy.command("erase")
@click.option("--learner", "learner_id", required=True, type=click.IntRange(1, ID_MAX))
@click.option("--mode", type=click.Choice(ops.MODES), default=ops.ERASE, show_default=True,
              help="erase: the file's content goes too; pseudonymise: only name, phone and account.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase(learner_id: int, mode: str, yes: bool) -> None:
    """Erase or pseudonymise a learner, within the retention rules (RETENTION_YEARS)."""
    learner = _learner(learner_id)
    reason = ops.refusal(learner, mode, clock.today())
    if reason:
        fail(reason)
    if not yes and not confirmed(f"{mode.capitalize()} learner {learner_id} ({learner.name})? This cannot be "
                                     "undone."):
        fail("Nothing changed.")
    removed = ops.erase(learner, mode, clock.today())
    db.session.commit()
    click.echo(f"Learner {learner_id}: {mode} done; rows removed: {sum(removed.values())}.", err=True)
