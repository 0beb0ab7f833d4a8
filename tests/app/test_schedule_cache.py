"""The rendered week and feed kept per learner: cheap when nothing changed, fresh as soon as something did."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from tests.app.test_schedule import (  # noqa: F401  (fixtures)
    WEDNESDAY, count_queries, crew, day_section, floor, make_assignment, make_plan, named_learner, scene, today,
)
from tests.app.test_planning_i18n import speak
from tests.conftest import PASSWORD, text
from workfloor.auth import sessions
from workfloor.models import Absence
from workfloor.planning import operations as planning
from workfloor.schedule import operations as ops


def test_a_second_look_costs_one_query_and_writes_nothing(client, login, db, scene):
    login(scene["amina"].person.user)
    text(client.get("/schedule/"))  # the first look is remembered (the "changed" badges start from it)
    first = text(client.get("/schedule/"))
    g.pop("_login_user", None)  # the tests share one app context, whose g would carry the user over
    with count_queries(db) as statements:
        again = text(client.get("/schedule/"))
    # One query: the account the login checks, with the learner and what the page is made of beside it.
    assert len(statements) == 1 and "crew_member" not in statements[0], statements
    assert "user_account" in statements[0] and "login_session" in statements[0]
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


def test_a_language_switch_shows_at_once(client, login, db, scene):
    user = scene["amina"].person.user
    login(user)
    client.get("/schedule/")
    assert "Mijn planning" in text(client.get("/schedule/"))  # kept
    speak(db, user, "en")
    page = text(client.get("/schedule/"))
    assert "My schedule" in page and "Mijn planning" not in page


@pytest.mark.parametrize("how", ["logout", "sessions ended", "deactivated"])
def test_a_kept_page_is_not_shown_to_an_ended_session(app, client, login, db, scene, how):
    """The login loads the account together with the page's snapshot: its checks still hold at once."""
    user = scene["amina"].person.user
    login(user)
    client.get("/schedule/")
    assert client.get("/schedule/").status_code == 200  # kept
    copy = app.test_client()  # another device with the same session
    copy.set_cookie("session", client.get_cookie("session").value)
    g.pop("_login_user", None)  # the tests share one app context, whose g would carry the user over
    assert copy.get("/schedule/").status_code == 200
    if how == "logout":
        g.pop("_login_user", None)
        assert client.post("/logout").status_code == 302
    elif how == "sessions ended":  # what a password change or a coordinator's reset does
        sessions.end_all(user)
    else:
        user.active = False
    db.session.flush()
    g.pop("_login_user", None)
    response = copy.get("/schedule/")
    assert response.status_code == 302 and "/login" in response.location


def test_staff_get_no_schedule_of_their_own(client, login, db, scene, make_user):
    login(make_user("supervisor"))
    assert client.get("/schedule/").status_code == 403
