"""Planning from the command line: export the problem or the stored plan, plan a day (e.g. from cron)."""
from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import click

import scheduling
from workfloor import audit
from workfloor.clitools import fail
from workfloor.edge import MAX_DATE, MIN_DATE, date_in_window
from workfloor.extensions import db
from workfloor.planning import operations
from workfloor.assignments.operations import expand_templates
from workfloor.planning.adapter import PlanningData
from workfloor.planning.text import summary


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(f"--date must be a date YYYY-MM-DD, got {value!r}.")
    if not date_in_window(day):
        fail(f"--date must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}, got {value}.")
    return day


def _write(data: dict, output: str | None) -> None:
    """Write JSON to the file (checked before anything else happens) or to stdout."""
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        if output is None:
            click.echo(text, nl=False)
            sys.stdout.flush()
            return
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:  # a full disk (/dev/full), a closed pipe
        fail(f"Cannot write {output or 'to standard output'}: {error.strerror or error}.")


def _check_writable(output: str | None) -> None:
    if output is None:
        return
    path = Path(output)
    target = path if path.exists() else path.parent
    if path.is_dir() or not target.is_dir() and not path.exists() or not os.access(target, os.W_OK):
        fail(f"Cannot write {output}: not a writable file.")


@click.command("export-problem")
@click.option("--date", "day_text", required=True, help="The day, YYYY-MM-DD.")
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
def export_problem(day_text: str, output: str | None) -> None:
    """Print the planning problem of a day (all floors) in workfloor-planning/1."""
    day = _day(day_text)
    _check_writable(output)
    loaded = PlanningData.for_day(day)
    problem = loaded.problem_json()
    # The problem carries the learners' levels, goals and restrictions: the read is logged.
    audit.record_views(db.session, [learner.id for learner in loaded.data.learners], "planning_problem_export")
    db.session.commit()
    _write(problem, output)


@click.command("export-plan")
@click.option("--date", "day_text", required=True, help="The day, YYYY-MM-DD.")
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
def export_plan(day_text: str, output: str | None) -> None:
    """Print the stored plan of a day in workfloor-plan/1."""
    day = _day(day_text)
    _check_writable(output)
    plan = operations.plan_from_db(day)
    if plan is None:
        fail(f"No plan is stored for {day.isoformat()}.")
    _write(scheduling.plan_to_json(plan), output)


@click.command("plan")
@click.option("--date", "day_text", required=True, help="The day, YYYY-MM-DD.")
@click.option("--publish", is_flag=True, help="Publish the plan right away.")
@click.option("--time-limit", default=20.0, type=click.FloatRange(min=0.1), show_default=True,
              help="Seconds the engine may search.")
def plan_day(day_text: str, publish: bool, time_limit: float) -> None:
    """Plan a day for every floor and store it (keeps pinned placements)."""
    day = _day(day_text)
    expand_templates(day, day)  # the day's recurring work, before it is planned
    loaded = PlanningData.for_day(day, create_plan=True)
    day_plan, scope = loaded.day_plan, loaded.scope
    try:
        result = scheduling.solve(loaded.problem, time_limit=time_limit, pins=loaded.pins)
    except scheduling.NoPlanFound as error:  # neither a plan nor a proof in time: store nothing, say so
        db.session.rollback()
        click.echo(f"No plan found for {day.isoformat()} within {time_limit:g} s: {error}", err=True)
        sys.exit(3)
    before = operations.snapshot(day_plan)
    operations.store_plan(day_plan, result, scope)
    line, said = summary("generated_cli", status=result.status)
    operations.record_change(day_plan, None, "generated", line, before,
                             details={"score": list(result.score or ()), **said})
    if publish and day_plan.status != "published":
        operations.publish(day_plan, None)
    db.session.commit()
    click.echo(f"{day.isoformat()}: {result.status}, {len(result.crews)} crews, score {list(result.score or ())}"
               f"{', published' if publish else ''}.")
    for line in scheduling.render.texts(result.reasons, loaded.problem):
        click.echo(f"  {line}")


COMMANDS = (export_problem, export_plan, plan_day)
