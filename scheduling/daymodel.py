"""The CP-SAT model of one day: groups of interchangeable people and vans, variables, rules, cuts.

Days are independent under SPEC.md (every rule and score term stays within one
day), so each day is its own model. ``solver.py`` decides what to optimise in it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from ortools.sat.python import cp_model

from . import rules as R
from .model import Assignment, Crew, Problem, VehicleUse
from .score import LEVELS


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
        """How many learners, supervisors or vehicles the group stands for."""
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
    ``by_goals``; placed and priority never read goals) and the same previous
    placements. Whoever is in an ``avoid`` pair or named in ``separate`` (pins) stays
    alone. Counting needs each assignment's blocks to form an interval, otherwise
    everyone stays alone (see ``DayModel._name``).
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

    Args:
        relax_mandatory: leave mandatory work optional (for the best partial plan of an
            infeasible day).
        diagnose: guard each rule group with an assumption literal (see ``guard``).
        pinned_drivers: ``{assignment: {vehicle: driver}}`` fixed by pins.
        placements: ``(person, assignment)`` pairs of a previous plan (kept apart in groups).
        separate: ids of people and vehicles that must not be grouped (pins).
        by_goals: group learners by goal weights too; needed whenever learning is scored.
        cp: the CP-SAT model to add to (a week model holds all its days in one); default a new one.
    """

    def __init__(self, problem: Problem, day: str, *, relax_mandatory: bool = False,
                 diagnose: bool = False, pinned_drivers: dict | None = None,
                 placements=frozenset(), separate=frozenset(), by_goals: bool = True,
                 pinned_assignments=frozenset(), cp: cp_model.CpModel | None = None):
        self.problem, self.day = problem, day
        self.relax_mandatory, self.diagnose = relax_mandatory, diagnose
        self.cp = cp if cp is not None else cp_model.CpModel()  # a week model shares one across its days
        self.assignments: tuple[Assignment, ...] = problem.on_day(day)
        self.guards: dict[tuple, cp_model.IntVar] = {}
        self.pinned_drivers = pinned_drivers or {}  # aid -> {vid: pid}
        separate = (set(separate) | {pid for d in self.pinned_drivers.values() for pid in d.values()}
                    | {vid for d in self.pinned_drivers.values() for vid in d})
        self.groups = groups_of_day(problem, day, placements=placements, separate=separate, by_goals=by_goals)
        self.keep_apart = {aid for _, aid in placements} | set(pinned_assignments)
        self.capacity = {(g.kind, g.id): g.size for gs in self.groups.values() for g in gs}
        self.st, self.x, self.y, self.u = {}, {}, {}, {}
        self._xs, self._ys, self._us, self._top = {}, {}, {}, {}
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
        self._top[v.index] = top
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
        self._prefer_higher_priority(self.keep_apart)
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

    def _prefer_higher_priority(self, keep_apart) -> None:
        """Of assignments alike in all but priority, staff the higher-priority ones first.

        Two optional assignments that ask the same of a crew (domain, blocks, sizes,
        qualifications, transport) and train the same competencies score the same in every
        level but priority, so moving a crew from the lower to the higher one never makes a
        plan worse: some best plan staffs them in priority order. Saying so removes a
        symmetric search over which one of a set of equals to staff. Assignments named in
        ``keep_apart`` (pins, previous placements) are left out: moving their crew could cost.
        """
        alike = defaultdict(list)
        for i, a in enumerate(self.assignments):
            if not a.mandatory and a.id not in keep_apart:
                alike[(a.domain, a.blocks, a.min_learners, a.max_learners, a.min_supervisors, a.certificates,
                       a.min_levels, a.excluded_restrictions, a.vehicle_features, a.offsite, a.trains)
                      ].append((-a.priority, i, a))
        for same in alike.values():
            ordered = [a for _, _, a in sorted(same)]
            for higher, lower in zip(ordered, ordered[1:]):
                self.cp.add_implication(self.st[lower.id], self.st[higher.id])

    def _one_or_two(self, need, cap, a, givers):
        """A crew needing more than ``t`` takes one giver of more than ``t``, or at least two.

        ``givers`` are (capacity, count variable) pairs: supervisors with their
        max_learners, vehicles with their seats. For each capacity ``t`` below the crew's
        ``cap``: need - t <= (cap - t) * (#givers above t + #givers beyond the first).
        Valid for every plan whose staffed crew has at least one giver, and it stops
        the LP from sharing a fraction of one big van or of a spare supervisor among many
        crews, which kept large days' bounds loose (large-1: placed 273 -> the true 268).
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

    def hint(self, crews: Sequence[Crew]) -> list[tuple]:
        """(variable, value) for every variable, read from crews (of a coarser model or an older plan).

        Crews need not fit this model: CP-SAT repairs a hint that breaks a rule.
        """
        where: dict[str, set] = defaultdict(set)  # member id -> assignment ids
        staffed = set()
        for c in crews:
            staffed.add(c.assignment)
            for xid in c.learners + c.supervisors + tuple(u.vehicle for u in c.vehicles):
                where[xid].add(c.assignment)
        out = [(self.st[a.id], int(a.id in staffed)) for a in self.assignments]
        for kind, of_group in (("learner", self.x_of_person), ("supervisor", self.y_of_person),
                               ("vehicle", self.u_of_vehicle)):
            for g in self.groups[kind]:
                for a, v in of_group[g.id]:
                    count = sum(a.id in where[x.id] for x in g.members)
                    out.append((v, min(count, self._top[v.index])))
        return out


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
