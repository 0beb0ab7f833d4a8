"""axe-core in the suite: 0 serious and 0 critical violations on the pages people use most.

Staff pages at a laptop's size, the learner's pages on a phone (390x844).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.browser import axe
from tests.browser.conftest import DEMO_LOGINS, login_as
from tests.floor_date import floor_today
from workfloor.extensions import db
from workfloor.models import Learner, User


def working_day(weeks_ahead: int, weekday: int) -> str:
    today = floor_today()
    monday = today + timedelta(days=7 - today.weekday())
    return (monday + timedelta(weeks=weeks_ahead, days=weekday)).isoformat()


@pytest.fixture
def staff(page):
    axe.enable(page.context)
    return page


@pytest.fixture
def learner_phone(phone):
    axe.enable(phone.context)
    login_as(phone, "learner")
    return phone


@pytest.fixture(scope="module")
def demo_learner_id(live_app):
    with live_app.app_context():
        user = db.session.execute(select(User).where(User.email == DEMO_LOGINS["learner"])).scalar_one()
        learner_id = db.session.execute(select(Learner.id).where(Learner.person_id == user.person_id)).scalar_one()
        db.session.remove()
    return learner_id


def test_login_page(staff):
    staff.goto(staff.base_url + "/login")
    axe.assert_accessible(staff, "the login page")


def test_board_with_the_move_dialog_open(staff):
    login_as(staff, "supervisor")
    day = working_day(5, 1)
    staff.goto(f"{staff.base_url}/planning/{day}")
    staff.select_option("#time_limit", "5")
    staff.click("#generate")
    staff.wait_for_selector("#job-close:not([hidden])", timeout=30_000)
    staff.click("#job-close")
    staff.locator(".plan-card .chip-learner").first.click()
    staff.locator("#move-dialog[open]").wait_for()
    axe.assert_accessible(staff, "the planning board with the move dialog open")
    staff.click("#move-cancel")


def test_crew_sheet(staff):
    login_as(staff, "supervisor")
    staff.goto(f"{staff.base_url}/schedule/crew-sheet/{working_day(5, 1)}")
    axe.assert_accessible(staff, "the crew sheet")


def test_attendance(staff):
    login_as(staff, "supervisor")
    day = floor_today() - timedelta(days=1)
    while day.weekday() > 4:
        day -= timedelta(days=1)
    staff.goto(f"{staff.base_url}/attendance/?day={day.isoformat()}")
    axe.assert_accessible(staff, "the attendance sheet")


def test_assessment_form(staff, demo_learner_id):
    login_as(staff, "supervisor")
    staff.goto(f"{staff.base_url}/assessments/learner/{demo_learner_id}/new")
    axe.assert_accessible(staff, "the assessment form")


def test_caseload_and_progress(staff, demo_learner_id):
    login_as(staff, "counsellor")
    staff.goto(staff.base_url + "/progress/")
    axe.assert_accessible(staff, "the caseload")
    staff.goto(f"{staff.base_url}/progress/learners/{demo_learner_id}")
    axe.assert_accessible(staff, "a learner's progress")


def test_learner_schedule_goals_and_self_assessment_on_a_phone(learner_phone):
    page = learner_phone
    page.goto(page.base_url + "/schedule/")
    axe.assert_accessible(page, "'Mijn planning' on a phone")
    page.locator(".phone-menu summary").click()
    axe.assert_accessible(page, "'Mijn planning' with the phone menu open")
    page.goto(page.base_url + "/goals/mine")
    axe.assert_accessible(page, "'Mijn doelen' on a phone")
    page.goto(page.base_url + "/assessments/mine/new")
    axe.assert_accessible(page, "the self-assessment on a phone")
    page.goto(page.base_url + "/schedule/report")
    axe.assert_accessible(page, "'Ik ben ziek / ik kom later' on a phone")


def test_the_gate_catches_a_violation(staff):
    """The check itself works: a page with low-contrast text fails it."""
    staff.goto(staff.base_url + "/login")
    staff.evaluate("""() => { const p = document.createElement('p');
        p.textContent = 'onleesbaar'; p.style.color = '#ffffff'; p.style.background = '#9e9e9e';
        document.querySelector('main').appendChild(p); }""")
    assert any(v["id"] == "color-contrast" for v in axe.violations(staff))
