"""Real races on PostgreSQL: eight sessions, each on its own connection, save at the same moment.

Every versioned edit lets exactly one of them win; the others get 409 with their input kept.
Every "one per ..." rule stores one record, whatever arrives at once; a form posted twice
stores once. No request may answer with a 500.

The app runs against its own database (<test database>_race), committing for real, and
each thread is a browser of its own (its own test client, login and database connection).
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from werkzeug.datastructures import MultiDict

from tests.app.hostile import post_forms
from tests.conftest import PASSWORD
from tests.floor_date import floor_today
from workfloor import create_app
from workfloor.extensions import db as _db
from workfloor.models import (
    Absence, Assessment, Assignment, AssignmentTemplate, AttendanceEntry, DevelopmentGoal, Floor, FormToken,
    JobTarget, Learner, Person, Rating, Site, Supervisor, User, Vehicle, WorkBlock,
)

URL = make_url(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
pytestmark = pytest.mark.skipif(URL.get_backend_name() != "postgresql",
                                reason="races need PostgreSQL (set TEST_DATABASE_URL)")
SESSIONS = 8


@pytest.fixture
def race_app(db):
    """An app on a database of its own, where requests really commit (not the rolled-back test one)."""
    name = f"{URL.database}_race"
    admin = create_engine(URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = create_app({"WORKFLOOR_ENV": "test",
                      "SQLALCHEMY_DATABASE_URI": URL.set(database=name).render_as_string(hide_password=False),
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": SESSIONS + 2, "max_overflow": 4}})
    test_session = _db.session
    _db.session = _db._make_scoped_session({})  # the real thing: one session per app context
    try:
        with app.app_context():
            _db.create_all()
        yield app
    finally:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()
        _db.session = test_session
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class World:
    """Ids of what the race app holds: eight coordinators, a floor, a learner with an assessment ..."""


@pytest.fixture
def world(race_app):
    from competencies import load_default_framework  # noqa: F401  (the framework rows, as in migration 0002)
    from workfloor.assessments import operations as assessment_ops
    from workfloor.framework.operations import current_framework, sync_framework

    w = World()
    with race_app.app_context():
        sync_framework()
        floor = Floor(name="Groendienst", domain="green", base="Depot")
        site = Site(name="Park", address="Parklaan 1")
        vehicle = Vehicle(name="Bestelwagen 1", seats=3, licence="B")
        users = []
        for number in range(SESSIONS):
            person = Person(first_name=f"Coördinator{number}", last_name="Test")
            user = User(person=person, email=f"coordinator{number}@stad.be", role="coordinator")
            user.set_password(PASSWORD)
            users.append(user)
        supervisor_person = Person(first_name="Sam", last_name="Begeleider")
        supervisor_user = User(person=supervisor_person, email="sam@stad.be", role="supervisor")
        supervisor_user.set_password(PASSWORD)
        supervisor = Supervisor(person=supervisor_person, floors=[floor])
        learner = Learner(person=Person(first_name="Lina", last_name="Leerling"), floors=[floor],
                          contract_start=floor_today() - timedelta(days=90),
                          work_blocks=[WorkBlock(weekday=d, block=b) for d in range(5) for b in ("am", "pm")])
        target = JobTarget(name="Groenarbeider", requirements={"attitude.teamwork": 3})
        _db.session.add_all([floor, site, vehicle, *users, supervisor_user, supervisor, learner, target])
        _db.session.flush()
        assessment = assessment_ops.record_assessment(
            learner, users[0], kind="observation", day=floor_today(), note="",
            ratings=[assessment_ops.RatingInput("attitude.teamwork", 3),
                     assessment_ops.RatingInput("attitude.punctuality", 3)], framework=current_framework())
        goal = DevelopmentGoal(learner_id=learner.id, competency_id="attitude.safety", target_level=4, weight=2)
        workday = floor_today() - timedelta(days=max(0, floor_today().weekday() - 4))
        absence = Absence(person_id=learner.person_id, start_date=workday + timedelta(days=30),
                          end_date=workday + timedelta(days=30), reason="sick")
        assignment = Assignment(name="Maaien", floor=floor, site=site, day=floor_today(), max_learners=3)
        template = AssignmentTemplate(name="Hagen", floor=floor, site=site, weekday=1, starts_on=floor_today(),
                                      max_learners=3)
        _db.session.add_all([goal, absence, assignment, template])
        _db.session.commit()
        w.emails = [user.email for user in users]
        w.user_ids = [user.id for user in users]
        w.floor, w.site, w.vehicle, w.learner = floor.id, site.id, vehicle.id, learner.id
        w.person = learner.person_id
        w.supervisor = supervisor.id
        w.assessment, w.goal, w.absence, w.target = assessment.id, goal.id, absence.id, target.id
        w.assignment, w.template = assignment.id, template.id
        w.workday = workday
    return w


def _browsers(app, world) -> list:
    """One logged-in test client per session, each its own coordinator."""
    clients = []
    for email in world.emails:
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302
        clients.append(client)
    return clients


def _race(calls: list[Callable[[], object]]) -> list:
    """Run the calls in threads released at the same moment; their responses (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        try:
            response = calls[index]()
            results[index] = response.status_code
            response.close()
        except Exception as error:  # noqa: BLE001 - a traceback is a failure we count
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _form(client, url: str) -> MultiDict:
    """The page's POST form as a browser would send it untouched (its own one-time token included)."""
    page = client.get(url)
    assert page.status_code == 200, url
    [form] = [f for f in post_forms(page.get_data(as_text=True)) if f.action in ("", url) and
              any(name == "version" for name, _value in f.fields)]
    return MultiDict(form.fields)


def _count(app, model, *where) -> int:
    with app.app_context():
        return _db.session.scalar(select(func.count()).select_from(model).where(*where))


# Versioned edits ------------------------------------------------------------------------------------

# endpoint URL (from the world) -> the field each session fills in differently, and how
EDITS: dict[str, tuple[Callable, str, Callable[[int], str]]] = {
    "assessments.edit": (lambda w: f"/assessments/{w.assessment}/edit", "note", lambda i: f"Correctie {i}"),
    "assessments.edit (ratings only)": (lambda w: f"/assessments/{w.assessment}/edit", "level-attitude.teamwork",
                                        lambda i: str(3 + i % 2)),
    "learners.edit_basics": (lambda w: f"/learners/{w.learner}/edit", "phone", lambda i: f"0470 00 00 0{i}"),
    "learners.edit_restrictions": (lambda w: f"/learners/{w.learner}/restrictions", "codes",
                                   lambda i: ["no_heavy_lifting", "no_chemicals", "no_machines"][i % 3]),
    "learners.edit_pattern": (lambda w: f"/learners/{w.learner}/pattern", "blocks", lambda i: f"{i % 5}-am"),
    "goals.edit": (lambda w: f"/goals/{w.goal}/edit", "actions", lambda i: f"Actie {i}"),
    "absences.edit": (lambda w: f"/absences/{w.absence}/edit", "note", lambda i: f"Notitie {i}"),
    "sites.edit": (lambda w: f"/sites/{w.site}/edit", "address", lambda i: f"Straat {i}"),
    "vehicles.edit": (lambda w: f"/vehicles/{w.vehicle}/edit", "plate", lambda i: f"1-ABC-00{i}"),
    "floors.edit": (lambda w: f"/floors/{w.floor}/edit", "base", lambda i: f"Depot {i}"),
    "supervisors.edit": (lambda w: f"/supervisors/{w.supervisor}/edit", "max_learners", lambda i: str(2 + i)),
    "users.edit": (lambda w: f"/users/{w.user_ids[-1]}/edit", "last_name", lambda i: f"Naam{i}"),
    "assignments.edit": (lambda w: f"/assignments/{w.assignment}/edit", "notes", lambda i: f"Notitie {i}"),
    "assignments.edit_template": (lambda w: f"/assignments/templates/{w.template}/edit", "notes",
                                  lambda i: f"Notitie {i}"),
    "framework.edit_item": (lambda w: "/framework/items/attitude.teamwork/edit", "description",
                            lambda i: f"Beschrijving {i}"),
    "framework.edit_job_target": (lambda w: f"/framework/job-targets/{w.target}/edit", "description",
                                  lambda i: f"Beschrijving {i}"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_eight_sessions_saving_the_same_record_one_wins(race_app, world, edit):
    url_of, field, value_of = EDITS[edit]
    url = url_of(world)
    clients = _browsers(race_app, world)
    forms = [_form(client, url) for client in clients]  # all opened on the same version
    for index, form in enumerate(forms):
        form.setlist(field, [value_of(index)])
    results = _race([lambda c=client, f=form: c.post(url, data=f) for client, form in zip(clients, forms)])
    assert all(isinstance(result, int) and result < 500 for result in results), results
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results
    # The loser's page still holds what it typed, and saving again from it works.
    loser = results.index(409)
    again = _form(clients[loser], url)
    assert again.get("version") != forms[loser].get("version")


def test_rating_corrections_keep_the_winners_ratings_whole(race_app, world):
    url = f"/assessments/{world.assessment}/edit"
    clients = _browsers(race_app, world)
    forms = [_form(client, url) for client in clients]
    for index, form in enumerate(forms):
        form.setlist("level-attitude.teamwork", [str(3 + index % 2)])
        form.setlist("level-attitude.punctuality", [str(3 + (index + 1) % 2)])
        form.setlist("note", [f"sessie {index}"])
    results = _race([lambda c=client, f=form: c.post(url, data=f) for client, form in zip(clients, forms)])
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results
    winner = results.index(302)
    with race_app.app_context():
        assessment = _db.session.get(Assessment, world.assessment)
        levels = {r.competency_id: r.level for r in assessment.ratings}
        assert assessment.note == f"sessie {winner}"
        assert levels["attitude.teamwork"] == 3 + winner % 2
        assert levels["attitude.punctuality"] == 3 + (winner + 1) % 2
        assert _db.session.scalar(select(func.count()).select_from(Rating)
                                  .where(Rating.assessment_id == assessment.id)) == 2


# One per ... ----------------------------------------------------------------------------------------

def _absence_data(world, index: int) -> dict:
    return {"person_id": str(world.person), "start_date": world.workday.isoformat(),
            "end_date": world.workday.isoformat(), "blocks": "day", "reason": "sick", "note": f"sessie {index}"}


def test_eight_new_absences_for_one_person_and_day_store_one(race_app, world):
    clients = _browsers(race_app, world)
    results = _race([lambda c=client, i=i: c.post("/absences/new", data=_absence_data(world, i))
                     for i, client in enumerate(clients)])
    assert all(isinstance(result, int) and result < 500 for result in results), results
    assert results.count(302) == 1, results
    assert _count(race_app, Absence, Absence.person_id == world.person, Absence.start_date == world.workday) == 1


@pytest.mark.parametrize("kind", ["site", "e-mail", "vehicle", "floor", "job target"])
def test_eight_creates_of_the_same_unique_name_store_one(race_app, world, kind):
    url, data, model, where = {
        "site": ("/sites/new", {"name": "Kerkhof", "address": "", "travel_minutes": "5"}, Site, Site.name == "Kerkhof"),
        "e-mail": ("/users/new", {"role": "counsellor", "first_name": "Tina", "last_name": "Traject",
                                  "email": "tina@stad.be", "password": "een lang wachtwoord"},
                   User, User.email == "tina@stad.be"),
        "vehicle": ("/vehicles/new", {"name": "Pick-up", "seats": "3", "licence": "B"}, Vehicle,
                    Vehicle.name == "Pick-up"),
        "floor": ("/floors/new", {"name": "Schoonmaak", "domain": "cleaning", "base": "Depot"}, Floor,
                  Floor.name == "Schoonmaak"),
        "job target": ("/framework/job-targets/new", {"name": "Poetshulp", "description": ""}, JobTarget,
                       JobTarget.name == "Poetshulp"),
    }[kind]
    clients = _browsers(race_app, world)
    results = _race([lambda c=client: c.post(url, data=data) for client in clients])
    assert all(isinstance(result, int) and result < 500 for result in results), results
    assert results.count(302) == 1, results
    assert _count(race_app, model, where) == 1


def test_eight_first_attendance_marks_store_one_per_block(race_app, world):
    url = f"/attendance/?day={world.workday.isoformat()}"
    clients = _browsers(race_app, world)
    forms = [_form(client, url) for client in clients]
    for index, form in enumerate(forms):
        form.setlist(f"status_{world.learner}_am", ["late" if index % 2 else "present"])
        form.setlist(f"note_{world.learner}_am", [f"sessie {index}"])
    results = _race([lambda c=client, f=form: c.post(url, data=f) for client, form in zip(clients, forms)])
    assert all(isinstance(result, int) and result < 500 for result in results), results
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results
    winner = results.index(302)
    with race_app.app_context():
        entry = _db.session.execute(select(AttendanceEntry).where(
            AttendanceEntry.learner_id == world.learner, AttendanceEntry.day == world.workday,
            AttendanceEntry.block == "am")).scalar_one()
        assert entry.note == f"sessie {winner}"


# Double submits -------------------------------------------------------------------------------------

CREATES = {
    "learner": ("/learners/new", {"first_name": "Dubbel", "last_name": "Klik", "floors": "{floor}",
                                  "contract_start": "{today}", "phase": "work_activation", "counsellor_id": "0"},
                Learner, lambda w: Learner.person.has(Person.first_name == "Dubbel")),
    "assessment": ("/assessments/learner/{learner}/new", {"kind": "observation", "day": "{today}",
                                                          "level-attitude.safety": "3"},
                   Assessment, lambda w: Assessment.learner_id == w.learner),
    "goal": ("/goals/learner/{learner}/new", {"competency": "attitude.punctuality", "target_level": "4",
                                              "weight": "2", "actions": "Dubbelklik"},
             DevelopmentGoal, lambda w: DevelopmentGoal.actions == "Dubbelklik"),
    "absence": ("/absences/new", {"person_id": "{person}", "start_date": "{later}", "end_date": "{later}",
                                  "blocks": "am", "reason": "appointment_vdab", "note": "dubbel"},
                Absence, lambda w: Absence.note == "dubbel"),
}


@pytest.mark.parametrize("kind", sorted(CREATES))
def test_a_create_form_posted_eight_times_at_once_stores_once(race_app, world, kind):
    url, fields, model, where = CREATES[kind]
    values = {"floor": world.floor, "learner": world.learner, "person": world.person,
              "today": floor_today().isoformat(), "later": (world.workday + timedelta(days=60)).isoformat()}
    url = url.format(**values)
    client = _browsers(race_app, world)[0]
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {name: value.format(**values) for name, value in fields.items()} | {"form_token": token}
    before = _count(race_app, model, where(world))
    # One browser, one form, eight posts (an impatient double, triple ... click), on one cookie.
    results = _race([lambda: client.post(url, data=data) for _ in range(SESSIONS)])
    assert all(isinstance(result, int) and result < 500 for result in results), results
    assert _count(race_app, model, where(world)) == before + 1, results
    assert _count(race_app, FormToken, FormToken.token == token) == 1
