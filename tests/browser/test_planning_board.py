"""The planning board in real Chromium: generate with progress, drag-and-drop and the keyboard dialog."""
from __future__ import annotations

from datetime import timedelta

from tests.browser.conftest import login_as
from tests.floor_date import floor_today


def board_day(weeks: int, weekday: int) -> str:
    """A working day a few weeks ahead, so these tests and others don't plan the same day."""
    today = floor_today()
    monday = today + timedelta(days=7 - today.weekday())
    return (monday + timedelta(weeks=weeks, days=weekday)).isoformat()


def open_board(page, day: str):
    login_as(page, "supervisor")
    page.goto(f"{page.base_url}/planning/{day}")
    page.wait_for_selector("#board")


def test_generate_shows_progress_and_stores_the_plan(page):
    open_board(page, board_day(3, 1))
    assert page.locator(".plan-card .chip").count() == 0
    page.select_option("#time_limit", "5")
    page.click("#generate")
    panel = page.locator("#job-panel")
    panel.wait_for(state="visible")
    assert page.locator("#job-title").inner_text() == "Genereer planning"
    page.wait_for_selector("#job-close:not([hidden])", timeout=30_000)
    assert page.locator("#job-status").inner_text().startswith("Klaar")
    assert "dagdelen ingepland" in page.locator("#job-score").inner_text()
    assert page.locator("#job-progress").get_attribute("value") == "100"
    page.wait_for_selector(".plan-card .chip-learner")
    assert page.locator(".floor-state .badge").inner_text() == "Concept"
    assert "Planning gegenereerd" in page.locator(".history").inner_text()


def test_drag_a_learner_onto_a_card_and_move_back_with_the_keyboard(page):
    open_board(page, board_day(3, 2))
    chip = page.locator('.pool .chip-learner').first
    name = chip.get_attribute("data-name")
    subject = chip.get_attribute("data-subject")
    card = page.locator(".plan-card").first
    assignment = card.get_attribute("data-assignment")
    chip.drag_to(card)
    placed = page.locator(f'#card-{assignment} .chip[data-subject="{subject}"]')
    placed.wait_for()
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('Verplaatst naar')")

    # The keyboard alternative: the chip is a button that opens "Verplaats naar…".
    placed.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#move-dialog")
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "move-target"
    assert page.locator("#move-title").inner_text() == f"Verplaats {name}"
    page.select_option("#move-target", "")  # back to the pool
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "move-submit"
    page.keyboard.press("Enter")
    back = page.locator(f'.pool .chip[data-subject="{subject}"]').first
    back.wait_for()
    assert page.locator(f'#card-{assignment} .chip[data-subject="{subject}"]').count() == 0
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('de pool')")
    focused = page.evaluate("document.activeElement.dataset.subject")
    assert focused == subject  # focus follows the moved chip


def test_a_broken_rule_shows_a_warning_that_can_be_undone(page):
    open_board(page, board_day(3, 3))
    page.select_option("#time_limit", "5")
    page.click("#generate")
    page.wait_for_selector("#job-close:not([hidden])", timeout=30_000)
    page.wait_for_selector(".plan-card .chip-supervisor")
    supervisor = page.locator(".plan-card .chip-supervisor").first
    subject = supervisor.get_attribute("data-subject")
    source = supervisor.get_attribute("data-source")
    supervisor.click()
    page.select_option("#move-target", "")
    page.click("#move-submit")
    warning = page.locator("#edit-warning")
    warning.wait_for()
    assert "Deze wijziging breekt een regel" in warning.inner_text()
    page.click("#edit-warning button.secondary")  # "Maak ongedaan"
    page.locator(f'#card-{source} .chip[data-subject="{subject}"]').wait_for()
    page.locator("#edit-warning").wait_for(state="detached")
    page.wait_for_function("() => document.getElementById('announce').textContent.includes('ongedaan')")


def test_a_stale_board_gets_a_conflict_and_keeps_the_change_to_retry(page):
    day = board_day(3, 4)
    open_board(page, day)
    other = page.context.new_page()  # the same supervisor in a second tab
    other.set_default_timeout(10_000)
    other.goto(f"{page.base_url}/planning/{day}")
    first, second = page.locator(".pool .chip-learner").nth(0), page.locator(".pool .chip-learner").nth(1)
    first_subject, second_subject = first.get_attribute("data-subject"), second.get_attribute("data-subject")
    assignment = page.locator(".plan-card").first.get_attribute("data-assignment")
    first.drag_to(page.locator(f"#card-{assignment}"))
    page.locator(f'#card-{assignment} .chip[data-subject="{first_subject}"]').wait_for()

    stale = other.locator(f'.pool .chip[data-subject="{second_subject}"]').first
    stale.click()
    other.select_option("#move-target", assignment)
    other.click("#move-submit")
    other.locator("#conflict").wait_for(state="visible")
    assert "Iemand anders heeft de planning" in other.locator("#conflict-message").inner_text()
    assert other.evaluate("document.activeElement.id") == "conflict-retry"
    other.click("#conflict-retry")
    other.locator(f'#card-{assignment} .chip[data-subject="{second_subject}"]').wait_for()
    other.locator(f'#card-{assignment} .chip[data-subject="{first_subject}"]').wait_for()
    assert other.locator("#conflict").is_hidden()
    other.close()


DUTCH_ENGINE_WORDS = ("oefent", "breekt regel", "verlaat", "heeft attest", "vraagt", "verplicht", "niet beschikbaar",
                      "ingeplande dagdelen")


def switch_language(page, lang: str) -> None:
    """The menu's language switch (inside a closed menu: submitted as the button would)."""
    with page.expect_navigation():
        page.evaluate("lang => document.querySelector(`button[name=lang][value=${lang}]`).click()", lang)
    page.wait_for_load_state()


def test_an_english_supervisor_reads_the_engine_in_english(page):
    open_board(page, board_day(4, 1))
    switch_language(page, "en")
    try:
        page.select_option("#time_limit", "5")
        page.click("#generate")
        page.wait_for_selector("#job-close:not([hidden])", timeout=30_000)
        assert "learner blocks scheduled" in page.locator("#job-score").inner_text()
        page.reload()
        page.wait_for_selector(".plan-card .chip-learner")
        page.locator(".js-suggest").first.click()
        page.wait_for_selector(".suggestions li small")
        said = page.locator(".suggestions").first.inner_text() + page.locator(".score").inner_text() \
            + page.locator(".history").inner_text() + " ".join(page.locator(".plan-card .why").all_inner_texts())
        assert "Who fits here?" in said and "learner blocks scheduled" in said
        assert not [word for word in DUTCH_ENGINE_WORDS if word in said], said
    finally:
        switch_language(page, "nl")  # the demo account is shared with the other browser tests
