"""`flask --app workfloor report --from 2026-01-01 --to 2026-12-31 [--floor ID] [--csv FILE]`: the city's report."""
from __future__ import annotations

import csv
import sys
from datetime import date

import click
from sqlalchemy import select

from workfloor.clitools import fail
from workfloor.edge import MAX_DATE, MIN_DATE, date_in_window
from workfloor.extensions import db
from workfloor.models import Floor, Learner
from workfloor.progress.operations import csv_cell
from workfloor.trajectory.report import city_report


def _day(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        fail(f"{option}: '{value}' is not a date; use YYYY-MM-DD.")
    if not date_in_window(day):
        fail(f"{option}: choose a date between {MIN_DATE.year} and {MAX_DATE.year}.")
    return day


@click.command("report")
@click.option("--from", "start", required=True, help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "end", required=True, help="Last day of the period (YYYY-MM-DD), included.")
@click.option("--floor", "floor_id", default=None, help="Only this floor (its id); default: every floor.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the figures as CSV to this file.")
def report_command(start: str, end: str, floor_id: str | None, csv_path: str | None) -> None:
    """The city's report per floor over a period: learners, hours, attendance, evaluations, obstacles, outcomes."""
    first, last = _day(start, "--from"), _day(end, "--to")
    if last < first:
        fail("--to lies before --from.")
    floors = list(db.session.execute(select(Floor).where(Floor.active).order_by(Floor.name)).scalars())
    if floor_id is not None:
        floor = next((f for f in floors if str(f.id) == floor_id.strip()), None)
        if floor is None:
            fail(f"--floor: no active floor with id '{floor_id}'.")
        columns, total = [], city_report(select(Learner), first, last, floor=floor)
        headers = [floor.name]
    else:
        columns = [city_report(select(Learner), first, last, floor=f) for f in floors]
        total = city_report(select(Learner), first, last)
        headers = [f.name for f in floors] + ["total"]
    table = _table(columns, total)
    lines = [["figure", *headers], *[[str(value) for value in row] for row in table]]
    widths = [max(len(line[column]) for line in lines) for column in range(len(lines[0]))]
    for line in lines:  # the figure's key left-aligned, the numbers right-aligned under their floor
        click.echo("  ".join([line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:], widths[1:])]))
    if csv_path:
        try:
            with open(csv_path, "w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow([csv_cell(cell) for cell in ["figure", *headers]])  # floor names are typed text
                writer.writerows(table)
        except OSError as error:
            fail(f"Cannot write {csv_path}: {error.strerror or error}.")
        click.echo(f"Wrote the report to {csv_path}.", err=True)
    sys.stdout.flush()


def _table(columns, total) -> list[list]:
    """One row per figure: its key, the value per floor column, then the total."""
    keyed = [dict(column.rows()) for column in columns]
    return [[key, *[values[key] for values in keyed], value] for key, value in total.rows()]
