"""The week board in real Chromium: plan a week, edit a day, publish the week, replan it after a sick call."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.browser import axe
from tests.browser.conftest import login_as
from tests.floor_date import floor_today


@pytest.fixture
def quick_weeks(live_app):
    """Week solves get a few seconds here (the board asks at least 20 in real use)."""
    old = live_app.config.get("PLANNING_WEEK_MIN_SECONDS")
    live_app.config["PLANNING_WEEK_MIN_SECONDS"] = 5
    yield
    live_app.config["PLANNING_WEEK_MIN_SECONDS"] = old


def week_ahead(weeks: int) -> str:
    monday = floor_today() + timedelta(days=7 - floor_today().weekday(), weeks=weeks)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def wait_for_the_week(page):
    """The board with the job's progress panel comes first; the panel polls the job and shows the
    board again (without the panel) when it is done."""
    page.wait_for_url(re.compile(r"job=\d+"))
    page.wait_for_selector("[data-week-job]", state="detached", timeout=120_000)
    page.wait_for_selector(".crew-card")


def test_plan_edit_publish_and_replan_a_week(page, quick_weeks):
    week = week_ahead(7)  # a week no other browser test plans (the board uses 3, accessibility 5, journeys 6)
    axe.enable(page.context)
    login_as(page, "supervisor")
    page.goto(f"{page.base_url}/planning/week/{week}")
    assert page.locator(".crew-card").count() == 0
    page.select_option("#week-time", "5")
    page.click("#generate-week")
    wait_for_the_week(page)
    days = page.locator(".week-day")
    assert days.count() == 5
    assert page.locator(".week-day .badge", has_text="ontwerp").count() == 5
    assert "oefent een leerdoel" in page.locator("#week-learners").locator("..").inner_text()
    axe.assert_accessible(page, "the week board with a planned week")

    # Edit Monday by hand on its own board (its live rule checks apply there), then back to the week.
    page.locator(".week-day h3 a").first.click()
    page.wait_for_selector("#board")
    chip = page.locator(".plan-card .chip-learner").first
    subject = chip.get_attribute("data-subject")
    chip.focus()
    page.keyboard.press("Enter")
    page.locator("#move-dialog").wait_for(state="visible")
    page.select_option("#move-target", "")  # to the pool
    page.click("#move-submit")
    page.locator(f'.pool .chip[data-subject="{subject}"]').first.wait_for()
    page.goto(f"{page.base_url}/planning/week/{week}")

    page.click("#publish-week")
    page.wait_for_selector(".flash-success")
    assert page.locator(".week-day .badge", has_text="gepubliceerd").count() == 5

    # A sick call for Wednesday: Wednesday to Friday are replanned, Monday and Tuesday stay published.
    wednesday = page.locator(".week-day").nth(2)
    column = wednesday.inner_text()
    options = page.locator("#replan-person option").all_inner_texts()
    # A learner on Wednesday whose first name is nobody else's there nor among the people to choose.
    names = [n for line in wednesday.locator(".crew-people").all_inner_texts() if ": " in line
             for n in line.split(": ", 1)[1].split(", ")]
    name = next(n for n in names if column.count(n) == 1 and sum(o.startswith(n + " ") for o in options) == 1)
    option = page.locator("#replan-person option", has_text=name).first.get_attribute("value")
    page.select_option("#replan-person", option)
    page.select_option("#replan-start", index=2)
    page.select_option("#replan-end", index=4)
    page.click("#replan-week")
    wait_for_the_week(page)
    badges = [page.locator(".week-day").nth(i).locator(".badge").first.inner_text() for i in range(5)]
    assert badges[:2] == ["gepubliceerd", "gepubliceerd"]
    assert badges[2:] == ["ontwerp"] * 3
    assert name not in page.locator(".week-day").nth(2).inner_text()
    page.click("#publish-week")
    page.wait_for_selector(".flash-success")
    assert page.locator(".week-day .badge", has_text="gepubliceerd").count() == 5
