"""The solver: each day's model (daymodel.py) optimised lexicographically, level by level.

Each day is optimised level by level (keep previous placements, then placed,
priority, learning, -vehicle_blocks): a level is maximised, then held at its value
for the next one (at exactly that value once proven), so the result is exactly
lexicographic; ``optimal`` means every level of every day was proven.

Placed and priority never read goals, so they are solved in a model whose learner
groups ignore goals (fewer, larger groups, less symmetry); learning and
-vehicle_blocks continue in the exact model, hinted with the plan found so far.

A day either gets a valid plan, or is proven infeasible (explained in Dutch, with
the best partial plan), or neither within the time: then ``solve`` raises
:class:`NoPlanFound`, because SPEC's ``infeasible`` means proven and ``feasible``
means a valid plan. The strict model gets part of the time to find a first plan;
if it finds none, the model that may leave mandatory work unstaffed takes over:
it always has a partial plan, staffs more and more, and its bound can prove the day
infeasible.
"""
from __future__ import annotations

import inspect
import math
import os
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from ortools.sat.python import cp_model

from . import rules as R
from .daymodel import DayModel
from .explain import explain_day
from .findings import Reason
from .model import Crew, Move, Pin, PinConflict, Plan, Problem, ProblemError, check_pins, pins_from_json
from .render import texts
from .score import LEVELS, levels_of, score as score_of

SEED = 20261207
BIG_MODEL = 10_000  # variables: above this, presolve costs more than it saves before the first plan
SMALL_MODEL = 5_000  # variables: up to this, one worker proves faster than several taking turns
_DEBUG = bool(os.environ.get("SCHEDULING_DEBUG"))

ProgressHook = Callable[..., None]


@dataclass(frozen=True)
class LevelProgress:
    """The level being optimised when an improving plan was found: its value and bound so far."""

    level: str  # a score level's name, or "mandatory" / "keep" before the SPEC levels
    value: int
    bound: int | None


class NoPlanFound(RuntimeError):
    """Neither a valid plan nor a proof that none exists was found in time (or before a stop).

    ``str(error)`` says so in Dutch for a supervisor; ``reasons`` are the same as
    ``findings.Reason`` s (rule ``no_plan_in_time`` or ``stopped``, per day). ``crews`` is
    the best partial plan found: it breaks no rule except that some mandatory work stays
    unstaffed.
    """

    def __init__(self, message: str, crews: tuple[Crew, ...] = (), reasons: tuple[Reason, ...] = ()):
        super().__init__(message)
        self.crews, self.reasons = crews, reasons


@dataclass(frozen=True)
class LevelStat:
    """How one level of one day was solved (for ``make bench`` and debugging)."""

    day: str
    level: str
    status: str  # CP-SAT status name
    value: int | None
    bound: int | None
    seconds: float
    deterministic: float
    branches: int
    conflicts: int


@dataclass(frozen=True)
class _Level:
    """One lexicographic level: its name, its terms in a day model, whether it reads goals."""

    name: str
    terms: Callable  # (DayModel) -> [(coefficient, variable)]
    reads_goals: bool = False
    hold: Callable | None = None  # (model, value, proven): how to hold it, when not as ``_hold`` does


SCORE_LEVELS = tuple(_Level(level.name, level.terms, level.reads_goals) for level in LEVELS)
MANDATORY = _Level("mandatory", lambda m: [(1, m.st[a.id]) for a in m.assignments if a.mandatory])


class _Callback(cp_model.CpSolverSolutionCallback):
    """Reports every improving valid plan to ``on_progress``; remembers that one was found."""

    def __init__(self, run: "_Run", day: "_Day", m: DayModel, bounds: list):
        super().__init__()
        self.run, self.day, self.m, self.bounds = run, day, m, bounds  # bounds of the levels before
        self.found = False
        # In a part (fix-and-optimise) the solver's bound is the part's, not the level's: then the
        # level's bound is ``cap`` (read off the problem), or unknown.
        self.in_part, self.cap = False, None

    def on_solution_callback(self):
        self.found = True
        if self.run.stopped():
            self.stop_search()
        if self.run.on_progress is None:
            return
        crews = self.m.crews(self.value)
        if self.day.relax and not self.day.complete(crews):
            return  # a partial plan is no plan yet
        own = self.cap if self.in_part else int(self.best_objective_bound)
        bounds = list(self.bounds) + [own]
        level = self.day.levels[min(len(self.bounds), len(self.day.levels) - 1)].name
        progress = LevelProgress(level, int(round(self.objective_value)), own)
        if hasattr(self.day, "progress"):  # a search level that stands for two score levels
            progress = self.day.progress(progress)
        self.run.report(self.m.day, score_of(self.run.problem, crews), self.day.score_bounds(bounds), progress)


class _Run:
    """State shared by the day solves of one ``solve`` call: clock, hooks, progress, statistics."""

    def __init__(self, problem, time_limit, workers, on_progress, stop):
        self.problem, self.start = problem, time.monotonic()
        self.deadline = self.start + max(0.01, float(time_limit))
        self.workers = workers  # None: chosen per model in ``solver``
        self.on_progress, self._stop = on_progress, stop
        self.n_levels = len(levels_of(problem))
        self._with_level = on_progress is not None and _takes_level(on_progress)
        self.day_score: dict[str, tuple] = {}
        self.day_bound: dict[str, tuple] = {}
        self.stats: list[LevelStat] = []

    def stopped(self) -> bool:
        if self._stop is None:
            return False
        if isinstance(self._stop, threading.Event):
            return self._stop.is_set()
        return bool(self._stop())

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def report(self, day, score, bounds, level: LevelProgress | None = None):
        """Tell ``on_progress`` the plan so far: score and bound summed over the days (or of the week)."""
        n = self.n_levels
        self.day_score[day] = tuple(score)
        self.day_bound[day] = tuple(bounds)
        if self.on_progress is None:
            return
        if self.problem.week:  # one model: its score is the plan's (the fixed days' crews included)
            total, bound = tuple(score), tuple(bounds)
        else:
            total = tuple(sum(s[i] for s in self.day_score.values()) for i in range(n))
            done = len(self.day_bound) == len(self.problem.days)
            bound = tuple(sum(b[i] for b in self.day_bound.values())
                          if done and all(b[i] is not None for b in self.day_bound.values()) else None
                          for i in range(n))
        if self._with_level:
            self.on_progress(total, bound, self.elapsed(), level=level)
        else:
            self.on_progress(total, bound, self.elapsed())

    def solver(self, seconds: float, size: int = 0, first: bool = False, part: bool = False,
               lb_search: bool = True) -> cp_model.CpSolver:
        """A CP-SAT solver for a model of ``size`` variables; ``first``: the day's first level;
        ``part``: most variables are fixed (fix-and-optimise), one worker, presolve removes them;
        ``lb_search``: a part searches upward from its plan (see below)."""
        s = cp_model.CpSolver()
        s.parameters.max_time_in_seconds = max(0.01, seconds)
        # One worker for small and medium days: the LP-guided search proves optimality faster
        # alone than sharing the cores with LNS workers (medium: 2-8x less time). Also for the
        # first level of a large day: there is no plan yet for LNS to improve, and the LP search
        # finds and proves placed 2-3x faster alone (large-1..4). Later levels of large days
        # use a worker per core (at most 8): LNS finds their better plans.
        alone = size <= SMALL_MODEL or first or part
        workers = self.workers or (1 if alone else max(1, min(8, os.cpu_count() or 1)))
        s.parameters.num_workers = workers
        s.parameters.random_seed = SEED
        # Clauses go into the LP too ("nobody in an unstaffed crew"): the LP then cannot half-staff
        # crews and still fill them, which tightens the priority and learning bounds (week-1: 3.5x
        # less deterministic time, the hardest medium days up to 18x).
        s.parameters.linearization_level = 2
        if size > SMALL_MODEL or self.problem.week:
            # Big LPs converge in far fewer rounds with every row from the start than with rows
            # added as they get violated (large-1, -vehicle_blocks: 20 -> 6 deterministic s). The
            # week's coarse model too (week-v2-1, ~4.7k variables: priority proven in 2.6 det s
            # instead of open at 20 s).
            s.parameters.add_lp_constraints_lazily = False
        if self.problem.week:
            # Probing costs the week's coarse model more than it saves (week-v2-1, placed proven in
            # 1.2-1.3 deterministic s instead of 1.9, a third of the wall time).
            s.parameters.cp_model_probing_level = 0
        if size > BIG_MODEL:
            # On big days presolve and symmetry detection cost seconds before the first plan.
            s.parameters.cp_model_presolve = False
            s.parameters.symmetry_level = 0
        if part:
            # Presolve takes the fixed variables out of the LP (week-v2-1, learners only: fairness
            # proven in 1.8 s instead of 2.8 s without presolve); symmetry detection does not pay.
            s.parameters.cp_model_presolve = True
            s.parameters.symmetry_level = 0
            # Its LP bound is tight at once; the search for a plan that reaches it is what takes
            # time, and lower-bound search gets there sooner (week-v2-1, fairness with the learners
            # free: proven in 1.4 deterministic s instead of 3.1).
            s.parameters.use_objective_lb_search = lb_search
        if workers == 1:
            s.parameters.interleave_search = False
        return s

    def solve(self, model, seconds, callback=None, first_within=None, first=False, part=False, lb_search=True,
              deterministic: float | None = None):
        """Solve with a watcher that honours ``stop`` even while the solver is proving.

        With ``first_within``, the search also gives up when it has found nothing by then;
        ``deterministic`` caps its work in deterministic seconds too (machine load does not cut it).
        """
        s = self.solver(seconds, len(model.proto.variables), first, part, lb_search)
        if deterministic is not None:
            s.parameters.max_deterministic_time = deterministic
        if self.stopped():
            s.parameters.max_time_in_seconds = 0.0  # asked to stop: do not start a search
        done = threading.Event()
        give_up = None if first_within is None else time.monotonic() + first_within
        watcher = None
        if self._stop is not None or give_up is not None:
            def watch():
                while not done.wait(0.05):
                    late = give_up is not None and time.monotonic() > give_up and not callback.found
                    if self.stopped() or late:
                        s.stop_search()
                        return
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()
        try:
            status = s.solve(model, callback)
        finally:
            done.set()
            if watcher is not None:
                watcher.join()
        return s, status


def _takes_level(hook) -> bool:
    """Whether a progress hook accepts the ``level`` keyword (older hooks take three arguments)."""
    try:
        params = inspect.signature(hook).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "level" or p.kind == p.VAR_KEYWORD for p in params)


def _expr(terms):
    return sum(c * v for c, v in terms) if terms else 0


class _Search:
    """What a day's and a week's search share: the pinned drivers, completeness, and the SPEC
    levels' bounds out of the search's own levels (which may start with mandatory or keep)."""

    score_levels: tuple = SCORE_LEVELS

    def pinned_drivers(self) -> dict:
        drivers = defaultdict(dict)
        for p in self.pins:
            if p.vehicle is not None and p.driver is not None:
                drivers[p.assignment][p.vehicle] = p.driver
        return drivers

    def complete(self, crews) -> bool:
        """Whether crews staff every mandatory assignment still to plan."""
        staffed = {c.assignment for c in crews}
        return all(aid in staffed for aid in self.mandatory)

    def score_bounds(self, bounds: list) -> tuple:
        """The SPEC levels' bounds out of the per-level bounds (None when unknown)."""
        n = len(self.score_levels)
        first = len(self.levels) - n
        out = list(bounds[first:]) + [None] * n
        return tuple(out[:n])


class _Day(_Search):
    """One day's search: its levels, pins and models (a coarse one without goals, the exact one)."""

    def __init__(self, problem: Problem, day: str, pins: Sequence[Pin], placements, relax: bool,
                 previous: Plan | None = None):
        self.problem, self.day, self.pins, self.placements, self.relax = problem, day, list(pins), placements, relax
        self.mandatory = [a.id for a in problem.on_day(day) if a.mandatory]
        self.levels = ([MANDATORY] if relax else []) + \
            ([_Level("keep", lambda m: _keep_terms(m, placements))] if placements else []) + list(SCORE_LEVELS)
        # The previous plan's crews of this day: a first hint (CP-SAT repairs what no longer fits).
        self.start = tuple(c for c in (previous.crews if previous else ())
                           if c.assignment in problem.assignment and problem.assignment[c.assignment].day == day)

    def build(self, by_goals: bool) -> DayModel:
        m = DayModel(self.problem, self.day, relax_mandatory=self.relax, pinned_drivers=self.pinned_drivers(),
                     placements=self.placements, separate=_pinned_people(self.pins), by_goals=by_goals,
                     pinned_assignments={p.assignment for p in self.pins})
        m.pin_lits = {p: _pin_literal(m, p) for p in self.pins}
        return m


@dataclass
class _Outcome:
    status: str  # "ok", "infeasible" (proven) or "unknown"
    crews: list
    values: list
    bounds: list
    proven: bool
    solver: cp_model.CpSolver | None = None
    model: DayModel | None = None


def optimise(run: _Run, d: _Day, deadline: float, first_within: float | None = None) -> _Outcome:
    """Maximise ``d``'s levels lexicographically; see the module docstring."""
    coarse = not d.levels[0].reads_goals
    m = d.build(by_goals=not coarse)
    values, bounds, proven = [], [], []
    crews: list = []
    solution = None  # var index -> value in the best plan found so far
    hint = m.hint(d.start) if d.start else None  # to start with: the previous plan, if any
    for k, level in enumerate(d.levels):
        if level.reads_goals and coarse:
            if time.monotonic() >= deadline - getattr(d, "exact_seconds", 0.05) and solution is not None:
                break  # no time left to build (and use) the exact model: keep the plan found
            coarse = False
            exact = d.build(by_goals=True)
            if not _same_groups(exact, m):  # else goals split no group: the coarse model is exact
                for j in range(k):
                    _hold(exact, d.levels[j], values[j], proven[j])
                solution = {v.index: val for v, val in exact.hint(crews)} if solution is not None else None
                m = exact
        terms = level.terms(m)
        m.cp.clear_objective()
        m.cp.clear_hints()
        for var, value in ([(v, solution[v.index]) for v in m.all_vars] if solution is not None else hint or []):
            m.cp.add_hint(var, value)
        if not terms and solution is not None:
            values.append(0), bounds.append(0), proven.append(True)
            continue
        m.cp.maximize(_expr(terms))
        m.cp.clear_assumptions()
        m.cp.add_assumptions(list(m.pin_lits.values()))
        left = len(d.levels) - k
        remaining = deadline - time.monotonic()
        seconds = remaining * (d.time_share(level, left) if hasattr(d, "time_share") else min(1.0, 2 / (left + 1)))
        # A bound read off the problem (a week's fairness): a valid cut, and a proof once reached.
        cap = d.level_cap(level.name, values, bounds, proven) if hasattr(d, "level_cap") else None
        if cap is not None:
            m.cp.add(_expr(terms) <= cap)
        # Part of the level's time may first go to fix-and-optimise from the plan so far
        # (``d.improve``); the whole search then starts from its plan, and may prove it.
        share = d.improve_share(level) if hasattr(d, "improve_share") and solution is not None \
            and d.improve_size(m) else 0.0
        callback = _Callback(run, d, m, bounds)
        started = time.monotonic()
        found = None
        if share > 0:
            solution = d.improve(run, m, terms, solution, started + seconds * share, callback, level.name)
            found = sum(c * solution[v.index] for c, v in terms)
            m.cp.clear_hints()
            for var in m.all_vars:
                m.cp.add_hint(var, solution[var.index])
            m.cp.add(_expr(terms) >= found)
        s, status = run.solve(m.cp, max(0.05, started + seconds - time.monotonic()), callback,
                              first_within if k == 0 else None, first=k == 0)
        found_one = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        stat_value = int(s.objective_value) if found_one else found  # found: fix-and-optimise's plan
        stat_bound = int(s.best_objective_bound) if found_one else None
        stat_status = s.status_name(status)
        if cap is not None and stat_value is not None:  # the cap is part of the bound, a proof once reached
            stat_bound = cap if stat_bound is None else min(stat_bound, cap)
            stat_status = "OPTIMAL" if stat_value >= stat_bound else stat_status
        run.stats.append(LevelStat(d.day, level.name, stat_status, stat_value, stat_bound,
                                   time.monotonic() - started, s.deterministic_time, s.num_branches,
                                   s.num_conflicts))
        if status == cp_model.INFEASIBLE:
            return _Outcome("infeasible", [], [], [], False, s, m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value, bound = int(round(s.objective_value)), int(round(s.best_objective_bound))
            solution = {var.index: s.value(var) for var in m.all_vars}
            if cap is not None:
                bound = min(bound, cap)
            proven.append(status == cp_model.OPTIMAL or value >= bound)
            crews = m.crews(lambda var: solution[var.index])
        elif solution is not None:  # no time left: keep the plan so far (improved, if it was)
            value, bound = sum(c * solution[v.index] for c, v in terms), cap
            proven.append(bound is not None and value >= bound)
            crews = m.crews(lambda var: solution[var.index]) if found is not None else crews
        else:
            return _Outcome("unknown", [], [], [], False)
        values.append(value)
        bounds.append(bound)
        if _DEBUG:
            print(f"[{d.day}] level {level.name}: {value} bound {bound} {s.status_name(status)} "
                  f"{s.wall_time:.2f}s det {s.deterministic_time:.2f}", file=sys.stderr)
        _hold(m, level, value, proven[-1])
        if run.stopped():
            break
    while len(values) < len(d.levels):  # stopped early: the rest is whatever the plan scores
        level = d.levels[len(values)]
        values.append(sum(c * solution[v.index] for c, v in level.terms(m)))
        bounds.append(None), proven.append(False)
    return _Outcome("ok", crews, values, bounds, all(proven), s, m)


def _hold(m: DayModel, level: _Level, value: int, proven: bool) -> None:
    """Keep ``level`` at ``value`` in later levels: exactly once proven (a tighter LP), else at least."""
    if level.hold is not None:
        level.hold(m, value, proven)
        return
    expr = _expr(level.terms(m))
    m.cp.add(expr == value if proven else expr >= value)


def _same_groups(a: DayModel, b: DayModel) -> bool:
    if getattr(a, "exact", True) != getattr(b, "exact", True):  # a coarse week model has no week terms
        return False
    return all([g.members for g in a.groups[k]] == [g.members for g in b.groups[k]] for k in a.groups)


# ---------------------------------------------------------------- pins and previous plans

def _normalise_pins(pins) -> tuple[Pin, ...]:
    items = []
    for p in pins:
        items.append(p if isinstance(p, Pin) else pins_from_json({"pins": [p]})[0])
    return tuple(items)


def _pin_refusal(problem: Problem, pin: Pin) -> PinConflict | None:
    """Why a pin on its own breaks a hard rule, or None."""
    a = problem.assignment[pin.assignment]
    if pin.unstaffed:
        return PinConflict(pin, "mandatory", ("staffing",)) if a.mandatory else None
    if pin.learner is not None or pin.supervisor is not None:
        kind = "learner" if pin.learner is not None else "supervisor"
        pid = pin.learner or pin.supervisor
        x = problem.learner[pid] if kind == "learner" else problem.supervisor[pid]
        refused = R.refusing_rules(problem, kind, x, a)
        return PinConflict(pin, "refused", tuple(refused)) if refused else None
    veh = problem.vehicle[pin.vehicle]
    refused = R.refusing_rules(problem, "vehicle", veh, a)
    if refused:
        return PinConflict(pin, "vehicle", tuple(refused))
    if pin.driver is not None:
        p = problem.person(pin.driver)
        kind = "learner" if pin.driver in problem.learner else "supervisor"
        refused = R.refusing_rules(problem, kind, p, a)
        if not R.can_drive(p, veh):
            refused.append("transport")
        if refused:
            return PinConflict(pin, "driver", tuple(refused))
    return None


def _pinned_people(pins) -> frozenset[str]:
    """People and vehicles named by pins: the model keeps them out of groups."""
    return frozenset(x for p in pins for x in (p.learner, p.supervisor, p.vehicle, p.driver) if x is not None)


def _pin_literal(m: DayModel, pin: Pin):
    """A literal that, when true, enforces the pin."""
    lit = m.cp.new_bool_var(f"pin[{pin}]")
    a = pin.assignment
    if pin.unstaffed:
        m.cp.add(m.st[a] == 0).only_enforce_if(lit)
    elif pin.learner is not None:
        m.cp.add(m.x[(pin.learner, a)] == 1).only_enforce_if(lit)
    elif pin.supervisor is not None:
        m.cp.add(m.y[(pin.supervisor, a)] == 1).only_enforce_if(lit)
    else:
        m.cp.add(m.u[(pin.vehicle, a)] == 1).only_enforce_if(lit)
        if pin.driver is not None:
            member = m.x.get((pin.driver, a)) if pin.driver in m.problem.learner else m.y.get((pin.driver, a))
            m.cp.add(member == 1).only_enforce_if(lit)
    return lit


def _previous_placements(problem: Problem, previous: Plan | None) -> set[tuple[str, str]]:
    if previous is None:
        return set()
    out = set()
    for c in previous.crews:
        if c.assignment in problem.assignment:
            out |= {(p, c.assignment) for p in c.learners + c.supervisors}
    return out


def _keep_terms(m: DayModel, placements):
    # A learner group shares its previous placements (see LearnerGroup), so its count is
    # how many of those placements it keeps.
    terms = []
    for a in m.assignments:
        for p, var in m.member_vars(a):
            if (p.id, a.id) in placements:
                terms.append((1, var))
    return terms


def moves_between(problem: Problem, previous: Plan, crews: Sequence[Crew]) -> tuple[Move, ...]:
    """Who moves where between a previous plan and new crews."""
    before, after = defaultdict(list), defaultdict(list)
    for c in previous.crews:
        for p in c.learners + c.supervisors:
            before[p].append(c.assignment)
    for c in crews:
        for p in c.learners + c.supervisors:
            after[p].append(c.assignment)
    out = []
    for pid in sorted(set(before) | set(after)):
        b, a = tuple(sorted(before[pid])), tuple(sorted(after[pid]))
        if b != a:
            out.append(Move(pid, b, a))
    return tuple(out)


# ---------------------------------------------------------------- the entry point

def solve(problem: Problem, *, time_limit: float = 30.0, previous: Plan | None = None,
          pins: Iterable = (), on_progress: ProgressHook | None = None, workers: int | None = None,
          stop: threading.Event | Callable[[], bool] | None = None, replan_from: str | None = None) -> Plan:
    """Plan ``problem``: the lexicographically best valid plan found within ``time_limit`` seconds.

    Args:
        previous: a plan to stay close to; its placements (person -> assignment) are kept
            as much as possible before the SPEC score counts. ``moves`` lists the changes.
        pins: :class:`Pin` s (or PINS.json entries) to honour; ones that break a hard rule,
            alone or together, are listed in ``pin_conflicts`` and left out.
        on_progress: called as ``on_progress(score, bound, elapsed_seconds)`` on every
            improving valid plan; ``score`` is the SPEC score of the plan so far (4 levels,
            or 6 for a week), ``bound`` per level an upper bound or None while unknown. A hook
            that accepts a ``level`` keyword also gets a :class:`LevelProgress`: the level being
            optimised, its value and its bound.
        workers: CP-SAT workers (default: one per core, at most 8); 1 gives a deterministic plan.
        stop: an Event or a callable; when set/true the search stops and the best plan so
            far is returned (status ``feasible``).
        replan_from: (a week) re-solve from this day on; the days before keep ``previous``'s
            crews and still count toward fairness and practice.

    Raises:
        NoPlanFound: no valid plan and no proof of infeasibility within the time (or before
            ``stop``); it carries the best partial plan. See README.md.
    """
    return solve_with_stats(problem, time_limit=time_limit, previous=previous, pins=pins,
                            on_progress=on_progress, workers=workers, stop=stop, replan_from=replan_from)[0]


def check_limits(time_limit, workers) -> None:
    """Raise ProblemError for a time limit that is not a positive finite number, or workers below 1."""
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not math.isfinite(time_limit) \
            or time_limit <= 0 or time_limit > 7 * 24 * 3600:
        raise ProblemError(f"time limit must be a number of seconds above 0 and at most a week, got {time_limit!r}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 64):
        raise ProblemError(f"workers must be a whole number from 1 to 64, got {workers!r}")


def solve_with_stats(problem: Problem, *, time_limit: float = 30.0, previous: Plan | None = None,
                     pins: Iterable = (), on_progress: ProgressHook | None = None, workers: int | None = None,
                     stop=None, replan_from: str | None = None) -> tuple[Plan, list[LevelStat]]:
    """``solve``, and how each level of each day was solved (for ``make bench``)."""
    check_limits(time_limit, workers)
    pins = _normalise_pins(pins)
    check_pins(problem, pins)
    if problem.week:
        from .weeksolver import solve_week  # the week imports this module's machinery
        return solve_week(problem, time_limit=time_limit, previous=previous, pins=pins, on_progress=on_progress,
                          workers=workers, stop=stop, replan_from=replan_from)
    if replan_from is not None:
        raise ProblemError("replanning from a day needs a version 2 (week) instance")
    run = _Run(problem, time_limit, workers, on_progress, stop)
    placements = _previous_placements(problem, previous)
    conflicts: list[PinConflict] = []
    active: list[Pin] = []
    for pin in pins:
        refusal = _pin_refusal(problem, pin)
        if refusal is not None:
            conflicts.append(refusal)
        else:
            active.append(pin)

    crews_by_day, statuses, reasons, proven, day_bounds = {}, [], [], [], []
    days = list(problem.days)
    weights = {d: 1 + len(problem.on_day(d)) for d in days}
    for n, day in enumerate(days):
        remaining = run.deadline - time.monotonic()
        share = remaining * weights[day] / sum(weights[d] for d in days[n:])
        day_deadline = time.monotonic() + max(0.05, share)
        day_pins = [p for p in active if problem.assignment[p.assignment].day == day]
        outcome, dropped, day_reasons = _solve_day(run, problem, day, day_deadline, day_pins, placements, previous)
        conflicts.extend(dropped)
        crews_by_day[day] = outcome.crews
        statuses.append(outcome.status)
        proven.append(outcome.proven)
        reasons.extend(day_reasons)
        day_bounds.append(outcome.bounds[-4:] if outcome.bounds else [None] * 4)

    order = {a.id: i for i, a in enumerate(problem.assignments)}
    crews = sorted((c for day in days for c in crews_by_day[day]), key=lambda c: order[c.assignment])
    if "unknown" in statuses:
        raise NoPlanFound(" ".join(texts(reasons, problem)), tuple(crews), tuple(reasons))
    if "infeasible" in statuses:
        status = "infeasible"
    else:
        status = "optimal" if all(proven) else "feasible"
    bound = None
    if all(None not in b for b in day_bounds):
        bound = tuple(sum(b[i] for b in day_bounds) for i in range(4))
    plan = Plan(instance=problem.name, status=status, crews=tuple(crews),
                explanation=tuple(texts(reasons, problem)), reasons=tuple(reasons),
                pin_conflicts=tuple(conflicts), score=score_of(problem, crews), bound=bound)
    if previous is not None:
        plan = replace(plan, moves=moves_between(problem, previous, crews))
    return plan, run.stats


def _solve_day(run: _Run, problem: Problem, day: str, deadline: float, pins: list[Pin], placements,
               previous: Plan | None):
    """Solve one day; returns (outcome, dropped pins, reasons)."""
    dropped: list[PinConflict] = []
    active = list(pins)

    def attempt(relax, first_within=None):
        nonlocal active
        while True:
            d = _Day(problem, day, active, placements, relax, previous)
            result = optimise(run, d, deadline, first_within)
            if result.status != "infeasible" or not active:
                return result
            lits = result.model.pin_lits
            core = set(result.solver.sufficient_assumptions_for_infeasibility())
            bad = [p for p, lit in lits.items() if lit.index in core]
            if not bad:
                return result
            if not relax:
                # Is the day infeasible without these pins too? Then the pins are not to blame.
                m = _Day(problem, day, [], placements, relax).build(by_goals=False)
                _, status = run.solve(m.cp, max(0.05, deadline - time.monotonic()))
                if status == cp_model.INFEASIBLE:
                    return result
            for p in bad:
                dropped.append(PinConflict(p, "together"))
            active = [p for p in active if p not in bad]

    # A third of the day's time to find a first plan in the strict model; if it finds none,
    # the relaxed model below always has a partial plan and may still complete it or prove
    # that it cannot be completed.
    result = attempt(relax=False, first_within=max(0.5, 0.3 * (deadline - time.monotonic())))
    if result.status == "ok":
        return result, dropped, []
    reasons = []
    if result.status == "infeasible":
        reasons = _explain(run, problem, day, deadline, active)
    partial = attempt(relax=True)
    mandatory = len([a for a in problem.on_day(day) if a.mandatory])
    if partial.status != "ok":  # not even a partial plan (no time left)
        partial = _Outcome("unknown", [], [], [], False)
    elif result.status == "unknown" and partial.values[0] == mandatory:
        # The relaxed model completed the plan: it is the strict optimisation after all.
        return replace(partial, values=partial.values[1:], bounds=partial.bounds[1:]), dropped, []
    elif result.status == "unknown" and partial.bounds[0] is not None and partial.bounds[0] < mandatory:
        result = replace(result, status="infeasible")  # the relaxed bound proves it
        reasons = _explain(run, problem, day, deadline, active)
    if result.status == "infeasible":
        return replace(partial, status="infeasible"), dropped, reasons
    reason = Reason("stopped" if run.stopped() else "no_plan_in_time", day=day,
                    have=partial.values[0] if partial.values else 0, need=mandatory)
    return replace(partial, status="unknown"), dropped, [reason]


def _explain(run: _Run, problem: Problem, day: str, deadline: float, pins: list[Pin]) -> list[Reason]:
    """The reasons for an infeasible day, within part of the time left."""
    left = deadline - time.monotonic()
    drivers = defaultdict(dict)
    for p in pins:
        if p.vehicle is not None and p.driver is not None:
            drivers[p.assignment][p.vehicle] = p.driver
    return explain_day(run, problem, day, max(1.0, min(10.0, left * 0.3)), drivers,
                       lambda dm: {p: _pin_literal(dm, p) for p in pins}, _pinned_people(pins))


def solve_part(run: _Run, model: cp_model.CpModel, fixed, solution: dict, value: int, seconds: float, callback,
               name: str = "", **solve_options) -> tuple[dict, int, bool]:
    """One part of fix-and-optimise: ``model`` (its objective set) with the ``fixed`` variables held
    at their values in ``solution`` (variable index -> value, scoring ``value``), solved from there.
    The better solution found and its value, or the same ones; and whether it improved."""
    s, status = run.solve(part_model(model, fixed, solution), seconds, callback, part=True, **solve_options)
    if _DEBUG:
        print(f"[part] {name}: {s.status_name(status)} {s.objective_value} (had {value}) "
              f"{s.wall_time:.2f}s det {s.deterministic_time:.2f}", file=sys.stderr)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and s.objective_value > value + 0.5:
        response = s.response_proto.solution
        return {i: response[i] for i in solution}, int(round(s.objective_value)), True
    return solution, value, False


def part_model(model: cp_model.CpModel, fixed, solution: dict) -> cp_model.CpModel:
    """A copy of ``model`` with the ``fixed`` variables held at their value in ``solution``
    (variable index -> value), hinted with the whole solution: one part of fix-and-optimise."""
    sub = model.clone()
    for v in fixed:
        domain = sub.proto.variables[v.index].domain
        domain.clear()
        domain.extend((solution[v.index], solution[v.index]))
    sub.clear_hints()
    sub.proto.solution_hint.vars.extend(list(solution))
    sub.proto.solution_hint.values.extend(list(solution.values()))
    return sub
