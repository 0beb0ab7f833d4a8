"""A last polish of a week plan: swaps that bring more learners beside their mentor, nothing else worse.

The week model optimises the mentor level last, and on a big week its search rarely gets far in
the time left. Two kinds of swap often help and are cheap to try:

- two supervisors exchange all their crews of one day (their driving included): that changes no
  placement, priority, fairness, goal practice or van use;
- two learners in crews of the same blocks on one day exchange places: the blocks they work stay
  the same; their practice may change, which the score then weighs.

A swap stands only if the validator accepts the plan (every hard rule, each once, in ``rules.py``)
and the score is lexicographically better: more mentor blocks with no earlier level lower. Greedy,
day by day, until no swap helps.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from typing import Iterable

from .model import Crew, Plan, Problem, VehicleUse
from .score import score
from .validate import validate


def _swap(crew: Crew, a: str, b: str) -> Crew:
    def other(x: str | None) -> str | None:
        return b if x == a else a if x == b else x
    return replace(crew, supervisors=tuple(other(s) for s in crew.supervisors),
                   vehicles=tuple(VehicleUse(u.vehicle, other(u.driver)) for u in crew.vehicles))


def _mentored(problem: Problem, crews: Iterable[Crew]) -> int:
    """Learner-blocks with the learner's mentor in the crew, over these crews."""
    total = 0
    for c in crews:
        blocks = len(problem.assignment[c.assignment].blocks)
        total += blocks * sum(1 for x in c.learners if problem.learner[x].mentor in c.supervisors)
    return total


def _supervisor_swaps(problem: Problem, plan: Plan, crews: list[Crew], best: tuple, on_day: list[int],
                      candidates: list[str], domains: dict):
    """Exchange all crews of two supervisors that day, when the score gets better."""
    improved = True
    while improved:
        improved = False
        for a, b in combinations(candidates, 2):
            if not domains[a] & domains[b]:
                continue
            touched = [i for i in on_day if a in crews[i].supervisors or b in crews[i].supervisors]
            if not touched:
                continue
            swapped = {i: _swap(crews[i], a, b) for i in touched}
            if _mentored(problem, swapped.values()) <= _mentored(problem, (crews[i] for i in touched)):
                continue
            trial = [swapped.get(i, c) for i, c in enumerate(crews)]
            if not validate(problem, replace(plan, crews=tuple(trial))).valid:
                continue
            trial_score = score(problem, trial)
            if trial_score > best:
                crews, best, improved = trial, trial_score, True
    return crews, best


def _learner_swaps(problem: Problem, plan: Plan, crews: list[Crew], best: tuple, on_day: list[int],
                   keep: set[str]):
    """Exchange two learners of crews with the same blocks that day, when the score gets better."""
    blocks = {i: tuple(problem.assignment[crews[i].assignment].blocks) for i in on_day}
    improved = True
    while improved:
        improved = False
        for i, j in combinations(on_day, 2):
            if blocks[i] != blocks[j]:
                continue
            for x in crews[i].learners:
                for y in crews[j].learners:
                    if x == y or x in keep or y in keep:
                        continue
                    ci, cj = crews[i], crews[j]
                    mx, my = problem.learner[x].mentor, problem.learner[y].mentor
                    now = (mx in ci.supervisors) + (my in cj.supervisors)
                    then = (mx in cj.supervisors) + (my in ci.supervisors)
                    if then <= now:
                        continue
                    new_i = replace(ci, learners=tuple(y if v == x else v for v in ci.learners))
                    new_j = replace(cj, learners=tuple(x if v == y else v for v in cj.learners))
                    trial = list(crews)
                    trial[i], trial[j] = new_i, new_j
                    if not validate(problem, replace(plan, crews=tuple(trial))).valid:
                        continue
                    trial_score = score(problem, trial)
                    if trial_score > best:
                        crews, best, improved = trial, trial_score, True
                        break
                if improved:
                    break
            if improved:
                break
    return crews, best


def improve_mentors(problem: Problem, plan: Plan, *, days: Iterable[str] | None = None,
                    keep: Iterable[str] = ()) -> Plan:
    """The plan with supervisors' days swapped wherever more learners then work with their mentor.

    Args:
        days: the days that may change (default: every day of the plan), e.g. from a replanning day on.
        keep: supervisors and learners who stay where they are (pinned).
    """
    if not problem.week or plan.status == "infeasible" or not any(x.mentor for x in problem.learners):
        return plan
    crews = list(plan.crews)
    best = score(problem, crews)
    fixed = set(keep)
    domains = {s.id: s.domains for s in problem.supervisors}
    for day in (problem.days if days is None else days):
        on_day = [i for i, c in enumerate(crews) if c.day == day]
        if not on_day:
            continue
        candidates = [s.id for s in problem.supervisors if s.free(day) and s.id not in fixed]
        while True:
            before = best
            crews, best = _supervisor_swaps(problem, plan, crews, best, on_day, candidates, domains)
            crews, best = _learner_swaps(problem, plan, crews, best, on_day, set(keep))
            if best == before:
                break
    if crews == list(plan.crews):
        return plan
    return replace(plan, crews=tuple(crews), score=best)
