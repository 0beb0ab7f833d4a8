"""Day plans: store the engine's plan, read it back, change it by hand, publish, log every change.

Operations flush, never commit: the view or command that calls them commits once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import scheduling
from workfloor.assignments.operations import cancel_assignment
from workfloor.extensions import db
from workfloor.models import (
    Absence, Assignment, CrewMember, CrewVehicle, DayPlan, Learner, Person, PlanEvent, Supervisor, UnstaffedPin,
    User, Vehicle, utcnow,
)
from workfloor.planning.problem import key, parse_key, row_id
from workfloor.planning.text import diff_line, summary


class PlanError(ValueError):
    """A change that cannot be made (unknown person, assignment outside the board); message in Dutch."""


# ------------------------------------------------------------------ the day plan row

def day_plan_for(day: date, *, create: bool = False, full: bool = False) -> DayPlan | None:
    """The day plan of that day (made when ``create``); ``full`` loads crews, pins and history too."""
    query = select(DayPlan).where(DayPlan.day == day)
    if full:
        query = query.options(selectinload(DayPlan.members), selectinload(DayPlan.vehicles),
                              selectinload(DayPlan.pins), selectinload(DayPlan.events).joinedload(PlanEvent.user))
    plan = db.session.execute(query).scalar()
    if plan is None and create:
        plan = DayPlan(day=day, status="draft", explanation=[])
        db.session.add(plan)
        db.session.flush()
    return plan


def touch(plan: DayPlan, user: User | None) -> None:
    """Mark the plan as changed: bumps its version, so a stale edit elsewhere gets a conflict."""
    plan.updated_at = utcnow()
    plan.updated_by_id = user.id if user else None


# ------------------------------------------------------------------ ids of persons

def person_keys(person_ids: set[int]) -> dict[int, str]:
    """Engine ids (``L..``/``S..``) of these persons; learners win when someone is both."""
    ids = [p for p in person_ids if p is not None]
    if not ids:
        return {}
    out = {pid: key("supervisor", sid) for sid, pid in db.session.execute(
        select(Supervisor.id, Supervisor.person_id).where(Supervisor.person_id.in_(ids)))}
    out.update({pid: key("learner", lid) for lid, pid in db.session.execute(
        select(Learner.id, Learner.person_id).where(Learner.person_id.in_(ids)))})
    return out


def key_persons(keys: set[str]) -> dict[str, int]:
    """Person ids behind engine ids of learners and supervisors (unknown ones are left out)."""
    learners, supervisors = set(), set()
    for k in keys:
        kind, number = parse_key(k)
        (learners if kind == "learner" else supervisors).add(number)
    out = {}
    if learners:
        out |= {key("learner", lid): pid for lid, pid in db.session.execute(
            select(Learner.id, Learner.person_id).where(Learner.id.in_(learners)))}
    if supervisors:
        out |= {key("supervisor", sid): pid for sid, pid in db.session.execute(
            select(Supervisor.id, Supervisor.person_id).where(Supervisor.id.in_(supervisors)))}
    return out


# ------------------------------------------------------------------ database -> engine

def plan_of(day_plan: DayPlan | None, keys: dict[int, str], assignment_ids: set[int] | None = None) -> scheduling.Plan:
    """The crews of a loaded day plan as a ``scheduling.Plan`` (only these assignments, when given)."""
    if day_plan is None:
        return scheduling.Plan(instance="", status="feasible")
    crews: dict[int, dict[str, list]] = defaultdict(lambda: {"learners": [], "supervisors": [], "vehicles": []})
    for m in sorted(day_plan.members, key=lambda m: m.id or 0):
        if assignment_ids is not None and m.assignment_id not in assignment_ids:
            continue
        pkey = keys.get(m.person_id)
        if pkey is None:
            continue
        crews[m.assignment_id]["learners" if m.role == "learner" else "supervisors"].append(pkey)
    for v in sorted(day_plan.vehicles, key=lambda v: v.id or 0):
        if assignment_ids is not None and v.assignment_id not in assignment_ids:
            continue
        crews[v.assignment_id]["vehicles"].append(
            scheduling.VehicleUse(key("vehicle", v.vehicle_id), keys.get(v.driver_id) if v.driver_id else None))
    out = [scheduling.Crew(key("assignment", aid), tuple(c["learners"]), tuple(c["supervisors"]),
                           tuple(c["vehicles"])) for aid, c in sorted(crews.items())]
    return scheduling.Plan(instance=f"workfloor {day_plan.day.isoformat()}",
                           status=day_plan.solver_status or "feasible", crews=tuple(out),
                           explanation=tuple(e for e in day_plan.explanation or () if isinstance(e, str)),
                           reasons=tuple(scheduling.Reason.from_json(e) for e in day_plan.explanation or ()
                                         if isinstance(e, dict)),
                           score=tuple(day_plan.score) if day_plan.score else None)


def crew_person_ids(day_plan: DayPlan | None) -> set[int]:
    """Everyone a day plan mentions: crew members and drivers."""
    if day_plan is None:
        return set()
    return {m.person_id for m in day_plan.members} | {v.driver_id for v in day_plan.vehicles if v.driver_id}


def plan_from_db(day: date, floor_ids: set[int] | None = None) -> scheduling.Plan | None:
    """The stored plan of that day (only these floors' assignments, when given), or None if there is none.

    Crews of cancelled assignments are left out: they are not in the day's problem.
    """
    day_plan = day_plan_for(day, full=True)
    if day_plan is None:
        return None
    query = select(Assignment.id).where(Assignment.day == day, ~Assignment.cancelled)
    if floor_ids is not None:
        query = query.where(Assignment.floor_id.in_(floor_ids))
    scope = set(db.session.execute(query).scalars())  # a cancelled assignment's crew no longer counts
    return plan_of(day_plan, person_keys(crew_person_ids(day_plan)), scope)


# ------------------------------------------------------------------ engine -> database

def snapshot(day_plan: DayPlan) -> dict[str, list]:
    """Who and what is where: ``person:<id>`` -> assignment ids, ``vehicle:<id>`` -> [assignment, driver]."""
    out: dict[str, list] = defaultdict(list)
    for m in day_plan.members:
        out[f"person:{m.person_id}"].append(m.assignment_id)
    for v in day_plan.vehicles:
        out[f"vehicle:{v.vehicle_id}"].append([v.assignment_id, v.driver_id])
    return {k: sorted(v) for k, v in out.items()}


def store_plan(day_plan: DayPlan, plan: scheduling.Plan, assignment_ids: set[int]) -> None:
    """Replace the unpinned crews of these assignments by the plan's; pinned placements stay.

    The day plan keeps its status: a published plan stays published (the caller logs the change).
    """
    pinned_people = {(m.assignment_id, m.person_id) for m in day_plan.members
                     if m.pinned and m.assignment_id in assignment_ids}
    pinned_vehicles = {(v.assignment_id, v.vehicle_id): v for v in day_plan.vehicles
                       if v.pinned and v.assignment_id in assignment_ids}
    for m in list(day_plan.members):
        if m.assignment_id in assignment_ids and not m.pinned:
            day_plan.members.remove(m)
    for v in list(day_plan.vehicles):
        if v.assignment_id in assignment_ids and not v.pinned:
            day_plan.vehicles.remove(v)
    db.session.flush()
    persons = key_persons({p for c in plan.crews for p in c.learners + c.supervisors}
                          | {u.driver for c in plan.crews for u in c.vehicles if u.driver})
    for crew in plan.crews:
        aid = row_id(crew.assignment, "assignment")
        if aid not in assignment_ids:
            continue
        for role, ids in (("learner", crew.learners), ("supervisor", crew.supervisors)):
            for pkey in ids:
                pid = persons.get(pkey)
                if pid is not None and (aid, pid) not in pinned_people:
                    day_plan.members.append(CrewMember(assignment_id=aid, person_id=pid, role=role))
                    pinned_people.add((aid, pid))
        for use in crew.vehicles:
            vid = row_id(use.vehicle, "vehicle")
            driver = persons.get(use.driver) if use.driver else None
            kept = pinned_vehicles.get((aid, vid))
            if kept is not None:
                kept.driver_id = driver or kept.driver_id
            else:
                day_plan.vehicles.append(CrewVehicle(assignment_id=aid, vehicle_id=vid, driver_id=driver))
                pinned_vehicles[(aid, vid)] = day_plan.vehicles[-1]
    if plan.status:
        day_plan.solver_status = plan.status
    day_plan.score = list(plan.score) if plan.score is not None else day_plan.score
    # The reasons as data, so each reader gets them in their language (see findings.say_stored).
    day_plan.explanation = [r.to_json() for r in plan.reasons] if plan.reasons else list(plan.explanation)
    db.session.flush()


# ------------------------------------------------------------------ history

def _names(keys: list[str]) -> tuple[dict[int, str], dict[int, str]]:
    """Names of the persons and vans behind snapshot keys."""
    person_ids = {int(k.split(":")[1]) for k in keys if k.startswith("person:")}
    vehicle_ids = {int(k.split(":")[1]) for k in keys if k.startswith("vehicle:")}
    people, vans = {}, {}
    if person_ids:
        people = {p.id: p.name for p in db.session.execute(select(Person).where(Person.id.in_(person_ids))).scalars()}
    if vehicle_ids:
        vans = dict(db.session.execute(select(Vehicle.id, Vehicle.name).where(Vehicle.id.in_(vehicle_ids))).all())
    return people, vans


def diff(day_plan: DayPlan, before: dict[str, list], after: dict[str, list]) -> list[dict[str, Any]]:
    """Who or what moved from where to where: ``[{"who", "key", "from", "to", "change", "text"}]``.

    ``from``/``to`` are place names (empty: not planned); ``change`` is "move" or "driver" (same places,
    another driver); ``text`` is the line in the saver's language (see ``text.diff_line``).
    """
    changed = sorted(k for k in set(before) | set(after) if before.get(k, []) != after.get(k, []))
    if not changed:
        return []
    people, vans = _names(changed)
    assignment_ids = {a if isinstance(a, int) else a[0] for k in changed
                      for a in before.get(k, []) + after.get(k, [])}
    where = {}
    if assignment_ids:
        where = {a.id: f"{a.name} ({a.site.name})" for a in db.session.execute(
            select(Assignment).where(Assignment.id.in_(assignment_ids))
            .options(selectinload(Assignment.site))).scalars()}

    def places(values: list) -> list[str]:
        return [where.get(v if isinstance(v, int) else v[0], "?") for v in values]

    out = []
    for k in changed:
        kind, number = k.split(":")
        who = people.get(int(number), "?") if kind == "person" else vans.get(int(number), "?")
        old, new = places(before.get(k, [])), places(after.get(k, []))
        entry = {"who": who, "key": k, "from": old, "to": new,
                 "change": "driver" if old == new and kind == "vehicle" else "move"}
        entry["text"] = diff_line(entry)  # in the saver's language; the board renders ``change`` for its reader
        out.append(entry)
    return out


def record_change(day_plan: DayPlan, user: User | None, kind: str, summary: str, before: dict[str, list], *,
                  reason: str = "", details: dict | None = None) -> PlanEvent:
    """Log a change of the plan with its diff; a published plan gets a new revision."""
    db.session.flush()
    changes = diff(day_plan, before, snapshot(day_plan))
    if day_plan.status == "published":
        day_plan.revision += 1
    touch(day_plan, user)
    event = PlanEvent(user_id=user.id if user else None, kind=kind, summary=summary, reason=reason,
                      details={"diff": changes, **(details or {})}, revision=day_plan.revision)
    day_plan.events.append(event)
    db.session.flush()
    return event


def record_event(day_plan: DayPlan, user: User | None, kind: str, summary: str, *, reason: str = "",
                 details: dict | None = None) -> PlanEvent:
    """Log something that did not move anyone (a warning accepted, a pin set)."""
    touch(day_plan, user)
    event = PlanEvent(user_id=user.id if user else None, kind=kind, summary=summary, reason=reason,
                      details=details or {}, revision=day_plan.revision)
    day_plan.events.append(event)
    db.session.flush()
    return event


# ------------------------------------------------------------------ hand edits

@dataclass
class Move:
    """Move a learner, supervisor (by person id) or van (by vehicle id) between crews or to the pool."""

    kind: str  # learner, supervisor, vehicle
    subject: int
    sources: list[int] = field(default_factory=list)  # assignment ids it leaves; empty: from the pool
    target: int | None = None  # None: back to the pool
    driver: int | None = None  # person id, vehicles only

    def to_json(self) -> dict:
        return {"kind": self.kind, "subject": self.subject, "sources": self.sources, "target": self.target,
                "driver": self.driver}


def apply_move(day_plan: DayPlan, move: Move) -> Move:
    """Carry out a move; returns the move that undoes it."""
    if day_plan.solver_status == "optimal":
        day_plan.solver_status = "feasible"  # changed by hand: no longer the engine's proven best
    if move.kind == "vehicle":
        previous_driver = None
        for v in list(day_plan.vehicles):
            if v.vehicle_id == move.subject and v.assignment_id in move.sources:
                previous_driver = v.driver_id
                day_plan.vehicles.remove(v)
        db.session.flush()
        if move.target is not None:
            existing = next((v for v in day_plan.vehicles
                             if v.vehicle_id == move.subject and v.assignment_id == move.target), None)
            if existing is not None:
                previous_driver = existing.driver_id
                existing.driver_id = move.driver
            else:
                day_plan.vehicles.append(CrewVehicle(assignment_id=move.target, vehicle_id=move.subject,
                                                     driver_id=move.driver))
        db.session.flush()
        undo_sources = [move.target] if move.target is not None else []
        undo_target = move.sources[0] if move.sources else None
        return Move("vehicle", move.subject, undo_sources, undo_target, previous_driver)
    drove = []
    for m in list(day_plan.members):
        if m.person_id == move.subject and m.assignment_id in move.sources:
            day_plan.members.remove(m)
    for v in day_plan.vehicles:
        if v.driver_id == move.subject and v.assignment_id in move.sources and v.assignment_id != move.target:
            drove.append(v.vehicle_id)
            v.driver_id = None
    db.session.flush()
    if move.target is not None and not any(m.person_id == move.subject and m.assignment_id == move.target
                                           for m in day_plan.members):
        day_plan.members.append(CrewMember(assignment_id=move.target, person_id=move.subject, role=move.kind))
    db.session.flush()
    undo = Move(move.kind, move.subject, [move.target] if move.target is not None else [],
                move.sources[0] if move.sources else None)
    return undo


def set_pin(day_plan: DayPlan, kind: str, subject: int, assignment_id: int, pinned: bool) -> bool:
    """Pin or unpin a placement; False when the placement is not on the plan."""
    rows = day_plan.vehicles if kind == "vehicle" else day_plan.members
    for row in rows:
        if row.assignment_id == assignment_id and (row.vehicle_id if kind == "vehicle" else row.person_id) == subject:
            row.pinned = pinned
            db.session.flush()
            return True
    return False


def set_unstaffed(day_plan: DayPlan, assignment_id: int, unstaffed: bool) -> None:
    """Decide to leave an assignment without a crew (its crew goes back to the pool), or undo that."""
    pin = next((p for p in day_plan.pins if p.assignment_id == assignment_id), None)
    if unstaffed:
        if pin is None:
            day_plan.pins.append(UnstaffedPin(assignment_id=assignment_id))
        for m in [m for m in day_plan.members if m.assignment_id == assignment_id]:
            day_plan.members.remove(m)
        for v in [v for v in day_plan.vehicles if v.assignment_id == assignment_id]:
            day_plan.vehicles.remove(v)
    elif pin is not None:
        day_plan.pins.remove(pin)
    db.session.flush()


def engine_pins(day_plan: DayPlan | None, keys: dict[int, str], assignment_ids: set[int]) -> list[scheduling.Pin]:
    """The plan's pins as the engine's: pinned crew members and vans, and "leave unstaffed"."""
    if day_plan is None:
        return []
    pins = []
    for m in day_plan.members:
        if m.pinned and m.assignment_id in assignment_ids and m.person_id in keys:
            k = keys[m.person_id]
            role = "learner" if k.startswith("L") else "supervisor"
            pins.append(scheduling.Pin(key("assignment", m.assignment_id), **{role: k}))
    for v in day_plan.vehicles:
        if v.pinned and v.assignment_id in assignment_ids:
            pins.append(scheduling.Pin(key("assignment", v.assignment_id), vehicle=key("vehicle", v.vehicle_id),
                                       driver=keys.get(v.driver_id) if v.driver_id else None))
    for p in day_plan.pins:
        if p.assignment_id in assignment_ids:
            pins.append(scheduling.Pin(key("assignment", p.assignment_id), unstaffed=True))
    return pins


# ------------------------------------------------------------------ publish, day-of changes

def publish(day_plan: DayPlan, user: User | None) -> PlanEvent:
    """Draft -> published: the first revision that learners see (``user`` None: the command line)."""
    day_plan.status = "published"
    day_plan.revision += 1
    day_plan.published_at = utcnow()
    day_plan.published_by_id = user.id if user else None
    touch(day_plan, user)
    line, said = summary("published")
    event = PlanEvent(user_id=user.id if user else None, kind="published", summary=line,
                      details={"plan": snapshot(day_plan), **said}, revision=day_plan.revision)
    day_plan.events.append(event)
    db.session.flush()
    return event


def report_absent(person_id: int, day: date, reason: str, blocks: list[str], user: User) -> Absence:
    """Register that someone is absent on this day (a sick call in the morning)."""
    absence = Absence(person_id=person_id, start_date=day, end_date=day, morning="am" in blocks,
                      afternoon="pm" in blocks, reason=reason, created_by_id=user.id)
    db.session.add(absence)
    db.session.flush()
    return absence


def call_off(day_plan: DayPlan, assignment: Assignment, reason: str) -> None:
    """Cancel an assignment of this day; its crew goes back to the pool."""
    cancel_assignment(assignment, reason)
    for m in [m for m in day_plan.members if m.assignment_id == assignment.id]:
        day_plan.members.remove(m)
    for v in [v for v in day_plan.vehicles if v.assignment_id == assignment.id]:
        day_plan.vehicles.remove(v)
    for p in [p for p in day_plan.pins if p.assignment_id == assignment.id]:
        day_plan.pins.remove(p)
    db.session.flush()
