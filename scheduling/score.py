"""The soft side of SPEC.md: the four score levels, each in one place.

Each level has a readable name (its words live in ``render.py``), ``terms(m)`` giving its
``(coefficient, variable)`` terms in a day model (to maximise), and
``value(problem, crews)`` computing it for a plan exactly as check.py does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .findings import ScoreLine
from .model import Crew, Problem


@dataclass(frozen=True)
class Level:
    """One score level: larger is better."""

    name: str
    terms: Callable  # (day model) -> list[(int, var)]
    value: Callable  # (problem, crews) -> int
    reads_goals: bool = False  # depends on who exactly is placed, not only on how many of a kind


def _placed_terms(m):
    return [(len(a.blocks), v) for a in m.assignments for v in m.xs(a)]


def _placed_value(problem: Problem, crews: Sequence[Crew]) -> int:
    return sum(len(c.learners) * len(problem.assignment[c.assignment].blocks) for c in crews)


def _priority_terms(m):
    return [(a.priority * len(a.blocks), m.st[a.id]) for a in m.assignments if not a.mandatory]


def _priority_value(problem, crews):
    return sum(problem.assignment[c.assignment].priority * len(problem.assignment[c.assignment].blocks)
               for c in crews if not problem.assignment[c.assignment].mandatory)


def _learning_terms(m):
    return [(len(a.blocks) * l.goal_weight(a.trains), v)
            for a in m.assignments for l, v in m.xs_with_learner(a) if l.goal_weight(a.trains)]


def _learning_value(problem, crews):
    total = 0
    for c in crews:
        a = problem.assignment[c.assignment]
        total += len(a.blocks) * sum(problem.learner[l].goal_weight(a.trains)
                                     for l in c.learners if l in problem.learner)
    return total


def _vehicle_terms(m):
    return [(-len(a.blocks), u) for a in m.assignments for u in m.us(a)]


def _vehicle_value(problem, crews):
    return -sum(len(c.vehicles) * len(problem.assignment[c.assignment].blocks) for c in crews)


PLACED = Level("placed", _placed_terms, _placed_value)
PRIORITY = Level("priority", _priority_terms, _priority_value)
LEARNING = Level("learning", _learning_terms, _learning_value, reads_goals=True)
VEHICLE_BLOCKS = Level("-vehicle_blocks", _vehicle_terms, _vehicle_value)
LEVELS: tuple[Level, ...] = (PLACED, PRIORITY, LEARNING, VEHICLE_BLOCKS)


def score(problem: Problem, crews: Sequence[Crew]) -> tuple[int, int, int, int]:
    """The SPEC score vector ``(placed, priority, learning, -vehicle_blocks)`` of these crews."""
    return tuple(level.value(problem, crews) for level in LEVELS)  # type: ignore[return-value]


def score_lines(problem: Problem, crews: Sequence[Crew]) -> list[ScoreLine]:
    """One :class:`~findings.ScoreLine` per score level."""
    return [ScoreLine(level.name, level.value(problem, crews)) for level in LEVELS]


def explain_score(problem: Problem, crews: Sequence[Crew], lang: str = "nl") -> list[str]:
    """One line per score level, e.g. ``ingeplande dagdelen van leerwerknemers: 118``."""
    from .render import texts
    return texts(score_lines(problem, crews), problem, lang)
