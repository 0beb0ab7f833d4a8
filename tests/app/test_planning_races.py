"""Real races on PostgreSQL: two supervisors publish, pin, move or generate the same plan at the same moment.

Both requests pass the version check before either saves (a barrier holds them there), so the
database itself must refuse the second save: the answer is 409 with the edit kept, never a 500.
"""
from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.databases import empty_database
from tests.floor_date import floor_today
from workfloor import create_app
from workfloor.extensions import db as _db
from workfloor.models import (
    Assignment, DayPlan, DrivingLicence, Floor, Learner, Person, Site, SolveJob, Supervisor, User, Vehicle, WorkBlock,
)
from workfloor.planning import operations

pytestmark = pytest.mark.skipif(
    make_url(os.environ.get("TEST_DATABASE_URL", "sqlite://")).get_backend_name() != "postgresql",
    reason="real concurrent transactions need PostgreSQL (set TEST_DATABASE_URL)")

PASSWORD = "correct horse battery"
JSON = {"Accept": "application/json"}
DAY = floor_today() + timedelta(days=7 - floor_today().weekday())  # next Monday


@pytest.fixture
def race(tmp_path, monkeypatch):
    """An app on its own PostgreSQL database with a floor, two supervisors, learners and work, committed."""
    with empty_database(tmp_path, "races") as url:
        app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                          "PLANNING_SOLVE_SYNC": True, "PLANNING_TIME_LIMIT": 3})
        monkeypatch.setattr(_db, "session", _db._make_scoped_session({}))  # real sessions, one per thread
        with app.app_context():
            _db.create_all()
            floor = Floor(name="Groen", domain="green", base="Basis")
            site = Site(name="Stadspark", address="Parklaan 1", travel_minutes=10)
            users = []
            for i in range(2):
                person = Person(first_name=f"Begeleider{i}", last_name="Race",
                                licences=[DrivingLicence(category="B")])
                user = User(person=person, email=f"begeleider{i}@race.example.org", role="supervisor")
                user.set_password(PASSWORD)
                _db.session.add_all([user, Supervisor(person=person, floors=[floor], max_learners=6)])
                users.append(user.email)
            for i in range(3):
                person = Person(first_name=f"Leerling{i}", last_name="Race")
                _db.session.add(Learner(person=person, floors=[floor], contract_start=DAY - timedelta(days=30),
                                        work_blocks=[WorkBlock(weekday=d, block=b) for d in range(5)
                                                     for b in ("am", "pm")]))
            _db.session.add_all([
                Vehicle(name="Bus", seats=6, licence="B", floor=floor),
                Assignment(name="Hagen", floor=floor, site=site, day=DAY, min_learners=1, max_learners=3)])
            _db.session.commit()
            floor_id = floor.id
        yield app, users, floor_id
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


def token(app, floor_id) -> str:
    with app.app_context():
        value = operations.plan_token(DAY, {floor_id})
        _db.session.remove()
        return value


def client_of(app, email):
    client = app.test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def at_once(app, users, monkeypatch, path, data_for) -> list[int]:
    """Post from both supervisors; both pass the version check, then both save."""
    barrier = threading.Barrier(2, timeout=20)
    original = operations.check_token

    def check_then_wait(*args, **kwargs):
        original(*args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(operations, "check_token", check_then_wait)
    clients = [client_of(app, email) for email in users]
    data = [data_for(i) for i in range(2)]
    statuses = [None, None]

    def post(i):
        statuses[i] = clients[i].post(f"/planning/{DAY.isoformat()}/{path}", data=data[i], headers=JSON).status_code

    threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    monkeypatch.setattr(operations, "check_token", original)
    return sorted(statuses)


def generated(app, users, floor_id):
    client = client_of(app, users[0])
    response = client.post(f"/planning/{DAY.isoformat()}/generate", headers=JSON,
                           data={"version": token(app, floor_id), "time_limit": "5"})
    assert response.status_code == 202
    return client


def published(app, users, floor_id):
    client = generated(app, users, floor_id)
    assert client.post(f"/planning/{DAY.isoformat()}/publish", headers=JSON,
                       data={"version": token(app, floor_id)}).status_code == 200


def test_publishing_at_once_publishes_once(race, monkeypatch):
    app, users, floor_id = race
    generated(app, users, floor_id)
    seen = token(app, floor_id)
    assert at_once(app, users, monkeypatch, "publish", lambda i: {"version": seen}) == [200, 409]
    with app.app_context():
        plans = _db.session.execute(select(DayPlan)).scalars().all()
        assert [(p.status, p.revision) for p in plans] == [("published", 1)]


def test_pinning_a_published_plan_at_once(race, monkeypatch):
    app, users, floor_id = race
    published(app, users, floor_id)
    seen = token(app, floor_id)
    with app.app_context():
        member = _db.session.execute(select(DayPlan)).scalar_one().members[0]
        pin = {"version": seen, "kind": member.role, "subject": member.person_id,
               "assignment": member.assignment_id, "pinned": "y"}
    assert at_once(app, users, monkeypatch, "pin", lambda i: pin) == [200, 409]
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(DayPlan).where(DayPlan.status == "draft")) == 1


def test_moving_at_once(race, monkeypatch):
    app, users, floor_id = race
    generated(app, users, floor_id)
    seen = token(app, floor_id)
    with app.app_context():
        learners = [m for m in _db.session.execute(select(DayPlan)).scalar_one().members if m.role == "learner"]
        moves = [{"version": seen, "kind": "learner", "subject": m.person_id, "source": m.assignment_id,
                  "target": ""} for m in learners[:2]]
    assert at_once(app, users, monkeypatch, "move", lambda i: moves[i]) == [200, 409]


def test_the_first_generate_at_once_stores_one_plan(race, monkeypatch):
    app, users, floor_id = race
    seen = token(app, floor_id)
    statuses = at_once(app, users, monkeypatch, "generate", lambda i: {"version": seen, "time_limit": "5"})
    assert all(s in (202, 409) for s in statuses), statuses
    with app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(DayPlan)) == 1
        jobs = _db.session.execute(select(SolveJob)).scalars().all()
        assert sum(j.status == "done" for j in jobs) >= 1
        assert all(j.status in ("done", "failed") for j in jobs), [(j.status, j.error) for j in jobs]
