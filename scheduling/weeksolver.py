"""Solving a week (SPEC version 2): one model, optimised level by level, exactly lexicographic.

Levels: (``mandatory`` for a partial plan of an infeasible week) (``keep`` previous
placements when replanning) placed, priority, fairness, goals, mentor,
-vehicle_blocks. Each level is maximised over the whole week and then held (exactly
once proven), as in ``solver.optimise``, which this module reuses with a
``WeekModel`` in place of a day model. Placed and priority are solved in the coarse
week model (groups of interchangeable learners per day), the rest in the exact one.
``optimal`` means every level was proven over the whole week.

Replanning (``replan_from``): the days before keep the previous plan's crews, which
still count in fairness and practice; from that day on the week is solved again,
keeping as many previous placements as possible first, and ``moves`` says who moves
where (and on which day).
"""
from __future__ import annotations

import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from dataclasses import replace
from typing import Sequence

from ortools.sat.python import cp_model

from . import rules as R
from .daymodel import DayModel
from .findings import Reason
from .model import Crew, Move, Pin, PinConflict, Plan, Problem, ProblemError
from .render import texts
from .score import PLACED
from .score import score as score_of
from .solver import (
    _DEBUG, SEED, LevelProgress, NoPlanFound, _expr, _Level, _pinned_people, _Run, _Search, optimise,
    solve_part,
)
from .weekbounds import fairness_bound, level_cap
from .weekexplain import explain_week
from .weekmodel import WeekModel
from .weekbig import solve_big_week
from .weekstart import first_week_plan, problem_is_big

WEEK_LEVELS = tuple(_Level(name, (lambda n: lambda m: m.level_terms(n))(name), reads)
                    for name, reads in (("placed", False), ("priority", False), ("fairness", True),
                                        ("goals", True), ("mentor", True), ("-vehicle_blocks", True)))
MANDATORY = _Level("mandatory", lambda m: m.level_terms("mandatory"))
PLACED_PRIORITY = "placed+priority"
IMPROVE_MOST = 40_000  # variables: above this, the exact levels go to the whole model only
CAPS_MOST = 50_000  # learners × assignments: above this, only fairness is capped (``_Week.level_cap``)
# Levels whose fix-and-optimise parts search upward from their plan (lower-bound search): fairness's
# LP bound is tight at once (week-v2-1, learners free: proven in 1.4 deterministic s instead of
# 3.1). Goals' is not, and there that search stalls (generated week seed 3, learners free: 196 ->
# 197 in 6.6 s with it, 205 -> 398 in 5.5 s without).
LB_SEARCH = frozenset({"fairness", "-vehicle_blocks"})


def priority_scale(problem: Problem) -> int:
    """More than any plan's priority level: placed counts this many times more in one objective."""
    return 1 + sum(a.priority * len(a.blocks) for a in problem.assignments if not a.mandatory)


def _placed_priority(problem: Problem) -> _Level:
    """Placed and priority as one objective, ``scale · placed + priority``: exactly lexicographic
    (priority never reaches ``scale``), and one search instead of two. On week-v2-1 both are proven
    in ~1.8 deterministic s, against ~1.5 + ~2.9 one after the other: the second search no longer
    starts over, and priority steers the search for the placed optimum."""
    scale = priority_scale(problem)

    def hold(m, value, proven):
        if proven:  # each at its value: two plain rows (the LP and propagation like them better)
            placed, priority = divmod(value, scale)
            m.cp.add(_expr(m.level_terms("placed")) == placed)
            m.cp.add(_expr(m.level_terms("priority")) == priority)
        else:
            m.cp.add(_expr(m.level_terms("placed")) * scale + _expr(m.level_terms("priority")) >= value)
    return _Level(PLACED_PRIORITY, lambda m: [(scale * c, v) for c, v in m.level_terms("placed")]
                  + m.level_terms("priority"), hold=hold)


class _Week(_Search):
    """The week's search, in the shape ``solver.optimise`` drives (like ``solver._Day``)."""

    score_levels = WEEK_LEVELS

    def __init__(self, problem: Problem, days: Sequence[str], fixed: Sequence[Crew], pins: Sequence[Pin],
                 placements, relax: bool, start: Sequence[Crew] = ()):
        self.problem, self.plan_days, self.fixed = problem, tuple(days), tuple(fixed)
        self.pins, self.placements, self.relax = list(pins), placements, relax
        self.day = "week"
        done = {c.assignment for c in fixed}
        self.mandatory = [a.id for a in problem.assignments if a.mandatory and a.id not in done]
        keep = _Level("keep", lambda m: _keep_terms(m, placements))
        self.scale = priority_scale(problem)
        self.levels = ([MANDATORY] if relax else []) + ([keep] if placements else []) + \
            [_placed_priority(problem)] + list(WEEK_LEVELS[2:])
        self.start = tuple(start)
        self.deadline: float | None = None  # the solve's, for what a level cap may cost
        self._caps: dict = {}  # level -> cap (``level_cap``), each computed once
        # Building the exact model takes a while on a big week (large-week-v2-1: ~40 s on a busy
        # machine); with less time left than this, the coarse plan stands.
        self.exact_seconds = max(0.05, 2e-4 * len(problem.learners) * len(problem.assignments))

    def level_cap(self, name: str, values: list, bounds: list, proven: list) -> int | None:
        """An upper bound on level ``name`` read off the problem, given the levels before, or None
        (``weekbounds.level_cap``: fairness from the idle blocks spread evenly, goals from each
        learner's own best week, mentor from one crew per mentor and block, -vehicle_blocks from
        the vans the crews need). Only for a whole week (fixed days' work is not in those counts).
        """
        names = [level.name for level in self.levels]
        if self.fixed or PLACED_PRIORITY not in names[:len(bounds)]:
            return None
        at = names.index(PLACED_PRIORITY)
        if bounds[at] is None:
            return None
        if name not in self._caps:  # when the level starts: its time pays for it
            placed, priority = divmod(values[at], self.scale)
            # Held exactly once proven; else scale·placed + priority >= value, so placed >= its part.
            least = (placed, priority) if proven[at] else (placed, 0)
            left = max(0.0, self.deadline - time.monotonic()) if self.deadline else 1.0
            # On a big week (large-week-v2-1: 300 learners, 625 assignments) the small models behind
            # the other caps take seconds to build: fairness only.
            big = len(self.problem.learners) * len(self.problem.assignments) > CAPS_MOST
            self._caps[name] = None if big and name != "fairness" else level_cap(
                self.problem, name, (least[0], bounds[at] // self.scale), least[1], not self.relax,
                min(1.0, 0.2 * left if name == "-vehicle_blocks" else 0.05 * left))
        return self._caps.get(name)

    def split(self, values: list, bounds: list) -> tuple[list, list]:
        """Per search level values and bounds -> per level of the score (placed and priority apart).

        When placed is not proven, priority's bound is the most any plan can have.
        """
        at = [level.name for level in self.levels].index(PLACED_PRIORITY)
        if at >= len(values):
            return values, bounds
        v, b = values[at], bounds[at]
        placed, priority = divmod(v, self.scale) if v is not None else (None, None)
        if b is None:
            pb = (None, None)
        elif placed is None:
            pb = (b // self.scale, None)
        elif b // self.scale > placed:
            pb = (b // self.scale, self.scale - 1)
        else:
            pb = (placed, b % self.scale)
        return (values[:at] + [placed, priority] + values[at + 1:], bounds[:at] + list(pb) + bounds[at + 1:])

    def score_bounds(self, bounds: list) -> tuple:
        """The six levels' bounds out of the search levels' bounds so far (None when unknown)."""
        n = len(self.levels)
        _, out = self.split([None] * n, list(bounds[:n]) + [None] * (n - len(bounds)))
        out = out[n - len(WEEK_LEVELS) + 1:]
        return tuple(out)

    def progress(self, p: LevelProgress) -> LevelProgress:
        """Progress on placed+priority as progress on placed, or on priority once placed is proven."""
        if p.level != PLACED_PRIORITY:
            return p
        placed, priority = divmod(p.value, self.scale)
        if p.bound is None or p.bound // self.scale > placed:
            return LevelProgress("placed", placed, None if p.bound is None else p.bound // self.scale)
        return LevelProgress("priority", priority, p.bound % self.scale)

    def time_share(self, level, left: int) -> float:
        """The part of the time left for this level (``left`` levels to go, this one included):
        half while later levels remain (the earlier a level, the more it counts); unused time
        passes on."""
        return 0.5 if left > 1 else 1.0

    def improve_share(self, level) -> float:
        """The part of a level's time for fix-and-optimise over days (``improve``); the whole
        week's search (a worker per core, LNS among them) has the rest, from that plan.

        Placed and priority prove in the whole model. Mentor and vans move most by parts (a day's
        people, a day; week-v2-1's mentor 108 -> 204 in ~1.5 s). Fairness and goals gain more from
        the whole search: on generated weeks (seeds 2-6, 60 s) fairness by parts for 80 % of its
        time ended 6-20 below the plans of 40 % (seed 4: -506 to -514 against -488 to -492), and
        goals by parts for 80 % ended far below 20-40 % (seed 2: 289-316 against 410-442). Goals
        keep 40 %, not 20 %: on week-v2-1 (30 s) 20 % ended at 325 in 3 runs of 8 (else 414-432),
        40 % at 422 in 3 of 3. Fairness by parts for 40 % keeps week-v2-1's -326 (whole search
        alone: -330).
        """
        return {"fairness": 0.4, "goals": 0.4}.get(level.name, 0.8 if level.reads_goals else 0.0)

    def improve_size(self, m: WeekModel) -> bool:
        """Whether fix-and-optimise pays on this model: each part copies the whole model and
        presolves it, which on a big week (large-week-v2-1) costs more than the time it was given."""
        return len(m.cp.proto.variables) <= IMPROVE_MOST

    def improve(self, run, m: WeekModel, terms, solution: dict, until: float, callback, level: str = "") -> dict:
        """Fix-and-optimise from the plan so far: re-solve the week with part of the plan fixed.

        Neighbourhoods, in turn: the learners only (which crews are staffed, their supervisors
        and vans fixed: fairness and goals then solve to their optimum in a fraction of a
        second), the people (which crews are staffed and their vans fixed), then two, three, ...
        days with the other days fixed. The exact week objective and every level held so far stay
        in the model (a copy), so an improvement is one of the whole week; the best plan found
        is returned.
        """
        rng = random.Random(SEED)
        days = list(m.days)
        solution = m.completed(solution)
        value = sum(c * solution[v.index] for c, v in terms)
        staff = {d: [v for table in (dm.st, dm.y, dm.u) for v in table.values()] for d, dm in m.days.items()}
        # Mentors need supervisors moved too: the mentor level starts with people, a day at a time
        # (small parts that solve fast: week-v2-1, 108 -> 204 in ~1.5 s, where the whole week's
        # people part got 105 in its time). Vans move only with the staffing: one whole day at a time.
        first = {"mentor": [[("people", (d,)) for d in days]],
                 "-vehicle_blocks": [[("days", (d,)) for d in days]]}.get(level, [[("learners", tuple(days))]])
        rounds = first + [[("people", tuple(days))]] + [
            [("days", free) for free in combinations(days, size)] for size in range(2, len(days))]
        cap = self._caps.get(level)  # a plan that reaches it is proven best: stop there
        callback.in_part, callback.cap = True, cap
        r = 0
        while r < len(rounds) and time.monotonic() < until - 0.1 and not run.stopped() \
                and (cap is None or value < cap):
            hoods = list(rounds[r])
            rng.shuffle(hoods)
            better = False
            for kind, free in hoods:
                left = until - time.monotonic()
                if left < 0.1 or run.stopped() or (cap is not None and value >= cap):
                    break
                if kind == "learners":
                    fixed = [v for d in days for v in staff[d]]
                elif kind == "people":  # on the free days; the other days stay as they are
                    fixed = [v for d, dm in m.days.items() for v in
                             ([v for table in (dm.st, dm.u) for v in table.values()] if d in free else dm.all_vars)]
                else:
                    fixed = [v for d in days if d not in free for v in m.days[d].all_vars]
                # Each part at most 60 % of the time left (at least 1 s), so the others get a turn.
                seconds = min(left, max(1.0, 0.6 * left))
                solution, value, improved = solve_part(run, m.cp, fixed, solution, value, seconds, callback,
                                                       f"{kind} {free}", lb_search=level in LB_SEARCH)
                better |= improved
            # Learners, then people, then days: after an improvement from days, learners again.
            r = 0 if better and r >= len(first) + 1 else r + 1
        callback.in_part = False
        return solution

    def build(self, by_goals: bool) -> WeekModel:
        m = WeekModel(self.problem, self.plan_days, fixed=self.fixed, exact=by_goals, relax_mandatory=self.relax,
                      placements=self.placements, separate=_pinned_people(self.pins),
                      pinned_drivers=self.pinned_drivers(), pinned_assignments={p.assignment for p in self.pins})
        m.pin_lits = {p: pin_literal(m, p) for p in self.pins}
        return m


def _split_stats(run: _Run, scale: int) -> None:
    """The statistics of a placed+priority search as those of placed and of priority."""
    out = []
    for st in run.stats:
        if st.level != PLACED_PRIORITY:
            out.append(st)
            continue
        if st.value is None or st.bound is None:
            out += [replace(st, level="placed"), replace(st, level="priority", seconds=0.0, deterministic=0.0)]
            continue
        placed, priority = divmod(st.value, scale)
        proven = st.status == "OPTIMAL" or st.bound // scale <= placed
        out.append(replace(st, level="placed", value=placed, bound=st.bound // scale,
                           status="OPTIMAL" if proven else st.status))
        out.append(replace(st, level="priority", value=priority,
                           bound=st.bound % scale if proven else scale - 1, seconds=0.0, deterministic=0.0,
                           branches=0, conflicts=0))
    run.stats[:] = out


def _keep_terms(m: WeekModel, placements) -> list:
    """One term per previous (person, assignment, day) placement the new plan can keep."""
    terms = []
    for d, dm in m.days.items():
        for a in dm.assignments:
            for p, var in dm.member_vars(a):
                if (p.id, a.id, d) in placements:
                    terms.append((1, var))
    return terms


def pin_literal(m: WeekModel, pin: Pin):
    """A literal that, when true, enforces the pin in every day it may concern."""
    lit = m.cp.new_bool_var(f"pin[{pin}]")
    aid = pin.assignment
    days = [d for d, dm in m.days.items() if aid in dm.st and (pin.day is None or d == pin.day)]
    false = [m.cp.new_constant(0)]
    if pin.unstaffed:
        for dm in m.days.values():
            if aid in dm.st:
                m.cp.add(dm.st[aid] == 0).only_enforce_if(lit)
        return lit
    if pin.learner is None and pin.supervisor is None and pin.vehicle is None:  # only a day
        m.cp.add(sum([m.days[d].st[aid] for d in days] or false) == 1).only_enforce_if(lit)
        return lit

    def member(dm, pid):
        table = dm.x if pid in m.problem.learner else dm.y
        return table.get((pid, aid))

    if pin.vehicle is not None:
        uses = {d: m.days[d].u.get((pin.vehicle, aid)) for d in days}
        m.cp.add(sum([u for u in uses.values() if u is not None] or false) == 1).only_enforce_if(lit)
        if pin.driver is not None:
            for d, u in uses.items():
                if u is not None:
                    driver = member(m.days[d], pin.driver)
                    m.cp.add(u <= (driver if driver is not None else 0)).only_enforce_if(lit)
        return lit
    pid = pin.learner or pin.supervisor
    found = [v for d in days if (v := member(m.days[d], pid)) is not None]
    m.cp.add(sum(found or false) == 1).only_enforce_if(lit)
    return lit


def pin_refusal(problem: Problem, pin: Pin) -> PinConflict | None:
    """Why a pin on its own breaks a hard rule on every day it allows, or None."""
    a = problem.assignment[pin.assignment]
    if pin.day is not None and pin.day not in a.window:
        return PinConflict(pin, "day", ("day",))
    if pin.unstaffed:
        return PinConflict(pin, "mandatory", ("staffing",)) if a.mandatory else None
    if pin.learner is None and pin.supervisor is None and pin.vehicle is None:
        return None
    refused: set[str] = set()
    kind_of_conflict = "refused"
    for d in [pin.day] if pin.day else list(a.window):
        here = a.on(d)
        if pin.vehicle is not None:
            veh = problem.vehicle[pin.vehicle]
            today = set(R.refusing_rules(problem, "vehicle", veh, here))
            kind_of_conflict = "vehicle"
            if not today and pin.driver is not None:
                p = problem.person(pin.driver)
                kind = "learner" if pin.driver in problem.learner else "supervisor"
                today = set(R.refusing_rules(problem, kind, p, here)) | ({"transport"} if not R.can_drive(p, veh)
                                                                          else set())
                kind_of_conflict = "driver" if today else kind_of_conflict
        else:
            kind = "learner" if pin.learner is not None else "supervisor"
            pid = pin.learner or pin.supervisor
            x = problem.learner[pid] if kind == "learner" else problem.supervisor[pid]
            today = set(R.refusing_rules(problem, kind, x, here))
        if not today:
            return None
        refused |= today
    return PinConflict(pin, kind_of_conflict, tuple(sorted(refused)))


def _crew_day(problem: Problem, c: Crew) -> str | None:
    a = problem.assignment.get(c.assignment)
    if a is None:
        return None
    return c.day if c.day is not None else (a.day or None)


def moves_in_week(problem: Problem, previous: Plan, crews: Sequence[Crew]) -> tuple[Move, ...]:
    """Who moves where (and to which day) between a previous plan and new crews."""
    before, after = defaultdict(set), defaultdict(set)
    for plan_crews, table in ((previous.crews, before), (crews, after)):
        for c in plan_crews:
            for p in c.learners + c.supervisors:
                table[p].add((c.assignment, _crew_day(problem, c) or ""))
    out = []
    for pid in sorted(set(before) | set(after)):
        b, a = tuple(sorted(before[pid])), tuple(sorted(after[pid]))
        if b != a:
            out.append(Move(pid, tuple(x for x, _ in b), tuple(x for x, _ in a),
                            tuple(d for _, d in b), tuple(d for _, d in a)))
    return tuple(out)


def day_by_day(run: _Run, problem: Problem, days: Sequence[str], fixed: Sequence[Crew], deadline: float
               ) -> list[Crew] | None:
    """A first valid week plan, fast: each day on its own (placed only), flexible jobs as they come.

    A flexible assignment may go on any day of its window until one staffs it; a mandatory
    one must be staffed by the last day of its window at the latest. Small day models find a
    plan much sooner than the week model; the week model starts from this plan (a hint) and
    it stands as the answer if the week model finds nothing better in time. None when some
    day finds no plan in its share of the time.
    """
    used = {c.assignment for c in fixed}
    crews = list(fixed)
    for i, d in enumerate(days):
        later = set(days[i + 1:])
        here = []
        for a in problem.assignments:
            if d not in a.window or a.id in used:
                continue
            copy = a.on(d)
            if a.flexible and a.mandatory and later & set(a.window):
                copy = replace(copy, mandatory=False)  # a later day of its window may still take it
            here.append(copy)
        m = DayModel(replace(problem, assignments=tuple(here)), d, by_goals=False)
        m.cp.maximize(_expr(PLACED.terms(m)))
        share = (deadline - time.monotonic()) / (len(days) - i)
        s, status = run.solve(m.cp, max(0.05, share))
        if status == cp_model.UNKNOWN and not run.stopped():
            # Out of its share (a busy machine): any valid day will do, within half the time left.
            m.cp.clear_objective()
            s, status = run.solve(m.cp, max(0.05, 0.5 * (run.deadline - time.monotonic())))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        today = [replace(c, day=d) for c in m.crews(s.value)]
        used |= {c.assignment for c in today}
        crews.extend(today)
    return crews


def repaired(problem: Problem, fixed: Sequence[Crew], crews: Sequence[Crew]) -> list[Crew] | None:
    """The previous plan's crews with whoever is no longer free taken out: a valid plan, or None.

    A crew that then breaks a rule is left out, unless its assignment is mandatory (then None).
    This is the replanning fallback when the week model finds nothing better in time.
    """
    from .validate import validate
    out = list(fixed)
    for c in crews:
        a = problem.assignment[c.assignment].on(c.day)
        free = lambda table, pid: pid in table and set(a.blocks) <= table[pid].free(c.day)
        c = replace(c, learners=tuple(x for x in c.learners if free(problem.learner, x)),
                    supervisors=tuple(x for x in c.supervisors if free(problem.supervisor, x)),
                    vehicles=tuple(u for u in c.vehicles if free(problem.vehicle, u.vehicle)))
        alone = Plan(problem.name, "feasible", (c,), format=problem.plan_format)
        if validate(problem, alone, require_mandatory=False).valid:
            out.append(c)
        elif a.mandatory:
            return None
    plan = Plan(problem.name, "feasible", tuple(out), format=problem.plan_format)
    return out if validate(problem, plan).valid else None


def solve_week(problem: Problem, *, time_limit: float, previous: Plan | None, pins: Sequence[Pin],
               on_progress, workers, stop, replan_from: str | None):
    """``solver.solve_with_stats`` for a version 2 problem; see the module docstring."""
    # Workers follow the model's size (``solver._Run.solver``): week-v2-1's coarse model (~4.7k
    # variables) runs on one LP-guided worker, which proves placed and priority; the exact model
    # (~9k) on one per core, where LNS finds the better fairness, goals and mentor plans.
    run = _Run(problem, time_limit, workers, on_progress, stop)
    if replan_from is not None:
        if replan_from not in problem.days:
            raise ProblemError(f"replanning day {replan_from!r} is not a day of this week")
        if previous is None:
            raise ProblemError("replanning from a day needs the previous plan")
    first = problem.days.index(replan_from) if replan_from is not None else 0
    days, fixed_days = problem.days[first:], set(problem.days[:first])
    fixed, placements = [], set()
    for c in previous.crews if previous is not None else ():
        day = _crew_day(problem, c)
        if day is None or day not in problem.days:
            continue
        c = replace(c, day=day)
        if day in fixed_days:
            fixed.append(c)
        else:
            placements |= {(p, c.assignment, day) for p in c.learners + c.supervisors}
    conflicts: list[PinConflict] = []
    active: list[Pin] = []
    done = {c.assignment for c in fixed}
    for pin in pins:
        refusal = pin_refusal(problem, pin)
        if refusal is None and pin.assignment in done:
            refusal = PinConflict(pin, "fixed")  # planned before the replanning day: it stays as it was
        (conflicts.append(refusal) if refusal is not None else active.append(pin))
    start = [replace(c, day=_crew_day(problem, c)) for c in (previous.crews if previous else ())
             if _crew_day(problem, c) in days]
    deadline = run.deadline
    dropped: list[PinConflict] = []
    fallback = repaired(problem, fixed, start) if placements else None

    def tell(crews):  # a first valid plan, before the week model's
        if run.on_progress is not None and not active:
            first_score = score_of(problem, crews)
            run.report("week", first_score, (None,) * len(WEEK_LEVELS), LevelProgress(
                "keep" if placements else "placed",
                len(placements & {(x, c.assignment, c.day) for c in crews for x in c.learners + c.supervisors})
                if placements else first_score[0], None))
    if fallback is None:  # no previous plan to start from: build one (``weekstart``)
        fallback = first_week_plan(problem, days, fixed, tell, lambda: day_by_day(
            run, problem, days, fixed, time.monotonic() + 0.4 * (deadline - time.monotonic())))
        if fallback is not None and not placements:
            start = [c for c in fallback if c.day in days]
    elif fallback is not None:
        tell(fallback)

    def attempt(relax, first_within=None):
        nonlocal active
        while True:
            w = _Week(problem, days, fixed, active, placements, relax, start)
            w.deadline = deadline
            result = optimise(run, w, deadline, first_within)
            if result.status == "ok":
                values, bounds = w.split(result.values, result.bounds)
                result = replace(result, values=values, bounds=bounds)
            _split_stats(run, w.scale)
            if result.status != "infeasible" or not active:
                return result
            lits = result.model.pin_lits
            core = set(result.solver.sufficient_assumptions_for_infeasibility())
            bad = [p for p, lit in lits.items() if lit.index in core]
            if not bad:
                return result
            if not relax:
                m = _Week(problem, days, fixed, [], placements, relax).build(by_goals=False)
                _, status = run.solve(m.cp, max(0.05, deadline - time.monotonic()))
                if status == cp_model.INFEASIBLE:
                    return result
            for p in bad:
                dropped.append(PinConflict(p, "together"))
            active = [p for p in active if p not in bad]

    if fallback is not None and not placements and not active and not fixed and problem_is_big(problem):
        # A big week: placed and priority by parts, then the learners (``weekbig``), not the exact model.
        w = _Week(problem, days, fixed, [], placements, False, start)
        crews, bound, stats = solve_big_week(run, w, list(fallback), deadline,
                                             lambda placed: fairness_bound(problem, placed))
        _split_stats(run, w.scale)
        run.stats.extend(stats)
        return _plan(problem, "feasible", crews, previous, conflicts,
                     None if all(b is None for b in bound) else bound, ()), run.stats

    # With a valid first plan in hand the week cannot be infeasible: the week model gets all the time.
    result = attempt(relax=False, first_within=None if fallback is not None and not active
                     else max(0.5, 0.3 * (deadline - time.monotonic())))
    findings: tuple = ()
    if result.status == "unknown" and fallback is not None and not active:
        # The week model found nothing in time: the day-by-day plan is valid, not proven best.
        return _plan(problem, "feasible", fallback, previous, conflicts + dropped, None, ()), run.stats
    if result.status != "ok":
        partial = None
        if result.status == "unknown":
            partial = attempt(relax=True)
            n_mandatory = len(_Week(problem, days, fixed, [], placements, True).mandatory)
            if partial.status == "ok" and partial.values[0] == n_mandatory:
                result = replace(partial, values=partial.values[1:], bounds=partial.bounds[1:])
            elif partial.status == "ok" and partial.bounds[0] is not None and partial.bounds[0] < n_mandatory:
                result = replace(result, status="infeasible")
        if result.status == "infeasible":
            left = deadline - time.monotonic()
            findings = explain_week(run, problem, days, fixed, max(1.0, min(10.0, left * 0.3)))
            if partial is None:
                partial = attempt(relax=True)
            crews = partial.crews if partial.status == "ok" else list(fixed)
            return _plan(problem, "infeasible", crews, previous, conflicts + dropped, None, findings), run.stats
        if result.status != "ok":
            crews = partial.crews if partial is not None and partial.status == "ok" else []
            staffed = {c.assignment for c in crews}
            n_mandatory = [aid for aid in _Week(problem, days, fixed, [], placements, True).mandatory]
            reason = Reason("stopped" if run.stopped() else "no_plan_in_time", "week",
                            have=sum(aid in staffed for aid in n_mandatory), need=len(n_mandatory))
            raise NoPlanFound(" ".join(texts([reason], problem)), tuple(_ordered(problem, crews)), (reason,))
    status = "optimal" if result.proven else "feasible"
    n = len(WEEK_LEVELS)
    bound = tuple(result.bounds[-n:]) if result.bounds and len(result.bounds) >= n else None
    if bound is not None and not fixed and bound[0] is not None:
        bound = _tighter_fairness(problem, bound)
    if bound is not None and all(b is None for b in bound):
        bound = None
    crews = result.crews
    if fallback is not None and not active and not result.proven and not placements \
            and score_of(problem, fallback) > score_of(problem, crews):
        crews = fallback  # the week model ran out of time below the day-by-day plan (a busy machine)
    return _plan(problem, status, crews, previous, conflicts + dropped, bound, ()), run.stats


def _tighter_fairness(problem: Problem, bound: tuple) -> tuple:
    """The solver's bounds with fairness capped by the even spread of the idle blocks (``weekbounds``)."""
    spread = fairness_bound(problem, bound[0])
    if spread is None:
        return bound
    fairness = WEEK_LEVELS.index(next(level for level in WEEK_LEVELS if level.name == "fairness"))
    out = list(bound)
    out[fairness] = spread if out[fairness] is None else min(out[fairness], spread)
    return tuple(out)


def _ordered(problem: Problem, crews) -> list[Crew]:
    order = {a.id: i for i, a in enumerate(problem.assignments)}
    return sorted(crews, key=lambda c: order[c.assignment])


def _plan(problem, status, crews, previous, conflicts, bound, findings) -> Plan:
    crews = _ordered(problem, crews)
    plan = Plan(instance=problem.name, status=status, crews=tuple(crews),
                explanation=tuple(texts(findings, problem)), findings=tuple(findings),
                pin_conflicts=tuple(conflicts), score=score_of(problem, crews), bound=bound,
                format=problem.plan_format)
    if previous is not None:
        plan = replace(plan, moves=moves_in_week(problem, previous, crews))
    return plan
