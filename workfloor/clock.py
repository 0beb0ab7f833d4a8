"""Today on the floor: one home for the date every page, form and command works from.

The floor's day is the date in Brussels (``BABEL_DEFAULT_TIMEZONE``), not the server's: between
midnight in Brussels and midnight UTC the server's date is still yesterday's. ``TODAY`` in the
config (``WORKFLOOR_TODAY``, never in production) pins it, so that a test run that crosses midnight
sees one day throughout.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

FLOOR_ZONE = "Europe/Brussels"


def today() -> date:
    """The floor's date: pinned by ``TODAY`` in the config, else today in the floor's time zone."""
    if has_app_context():
        pinned = current_app.config.get("TODAY")
        if pinned:
            return pinned
        zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE") or FLOOR_ZONE
    else:
        zone = FLOOR_ZONE
    return datetime.now(ZoneInfo(zone)).date()
