"""Rendered schedules kept per learner, until their plans or absences change.

"Mijn planning" and the calendar feed are read far more often than plans change: a phone reloads the
page, calendar apps poll the feed. Building either costs a dozen queries and, for the feed, time-zone
arithmetic; so each web worker keeps the rendered week (and feed) per learner, under a key that one
cheap query computes from what they are made of:

- the published plans of the learner's floors in the window (a publication changes ``updated_at``
  and ``revision``; a new or removed plan changes the count) and the changes logged on them,
- the learner's absences overlapping the window (an edit or confirmation bumps ``version``),
- the learner row itself (``version``, when they last looked: the "changed" badges) and the day.

A change to any of these is seen on the next request, in every worker. What the key does not cover
(a site's new address, a crew mate's new name) is at most ``MAX_AGE`` seconds old.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import NamedTuple, TypeVar

from cachetools import TTLCache
from sqlalchemy import Date, Integer, Select, bindparam, func, select, true

from workfloor.extensions import db
from workfloor.models import Absence, DayPlan, Learner, PlanEvent
from workfloor.models.learners import learner_floor

MAX_AGE = 60  # seconds; bounds how stale what the key does not cover can be
SIZE = 4096  # learners × (page, feed) per worker

T = TypeVar("T")
_cache: TTLCache = TTLCache(maxsize=SIZE, ttl=MAX_AGE)
_lock = threading.Lock()


class Fingerprint(NamedTuple):
    plans: int
    plans_updated: datetime | None
    plans_revisions: int | None
    plans_ids: int | None
    plans_published: datetime | None
    events: int
    events_latest: datetime | None
    absences: int
    absences_versions: int | None
    absences_ids: int | None

    @property
    def latest_change(self) -> datetime | None:
        """The last publication or logged change of these plans (what the "changed" badges look at)."""
        moments = [m for m in (self.plans_published, self.events_latest) if m is not None]
        return max(moments) if moments else None


def _fingerprint_query() -> Select:
    """Built once: composing the query costs more Python than running it costs the database."""
    learner_id, person_id = bindparam("learner_id", type_=Integer), bindparam("person_id", type_=Integer)
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    floors = select(learner_floor.c.floor_id).where(learner_floor.c.learner_id == learner_id)
    plans = (DayPlan.status == "published", DayPlan.day.between(first, last), DayPlan.floor_id.in_(floors))
    events = (PlanEvent.plan_id.in_(select(DayPlan.id).where(*plans)),)
    absences = (Absence.person_id == person_id, Absence.start_date <= last, Absence.end_date >= first)
    plan_row = select(func.count(DayPlan.id), func.max(DayPlan.updated_at), func.sum(DayPlan.revision),
                      func.sum(DayPlan.id), func.max(DayPlan.published_at)).where(*plans).subquery()
    event_row = select(func.count(PlanEvent.id), func.max(PlanEvent.at)).where(*events).subquery()
    absence_row = select(func.count(Absence.id), func.sum(Absence.version), func.sum(Absence.id)).where(
        *absences).subquery()
    # Three one-row aggregates side by side (joined on true: each is one row).
    return select(plan_row, event_row, absence_row).select_from(
        plan_row.join(event_row, true()).join(absence_row, true()))


_FINGERPRINT = _fingerprint_query()


def fingerprint(learner: Learner, first: date, last: date) -> Fingerprint:
    """What the learner's schedule from `first` to `last` is made of, in one query."""
    row = db.session.execute(_FINGERPRINT, {"learner_id": learner.id, "person_id": learner.person_id,
                                            "first": first, "last": last}).one()
    return Fingerprint(*row)


def cached(kind: str, key: Hashable, build: Callable[[], T]) -> T:
    """The value kept under (kind, key), or build it and keep it."""
    full = (kind, key)
    with _lock:
        value = _cache.get(full)
    if value is None:
        value = build()
        with _lock:
            _cache[full] = value
    return value


def clear() -> None:
    """Forget everything (tests; a worker never needs it: keys change with the data)."""
    with _lock:
        _cache.clear()
