"""A first week plan in pure Python, in well under a second: crews built one by one, greedily.

A big week (large-week-v2-1: 300 learners, 625 assignments) takes CP-SAT a minute or more
to find any plan, most of it spent building and presolving models. This builds one
directly: day by day, mandatory work first (a flexible mandatory job on the first day of
its window where a crew can be found), then the rest, the largest crews first. Each crew
gets a supervisor, a van with a driver from the crew when it travels, the certificate
holders it needs and then as many learners as it may take, the most idle ones first
(fairness), those with a goal it trains and the supervisor's mentees before others.

Every hard rule is kept while building (``rules.admits_*`` for who may go where, and the
counts, seats, drivers and avoid pairs here), and the result is only used after
``validate`` accepts it: then it is the first plan ``on_progress`` reports, the week
model's hint, and the answer if the week model finds nothing better in time. It is a
start, not an optimum: CP-SAT improves it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Sequence

from . import rules as R
from .daymodel import assign_drivers
from .model import Assignment, Crew, Plan, Problem
from .score import score
from .validate import validate


class _Builder:
    """Who is busy when, as crews are added to the week."""

    def __init__(self, problem: Problem, fixed: Sequence[Crew]):
        self.problem = problem
        self.busy: set[tuple[str, str, str]] = set()  # (person or vehicle id, day, block)
        self.worked: dict[str, int] = defaultdict(int)  # learner -> blocks worked
        self.practice: dict[tuple[str, str], int] = defaultdict(int)  # (learner, competency) -> blocks
        self.crews: list[Crew] = []
        on_days = problem.on_crew_days(fixed)
        for c in fixed:
            self._book(on_days.assignment[c.assignment], c)
        self.admitted: dict[str, list] = {}  # assignment id -> learners of its domain, for speed
        by_domain = defaultdict(list)
        for l in problem.learners:
            for dom in l.domains:
                by_domain[dom].append(l)
        self.by_domain = by_domain

    def _book(self, a: Assignment, c: Crew) -> None:
        for xid in c.learners + c.supervisors + tuple(u.vehicle for u in c.vehicles):
            for b in a.blocks:
                self.busy.add((xid, a.day, b))
        for lid in c.learners:
            self.worked[lid] += len(a.blocks)
            l = self.problem.learner[lid]
            for g in l.goals:
                if g.competency in a.trains:
                    self.practice[(lid, g.competency)] += len(a.blocks)

    def copy(self) -> "_Builder":
        """A copy to try a day on (the problem and its indexes shared)."""
        out = object.__new__(_Builder)
        out.__dict__.update(self.__dict__)
        out.busy, out.crews = set(self.busy), list(self.crews)
        out.worked, out.practice = defaultdict(int, self.worked), defaultdict(int, self.practice)
        return out

    def free(self, xid: str, a: Assignment) -> bool:
        return all((xid, a.day, b) not in self.busy for b in a.blocks)

    def add(self, a: Assignment, c: Crew) -> None:
        self._book(a, c)
        self.crews.append(c)

    # ------------------------------------------------------------ one crew

    def crew(self, a: Assignment) -> Crew | None:
        """A crew for ``a`` (fixed on its day) from whoever is still free, or None."""
        p = self.problem
        sups = [s for s in p.supervisors if self.free(s.id, a) and R.admits_supervisor(p, s, a)]
        if len(sups) < a.min_supervisors:
            return None
        learners = [l for l in self.by_domain.get(a.domain, ()) if self.free(l.id, a) and R.admits_learner(p, l, a)]
        if len(learners) < a.min_learners:
            return None
        vans = [v for v in p.vehicles if self.free(v.id, a) and R.admits_vehicle(p, v, a)] if a.offsite else []
        mentees = defaultdict(int)
        for l in learners:
            if l.mentor is not None:
                mentees[l.mentor] += 1
        want = min(a.max_learners, len(learners))
        n_sup = a.min_supervisors
        for fleet in self._fleets(a, vans, want + n_sup, a.min_learners + n_sup):
            # Supervisors who reach the crew's size first, then those who can drive its vans,
            # mentors of the candidates, and the smaller ones (the larger stay for larger crews).
            order = sorted(sups, key=lambda s: (-min(s.max_learners, want), not any(R.can_drive(s, v) for v in fleet),
                                                -mentees[s.id], s.max_learners, len(s.licences), s.id))
            options = [order[k:k + n_sup] for k in range(0, min(3, len(order) - n_sup + 1))]
            if len(order) > n_sup:
                options.append(order[:n_sup + 1])
            for chosen in options:
                crew = self._fill(a, chosen, fleet, learners)
                if crew is not None:
                    return crew
        return None

    @staticmethod
    def _fleets(a: Assignment, vans, seats_wanted: int, seats_needed: int) -> list[list]:
        """Sets of vans to try, one van where it can be: the smallest that seats the whole crew,
        the largest, then the largest with more vans until the crew (or at least its minimum) fits.
        Every set carries the features the assignment needs (one van each)."""
        if not a.offsite:
            return [[]]
        with_features = [v for v in vans if a.vehicle_features <= v.features]
        big = sorted((v for v in with_features if v.seats >= seats_wanted), key=lambda v: (v.seats, v.id))
        largest = sorted(with_features, key=lambda v: (-v.seats, v.id))
        out = [[v] for v in big[:1] + largest[:1] if v.seats >= seats_needed]
        if largest:
            fleet = [largest[0]]
            for v in sorted(vans, key=lambda v: (-v.seats, v.id)):
                if sum(x.seats for x in fleet) >= seats_wanted:
                    break
                if v not in fleet:
                    fleet.append(v)
                    if sum(x.seats for x in fleet) >= seats_needed and fleet not in out:
                        out.append(list(fleet))
        return out

    def _fill(self, a: Assignment, sups, fleet, learners) -> Crew | None:
        """Learners for a crew of ``sups`` (and vans ``fleet``): certificates, drivers, then the most idle."""
        p = self.problem
        cap = R.most_learners(a, sups, fleet)
        if cap < a.min_learners:
            return None
        sup_ids = tuple(sorted(s.id for s in sups))

        def key(l):
            idle = l.slots - self.worked[l.id]
            goal = sum(g.weight for g in l.goals if g.competency in a.trains
                       and self.practice[(l.id, g.competency)] < g.per_week)
            return (-idle, -goal, l.mentor not in sup_ids, l.id)
        ranked = sorted(learners, key=key)
        chosen: list = []

        def fits(l) -> bool:
            return l not in chosen and not any(o.id in l.avoid or l.id in o.avoid for o in chosen)

        for cert, need in a.certificates:
            have = sum(cert in l.certificates for l in chosen)
            for l in ranked:
                if have >= need or len(chosen) >= cap:
                    break
                if cert in l.certificates and fits(l):
                    chosen.append(l)
                    have += 1
            if have < need:
                return None

        def drivers():
            return assign_drivers(p, fleet, sup_ids + tuple(l.id for l in chosen), {})
        uses = drivers()
        while any(u.driver is None for u in uses):  # a van without a driver: a learner who can drive it
            van = p.vehicle[next(u.vehicle for u in uses if u.driver is None)]
            driver = next((l for l in ranked if R.can_drive(l, van) and fits(l)), None)
            if driver is None or len(chosen) >= cap:
                return None
            chosen.append(driver)
            uses = drivers()
        for l in ranked:
            if len(chosen) >= cap:
                break
            if fits(l):
                chosen.append(l)
        if len(chosen) < a.min_learners:
            return None
        return Crew(a.id, tuple(sorted(l.id for l in chosen)), sup_ids, drivers(), day=a.day)


def greedy_week(problem: Problem, days: Sequence[str], fixed: Sequence[Crew] = ()) -> list[Crew] | None:
    """A valid plan of ``days`` (``fixed`` crews kept), built greedily; None when it misses a
    mandatory assignment or ``validate`` refuses it (then the caller looks elsewhere)."""
    b = _Builder(problem, fixed)
    done = {c.assignment for c in fixed}
    days = list(days)
    for i, d in enumerate(days):
        here = [a for a in problem.assignments if a.id not in done and d in a.window]
        must = [a for a in here if a.mandatory]
        rest = [a for a in here if not a.mandatory]
        # Mandatory work first, the fewest days left in its window first; then the largest crews.
        must.sort(key=lambda a: (sum(x in a.window for x in days[i:]), -a.min_learners, a.id))
        rest.sort(key=lambda a: (-a.max_learners * len(a.blocks), -a.priority, not a.flexible, a.id))
        first: list[Assignment] = []  # mandatory work that found no crew: the day again, it first
        for _ in range(len(must) + 1):
            trial = b.copy()
            missed = _day(trial, d, first + [a for a in must + rest if a not in first], days[i + 1:])
            if missed is None:
                break
            if missed in first:
                return None  # even first it finds no crew: the greedy cannot help here
            first.append(missed)
        else:
            return None
        b = trial
        done |= {c.assignment for c in b.crews}
    crews = list(fixed) + b.crews
    plan = Plan(problem.name, "feasible", tuple(crews), format=problem.plan_format)
    return crews if validate(problem, plan).valid else None


def _day(b: _Builder, d: str, order: Sequence[Assignment], later: Sequence[str]) -> Assignment | None:
    """Crews for ``order`` on day ``d``, each if it can; the first mandatory assignment that has
    to be staffed today and found no crew, or None."""
    for a in order:
        here = a.on(d)
        crew = b.crew(here)
        if crew is not None:
            b.add(here, crew)
        elif a.mandatory and not any(x in a.window for x in later):
            return a
    return None


BIG_WEEK = 50_000  # learners x assignments: above this, CP-SAT's day-by-day first plan takes a minute or more


def problem_is_big(problem: Problem) -> bool:
    """A big week: CP-SAT's day-by-day first plan and the exact week model cost minutes (``weekbig``)."""
    return len(problem.learners) * len(problem.assignments) > BIG_WEEK


def first_week_plan(problem: Problem, days: Sequence[str], fixed: Sequence[Crew], tell: Callable,
                    by_day: Callable[[], list[Crew] | None]) -> list[Crew] | None:
    """The first plan of a week: the greedy one (``tell`` hears of it at once); on a week that is
    not big, also CP-SAT's day-by-day plan (``by_day``; it places more), the better of the two."""
    greedy = greedy_week(problem, days, fixed)
    if greedy is not None:
        tell(greedy)
        if problem_is_big(problem):
            return greedy
    crews = by_day()
    if crews is None or (greedy is not None and score(problem, greedy) >= score(problem, crews)):
        return greedy
    tell(crews)
    return crews
