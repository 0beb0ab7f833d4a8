"""Bounds on the week's score read off the problem itself, to tighten what the solver proves.

The fairness level, minus the sum of idle², is the one CP-SAT bounds worst: its LP sees
the squares only through tangents and, on a big week, seldom gets far before the time is up.
Yet with the placed level known the total idle is known too, and spreading it as evenly as
each learner's slots allow (water-filling) gives the least sum of squares any plan can have.
"""
from __future__ import annotations

import heapq
from typing import Sequence

from . import rules as R
from .model import Problem


def _blocks_with_work(problem: Problem, learner, days: Sequence[str]) -> int:
    """How many of the learner's free (day, block) slots some assignment could take them in."""
    covered = 0
    for d in days:
        free = learner.free(d)
        fits = set()
        for a in problem.may_happen_on(d):
            if not R.refusing_rules(problem, "learner", learner, a):
                fits |= set(a.blocks)
        covered += len(free & fits)
    return covered


def least_idle_squares(idle_total: int, least: Sequence[int], most: Sequence[int]) -> int | None:
    """The least sum of x² over integers least[i] <= x[i] <= most[i] with sum(x) >= idle_total
    (None when no such x exists): raise the smallest x one at a time."""
    x = list(least)
    if sum(most) < idle_total:
        return None
    heap = [(v, i) for i, v in enumerate(x) if v < most[i]]
    heapq.heapify(heap)
    for _ in range(max(0, idle_total - sum(x))):
        v, i = heapq.heappop(heap)
        x[i] = v + 1
        if x[i] < most[i]:
            heapq.heappush(heap, (x[i], i))
    return sum(v * v for v in x)


def fairness_bound(problem: Problem, placed_most: int) -> int | None:
    """An upper bound on fairness for a whole-week plan placing at most ``placed_most`` learner-blocks.

    A learner's idle blocks are their slots minus the blocks they work; those no assignment of
    the week can take them in stay idle whatever the plan. Placed counts exactly the blocks
    worked, so together the learners are idle at least ``slots - placed_most`` blocks.
    """
    learners = [l for l in problem.learners if l.slots > 0]
    slots = [l.slots for l in learners]
    least = [s - _blocks_with_work(problem, l, problem.days) for l, s in zip(learners, slots)]
    squares = least_idle_squares(sum(slots) - placed_most, least, slots)
    return None if squares is None else -squares
