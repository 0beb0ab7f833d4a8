"""A big week (large-week-v2-1: 300 learners, 625 assignments): placed and priority by parts, then the learners.

Measured on large-week-v2-1 (2 cores): the whole coarse week model (45k variables) started
from a greedy plan (``weekstart``) moved placed from 1231 to 1232 in 90 s; the exact model
(210k variables) takes 20-40 s to build and then barely moves. Small parts move fast: so

1. ``placed_by_parts``: the coarse week model (built once) re-solved for
   ``scale · placed + priority`` with part of the plan fixed, in turn: the people free
   (which crews are staffed and their vans fixed), then each day alone (the others fixed),
   then two days at a time (flexible jobs move between them), single days again after a
   pair helped;
2. the bound on placed and priority, each day apart with every flexible job allowed on each
   day of its window (``weekbounds.days_bound``): 1372-1374 on placed in 60-100 s, where the
   whole coarse model's LP bound read 1371 to 1650 after 136 s and its search found no better
   plan than the parts';
3. ``weekfill.improve_learners``: the learners moved one by one for fairness, goals, mentor.

Every part keeps every hard rule (it is the week model with variables fixed), each step's
plan is at least as good as the one before, and the last word is ``validate``'s.
"""
from __future__ import annotations

import random
import sys
import time
from itertools import combinations

from .score import PLACED, PRIORITY
from .score import score as score_of
from .solver import _DEBUG, SEED, LevelProgress, LevelStat, _Callback, _expr, solve_part
from .model import Plan
from .validate import validate
from .weekbounds import days_bound
from .weekfill import improve_learners

PART_WORK = 12.0  # deterministic seconds: a single day of large-week-v2-1 proves in 1.6-7.5 (measured)


def placed_by_parts(run, m, terms, solution: dict, until: float, callback=None) -> dict:
    """Fix-and-optimise on the coarse week model ``m`` for the objective ``terms``, from
    ``solution`` (variable index -> value); the best solution found. See the module docstring."""
    rng = random.Random(SEED)
    days = list(m.days)
    value = sum(c * solution[v.index] for c, v in terms)
    people = [v for dm in m.days.values() for table in (dm.st, dm.u) for v in table.values()]
    rounds = [[("people", None)] + [("days", (d,)) for d in days],
              [("days", pair) for pair in combinations(days, 2)]]
    r = 0
    while time.monotonic() < until - 0.2 and not run.stopped():
        hoods = list(rounds[r])
        rng.shuffle(hoods)
        better = False
        for kind, free in hoods:
            left = until - time.monotonic()
            if left < 0.2 or run.stopped():
                break
            fixed = people if kind == "people" else [v for d in days if d not in free for v in m.days[d].all_vars]
            # A part's work is capped in deterministic time rather than wall time: on a busy machine
            # a day then still reaches its optimum (cut at 20 wall s at load 6, days stopped short and
            # the week ended at placed 1314 instead of 1333), and a part never takes most of the time.
            seconds = min(left, max(1.0, 0.35 * left))
            solution, value, improved = solve_part(run, m.cp, fixed, solution, value, seconds, callback,
                                                   f"{kind} {free}", deterministic=PART_WORK)
            better |= improved
        # Single days (and the people) once, then pairs of days (flexible jobs move between them);
        # after a pair helped, the single days again. Each single day of a round is solved to its
        # optimum given the rest, so a second round in a row finds nothing (measured).
        if r == 0:
            r = 1
        elif better:
            r = 0
        else:
            break
    return solution


def solve_big_week(run, w, start: list, deadline: float, fairness_cap) -> tuple[list, tuple, list]:
    """Placed and priority by parts, then their bound day by day, then the learners (see above).

    ``w`` is the week's search (``weeksolver._Week``, levels from placed+priority on), ``start``
    a valid plan and ``fairness_cap(placed_bound)`` the fairness bound read off the problem.
    Returns a valid plan's crews (``start`` if nothing better is valid), the six levels' bounds
    (None where unknown) and the ``LevelStat`` s of the levels after priority. Everything,
    the bounds and the last validation included, ends by ``deadline``.
    """
    problem = w.problem
    level = w.levels[0]
    crews, bound, searched = list(start), [None] * 6, False
    left = deadline - time.monotonic()
    learners_time = max(3.0, 0.06 * left)  # the learners' moves converge in 3-8 s (measured)
    # Reading fairness's bound off the problem takes 2-5 s on large-week-v2-1: time kept for it.
    cap_time = 4e-5 * len(problem.learners) * len(problem.assignments)
    # Building the coarse model takes ~3-6 s on large-week-v2-1 (2-3x that on a busy machine).
    build = 3e-5 * len(problem.learners) * len(problem.assignments)
    if left > learners_time + cap_time + 3 * build and not run.stopped():
        began = time.monotonic()
        m = w.build(by_goals=False)
        if _DEBUG:
            print(f"[big week] coarse model built at {time.monotonic() - run.start:.2f}s", file=sys.stderr)
        terms = level.terms(m)
        m.cp.maximize(_expr(terms))
        solution = {v.index: val for v, val in m.hint(start)}
        callback = _Callback(run, w, m, [])
        callback.in_part = True
        left = deadline - time.monotonic()
        # Two thirds of the time to the parts (the single days give nearly all of it; pairs of
        # days rarely add), the rest to the bound, day by day (each day proves in 5-30 s).
        # (In a thread of its own beside the parts, on a busy machine, both did worse: placed 1275.)
        solution = placed_by_parts(run, m, terms, solution,
                                   time.monotonic() + 0.65 * (left - learners_time - cap_time), callback)
        crews = m.crews(lambda v: solution[v.index])
        reached = sum(c * solution[v.index] for c, v in terms)
        work = []

        def solve(cp, seconds):
            s, status = run.solve(cp, seconds, first=True)
            work.append(s.deterministic_time)
            return s, status
        most = None if run.stopped() else days_bound(
            problem, lambda dm: [(w.scale * c, v) for c, v in PLACED.terms(dm)] + PRIORITY.terms(dm), solve,
            deadline - learners_time - cap_time)
        if most is not None:
            most = max(most, reached)
            _, split = w.split([reached], [most])
            bound[:2] = split[:2]
        run.stats.append(LevelStat("week", level.name, "OPTIMAL" if most == reached else "FEASIBLE", reached, most,
                                   time.monotonic() - began, sum(work), 0, 0))
        searched = True
        if _DEBUG:
            print(f"[big week] bound {most} at {time.monotonic() - run.start:.2f}s", file=sys.stderr)
    if bound[0] is None or bound[0] >= sum(l.slots for l in problem.learners):
        cap_time = 0.0  # no bound on placed below every slot worked: nothing to read fairness's off
    if _DEBUG:
        print(f"[big week] learners from {time.monotonic() - run.start:.2f}s", file=sys.stderr)
    if score_of(problem, crews)[:2] <= score_of(problem, start)[:2]:
        crews = list(start)  # placed and priority as they were: the start's learners were chosen with care
    began = time.monotonic()
    # Room at the end for the bound and for validating the plan (~0.1 s).
    better = crews if run.stopped() else improve_learners(
        problem, crews, deadline - cap_time - max(0.5, 0.005 * (deadline - run.start)))
    if cap_time and deadline - time.monotonic() > 0.5 * cap_time:
        bound[2] = fairness_cap(bound[0])
    for crews in (better, crews, start):  # the last word: never an invalid plan
        if validate(problem, Plan(problem.name, "feasible", tuple(crews), format=problem.plan_format)).valid:
            break
    values = score_of(problem, crews)
    if run.on_progress is not None and values > score_of(problem, start):
        run.report("week", values, tuple(bound), LevelProgress("fairness", values[2], bound[2]))
    if _DEBUG:
        print(f"[big week] learners done at {time.monotonic() - run.start:.2f}s", file=sys.stderr)
    # Statistics of the levels no search gave (all six when the parts had no time).
    stats = [LevelStat("week", name, "FEASIBLE", values[k], bound[k], time.monotonic() - began if k == 2 else 0.0,
                       0.0, 0, 0) for k, name in enumerate(("placed", "priority", "fairness", "goals", "mentor",
                                                             "-vehicle_blocks")) if k >= 2 or not searched]
    return crews, tuple(bound), stats
