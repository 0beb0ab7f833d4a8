"""The eight hard rules of SPEC.md, each in exactly one place.

Every rule is a class with a one-line docstring and up to four hooks that both
the solver and the validator use:

- ``admits_learner / admits_supervisor / admits_vehicle(problem, x, a)``: may this
  learner, supervisor or vehicle be in the crew of ``a`` at all? The solver only
  creates variables for admitted pairs; the validator flags crews holding others.
- ``post(m)``: add the rule's constraints to a day model (see ``daymodel.DayModel``).
- ``check(problem, crews)``: yield :class:`Violation` s for a plan's crews.
- ``explain_nl(problem, m, a, details)``: Dutch reasons when the rule blocks ``a``
  in an infeasible day (``details`` are the blocking parts from the model).

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
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from .model import (Assignment, Crew, Learner, Problem, Supervisor, Vehicle, assignment_nl,
                    block_nl, day_nl, person_nl, word_nl)


@dataclass(frozen=True)
class Violation:
    """One broken hard rule, in English and in plain Dutch for a supervisor."""

    rule: str
    assignment: str | None
    subjects: tuple[str, ...]
    message: str
    message_nl: str

    def to_json(self) -> dict:
        """The violation as JSON."""
        return {"rule": self.rule, "assignment": self.assignment, "subjects": list(self.subjects),
                "message": self.message, "message_nl": self.message_nl}


def _names(problem: Problem, ids: Iterable[str]) -> str:
    names = [person_nl(problem, i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _blocks_nl(blocks: Iterable[str]) -> str:
    return "+".join(block_nl(b) for b in blocks)


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
    def explain_nl(problem: Problem, m, a: Assignment, details: set) -> list[str]:
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
                    missing = sorted(set(a.blocks) - x.free(a.day))
                    who = x.name
                    yield Violation(
                        "availability", a.id, (xid,),
                        f"{a.id}: {kind} {xid} not available in {missing}",
                        f"{who} is niet beschikbaar op {day_nl(a.day)} {_blocks_nl(missing)}, "
                        f"maar staat op {assignment_nl(a)}.")


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
                    yield Violation("one_place", a.id, tuple(twice),
                                    f"{a.id}: a person is listed twice",
                                    f"{_names(problem, twice)} staat twee keer in de ploeg van "
                                    f"{assignment_nl(a)}.")
        for (kind, xid, day, b), aids in busy.items():
            if len(aids) > 1:
                x = problem.vehicle.get(xid) if kind == "vehicle" else problem.person(xid)
                name = x.name if x is not None else xid
                where = " en ".join(assignment_nl(problem.assignment[i]) for i in sorted(set(aids)))
                yield Violation("one_place", None, (xid,),
                                f"{kind} {xid} is in {aids} at {day} {b}",
                                f"{name} staat op {day_nl(day)} {block_nl(b)} op twee plaatsen: {where}.")

    @staticmethod
    def explain_nl(problem, m, a, details):
        kinds = sorted({kind for kind, _ in details})
        words = {"learner": "leerwerknemers", "supervisor": "begeleiders", "vehicle": "wagens"}
        return [f"{assignment_nl(a)}: de {' en '.join(words[k] for k in kinds)} die het kunnen, "
                f"zijn op {day_nl(a.day)} al nodig op andere verplichte opdrachten."]


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
                        yield Violation("domain", a.id, (pid,),
                                        f"{a.id}: {kind} {pid} does not work domain {a.domain}",
                                        f"{p.name} werkt niet in {word_nl(a.domain)}, maar staat op "
                                        f"{assignment_nl(a)}.")


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
                yield Violation("staffing", a.id, (),
                                f"{a.id}: {n_l} learners, needs {a.min_learners}..{a.max_learners}",
                                f"{assignment_nl(a)} heeft {n_l} leerwerknemers, maar vraagt er "
                                f"{a.min_learners} tot {a.max_learners}.")
            if n_s < a.min_supervisors:
                yield Violation("staffing", a.id, (),
                                f"{a.id}: {n_s} supervisors, needs at least {a.min_supervisors}",
                                f"{assignment_nl(a)} heeft {n_s} begeleider(s), maar vraagt er minstens "
                                f"{a.min_supervisors}.")
        yield from Staffing.check_mandatory(problem, staffed)

    @staticmethod
    def check_mandatory(problem: Problem, staffed: set) -> Iterator[Violation]:
        """Every mandatory assignment is staffed (left out for a partial plan of an infeasible day)."""
        for a in problem.assignments:
            if a.mandatory and a.id not in staffed:
                yield Violation("staffing", a.id, (),
                                f"{a.id}: mandatory assignment not staffed",
                                f"{assignment_nl(a)} is verplicht, maar heeft geen ploeg.")

    @staticmethod
    def explain_nl(problem, m, a, details):
        out = []
        domain = word_nl(a.domain)
        if "min_learners" in details:
            n = m.how_many(m.xs_with_learner(a))
            if n >= a.min_learners:
                out.append(f"{assignment_nl(a)} vraagt minstens {a.min_learners} leerwerknemers, maar de "
                           f"geschikte leerwerknemers van {domain} zijn dan al nodig op andere verplichte "
                           f"opdrachten.")
            else:
                out.append(f"{assignment_nl(a)} vraagt minstens {a.min_learners} leerwerknemers, maar er "
                           f"{'is' if n == 1 else 'zijn'} er maar {n} van {domain} die dan aanwezig en "
                           f"geschikt {'is' if n == 1 else 'zijn'}.")
        if "min_supervisors" in details:
            n = m.how_many(m.ys_with_supervisor(a))
            out.append(f"{assignment_nl(a)} vraagt {a.min_supervisors} begeleider(s), maar er "
                       f"{'is' if n == 1 else 'zijn'} er maar {n} van {domain} aanwezig.")
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
                yield Violation("ratio", a.id, tuple(c.supervisors),
                                f"{a.id}: {len(c.learners)} learners exceed the supervisors' ratio {cap}",
                                f"{assignment_nl(a)} heeft {len(c.learners)} leerwerknemers, maar de "
                                f"begeleiders mogen er samen maar {cap} begeleiden.")

    @staticmethod
    def explain_nl(problem, m, a, details):
        return [f"{assignment_nl(a)}: er zijn niet genoeg begeleiders om zoveel leerwerknemers te begeleiden."]


class Qualifications(Rule):
    """Enough learners hold the required certificates; all meet min_levels and no excluded restriction."""

    code = "qualifications"

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
                        m.guard("qualifications", a.id, cert))

    @staticmethod
    def check(problem, crews):
        for c in crews:
            a = problem.assignment[c.assignment]
            known = [problem.learner[l] for l in c.learners if l in problem.learner]
            for cert, need in a.certificates:
                have = sum(cert in l.certificates for l in known)
                if have < need:
                    yield Violation("qualifications", a.id, (),
                                    f"{a.id}: {have} learners hold {cert}, needs {need}",
                                    f"{assignment_nl(a)} vraagt {need} leerwerknemer(s) met attest "
                                    f"{word_nl(cert)}, de ploeg heeft er {have}.")
            for comp, level in a.min_levels:
                for l in known:
                    if l.level(comp) < level:
                        yield Violation("qualifications", a.id, (l.id,),
                                        f"{a.id}: learner {l.id} below level {level} in {comp}",
                                        f"{l.name} heeft niveau {l.level(comp)} voor {word_nl(comp)}, maar "
                                        f"{assignment_nl(a)} vraagt minstens niveau {level}.")
            for l in known:
                bad = sorted(a.excluded_restrictions & l.restrictions)
                if bad:
                    yield Violation("qualifications", a.id, (l.id,),
                                    f"{a.id}: learner {l.id} has excluded restriction {bad}",
                                    f"{l.name} mag niet op {assignment_nl(a)}: "
                                    f"{', '.join(word_nl(r) for r in bad)}.")

    @staticmethod
    def explain_nl(problem, m, a, details):
        out = []
        for cert in sorted(details):
            need = dict(a.certificates)[cert]
            n = sum(g.size for g, _ in m.xs_with_learner(a) if cert in g.certificates)
            if n >= need:
                out.append(f"{assignment_nl(a)} vraagt {need} leerwerknemer(s) met attest {word_nl(cert)}, "
                           f"maar wie dat attest heeft, is dan al nodig op andere verplichte opdrachten.")
            else:
                out.append(f"{assignment_nl(a)} vraagt {need} leerwerknemer(s) met attest {word_nl(cert)}, "
                           f"maar er {'is' if n == 1 else 'zijn'} er {'maar ' + str(n) if n else 'geen'} "
                           f"van {word_nl(a.domain)} die dan aanwezig en geschikt {'is' if n == 1 else 'zijn'}.")
        return out


class Conflicts(Rule):
    """Two learners where either avoids the other are never in the same crew."""

    code = "conflicts"

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
                yield Violation("conflicts", a.id, (first, second),
                                f"{a.id}: learners {first} and {second} must not work together",
                                f"{_names(problem, (first, second))} mogen niet samen in een ploeg "
                                f"({assignment_nl(a)}).")


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
            name = assignment_nl(a)
            if a.offsite and not c.vehicles:
                yield Violation("transport", a.id, (), f"{a.id}: off-site assignment without a vehicle",
                                f"{name} is op verplaatsing, maar de ploeg heeft geen wagen.")
            if not a.offsite and c.vehicles:
                yield Violation("transport", a.id, tuple(u.vehicle for u in c.vehicles),
                                f"{a.id}: on-site assignment with a vehicle",
                                f"{name} is ter plaatse, maar de ploeg heeft een wagen.")
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
                                    f"{a.id}: driver {use.driver!r} of {v.id} is not in the crew",
                                    f"De chauffeur van {v.name} zit niet in de ploeg van {name}.")
                else:
                    p = problem.person(use.driver)
                    if p is not None and not can_drive(p, v):
                        yield Violation("transport", a.id, (v.id, p.id),
                                        f"{a.id}: driver {p.id} lacks licence {v.licence} for {v.id}",
                                        f"{p.name} heeft geen rijbewijs {v.licence} en mag {v.name} "
                                        f"niet rijden ({name}).")
                drivers.append(use.driver)
            if len(drivers) != len(set(drivers)):
                twice = tuple(sorted({d for d in drivers if d and drivers.count(d) > 1}))
                yield Violation("transport", a.id, twice, f"{a.id}: one person drives two vehicles",
                                f"{_names(problem, twice) if twice else 'Iemand'} moet twee wagens "
                                f"tegelijk rijden ({name}).")
            crew = len(c.learners) + len(c.supervisors)
            if c.vehicles and seats < crew:
                yield Violation("transport", a.id, tuple(u.vehicle for u in c.vehicles),
                                f"{a.id}: {seats} seats for a crew of {crew}",
                                f"De wagens van {name} hebben {seats} zitplaatsen voor een ploeg van {crew}.")
            missing = sorted(a.vehicle_features - features) if a.offsite else []
            if missing:
                yield Violation("transport", a.id, tuple(u.vehicle for u in c.vehicles),
                                f"{a.id}: no crew vehicle carries {missing}",
                                f"{name} vraagt een wagen met {', '.join(word_nl(f) for f in missing)}, "
                                f"maar de ploeg heeft er geen.")

    @staticmethod
    def explain_nl(problem, m, a, details):
        out = []
        name = assignment_nl(a)
        domain = word_nl(a.domain)
        features = sorted(d.split(":", 1)[1] for d in details if d.startswith("feature:"))
        vehicles = [veh for veh, _ in m.us_with_vehicle(a)]
        for f in features:
            with_f = [veh for veh in vehicles if f in veh.features]
            if not with_f:
                out.append(f"{name} vraagt een wagen met {word_nl(f)}, maar er is dan geen enkele "
                           f"vrij.")
                continue
            licences = sorted({veh.licence for veh in with_f})
            drivers = [p for veh in with_f for p, _ in m.drivers(a, veh)]
            if not drivers or "driver" in details:
                if not drivers:
                    out.append(f"{name} vraagt een wagen met {word_nl(f)}, maar geen enkele aanwezige van "
                               f"{domain} heeft rijbewijs {' of '.join(licences)}.")
                else:
                    out.append(f"{name} vraagt een wagen met {word_nl(f)}, maar wie rijbewijs "
                               f"{' of '.join(licences)} heeft, is al elders verplicht nodig.")
            else:
                out.append(f"{name} vraagt een wagen met {word_nl(f)}, maar die is dan al elders "
                           f"verplicht nodig.")
        if "vehicle" in details and not features:
            if not vehicles:
                out.append(f"{name} is op verplaatsing, maar er is dan geen wagen beschikbaar.")
            else:
                out.append(f"{name} is op verplaatsing, maar er is geen wagen met een chauffeur uit de "
                           f"ploeg beschikbaar.")
        if "seats" in details:
            out.append(f"{name}: de beschikbare wagens hebben te weinig zitplaatsen voor de ploeg.")
        if "driver" in details and not features and "vehicle" not in details:
            licences = sorted({veh.licence for veh in vehicles})
            out.append(f"{name} is op verplaatsing, maar niemand in de mogelijke ploeg heeft rijbewijs "
                       f"{' of '.join(licences) or 'B'}.")
        return out


RULES: tuple[type[Rule], ...] = (Availability, OnePlace, Domain, Staffing, Ratio, Qualifications,
                                 Conflicts, Transport)
RULE_CODES = tuple(r.code for r in RULES)
RULE_NL = {"availability": "beschikbaarheid", "one_place": "één plaats tegelijk", "domain": "domein",
           "staffing": "bemanning", "ratio": "begeleidingsratio", "qualifications": "kwalificaties",
           "conflicts": "conflicten", "transport": "vervoer"}


def admits_learner(problem: Problem, learner: Learner, a: Assignment) -> bool:
    """True when every rule lets this learner join the crew of ``a``."""
    return all(r.admits_learner(problem, learner, a) for r in RULES)


def admits_supervisor(problem: Problem, supervisor: Supervisor, a: Assignment) -> bool:
    """True when every rule lets this supervisor join the crew of ``a``."""
    return all(r.admits_supervisor(problem, supervisor, a) for r in RULES)


def admits_vehicle(problem: Problem, vehicle: Vehicle, a: Assignment) -> bool:
    """True when every rule lets this vehicle go with the crew of ``a``."""
    return all(r.admits_vehicle(problem, vehicle, a) for r in RULES)


def refusing_rules(problem: Problem, kind: str, x, a: Assignment) -> list[str]:
    """Codes of the rules that refuse ``x`` (a learner, supervisor or vehicle) on ``a``."""
    hook = {"learner": "admits_learner", "supervisor": "admits_supervisor", "vehicle": "admits_vehicle"}[kind]
    return [r.code for r in RULES if not getattr(r, hook)(problem, x, a)]
