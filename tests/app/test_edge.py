"""The edge checks (workfloor.edge, workfloor.forms.AppForm) in isolation: what each one refuses and how."""
from __future__ import annotations

import re
import pytest

from tests.conftest import count, text
from workfloor import create_app
from workfloor.extensions import db as database
from workfloor.models import Absence, Site


def _token(page: str) -> str:
    return re.search(r'name="form_token" type="hidden" value="([^"]+)"', page).group(1)


def test_a_create_form_posted_twice_stores_once_and_the_second_post_follows_the_first(client, coordinator, db):
    token = _token(text(client.get("/sites/new")))
    data = {"name": "Kerkhof", "address": "", "travel_minutes": "5", "form_token": token}
    first = client.post("/sites/new", data=data)
    second = client.post("/sites/new", data=data)
    assert first.status_code == 302
    assert second.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert count(db, Site) == 1
    assert "Dit formulier was al verstuurd" in text(client.get(second.headers["Location"]))


def test_a_refused_form_comes_back_with_a_fresh_token_that_saves(client, coordinator, db):
    token = _token(text(client.get("/sites/new")))
    refused = client.post("/sites/new", data={"name": "", "travel_minutes": "5", "form_token": token})
    assert "Geef de locatie een naam" in text(refused)
    fresh = _token(text(refused))
    assert fresh != token
    fixed = client.post("/sites/new", data={"name": "Kerkhof", "travel_minutes": "5", "form_token": fresh})
    assert fixed.status_code == 302 and count(db, Site) == 1


def test_every_form_renders_a_fresh_token(client, coordinator):
    assert _token(text(client.get("/sites/new"))) != _token(text(client.get("/sites/new")))


@pytest.mark.parametrize("url", ["/absences/?start=0001-01-01", "/absences/?start=9999-12-31",
                                 "/absences/?floor=1000000000000000000000000000000", "/absences/?q=a%00b",
                                 "/availability/?day=10000-01-01"])
def test_out_of_range_query_strings_get_a_dutch_400(client, coordinator, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Kies een datum tussen" in text(response) or "te groot" in text(response) \
        or "stuurtekens" in text(response)


@pytest.mark.parametrize("url", ["/learners/1000000000000000000000000000000", "/learners/2147483648",
                                 "/schedule/crew-sheet/9999-12-31", "/schedule/feed/a%00b.ics"])
def test_out_of_range_urls_are_404(client, coordinator, url):
    assert client.get(url).status_code == 404


def test_a_date_outside_the_window_gets_a_message_on_its_field(client, coordinator, make_learner, db):
    learner = make_learner()
    response = client.post("/absences/new", data={
        "person_id": learner.person_id, "start_date": "9999-12-31", "end_date": "9999-12-31", "blocks": "day",
        "reason": "sick"})
    assert "Kies een datum tussen 2000 en 2099." in text(response)
    assert count(db, Absence) == 0


def test_the_error_page_renders_after_a_failed_flush(db):
    """A database error leaves the session needing a rollback; the error page (which reads the
    user from the database) must still render instead of failing with PendingRollbackError."""
    app = create_app({"WORKFLOOR_ENV": "test", "PROPAGATE_EXCEPTIONS": False})

    @app.route("/_boom")
    def boom():
        database.session.add(Site(name="Dubbel"))
        database.session.add(Site(name="Dubbel"))
        database.session.flush()
        return "not reached"

    with app.app_context():
        database.create_all()
        database.engine.dispose()  # the test's own connection serves the request
    response = app.test_client().get("/_boom")
    assert response.status_code == 409
    assert "Iemand anders heeft intussen hetzelfde opgeslagen" in text(response)


# Forms outside AppForm, and why: the login forms belong to sessions and login (issue 14, second half);
# the planning board posts from its script, outside any rendered form (issue 8).
NOT_APP_FORMS = {"workfloor.auth.forms", "workfloor.planning.forms"}


def test_every_form_derives_from_the_app_form():
    from flask_wtf import FlaskForm

    from tests.app.test_hostile_input import _form_classes
    from workfloor.forms import AppForm

    outside = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in _form_classes()
                     if not issubclass(cls, AppForm) and cls is not AppForm and cls.__module__ not in NOT_APP_FORMS
                     and cls.__module__.startswith("workfloor.") and issubclass(cls, FlaskForm))
    assert not outside, f"derive these from workfloor.forms.AppForm: {outside}"


def test_a_reference_to_nothing_is_a_400_not_a_conflict(db):
    """A forged id that slips past a form (driver=-1) fails on a foreign key: bad input, not a 409."""
    from workfloor.models import Vehicle

    app = create_app({"WORKFLOOR_ENV": "test", "PROPAGATE_EXCEPTIONS": False})

    @app.route("/_forged")
    def forged():
        database.session.add(Vehicle(name="Busje", seats=3, floor_id=-1))
        database.session.flush()
        return "not reached"

    with app.app_context():
        database.create_all()
        database.engine.dispose()  # the test's own connection serves the request
    response = app.test_client().get("/_forged")
    assert response.status_code == 400
    assert "Deze invoer klopt niet" in text(response)
