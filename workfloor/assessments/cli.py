"""`flask --app workfloor export-assessments`: every rating as CSV for the case-management system."""
from __future__ import annotations

import sys

import click

from workfloor.assessments.operations import write_export
from workfloor.clitools import fail
from workfloor.extensions import db


@click.command("export-assessments")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=False), default=None,
              help="Write to this file instead of standard output.")
def export_assessments(output: str | None) -> None:
    """Write every assessment rating as CSV: learner_id,learner_name,competency_id,level,kind,date,assessor."""
    try:
        if output is None:
            write_export(sys.stdout)
            sys.stdout.flush()
        else:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                count = write_export(stream)
    except OSError as error:  # a full disk (/dev/full), a closed pipe, no permission
        fail(f"Cannot write {output or 'to standard output'}: {error.strerror or error}.")
    db.session.commit()  # the audit entries: who exported whose ratings
    if output is not None:
        click.echo(f"Wrote {count} ratings to {output}.", err=True)
