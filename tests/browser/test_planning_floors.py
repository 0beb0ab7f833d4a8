"""Two floors plan one day in real Chromium; a sick call beats a pin on a published day.

Each floor has its own plan: Groen and Schoonmaak each generate and publish the same day and
neither disturbs the other. A pinned learner who calls in sick leaves the crew after the
supervisor confirms the proposal and publishes the change; the board, the crew sheet, the
learner's phone and the calendar feed then all say the same.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, select

from tests.browser.conftest import DEMO_LOGINS, floor_date, login_as
from tests.floor_date import floor_today
from workfloor.extensions import db
from workfloor.models import Absence, CrewMember, DayPlan, Floor, Learner, User


def day_ahead(weeks: int, weekday: int) -> date:
    today = floor_today()
    return today + timedelta(days=7 - today.weekday() + weekday, weeks=weeks)


def generate_and_publish(page, day: date) -> None:
    page.goto(f"{page.base_url}/planning/{day.isoformat()}")
    page.wait_for_selector("#board")
    page.select_option("#time_limit", "5")
    page.click("#generate")
    page.wait_for_selector("#job-close:not([hidden])", timeout=40_000)
    page.wait_for_selector(".floor-state[data-status=draft]")
    page.click(".floor-state[data-status=draft] button.contrast")  # "Publiceer <floor>"
    page.wait_for_selector(".floor-state[data-status=published]")


def crews(live_app, day: date, domain: str, status: str = "published") -> set[tuple[int, int]]:
    with live_app.app_context():
        floor = db.session.execute(select(Floor).where(Floor.domain == domain)).scalar_one()
        rows = db.session.execute(select(CrewMember.assignment_id, CrewMember.person_id).join(CrewMember.plan).where(
            DayPlan.day == day, DayPlan.floor_id == floor.id, DayPlan.status == status)).all()
        db.session.remove()
        return set(rows)


def test_two_floors_generate_and_publish_the_same_day_without_disturbing_each_other(page, live_app):
    day = day_ahead(2, 2)
    login_as(page, "supervisor")  # Groen
    generate_and_publish(page, day)
    assert "Gepubliceerd · revisie 1" in page.locator(".floor-states").inner_text()
    green = crews(live_app, day, "green")
    assert green

    page.context.clear_cookies()
    login_as(page, "supervisor_cleaning")  # Schoonmaak, the same day
    page.goto(f"{page.base_url}/planning/{day.isoformat()}")
    page.wait_for_selector("#board")
    states = page.locator(".floor-states").inner_text()
    assert "Nog geen planning" in states and "Gepubliceerd" not in states  # Groen's publication is not ours
    generate_and_publish(page, day)
    assert "Gepubliceerd · revisie 1" in page.locator(".floor-states").inner_text()
    assert crews(live_app, day, "cleaning")
    assert crews(live_app, day, "green") == green  # Groen's crews untouched

    page.context.clear_cookies()
    login_as(page, "supervisor")
    page.goto(f"{page.base_url}/planning/{day.isoformat()}")
    page.wait_for_selector("#board")
    assert "Gepubliceerd · revisie 1" in page.locator(".floor-states").inner_text()
    history = page.locator(".history").inner_text()
    assert history.count("Planning gepubliceerd.") == 1  # only Groen's own history


def test_a_sick_call_on_a_pinned_learner(page, phone, live_app):
    day = day_ahead(0, 4)  # next week's Friday
    with live_app.app_context():  # the demo learner works that day and has not called in sick yet
        user = db.session.execute(select(User).where(User.email == DEMO_LOGINS["learner"])).scalar_one()
        learner = db.session.execute(select(Learner).where(Learner.person_id == user.person_id)).scalar_one()
        person_id, name = learner.person_id, learner.person.name
        db.session.execute(delete(Absence).where(Absence.person_id == person_id, Absence.start_date <= day,
                                                 Absence.end_date >= day))
        db.session.commit()
        db.session.remove()

    login_as(page, "supervisor")
    generate_and_publish(page, day)
    chip = page.locator(f'.plan-card .chip-learner[data-subject="{person_id}"]').first  # am and pm: two crews
    if page.locator(f'.plan-card .chip-learner[data-subject="{person_id}"]').count() == 0:  # not placed by the engine: put them on the first crew by hand, then publish that
        pooled = page.locator(f'.pool .chip-learner[data-subject="{person_id}"]').first
        pooled.click()
        page.select_option("#move-target", index=1)
        page.click("#move-submit")
        chip.wait_for()
        page.click(".pending-changes button.contrast")
        page.wait_for_selector(".floor-state[data-status=published]")
    assignment = chip.get_attribute("data-source")

    chip.click()  # pin: "Zet vast op deze plaats"
    page.click("#move-pin")
    pinned = page.locator(f'.plan-card .chip-learner[data-subject="{person_id}"][data-pinned="1"]')
    pinned.wait_for()

    pinned.click()
    page.click("#absent-box summary")
    page.select_option("#absent-reason", "sick")
    page.click("#absent-form button[type=submit]")
    page.wait_for_selector("#job-confirm:not([hidden])", timeout=40_000)
    assert name in page.locator("#job-result").inner_text()  # the proposal says who drops out
    page.click("#job-confirm")
    page.wait_for_selector(f'.pending-changes li:has-text("{name}")')
    pending = page.locator(".pending-changes").inner_text()
    assert name in pending and "niet ingepland" in pending
    page.click(".pending-changes button.contrast")  # "Publiceer wijzigingen"
    page.wait_for_selector(".floor-state[data-status=published]")
    assert "revisie 2" in page.locator(".floor-states").inner_text()

    # The board: not on any crew, the pin released in the history.
    assert page.locator(f'.plan-card .chip[data-subject="{person_id}"]').count() == 0
    assert "vastzetting opgeheven" in page.locator(".history").inner_text()
    assert person_id not in {p for _a, p in crews(live_app, day, "green")}
    # The crew sheet.
    page.goto(f"{page.base_url}/schedule/crew-sheet/{day.isoformat()}")
    sheet = page.locator("main").inner_text()
    assert name not in sheet
    # The learner's phone, looked at on that week's Monday (it shows today and the week after): absent
    # that day, not on the crew; and the calendar feed agrees.
    login_as(phone, "learner")
    with floor_date(live_app, day - timedelta(days=day.weekday())):
        phone.goto(f"{phone.base_url}/schedule/")
        card = phone.locator(f"#dag-{day.isoformat()}")
        assert "Afwezig" in card.inner_text() and card.locator(".placement").count() == 0
    if phone.locator("#feed-https").count() == 0:
        phone.click("#agenda form button[type=submit]")
    feed = phone.request.get(phone.locator("#feed-https").input_value()).text()
    assert f"DTSTART;TZID=Europe/Brussels:{day.strftime('%Y%m%d')}" not in feed
    with live_app.app_context():
        placed_before = assignment
        assert int(placed_before) not in {a for a, p in crews(live_app, day, "green") if p == person_id}
