"""Who may do what: a role gate per route and an object check per learner.

Every view is wrapped in `role_required` (or marked `public`), which records
the allowed roles on the view so the permission-matrix test can read them. The
object checks below decide whether this user may see or change this learner.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import Select, false, or_, select, true

from workfloor.extensions import db
from workfloor.models import Floor, Learner, Person, Supervisor, User
from workfloor.vocabulary import Role

ALL_ROLES = tuple(Role)
STAFF = (Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR)


def role_required(*roles: Role) -> Callable:
    """Let only logged-in users with one of `roles` through; others get 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public(view: Callable) -> Callable:
    """Mark a view that needs no login (login page, calendar feed with its own token)."""
    view.allowed_roles = "public"  # type: ignore[attr-defined]
    return view


def supervisor_of(user: User) -> Supervisor | None:
    """The supervisor record behind a supervisor's account."""
    if user.role != Role.SUPERVISOR:
        return None
    return db.session.execute(select(Supervisor).where(Supervisor.person_id == user.person_id)).scalar()


def user_floor_ids(user: User) -> set[int] | None:
    """The floors a user works on; None means all floors (coordinator)."""
    if user.role == Role.COORDINATOR:
        return None
    if user.role == Role.SUPERVISOR:
        supervisor = supervisor_of(user)
        return supervisor.floor_ids if supervisor else set()
    return set()


def visible_learners(user: User) -> Select:
    """A select of the learners this user may see."""
    query = select(Learner)
    if user.role == Role.COORDINATOR:
        return query
    if user.role == Role.SUPERVISOR:
        floor_ids = user_floor_ids(user) or set()
        if not floor_ids:
            return query.where(false())
        return query.where(Learner.floors.any(Floor.id.in_(floor_ids)))
    if user.role == Role.COUNSELLOR:
        return query.where(Learner.counsellor_id == user.person_id)
    return query.where(Learner.person_id == user.person_id)


def can_view_learner(user: User, learner: Learner) -> bool:
    """May this user read this learner's file?"""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return bool(learner.floor_ids & (user_floor_ids(user) or set()))
    if user.role == Role.COUNSELLOR:
        return learner.counsellor_id == user.person_id
    return learner.person_id == user.person_id


def can_edit_learner(user: User, learner: Learner) -> bool:
    """May this user change this learner's file? Learners read their own, staff change it."""
    return user.role in STAFF and can_view_learner(user, learner)


def learner_or_404(learner_id: int, *, edit: bool = False) -> Learner:
    """Load a learner the current user may see (or change); 404 hides the rest."""
    learner = db.get_or_404(Learner, learner_id)
    allowed = can_edit_learner if edit else can_view_learner
    if not allowed(current_user, learner):
        abort(404)
    return learner


def can_manage_floor(user: User, floor_id: int) -> bool:
    """May this user plan and change work on this floor?"""
    floor_ids = user_floor_ids(user)
    return user.role in (Role.COORDINATOR, Role.SUPERVISOR) and (floor_ids is None or floor_id in floor_ids)


def floor_filter(user: User, column: Any) -> Any:
    """A where-clause limiting `column` (a floor id column) to the user's floors."""
    floor_ids = user_floor_ids(user)
    if floor_ids is None:
        return true()
    return column.in_(floor_ids) if floor_ids else false()


def absence_persons(user: User) -> Select:
    """A select of the persons this user may register absences for.

    Coordinator: every learner and supervisor. Supervisor: the learners and the
    supervisors of their floors, and always themselves. Counsellor: their
    caseload. Learner: nobody (they tell their supervisor).
    """
    query = select(Person)
    if user.role == Role.COORDINATOR:
        return query.where(or_(Person.id.in_(select(Learner.person_id)), Person.id.in_(select(Supervisor.person_id))))
    if user.role == Role.SUPERVISOR:
        floor_ids = user_floor_ids(user) or set()
        return query.where(or_(
            Person.id == user.person_id,
            Person.id.in_(select(Learner.person_id).where(Learner.floors.any(Floor.id.in_(floor_ids)))),
            Person.id.in_(select(Supervisor.person_id).where(Supervisor.floors.any(Floor.id.in_(floor_ids)))),
        ))
    if user.role == Role.COUNSELLOR:
        return query.where(Person.id.in_(select(Learner.person_id).where(Learner.counsellor_id == user.person_id)))
    return query.where(false())


def may_register_absence(user: User, person_id: int) -> bool:
    """May this user register (or change) an absence of this person? See `absence_persons`."""
    return db.session.execute(absence_persons(user).where(Person.id == person_id)).first() is not None


def can_record_vehicle_outage(user: User, vehicle: Any) -> bool:
    """The coordinator for any vehicle; a supervisor for the vehicles of their own floors
    (a van breaks down on the road), not for the shared pool or other floors."""
    if user.role == Role.COORDINATOR:
        return True
    return vehicle.floor_id is not None and can_manage_floor(user, vehicle.floor_id)
