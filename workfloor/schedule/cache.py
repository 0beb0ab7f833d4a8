"""Rendered schedules kept per learner, until their plans or absences change.

"Mijn planning" and the calendar feed are read far more often than plans change: a phone reloads the
page, calendar apps poll the feed. Building either costs a dozen queries and, for the feed, time-zone
arithmetic; so each web worker keeps the rendered week, the whole page (per minute, without its
secrets: see ``hollow``) and the feed per learner, under a key that one cheap query computes from
what they are made of:

- the published plans of the learner's floors in the window (a publication changes ``updated_at``
  and ``revision``; a new or removed plan changes the count) and the changes logged on them,
- the learner's absences overlapping the window (an edit or confirmation bumps ``version``),
- the learner's notices of changed days, and the learner row itself (``version``, first name, when
  they last looked: the "changed" badges), and the day and language.

The same query finds the learner (by account, or by feed token). For "Mijn planning" it also loads
the account the login checks (``user_with_snapshot``), so a page served from the cache costs one
query.

A change to any of these is seen on the next request, in every worker. What the key does not cover
(a site's new address, a crew mate's new name) is at most ``MAX_AGE`` seconds old.
"""
from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Hashable
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from cachetools import TTLCache
from flask_wtf.csrf import generate_csrf
from sqlalchemy import ColumnElement, Date, Integer, Select, String, bindparam, func, select, true

from workfloor.edge import TOKEN_FIELD
from workfloor.extensions import db
from workfloor.models import Absence, DayPlan, Learner, Notice, Person, PlanEvent, User, holds_session
from workfloor.models.learners import learner_floor

MAX_AGE = 60  # seconds; bounds how stale what the key does not cover can be
SIZE = 2048  # entries per worker: a learner's week, page and feed; at most some 60 MB of pages

T = TypeVar("T")
_cache: TTLCache = TTLCache(maxsize=SIZE, ttl=MAX_AGE)
_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}


class Me(NamedTuple):
    """The learner row as the cached pages need it (no ORM object on a hit)."""

    id: int
    person_id: int
    version: int
    schedule_seen_at: datetime | None
    calendar_token: str | None
    first_name: str


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
    notices: int
    notices_latest: int | None

    @property
    def latest_change(self) -> datetime | None:
        """The last publication or logged change of these plans (what the "changed" badges look at)."""
        moments = [m for m in (self.plans_published, self.events_latest) if m is not None]
        return max(moments) if moments else None


def _snapshot_query(*which: ColumnElement[bool]) -> Select:
    """Built once: composing the query costs more Python than running it costs the database."""
    first, last = bindparam("first", type_=Date), bindparam("last", type_=Date)
    since = bindparam("since", type_=Date)
    me = (select(Learner.id, Learner.person_id, Learner.version, Learner.schedule_seen_at, Learner.calendar_token,
                 Person.first_name).join(Person, Person.id == Learner.person_id).where(*which).cte("me"))
    learner_id, person_id = select(me.c.id).scalar_subquery(), select(me.c.person_id).scalar_subquery()
    floors = select(learner_floor.c.floor_id).where(learner_floor.c.learner_id == learner_id)
    plans = (DayPlan.status == "published", DayPlan.day.between(first, last), DayPlan.floor_id.in_(floors))
    plan_row = select(func.count(DayPlan.id), func.max(DayPlan.updated_at), func.sum(DayPlan.revision),
                      func.sum(DayPlan.id), func.max(DayPlan.published_at)).where(*plans).subquery()
    event_row = select(func.count(PlanEvent.id), func.max(PlanEvent.at)).where(
        PlanEvent.plan_id.in_(select(DayPlan.id).where(*plans))).subquery()
    absence_row = select(func.count(Absence.id), func.sum(Absence.version), func.sum(Absence.id)).where(
        Absence.person_id == person_id, Absence.start_date <= last, Absence.end_date >= first).subquery()
    notice_row = select(func.count(Notice.id), func.max(Notice.id)).where(
        Notice.person_id == person_id, Notice.day >= since).subquery()
    # One row: the learner, and one-row aggregates side by side (joined on true); no learner, no row.
    return select(me, plan_row, event_row, absence_row, notice_row).select_from(
        me.join(plan_row, true()).join(event_row, true()).join(absence_row, true()).join(notice_row, true()))


_BY_PERSON = _snapshot_query(Learner.person_id == bindparam("person_id", type_=Integer))
_BY_TOKEN = _snapshot_query(Learner.calendar_token == bindparam("token", type_=String), Person.active)
# The account (as the login loads it) and, beside it, its learner's snapshot: NULLs when it is no learner's.
_USER_ID = bindparam("user_id", type_=Integer)
_OF_USER = _snapshot_query(Learner.person_id == select(User.person_id).where(User.id == _USER_ID)
                           .scalar_subquery()).subquery("snapshot")
_WITH_USER = select(User, _OF_USER).outerjoin(_OF_USER, true()).where(
    User.id == _USER_ID, holds_session(bindparam("session_digest", type_=String)))


def _snapshot(query: Select, params: dict[str, Any]) -> tuple[Me, Fingerprint] | None:
    row = db.session.execute(query, params).first()
    if row is None:
        return None
    values = tuple(row)
    return Me(*values[:len(Me._fields)]), Fingerprint(*values[len(Me._fields):])


def user_with_snapshot(user_id: int, session_digest: str, first: date, last: date, since: date
                       ) -> tuple[User | None, tuple[Me, Fingerprint] | None]:
    """The account while it holds this login session, and what ``by_person`` would find for its person,
    in one query (for the login to load)."""
    row = db.session.execute(_WITH_USER, {"user_id": user_id, "session_digest": session_digest, "first": first,
                                          "last": last, "since": since}).first()
    if row is None:
        return None, None
    values = tuple(row)[1:]
    if values[0] is None:  # the account's person is not a learner
        return row[0], None
    return row[0], (Me(*values[:len(Me._fields)]), Fingerprint(*values[len(Me._fields):]))


def by_person(person_id: int, first: date, last: date, since: date) -> tuple[Me, Fingerprint] | None:
    """The learner of this person and what their schedule is made of, in one query (None: not a learner)."""
    return _snapshot(_BY_PERSON, {"person_id": person_id, "first": first, "last": last, "since": since})


def by_token(token: str, first: date, last: date, since: date) -> tuple[Me, Fingerprint] | None:
    """The active learner whose calendar feed this token opens, and what it is made of, in one query."""
    return _snapshot(_BY_TOKEN, {"token": token, "first": first, "last": last, "since": since})


def cached(kind: str, key: Hashable, build: Callable[[], T]) -> T:
    """The value kept under (kind, key), or build it once and keep it.

    Threads asking for the same missing key wait for one build instead of all building at once.
    """
    full = (kind, key)
    with _lock:
        value = _cache.get(full)
        if value is not None:
            return value
        building = _building.setdefault(full, threading.Lock())
    with building:
        with _lock:
            value = _cache.get(full)
        if value is None:
            value = build()
            with _lock:
                _cache[full] = value
                _building.pop(full, None)
    return value


# A page kept whole is kept hollow: its per-session and per-render secrets (the CSRF token, the one-time
# form tokens) are replaced by marks, and filled in fresh for each response.
_MARK = secrets.token_hex(12)
_CSRF_MARK, _FORM_MARK = f"csrf-{_MARK}", f"form-{_MARK}"
_FORM_TOKEN = re.compile(rf'(name="{TOKEN_FIELD}" type="hidden" value=")[^"]*(")')


def hollow(page: str) -> str:
    """The page just rendered in this request, with its secrets replaced by marks."""
    page = page.replace(generate_csrf(), _CSRF_MARK)
    return _FORM_TOKEN.sub(rf"\g<1>{_FORM_MARK}\g<2>", page)


def fill(page: str) -> str:
    """A hollow page with this session's CSRF token and fresh one-time form tokens."""
    page = page.replace(_CSRF_MARK, generate_csrf())
    parts = page.split(_FORM_MARK)
    return "".join(part + secrets.token_urlsafe(24) for part in parts[:-1]) + parts[-1]


def clear() -> None:
    """Forget everything (tests; a worker never needs it: keys change with the data)."""
    with _lock:
        _cache.clear()
        _building.clear()
