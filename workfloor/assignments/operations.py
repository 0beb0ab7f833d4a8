"""Assignments and recurrence: weekly templates generate dated assignments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from workfloor.extensions import db
from workfloor.models import WORK_FIELDS, Assignment, AssignmentTemplate

# How far ahead a template's assignments exist as rows that can be edited one by one.
HORIZON_WEEKS = 8


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
    existing = set(db.session.execute(
        select(Assignment.template_id, Assignment.day)
        .where(Assignment.template_id.in_([t.id for t in templates]), Assignment.day.between(start, end))
    ).tuples())
    created = []
    day = start
    while day <= end:
        for template in templates:
            if template.occurs_on(day) and (template.id, day) not in existing:
                assignment = Assignment(day=day, template=template)
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


def apply_template(template: AssignmentTemplate, *, today: date) -> TemplateUpdate:
    """Carry a template's (new) settings into its future assignments.

    Assignments changed by hand keep their changes: they are reported, never
    overwritten. Future untouched assignments that no longer fall on the
    template's days are removed; past days are history and stay as they were.
    """
    future = db.session.execute(
        select(Assignment).where(Assignment.template_id == template.id, Assignment.day >= today)
    ).scalars().all()
    updated, removed, kept = 0, 0, []
    for assignment in future:
        if assignment.edited_by_hand or assignment.cancelled:
            kept.append(assignment)
        elif not template.occurs_on(assignment.day):
            db.session.delete(assignment)
            removed += 1
        else:
            _copy_work(template, assignment)
            updated += 1
    db.session.flush()
    created = expand_templates(today, today + timedelta(weeks=HORIZON_WEEKS), {template.floor_id})
    mine = [a for a in created if a.template_id == template.id]
    return TemplateUpdate(updated=updated, kept_hand_edits=kept, created=len(mine), removed=removed)


def mark_edited_by_hand(assignment: Assignment) -> None:
    """A change on one dated assignment: the template will leave it alone from now on."""
    if assignment.template_id is not None:
        assignment.edited_by_hand = True
