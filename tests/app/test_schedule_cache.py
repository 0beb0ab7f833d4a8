"""The rendered week and feed kept per learner: cheap when nothing changed, fresh as soon as something did."""
from __future__ import annotations

from datetime import timedelta

from tests.app.test_schedule import (  # noqa: F401  (fixtures)
    WEDNESDAY, count_queries, crew, day_section, floor, make_assignment, make_plan, named_learner, scene, today,
)
from tests.conftest import PASSWORD, text
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


def test_a_kept_page_gets_fresh_form_tokens_and_the_sessions_own_csrf_token(app, client, login, db, scene):
    import re

    from flask import g

    amina = scene["amina"]
    login(amina.person.user)
    phone = app.test_client()
    assert phone.post("/login", data={"email": amina.person.user.email, "password": PASSWORD}).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True  # the test settings switch it off; the page must carry the session's
    try:
        pages = [text(client.get("/schedule/")) for _ in range(3)]
        g.pop("csrf_token", None)  # the test's app context outlives requests; Flask-WTF keeps the token in g
        pages.append(text(phone.get("/schedule/")))
        form = re.compile(r'name="(csrf_token|form_token)" type="hidden" value="([^"]+)"')
        fields = [dict(form.findall(page.split('action="/schedule/learner/')[1])) for page in pages]
        assert len({f["form_token"] for f in fields}) == 4  # a fresh one-time token on every page
        assert fields[3]["csrf_token"] != fields[2]["csrf_token"]  # each session its own
        response = client.post(f"/schedule/learner/{amina.id}/calendar", data=fields[2])  # a kept page's form works
        assert response.status_code == 302, text(response)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_message_after_a_sick_report_shows_once_and_the_report_at_once(client, login, db, scene):
    amina = scene["amina"]
    login(amina.person.user)
    client.get("/schedule/")
    assert "Je meldde" not in day_section(text(client.get("/schedule/")), WEDNESDAY)  # kept
    response = client.post("/schedule/report", data={"kind": "sick", "days": [WEDNESDAY.isoformat()], "note": ""},
                           follow_redirects=True)
    assert "Je begeleider weet het nu" in text(response)
    again = text(client.get("/schedule/"))
    assert "Je begeleider weet het nu" not in again
    assert "Je meldde: ziek" in day_section(again, WEDNESDAY)  # the report waiting for the supervisor's OK
