"""Attendance in real Chromium: the supervisor marks an exception and saves; a future day is refused."""
from datetime import date, timedelta

from tests.browser.conftest import login_as
from tests.floor_date import floor_today


def last_weekday() -> date:
    day = floor_today() - timedelta(days=1)
    while day.weekday() > 4:
        day -= timedelta(days=1)
    return day


def test_a_supervisor_marks_someone_late_and_the_choice_is_kept(page):
    login_as(page, "supervisor")
    day = last_weekday().isoformat()
    page.goto(f"{page.base_url}/attendance/?day={day}")
    first = page.locator("fieldset.attendance-row").first
    learner, block = first.get_attribute("data-learner"), first.get_attribute("data-block")
    first.locator("label.status-late").click()
    first.locator("input.attendance-note").fill("bus gemist")
    page.click("button.attendance-save")
    assert "opgeslagen" in page.locator(".flash-success").inner_text()
    row = page.locator(f'fieldset.attendance-row[data-learner="{learner}"][data-block="{block}"]')
    assert row.locator('input[value="late"]').is_checked()
    assert row.locator("input.attendance-note").input_value() == "bus gemist"


def test_the_status_buttons_are_big_enough_to_tap(page):
    login_as(page, "supervisor")
    page.goto(f"{page.base_url}/attendance/?day={last_weekday().isoformat()}")
    box = page.locator("label.status-option").first.bounding_box()
    assert box["height"] >= 40


def test_a_future_day_is_refused_by_the_picker_and_the_server(page):
    login_as(page, "supervisor")
    page.goto(page.base_url + "/attendance/")
    assert page.locator("input[name=day]").get_attribute("max") == floor_today().isoformat()
    future = (floor_today() + timedelta(days=3)).isoformat()
    page.goto(f"{page.base_url}/attendance/?day={future}")
    assert "niet op voorhand registreren" in page.locator(".field-error").inner_text()
    assert page.locator("fieldset.attendance-row").count() == 0
