"""`flask --app workfloor expand-templates`: make the dated assignments of the weekly templates.

Reading never writes: the planning board and the assignment list show the assignments that
exist. They are made when a template is saved (for ``HORIZON_WEEKS`` ahead), when a day is
generated, and by this command, meant to run daily (cron) so the horizon moves along.
"""
from __future__ import annotations

from datetime import date, timedelta

import click

from workfloor import clock
from workfloor.assignments.operations import HORIZON_WEEKS, expand_templates
from workfloor.clitools import fail
from workfloor.extensions import db


@click.command("expand-templates")
@click.option("--start", "start_text", default=None, help="First day, YYYY-MM-DD (default: today).")
@click.option("--weeks", default=HORIZON_WEEKS, show_default=True, type=click.IntRange(min=0, max=104),
              help="How many weeks ahead of the first day.")
def expand_templates_command(start_text: str | None, weeks: int) -> None:
    """Create the missing assignments of every active weekly template (idempotent)."""
    try:
        start = date.fromisoformat(start_text) if start_text else clock.today()
    except ValueError:
        fail(f"--start must be a date YYYY-MM-DD, got {start_text!r}.")
    end = start + timedelta(weeks=weeks)
    created = expand_templates(start, end)
    db.session.commit()
    click.echo(f"{len(created)} assignments made from weekly templates for {start.isoformat()} to {end.isoformat()}.")
