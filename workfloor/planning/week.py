"""Weeks: ISO week names (``2026-W50``) and their working days.

The week itself, as the engine sees it, is loaded and stored by ``adapter.PlanningWeek``:
five ``DayData`` (one per working day, each read exactly as the day board reads it)
joined into one ``workfloor-planning/2`` problem: every learner once, with their blocks per day,
their vaste begeleider (``mentor``) and each goal's weekly target (``per_week``); a flexible
assignment once, with the days of its window (``days``). The week plan comes back as day
plans: each crew goes into the draft of its floor on its day, and a flexible assignment's
``day`` becomes the day it was planned on, so every day view (board, crew sheet, phone) shows
it there.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
WORKDAYS = 5


class WeekError(ValueError):
    """Not a week this app can plan (message in English for the command line; the views say it in Dutch)."""


def parse_week(text: str) -> date:
    """The Monday of an ISO week written ``2026-W50``.

    Raises:
        WeekError: for anything else, or a week outside the app's date window.
    """
    from workfloor.edge import MAX_DATE, MIN_DATE
    found = WEEK_PATTERN.match((text or "").strip())
    if not found:
        raise WeekError(f"--week must be an ISO week like 2026-W50, got {text!r}.")
    try:
        monday = date.fromisocalendar(int(found[1]), int(found[2]), 1)
    except ValueError:
        raise WeekError(f"--week names no week of that year: {text!r}.") from None
    if not (MIN_DATE <= monday and monday + timedelta(days=4) <= MAX_DATE):
        raise WeekError(f"--week must lie between {MIN_DATE.year} and {MAX_DATE.year}, got {text}.")
    return monday


def week_label(monday: date) -> str:
    """``2026-W50`` for the week of this Monday."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=i) for i in range(WORKDAYS)]
