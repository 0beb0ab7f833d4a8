"""The rendered week and feed kept per learner: cheap when nothing changed, fresh as soon as something did."""
from __future__ import annotations

from datetime import timedelta

from tests.app.test_schedule import (  # noqa: F401  (fixtures)
    WEDNESDAY, count_queries, crew, day_section, floor, make_assignment, make_plan, named_learner, scene, today,
)
from tests.conftest import text
from workfloor.models import Absence
from workfloor.planning import operations as planning
from workfloor.schedule import operations as ops


def test_a_second_look_costs_the_login_and_one_query_and_writes_nothing(client, login, db, scene):
    login(scene["amina"].person.user)
    text(client.get("/schedule/"))  # the first look is remembered (the "changed" badges start from it)
    first = text(client.get("/schedule/"))
    with count_queries(db) as statements:
        again = text(client.get("/schedule/"))
    # The account (unless the test's session still holds it), and the learner with what the page is made of.
    assert len(statements) <= 2 and "crew_member" not in " ".join(statements), statements
    assert not any(s.lstrip().upper().startswith("UPDATE") for s in statements)
    assert day_section(again, WEDNESDAY) == day_section(first, WEDNESDAY)


def test_an_absence_shows_at_once(client, login, db, scene):
    amina = scene["amina"]
    login(amina.person.user)
    assert "Hagen scheren" in day_section(text(client.get("/schedule/")), WEDNESDAY)
    db.session.add(Absence(person=amina.person, start_date=WEDNESDAY, end_date=WEDNESDAY, reason="sick"))
    db.session.flush()
    assert "afwezig" in day_section(text(client.get("/schedule/")), WEDNESDAY).lower()


def test_a_publication_shows_at_once(client, login, db, scene, make_assignment, make_plan, crew):
    amina = scene["amina"]
    thursday = WEDNESDAY + timedelta(days=1)
    login(amina.person.user)
    assert "Serre" not in day_section(text(client.get("/schedule/")), thursday)
    plan = make_plan(thursday, status="draft")
    crew(plan, make_assignment(thursday, scene["floor"], name="Serre"), learners=[amina])
    planning.publish(plan, None)
    db.session.flush()
    assert "Serre" in day_section(text(client.get("/schedule/")), thursday)


def test_a_revoked_feed_stops_at_once_and_a_kept_feed_costs_one_query(client, db, scene):
    amina = scene["amina"]
    amina.calendar_token = "amina-token"
    db.session.flush()
    body = client.get("/schedule/feed/amina-token.ics").data
    with count_queries(db) as statements:
        assert client.get("/schedule/feed/amina-token.ics").data == body
    assert len(statements) == 1, statements
    ops.revoke_calendar_token(amina)
    db.session.flush()
    assert client.get("/schedule/feed/amina-token.ics").status_code == 404


def test_a_deactivated_learners_feed_stops(client, db, scene):
    amina = scene["amina"]
    amina.calendar_token = "amina-token"
    db.session.flush()
    assert client.get("/schedule/feed/amina-token.ics").status_code == 200
    amina.person.active = False
    db.session.flush()
    assert client.get("/schedule/feed/amina-token.ics").status_code == 404
