"""Rule 9 of SPEC version 2 (the week): a crew works on its assignment's day, or one of its days.

The solver keeps this rule by construction: a flexible assignment gets a copy on each
day of its window (``Problem.may_happen_on``) and at most one copy is staffed
(``weekmodel``). Rules 1-8 are read on the crew's day (``Problem.on_crew_days``).
"""
from __future__ import annotations

from typing import Iterator, Sequence

from .findings import Violation
from .model import Crew, Problem
from .rules import Rule


class Day(Rule):
    """A crew's day is its assignment's ``day``, or one of its ``days``."""

    code = "day"

    @staticmethod
    def check(problem: Problem, crews: Sequence[Crew]) -> Iterator[Violation]:
        """``problem`` as given (not on the crews' days): it knows each assignment's window."""
        if not problem.week:
            return
        for c in crews:
            a = problem.assignment[c.assignment]
            if c.day not in a.window:
                yield Violation("day", a.id, (str(c.day),), "not_in_window",
                                day=c.day if isinstance(c.day, str) else None, codes=tuple(a.window))
