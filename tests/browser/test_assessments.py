"""The assessment page, the quick observation and the self-assessment in real Chromium."""
from tests.browser.conftest import login_as


def test_supervisor_assesses_a_learner_with_level_buttons(page):
    login_as(page, "supervisor")
    page.goto(page.base_url + "/assessments/")
    page.locator("table a[role=button]", has_text="Beoordelen").first.click()
    page.wait_for_url("**/assessments/learner/*/new")
    first, second = page.locator(".level-row").nth(0), page.locator(".level-row").nth(1)
    item_name = first.locator("legend strong").inner_text()
    # Radio buttons styled as big buttons: tapping the label chooses the level and marks it.
    first.locator("label.level-2").click()
    assert first.locator("input[value='2']").is_checked()
    assert first.locator("label.level-2").evaluate("el => getComputedStyle(el).backgroundColor") != \
        first.locator("label.level-3").evaluate("el => getComputedStyle(el).backgroundColor")
    second.locator("label.level-na").click()
    page.get_by_role("button", name="Beoordeling opslaan").click()
    # Level 2 without a note: nothing saved, the message sits next to the item, the choice stays.
    error = page.locator(".level-row").nth(0).locator(".field-error")
    assert error.inner_text() == "Noteer wat je zag bij niveau 1 of 2."
    assert page.locator(".level-row").nth(0).locator("input[value='2']").is_checked()
    assert page.locator(".level-row").nth(1).locator("input[value='na']").is_checked()
    page.locator(".level-row").nth(0).locator("textarea").fill("Vergat twee keer de pauze af te spreken")
    page.get_by_role("button", name="Beoordeling opslaan").click()
    page.wait_for_url("**/assessments/learner/*")
    assert "is opgeslagen" in page.locator(".flash").inner_text()
    row = page.locator("table.history-table tbody tr").filter(has_text="Vergat twee keer de pauze").first
    assert item_name in row.inner_text() and "2 · onder begeleiding" in row.inner_text()


def test_quick_observation_from_a_days_crew(page):
    login_as(page, "supervisor")
    page.goto(page.base_url + "/assessments/")
    page.get_by_role("button", name="Observatie vanuit de ploegen van een dag").click()
    page.wait_for_url("**/assessments/quick")
    # At the weekend too there is a day to pick from: the last working day.
    assert page.locator("#observation-day option").count() >= 10
    crew = page.locator(".tap-list a[role=button]")
    assert crew.count() >= 1
    crew.first.click()
    page.wait_for_url("**/assessments/quick/*")
    page.wait_for_load_state()  # the search box filters once its script has run
    page.locator("#item-search").fill("samenw")
    visible = page.locator(".item-choice:visible")
    assert visible.count() >= 1 and all("samenw" in visible.nth(i).inner_text().lower()
                                        for i in range(visible.count()))
    visible.first.click()
    page.locator("label.level-3").click()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/assessments/quick?day=*")
    assert "Observatie voor" in page.locator(".flash").inner_text()


def test_learner_fills_in_a_self_assessment_on_a_phone(phone):
    """One group per screen in the learner's own words, big buttons; stop and continue later."""
    login_as(phone, "learner")
    phone.goto(phone.base_url + "/goals/mine")
    phone.get_by_role("button", name="Hoe gaat het? Vul je zelfevaluatie in").click()
    assert "Deel 1 van" in phone.locator(".step-line").inner_text()
    first = phone.locator(".self-item").nth(0)
    assert first.locator("legend").inner_text().startswith("Ik ")
    assert phone.locator(".self-item").count() <= 20  # one group, never the whole framework
    box = first.locator(".self-button").first.bounding_box()
    assert box["height"] >= 44  # big enough for a thumb
    first.get_by_text("Dit lukt me goed").click()
    phone.get_by_role("button", name="Stop, ik doe later verder").click()
    phone.wait_for_url("**/goals/mine")
    assert "Bewaard" in phone.locator(".flash").inner_text()
    phone.get_by_role("button", name="Ga verder met je zelfevaluatie").click()
    assert "Deel 2 van" in phone.locator(".step-line").inner_text()  # continues where it stopped
    phone.get_by_role("button", name="Vorige").click()
    assert phone.locator(".self-item").nth(0).locator("input:checked").count() == 1  # the answer was kept
    phone.get_by_role("button", name="Volgende").click()
    while phone.get_by_role("button", name="Volgende").count():
        phone.get_by_role("button", name="Volgende").click()
    phone.get_by_role("button", name="Klaar, verstuur").click()
    phone.wait_for_url("**/goals/mine")
    assert "Bedankt!" in phone.locator(".flash").inner_text()
    assert phone.get_by_role("button", name="Hoe gaat het? Vul je zelfevaluatie in").is_visible()
