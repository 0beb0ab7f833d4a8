"""Bounds on the week's score read off the problem itself, to tighten what the solver proves.

Each is an upper bound on one level over every whole-week plan that holds the levels before it
(placed and priority at least as held), so the solver may add it as a constraint and call a level
proven once a plan reaches it (``level_cap``). CP-SAT's own LP bounds on these levels are weak.

- placed and priority (a big week): each day on its own, every flexible assignment allowed on
  every day of its window;
- fairness: with the placed level known the total idle is known too, and spreading it as evenly
  as each learner's slots allow (water-filling) gives the least sum of squares any plan can have;
- goals: each learner's own best week, as if nobody else were planned;
- mentor: a mentor is in one crew per block;
- -vehicle_blocks: the vans that crews large enough to place and prioritise as much need.
"""
from __future__ import annotations

import heapq
import math
import time
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


# ---------------------------------------------------------------- placed and priority: the days apart

def day_relaxation(problem: Problem, day: str):
    """Day ``day`` as a problem of its own in which every flexible assignment of the week may
    happen: mandatory only when ``day`` is its whole window, optional otherwise.

    A week plan's crews of that day are a plan of it, so the sum over the days of the best any
    such day can reach bounds every day-additive level (placed, priority) of the week. Only the
    choice of one day per flexible assignment is relaxed. A day on its own proves in seconds, where
    the week model's LP takes minutes (large-week-v2-1: 1372-1374 on placed, the same in every run;
    the whole coarse week model's LP bound read 1371 to 1650 after 136 s).
    """
    from dataclasses import replace

    here = []
    for a in problem.assignments:
        if day in a.window:
            copy = a.on(day)
            here.append(replace(copy, mandatory=False) if a.mandatory and len(a.window) > 1 else copy)
    return replace(problem, assignments=tuple(here))


def days_bound(problem: Problem, objective, solve, until: float) -> int | None:
    """An upper bound on ``objective`` (a day model -> its (coefficient, variable) terms: a level
    that adds up over the days) for every whole-week plan: the sum of each ``day_relaxation``'s
    proven bound. ``solve(model, seconds) -> (solver, status)`` solves; each day has an even share
    of the time to ``until`` left (a day proven early passes its time on). None when a day has
    no bound in its time.
    """
    from ortools.sat.python import cp_model

    from .daymodel import DayModel

    total = 0
    for i, d in enumerate(problem.days):
        m = DayModel(day_relaxation(problem, d), d, by_goals=False)
        m.cp.maximize(sum(c * v for c, v in objective(m)))
        left = until - time.monotonic()
        if left <= 0:
            return None
        s, status = solve(m.cp, left / (len(problem.days) - i))
        if status == cp_model.INFEASIBLE:
            return None  # (a mandatory job that fits on no day: the week has no plan to bound)
        bound = s.best_objective_bound
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not math.isfinite(bound):
            return None
        total += math.floor(bound + 1e-6)
    return total


# ---------------------------------------------------------------- -vehicle_blocks: the vans crews need

def least_vehicle_blocks(problem: Problem, placed_least: int, priority_least: int, seconds: float = 2.0
                         ) -> int | None:
    """A lower bound on the van-blocks of any whole-week plan placing at least ``placed_least``
    learner-blocks with priority at least ``priority_least`` (so ``-bound`` caps -vehicle_blocks).

    A small model of crew sizes only: which assignment copies are staffed and how many learners
    each holds (rule 4; a flexible one on at most one day, a mandatory one on exactly one), at
    most as many learners of a domain in a block as are free for it, crews at most the
    supervisors free for them (Hall's condition per set of domains), and each off-site crew at
    least one van per block, vans by kind (seats, features, licence) enough to seat its learners
    and supervisors and to carry the features it needs, each van in one crew per block and driven
    by someone free then who holds its licence (Hall's condition per set of licences). Every plan
    is one of its solutions with no more van-blocks, so CP-SAT's proven bound on it is a valid
    bound, even when the time runs out.
    """
    from itertools import combinations

    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    st, n, vans = {}, {}, []
    copies: dict[str, list] = {}
    for d in problem.days:
        here = problem.may_happen_on(d)
        for a in here:
            learners = [l for l in problem.learners if R.admits_learner(problem, l, a)]
            s = st[(a.id, d)] = cp.new_bool_var("")
            k = n[(a.id, d)] = cp.new_int_var(0, min(a.max_learners, len(learners)), "")
            copies.setdefault(a.id, []).append(s)
            cp.add(k <= a.max_learners * s)
            cp.add(k >= a.min_learners * s)
            if a.offsite:
                # Vans by kind (seats, features, licence): how many of each kind ride with this crew.
                kinds = {}
                for u in problem.vehicles:
                    if R.admits_vehicle(problem, u, a) and set(a.blocks) <= u.free(d):
                        kinds.setdefault((u.seats, u.features, u.licence), []).append(u)
                ride = {kind: cp.new_int_var(0, len(us), "") for kind, us in kinds.items()}
                cp.add(sum(ride.values()) >= s)
                cp.add(sum(seats * v for (seats, _, _), v in ride.items()) >= k + a.min_supervisors * s)
                for f in a.vehicle_features:
                    cp.add(sum(v for (_, fs, _), v in ride.items() if f in fs) >= s)
                most = max((seats for seats, _, _ in kinds), default=0)  # redundant: the LP sees it
                cp.add(most * sum(ride.values()) >= k + a.min_supervisors * s)
                for kind, v in ride.items():
                    vans.append((len(a.blocks), v, a, d, kind))
        for b in problem.blocks:
            covering = [a for a in here if b.id in a.blocks]
            domains = sorted({a.domain for a in covering})
            for size in range(1, len(domains) + 1):
                for subset in combinations(domains, size):
                    jobs = [a for a in covering if a.domain in subset]
                    sups = [s for s in problem.supervisors if any(R.admits_supervisor(problem, s, a) for a in jobs)]
                    free = [l for l in problem.learners if any(R.admits_learner(problem, l, a) for a in jobs)]
                    cp.add(sum(a.min_supervisors * st[(a.id, d)] for a in jobs) <= len(sups))
                    cp.add(sum(n[(a.id, d)] for a in jobs) <= min(len(free), sum(s.max_learners for s in sups)))
            by_kind = {}
            for _, v, a, day, kind in vans:
                if day == d and b.id in a.blocks:
                    by_kind.setdefault(kind, []).append(v)
            for kind, vs in by_kind.items():  # each van in one crew per block (rule 2)
                free = [u for u in problem.vehicles if (u.seats, u.features, u.licence) == kind and b.id in u.free(d)]
                cp.add(sum(vs) <= len(free))
            # Each van a driver of its crew with its licence, nobody driving two (Hall, per set of licences).
            away = [a for a in covering if a.offsite]
            people = [p for p in problem.learners if any(R.admits_learner(problem, p, a) for a in away)] + \
                [p for p in problem.supervisors if any(R.admits_supervisor(problem, p, a) for a in away)]
            licences = sorted({kind[2] for kind in by_kind})
            for size in range(1, len(licences) + 1):
                for subset in combinations(licences, size):
                    cp.add(sum(v for kind, vs in by_kind.items() if kind[2] in subset for v in vs)
                           <= sum(1 for p in people if p.licences & set(subset)))
    for a in problem.assignments:
        if a.mandatory:
            cp.add(sum(copies.get(a.id, [])) == 1)
        elif len(copies.get(a.id, ())) > 1:
            cp.add(sum(copies[a.id]) <= 1)
    cp.add(sum(len(problem.assignment[aid].blocks) * k for (aid, _), k in n.items()) >= placed_least)
    cp.add(sum(a.priority * len(a.blocks) * s for (aid, _), s in st.items()
               for a in [problem.assignment[aid]] if not a.mandatory) >= priority_least)
    cp.minimize(sum(blocks * v for blocks, v, _, _, _ in vans))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    status = solver.solve(cp)
    if status in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return None  # no plan places that much: say nothing
    bound = solver.best_objective_bound  # proven even when the time ran out before a solution
    return max(0, math.ceil(bound - 1e-6)) if math.isfinite(bound) else None


# ---------------------------------------------------------------- goals: each learner's own best week

def goals_bound(problem: Problem, seconds: float = 2.0) -> int | None:
    """An upper bound on the goals level of any whole-week plan: the sum over learners of the most
    their goals could count if nobody else were planned.

    Per learner, a small model: which assignments (on which day of their window) they work, in one
    place per block, each assignment at most once, only where every rule admits them; their goals
    count practice up to ``per_week`` (two goals on one competency each count the same practice,
    as the score reads it). Every plan gives each learner one such choice, so the sum of the
    learners' optima (or of CP-SAT's proven bounds, when the time runs out) holds for every plan.
    None when there is no time for every learner.
    """
    from ortools.sat.python import cp_model

    deadline = time.monotonic() + seconds
    total = 0
    for l in problem.learners:
        goals = [g for g in l.goals if g.weight > 0 and g.per_week > 0]
        if not goals:
            continue
        wanted = {g.competency for g in goals}
        cp = cp_model.CpModel()
        places = [(d, a, cp.new_bool_var("")) for d in problem.days for a in problem.may_happen_on(d)
                  if a.trains & wanted and R.admits_learner(problem, l, a)]
        if not places:
            continue
        for d in problem.days:
            for b in problem.blocks:
                here = [v for day, a, v in places if day == d and b.id in a.blocks]
                if len(here) > 1:
                    cp.add_at_most_one(here)
        copies: dict[str, list] = {}
        for _, a, v in places:
            copies.setdefault(a.id, []).append(v)
        for vs in copies.values():
            if len(vs) > 1:
                cp.add_at_most_one(vs)
        value = []
        for g in goals:
            twins = sum(1 for h in l.goals if h.competency == g.competency)
            p = cp.new_int_var(0, g.per_week, "")
            cp.add(p <= sum(twins * len(a.blocks) * v for _, a, v in places if g.competency in a.trains))
            value.append(g.weight * p)
        cp.maximize(sum(value))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.0, deadline - time.monotonic())
        solver.parameters.num_workers = 1
        if solver.solve(cp) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        total += int(solver.best_objective_bound)
    return total


# ---------------------------------------------------------------- mentor: a mentor is in one crew per block

def mentor_bound(problem: Problem) -> int:
    """An upper bound on the mentor level of any whole-week plan.

    A supervisor is in one crew per block (rule 2), so in each of their free (day, block) slots
    at most the mentees that one crew can hold work with them: the most, over the assignments
    that block admitting the supervisor, of its ``max_learners`` and of the mentees it admits.
    The mentor level counts (learner, day, block) slots, so these per-slot counts add up.
    """
    mentees: dict[str, list] = {}
    for l in problem.learners:
        if l.mentor is not None:
            mentees.setdefault(l.mentor, []).append(l)
    total = 0
    for s in problem.supervisors:
        if s.id not in mentees:
            continue
        for d in problem.days:
            jobs = [a for a in problem.may_happen_on(d) if R.admits_supervisor(problem, s, a)]
            for b in s.free(d):
                total += max((min(a.max_learners, sum(1 for l in mentees[s.id] if R.admits_learner(problem, l, a)))
                              for a in jobs if b in a.blocks), default=0)
    return total


# ---------------------------------------------------------------- what the week solver asks

def level_cap(problem: Problem, name: str, placed: tuple[int, int] | None, priority_least: int,
              mandatory_staffed: bool, seconds: float) -> int | None:
    """An upper bound on week level ``name`` for whole-week plans holding the levels before, or None.

    ``placed``: (least, most) learner-blocks such a plan places, None when unknown;
    ``priority_least``: the least priority it has. ``mandatory_staffed``: every plan staffs every
    mandatory assignment (not so for the partial plan of an infeasible week). ``seconds``: what
    the bound may cost. The solver adds the cap as a constraint (valid: no plan holding the levels
    before is cut off) and counts the level proven when a plan reaches it.
    """
    if name == "fairness" and placed is not None:
        return fairness_bound(problem, placed[1])
    if name == "goals":
        return goals_bound(problem, seconds)
    if name == "mentor":
        return mentor_bound(problem)
    if name == "-vehicle_blocks" and placed is not None and mandatory_staffed:
        least = least_vehicle_blocks(problem, placed[0], priority_least, seconds)
        return None if least is None else -least
    return None
