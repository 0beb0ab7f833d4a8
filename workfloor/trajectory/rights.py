"""Contract and rights: will the contract add up to the days the learner's social-security rights need?

Pure functions, no Flask or database: the caller counts the days worked (from attendance) and
the working days left (from the learner's weekly pattern) and passes them in.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# A contract ending within this many weeks is flagged, so there is time to arrange what follows.
ENDS_SOON_WEEKS = 8


@dataclass(frozen=True)
class Rights:
    """Where the contract stands for the learner's rights on a day."""

    days_worked: int  # counted from attendance, plus days worked before this contract
    days_needed: int
    days_left: int  # working days in the pattern from tomorrow up to the contract end
    ends_on: date | None
    ends_soon: bool
    unreachable: bool  # the days needed can no longer be reached before the end

    @property
    def days_to_go(self) -> int:
        return max(0, self.days_needed - self.days_worked)


def working_days_left(weekdays: Iterable[int], today: date, end: date | None) -> int | None:
    """How many days of the weekly pattern lie after today up to `end`; None without an end date."""
    if end is None:
        return None
    pattern = set(weekdays)
    day, total = today + timedelta(days=1), 0
    while day <= end:
        total += day.weekday() in pattern
        day += timedelta(days=1)
    return total


def rights_on(today: date, *, days_worked: int, days_needed: int, weekdays: Iterable[int],
              ends_on: date | None) -> Rights:
    """The contract's standing: flags when it ends within ENDS_SOON_WEEKS or the days needed are out of reach."""
    left = working_days_left(weekdays, today, ends_on)
    ends_soon = ends_on is not None and today <= ends_on <= today + timedelta(weeks=ENDS_SOON_WEEKS)
    # Once the contract has ended there is nothing left to arrange: no flag for the past.
    unreachable = left is not None and ends_on >= today and days_worked + left < days_needed
    return Rights(days_worked=days_worked, days_needed=days_needed, days_left=left or 0, ends_on=ends_on,
                  ends_soon=ends_soon, unreachable=unreachable)
