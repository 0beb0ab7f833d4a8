"""The eight hard rules of SPEC.md, each in exactly one place.

Every rule is a class with a one-line docstring and up to four hooks that both
the solver and the validator use:

- ``admits_learner / admits_supervisor / admits_vehicle(problem, x, a)``: may this
  learner, supervisor or vehicle be in the crew of ``a`` at all? The solver only
  creates variables for admitted pairs; the validator flags crews holding others.
- ``post(m)``: add the rule's constraints to a day model (see ``daymodel.DayModel``).
- ``check(problem, crews)``: yield :class:`~findings.Violation` s for a plan's crews.
- ``explain(problem, m, a, details)``: :class:`~findings.Reason` s when the rule blocks
  ``a`` in an infeasible day (``details`` are the blocking parts from the model).

Rules return findings as data; ``render.py`` (CLI) and the app say them in words.

In a day model, ``m.xs_with_learner(a)``, ``m.ys_with_supervisor(a)`` and
``m.us_with_vehicle(a)`` give ``(group, variable)`` pairs: a group of
interchangeable learners, supervisors or vehicles (see ``daymodel.Group``) and how
many of them are in the crew of ``a``. A group reads like any of its members
(``g.certificates``, ``g.seats``); ``g.size`` says how many it stands for.

``crews`` given to ``check`` are the crews of known assignments, first one each;
unknown ids in them are reported once by ``validate`` and skipped here.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Iterator, Sequence

from .findings import Reason, Violation
from .model import Assignment, Crew, Learner, Problem, Supervisor, Vehicle


class Rule:
    """Base: a rule that admits everything, posts and checks nothing."""

    code = ""

    @staticmethod
    def admits_learner(problem: Problem, learner: Learner, a: Assignment) -> bool:
        return True

    @staticmethod
    def admits_supervisor(problem: Problem, supervisor: Supervisor, a: Assignment) -> bool:
        return True

    @staticmethod
    def admits_vehicle(problem: Problem, vehicle: Vehicle, a: Assignment) -> bool:
        return True

    @staticmethod
    def post(m) -> None:
        return None

    @staticmethod
    def check(problem: Problem, crews: Sequence[Crew]) -> Iterator[Violation]:
        return iter(())

    @staticmethod
    def explain(problem: Problem, m, a: Assignment, details: set) -> list[Reason]:
        return []


class Availability(Rule):
    """Everyone and every vehicle in a crew is available in every block of the assignment."""

    code = "availability"

    @staticmethod
    def _free(x, a: Assignment) -> bool:
        return set(a.blocks) <= x.free(a.day)

    admits_learner = staticmethod(lambda problem, x, a: Availability._free(x, a))
    admits_supervisor = staticmethod(lambda problem, x, a: Availability._free(x, a))
    admits_vehicle = staticmethod(lambda problem, x, a: Availability._free(x, a))

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            for kind, ids, table in (("learner", c.learners, problem.learner),
                                     ("supervisor", c.supervisors, problem.supervisor),
                                     ("vehicle", [u.vehicle for u in c.vehicles], problem.vehicle)):
                for xid in ids:
                    x = table.get(xid)
                    if x is None or Availability._free(x, a):
                        continue
                    missing = tuple(sorted(set(a.blocks) - x.free(a.day)))
                    yield Violation("availability", a.id, (xid,), "unavailable", kind=kind, day=a.day,
                                    blocks=missing)


class OnePlace(Rule):
    """Nobody and no vehicle is in two crews whose assignments share a block on the same day."""

    code = "one_place"

    @staticmethod
    def post(m) -> None:
        for kind, table in (("learner", m.x_of_person), ("supervisor", m.y_of_person),
                            ("vehicle", m.u_of_vehicle)):
            for xid in sorted(table):
                by_block = defaultdict(list)
                for a, var in table[xid]:
                    for b in a.blocks:
                        by_block[b].append(var)
                # A group stands for several interchangeable people or vehicles: at most that many.
                most = m.capacity.get((kind, xid), 1)
                for b, vs in by_block.items():
                    if len(vs) > 1 or most > 1:
                        guard = m.guard("one_place", None, (kind, b))
                        if guard or most > 1:
                            m.cp.add(sum(vs) <= most).only_enforce_if(guard)
                        else:
                            m.cp.add_at_most_one(vs)

    @staticmethod
    def check(problem, crews):
        busy = defaultdict(list)
        for c in crews:
            a = problem.assignment[c.assignment]
            for kind, ids in (("learner", c.learners), ("supervisor", c.supervisors),
                              ("vehicle", [u.vehicle for u in c.vehicles])):
                for xid in ids:
                    for b in a.blocks:
                        busy[(kind, xid, a.day, b)].append(a.id)
            for ids in (c.learners, c.supervisors):
                twice = sorted({x for x in ids if ids.count(x) > 1})
                if twice:
                    yield Violation("one_place", a.id, tuple(twice), "listed_twice")
        for (kind, xid, day, b), aids in busy.items():
            if len(aids) > 1:
                yield Violation("one_place", None, (xid,), "two_places", kind=kind, day=day, blocks=(b,),
                                others=tuple(sorted(set(aids))))

    @staticmethod
    def explain(problem, m, a, details):
        kinds = tuple(sorted({kind for kind, _ in details}))
        return [Reason("one_place", "needed_elsewhere", a.id, a.day, kinds=kinds)]


class Domain(Rule):
    """Learners and supervisors only work assignments of one of their domains."""

    code = "domain"

    admits_learner = staticmethod(lambda problem, x, a: a.domain in x.domains)
    admits_supervisor = staticmethod(lambda problem, x, a: a.domain in x.domains)

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            for kind, ids, table in (("learner", c.learners, problem.learner),
                                     ("supervisor", c.supervisors, problem.supervisor)):
                for pid in ids:
                    p = table.get(pid)
                    if p is not None and a.domain not in p.domains:
                        yield Violation("domain", a.id, (pid,), "other_domain", kind=kind, codes=(a.domain,))


class Staffing(Rule):
    """A staffed assignment has min..max learners and enough supervisors; mandatory ones are staffed."""

    code = "staffing"

    @staticmethod
    def post(m) -> None:
        for a in m.assignments:
            st, xs, ys = m.st[a.id], m.xs(a), m.ys(a)
            # A 0/1 member implies staffed; counts of larger groups are held by the max rows.
            for g, v in m.ys_with_supervisor(a) + m.xs_with_learner(a):
                if g.size == 1:
                    m.cp.add_implication(v, st)
            m.cp.add(sum(ys) <= m.how_many(m.ys_with_supervisor(a)) * st)
            m.cp.add(sum(xs) <= a.max_learners * st)
            if a.min_learners:
                m.cp.add(sum(xs) >= a.min_learners * st).only_enforce_if(
                    m.guard("staffing", a.id, "min_learners"))
            if a.min_supervisors:
                m.cp.add(sum(ys) >= a.min_supervisors * st).only_enforce_if(
                    m.guard("staffing", a.id, "min_supervisors"))
            if a.mandatory and not m.relax_mandatory:
                m.cp.add(st == 1).only_enforce_if(m.guard("mandatory", a.id, None))

    @staticmethod
    def check(problem, crews):
        staffed = set()
        for c in crews:
            a = problem.assignment[c.assignment]
            staffed.add(a.id)
            n_l, n_s = len(c.learners), len(c.supervisors)
            if not a.min_learners <= n_l <= a.max_learners:
                yield Violation("staffing", a.id, (), "learners", have=n_l, need=a.min_learners,
                                most=a.max_learners)
            if n_s < a.min_supervisors:
                yield Violation("staffing", a.id, (), "supervisors", have=n_s, need=a.min_supervisors)
        yield from Staffing.check_mandatory(problem, staffed)

    @staticmethod
    def check_mandatory(problem: Problem, staffed: set) -> Iterator[Violation]:
        """Every mandatory assignment is staffed (left out for a partial plan of an infeasible day)."""
        for a in problem.assignments:
            if a.mandatory and a.id not in staffed:
                yield Violation("staffing", a.id, (), "mandatory")

    @staticmethod
    def explain(problem, m, a, details):
        out = []
        if "min_learners" in details:
            n = m.how_many(m.xs_with_learner(a))
            detail = "learners_elsewhere" if n >= a.min_learners else "learners_few"
            out.append(Reason("staffing", detail, a.id, a.day, have=n, need=a.min_learners, codes=(a.domain,)))
        if "min_supervisors" in details:
            n = m.how_many(m.ys_with_supervisor(a))
            out.append(Reason("staffing", "supervisors_few", a.id, a.day, have=n, need=a.min_supervisors,
                              codes=(a.domain,)))
        return out


class Ratio(Rule):
    """A crew has at most as many learners as its supervisors' max_learners together."""

    code = "ratio"

    @staticmethod
    def post(m) -> None:
        for a in m.assignments:
            xs = m.xs(a)
            if xs:
                cap = sum(problem_s.max_learners * v for problem_s, v in m.ys_with_supervisor(a))
                m.cp.add(sum(xs) <= cap).only_enforce_if(m.guard("ratio", a.id, None))

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            cap = sum(problem.supervisor[s].max_learners for s in c.supervisors if s in problem.supervisor)
            if len(c.learners) > cap:
                yield Violation("ratio", a.id, tuple(c.supervisors), "too_many_learners", have=len(c.learners),
                                most=cap)

    @staticmethod
    def explain(problem, m, a, details):
        return [Reason("ratio", "too_few_supervisors", a.id, a.day)]


class Qualifications(Rule):
    """Enough learners hold the required certificates; all meet min_levels and no excluded restriction."""

    code = "qualification"

    @staticmethod
    def admits_learner(problem, learner, a):
        return (all(learner.level(c) >= lvl for c, lvl in a.min_levels)
                and not (learner.restrictions & a.excluded_restrictions))

    @staticmethod
    def post(m) -> None:
        for a in m.assignments:
            for cert, need in a.certificates:
                if need > 0:
                    holders = [v for l, v in m.xs_with_learner(a) if cert in l.certificates]
                    m.cp.add(sum(holders) >= need * m.st[a.id]).only_enforce_if(
                        m.guard("qualification", a.id, cert))

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            known = [problem.learner[l] for l in c.learners if l in problem.learner]
            for cert, need in a.certificates:
                have = sum(cert in l.certificates for l in known)
                if have < need:
                    yield Violation("qualification", a.id, (), "certificate", have=have, need=need, codes=(cert,))
            for comp, level in a.min_levels:
                for l in known:
                    if l.level(comp) < level:
                        yield Violation("qualification", a.id, (l.id,), "level", kind="learner",
                                        have=l.level(comp), need=level, codes=(comp,))
            for l in known:
                bad = tuple(sorted(a.excluded_restrictions & l.restrictions))
                if bad:
                    yield Violation("qualification", a.id, (l.id,), "restriction", kind="learner", codes=bad)

    @staticmethod
    def explain(problem, m, a, details):
        out = []
        for cert in sorted(details):
            need = dict(a.certificates)[cert]
            n = sum(g.size for g, _ in m.xs_with_learner(a) if cert in g.certificates)
            detail = "certificate_elsewhere" if n >= need else "certificate_few"
            out.append(Reason("qualification", detail, a.id, a.day, have=n, need=need, codes=(cert, a.domain)))
        return out


class Conflicts(Rule):
    """Two learners where either avoids the other are never in the same crew."""

    code = "conflict"

    @staticmethod
    def post(m) -> None:
        for a in m.assignments:
            here = {l.id: v for l, v in m.xs_with_learner(a)}
            pairs = {tuple(sorted((l.id, o))) for l, _ in m.xs_with_learner(a) for o in l.avoid if o in here}
            for first, second in sorted(pairs):
                m.cp.add_bool_or([here[first].Not(), here[second].Not()])

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            known = [problem.learner[l] for l in c.learners if l in problem.learner]
            ids = {l.id for l in known}
            pairs = {tuple(sorted((l.id, o))) for l in known for o in l.avoid if o in ids}
            for first, second in sorted(pairs):
                yield Violation("conflict", a.id, (first, second), "avoid", kind="learner")


def can_drive(person, vehicle: Vehicle) -> bool:
    """A person may drive a vehicle when they hold its licence."""
    return vehicle.licence in person.licences


class Transport(Rule):
    """Off-site crews ride in vehicles that seat them all, carry the needed features and each have a licensed driver from the crew; on-site crews use none."""

    code = "transport"

    admits_vehicle = staticmethod(lambda problem, v, a: a.offsite)

    @staticmethod
    def post(m) -> None:
        for a in m.assignments:
            if not a.offsite:
                continue
            st, us = m.st[a.id], m.us(a)
            for g, v in m.us_with_vehicle(a):
                if g.size == 1:
                    m.cp.add_implication(v, st)
            m.cp.add(sum(us) <= m.how_many(m.us_with_vehicle(a)) * st)
            m.cp.add(sum(us) >= st).only_enforce_if(m.guard("transport", a.id, "vehicle"))
            crew_size = sum(m.xs(a)) + sum(m.ys(a))
            m.cp.add(sum(veh.seats * u for veh, u in m.us_with_vehicle(a)) >= crew_size).only_enforce_if(
                m.guard("transport", a.id, "seats"))
            for feature in sorted(a.vehicle_features):
                m.cp.add(sum(u for veh, u in m.us_with_vehicle(a) if feature in veh.features) >= st
                         ).only_enforce_if(m.guard("transport", a.id, "feature:" + feature))
            Transport.post_drivers(m, a)

    @staticmethod
    def post_drivers(m, a: Assignment) -> None:
        """Hall's condition: for every set of licences, the crew holds at least as many as vehicles need."""
        # Exact for "each vehicle a licensed driver from the crew, nobody drives two": a matching
        # of vehicles to members exists iff this holds for every subset of licence types.
        pinned = m.pinned_drivers.get(a.id, {})
        usable = [(veh, u) for veh, u in m.us_with_vehicle(a) if veh.id not in pinned]
        members = [(p, v) for p, v in m.member_vars(a) if p.id not in pinned.values()]
        licences = sorted({veh.licence for veh, _ in usable})
        guard = m.guard("transport", a.id, "driver")
        for k in range(1, len(licences) + 1):
            for subset in itertools.combinations(licences, k):
                need = [u for veh, u in usable if veh.licence in subset]
                have = [v for p, v in members if p.licences & set(subset)]
                m.cp.add(sum(need) <= sum(have)).only_enforce_if(guard)

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            vans = tuple(u.vehicle for u in c.vehicles)
            if a.offsite and not c.vehicles:
                yield Violation("transport", a.id, (), "no_vehicle")
            if not a.offsite and c.vehicles:
                yield Violation("transport", a.id, vans, "vehicle_on_site", kind="vehicle")
            seats, features, drivers = 0, set(), []
            members = c.members
            for use in c.vehicles:
                v = problem.vehicle.get(use.vehicle)
                if v is None:
                    continue
                seats += v.seats
                features |= v.features
                if use.driver not in members:
                    yield Violation("transport", a.id, (v.id,) + ((use.driver,) if use.driver else ()),
                                    "driver_not_in_crew", kind="vehicle")
                else:
                    p = problem.person(use.driver)
                    if p is not None and not can_drive(p, v):
                        yield Violation("transport", a.id, (v.id, p.id), "no_licence", kind="vehicle",
                                        codes=(v.licence,))
                drivers.append(use.driver)
            if len(drivers) != len(set(drivers)):
                twice = tuple(sorted({d for d in drivers if d and drivers.count(d) > 1}))
                yield Violation("transport", a.id, twice, "drives_two")
            crew = len(c.learners) + len(c.supervisors)
            if c.vehicles and seats < crew:
                yield Violation("transport", a.id, vans, "seats", kind="vehicle", have=seats, need=crew)
            missing = tuple(sorted(a.vehicle_features - features)) if a.offsite else ()
            if missing:
                yield Violation("transport", a.id, vans, "features", kind="vehicle", codes=missing)

    @staticmethod
    def explain(problem, m, a, details):
        out = []
        features = sorted(d.split(":", 1)[1] for d in details if d.startswith("feature:"))
        vehicles = [veh for veh, _ in m.us_with_vehicle(a)]

        def reason(detail, **more):
            return Reason("transport", detail, a.id, a.day, **more)

        for f in features:
            with_f = [veh for veh in vehicles if f in veh.features]
            if not with_f:
                out.append(reason("feature_none", codes=(f,)))
                continue
            licences = tuple(sorted({veh.licence for veh in with_f}))
            drivers = [p for veh in with_f for p, _ in m.drivers(a, veh)]
            if not drivers:
                out.append(reason("feature_no_licence", codes=(f, a.domain), licences=licences))
            elif "driver" in details:
                out.append(reason("feature_drivers_elsewhere", codes=(f,), licences=licences))
            else:
                out.append(reason("feature_elsewhere", codes=(f,)))
        if "vehicle" in details and not features:
            out.append(reason("no_vehicle" if not vehicles else "no_driver"))
        if "seats" in details:
            out.append(reason("seats"))
        if "driver" in details and not features and "vehicle" not in details:
            out.append(reason("no_licence", licences=tuple(sorted({veh.licence for veh in vehicles}))))
        return out


RULES: tuple[type[Rule], ...] = (Availability, OnePlace, Domain, Staffing, Ratio, Qualifications,
                                 Conflicts, Transport)
RULE_CODES = tuple(r.code for r in RULES)


def admits_learner(problem: Problem, learner: Learner, a: Assignment) -> bool:
    """True when every rule lets this learner join the crew of ``a``."""
    return all(r.admits_learner(problem, learner, a) for r in RULES)


def admits_supervisor(problem: Problem, supervisor: Supervisor, a: Assignment) -> bool:
    """True when every rule lets this supervisor join the crew of ``a``."""
    return all(r.admits_supervisor(problem, supervisor, a) for r in RULES)


def admits_vehicle(problem: Problem, vehicle: Vehicle, a: Assignment) -> bool:
    """True when every rule lets this vehicle go with the crew of ``a``."""
    return all(r.admits_vehicle(problem, vehicle, a) for r in RULES)


def most_learners(a: Assignment, supervisors: Sequence[Supervisor], vehicles: Sequence[Vehicle]) -> int:
    """The most learners a crew of ``a`` with these supervisors and vans may take: the assignment's
    capacity (Staffing), the supervisors' ``max_learners`` (Ratio), and the seats left once the
    supervisors sit (Transport; only when it travels). For heuristics that build crews."""
    most = min(a.max_learners, sum(s.max_learners for s in supervisors))
    if vehicles:
        most = min(most, sum(v.seats for v in vehicles) - len(supervisors))
    return most


def refusing_rules(problem: Problem, kind: str, x, a: Assignment) -> list[str]:
    """Codes of the rules that refuse ``x`` (a learner, supervisor or vehicle) on ``a``."""
    hook = {"learner": "admits_learner", "supervisor": "admits_supervisor", "vehicle": "admits_vehicle"}[kind]
    return [r.code for r in RULES if not getattr(r, hook)(problem, x, a)]
