"""The availability overview (beschikbaarheid): who is in on a day, per floor and block."""
from __future__ import annotations

from datetime import date, timedelta

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from workfloor import audit, clock
from workfloor.access import STAFF, role_required, user_floor_ids, visible_learners
from workfloor.availability import bp
from workfloor.availability.operations import availability_on
from workfloor.extensions import db
from workfloor.models import Floor, Learner
from workfloor.models.learners import learner_floor
from workfloor.vocabulary import Role


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _reach() -> tuple[set[int] | None, set[int] | None]:
    """The floors and (for a counsellor) the learners this user may see in the overview."""
    if current_user.role == Role.COUNSELLOR:
        caseload = visible_learners(current_user).with_only_columns(Learner.id)
        learner_ids = set(db.session.execute(caseload).scalars())
        floor_ids = set(db.session.execute(select(learner_floor.c.floor_id).where(
            learner_floor.c.learner_id.in_(learner_ids)).distinct()).scalars()) if learner_ids else set()
        return floor_ids, learner_ids
    return user_floor_ids(current_user), None


@bp.route("/")
@role_required(*STAFF)
def overview():
    day = _parse_date(request.args.get("day")) or clock.today()
    floor_ids, learner_ids = _reach()
    floor_query = select(Floor).where(Floor.active).order_by(Floor.name)
    if floor_ids is not None:
        floor_query = floor_query.where(Floor.id.in_(floor_ids))
    floors = list(db.session.execute(floor_query).scalars())
    chosen = request.args.get("floor", type=int)
    if chosen in {floor.id for floor in floors}:
        floor_ids = {chosen}
    else:
        chosen = None
    availability = availability_on(day, floor_ids, learner_ids=learner_ids)
    page = render_template(
        "availability/overview.html", availability=availability, day=day, floors=floors, chosen_floor=chosen,
        today=clock.today(), previous=day - timedelta(days=1), next=day + timedelta(days=1),
        show_supervisors=current_user.role != Role.COUNSELLOR)
    # The reasons and notes of absent learners are part of their file (logged after drawing the page).
    audit.record_views(db.session, {p.learner_id for floor in availability.floors for b in floor.blocks
                                    for p in b.learners_absent if p.learner_id}, "absences")
    db.session.commit()
    return page
