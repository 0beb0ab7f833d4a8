"""Creating, changing and deactivating floors."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workfloor import clock
from workfloor.assignments.operations import HORIZON_WEEKS, apply_template, expand_templates
from workfloor.extensions import db
from workfloor.models import AssignmentTemplate, Floor, Learner, Person, Supervisor
from workfloor.models.learners import learner_floor


def floor_name_taken(name: str, *, except_floor_id: int | None = None) -> bool:
    """Is this name (ignoring case and surrounding spaces) already used by another floor?"""
    query = select(Floor.id).where(func.lower(Floor.name) == name.strip().lower())
    if except_floor_id is not None:
        query = query.where(Floor.id != except_floor_id)
    return db.session.execute(query).first() is not None


WORKSHOP_NAME = "Werkplaats"  # data, like every job name (renamed in the templates if wanted)
WEEKDAYS = range(5)


def save_floor(floor: Floor, *, name: str, domain: str, base: str, workshop_site_id: int | None = None,
               workshop_capacity: int = 0, workshop_supervisors: int = 1, today: date | None = None) -> Floor:
    """Store the floor's fields (new or existing), bring its workshop's jobs in line, and flush."""
    floor.name = name.strip()
    floor.domain = domain
    floor.base = base.strip()
    floor.workshop_site_id = workshop_site_id or None
    floor.workshop_capacity = workshop_capacity
    floor.workshop_supervisors = workshop_supervisors
    db.session.add(floor)
    db.session.flush()
    sync_workshop(floor, today=today or clock.today())
    return floor


def sync_workshop(floor: Floor, *, today: date, name: str = WORKSHOP_NAME, trains: list[str] | None = None
                  ) -> None:
    """The floor's workshop as a job in every weekday block, from the floor's settings.

    One weekly template per weekday and block, marked ``workshop``: its place, capacity and
    supervision follow the floor; its name, training and notes stay as edited in the templates.
    No workshop (capacity 0 or no place): the templates go inactive, and with them their
    unplanned future jobs. ``name`` and ``trains``: what a new workshop is called and practises.
    """
    templates = {(t.weekday, t.morning): t for t in db.session.execute(
        select(AssignmentTemplate).where(AssignmentTemplate.floor_id == floor.id, AssignmentTemplate.workshop)
    ).scalars()}
    wanted = floor.active and floor.workshop_capacity > 0 and floor.workshop_site_id is not None
    for weekday in WEEKDAYS:
        for morning in (True, False):
            template = templates.get((weekday, morning))
            if template is None:
                if not wanted:
                    continue
                template = AssignmentTemplate(
                    name=name, floor=floor, weekday=weekday, morning=morning, afternoon=not morning,
                    starts_on=today, workshop=True, priority=1, min_learners=0, trains=list(trains or []))
                db.session.add(template)
            if wanted:
                template.site_id = floor.workshop_site_id
                template.max_learners = floor.workshop_capacity
                template.min_supervisors = floor.workshop_supervisors
            template.active = wanted
            db.session.flush()
            apply_template(template, today=today, expand=False)
    expand_templates(today, today + timedelta(weeks=HORIZON_WEEKS), {floor.id})  # once for the ten blocks


def set_floor_active(floor: Floor, active: bool, *, today: date | None = None) -> None:
    """Deactivate or reactivate a floor (and its workshop); its history stays."""
    floor.active = active
    db.session.flush()
    sync_workshop(floor, today=today or clock.today())


def supervisors_by_floor() -> dict[int, list[Supervisor]]:
    """The active supervisors of each floor, by floor id."""
    supervisors = db.session.execute(
        select(Supervisor).join(Supervisor.person).where(Person.active)
        .options(selectinload(Supervisor.floors)).order_by(Person.last_name, Person.first_name)
    ).scalars().all()
    result: dict[int, list[Supervisor]] = defaultdict(list)
    for supervisor in supervisors:
        for floor in supervisor.floors:
            result[floor.id].append(supervisor)
    return result


def active_learner_counts(today: date | None = None) -> dict[int, int]:
    """How many active learners with a running contract each floor has, by floor id."""
    today = today or clock.today()
    rows = db.session.execute(
        select(learner_floor.c.floor_id, func.count())
        .join(Learner, Learner.id == learner_floor.c.learner_id)
        .join(Person, Person.id == Learner.person_id)
        .where(Person.active, (Learner.contract_end.is_(None)) | (Learner.contract_end >= today))
        .group_by(learner_floor.c.floor_id)
    ).all()
    return {floor_id: count for floor_id, count in rows}
