"""Every change to a learner's file is logged, by SQLAlchemy events rather than by hand.

Operations need not remember to log: whatever a flush inserts, updates or
deletes in a model of `OWNERS` (orphans removed from a collection included)
becomes an AuditEntry naming the learner, the acting user and the old and new
values. Reads of a file are logged explicitly with `record_view`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from flask import g, has_app_context, has_request_context
from sqlalchemy import Connection, event, insert, inspect, select
from sqlalchemy.orm import Session

from workfloor.models import (
    Absence, Assessment, AttendanceEntry, AuditEntry, Avoidance, DevelopmentGoal, DrivingLicence, Learner,
    LearnerCertificate, LearnerRestriction, Person, Rating, WorkBlock, utcnow,
)

# Bookkeeping, not the file's content; the calendar token is a secret and never logged.
_SKIPPED = {"version", "calendar_token", "schedule_seen_at"}
# Who someone is is never copied into the log: an entry names the learner by id and pages render the
# name from the person row when read, so an erased (pseudonymised) person's name is gone from the log too.
# A change of these fields is logged as changed, without the values.
IDENTITY = {"first_name", "last_name", "phone"}
HIDDEN = "\u2022"  # what the log stores instead of an identifying value


def _learner_of_person(connection: Connection, person_id: int | None) -> int | None:
    if person_id is None:
        return None
    return connection.execute(select(Learner.id).where(Learner.person_id == person_id)).scalar()


def _learner_of_assessment(connection: Connection, assessment_id: int | None) -> int | None:
    if assessment_id is None:
        return None
    return connection.execute(select(Assessment.learner_id).where(Assessment.id == assessment_id)).scalar()


# How to find the learner whose file an object belongs to (None: not a learner's file).
OWNERS: dict[type, Callable[[Connection, Any], int | None]] = {
    Learner: lambda s, o: o.id,
    WorkBlock: lambda s, o: o.learner_id,
    LearnerCertificate: lambda s, o: o.learner_id,
    LearnerRestriction: lambda s, o: o.learner_id,
    Avoidance: lambda s, o: o.learner_id,
    Person: lambda s, o: _learner_of_person(s, o.id),
    DrivingLicence: lambda s, o: _learner_of_person(s, o.person_id),
    Absence: lambda s, o: _learner_of_person(s, o.person_id),
    Assessment: lambda s, o: o.learner_id,
    Rating: lambda s, o: _learner_of_assessment(s, o.assessment_id),
    AttendanceEntry: lambda s, o: o.learner_id,
    DevelopmentGoal: lambda s, o: o.learner_id,
}


def register_owner(model: type, owner: Callable[[Connection, Any], int | None]) -> None:
    """Put another model under the audit log (for features outside this module)."""
    OWNERS[model] = owner
    _listen(model)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "id") and hasattr(value, "__table__"):
        return str(value)
    return value


def _changes(obj: Any, action: str) -> dict[str, list]:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        history = state.attrs[attr.key].history
        if attr.key in IDENTITY and isinstance(obj, Person):
            if action != "update" or history.has_changes():
                changes[attr.key] = [None if action == "create" else HIDDEN, None if action == "delete" else HIDDEN]
            continue
        if action == "create":
            new = getattr(obj, attr.key)
            if new not in (None, "", [], {}):
                changes[attr.key] = [None, _plain(new)]
        elif action == "delete":
            old = history.unchanged[0] if history.unchanged else (history.deleted[0] if history.deleted else None)
            changes[attr.key] = [_plain(old), None]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    if action == "update":
        for rel in state.mapper.relationships:
            if rel.secondary is None:
                continue  # one-to-many children are logged as their own rows
            history = state.attrs[rel.key].history
            if history.added or history.deleted:
                before = [str(o) for o in (history.unchanged or ())] + [str(o) for o in history.deleted]
                after = [str(o) for o in (history.unchanged or ())] + [str(o) for o in history.added]
                changes[rel.key] = [sorted(before), sorted(after)]
    return changes


def current_user_id() -> int | None:
    """The logged-in user, or the user a CLI command acts as (g.actor_id), or nobody."""
    if not has_app_context():
        return None
    if "actor_id" in g:
        return g.actor_id
    if has_request_context():
        from flask_login import current_user
        return current_user.id if current_user.is_authenticated else None
    return None


def _object_id(obj: Any) -> Any:
    """The primary key, also for rows just inserted (their identity key is set only after the flush)."""
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return key[0] if len(key) == 1 and isinstance(key[0], int) else None


def _log(action: str, connection: Connection, obj: Any) -> None:
    learner_id = OWNERS[type(obj)](connection, obj)
    if learner_id is None:
        return
    changes = _changes(obj, action)
    if action == "update" and not changes:
        return
    connection.execute(insert(AuditEntry), [{
        "at": utcnow(), "user_id": current_user_id(), "action": action,
        # A deleted learner's own row cannot be referenced any more.
        "learner_id": None if action == "delete" and type(obj) is Learner else learner_id,
        "object_type": type(obj).__name__, "object_id": _object_id(obj), "changes": changes,
    }])


def _after_insert(mapper: Any, connection: Connection, obj: Any) -> None:
    _log("create", connection, obj)


def _after_update(mapper: Any, connection: Connection, obj: Any) -> None:
    _log("update", connection, obj)


def _after_delete(mapper: Any, connection: Connection, obj: Any) -> None:
    _log("delete", connection, obj)


def _listen(model: type) -> None:
    for name, handler in (("after_insert", _after_insert), ("after_update", _after_update),
                          ("after_delete", _after_delete)):
        if not event.contains(model, name, handler):
            event.listen(model, name, handler)


def record_view(session: Session, learner: Learner, what: str) -> None:
    """Log that the current user opened (part of) this learner's file."""
    session.add(AuditEntry(user_id=current_user_id(), learner_id=learner.id, action="view",
                           object_type=what, object_id=learner.id, changes={}))


def record_views(session: Session, learner_ids: Iterable[int], what: str) -> None:
    """Log that the current user read part of several learners' files at once (a list with notes,
    an export): one entry per learner, so each file's log is complete on its own."""
    user_id, at = current_user_id(), utcnow()
    rows = [{"at": at, "user_id": user_id, "learner_id": learner_id, "action": "view", "object_type": what,
             "object_id": learner_id, "changes": {}} for learner_id in sorted(set(learner_ids))]
    if rows:
        session.execute(insert(AuditEntry), rows)


def install() -> None:
    """Listen to every insert, update and delete of the audited models."""
    for model in OWNERS:
        _listen(model)
