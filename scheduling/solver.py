"""The solver: every rule's ``post`` plus a lexicographic objective, one CP-SAT model per day.

Days are independent under SPEC.md (every rule and score term stays within one
day), so each day is its own model. Each day is optimised level by level
(keep previous placements, then placed, priority, learning, -vehicle_blocks):
a level is maximised, then fixed at its optimum for the next one. The result is
exactly lexicographic; ``optimal`` means every level of every day was proven.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from ortools.sat.python import cp_model

from . import rules as R
from .model import (Assignment, Crew, Move, Pin, PinConflict, Plan, Problem, VehicleUse,
                    assignment_nl, check_pins, person_nl, pins_from_json)
from .score import LEVELS, score as score_of

SEED = 20261207
BIG_MODEL = 10_000  # variables
_DEBUG = bool(os.environ.get("SCHEDULING_DEBUG"))

ProgressHook = Callable[[tuple, tuple, float], None]


@dataclass(frozen=True)
class Group:
    """Learners, supervisors or vehicles that are interchangeable on one day.

    The model counts how many of a group go to each assignment instead of naming
    each one, which removes the symmetric search over who is who. Members are alike
    in everything the day's rules and score terms read (see ``groups_of_day``), so the
    first member speaks for the group: ``group.seats``, ``group.licences``, ...
    """

    kind: str  # "learner", "supervisor" or "vehicle"
    members: tuple

    @property
    def size(self) -> int:
        return len(self.members)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.members[0], name)


def groups_of_day(problem: Problem, day: str, *, placements=frozenset(), separate=frozenset(),
                  by_goals: bool = True) -> dict[str, list[Group]]:
    """Learners, supervisors and vehicles of ``day`` in groups of interchangeable ones.

    Alike means: admitted to the same assignments (availability, domain, levels,
    restrictions, on/off site), the same relevant certificates, licences, seats and
    features, the same ``max_learners``, the same goal weight per assignment (when
    ``by_goals``) and the same previous placements. Whoever is in an ``avoid`` pair or
    named in ``separate`` (pins) stays alone. Counting needs each assignment's blocks
    to form an interval, otherwise everyone stays alone (see ``DayModel._name``).
    """
    assignments = problem.on_day(day)
    order = {b.id: i for i, b in enumerate(problem.blocks)}
    intervals = all(max(order[b] for b in a.blocks) - min(order[b] for b in a.blocks) + 1 == len(a.blocks)
                    for a in assignments if a.blocks)
    avoided = {o for l in problem.learners for o in l.avoid}
    licences = {v.licence for v in problem.vehicles}
    certificates = {c for a in assignments for c, n in a.certificates if n > 0}
    features = {f for a in assignments for f in a.vehicle_features}
    previous = defaultdict(set)
    for pid, aid in placements:
        previous[pid].add(aid)

    def grouped(kind, items, admits, key, alone):
        by_key: dict = {}
        for x in items:
            admitted = tuple(a.id for a in assignments if admits(problem, x, a))
            if admitted:
                k = ("alone", x.id) if not intervals or x.id in separate or alone(x) else (admitted,) + key(x)
                by_key.setdefault(k, []).append(x)
        return [Group(kind, tuple(ms)) for ms in by_key.values()]

    def goals(l):
        return tuple(l.goal_weight(a.trains) for a in assignments) if by_goals else ()

    return {
        "learner": grouped("learner", problem.learners, R.admits_learner,
                           lambda l: (l.certificates & certificates, l.licences & licences, goals(l),
                                      frozenset(previous[l.id])),
                           lambda l: bool(l.avoid) or l.id in avoided),
        "supervisor": grouped("supervisor", problem.supervisors, R.admits_supervisor,
                              lambda s: (s.max_learners, s.licences & licences, frozenset(previous[s.id])),
                              lambda s: False),
        "vehicle": grouped("vehicle", problem.vehicles, R.admits_vehicle,
                           lambda v: (v.seats, v.licence, v.features & features),
                           lambda v: False),
    }


class DayModel:
    """The CP-SAT model of one day: variables, every rule posted, and score terms.

    Variables exist only for pairs every rule admits: ``x`` (how many of a learner
    group are on an assignment), ``y`` (the same for supervisors), ``u`` (for vehicles),
    ``st`` (staffed). A group of one gets a 0/1 variable. Drivers are not variables:
    Hall's condition on licences (in ``Transport.post``) guarantees a driver per
    vehicle, and ``assign_drivers`` picks them afterwards.
    """

    def __init__(self, problem: Problem, day: str, *, relax_mandatory: bool = False,
                 diagnose: bool = False, pinned_drivers: dict | None = None,
                 placements=frozenset(), separate=frozenset(), by_goals: bool = True):
        self.problem, self.day = problem, day
        self.relax_mandatory, self.diagnose = relax_mandatory, diagnose
        self.cp = cp_model.CpModel()
        self.assignments: tuple[Assignment, ...] = problem.on_day(day)
        self.guards: dict[tuple, cp_model.IntVar] = {}
        self.pinned_drivers = pinned_drivers or {}  # aid -> {vid: pid}
        separate = (set(separate) | {pid for d in self.pinned_drivers.values() for pid in d.values()}
                    | {vid for d in self.pinned_drivers.values() for vid in d})
        self.groups = groups_of_day(problem, day, placements=placements, separate=separate, by_goals=by_goals)
        self.capacity = {(g.kind, g.id): g.size for gs in self.groups.values() for g in gs}
        self.st, self.x, self.y, self.u = {}, {}, {}, {}
        self._xs, self._ys, self._us = {}, {}, {}
        self.x_of_person, self.y_of_person, self.u_of_vehicle = (defaultdict(list), defaultdict(list),
                                                                 defaultdict(list))
        admits = {"learner": R.admits_learner, "supervisor": R.admits_supervisor, "vehicle": R.admits_vehicle}
        for a in self.assignments:
            self.st[a.id] = self.cp.new_bool_var(f"staffed[{a.id}]")
            for kind, table, pairs, of, prefix in (
                    ("learner", self.x, self._xs, self.x_of_person, "x"),
                    ("supervisor", self.y, self._ys, self.y_of_person, "y"),
                    ("vehicle", self.u, self._us, self.u_of_vehicle, "u")):
                most = a.max_learners if kind == "learner" else None
                pairs[a.id] = [(g, self._var(table, g, a, prefix, most)) for g in self.groups[kind]
                               if admits[kind](problem, g.members[0], a)]
                for g, v in pairs[a.id]:
                    of[g.id].append((a, v))
        for rule in R.RULES:
            rule.post(self)
        self._redundant()
        self.all_vars = ([self.st[a.id] for a in self.assignments] + list(self.x.values())
                         + list(self.y.values()) + list(self.u.values()))

    def _var(self, table, group, a, prefix, most=None):
        name = f"{prefix}[{group.id},{a.id}]"
        top = group.size if most is None else min(group.size, most)
        v = self.cp.new_bool_var(name) if group.size == 1 else self.cp.new_int_var(0, top, name)
        table[(group.id, a.id)] = v
        return v

    # accessors the rules use: (group, count variable) pairs per assignment
    def xs(self, a): return [v for _, v in self._xs[a.id]]
    def ys(self, a): return [v for _, v in self._ys[a.id]]
    def us(self, a): return [v for _, v in self._us[a.id]]
    def xs_with_learner(self, a): return self._xs[a.id]
    def ys_with_supervisor(self, a): return self._ys[a.id]
    def us_with_vehicle(self, a): return self._us[a.id]

    def how_many(self, pairs) -> int:
        """How many people or vehicles a list of (group, variable) pairs stands for."""
        return sum(g.size for g, _ in pairs)

    def member_vars(self, a):
        """(person group, count variable) for everyone who may be in the crew of ``a``."""
        return list(self._ys[a.id]) + list(self._xs[a.id])

    def drivers(self, a, vehicle):
        """(person group, count variable) for the possible crew members who may drive ``vehicle``."""
        return [(p, v) for p, v in self.member_vars(a) if R.can_drive(p, vehicle)]

    def guard(self, rule: str, aid: str | None, detail) -> list:
        """Enforcement literals for a rule group: none normally, one assumption when diagnosing."""
        if not self.diagnose:
            return []
        key = (rule, aid, detail)
        if key not in self.guards:
            self.guards[key] = self.cp.new_bool_var(f"guard{key}")
        return [self.guards[key]]

    def _redundant(self):
        """Capacity cuts that the rules imply but that help the search prove bounds."""
        if self.diagnose:
            return
        for a in self.assignments:
            xs = self.xs(a)
            if not xs:
                continue
            # Ratio and seats with coefficients capped at what the crew can use: same integer
            # solutions, a much tighter LP (a supervisor for 8 adds only 4 to a crew of at most 4).
            self.cp.add(sum(xs) <= sum(min(s.max_learners, a.max_learners) * v
                                       for s, v in self._ys[a.id]))
            if a.min_supervisors:  # a staffed crew then has a supervisor, as the cut assumes
                self._one_or_two(sum(xs), a.max_learners, a, [(s.max_learners, v) for s, v in self._ys[a.id]])
            if a.offsite:
                ms = a.min_supervisors
                cap = a.max_learners + ms
                self.cp.add(sum(xs) + ms * self.st[a.id]
                            <= sum(min(veh.seats, cap) * u for veh, u in self._us[a.id]))
                self._one_or_two(sum(xs) + ms * self.st[a.id], cap, a,
                                 [(veh.seats, u) for veh, u in self._us[a.id]])
        blocks = sorted({b for a in self.assignments for b in a.blocks})
        for b in blocks:
            for domain in sorted({a.domain for a in self.assignments}):
                here = [a for a in self.assignments if b in a.blocks and a.domain == domain]
                # Learners placed in a block never exceed the learners free then.
                people = {g.id: g.size for a in here for g, _ in self._xs[a.id]}
                xs = [v for a in here for v in self.xs(a)]
                if xs:
                    self.cp.add(sum(xs) <= sum(people.values()))
                sups = {g.id: g.size for a in here for g, _ in self._ys[a.id]}
                st = [self.st[a.id] * a.min_supervisors for a in here if a.min_supervisors]
                if st:
                    self.cp.add(sum(st) <= sum(sups.values()))

    def _one_or_two(self, need, cap, a, givers):
        """A crew needing more than ``t`` takes one giver of more than ``t``, or at least two.

        ``givers`` are (capacity, count variable) pairs: supervisors with their
        max_learners, vehicles with their seats. For each capacity ``t`` below the crew's
        ``cap``: need - t <= (cap - t) * (#givers above t + #givers beyond the first).
        Valid for every plan whose staffed crew has at least one giver, and it stops the LP from sharing a fraction of one big van or
        of a spare supervisor among many crews, which kept large days' bounds loose.
        """
        st = self.st[a.id]
        total = sum(v for _, v in givers)
        for t in sorted({min(c, cap) for c, _ in givers}):
            if 0 < t < cap:
                above = sum(v for c, v in givers if c > t)
                self.cp.add(need - t * st <= (cap - t) * (above + total - st))

    def score_terms(self):
        """The SPEC levels as ``(name, terms)``."""
        return [(level.name, level.terms(self)) for level in LEVELS]

    def crews(self, values) -> list[Crew]:
        """The crews of a solution given ``values(var) -> int``."""
        learners = self._name(self.x_of_person, "learner", values)
        sups = self._name(self.y_of_person, "supervisor", values)
        vehicles = self._name(self.u_of_vehicle, "vehicle", values)
        out = []
        for a in self.assignments:
            if not values(self.st[a.id]):
                continue
            ls, ss = tuple(sorted(learners[a.id])), tuple(sorted(sups[a.id]))
            vs = [self.problem.vehicle[v] for v in sorted(vehicles[a.id])]
            out.append(Crew(a.id, ls, ss, assign_drivers(self.problem, vs, ss + ls,
                                                         self.pinned_drivers.get(a.id, {}))))
        return out

    def _name(self, of_group, kind, values) -> dict[str, list[str]]:
        """Turn each group's counts into named members, none in two crews at once.

        Blocks are an interval order (``groups_of_day`` checks it), so handing out the
        assignments by first block, each to members free since before it, always
        succeeds when no block's count exceeds the group (interval colouring).
        """
        order = {b.id: i for i, b in enumerate(self.problem.blocks)}
        named: dict[str, list[str]] = defaultdict(list)
        for g in self.groups[kind]:
            jobs = sorted(((min(order[b] for b in a.blocks), i, a, int(values(v)))
                           for i, (a, v) in enumerate(of_group[g.id])), key=lambda j: j[:2])
            busy_until = {x.id: -1 for x in g.members}
            for start, _, a, count in jobs:
                chosen = [xid for xid in busy_until if busy_until[xid] < start][:count]
                for xid in chosen:
                    busy_until[xid] = max(order[b] for b in a.blocks)
                named[a.id].extend(chosen)
        return named


def assign_drivers(problem: Problem, vehicles, members: Sequence[str], pinned: dict) -> tuple[VehicleUse, ...]:
    """Match each vehicle to a licensed crew member (supervisors first), by augmenting paths."""
    vehicles = sorted(vehicles, key=lambda v: v.id)
    match: dict[str, str] = {}  # person -> vehicle id
    for vid, pid in pinned.items():
        match[pid] = vid
    fixed = set(pinned.values())

    def augment(veh, seen) -> bool:
        for pid in members:
            p = problem.person(pid)
            if pid in seen or pid in fixed or p is None or not R.can_drive(p, veh):
                continue
            seen.add(pid)
            if pid not in match or augment(problem.vehicle[match[pid]], seen):
                match[pid] = veh.id
                return True
        return False

    for veh in vehicles:
        if veh.id not in pinned:
            augment(veh, set())
    driver_of = {vid: pid for pid, vid in match.items()}
    return tuple(VehicleUse(v.id, driver_of.get(v.id)) for v in vehicles)


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, run: "_Run", m: DayModel, level: int, exprs):
        super().__init__()
        self.run, self.m, self.level, self.exprs = run, m, level, exprs

    def on_solution_callback(self):
        if self.run.stopped():
            self.stop_search()
        if self.run.on_progress is None:
            return
        values = [int(self.value(e)) for e in self.exprs]
        self.run.report(self.m.day, values, self.level, int(self.best_objective_bound))


class _Run:
    """State shared by the day solves of one ``solve`` call: clock, hooks, progress."""

    def __init__(self, problem, time_limit, workers, on_progress, stop):
        self.problem, self.start = problem, time.monotonic()
        self.deadline = self.start + max(0.01, float(time_limit))
        self.workers = workers if workers else max(8, os.cpu_count() or 1)
        self.explicit_workers = bool(workers)
        self.on_progress, self._stop = on_progress, stop
        self.day_score: dict[str, list] = {}
        self.day_bound: dict[str, list] = {}
        self.first_plan_at: float | None = None

    def stopped(self) -> bool:
        if self._stop is None:
            return False
        if isinstance(self._stop, threading.Event):
            return self._stop.is_set()
        return bool(self._stop())

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def report(self, day, values, level, bound):
        self.day_score[day] = values[-4:]
        bounds = list(self.day_bound.get(day, [None] * len(values)))
        if level < len(bounds):
            bounds[level] = bound
        self.day_bound[day] = bounds
        if self.on_progress is None:
            return
        score = tuple(sum(s[i] for s in self.day_score.values()) for i in range(4))
        bound = []
        for i in range(4):
            parts = [b[len(b) - 4 + i] for b in self.day_bound.values()]
            done = len(self.day_bound) == len(self.problem.days)
            bound.append(sum(parts) if done and None not in parts else None)
        self.on_progress(score, tuple(bound), self.elapsed())

    def solver(self, seconds: float, size: int = 0) -> cp_model.CpSolver:
        s = cp_model.CpSolver()
        s.parameters.max_time_in_seconds = max(0.01, seconds)
        s.parameters.num_workers = self.workers
        if size > BIG_MODEL:
            # On big days presolve and symmetry detection cost seconds before the first
            # plan; the model is already tight, so skip them (large-1: first plan 1 s, not 6 s).
            s.parameters.cp_model_presolve = False
            s.parameters.symmetry_level = 0
            if not self.explicit_workers:
                s.parameters.num_workers = 2
        s.parameters.random_seed = SEED
        if self.workers == 1:
            s.parameters.interleave_search = False
        return s

    def solve(self, model, seconds, callback=None):
        """Solve with a watcher that honours ``stop`` even while the solver is proving."""
        s = self.solver(seconds, len(model.proto.variables))
        done = threading.Event()
        watcher = None
        if self._stop is not None:
            def watch():
                while not done.wait(0.05):
                    if self.stopped():
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


def _expr(terms):
    return sum(c * v for c, v in terms) if terms else 0


def optimise(run: _Run, m: DayModel, levels, deadline: float, assumptions=()):
    """Maximise ``levels`` lexicographically on ``m``.

    Returns ``(status, crews, values, bounds, proven)`` where status is ``"ok"``,
    ``"infeasible"`` (proven, with the solver kept for its core) or ``"unknown"``.
    """
    m.cp.clear_assumptions()
    if assumptions:
        m.cp.add_assumptions(list(assumptions))
    exprs = [_expr(t) for _, t in levels]
    values, bounds, hint, proven, solved_any = [], [], None, True, False
    for k, (name, terms) in enumerate(levels):
        m.cp.clear_objective()
        m.cp.clear_hints()
        if hint is not None:
            for var, val in hint:
                m.cp.add_hint(var, val)
        if not terms and hint is not None:
            values.append(0), bounds.append(0)
            continue
        m.cp.maximize(exprs[k])
        remaining = deadline - time.monotonic()
        last = k == len(levels) - 1
        seconds = remaining if last else max(0.05, remaining * 0.7)
        s, status = run.solve(m.cp, seconds, _Callback(run, m, k, exprs))
        if status == cp_model.INFEASIBLE:
            return "infeasible", s, None, None, False
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solved_any = True
            value = int(round(s.objective_value))
            bound = int(round(s.best_objective_bound))
            proven = proven and status == cp_model.OPTIMAL
            hint = [(var, s.value(var)) for var in m.all_vars]
            crews_values = {var.index: val for var, val in hint}
        elif hint is not None:  # no time left: keep the previous level's solution
            value = sum(c * crews_values[v.index] for c, v in terms)
            bound = None
            proven = False
        else:
            return "unknown", None, None, None, False
        values.append(value)
        bounds.append(bound)
        if _DEBUG:
            print(f"[{m.day}] level {name}: {value} bound {bound} status {status} "
                  f"{s.wall_time:.2f}s", file=sys.stderr)
        m.cp.add(exprs[k] >= value)
    if not solved_any:
        return "unknown", None, None, None, False
    crews = m.crews(lambda var: crews_values[var.index])
    return "ok", crews, values, bounds, proven


# ---------------------------------------------------------------- pins and previous plans

def _normalise_pins(pins) -> tuple[Pin, ...]:
    items = []
    for p in pins:
        items.append(p if isinstance(p, Pin) else pins_from_json({"pins": [p]})[0])
    return tuple(items)


def _pin_refusal(problem: Problem, pin: Pin) -> PinConflict | None:
    """Why a pin on its own breaks a hard rule, or None."""
    a = problem.assignment[pin.assignment]
    name = assignment_nl(a)
    if pin.unstaffed:
        if a.mandatory:
            return PinConflict(pin, f"{a.id} is mandatory and cannot stay unstaffed (staffing)",
                               f"{name} is verplicht en kan niet onbemand blijven (regel bemanning).")
        return None
    if pin.learner is not None or pin.supervisor is not None:
        kind = "learner" if pin.learner is not None else "supervisor"
        pid = pin.learner or pin.supervisor
        x = problem.learner[pid] if kind == "learner" else problem.supervisor[pid]
        refused = R.refusing_rules(problem, kind, x, a)
        if refused:
            return PinConflict(pin, f"{pid} cannot work {a.id}: breaks {', '.join(refused)}",
                               f"{x.name} kan niet op {name}: regel "
                               f"{', '.join(R.RULE_NL[r] for r in refused)}.")
        return None
    veh = problem.vehicle[pin.vehicle]
    refused = R.refusing_rules(problem, "vehicle", veh, a)
    if refused:
        return PinConflict(pin, f"{veh.id} cannot go with {a.id}: breaks {', '.join(refused)}",
                           f"{veh.name} kan niet mee met {name}: regel "
                           f"{', '.join(R.RULE_NL[r] for r in refused)}.")
    if pin.driver is not None:
        p = problem.person(pin.driver)
        kind = "learner" if pin.driver in problem.learner else "supervisor"
        refused = R.refusing_rules(problem, kind, p, a)
        if not R.can_drive(p, veh):
            refused.append("transport")
        if refused:
            return PinConflict(pin, f"{p.id} cannot drive {veh.id} on {a.id}: breaks {', '.join(refused)}",
                               f"{p.name} kan {veh.name} niet rijden op {name}: regel "
                               f"{', '.join(R.RULE_NL[r] for r in refused)}.")
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
    """Who moves where between a previous plan and new crews, in English and Dutch."""
    before, after = defaultdict(list), defaultdict(list)
    for c in previous.crews:
        for p in c.learners + c.supervisors:
            before[p].append(c.assignment)
    for c in crews:
        for p in c.learners + c.supervisors:
            after[p].append(c.assignment)

    def names(aids):
        return " en ".join(assignment_nl(problem.assignment[x]) if x in problem.assignment else x for x in aids)

    out = []
    for pid in sorted(set(before) | set(after)):
        b, a = tuple(sorted(before[pid])), tuple(sorted(after[pid]))
        if b == a:
            continue
        who = person_nl(problem, pid)
        if not a:
            en, nl = f"{pid} dropped from {', '.join(b)}", f"{who} valt weg uit {names(b)}."
        elif not b:
            en, nl = f"{pid} added to {', '.join(a)}", f"{who} komt erbij op {names(a)}."
        else:
            en = f"{pid} moves from {', '.join(b)} to {', '.join(a)}"
            nl = f"{who} gaat van {names(b)} naar {names(a)}."
        out.append(Move(pid, b, a, en, nl))
    return tuple(out)


# ---------------------------------------------------------------- infeasible days

def explain_day(run: _Run, problem: Problem, day: str, seconds: float, pinned_drivers, pin_lits_of=None,
                separate=frozenset()) -> list[str]:
    """Dutch reasons why the mandatory work of ``day`` cannot all be staffed, from a minimised core."""
    m = DayModel(problem, day, diagnose=True, pinned_drivers=pinned_drivers, separate=separate)
    extra = pin_lits_of(m) if pin_lits_of else {}
    keys = list(m.guards)
    lits = [m.guards[k] for k in keys] + list(extra.values())
    names = keys + [("pin", p.assignment, p) for p in extra]
    deadline = time.monotonic() + seconds

    def core_of(indices):
        m.cp.clear_assumptions()
        m.cp.add_assumptions([lits[i] for i in indices])
        s, status = run.solve(m.cp, max(0.05, deadline - time.monotonic()))
        if status != cp_model.INFEASIBLE:
            return None
        found = set(s.sufficient_assumptions_for_infeasibility())
        return [i for i in indices if lits[i].index in found] or list(indices)

    out: list[str] = []
    indices = list(range(len(lits)))
    for _ in range(12):  # one minimal core at a time, then set its mandatory work aside
        core = core_of(indices)
        if core is None:
            break
        # Deletion-based minimisation: drop each assumption the rest stays infeasible without.
        i = 0
        while i < len(core) and time.monotonic() < deadline:
            trial = core[:i] + core[i + 1:]
            smaller = core_of(trial) if trial else None
            if smaller is not None:
                core = [j for j in core if j in set(smaller)]
            else:
                i += 1
        out.extend(r for r in _core_reasons(problem, m, day, [names[j] for j in core]) if r not in out)
        released = {j for j in core if names[j][0] in ("mandatory", "pin")}
        if not released or time.monotonic() >= deadline:
            break
        indices = [j for j in indices if j not in released]
    return out


def _core_reasons(problem: Problem, m: DayModel, day: str, core_names) -> list[str]:
    """Dutch sentences for one minimal infeasible set of rule groups."""
    groups = defaultdict(lambda: defaultdict(set))
    shared = defaultdict(set)
    for rule, aid, detail in core_names:
        if aid is None:
            shared[rule].add(detail)
        else:
            groups[aid][rule].add(detail)
    by_code = {r.code: r for r in R.RULES}
    mandatory = [a for a in problem.on_day(day) if "mandatory" in groups.get(a.id, {})]
    out = []
    for a in problem.on_day(day):
        if a.id not in groups:
            continue
        for rule, details in groups[a.id].items():
            if rule in by_code:
                out.extend(by_code[rule].explain_nl(problem, m, a, details))
            elif rule == "pin":
                out.extend(f"{assignment_nl(a)}: de vastgezette keuze ({p.to_json()}) laat dit niet toe."
                           for p in details)
    if len(mandatory) > 1 or shared:
        resources = {"learner": "leerwerknemers", "supervisor": "begeleiders", "vehicle": "wagens"}
        what = sorted({resources[kind] for kind, _ in shared.get("one_place", set())}) or ["mensen of wagens"]
        out.append("Deze verplichte opdrachten kunnen niet allemaal tegelijk bemand worden, want er zijn te "
                   f"weinig geschikte {' en '.join(what)}: "
                   + "; ".join(assignment_nl(a) for a in mandatory) + ".")
    elif not out and mandatory:
        out.append(f"{assignment_nl(mandatory[0])} kan met de aanwezige mensen en wagens niet bemand worden.")
    return out


# ---------------------------------------------------------------- the entry point

def solve(problem: Problem, *, time_limit: float = 30.0, previous: Plan | None = None,
          pins: Iterable = (), on_progress: ProgressHook | None = None, workers: int | None = None,
          stop: threading.Event | Callable[[], bool] | None = None) -> Plan:
    """Plan ``problem``: the lexicographically best valid plan found within ``time_limit`` seconds.

    Args:
        previous: a plan to stay close to; its placements (person -> assignment) are kept
            as much as possible before the SPEC score counts. ``moves`` lists the changes.
        pins: :class:`Pin` s (or PINS.json entries) to honour; ones that break a hard rule,
            alone or together, are listed in ``pin_conflicts`` and left out.
        on_progress: called as ``on_progress(score, bound, elapsed_seconds)`` on every
            improving solution; ``score`` is the 4-level SPEC score of the plan so far,
            ``bound`` per level an upper bound or None while unknown.
        workers: CP-SAT workers; 1 gives a deterministic plan.
        stop: an Event or a callable; when set/true the search stops and the best plan so
            far is returned (status ``feasible``).
    """
    pins = _normalise_pins(pins)
    check_pins(problem, pins)
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

    crews_by_day, statuses, explanation = {}, [], []
    day_values, day_bounds = [], []
    days = list(problem.days)
    weights = {d: 1 + len(problem.on_day(d)) for d in days}
    for n, day in enumerate(days):
        remaining = run.deadline - time.monotonic()
        share = remaining * weights[day] / sum(weights[d] for d in days[n:])
        day_deadline = time.monotonic() + max(0.05, share)
        day_pins = [p for p in active if problem.assignment[p.assignment].day == day]
        status, crews, values, bounds, proven, dropped, reasons = _solve_day(
            run, problem, day, day_deadline, day_pins, placements)
        conflicts.extend(dropped)
        crews_by_day[day] = crews
        statuses.append(status if status != "ok" else ("optimal" if proven else "feasible"))
        explanation.extend(reasons)
        day_values.append(values)
        day_bounds.append(bounds)

    crews = [c for day in days for c in crews_by_day[day]]
    order = {a.id: i for i, a in enumerate(problem.assignments)}
    crews.sort(key=lambda c: order[c.assignment])
    if "infeasible" in statuses:
        status = "infeasible"
    elif "unknown" in statuses:
        status = "infeasible"  # no plan found in time; explanation says so
    elif all(s == "optimal" for s in statuses) and not run.stopped():
        status = "optimal"
    else:
        status = "feasible"
    bound = None
    if all(b is not None and None not in b[-4:] for b in day_bounds):
        bound = tuple(sum(b[-4:][i] for b in day_bounds) for i in range(4))
    plan = Plan(instance=problem.name, status=status, crews=tuple(crews), explanation=tuple(explanation),
                pin_conflicts=tuple(conflicts), score=score_of(problem, crews), bound=bound)
    if previous is not None:
        plan = replace(plan, moves=moves_between(problem, previous, crews))
    return plan


def _solve_day(run: _Run, problem: Problem, day: str, deadline: float, pins: list[Pin], placements):
    """Solve one day; returns (status, crews, values, bounds, proven, dropped pins, reasons)."""
    dropped: list[PinConflict] = []
    active = list(pins)
    prefix = [("keep", None)] if placements else []

    def build(relax):
        drivers = defaultdict(dict)
        for p in active:
            if p.vehicle is not None and p.driver is not None:
                drivers[p.assignment][p.vehicle] = p.driver
        m = DayModel(problem, day, relax_mandatory=relax, pinned_drivers=drivers, placements=placements,
                     separate=_pinned_people(active))
        levels = []
        if relax:
            levels.append(("mandatory", [(1, m.st[a.id]) for a in m.assignments if a.mandatory]))
        if placements:
            levels.append(("keep", _keep_terms(m, placements)))
        levels += m.score_terms()
        lits = {p: _pin_literal(m, p) for p in active}
        return m, levels, lits

    def attempt(relax):
        nonlocal active
        while True:
            m, levels, lits = build(relax)
            result = optimise(run, m, levels, deadline, assumptions=list(lits.values()))
            if result[0] != "infeasible" or not lits:
                return m, result, lits
            s = result[1]
            core = set(s.sufficient_assumptions_for_infeasibility())
            bad = [p for p, lit in lits.items() if lit.index in core]
            if not bad:
                return m, result, lits
            if not relax:
                # Is the day infeasible without these pins too? Then the pins are not to blame.
                m2, levels2, _ = build(relax)
                m2.cp.clear_assumptions()
                s2, st2 = run.solve(m2.cp, max(0.05, deadline - time.monotonic()))
                if st2 == cp_model.INFEASIBLE:
                    return m, result, lits
            for p in bad:
                dropped.append(PinConflict(
                    p, f"pin on {p.assignment} conflicts with other pins or the hard rules",
                    f"De vastgezette keuze op {assignment_nl(problem.assignment[p.assignment])} "
                    f"kan niet samen met de andere vastgezette keuzes of de regels."))
            active = [p for p in active if p not in bad]

    m, result, lits = attempt(relax=False)
    status = result[0]
    if status == "ok":
        _, crews, values, bounds, proven = result
        run.first_plan_at = run.first_plan_at or run.elapsed()
        return "ok", crews, values, bounds, proven, dropped, []
    # Infeasible (proven) or nothing found in time: staff as many mandatory assignments as possible.
    reasons = []
    if status == "infeasible":
        left = deadline - time.monotonic()
        pin_drivers = defaultdict(dict)
        for p in active:
            if p.vehicle is not None and p.driver is not None:
                pin_drivers[p.assignment][p.vehicle] = p.driver
        reasons = explain_day(run, problem, day, max(1.0, min(10.0, left * 0.3)), pin_drivers,
                              lambda dm: {p: _pin_literal(dm, p) for p in active}, _pinned_people(active))
    active_before = list(active)
    m, result, lits = attempt(relax=True)
    _, crews, values, bounds, proven = result if result[0] == "ok" else ("", [], None, None, False)
    if status == "unknown":
        staffed = {c.assignment for c in crews}
        if all(a.id in staffed for a in problem.on_day(day) if a.mandatory):
            return "ok", crews, values, bounds, False, dropped, []
        reasons = [f"Binnen de tijdslimiet is voor {day} geen volledig plan gevonden (niet bewezen onmogelijk)."]
        return "unknown", crews, values, bounds, False, dropped, reasons
    del active_before
    return "infeasible", crews, values, bounds, proven, dropped, reasons
