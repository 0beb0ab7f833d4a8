from tests.browser.conftest import login_as


def test_every_role_logs_in_and_lands_on_its_start_page(page):
    landing = {"coordinator": "/", "supervisor": "/", "counsellor": "/progress/", "learner": "/schedule/"}
    for role, path in landing.items():
        page.context.clear_cookies()
        login_as(page, role)
        assert page.url == page.base_url + path
        assert page.locator("h1").first.is_visible()


def test_wrong_password_shows_the_message_next_to_the_field(page):
    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", "coordinator@demo.workfloor.be")
    page.fill("input[name=password]", "niet-juist")
    page.click("button[type=submit]")
    assert page.locator(".field-error").inner_text() == "Het e-mailadres of het wachtwoord klopt niet."
