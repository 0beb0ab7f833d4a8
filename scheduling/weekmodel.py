"""The CP-SAT model of a week (SPEC version 2): one day model per day in one CP-SAT model.

Every rule of version 1 stays within a day, so each day is a ``DayModel`` as before,
but all of them live in one ``CpModel`` because the week's objectives couple the days:

- a flexible assignment has a copy on each day of its window (``Problem.may_happen_on``)
  and at most one copy is staffed (exactly one when mandatory): rule 9 by construction;
- fairness (minus the sum over learners of idle²) and goals (practice capped per week)
  count each learner over the whole week, so in the exact model every learner is a
  variable of their own on every day; mentors stay alone too (the mentor level reads
  who supervises whom).

Placed and priority only count how many of a kind work where, so the coarse model
(``exact=False``) keeps the day models' groups of interchangeable learners: the same
optimum, far less symmetry. ``weeksolver`` solves those two levels there and the rest
in the exact model, holding the levels already solved: the result is exactly
lexicographic.

Replanning from a day on models only the days from then; the crews of the days before
are ``fixed``: their work and practice still count (constants in fairness and goals),
and the flexible assignments they staffed are done.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from ortools.sat.python import cp_model

from .daymodel import DayModel
from .model import Crew, Problem
from .score import MENTOR, PLACED, PRIORITY, VEHICLE_BLOCKS, practice


class WeekModel:
    """Day models of ``days`` in one CP-SAT model, with the week's links and score terms.

    Args:
        days: the days to plan (all, or from the replanning day on).
        fixed: crews of the days before (version 2 crews with ``day``), kept as they are.
        exact: every learner and mentor their own variable (needed by fairness, goals, mentor).
        relax_mandatory: mandatory work may stay unstaffed (a partial plan of an infeasible week).
        diagnose: guard each rule group with an assumption (explanations).
        placements: ``(person, assignment, day)`` of a previous plan, to keep.
        separate: people and vehicles never grouped (pins).
        pinned_drivers: ``{assignment: {vehicle: driver}}`` fixed by pins.
    """

    day = "week"  # how statistics and progress name this model

    def __init__(self, problem: Problem, days: Sequence[str], *, fixed: Sequence[Crew] = (), exact: bool = True,
                 relax_mandatory: bool = False, diagnose: bool = False, placements=frozenset(),
                 separate=frozenset(), pinned_drivers: dict | None = None, pinned_assignments=frozenset()):
        self.problem, self.plan_days, self.fixed = problem, tuple(days), tuple(fixed)
        self.relax_mandatory, self.diagnose, self.exact = relax_mandatory, diagnose, exact
        self.cp = cp_model.CpModel()
        done = {c.assignment for c in fixed}
        flexible = {a.id for a in problem.assignments if a.flexible}
        mentors = {l.mentor for l in problem.learners if l.mentor is not None}
        alone = set(separate) | ({l.id for l in problem.learners} | mentors if exact else set())
        self.days: dict[str, DayModel] = {}
        self.guards: dict[tuple, cp_model.IntVar] = {}  # (rule, assignment, detail, day) -> assumption
        for d in self.plan_days:
            here = tuple(a for a in problem.may_happen_on(d) if a.id not in done)
            day_problem = replace(problem, assignments=here)
            self.days[d] = DayModel(
                day_problem, d, relax_mandatory=True, diagnose=diagnose, pinned_drivers=pinned_drivers,
                placements=frozenset((p, a) for p, a, day in placements if day == d), separate=alone,
                by_goals=False, pinned_assignments=flexible | set(pinned_assignments), cp=self.cp)
        # Each assignment's copies: one for a fixed-day one, one per window day for a flexible one.
        self.copies: dict[str, list] = defaultdict(list)  # aid -> [staffed variable per day]
        for m in self.days.values():
            for a in m.assignments:
                self.copies[a.id].append(m.st[a.id])
        self.mandatory = [a.id for a in problem.assignments if a.mandatory and a.id not in done]
        for a in problem.assignments:
            sts = self.copies.get(a.id, [])
            if a.id in done:
                continue
            if a.mandatory and not relax_mandatory:
                lits = self.guard("mandatory", a.id, None)
                if not sts:  # its window lies before the replanning day, or no day is left for it
                    self.cp.add_bool_or([]).only_enforce_if(lits)
                else:
                    self.cp.add(sum(sts) == 1).only_enforce_if(lits)
            elif len(sts) > 1:
                self.cp.add(sum(sts) <= 1)
        self.base_vars = [v for m in self.days.values() for v in m.all_vars]
        self.one = self.cp.new_constant(1)  # carries the fixed days' share of a level
        self._aux: list[tuple] = [(self.one, lambda val: 1)]  # (variable, its value given base values)
        self.groups = {kind: [g for m in self.days.values() for g in m.groups[kind]]
                       for kind in ("learner", "supervisor", "vehicle")}
        for d, m in self.days.items():
            for (rule, aid, detail), lit in m.guards.items():
                self.guards[(rule, aid, detail, d)] = lit
        self._fairness = self._goals = self._mentor = None
        if exact:  # made now, so that every solution and hint covers them
            self.fairness_terms(), self.goal_terms(), self.mentor_terms()
        self.all_vars = self.base_vars + [v for v, _ in self._aux]

    def guard(self, rule: str, aid: str | None, detail) -> list:
        """An assumption literal for a week-wide rule group when diagnosing, else none."""
        if not self.diagnose:
            return []
        key = (rule, aid, detail, None)
        if key not in self.guards:
            self.guards[key] = self.cp.new_bool_var(f"guard{key}")
        return [self.guards[key]]

    # ------------------------------------------------------------ who works where

    def learner_vars(self, lid: str):
        """(day, assignment, variable) for every place learner ``lid`` may work (exact model)."""
        out = []
        for d, m in self.days.items():
            for a, v in m.x_of_person.get(lid, []):
                out.append((d, a, v))
        return out

    def staffed(self, aid: str) -> list:
        """The staffed variables of an assignment's copies (one per day it may happen on)."""
        return self.copies.get(aid, [])

    # ------------------------------------------------------------ score terms

    def level_terms(self, name: str) -> list:
        """``(coefficient, variable)`` terms of a SPEC version 2 level, or of ``mandatory``."""
        if name in ("placed", "priority", "-vehicle_blocks"):
            level = {"placed": PLACED, "priority": PRIORITY, "-vehicle_blocks": VEHICLE_BLOCKS}[name]
            return [t for m in self.days.values() for t in level.terms(m)]
        if name == "mandatory":
            return [(1, v) for aid in self.mandatory for v in self.copies.get(aid, [])]
        if not self.exact:  # a coarse model cannot say (only reached when time ran out before the exact one)
            return []
        if name == "fairness":
            return self.fairness_terms()
        if name == "goals":
            return self.goal_terms()
        if name == "mentor":
            return self.mentor_terms()
        raise KeyError(name)

    def _worked_before(self) -> dict[str, int]:
        """Blocks each learner works on the fixed days (replanning)."""
        on_days = self.problem.on_crew_days(self.fixed)
        slots = defaultdict(set)
        for c in self.fixed:
            a = on_days.assignment[c.assignment]
            for lid in c.learners:
                slots[lid] |= {(a.day, b) for b in a.blocks}
        return {lid: len(s) for lid, s in slots.items()}

    def fairness_terms(self) -> list:
        """-idle² per learner, exactly: idle² is the largest of its tangents at the integers.

        idle = available slots - slots worked; for integer idle, max over k of
        (2k+1)·idle - k(k+1) (k = 0 .. slots-1) equals idle², and minimising ``sq`` presses
        it down onto that maximum. Linear rows: a tight LP, unlike a product constraint.
        """
        if self._fairness is None:
            before = self._worked_before()
            terms = []
            for l in self.problem.learners:
                if l.slots == 0:
                    continue
                worked = [(len(a.blocks), v) for _, a, v in self.learner_vars(l.id)]
                idle_const = l.slots - before.get(l.id, 0)
                most_idle = max(0, idle_const)
                if not worked:
                    terms.append((-(idle_const ** 2), self.one))
                    continue
                idle = idle_const - sum(c * v for c, v in worked)
                sq = self.cp.new_int_var(0, max(most_idle, 0) ** 2, f"idle_sq[{l.id}]")
                least_idle = max(0, idle_const - sum(c for c, _ in worked))
                for k in range(least_idle, most_idle):
                    self.cp.add(sq >= (2 * k + 1) * idle - k * (k + 1))
                self._aux.append((sq, lambda val, w=worked, i=idle_const:
                                  max(0, i - sum(c * val[v.index] for c, v in w)) ** 2))
                terms.append((-1, sq))
            self._fairness = terms
        return self._fairness

    def goal_terms(self) -> list:
        """weight · min(practice, per_week) per goal: p <= practice, p <= per_week, maximised."""
        if self._goals is None:
            before = practice(self.problem.on_crew_days(self.fixed), self.fixed)
            terms = []
            for l in self.problem.learners:
                places = self.learner_vars(l.id)
                for i, g in enumerate(l.goals):
                    if g.weight == 0 or g.per_week == 0:
                        continue
                    twins = sum(1 for h in l.goals if h.competency == g.competency)  # see score.practice
                    done = before.get((l.id, g.competency), 0)
                    rows = [(twins * len(a.blocks), v) for _, a, v in places if g.competency in a.trains]
                    if done >= g.per_week or not rows:
                        terms.append((g.weight * min(done, g.per_week), self.one))
                        continue
                    p = self.cp.new_int_var(0, g.per_week, f"goal[{l.id},{i}]")
                    self.cp.add(p <= done + sum(c * v for c, v in rows))
                    self._aux.append((p, lambda val, r=rows, done=done, cap=g.per_week:
                                      min(cap, done + sum(c * val[v.index] for c, v in r))))
                    terms.append((g.weight, p))
            self._goals = terms
        return self._goals

    def mentor_terms(self) -> list:
        """Blocks a learner works in a crew with their mentor: z <= x, z <= y, maximised."""
        if self._mentor is None:
            terms = []
            for l in self.problem.learners:
                if l.mentor is None:
                    continue
                for d, m in self.days.items():
                    for a, x in m.x_of_person.get(l.id, []):
                        y = m.y.get((l.mentor, a.id))
                        if y is None:
                            continue
                        z = self.cp.new_bool_var(f"mentor[{l.id},{a.id},{d}]")
                        self.cp.add_implication(z, x)
                        self.cp.add_implication(z, y)
                        self._aux.append((z, lambda val, x=x, y=y: int(val[x.index] > 0 and val[y.index] > 0)))
                        terms.append((len(a.blocks), z))
            self._mentor = terms
        return self._mentor

    # ------------------------------------------------------------ solutions

    def crews(self, values) -> list[Crew]:
        """The crews of a solution (with their day), the fixed days' crews first."""
        out = list(self.fixed)
        for d, m in self.days.items():
            out.extend(replace(c, day=d) for c in m.crews(values))
        return out

    def completed(self, solution: dict) -> dict:
        """``solution`` (var index -> value) with the score terms' variables at the values the plan
        gives them (a level not yet optimised leaves its own terms anywhere below them)."""
        out = dict(solution)
        for v, value in self._aux:
            out[v.index] = value(out)
        return out

    def hint(self, crews: Sequence[Crew]) -> list[tuple]:
        """(variable, value) for every variable, read from version 2 crews."""
        out = []
        for d, m in self.days.items():
            out.extend(m.hint([c for c in crews if c.day == d]))
        values = {v.index: val for v, val in out}
        return out + [(v, value(values)) for v, value in self._aux]
