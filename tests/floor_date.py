"""The run's today: one date for the app (``WORKFLOOR_TODAY``) and the tests.

A run that starts on Sunday evening and ends on Monday would otherwise see two weeks: the tests'
dates from before midnight, the app's from after.
"""
from __future__ import annotations

import os
from datetime import date

from workfloor import clock

os.environ.setdefault("WORKFLOOR_TODAY", clock.today().isoformat())
TODAY = date.fromisoformat(os.environ["WORKFLOOR_TODAY"])


def floor_today() -> date:
    """The run's today (the floor's date when the run started)."""
    return TODAY
