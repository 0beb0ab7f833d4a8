"""Planning from the command line: export the problem or the stored plan, plan a day (e.g. from cron)."""
from __future__ import annotations

import json
import math
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import click

import scheduling
from workfloor import audit
from workfloor.clitools import fail
from workfloor.edge import MAX_DATE, MIN_DATE, date_in_window
from workfloor.extensions import db
from workfloor.planning import notices, operations
from workfloor.assignments.operations import expand_templates
from workfloor.planning.adapter import PlanningData
from workfloor.planning.problem import all_floor_ids
from workfloor.planning.adapter import POLISH_SHARE, PlanningWeek
from workfloor.planning.week import WeekError, parse_week
from workfloor.planning.weekboard import publish_week, week_figures
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


def _when(day_text: str | None, week_text: str | None) -> tuple[date | None, date | None]:
    """(day, monday): exactly one of --date and --week."""
    if (day_text is None) == (week_text is None):
        fail("Give either --date YYYY-MM-DD or --week YYYY-Www (e.g. 2026-W50), not both and not neither.")
    if week_text is not None:
        try:
            return None, parse_week(week_text)
        except WeekError as error:
            fail(str(error))
    return _day(day_text), None


def _floors(floor_ids: tuple[int, ...]) -> set[int] | None:
    """The floors asked for with --floor (None: every active floor); an unknown or inactive one is bad input."""
    if not floor_ids:
        return None
    active = all_floor_ids()
    unknown = sorted(set(floor_ids) - active)
    if unknown:
        fail(f"--floor {unknown[0]} is not an active floor (active: {', '.join(map(str, sorted(active))) or 'none'}).")
    return set(floor_ids)


WEEK_HELP = "The week, ISO: 2026-W50 (Monday to Friday)."
FLOOR_HELP = "Only this floor (by id; repeat for more). Default: every active floor."


@click.command("export-problem")
@click.option("--date", "day_text", default=None, help="The day, YYYY-MM-DD.")
@click.option("--week", "week_text", default=None, help=WEEK_HELP)
@click.option("--floor", "floor_ids", type=click.IntRange(min=1, max=2**31 - 1), multiple=True, help=FLOOR_HELP)
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
def export_problem(day_text: str | None, week_text: str | None, floor_ids: tuple[int, ...],
                   output: str | None) -> None:
    """Print the planning problem of a day (workfloor-planning/1) or a week (workfloor-planning/2)."""
    day, monday = _when(day_text, week_text)
    floors = _floors(floor_ids)
    _check_writable(output)
    if monday is not None:
        week = PlanningWeek(monday, floors)
        problem, learner_ids = week.to_json(), [x.id for x in week.learners]
    else:
        loaded = PlanningData.for_day(day, floors)
        problem, learner_ids = loaded.problem_json(), [x.id for x in loaded.data.learners]
    # The problem carries the learners' levels, goals and restrictions: the read is logged.
    audit.record_views(db.session, learner_ids, "planning_problem_export")
    db.session.commit()
    _write(problem, output)


@click.command("export-plan")
@click.option("--date", "day_text", default=None, help="The day, YYYY-MM-DD.")
@click.option("--week", "week_text", default=None, help=WEEK_HELP)
@click.option("--floor", "floor_ids", type=click.IntRange(min=1, max=2**31 - 1), multiple=True, help=FLOOR_HELP)
@click.option("-o", "--output", default=None, help="Write to this file instead of stdout.")
def export_plan(day_text: str | None, week_text: str | None, floor_ids: tuple[int, ...], output: str | None) -> None:
    """Print the stored plan of a day (workfloor-plan/1) or a week (workfloor-plan/2)."""
    day, monday = _when(day_text, week_text)
    floors = _floors(floor_ids)
    _check_writable(output)
    if monday is not None:
        week = PlanningWeek(monday, floors)
        if not week.has_plan:
            fail(f"No plan is stored for {week.label}.")
        _write(scheduling.plan_to_json(week.plan), output)
        return
    plan = operations.plan_from_db(day, floors)
    if plan is None:
        fail(f"No plan is stored for {day.isoformat()}.")
    _write(scheduling.plan_to_json(plan), output)


@click.command("plan")
@click.option("--date", "day_text", default=None, help="The day, YYYY-MM-DD.")
@click.option("--week", "week_text", default=None, help=WEEK_HELP)
@click.option("--floor", "floor_ids", type=click.IntRange(min=1, max=2**31 - 1), multiple=True, help=FLOOR_HELP)
@click.option("--publish", is_flag=True, help="Publish the plan right away.")
@click.option("--time-limit", default=20.0, type=click.FloatRange(min=0.1, max=3600), show_default=True,
              help="Seconds the engine may search.")
def plan_day(day_text: str | None, week_text: str | None, floor_ids: tuple[int, ...], publish: bool,
             time_limit: float) -> None:
    """Plan a day or a week for every floor (or the --floor ones) and store it (keeps pinned placements)."""
    day, monday = _when(day_text, week_text)
    floors = _floors(floor_ids)
    if not math.isfinite(time_limit):  # click's FloatRange lets nan through
        fail(f"--time-limit must be a number of seconds between 0.1 and 3600, got {time_limit}.")
    if monday is not None:
        _plan_week(monday, floors, publish, time_limit)
        return
    expand_templates(day, day)  # the day's recurring work, before it is planned
    loaded = PlanningData.for_day(day, floors)
    data, day_plan, floor_ids = loaded.data, loaded.day_plan, loaded.floor_ids
    try:
        result = scheduling.solve(loaded.problem, time_limit=time_limit, pins=loaded.pins)
    except scheduling.NoPlanFound as error:  # neither a plan nor a proof in time: store nothing, say so
        db.session.rollback()
        click.echo(f"No plan found for {day.isoformat()} within {time_limit:g} s: {error}", err=True)
        sys.exit(3)
    line, said = summary("generated_cli", status=result.status)
    for floor_id in sorted(floor_ids):
        floor_scope = {a.id for a in data.assignments if a.floor_id == floor_id}
        if not floor_scope and floor_id not in day_plan.plans:
            continue
        plan = operations.day_plan_for(day, floor_id, create=True, full=True)
        before = operations.snapshot(plan)
        operations.record_released(plan, None, operations.release_absent(plan, data.absences), before)
        before = operations.snapshot(plan)
        operations.store_plan(plan, result, floor_scope)
        operations.record_change(plan, None, "generated", line, before,
                                 details={"score": list(result.score or ()), **said})
        if publish:
            operations.publish(plan, None)
    operations.refresh_unplaced(day, data)
    db.session.commit()
    if publish:
        notices.deliver_pending()  # mail the notices of changed days now (cron: retries with send-notices)
    click.echo(f"{day.isoformat()}: {result.status}, {len(result.crews)} crews, score {list(result.score or ())}"
               f"{', published' if publish else ''}.")
    for line in scheduling.render.texts(result.reasons, loaded.problem):
        click.echo(f"  {line}")


def _plan_week(monday: date, floors: set[int] | None, publish: bool, time_limit: float) -> None:
    """Plan Monday to Friday in one solve (version 2) and store it per floor and day."""
    expand_templates(monday, monday + timedelta(days=4))
    week = PlanningWeek(monday, floors)
    try:
        result = week.polish(scheduling.solve(week.problem, time_limit=time_limit, pins=week.pins),
                             seconds=POLISH_SHARE * time_limit)
    except scheduling.NoPlanFound as error:
        db.session.rollback()
        click.echo(f"No plan found for {week.label} within {time_limit:g} s: {error}", err=True)
        sys.exit(3)
    days = week.store(result, None, "generated", summary("generated_cli", status=result.status))
    if publish:
        publish_week(monday, week.floor_ids, None)
    db.session.commit()
    if publish:
        notices.deliver_pending()
    figures = week_figures(week.problem, result)
    click.echo(f"{week.label}: {result.status}, {len(result.crews)} crews over {len(days)} days, "
               f"score {list(result.score or ())}{', published' if publish else ''}.")
    click.echo(f"  placed {figures.placed} of {figures.available} learner blocks; "
               f"{figures.practice_share:.0%} practise a goal; {figures.mentor_share:.0%} with their mentor.")
    for line in scheduling.render.texts(result.reasons, week.problem):
        click.echo(f"  {line}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (default: keep waiting for solves).")
def worker(burst: bool) -> None:
    """Run solves from the planning queue (needs REDIS_URL); start as many as there are cores to spare."""
    from flask import current_app
    from workfloor.planning import queue
    if not queue.enabled(current_app):
        fail("REDIS_URL is not set: without it the web process solves in its own thread and needs no worker.")
    try:
        queue.connection(current_app).ping()
    except Exception as error:  # noqa: BLE001 - any connection failure is the same message
        fail(f"Cannot reach Redis at REDIS_URL: {error}.")
    queue.work(burst=burst)


COMMANDS = (export_problem, export_plan, plan_day, worker)
