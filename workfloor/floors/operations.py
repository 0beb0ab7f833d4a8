"""Creating, changing and deactivating floors."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workfloor.extensions import db
from workfloor.models import Floor, Learner, Person, Supervisor
from workfloor.models.learners import learner_floor


def floor_name_taken(name: str, *, except_floor_id: int | None = None) -> bool:
    """Is this name (ignoring case and surrounding spaces) already used by another floor?"""
    query = select(Floor.id).where(func.lower(Floor.name) == name.strip().lower())
    if except_floor_id is not None:
        query = query.where(Floor.id != except_floor_id)
    return db.session.execute(query).first() is not None


def save_floor(floor: Floor, *, name: str, domain: str, base: str) -> Floor:
    """Store the floor's fields (new or existing) and flush."""
    floor.name = name.strip()
    floor.domain = domain
    floor.base = base.strip()
    db.session.add(floor)
    db.session.flush()
    return floor


def set_floor_active(floor: Floor, active: bool) -> None:
    """Deactivate or reactivate a floor; its history stays."""
    floor.active = active
    db.session.flush()


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
    today = today or date.today()
    rows = db.session.execute(
        select(learner_floor.c.floor_id, func.count())
        .join(Learner, Learner.id == learner_floor.c.learner_id)
        .join(Person, Person.id == Learner.person_id)
        .where(Person.active, (Learner.contract_end.is_(None)) | (Learner.contract_end >= today))
        .group_by(learner_floor.c.floor_id)
    ).all()
    return {floor_id: count for floor_id, count in rows}
