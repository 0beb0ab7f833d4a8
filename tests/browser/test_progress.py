"""Progress in real Chromium: the caseload, a learner's progress page, the report in print, the learner's view."""
from playwright.sync_api import expect

from tests.browser.conftest import login_as


def test_the_counsellor_filters_the_caseload_and_opens_a_learner(page):
    login_as(page, "counsellor")
    page.goto(page.base_url + "/progress/")
    assert page.locator("table.caseload tbody tr").count() > 0
    page.check("input[name=signals]")
    page.click(".caseload-filter button[type=submit]")
    rows = page.locator("table.caseload tbody tr")
    assert rows.count() > 0  # the demo has learners with repeated unexcused absence
    for i in range(rows.count()):
        assert rows.nth(i).locator(".badge-warning").count() >= 1
    name = rows.first.locator("td a").first.inner_text()
    rows.first.locator("td a").first.click()
    assert name in page.locator("h1").inner_text()
    assert page.locator("table.attendance-calendar tbody tr").count() == 8
    assert page.locator("svg.level-chart").count() == page.locator("figure.item-chart").count()


def test_the_report_prints_without_the_menu(page):
    login_as(page, "counsellor")
    page.goto(page.base_url + "/progress/?signals=1")
    page.locator("table.caseload tbody tr td a").first.click()
    page.click("text=Evaluatierapport (afdrukken)")
    page.wait_for_url("**/report")  # the checks below read the report, not the page it was opened from
    expect(page.locator("h2", has_text="Afspraken")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".no-print").first).to_be_hidden()
    assert page.locator(".signatures > div").count() == 3


def test_a_learner_reads_their_progress_on_a_phone(phone):
    login_as(phone, "learner")
    phone.goto(phone.base_url + "/progress/mine")
    assert phone.locator("h1").inner_text() == "Mijn vooruitgang"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
