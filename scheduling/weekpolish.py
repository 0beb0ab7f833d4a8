"""A last polish of a week plan: more learners beside their mentor, practice spread over more goals.

SPEC's score stays the measure: a change stands only if the plan stays valid (``rules.py``, read on
the touched day) and its score vector does not get lower, lexicographically. Below the last SPEC
level one tie-break is added, **spread**: the number of goals practised at least
``MIN_PRACTICE`` blocks (or their ``per_week``, when lower). The goals level counts
``min(practice, per_week)``, so four blocks on one goal and none on another score the same as two
and two; spread prefers two and two. It never wins against a SPEC level: it is compared last.

Moves, day by day, each only within blocks the plan already has (nobody starts or stops working,
no assignment is staffed or dropped, no van is added):

- ``mentorswap.improve_mentors`` first (two supervisors exchange their day; two learners their places);
- a supervisor who leads no crew in those blocks joins a crew with their mentees in it;
- a free supervisor takes over a crew from its supervisor (driving included), where more of the
  crew are theirs;
- a learner moves to another crew of the same blocks;
- two learners who work the same blocks that day exchange their crews.

Greedy and deterministic (sorted order, first improvement), until no move helps. Given time
(``seconds``) on a whole week, it then solves the week again, in turn with every learner and with
every supervisor pinned where they are (``_afresh``): a much smaller search, which the week solve's
mentor level, last and with little time left, does not get. The moves follow each; a plan stands
only if it ranks higher, until neither helps or the time is up.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from itertools import combinations, cycle
from typing import Iterable, Sequence

from .mentorswap import improve_mentors
from .model import Crew, Pin, Plan, Problem, VehicleUse
from .score import practice
from .score import score as score_of
from .validate import validate

MIN_PRACTICE = 2  # a goal practised fewer blocks in the week is short (or its per_week, when lower)


def spread(problem: Problem, crews: Sequence[Crew]) -> int:
    """The number of goals practised at least ``MIN_PRACTICE`` blocks (or ``per_week``, when lower)."""
    done = practice(problem.on_crew_days(crews), crews)
    return sum(done.get((x.id, g.competency), 0) >= min(MIN_PRACTICE, g.per_week)
               for x in problem.learners for g in x.goals)


def ranking(problem: Problem, crews: Sequence[Crew]) -> tuple[int, ...]:
    """SPEC's score vector with spread appended: what the polish compares (larger is better)."""
    return score_of(problem, crews) + (spread(problem, crews),)


class _Day:
    """One day of the plan under polish: its crews, and what a move changes locally."""

    def __init__(self, problem: Problem, plan: Plan, crews: list[Crew], day: str, keep: set[str]):
        self.problem, self.plan, self.crews, self.day, self.keep = problem, plan, crews, day, keep
        self.best = ranking(problem, crews)
        self.done = self._practice()

    # -- reading the plan

    def on_day(self) -> list[int]:
        return [i for i, c in enumerate(self.crews) if c.day == self.day]

    def blocks(self, i: int) -> frozenset[str]:
        return frozenset(self.problem.assignment[self.crews[i].assignment].blocks)

    def trains(self, i: int) -> frozenset[str]:
        return frozenset(self.problem.assignment[self.crews[i].assignment].trains)

    def _practice(self) -> dict[tuple[str, str], int]:
        return defaultdict(int, practice(self.problem.on_crew_days(self.crews), self.crews))

    def busy(self, supervisor: str, blocks: frozenset[str]) -> bool:
        return any(supervisor in self.crews[i].supervisors and self.blocks(i) & blocks for i in self.on_day())

    def gain(self, learner: str, away: Sequence[int], to: Sequence[int]) -> tuple[int, int, int]:
        """(goals, mentor, spread) change when ``learner`` works crews ``to`` instead of ``away`` (same blocks)."""
        x = self.problem.learner[learner]
        goals = short = 0
        for g in x.goals:
            now = self.done[(x.id, g.competency)]
            then = now - sum(len(self.blocks(i)) for i in away if g.competency in self.trains(i)) \
                + sum(len(self.blocks(i)) for i in to if g.competency in self.trains(i))
            goals += g.weight * (min(then, g.per_week) - min(now, g.per_week))
            need = min(MIN_PRACTICE, g.per_week)
            short += (then >= need) - (now >= need)
        mentor = sum(len(self.blocks(i)) for i in to if x.mentor in self.crews[i].supervisors) \
            - sum(len(self.blocks(i)) for i in away if x.mentor in self.crews[i].supervisors)
        return goals, mentor, short

    # -- trying a change

    def accept(self, changed: dict[int, Crew]) -> bool:
        """Take these crews if the day stays valid and the ranking gets better."""
        trial = [changed.get(i, c) for i, c in enumerate(self.crews)]
        today = tuple(trial[i] for i in self.on_day())
        # Every move keeps each crew on its assignment and day, so the other days cannot break.
        if not validate(self.problem, replace(self.plan, crews=today), require_mandatory=False).valid:
            return False
        rank = ranking(self.problem, trial)
        if rank <= self.best:
            return False
        self.crews[:] = trial
        self.best = rank
        self.done = self._practice()
        return True

    # -- the moves

    def supervisors_join(self) -> bool:
        """A supervisor free in a crew's blocks joins it, when some of its learners are their mentees."""
        free = [s for s in self.problem.supervisors if s.id not in self.keep]
        for i in self.on_day():
            c = self.crews[i]
            for s in free:
                if s.id in c.supervisors or not self.blocks(i) <= s.free(self.day) or self.busy(s.id, self.blocks(i)):
                    continue
                if not any(self.problem.learner[x].mentor == s.id for x in c.learners):
                    continue
                if self.accept({i: replace(c, supervisors=c.supervisors + (s.id,))}):
                    return True
        return False

    def supervisors_take_over(self) -> bool:
        """A free supervisor leads a crew instead of its supervisor, when more of its learners are theirs."""
        free = [s for s in self.problem.supervisors if s.id not in self.keep]
        for i in self.on_day():
            c = self.crews[i]
            for old in c.supervisors:
                if old in self.keep:
                    continue
                mine = sum(self.problem.learner[x].mentor == old for x in c.learners)
                for s in free:
                    if s.id in c.supervisors or not self.blocks(i) <= s.free(self.day) \
                            or self.busy(s.id, self.blocks(i)):
                        continue
                    if sum(self.problem.learner[x].mentor == s.id for x in c.learners) <= mine:
                        continue
                    new = replace(c, supervisors=tuple(s.id if v == old else v for v in c.supervisors),
                                  vehicles=tuple(VehicleUse(u.vehicle, s.id if u.driver == old else u.driver)
                                                 for u in c.vehicles))
                    if self.accept({i: new}):
                        return True
        return False

    def learners_move(self) -> bool:
        """A learner moves to another crew of the same blocks."""
        on_day = self.on_day()
        for i, j in ((i, j) for i in on_day for j in on_day if i != j and self.blocks(i) == self.blocks(j)):
            ci, cj = self.crews[i], self.crews[j]
            for x in ci.learners:
                if x not in self.keep and self.gain(x, [i], [j]) > (0, 0, 0) and self.accept({
                        i: replace(ci, learners=tuple(v for v in ci.learners if v != x)),
                        j: replace(cj, learners=cj.learners + (x,))}):
                    return True
        return False

    def learners_exchange(self) -> bool:
        """Two learners who work the same blocks that day exchange their crews (e.g. a job of the whole
        day for the workshop in the morning and in the afternoon)."""
        days: dict[str, list[int]] = defaultdict(list)
        for i in self.on_day():
            for x in self.crews[i].learners:
                days[x].append(i)
        worked = {x: frozenset().union(*(self.blocks(i) for i in crews)) for x, crews in days.items()}
        people = sorted(x for x in days if x not in self.keep)
        for x, y in combinations(people, 2):
            if worked[x] != worked[y] or set(days[x]) & set(days[y]):
                continue
            both = tuple(a + b for a, b in zip(self.gain(x, days[x], days[y]), self.gain(y, days[y], days[x])))
            if both <= (0, 0, 0):
                continue
            swap = {x: y, y: x}
            changed = {i: replace(self.crews[i], learners=tuple(swap.get(v, v) for v in self.crews[i].learners))
                       for i in days[x] + days[y]}
            if self.accept(changed):
                return True
        return False

def polish_week(problem: Problem, plan: Plan, *, days: Iterable[str] | None = None,
                keep: Iterable[str] = (), pins: Sequence[Pin] = (), seconds: float = 0.0) -> Plan:
    """The week plan with more learners beside their mentor and practice spread over more goals.

    SPEC's score never gets lower; see the module docstring for the moves. The plan keeps its
    status and bound (they speak of the solve), with the polished crews and their score.

    Args:
        days: the days that may change (default: every day of the plan), e.g. from a replanning day on.
        keep: supervisors and learners who stay where they are (pinned).
        pins: the solve's pins, kept in the re-solves.
        seconds: time for the re-solves with learners or supervisors pinned (0: moves only); they
            run on a whole week that is not proven optimal.
    """
    if not problem.week or plan.status == "infeasible":
        return plan
    days = list(problem.days if days is None else days)
    kept = set(keep)
    best = _moved(problem, plan, days, kept)
    if seconds > 0 and set(days) == set(problem.days) and plan.status != "optimal":  # optimal: nothing to gain
        deadline = time.monotonic() + seconds
        stale = 0
        for side in cycle(("learners", "supervisors")):
            left = deadline - time.monotonic()
            if left < 0.5 or stale == 2:
                break
            trial = _afresh(problem, best, pins, side, left)
            trial = _moved(problem, trial, days, kept) if trial is not None else None
            if trial is None or ranking(problem, trial.crews) <= ranking(problem, best.crews):
                stale += 1
                continue
            best, stale = trial, 0
    if ranking(problem, best.crews) <= ranking(problem, plan.crews):
        return plan
    better = replace(plan, crews=best.crews, score=score_of(problem, best.crews))
    return better if validate(problem, better).valid else plan


def _moved(problem: Problem, plan: Plan, days: list[str], kept: set[str]) -> Plan:
    """The plan after every move that helps (mentorswap's swaps first), day by day."""
    plan = improve_mentors(problem, plan, days=days, keep=kept)
    crews = list(plan.crews)
    for day in days:
        today = _Day(problem, plan, crews, day, kept)
        while today.supervisors_join() or today.supervisors_take_over() or today.learners_move() \
                or today.learners_exchange():
            pass
    return replace(plan, crews=tuple(crews))


def _afresh(problem: Problem, plan: Plan, pins: Sequence[Pin], pinned: str, seconds: float) -> Plan | None:
    """The week solved again with every learner (``pinned="learners"``) or every supervisor
    (``"supervisors"``) pinned where the plan has them, and the solve's own pins.

    With the learners pinned, placements, practice and fairness are fixed and the search goes to the
    mentor level (who leads which crew, who drives), which the week solve reaches last. With the
    supervisors pinned, the learners may move to their mentor's crew where the earlier levels allow.
    None when that finds no plan in time.
    """
    from .solver import NoPlanFound, solve
    if pinned == "learners":
        held = [Pin(c.assignment, learner=x, day=c.day) for c in plan.crews for x in c.learners]
    else:
        held = [Pin(c.assignment, supervisor=s, day=c.day) for c in plan.crews for s in c.supervisors]
    try:
        again = solve(problem, time_limit=seconds, pins=held + list(pins))
    except NoPlanFound:
        return None
    if again.status == "infeasible" or again.pin_conflicts:
        return None
    return replace(plan, crews=again.crews)
