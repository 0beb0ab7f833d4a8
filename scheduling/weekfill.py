"""Local search over a week's learners, crews' supervisors and vans fixed: placed, fairness, goals, mentor.

On a big week (large-week-v2-1: 300 learners, 625 assignments) the exact week model has
~210k variables: it takes 20-40 s to build and its search barely moves in the time left
(and a CP-SAT model of only the (learner, crew) pairs, ~17k variables, did not improve a
greedy plan's fairness in 30 s either). Which crews are staffed, who leads them and which
vans they take can stay as they are while the learners move, one at a time:

- a free learner joins a crew with room (placed grows);
- a learner moves to another crew (placed may grow: a crew of two blocks for one of one);
- a free learner takes a learner's place in a crew.

A move is made when the plan's score, SPEC's six levels in order, goes up (the first
move that does, crew by crew, until a sweep finds none or the time is up). Every rule that
reads learners is checked for the crew a move changes: its size against the maximum, the
supervisors' ``max_learners`` and the vans' seats, the certificates it needs, avoid pairs,
a licensed driver for every van (``assign_drivers``); who may go where at all comes from
``rules.admits_learner``. The result is kept only when ``validate`` accepts it.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from . import rules as R
from .daymodel import assign_drivers
from .model import Crew, Plan, Problem
from .score import score as score_of
from .validate import validate


class _Week:
    """The crews of a plan with who works when, and each learner's share of the score."""

    def __init__(self, problem: Problem, crews: Sequence[Crew]):
        self.problem = problem
        on_days = problem.on_crew_days(crews)
        self.crews = list(crews)
        self.jobs = [on_days.assignment[c.assignment] for c in crews]
        self.members = [list(c.learners) for c in crews]
        self.sups = [[problem.supervisor[s] for s in c.supervisors] for c in crews]
        self.vans = [[problem.vehicle[u.vehicle] for u in c.vehicles] for c in crews]
        self.cap = [R.most_learners(a, sups, vans) for a, sups, vans in zip(self.jobs, self.sups, self.vans)]
        # Vans the supervisors cannot drive between them need a learner at the wheel: check those crews.
        self.needs_driver = [bool(vans) and any(u.driver is None for u in assign_drivers(
            problem, vans, tuple(s.id for s in sups), {})) for sups, vans in zip(self.sups, self.vans)]
        self.slot: dict[tuple[str, str, str], int] = {}  # (learner, day, block) -> crew index
        self.worked: dict[str, int] = defaultdict(int)
        self.trained: dict[tuple[str, str], int] = defaultdict(int)  # (learner, competency) -> blocks
        self.with_mentor: dict[str, int] = defaultdict(int)
        for i, ls in enumerate(self.members):
            for lid in ls:
                self._book(lid, i, +1)
        self.candidates = [[l for l in problem.learners if a.domain in l.domains and R.admits_learner(problem, l, a)]
                           for a in self.jobs]
        self.may = [{l.id for l in ls} for ls in self.candidates]

    def _book(self, lid: str, i: int, sign: int) -> None:
        a = self.jobs[i]
        for b in a.blocks:
            if sign > 0:
                self.slot[(lid, a.day, b)] = i
            else:
                del self.slot[(lid, a.day, b)]
        self.worked[lid] += sign * len(a.blocks)
        for comp in a.trains:
            self.trained[(lid, comp)] += sign * len(a.blocks)
        if self.problem.learner[lid].mentor in {s.id for s in self.sups[i]}:
            self.with_mentor[lid] += sign * len(a.blocks)

    def share(self, l, leave: int | None = None, join: int | None = None) -> tuple[int, int, int, int]:
        """Learner ``l``'s part of (placed, fairness, goals, mentor), after leaving/joining crews."""
        worked, mentor = self.worked[l.id], self.with_mentor[l.id]
        trained = {}
        for i, sign in ((leave, -1), (join, +1)):
            if i is None:
                continue
            a = self.jobs[i]
            worked += sign * len(a.blocks)
            for comp in a.trains:
                trained[comp] = trained.get(comp, 0) + sign * len(a.blocks)
            if l.mentor in {s.id for s in self.sups[i]}:
                mentor += sign * len(a.blocks)
        goals = 0
        for g in l.goals:
            twins = sum(1 for h in l.goals if h.competency == g.competency)
            done = twins * (self.trained[(l.id, g.competency)] + trained.get(g.competency, 0))
            goals += g.weight * min(done, g.per_week)
        return worked, -(l.slots - worked) ** 2, goals, mentor

    def free(self, lid: str, i: int, but: int | None = None) -> bool:
        a = self.jobs[i]
        return all(self.slot.get((lid, a.day, b), but) == but for b in a.blocks)

    def fits(self, i: int, learners: list[str]) -> bool:
        """Whether crew ``i`` with these learners keeps every rule that reads its learners."""
        a, p = self.jobs[i], self.problem
        if not a.min_learners <= len(learners) <= self.cap[i]:
            return False
        ls = [p.learner[x] for x in learners]
        for cert, need in a.certificates:
            if sum(cert in l.certificates for l in ls) < need:
                return False
        ids = set(learners)
        if any(o in ids for l in ls for o in l.avoid):
            return False
        if self.needs_driver[i]:
            uses = assign_drivers(p, self.vans[i], tuple(s.id for s in self.sups[i]) + tuple(learners), {})
            if any(u.driver is None for u in uses):
                return False
        return True

    def apply(self, lid: str, leave: int | None, join: int | None) -> None:
        if leave is not None:
            self._book(lid, leave, -1)
            self.members[leave].remove(lid)
        if join is not None:
            self.members[join].append(lid)
            self._book(lid, join, +1)

    def result(self) -> list[Crew]:
        out = []
        for c, ls, vans in zip(self.crews, self.members, self.vans):
            ls = tuple(sorted(ls))
            out.append(replace(c, learners=ls, vehicles=assign_drivers(self.problem, vans, c.supervisors + ls, {})))
        return out


def _gain(before, after) -> tuple:
    return tuple(x - y for x, y in zip(after, before))


def improve_learners(problem: Problem, crews: Sequence[Crew], until: float) -> list[Crew]:
    """``crews`` with learners moved while SPEC's score goes up (see the module docstring);
    the crews as given unless the result is a valid plan scoring higher."""
    w = _Week(problem, crews)
    learner = problem.learner
    better = True
    while better and time.monotonic() < until:
        better = False
        for i in range(len(w.crews)):
            if time.monotonic() >= until:
                break
            for l in w.candidates[i]:
                if l.id in w.members[i]:
                    continue
                # Where l works now in i's blocks: nowhere, or in one other crew (then l moves).
                a = w.jobs[i]
                now = {w.slot.get((l.id, a.day, b)) for b in a.blocks} - {None}
                if len(now) > 1:
                    continue
                leave = next(iter(now)) if now else None
                if leave is not None and not w.free(l.id, i, but=leave):
                    continue
                if leave is not None and not w.fits(leave, [x for x in w.members[leave] if x != l.id]):
                    continue
                before = w.share(l)
                mine = _gain(before, w.share(l, leave, i))
                if len(w.members[i]) < w.cap[i] and mine > (0, 0, 0, 0) and w.fits(i, w.members[i] + [l.id]):
                    w.apply(l.id, leave, i)
                    better = True
                    continue
                if leave is not None:
                    continue  # a move and a swap at once: not tried
                # l takes the place of someone in the crew, who is then free.
                for out in list(w.members[i]):
                    o = learner[out]
                    theirs = _gain(w.share(o), w.share(o, leave=i))
                    total = tuple(x + y for x, y in zip(mine, theirs))
                    if total > (0, 0, 0, 0) and w.fits(i, [x for x in w.members[i] if x != out] + [l.id]):
                        w.apply(out, i, None)
                        w.apply(l.id, None, i)
                        better = True
                        break
        if not better:
            better = _exchanges(w, until)
    result = w.result()
    plan = Plan(problem.name, "feasible", tuple(result), format=problem.plan_format)
    if validate(problem, plan).valid and score_of(problem, result) > score_of(problem, crews):
        return result
    return list(crews)


def _exchanges(w: _Week, until: float) -> bool:
    """Two learners of crews on the same day trade places when the score goes up; whether any did."""
    learner = w.problem.learner
    by_day = defaultdict(list)
    for i, a in enumerate(w.jobs):
        by_day[a.day].append(i)
    traded = False
    for crews in by_day.values():
        for i in crews:
            if time.monotonic() >= until:
                return traded
            for j in crews:
                if j <= i:
                    continue
                for lid in list(w.members[i]):
                    l = learner[lid]
                    if lid not in w.may[j] or lid in w.members[j] or not w.free(lid, j, but=i):
                        continue
                    for oid in list(w.members[j]):
                        if oid not in w.may[i] or oid in w.members[i] or not w.free(oid, i, but=j):
                            continue
                        o = learner[oid]
                        gain = tuple(x + y for x, y in zip(_gain(w.share(l), w.share(l, i, j)),
                                                           _gain(w.share(o), w.share(o, j, i))))
                        if gain > (0, 0, 0, 0) and w.fits(i, [x for x in w.members[i] if x != lid] + [oid]) \
                                and w.fits(j, [x for x in w.members[j] if x != oid] + [lid]):
                            w.apply(lid, i, None)
                            w.apply(oid, j, None)
                            w.apply(lid, None, j)
                            w.apply(oid, None, i)
                            traded = True
                            break
    return traded
