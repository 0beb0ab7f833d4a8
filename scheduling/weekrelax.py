"""A relaxation of the week for bounds: every learner their own variable, supervisors and vans as counts.

The week model's LP bounds on fairness and goals are weak, and its search seldom closes them:
it carries every supervisor and van. This model keeps what the learner levels read (who works
which assignment on which day, rules 1-4, 6, 7 and 9 for learners exactly) and replaces the
supervisors and vans by what they allow in each block: the crews of a set of domains need
``min_supervisors`` supervisors of those domains and hold at most their ``max_learners`` (rules
2, 3, 4 and 5, Hall's condition per set of domains), and off-site crews need a van each and seats
(rule 8). Every plan of the week maps onto a solution of it with the same placed, priority,
fairness and goals, so its optimum (and any bound CP-SAT proves on it) is an upper bound for
the week, level by level, given the levels before held as in the week model.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from ortools.sat.python import cp_model

from . import rules as R
from .model import Problem


class WeekRelaxation:
    """The relaxed week of a whole-week ``problem`` (no fixed days, no pins)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        cp = self.cp = cp_model.CpModel()
        self.st: dict[tuple[str, str], cp_model.IntVar] = {}  # (assignment, day)
        self.x: dict[tuple[str, str, str], cp_model.IntVar] = {}  # (learner, assignment, day)
        self.members: dict[tuple[str, str], list] = {}  # (assignment, day) -> learners' variables
        copies = defaultdict(list)
        for d in problem.days:
            here = problem.may_happen_on(d)
            for a in here:
                st = self.st[(a.id, d)] = cp.new_bool_var(f"st[{a.id},{d}]")
                copies[a.id].append(st)
                xs = []
                for l in problem.learners:
                    if R.admits_learner(problem, l, a):
                        v = self.x[(l.id, a.id, d)] = cp.new_bool_var(f"x[{l.id},{a.id},{d}]")
                        cp.add_implication(v, st)
                        xs.append((l, v))
                self.members[(a.id, d)] = [v for _, v in xs]
                cp.add(sum(v for _, v in xs) <= a.max_learners * st)
                if a.min_learners:
                    cp.add(sum(v for _, v in xs) >= a.min_learners * st)
                for cert, need in a.certificates:
                    if need > 0:
                        cp.add(sum(v for l, v in xs if cert in l.certificates) >= need * st)
                ids = {l.id: v for l, v in xs}
                for l, v in xs:
                    for o in l.avoid:
                        if o in ids and (o not in problem.learner or l.id < o or l.id not in problem.learner[o].avoid):
                            cp.add_bool_or([v.Not(), ids[o].Not()])
            self._blocks(d, here)
        for a in problem.assignments:
            if a.mandatory:
                cp.add(sum(copies[a.id]) == 1)
            elif len(copies[a.id]) > 1:
                cp.add(sum(copies[a.id]) <= 1)
        self.by_learner = defaultdict(list)  # learner -> [(blocks, assignment, variable)]
        for (lid, aid, d), v in self.x.items():
            self.by_learner[lid].append((len(problem.assignment[aid].blocks), problem.assignment[aid], v))

    def _blocks(self, d: str, here) -> None:
        """Per block of day ``d``: each learner in one place; what supervisors and vans allow."""
        cp, problem = self.cp, self.problem
        for b in problem.blocks:
            covering = [a for a in here if b.id in a.blocks]
            if not covering:
                continue
            for l in problem.learners:
                vs = [self.x[(l.id, a.id, d)] for a in covering if (l.id, a.id, d) in self.x]
                if len(vs) > 1:
                    cp.add_at_most_one(vs)
            crew = lambda a: sum(self.members[(a.id, d)])
            domains = sorted({a.domain for a in covering})
            for k in range(1, len(domains) + 1):
                for subset in combinations(domains, k):
                    jobs = [a for a in covering if a.domain in subset]
                    sups = [s for s in problem.supervisors if any(R.admits_supervisor(problem, s, a) for a in jobs)]
                    # Rules 2-4: each crew its min_supervisors, each supervisor in one crew, of their domain.
                    cp.add(sum(a.min_supervisors * self.st[(a.id, d)] for a in jobs) <= len(sups))
                    # Rule 5: a crew's learners at most its supervisors' max_learners together.
                    cp.add(sum(crew(a) for a in jobs) <= sum(s.max_learners for s in sups))
            away = [a for a in covering if a.offsite]
            if away:
                vans = [v for v in problem.vehicles if any(R.admits_vehicle(problem, v, a) for a in away)]
                cp.add(sum(self.st[(a.id, d)] for a in away) <= len(vans))
                # Seats: every member of an off-site crew rides (learners and at least min_supervisors).
                cp.add(sum(crew(a) + a.min_supervisors * self.st[(a.id, d)] for a in away)
                       <= sum(v.seats for v in vans))
                for f in sorted({f for a in away for f in a.vehicle_features}):
                    cp.add(sum(self.st[(a.id, d)] for a in away if f in a.vehicle_features)
                           <= sum(1 for v in vans if f in v.features))

    # ------------------------------------------------------------ the levels

    def placed(self):
        return sum(n * v for lid in self.by_learner for n, _, v in self.by_learner[lid])

    def priority(self):
        return sum(a.priority * len(a.blocks) * self.st[(a.id, d)] for (aid, d) in self.st
                   for a in [self.problem.assignment[aid]] if not a.mandatory)

    def fairness(self):
        """-Σ idle², with idle² as the largest of its tangents (as ``WeekModel.fairness_terms``)."""
        terms = []
        for l in self.problem.learners:
            if l.slots == 0:
                continue
            worked = sum(n * v for n, _, v in self.by_learner[l.id])
            sq = self.cp.new_int_var(0, l.slots ** 2, f"sq[{l.id}]")
            for k in range(l.slots):
                self.cp.add(sq >= (2 * k + 1) * (l.slots - worked) - k * (k + 1))
            terms.append(sq)
        return -sum(terms)

    def goals(self):
        terms = []
        for l in self.problem.learners:
            for g in l.goals:
                if g.weight == 0 or g.per_week == 0:
                    continue
                twins = sum(1 for h in l.goals if h.competency == g.competency)
                rows = [twins * n * v for n, a, v in self.by_learner[l.id] if g.competency in a.trains]
                if not rows:
                    continue
                p = self.cp.new_int_var(0, g.per_week, f"p[{l.id},{g.competency}]")
                self.cp.add(p <= sum(rows))
                terms.append(g.weight * p)
        return sum(terms)


def relaxed_bound(problem: Problem, level: str, held: dict, seconds: float, workers: int = 1) -> int | None:
    """An upper bound on ``level`` (``fairness`` or ``goals``) over week plans that hold the earlier
    levels as ``held`` says: ``{level: (value, proven)}`` (proven: exactly that value, else at least).
    None when the relaxation finds no bound in time."""
    w = WeekRelaxation(problem)
    exprs = {"placed": w.placed, "priority": w.priority, "fairness": w.fairness, "goals": w.goals}
    for name, (value, proven) in held.items():
        e = exprs[name]()
        w.cp.add(e == value if proven else e >= value)
    w.cp.maximize(exprs[level]())
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.05, seconds)
    s.parameters.num_workers = workers
    s.parameters.linearization_level = 2
    status = s.solve(w.cp)
    if status == cp_model.INFEASIBLE:
        return None  # cannot be with a valid plan in hand; say nothing
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return int(s.best_objective_bound)
