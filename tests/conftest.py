"""Shared fixtures: one app per run, one rolled-back transaction per test, factories."""
from __future__ import annotations

import itertools
import os
from datetime import timedelta

import pytest
from hypothesis import settings
from flask_sqlalchemy.session import Session
from sqlalchemy import text as sql_text

from tests.floor_date import floor_today
from workfloor import create_app
from workfloor.extensions import db as _db
from workfloor.models import (
    Floor, Learner, Person, Site, Supervisor, User, Vehicle, WorkBlock,
)

PASSWORD = "correct horse battery"

# Property tests explore new examples on a developer's machine, and replay fixed ones in CI,
# so a red CI run always means the code changed.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
_counter = itertools.count(1)


@pytest.fixture(scope="session")
def app():
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": os.environ.get("TEST_DATABASE_URL", "sqlite://")})
    with app.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as connection:
                connection.execute(sql_text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


class TestSession(Session):
    """Flask-SQLAlchemy routes every query to its engine; a test wants its own connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@pytest.fixture(autouse=True)
def db(app):
    """Every test runs inside a transaction that is rolled back afterwards."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original = _db.session
        _db.session = _db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": TestSession})
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def fresh_schedule_cache():
    """Rendered schedules are kept per worker; a test starts without another test's."""
    from workfloor.schedule import cache
    cache.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


@pytest.fixture
def make_floor(db):
    def make(**overrides) -> Floor:
        fields = {"name": unique("Werkvloer "), "domain": "green", "base": "Leerwerkplaats"} | overrides
        floor = Floor(**fields)
        db.session.add(floor)
        db.session.flush()
        return floor
    return make


@pytest.fixture
def make_person(db):
    def make(**overrides) -> Person:
        person = Person(**({"first_name": unique("Voornaam"), "last_name": "Achternaam"} | overrides))
        db.session.add(person)
        db.session.flush()
        return person
    return make


@pytest.fixture
def make_user(db, make_person):
    def make(role: str = "coordinator", person: Person | None = None, **overrides) -> User:
        person = person or make_person()
        user = User(person=person, email=overrides.pop("email", unique("user") + "@example.org"), role=role,
                    **overrides)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        return user
    return make


@pytest.fixture
def make_supervisor(db, make_user, make_floor):
    def make(floors: list[Floor] | None = None, **overrides) -> Supervisor:
        user = make_user("supervisor")
        supervisor = Supervisor(person=user.person, floors=floors if floors is not None else [make_floor()],
                                **overrides)
        db.session.add(supervisor)
        db.session.flush()
        return supervisor
    return make


@pytest.fixture
def make_learner(db, make_user, make_floor):
    def make(floors: list[Floor] | None = None, counsellor: Person | None = None, with_account: bool = True,
             pattern: list[tuple[int, str]] | None = None, **overrides) -> Learner:
        if with_account:
            person = make_user("learner").person
        else:
            person = Person(first_name=unique("Leerling"), last_name="Test")
        fields = {"contract_start": floor_today() - timedelta(days=60), "phase": "work_activation"} | overrides
        pattern = pattern if pattern is not None else [(d, b) for d in range(5) for b in ("am", "pm")]
        learner = Learner(person=person, counsellor=counsellor,
                          floors=floors if floors is not None else [make_floor()],
                          work_blocks=[WorkBlock(weekday=d, block=b) for d, b in pattern], **fields)
        db.session.add(learner)
        db.session.flush()
        return learner
    return make


@pytest.fixture
def make_site(db):
    def make(**overrides) -> Site:
        site = Site(**({"name": unique("Locatie "), "address": "Straat 1", "travel_minutes": 10} | overrides))
        db.session.add(site)
        db.session.flush()
        return site
    return make


@pytest.fixture
def make_vehicle(db):
    def make(**overrides) -> Vehicle:
        vehicle = Vehicle(**({"name": unique("Bestelwagen "), "seats": 6, "licence": "B"} | overrides))
        db.session.add(vehicle)
        db.session.flush()
        return vehicle
    return make


@pytest.fixture
def login(client):
    """Log a user in through the real login form."""
    def do(user: User):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return do


@pytest.fixture
def framework_items(db):
    """The shipped competency items as rows (tests use create_all, so migration 0002 did not seed them)."""
    from workfloor.framework.operations import current_framework, sync_framework

    sync_framework()
    return current_framework()


@pytest.fixture
def coordinator(login, make_user):
    """A coordinator, logged in."""
    return login(make_user("coordinator"))


@pytest.fixture
def counsellor(make_user):
    """A counsellor (trajectbegeleider) with an account, not logged in."""
    return make_user("counsellor")


def text(response) -> str:
    """A response's body as text, as the page's HTML says it (entities not unescaped)."""
    return response.get_data(as_text=True)


def count(db, model) -> int:
    """How many rows `model` has."""
    return db.session.scalar(db.select(db.func.count()).select_from(model))
