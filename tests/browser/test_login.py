from tests.browser.conftest import login_as


def test_every_role_logs_in_and_sees_a_dutch_start_page(page):
    for role in ("coordinator", "supervisor", "counsellor", "learner"):
        page.context.clear_cookies()
        login_as(page, role)
        assert page.locator("h1").inner_text().startswith(("Goeiedag", "Dag"))


def test_wrong_password_shows_the_message_next_to_the_field(page):
    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", "coordinator@demo.workfloor.be")
    page.fill("input[name=password]", "niet-juist")
    page.click("button[type=submit]")
    assert page.locator(".field-error").inner_text() == "Het e-mailadres of het wachtwoord klopt niet."
