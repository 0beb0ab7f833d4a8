"""Assignments and recurrence: weekly templates generate dated assignments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload

from workfloor.extensions import db
from workfloor.models import WORK_FIELDS, Assignment, AssignmentTemplate, CrewMember, CrewVehicle, Site, UnstaffedPin

# How far ahead a template's assignments exist as rows that can be edited one by one.
HORIZON_WEEKS = 8
# What an assignment that a template no longer generates, but that is already planned, is cancelled with.
DROPPED_BY_TEMPLATE = "Vervalt door een wijziging van de terugkerende opdracht."


def template_window(template: AssignmentTemplate, day: date) -> dict[str, date | None]:
    """The window of the assignment a template makes on ``day``: flexible up to its ``flexible_until``."""
    if template.flexible_until is None or template.flexible_until <= day.weekday():
        return {"window_start": None, "window_end": None}
    return {"window_start": day, "window_end": day + timedelta(days=template.flexible_until - day.weekday())}


def _set_window(template: AssignmentTemplate, assignment: Assignment) -> bool:
    """Give an untouched generated assignment its template's window; True when it changed."""
    first = assignment.window_start or assignment.day
    window = template_window(template, first)
    if (assignment.window_start, assignment.window_end) == (window["window_start"], window["window_end"]):
        return False
    assignment.window_start, assignment.window_end = window["window_start"], window["window_end"]
    if window["window_end"] is None or not first <= assignment.day <= window["window_end"]:
        assignment.day = first
    return True


def _copy_work(source, target) -> None:
    for field in WORK_FIELDS:
        value = getattr(source, field)
        setattr(target, field, type(value)(value) if isinstance(value, (dict, list)) else value)


def expand_templates(start: date, end: date, floor_ids: set[int] | None = None) -> list[Assignment]:
    """Create the missing dated assignments of every active template between start and end.

    Idempotent: an assignment a template already made for a day (even one that was
    cancelled or edited by hand since) is never made again.
    """
    query = select(AssignmentTemplate).where(AssignmentTemplate.active)
    if floor_ids is not None:
        query = query.where(AssignmentTemplate.floor_id.in_(floor_ids))
    templates = db.session.execute(query).scalars().all()
    if not templates:
        return []
    # A flexible assignment counts for the first day of its window, wherever it was planned since.
    anchor = func.coalesce(Assignment.window_start, Assignment.day)
    existing = {tuple(row) for row in db.session.execute(
        select(Assignment.template_id, anchor)
        .where(Assignment.template_id.in_([t.id for t in templates]), anchor.between(start, end))
    )}
    created = []
    day = start
    while day <= end:
        for template in templates:
            if template.occurs_on(day) and (template.id, day) not in existing:
                assignment = Assignment(day=day, template=template, **template_window(template, day))
                _copy_work(template, assignment)
                db.session.add(assignment)
                created.append(assignment)
        day += timedelta(days=1)
    db.session.flush()
    return created


@dataclass(frozen=True)
class TemplateUpdate:
    """What saving a template did to the assignments it had generated."""

    updated: int
    kept_hand_edits: list[Assignment]
    created: int
    removed: int

    @property
    def edited(self) -> list[Assignment]:
        """The kept assignments that someone changed by hand (and are not cancelled)."""
        return [a for a in self.kept_hand_edits if not a.cancelled]

    @property
    def cancelled(self) -> list[Assignment]:
        """The kept assignments that were cancelled: they stay cancelled."""
        return [a for a in self.kept_hand_edits if a.cancelled]


def _is_planned(assignment: Assignment) -> bool:
    """Is this assignment part of a day plan (crew, vehicle or an 'unstaffed' decision)?"""
    return db.session.execute(select(or_(
        exists().where(CrewMember.assignment_id == assignment.id),
        exists().where(CrewVehicle.assignment_id == assignment.id),
        exists().where(UnstaffedPin.assignment_id == assignment.id),
    ))).scalar()


def apply_template(template: AssignmentTemplate, *, today: date, expand: bool = True) -> TemplateUpdate:
    """Carry a template's (new) settings into its future assignments.

    Assignments changed by hand keep their changes: they are reported, never
    overwritten. Future untouched assignments that no longer fall on the
    template's days are removed (or cancelled, when a day plan already uses
    them); past days are history and stay as they were. ``expand=False``: the caller makes
    the new dated assignments itself (once, after changing several templates).
    """
    future = db.session.execute(
        select(Assignment).where(Assignment.template_id == template.id,
                                 func.coalesce(Assignment.window_start, Assignment.day) >= today)
        .options(joinedload(Assignment.site)).order_by(Assignment.day)
    ).scalars().all()
    updated, removed, kept = 0, 0, []
    for assignment in future:
        if assignment.edited_by_hand or assignment.cancelled:
            kept.append(assignment)
        elif not template.occurs_on(assignment.window_start or assignment.day):
            if _is_planned(assignment):
                assignment.cancelled, assignment.cancel_reason = True, DROPPED_BY_TEMPLATE
            else:
                db.session.delete(assignment)
            removed += 1
        else:
            differs = _work_differs(template, assignment)
            if differs:
                _copy_work(template, assignment)
            if _set_window(template, assignment) or differs:
                updated += 1
    db.session.flush()
    created = expand_templates(today, today + timedelta(weeks=HORIZON_WEEKS), {template.floor_id}) if expand else []
    mine = [a for a in created if a.template_id == template.id]
    return TemplateUpdate(updated=updated, kept_hand_edits=kept, created=len(mine), removed=removed)


def mark_edited_by_hand(assignment: Assignment) -> None:
    """A change on one dated assignment: the template will leave it alone from now on."""
    if assignment.template_id is not None:
        assignment.edited_by_hand = True


def _work_differs(source, target) -> bool:
    return any(getattr(source, field) != getattr(target, field) for field in WORK_FIELDS)


def _set_fields(record, data: dict[str, Any]) -> bool:
    """Set the given fields on a record; True if any value actually changed."""
    changed = False
    for field, value in data.items():
        if getattr(record, field) != value:
            setattr(record, field, type(value)(value) if isinstance(value, (dict, list)) else value)
            changed = True
    return changed


# The fields a form may set on a dated assignment and on a template, besides WORK_FIELDS.
ASSIGNMENT_FIELDS = (*WORK_FIELDS, "day", "window_start", "window_end")
TEMPLATE_FIELDS = (*WORK_FIELDS, "weekday", "starts_on", "ends_on", "flexible_until")


def _only(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"not an assignment field: {sorted(unknown)}")
    return data


def list_assignments(start: date, end: date, floor_ids: set[int] | None, q: str = "") -> list[Assignment]:
    """The dated assignments between start and end on these floors (None: all), matching `q`."""
    query = (select(Assignment).join(Assignment.site).where(Assignment.day.between(start, end))
             .options(joinedload(Assignment.site), joinedload(Assignment.floor))
             .order_by(Assignment.day, Assignment.morning.desc(), Assignment.name, Assignment.id))
    if floor_ids is not None:
        query = query.where(Assignment.floor_id.in_(floor_ids))
    if q.strip():
        pattern = f"%{q.strip()}%"
        query = query.where(or_(Assignment.name.ilike(pattern), Site.name.ilike(pattern)))
    return list(db.session.execute(query).scalars())


def list_templates(floor_ids: set[int] | None, q: str = "", *, include_inactive: bool = False
                   ) -> list[AssignmentTemplate]:
    """The weekly templates on these floors (None: all), matching `q`, active ones unless asked."""
    query = (select(AssignmentTemplate).join(AssignmentTemplate.site)
             .options(joinedload(AssignmentTemplate.site), joinedload(AssignmentTemplate.floor))
             .order_by(AssignmentTemplate.weekday, AssignmentTemplate.name, AssignmentTemplate.id))
    if floor_ids is not None:
        query = query.where(AssignmentTemplate.floor_id.in_(floor_ids))
    if not include_inactive:
        query = query.where(AssignmentTemplate.active)
    if q.strip():
        pattern = f"%{q.strip()}%"
        query = query.where(or_(AssignmentTemplate.name.ilike(pattern), Site.name.ilike(pattern)))
    return list(db.session.execute(query).scalars())


def create_assignment(data: dict[str, Any]) -> Assignment:
    """A new one-off dated assignment."""
    assignment = Assignment(**_only(data, ASSIGNMENT_FIELDS))
    db.session.add(assignment)
    db.session.flush()
    return assignment


def update_assignment(assignment: Assignment, data: dict[str, Any]) -> bool:
    """Change a dated assignment; a real change to a generated one marks it as edited by hand.

    Returns whether anything changed.
    """
    data = _only(data, ASSIGNMENT_FIELDS)
    end = data.get("window_end", assignment.window_end)
    if end is not None and data.get("day") is not None and data["day"] <= assignment.day <= end:
        data = data | {"day": assignment.day}  # a flexible job keeps the day it is planned on, if still allowed
    changed = _set_fields(assignment, data)
    if changed:
        mark_edited_by_hand(assignment)
    db.session.flush()
    return changed


def template_has_day(template_id: int | None, day: date, *, except_id: int | None = None) -> bool:
    """Does this template already have a dated assignment on this day (other than `except_id`)?"""
    if template_id is None:
        return False
    query = select(Assignment.id).where(Assignment.template_id == template_id, Assignment.day == day)
    if except_id is not None:
        query = query.where(Assignment.id != except_id)
    return db.session.execute(query).first() is not None


def cancel_assignment(assignment: Assignment, reason: str) -> None:
    """Call off an assignment; the row stays, so its template does not make it again."""
    assignment.cancelled = True
    assignment.cancel_reason = reason.strip()
    db.session.flush()


def uncancel_assignment(assignment: Assignment) -> None:
    """The work goes ahead after all."""
    assignment.cancelled = False
    assignment.cancel_reason = ""
    db.session.flush()


def create_template(data: dict[str, Any], *, today: date) -> tuple[AssignmentTemplate, TemplateUpdate]:
    """A new weekly template, with its dated assignments for the coming weeks."""
    template = AssignmentTemplate(**_only(data, TEMPLATE_FIELDS))
    db.session.add(template)
    db.session.flush()
    return template, apply_template(template, today=today)


def update_template(template: AssignmentTemplate, data: dict[str, Any], *, today: date) -> TemplateUpdate:
    """Change a template and carry the change into its future assignments (hand edits are kept)."""
    _set_fields(template, _only(data, TEMPLATE_FIELDS))
    db.session.flush()
    return apply_template(template, today=today)


def set_template_active(template: AssignmentTemplate, active: bool, *, today: date) -> TemplateUpdate:
    """Deactivate a template (its untouched future assignments go) or activate it again."""
    template.active = active
    db.session.flush()
    return apply_template(template, today=today)
