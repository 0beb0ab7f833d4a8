"""The soft side of SPEC.md: the score levels, each in one place.

Version 1 scores ``placed, priority, learning, -vehicle_blocks``; version 2 (the
week) scores ``placed, priority, fairness, goals, mentor, -vehicle_blocks``.
Each level has a readable name (its words live in ``render.py``), ``terms(m)`` giving its
``(coefficient, variable)`` terms in a day model (to maximise; the week levels' terms live
in ``weekmodel``, as they span days), and ``value(problem, crews)`` computing it for a plan
exactly as check.py does.
"""
from __future__ import annotations

from collections import defaultdict
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


# ---------------------------------------------------------------- version 2: the week
# ``problem`` here has every crew's assignment on the crew's day (``Problem.on_crew_days``).

def _known_learners(problem: Problem, c: Crew):
    """The crew's learners that exist, as often as listed (check.py counts a double entry twice)."""
    return [problem.learner[l] for l in c.learners if l in problem.learner]


def _fairness_value(problem: Problem, crews: Sequence[Crew]) -> int:
    worked = defaultdict(set)  # learner -> (day, block) slots worked
    for c in crews:
        a = problem.assignment[c.assignment]
        for lid in c.learners:
            worked[lid] |= {(a.day, b) for b in a.blocks}
    return -sum((l.slots - len(worked[l.id])) ** 2 for l in problem.learners)


def practice(problem: Problem, crews: Sequence[Crew]) -> dict[tuple[str, str], int]:
    """(learner, competency) -> blocks of practice, read as check.py does.

    Two goals of one learner on the same competency each add the crew's blocks (check.py's reading).
    """
    out: dict[tuple[str, str], int] = defaultdict(int)
    for c in crews:
        a = problem.assignment[c.assignment]
        for l in _known_learners(problem, c):
            for g in l.goals:
                if g.competency in a.trains:
                    out[(l.id, g.competency)] += len(a.blocks)
    return out


def _goals_value(problem: Problem, crews: Sequence[Crew]) -> int:
    done = practice(problem, crews)
    return sum(g.weight * min(done[(l.id, g.competency)], g.per_week) for l in problem.learners for g in l.goals)


def _mentor_value(problem: Problem, crews: Sequence[Crew]) -> int:
    return sum(len(problem.assignment[c.assignment].blocks) for c in crews
               for l in _known_learners(problem, c) if l.mentor is not None and l.mentor in c.supervisors)


def _week_terms(m):
    raise TypeError("week levels span days: their terms live in weekmodel.WeekModel")


FAIRNESS = Level("fairness", _week_terms, _fairness_value, reads_goals=True)
GOALS = Level("goals", _week_terms, _goals_value, reads_goals=True)
MENTOR = Level("mentor", _week_terms, _mentor_value, reads_goals=True)
LEVELS_V2: tuple[Level, ...] = (PLACED, PRIORITY, FAIRNESS, GOALS, MENTOR, VEHICLE_BLOCKS)


def levels_of(problem: Problem) -> tuple[Level, ...]:
    """The score levels of this problem's SPEC version."""
    return LEVELS_V2 if problem.week else LEVELS


def score(problem: Problem, crews: Sequence[Crew]) -> tuple[int, ...]:
    """The SPEC score vector of these crews: 4 levels (version 1) or 6 (version 2, the week)."""
    on_days = problem.on_crew_days(crews)
    return tuple(level.value(on_days, crews) for level in levels_of(problem))


def score_lines(problem: Problem, crews: Sequence[Crew]) -> list[ScoreLine]:
    """One :class:`~findings.ScoreLine` per score level (six for a week)."""
    on_days = problem.on_crew_days(crews)
    return [ScoreLine(level.name, level.value(on_days, crews)) for level in levels_of(problem)]


def explain_score(problem: Problem, crews: Sequence[Crew], lang: str = "nl") -> list[str]:
    """One line per score level, e.g. ``ingeplande dagdelen van leerwerknemers: 118``."""
    from .render import texts
    return texts(score_lines(problem, crews), problem, lang)
