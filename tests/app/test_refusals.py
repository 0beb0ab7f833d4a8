"""Refusal and error pages say in words what happened and what to do, in the reader's language."""
from __future__ import annotations

from tests.conftest import text


def test_a_403_explains_in_words(client, login, make_user):
    login(make_user("learner"))
    response = client.get("/planning/")
    page = text(response)
    assert response.status_code == 403
    assert "<h1>Geen toegang</h1>" in page and "als leerwerknemer" in page and "teamverantwoordelijke" in page
    assert "<title>Geen toegang" in page


def test_a_404_explains_in_words(client, login, make_user):
    login(make_user("coordinator"))
    page = text(client.get("/learners/999999"))
    assert "<h1>Niet gevonden</h1>" in page and "Kijk het adres na" in page


def test_a_bad_request_gets_the_app_page_not_werkzeugs(client, login, make_user):
    login(make_user("learner"))
    response = client.post("/schedule/learner/999999/calendar")
    assert response.status_code in (400, 404)
    assert "workfloor" in text(response) and "Bad Request" not in text(response)


def test_refusals_in_english(client, login, make_user):
    login(make_user("learner", locale="en"))
    page = text(client.get("/planning/"))
    assert "<h1>No access</h1>" in page


def test_the_login_page_offers_the_language(client):
    response = client.post("/language", data={"lang": "en", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = text(client.get("/login"))
    assert '<html lang="en"' in page and 'name="lang" value="nl"' in page
    assert '<button name="lang" value="en" lang="en" class="secondary outline" aria-pressed="true">' in page
