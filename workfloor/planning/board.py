"""The planning board of one day: cards per assignment, the pool, absences, warnings and history.

Everything is read in a fixed number of queries (``PlanningData``: the rows, the day plan
and the id mapping), then assembled here in Python; the rules themselves come from
``scheduling`` and every finding is said by ``findings.say`` in the reader's language.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import scheduling
from sqlalchemy import select

from workfloor import clock
from workfloor.extensions import db
from workfloor.models import Assignment, DayPlan, Floor, Person, PlanEvent, Vehicle
from workfloor.planning import operations
from workfloor.planning.adapter import PlanningData
from workfloor.planning.findings import Names, reason_of, say, say_stored, violation_of
from workfloor.planning.problem import BLOCKS, DayData, key
from workfloor.planning.text import (
    _, english, event_person_ids, ngettext, person_names, result_lines, unplaced_text, word,
)
from workfloor.vocabulary import AbsenceReason, Block


@dataclass
class Chip:
    """One learner, supervisor or van on the board."""

    kind: str
    subject: int
    name: str
    assignment: int | None = None
    pinned: bool = False
    reasons: list[str] = field(default_factory=list)
    driver: int | None = None
    driver_name: str = ""
    seats: int = 0
    can_drive: bool = False


@dataclass
class Card:
    """One assignment with its crew."""

    assignment: Assignment
    key: str
    blocks: list[str]
    learners: list[Chip] = field(default_factory=list)
    supervisors: list[Chip] = field(default_factory=list)
    vehicles: list[Chip] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    unstaffed_pin: bool = False

    @property
    def staffed(self) -> bool:
        return bool(self.learners or self.supervisors or self.vehicles)

    @property
    def other_days(self) -> list[date]:
        """A flexible assignment's other days it may still move to (empty for a fixed one)."""
        return operations.reschedule_days(self.assignment, clock.today())

    @property
    def seats_used(self) -> int:
        return len(self.learners) + len(self.supervisors)

    @property
    def seats_available(self) -> int:
        return sum(v.seats for v in self.vehicles)

    @property
    def offsite(self) -> bool:
        return self.assignment.site.travel_minutes > 0


@dataclass
class FloorState:
    """One floor's plan of the day on the board: its status, and what publishing would change."""

    floor: Floor
    plan: DayPlan | None  # the draft revision, or the published plan when there are no changes
    published: DayPlan | None
    changes: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        """none, draft (never published), published, changed (published, with a draft revision)."""
        if self.plan is None:
            return "none"
        if self.published is None:
            return "draft"
        return "changed" if self.plan.status == "draft" else "published"


@dataclass
class Board:
    day: date
    floor_ids: set[int]
    day_plan: operations.PlansOfDay
    data: DayData
    problem: scheduling.Problem
    plan: scheduling.Plan
    names: Names
    cards: list[Card]
    pool: dict[str, list[Chip]]
    pool_supervisors: dict[str, list[Chip]]
    pool_vehicles: list[Chip]
    absent: list[dict]
    warnings: list[dict]
    score_lines: list[str]
    placed_line: str
    history: list[PlanEvent]
    floors: list[FloorState] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)
    edit: PlanEvent | None = None

    @property
    def version(self) -> str:
        """The token every change posts back: each floor's plan and version."""
        return operations.token_of(self.day_plan.plans, self.floor_ids)

    @property
    def unstaffed(self) -> list[Card]:
        return [c for c in self.cards if not c.staffed]

    @property
    def edit_open(self) -> bool:
        """The edit just made broke a rule and waits for "accept" or "undo"."""
        details = self.edit.details if self.edit else {}
        return bool((details.get("findings") or details.get("warnings")) and not details.get("undone"))

    @property
    def edit_warnings(self) -> list[str]:
        """The rules the open edit broke, in the reader's language."""
        return warning_lines(self.edit.details if self.edit else {}, self.names)

    @property
    def explanation(self) -> list[str]:
        """Why not everything could be planned, in the reader's language (old rows: their Dutch text)."""
        return say_stored(self.day_plan.explanation if self.day_plan else [], reason_of, self.names)

    @property
    def edit_card(self) -> int | None:
        """The card the open edit's first broken rule is about (None: the top of the board)."""
        on_board = {c.assignment.id for c in self.cards}
        for aid in (self.edit.details.get("warning_assignments", []) if self.edit else []):
            if aid in on_board:
                return aid
        return None

    @property
    def published(self) -> bool:
        """Every floor on the board has published (learners see its plan)."""
        return bool(self.floors) and all(f.published is not None for f in self.floors)


def warning_lines(details: dict, names: Names | None = None) -> list[str]:
    """The warnings an edit or an acceptance is about, in the reader's language.

    New rows keep the violations as data (``findings``); older ones their Dutch and English text.
    """
    if details.get("findings"):
        return say_stored(details["findings"], violation_of, names)
    if english() and len(details.get("warnings_en") or []) == len(details.get("warnings") or []):
        return list(details.get("warnings_en") or [])
    return list(details.get("warnings") or [])


def _requirements(a: Assignment, names: Names) -> list[str]:
    out = [_("%(min)s–%(max)s leerwerknemers", min=a.min_learners, max=a.max_learners)]
    if a.min_supervisors != 1:
        out.append(ngettext("%(num)s begeleider", "%(num)s begeleiders", a.min_supervisors))
    out += [_("%(n)s× attest %(certificate)s", n=n, certificate=word(c))
            for c, n in sorted((a.certificates or {}).items())]
    out += [_("niveau %(level)s %(competency)s", level=lvl, competency=names.competency(c))
            for c, lvl in sorted((a.min_levels or {}).items())]
    out += [_("niet bij: %(restriction)s", restriction=word(r)) for r in sorted(a.excluded_restrictions or [])]
    out += [_("wagen met %(feature)s", feature=word(f)) for f in sorted(a.vehicle_features or [])]
    if a.trains:
        out.append(_("oefent %(competencies)s", competencies=", ".join(names.competency(t) for t in sorted(a.trains))))
    return out


def learner_reasons(problem: scheduling.Problem, learner_key: str, assignment_key: str, names: Names) -> list[str]:
    """Why a learner is on this crew: the goals it practises, the certificate it brings."""
    learner = problem.learner.get(learner_key)
    a = problem.assignment.get(assignment_key)
    if learner is None or a is None:
        return []
    reasons = [scheduling.FitReason("goal", (g.competency,)) for g in learner.goals if g.competency in a.trains]
    reasons += [scheduling.FitReason("certificate", (c,)) for c, n in a.certificates if n and c in learner.certificates]
    return [say(r, names) for r in reasons]


def warning_key(rule: str, assignment: str | None, subjects) -> tuple:
    """What an accepted warning is known by: the rule, the assignment and who or what it is about."""
    return (rule, assignment, tuple(subjects or ()))


def accepted_warnings(day_plan) -> dict[tuple, str]:
    """``warning_key`` -> the reason it was accepted with (the latest acceptance wins)."""
    out: dict[tuple, str] = {}
    for e in sorted(day_plan.events, key=lambda e: (e.at, e.id or 0)) if day_plan else []:
        if e.kind == "accepted":
            for rule, assignment, subjects in e.details.get("keys", []):
                out[warning_key(rule, assignment, subjects)] = e.reason
    return out


def build_board(day: date, floor_ids: set[int], *, edit_event: int | None = None) -> Board:
    """Read and assemble the board of one day for these floors."""
    rows = operations.plan_rows(day, floor_ids, full=True)
    loaded = PlanningData.for_day(day, floor_ids,
                                  day_plan=operations.PlansOfDay(day, operations.current_of(rows, floor_ids)))
    data, problem, day_plan, keys = loaded.data, loaded.problem, loaded.day_plan, loaded.keys
    said = loaded.names
    names = {x.person_id: x.name for x in data.learners} | {s.person_id: s.name for s in data.supervisors}
    unknown = {p for p in keys if p not in names}
    if unknown:
        names |= {p.id: p.name for p in db.session.execute(select(Person).where(Person.id.in_(unknown))).scalars()}
    plan = loaded.plan
    may_drive = {x.person_id for x in data.learners if x.may_drive and x.person.licences}
    may_drive |= {s.person_id for s in data.supervisors if s.person.licences}

    vans = {v.id: v for v in data.vehicles}
    missing_vans = {v.vehicle_id for v in (day_plan.vehicles if day_plan else []) if v.vehicle_id not in vans}
    if missing_vans:
        vans |= {v.id: v for v in db.session.execute(select(Vehicle).where(Vehicle.id.in_(missing_vans))).scalars()}

    cards = {a.id: Card(a, key("assignment", a.id), [b for b, on in (("am", a.morning), ("pm", a.afternoon)) if on],
                        requirements=_requirements(a, said)) for a in data.assignments}
    placed: dict[int, set[str]] = defaultdict(set)  # person id -> blocks on a crew
    used_vans: dict[int, set[str]] = defaultdict(set)
    drivers = {}
    for v in (day_plan.vehicles if day_plan else []):
        if v.assignment_id in cards:
            drivers[(v.assignment_id, v.driver_id)] = vans[v.vehicle_id].name
    for m in sorted(day_plan.members if day_plan else [], key=lambda m: names.get(m.person_id, "")):
        card = cards.get(m.assignment_id)
        if card is None:
            continue
        placed[m.person_id] |= set(card.blocks)
        chip = Chip(m.role, m.person_id, names.get(m.person_id, "?"), m.assignment_id, m.pinned,
                    can_drive=m.person_id in may_drive)
        if m.role == "learner":
            chip.reasons = learner_reasons(problem, keys.get(m.person_id, ""), card.key, said)
        if (m.assignment_id, m.person_id) in drivers:
            chip.reasons.append(_("rijdt %(van)s", van=drivers[(m.assignment_id, m.person_id)]))
        (card.learners if m.role == "learner" else card.supervisors).append(chip)
    for v in (day_plan.vehicles if day_plan else []):
        card = cards.get(v.assignment_id)
        if card is None:
            continue
        used_vans[v.vehicle_id] |= set(card.blocks)
        van = vans[v.vehicle_id]
        card.vehicles.append(Chip("vehicle", v.vehicle_id, van.name, v.assignment_id, v.pinned, driver=v.driver_id,
                                  driver_name=names.get(v.driver_id, "") if v.driver_id else "", seats=van.seats))
    for p in (day_plan.pins if day_plan else []):
        if p.assignment_id in cards:
            cards[p.assignment_id].unstaffed_pin = True

    pool = {b: [] for b in BLOCKS}
    for x in data.learners:
        for b in data.learner_blocks(x):
            if b not in placed[x.person_id]:
                pool[b].append(Chip("learner", x.person_id, x.name, can_drive=x.person_id in may_drive))
    pool_supervisors = {b: [] for b in BLOCKS}
    for s in data.supervisors:
        for b in data.supervisor_blocks(s):
            if b not in placed[s.person_id]:
                pool_supervisors[b].append(Chip("supervisor", s.person_id, s.name, can_drive=s.person_id in may_drive))
    pool_vehicles = [Chip("vehicle", v.id, v.name, seats=v.seats) for v in data.vehicles
                     if set(data.vehicle_blocks(v)) - used_vans[v.id]]

    reasons = dict(AbsenceReason.choices())
    absent = [{"name": names.get(a.person_id, a.person.name), "person": a.person_id,
               "reason": reasons.get(a.reason, a.reason),
               "blocks": [str(Block(b).label) for b in a.blocks]} for a in data.absences]

    # Acceptances live in the history of the published plan as well as in its draft revision.
    accepted = accepted_warnings(operations.PlansOfDay(day, {i: p for i, p in enumerate(rows.values())}))
    verdict = scheduling.validate(problem, plan, require_mandatory=False)
    general = []
    by_key = {c.key: c for c in cards.values()}
    for v in verdict.violations:
        item = {"message": say(v, said), "rule": v.rule, "accepted": accepted.get(v.key)}
        if v.assignment in by_key:
            by_key[v.assignment].warnings.append(item)
        else:
            general.append(item)

    available = sum(len(x.free(day.isoformat())) for x in problem.learners)
    crews = [c for c in plan.crews if c.assignment in problem.assignment]
    placed_slots = sum(len(problem.assignment[c.assignment].blocks) * len(c.learners) for c in crews)
    persons = {key("learner", x.id): x.person_id for x in data.learners}
    first_names = {x.person_id: x.person.first_name for x in data.learners}
    labels = {a.id: a.name for a in data.assignments}
    # Reasons only where a plan was made: before Genereer, nobody is "not chosen".
    planned_floors = set(operations.current_of(rows, floor_ids))
    planned = {x.person_id for x in data.learners if planned_floors & {fl.id for fl in x.floors}}
    unplaced = []
    for f in operations.unplaced_findings(problem, plan, persons):
        if f["person"] not in planned:
            continue
        f["text"] = unplaced_text(f, first_names.get(f["person"], "?"), labels)
        f["name"] = names.get(f["person"], "?")
        unplaced.append(f)
    why: dict[tuple[int, str], str] = {(f["person"], f["block"]): f["text"] for f in unplaced}
    for block, chips in pool.items():
        for chip in chips:
            if (chip.subject, block) in why:
                chip.reasons.append(why[(chip.subject, block)])
    per_person: dict[str, list[str]] = defaultdict(list)
    for f in unplaced:
        if f["text"] not in per_person[f["name"]]:
            per_person[f["name"]].append(f["text"])
    learning = scheduling.LEVELS[2].value(problem, crews)
    vans = len({u.vehicle for c in crews for u in c.vehicles})
    lines = result_lines(placed_slots, available, [(n, "; ".join(t)) for n, t in per_person.items()],
                         learning, vans)
    placed_line = lines[0]

    # Only these floors' plans: a supervisor never reads another floor's history.
    history = sorted({e.id: e for p in rows.values() for e in p.events}.values(), key=lambda e: (e.at, e.id),
                     reverse=True)
    edit = None
    if edit_event and day_plan:
        edit = next((e for e in day_plan.events if e.id == edit_event and e.kind == "edit"), None)
    floor_rows = {f.id: f for f in db.session.execute(select(Floor).where(Floor.id.in_(floor_ids))).scalars()}
    floors = []
    for floor_id in sorted(floor_ids, key=lambda f: floor_rows[f].name if f in floor_rows else ""):
        if floor_id not in floor_rows:
            continue
        current = day_plan.plans.get(floor_id)
        state = FloorState(floor_rows[floor_id], current, rows.get((floor_id, "published")))
        if state.status == "changed":
            state.changes = operations.diff(current, operations.snapshot(state.published),
                                            operations.snapshot(current))
        floors.append(state)
    # History rows name persons by id: look all their current names up at once.
    person_names(event_person_ids(history) | {int(c["key"][7:]) for f in floors for c in f.changes
                                                if c["key"].startswith("person:")})
    return Board(day, set(floor_ids), day_plan, data, problem, plan, said, list(cards.values()), pool,
                 pool_supervisors, pool_vehicles, absent, general, lines[1:], placed_line, history, floors, unplaced,
                 edit=edit)
