"""The counsellor's and supervisor's journeys of issue 10 in real Chromium, and English where they asked for it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import DEMO_LOGINS, login_as
from tests.floor_date import floor_today
from workfloor.extensions import db
from workfloor.models import Learner, User


@pytest.fixture(scope="module")
def demo_learner_id(live_app):
    with live_app.app_context():
        user = db.session.execute(select(User).where(User.email == DEMO_LOGINS["learner"])).scalar_one()
        learner_id = db.session.execute(select(Learner.id).where(Learner.person_id == user.person_id)).scalar_one()
        db.session.remove()
    return learner_id


def caseload_learner(page) -> str:
    """The first learner of the counsellor's caseload, opened from the caseload page; returns its id."""
    page.goto(page.base_url + "/progress/")
    link = page.locator("main table a[href*='/progress/learners/']").first
    learner_id = link.get_attribute("href").rstrip("/").split("/")[-1]
    link.click()
    page.wait_for_url(f"**/progress/learners/{learner_id}")
    return learner_id


def test_counsellor_goes_on_from_progress_and_sets_a_goal_above_the_current_level(page):
    login_as(page, "counsellor")
    demo_learner_id = caseload_learner(page)
    onward = page.get_by_role("navigation", name="Verder naar")
    for label in ("Doelen en ontwikkelingsplan", "Beoordelingen", "Dossier", "Planning"):
        expect(onward.get_by_role("link", name=label)).to_be_visible()
    onward.get_by_role("link", name="Doelen en ontwikkelingsplan").click()
    page.wait_for_url(f"**/goals/learner/{demo_learner_id}")
    page.goto(f"{page.base_url}/goals/learner/{demo_learner_id}/new")
    options = page.locator("#competency option").all_inner_texts()
    rated = next(text for text in options if "(nu " in text)
    assert any("(nog niet beoordeeld)" in text for text in options)
    level = int(rated.split("(nu ", 1)[1][0])
    page.select_option("#competency", label=rated)
    page.select_option("#target_level", str(level))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".field-error")).to_contain_text(f"Kies een doelniveau hoger dan {level}.")
    expect(page.locator("#current-level")).to_contain_text(str(level))


def test_never_assessed_items_say_so(page):
    login_as(page, "counsellor")
    demo_learner_id = caseload_learner(page)
    page.goto(f"{page.base_url}/goals/learner/{demo_learner_id}")
    text = page.locator("main").inner_text()
    assert "3 lager" not in text or "nog niet beoordeeld" in text


def test_learner_file_week_table_fits_at_1366(browser, live_server, demo_learner_id):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nl-BE")
    try:
        page = context.new_page()
        page.base_url = live_server
        login_as(page, "supervisor")
        page.goto(f"{live_server}/learners/{demo_learner_id}")
        table = page.locator("table.pattern-grid").first
        box, holder = table.bounding_box(), table.locator("xpath=..").bounding_box()
        assert box["x"] + box["width"] <= holder["x"] + holder["width"] + 1
        friday = table.locator("thead th").last.bounding_box()
        assert friday["x"] + friday["width"] <= holder["x"] + holder["width"] + 1
    finally:
        context.close()


def test_compact_board_on_a_tablet(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True,
                                  locale="nl-BE")
    try:
        page = context.new_page()
        page.base_url = live_server
        login_as(page, "supervisor")
        monday = floor_today() + timedelta(days=7 - floor_today().weekday())
        page.goto(f"{live_server}/planning/{(monday + timedelta(weeks=6, days=3)).isoformat()}")
        expect(page.locator("body.board-compact")).to_have_count(1)
        folded = page.locator(".plan-card.is-folded")
        assert folded.count() >= 1  # no plan yet: every card is empty, folded to one line
        card = page.locator("#" + folded.first.get_attribute("id"))  # stays the same card once opened
        expect(card.locator(".card-summary")).to_have_text("Nog niemand ingepland")
        expect(card.locator(".js-suggest")).to_be_hidden()
        card.get_by_role("button", name="Toon").click()
        expect(card.locator(".js-suggest")).to_be_visible()
    finally:
        context.close()


def test_english_from_the_login_page(page):
    page.goto(page.base_url + "/login")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_a_refusal_explains_in_words(page):
    login_as(page, "learner")
    page.goto(page.base_url + "/planning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    expect(page.locator("main")).to_contain_text("teamverantwoordelijke")


def test_coordinator_edits_english_texts_in_the_framework_editor(page):
    login_as(page, "coordinator")
    page.goto(page.base_url + "/framework/items/attitude.accuracy/edit")
    expect(page.get_by_label("Zo zegt de leerwerknemer het (zelfevaluatie)")).to_have_value(
        "Ik werk zorgvuldig en kijk mijn werk na.")
    page.get_by_text("Engelse teksten").click()
    page.get_by_label("Niveau 4 in het Engels").fill("Works precisely without being checked.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/framework/**")
    page.goto(page.base_url + "/framework/items/attitude.accuracy/edit")
    page.get_by_text("Engelse teksten").click()
    expect(page.get_by_label("Niveau 4 in het Engels")).to_have_value("Works precisely without being checked.")
    expect(page.get_by_label("Naam in het Engels")).to_have_value("Working carefully and accurately")
