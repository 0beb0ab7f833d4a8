"""The planning problem and the plan as frozen dataclasses, with JSON in and out.

Formats: ``workfloor-planning/1`` (problem) and ``workfloor-plan/1`` (plan), and the
week: ``workfloor-planning/2`` / ``workfloor-plan/2`` (flexible assignments, mentors,
goals practised per week), see ``../shared/planning/SPEC.md``. Malformed input raises :class:`ProblemError`
whose message names the field and the id; nothing is solved then.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Mapping

from .findings import Reason

PROBLEM_FORMAT = "workfloor-planning/1"
PLAN_FORMAT = "workfloor-plan/1"
PROBLEM_FORMAT_V2 = "workfloor-planning/2"
PLAN_FORMAT_V2 = "workfloor-plan/2"
PLAN_FORMATS = {PROBLEM_FORMAT: PLAN_FORMAT, PROBLEM_FORMAT_V2: PLAN_FORMAT_V2}
MAX_INT = 10**9  # larger counts are bad input: no work floor has them, and CP-SAT needs 64-bit room
PER_WEEK = 4  # SPEC version 2: a goal's default blocks of practice per week that count
STATUSES = ("optimal", "feasible", "infeasible")


class ProblemError(ValueError):
    """Malformed planning input: the message names the field and the id."""


Pairs = tuple  # tuple[tuple[str, X], ...]: an immutable, ordered mapping


def _lookup(pairs: Pairs, key: str, default: Any = None) -> Any:
    for k, v in pairs:
        if k == key:
            return v
    return default


@dataclass(frozen=True)
class Block:
    """A part of a working day (dagdeel), e.g. ``am`` 08:00-12:00."""

    id: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Goal:
    """A competency a learner works on, with its weight (and, version 2, blocks per week that count)."""

    competency: str
    weight: int = 1
    per_week: int = PER_WEEK


@dataclass(frozen=True)
class Learner:
    """A leerwerknemer."""

    id: str
    name: str
    domains: frozenset[str] = frozenset()
    available: Pairs = ()  # (day, frozenset of block ids)
    levels: Pairs = ()  # (competency, level)
    certificates: frozenset[str] = frozenset()
    restrictions: frozenset[str] = frozenset()
    licences: frozenset[str] = frozenset()
    goals: tuple[Goal, ...] = ()
    avoid: frozenset[str] = frozenset()
    mentor: str | None = None  # version 2: the supervisor who follows this learner up

    @property
    def slots(self) -> int:
        """How many (day, block) slots the learner is available in (version 2's fairness)."""
        return sum(len(blocks) for _, blocks in self.available)

    def free(self, day: str) -> frozenset[str]:
        """Blocks in which the learner is available on ``day``."""
        return _lookup(self.available, day, frozenset())

    def level(self, competency: str) -> int:
        """The learner's level in ``competency`` (absent = 0)."""
        return _lookup(self.levels, competency, 0)

    def goal_weight(self, trains: Iterable[str]) -> int:
        """Sum of the weights of this learner's goals that ``trains`` covers."""
        trains = set(trains)
        return sum(g.weight for g in self.goals if g.competency in trains)


@dataclass(frozen=True)
class Supervisor:
    """A werkvloerbegeleider."""

    id: str
    name: str
    max_learners: int
    domains: frozenset[str] = frozenset()
    available: Pairs = ()
    licences: frozenset[str] = frozenset()

    def free(self, day: str) -> frozenset[str]:
        """Blocks in which the supervisor is available on ``day``."""
        return _lookup(self.available, day, frozenset())


@dataclass(frozen=True)
class Vehicle:
    """A van of the floor."""

    id: str
    name: str
    seats: int = 0
    licence: str = ""
    features: frozenset[str] = frozenset()
    available: Pairs = ()

    def free(self, day: str) -> frozenset[str]:
        """Blocks in which the vehicle is available on ``day``."""
        return _lookup(self.available, day, frozenset())


@dataclass(frozen=True)
class Assignment:
    """An opdracht: a job at a site on a day, in one or more blocks."""

    id: str
    name: str
    domain: str
    day: str
    blocks: tuple[str, ...]
    max_learners: int
    site: str = ""
    travel_minutes: int = 0
    min_learners: int = 0
    min_supervisors: int = 1
    mandatory: bool = False
    priority: int = 1
    certificates: Pairs = ()  # (certificate, how many learners must hold it)
    min_levels: Pairs = ()  # (competency, minimum level)
    excluded_restrictions: frozenset[str] = frozenset()
    vehicle_features: frozenset[str] = frozenset()
    trains: frozenset[str] = frozenset()
    days: tuple[str, ...] = ()  # version 2, flexible: the plan picks one of these (``day`` is then "")

    @property
    def flexible(self) -> bool:
        """True when the plan chooses the day (version 2 ``days``)."""
        return bool(self.days)

    @property
    def window(self) -> tuple[str, ...]:
        """The days this assignment may happen on."""
        return self.days if self.days else (self.day,)

    def on(self, day: str) -> "Assignment":
        """This assignment as it happens on ``day`` (a flexible one becomes fixed there)."""
        if self.day == day and not self.days:
            return self
        return replace(self, day=day, days=())

    @property
    def offsite(self) -> bool:
        """True when the crew must travel (and so needs a vehicle)."""
        return self.travel_minutes > 0


@dataclass(frozen=True)
class Problem:
    """A whole planning instance, with indexes by id."""

    name: str
    days: tuple[str, ...]
    blocks: tuple[Block, ...]
    learners: tuple[Learner, ...] = ()
    supervisors: tuple[Supervisor, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    format: str = PROBLEM_FORMAT

    @property
    def week(self) -> bool:
        """True for a version 2 problem, planned as one week."""
        return self.format == PROBLEM_FORMAT_V2

    @property
    def plan_format(self) -> str:
        """The plan format that goes with this problem's format."""
        return PLAN_FORMATS[self.format]

    @cached_property
    def learner(self) -> Mapping[str, Learner]:
        """Learners by id."""
        return {x.id: x for x in self.learners}

    @cached_property
    def supervisor(self) -> Mapping[str, Supervisor]:
        """Supervisors by id."""
        return {x.id: x for x in self.supervisors}

    @cached_property
    def vehicle(self) -> Mapping[str, Vehicle]:
        """Vehicles by id."""
        return {x.id: x for x in self.vehicles}

    @cached_property
    def assignment(self) -> Mapping[str, Assignment]:
        """Assignments by id."""
        return {x.id: x for x in self.assignments}

    def person(self, pid: str) -> Learner | Supervisor | None:
        """The learner or supervisor with this id (learners first, as check.py)."""
        return self.learner.get(pid) or self.supervisor.get(pid)

    def on_day(self, day: str) -> tuple[Assignment, ...]:
        """Assignments on ``day``, in input order (flexible ones only once fixed by ``Assignment.on``)."""
        return tuple(a for a in self.assignments if a.day == day)

    def may_happen_on(self, day: str) -> tuple[Assignment, ...]:
        """Every assignment that may happen on ``day``, each as it would there (version 2 too)."""
        return tuple(a.on(day) for a in self.assignments if day in a.window)

    def on_crew_days(self, crews: Iterable["Crew"]) -> "Problem":
        """This problem with each crew's assignment fixed on the crew's day (version 2).

        The hard rules read an assignment's ``day``; a version 2 crew names its own day.
        """
        if not self.week:
            return self
        day = {}
        for c in crews:
            day.setdefault(c.assignment, c.day if isinstance(c.day, str) else "")
        return replace(self, assignments=tuple(a.on(day[a.id]) if a.id in day else a for a in self.assignments))


@dataclass(frozen=True)
class VehicleUse:
    """A vehicle in a crew with its driver."""

    vehicle: str
    driver: str | None


@dataclass(frozen=True)
class Crew:
    """The learners, supervisors and vehicles (ploeg) on one assignment."""

    assignment: str
    learners: tuple[str, ...] = ()
    supervisors: tuple[str, ...] = ()
    vehicles: tuple[VehicleUse, ...] = ()
    day: str | None = None  # version 2: the day the crew works (required there)

    @property
    def members(self) -> frozenset[str]:
        """Everyone in the crew."""
        return frozenset(self.learners) | frozenset(self.supervisors)


@dataclass(frozen=True)
class Move:
    """A change against a previous plan: a person moved, dropped or added (see ``rule``)."""

    person: str
    before: tuple[str, ...]  # assignment ids in the previous plan
    after: tuple[str, ...]  # assignment ids in the new plan
    days_before: tuple[str, ...] = ()  # version 2: the day of each assignment in ``before``
    days_after: tuple[str, ...] = ()  # version 2: the day of each assignment in ``after``

    @property
    def rule(self) -> str:
        """``dropped``, ``added`` or ``moved``."""
        return "dropped" if not self.after else "added" if not self.before else "moved"

    def to_json(self) -> dict:
        out = {"rule": self.rule, "person": self.person, "from": list(self.before), "to": list(self.after)}
        if self.days_before or self.days_after:
            out.update(from_days=list(self.days_before), to_days=list(self.days_after))
        return out


@dataclass(frozen=True)
class PinConflict:
    """A pin that could not be honoured, and why.

    ``rule``: ``mandatory`` (a mandatory assignment pinned unstaffed), ``refused`` (the
    pinned person or vehicle breaks the hard rules ``refused`` there), ``driver`` (the
    pinned driver may not drive it: ``refused``), ``together`` (clashes with other pins
    or the rules as a whole).
    """

    pin: "Pin"
    rule: str
    refused: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out = {"rule": self.rule, "pin": self.pin.to_json()}
        if self.refused:
            out["refused"] = list(self.refused)
        return out


@dataclass(frozen=True)
class Pin:
    """A fixed choice the solver must keep. Exactly one of the optional fields is set."""

    assignment: str
    learner: str | None = None
    supervisor: str | None = None
    vehicle: str | None = None
    driver: str | None = None  # only with vehicle
    unstaffed: bool = False
    day: str | None = None  # version 2: the flexible assignment happens on this day (alone or with a person)

    def to_json(self) -> dict:
        """The pin as a PINS.json entry."""
        out: dict[str, Any] = {"assignment": self.assignment}
        for key in ("learner", "supervisor", "vehicle", "driver", "day"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.unstaffed:
            out["unstaffed"] = True
        return out


@dataclass(frozen=True)
class Plan:
    """A plan in ``workfloor-plan/1``, with the engine's extras."""

    instance: str
    status: str
    crews: tuple[Crew, ...] = ()
    explanation: tuple[str, ...] = ()  # the reasons in Dutch (SPEC's ``explanation``)
    moves: tuple[Move, ...] = ()
    pin_conflicts: tuple[PinConflict, ...] = ()
    score: tuple[int, ...] | None = None  # four levels (version 1) or six (version 2)
    bound: tuple[int | None, ...] | None = None
    format: str = PLAN_FORMAT
    reasons: tuple = ()  # findings.Reason: the explanation as data
    findings: tuple = ()  # version 2: weekexplain.WeekReason s, the week's explanation as data

    @cached_property
    def crew(self) -> Mapping[str, Crew]:
        """Crews by assignment id (the first one if listed twice)."""
        out: dict[str, Crew] = {}
        for c in self.crews:
            out.setdefault(c.assignment, c)
        return out


# ---------------------------------------------------------------- JSON reading

def _need(obj: Mapping, key: str, kind: type | tuple, where: str) -> Any:
    if key not in obj:
        raise ProblemError(f"{where}: missing field {key!r}")
    return _typed(obj[key], kind, f"{where}: field {key!r}")


def _opt(obj: Mapping, key: str, kind: type | tuple, default: Any, where: str) -> Any:
    if key not in obj or obj[key] is None:
        return default
    return _typed(obj[key], kind, f"{where}: field {key!r}")


def _typed(value: Any, kind: type | tuple, where: str) -> Any:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise ProblemError(f"{where} must be {_kind_name(kinds)}, got {value!r}")
    if not isinstance(value, kinds):
        raise ProblemError(f"{where} must be {_kind_name(kinds)}, got {type(value).__name__} {_short(value)}")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise ProblemError(f"{where} is {_short(value)}, larger than {MAX_INT} (too large to plan with)")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_name(kinds: tuple) -> str:
    names = {str: "a string", int: "an integer", bool: "true or false", list: "a list", dict: "an object"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _strings(obj: Mapping, key: str, where: str) -> tuple[str, ...]:
    items = _opt(obj, key, list, [], where)
    for i, item in enumerate(items):
        _typed(item, str, f"{where}: {key}[{i}]")
    return tuple(items)


def _count_map(obj: Mapping, key: str, where: str, minimum: int = 0) -> Pairs:
    items = _opt(obj, key, dict, {}, where)
    for k, v in items.items():
        _typed(v, int, f"{where}: {key}[{k!r}]")
        if v < minimum:
            raise ProblemError(f"{where}: {key}[{k!r}] is {v}, must be at least {minimum}")
    return tuple(sorted(items.items()))


def _availability(obj: Mapping, where: str, days: set, blocks: set, week: bool = False) -> Pairs:
    items = _opt(obj, "available", dict, {}, where)
    out = []
    for day, bl in items.items():
        if day not in days:
            raise ProblemError(f"{where}: field 'available' names day {day!r}, which is not in 'days'")
        _typed(bl, list, f"{where}: available[{day!r}]")
        for b in bl:
            if not isinstance(b, str) or b not in blocks:
                raise ProblemError(f"{where}: available[{day!r}] names unknown block {_short(b)}")
        if week and len(set(bl)) != len(bl):  # version 2 counts the listed slots (fairness)
            raise ProblemError(f"{where}: available[{day!r}] lists a block twice")
        out.append((day, frozenset(bl)))
    return tuple(sorted(out))


def _ident(obj: Any, kind: str, index: int, seen: set) -> tuple[str, str]:
    where = f"{kind}[{index}]"
    _typed(obj, dict, where)
    if "id" not in obj:
        raise ProblemError(f"{where}: missing field 'id'")
    pid = _typed(obj["id"], str, f"{where}: field 'id'")
    if not pid:
        raise ProblemError(f"{where}: field 'id' is empty")
    if pid in seen:
        raise ProblemError(f"{kind} {pid!r}: duplicate id")
    seen.add(pid)
    return pid, f"{kind} {pid!r}"


def problem_from_json(data: Any) -> Problem:
    """Build a :class:`Problem` from parsed ``workfloor-planning/1`` JSON.

    Raises:
        ProblemError: when anything is malformed; the message names field and id.
    """
    _typed(data, dict, "instance")
    fmt = data.get("format")
    if fmt not in PLAN_FORMATS:
        raise ProblemError(f"instance: field 'format' is {_short(fmt)}, expected {PROBLEM_FORMAT!r} "
                           f"or {PROBLEM_FORMAT_V2!r}")
    week = fmt == PROBLEM_FORMAT_V2
    name = _opt(data, "name", str, "", "instance")
    days = _strings(data, "days", "instance")
    for d in days:
        try:
            dt.date.fromisoformat(d)
        except ValueError:
            raise ProblemError(f"instance: field 'days' holds {d!r}, not a date YYYY-MM-DD") from None
    if len(set(days)) != len(days):
        raise ProblemError("instance: field 'days' lists a day twice")
    day_set = set(days)

    blocks, seen = [], set()
    for i, b in enumerate(_opt(data, "blocks", list, [], "instance")):
        bid, where = _ident(b, "block", i, seen)
        blocks.append(Block(bid, _opt(b, "start", str, "", where), _opt(b, "end", str, "", where)))
    block_set = {b.id for b in blocks}

    learners, seen = [], set()
    for i, raw in enumerate(_opt(data, "learners", list, [], "instance")):
        lid, where = _ident(raw, "learner", i, seen)
        goals = []
        for j, g in enumerate(_opt(raw, "goals", list, [], where)):
            gw = f"{where}: goals[{j}]"
            _typed(g, dict, gw)
            per_week = _opt(g, "per_week", int, PER_WEEK, gw) if week else PER_WEEK
            if per_week < 0:
                raise ProblemError(f"{gw}: field 'per_week' is {per_week}, must be at least 0")
            goals.append(Goal(_need(g, "competency", str, gw), _opt(g, "weight", int, 1, gw), per_week))
        learners.append(Learner(
            id=lid, name=_opt(raw, "name", str, lid, where),
            mentor=_opt(raw, "mentor", str, None, where) if week else None,
            domains=frozenset(_strings(raw, "domains", where)),
            available=_availability(raw, where, day_set, block_set, week),
            levels=_count_map(raw, "levels", where),
            certificates=frozenset(_strings(raw, "certificates", where)),
            restrictions=frozenset(_strings(raw, "restrictions", where)),
            licences=frozenset(_strings(raw, "licences", where)),
            goals=tuple(goals), avoid=frozenset(_strings(raw, "avoid", where))))
    known_learners = {x.id for x in learners}
    for x in learners:
        for other in sorted(x.avoid):
            if other not in known_learners:
                raise ProblemError(f"learner {x.id!r}: field 'avoid' names unknown learner {other!r}")

    supervisors, seen = [], set()
    for i, raw in enumerate(_opt(data, "supervisors", list, [], "instance")):
        sid, where = _ident(raw, "supervisor", i, seen)
        max_l = _need(raw, "max_learners", int, where)
        if max_l < 0:
            raise ProblemError(f"{where}: field 'max_learners' is negative")
        supervisors.append(Supervisor(
            id=sid, name=_opt(raw, "name", str, sid, where), max_learners=max_l,
            domains=frozenset(_strings(raw, "domains", where)),
            available=_availability(raw, where, day_set, block_set),
            licences=frozenset(_strings(raw, "licences", where))))
    known_supervisors = {x.id for x in supervisors}
    for x in learners:
        if x.mentor is not None and x.mentor not in known_supervisors:
            raise ProblemError(f"learner {x.id!r}: field 'mentor' names {x.mentor!r}, who is not a supervisor")

    vehicles, seen = [], set()
    for i, raw in enumerate(_opt(data, "vehicles", list, [], "instance")):
        vid, where = _ident(raw, "vehicle", i, seen)
        seats = _opt(raw, "seats", int, 0, where)
        if seats < 0:
            raise ProblemError(f"{where}: field 'seats' is negative")
        vehicles.append(Vehicle(
            id=vid, name=_opt(raw, "name", str, vid, where), seats=seats,
            licence=_opt(raw, "licence", str, "", where),
            features=frozenset(_strings(raw, "features", where)),
            available=_availability(raw, where, day_set, block_set)))

    assignments, seen = [], set()
    for i, raw in enumerate(_opt(data, "assignments", list, [], "instance")):
        aid, where = _ident(raw, "assignment", i, seen)
        window: tuple[str, ...] = ()
        if week and "days" in raw:
            if "day" in raw:
                raise ProblemError(f"{where}: give either 'day' or 'days', not both")
            window = _strings(raw, "days", where)
            if not window:
                raise ProblemError(f"{where}: field 'days' is empty")
            for d in window:
                if d not in day_set:
                    raise ProblemError(f"{where}: field 'days' names {d!r}, which is not in the instance's 'days'")
            if len(set(window)) != len(window):
                raise ProblemError(f"{where}: field 'days' lists a day twice")
            window = tuple(d for d in days if d in window)  # in the week's order
            day = ""
        else:
            day = _need(raw, "day", str, where)
            if day not in day_set:
                raise ProblemError(f"{where}: field 'day' is {day!r}, which is not in 'days'")
        ablocks = _strings(raw, "blocks", where)
        for b in ablocks:
            if b not in block_set:
                raise ProblemError(f"{where}: field 'blocks' names unknown block {b!r}")
        if len(set(ablocks)) != len(ablocks):
            raise ProblemError(f"{where}: field 'blocks' lists a block twice")
        lo = _opt(raw, "min_learners", int, 0, where)
        hi = _need(raw, "max_learners", int, where)
        if lo < 0 or hi < 0:
            raise ProblemError(f"{where}: min_learners and max_learners must not be negative")
        if lo > hi:
            raise ProblemError(f"{where}: min_learners {lo} is above max_learners {hi}")
        min_s = _opt(raw, "min_supervisors", int, 1, where)
        travel = _opt(raw, "travel_minutes", int, 0, where)
        if min_s < 0 or travel < 0:
            raise ProblemError(f"{where}: min_supervisors and travel_minutes must not be negative")
        assignments.append(Assignment(
            id=aid, name=_opt(raw, "name", str, aid, where), domain=_need(raw, "domain", str, where),
            day=day, blocks=ablocks, max_learners=hi, site=_opt(raw, "site", str, "", where),
            travel_minutes=travel, min_learners=lo, min_supervisors=min_s,
            mandatory=_opt(raw, "mandatory", bool, False, where),
            priority=_opt(raw, "priority", int, 1, where),
            certificates=_count_map(raw, "certificates", where),
            min_levels=_count_map(raw, "min_levels", where),
            excluded_restrictions=frozenset(_strings(raw, "excluded_restrictions", where)),
            vehicle_features=frozenset(_strings(raw, "vehicle_features", where)),
            trains=frozenset(_strings(raw, "trains", where)), days=window))

    return Problem(name=name, days=days, blocks=tuple(blocks), learners=tuple(learners),
                   supervisors=tuple(supervisors), vehicles=tuple(vehicles),
                   assignments=tuple(assignments), format=fmt)


def load_problem(path: str) -> Problem:
    """Read a ``workfloor-planning/1`` file; unreadable or bad JSON is a ProblemError too."""
    return problem_from_json(_read_json(path, "instance"))


def _read_json(path: str, what: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise ProblemError(f"{what} file {path!r}: cannot read ({e.strerror or e})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ProblemError(f"{what} file {path!r}: not valid JSON ({e})") from None
    except RecursionError:
        raise ProblemError(f"{what} file {path!r}: nested too deeply to be a planning file") from None
    except ValueError as e:  # e.g. a number with more digits than Python converts
        raise ProblemError(f"{what} file {path!r}: not valid JSON ({e})") from None


def plan_from_json(data: Any) -> Plan:
    """Read a ``workfloor-plan/1`` plan. Unknown ids are kept: the validator reports them.

    Raises:
        ProblemError: when the structure itself is malformed (wrong types, missing keys).
    """
    _typed(data, dict, "plan")
    crews = []
    for i, c in enumerate(_opt(data, "crews", list, [], "plan")):
        where = f"plan: crews[{i}]"
        _typed(c, dict, where)
        aid = _need(c, "assignment", str, where)
        where = f"plan: crew of {aid!r}"
        uses = []
        for j, v in enumerate(_opt(c, "vehicles", list, [], where)):
            _typed(v, dict, f"{where}: vehicles[{j}]")
            uses.append(VehicleUse(_need(v, "vehicle", str, f"{where}: vehicles[{j}]"),
                                   _opt(v, "driver", str, None, f"{where}: vehicles[{j}]")))
        crews.append(Crew(aid, _strings(c, "learners", where), _strings(c, "supervisors", where),
                          tuple(uses), _opt(c, "day", str, None, where)))
    explanation = _strings(data, "explanation", "plan")
    reasons = tuple(Reason.from_json(r) for r in _opt(data, "reasons", list, [], "plan") if isinstance(r, dict))
    moves = tuple(Move(m["person"], tuple(m.get("from", ())), tuple(m.get("to", ())))
                  for m in _opt(data, "moves", list, [], "plan") if isinstance(m, dict) and "person" in m)
    return Plan(instance=str(data.get("instance", "")), status=data.get("status"),
                crews=tuple(crews), explanation=explanation, reasons=reasons, moves=moves,
                format=data.get("format"))


def load_plan(path: str) -> Plan:
    """Read a ``workfloor-plan/1`` file."""
    return plan_from_json(_read_json(path, "plan"))


# ---------------------------------------------------------------- JSON writing

def crew_to_json(c: Crew) -> dict:
    """One crew as ``workfloor-plan/1`` JSON (``workfloor-plan/2``: with its ``day``)."""
    out = {"assignment": c.assignment}
    if c.day is not None:
        out["day"] = c.day
    out.update({"learners": list(c.learners), "supervisors": list(c.supervisors),
                "vehicles": [{"vehicle": u.vehicle, "driver": u.driver} for u in c.vehicles]})
    return out


def plan_to_json(plan: Plan) -> dict:
    """The plan as ``workfloor-plan/1`` or ``/2`` JSON, with the engine's extra keys."""
    fmt = plan.format if plan.format in PLAN_FORMATS.values() else PLAN_FORMAT
    out: dict[str, Any] = {"format": fmt, "instance": plan.instance, "status": plan.status,
                           "crews": [crew_to_json(c) for c in plan.crews]}
    if plan.score is not None:
        out["score"] = list(plan.score)
    if plan.bound is not None:
        out["bound"] = list(plan.bound)
    if plan.explanation or plan.status == "infeasible":
        out["explanation"] = list(plan.explanation)
    if plan.reasons:
        out["reasons"] = [r.to_json() for r in plan.reasons]
    if plan.findings:
        out["findings"] = [f.to_json() for f in plan.findings]
    if plan.moves:
        out["moves"] = [m.to_json() for m in plan.moves]
    if plan.pin_conflicts:
        out["pin_conflicts"] = [p.to_json() for p in plan.pin_conflicts]
    return out


def pins_from_json(data: Any) -> tuple[Pin, ...]:
    """Read PINS.json: ``{"pins": [{"assignment": "A001", "learner": "L004"}, ...]}``.

    Each entry names an assignment and exactly one of: ``learner``, ``supervisor``,
    ``vehicle`` (optionally with ``driver``), or ``"unstaffed": true``.
    """
    _typed(data, dict, "pins")
    pins = []
    for i, raw in enumerate(_need(data, "pins", list, "pins")):
        where = f"pins[{i}]"
        _typed(raw, dict, where)
        aid = _need(raw, "assignment", str, where)
        where = f"pins[{i}] (assignment {aid!r})"
        pin = Pin(aid, learner=_opt(raw, "learner", str, None, where),
                  supervisor=_opt(raw, "supervisor", str, None, where),
                  vehicle=_opt(raw, "vehicle", str, None, where),
                  driver=_opt(raw, "driver", str, None, where),
                  unstaffed=_opt(raw, "unstaffed", bool, False, where),
                  day=_opt(raw, "day", str, None, where))
        chosen = sum(x is not None for x in (pin.learner, pin.supervisor, pin.vehicle)) + pin.unstaffed
        if chosen > 1 or (chosen == 0 and pin.day is None):
            raise ProblemError(f"{where}: give exactly one of 'learner', 'supervisor', 'vehicle', 'unstaffed' "
                               f"(or only a 'day')")
        if pin.unstaffed and pin.day is not None:
            raise ProblemError(f"{where}: an unstaffed assignment has no day")
        if pin.driver is not None and pin.vehicle is None:
            raise ProblemError(f"{where}: 'driver' only goes with 'vehicle'")
        pins.append(pin)
    return tuple(pins)


def check_pins(problem: Problem, pins: Iterable[Pin]) -> None:
    """Raise ProblemError when a pin names an unknown assignment, person or vehicle."""
    for pin in pins:
        where = f"pin on assignment {pin.assignment!r}"
        if pin.assignment not in problem.assignment:
            raise ProblemError(f"{where}: unknown assignment {pin.assignment!r}")
        if pin.learner is not None and pin.learner not in problem.learner:
            raise ProblemError(f"{where}: unknown learner {pin.learner!r}")
        if pin.supervisor is not None and pin.supervisor not in problem.supervisor:
            raise ProblemError(f"{where}: unknown supervisor {pin.supervisor!r}")
        if pin.vehicle is not None and pin.vehicle not in problem.vehicle:
            raise ProblemError(f"{where}: unknown vehicle {pin.vehicle!r}")
        if pin.driver is not None and problem.person(pin.driver) is None:
            raise ProblemError(f"{where}: unknown driver {pin.driver!r}")
        if pin.day is not None and (not problem.week or pin.day not in problem.days):
            raise ProblemError(f"{where}: day {pin.day!r} is not a day of this week" if problem.week else
                               f"{where}: 'day' pins need a version 2 (week) instance")


def load_pins(path: str) -> tuple[Pin, ...]:
    """Read a PINS.json file."""
    return pins_from_json(_read_json(path, "pins"))


# The Dutch words used to live here; their one home is now render.py (kept importable).
from .render import WORDS_NL, assignment_nl, block_nl, day_nl, person_nl, word_nl  # noqa: E402,F401
