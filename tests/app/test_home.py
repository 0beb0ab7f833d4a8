"""Each role's start page."""
from datetime import date

import pytest

from workfloor.main.views import next_working_day


def test_learners_start_at_their_schedule(client, login, make_learner):
    login(make_learner().person.user)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/schedule/")


def test_counsellors_start_at_their_caseload(client, login, make_user):
    login(make_user("counsellor"))
    response = client.get("/")
    assert response.status_code == 302 and "/progress/" in response.headers["Location"]


@pytest.mark.parametrize("role", ["coordinator", "supervisor"])
def test_planners_see_the_plan_status_and_who_is_in(client, login, make_user, make_supervisor, role):
    user = make_user("coordinator") if role == "coordinator" else make_supervisor().person.user
    login(user)
    page = client.get("/").get_data(as_text=True)
    assert "nog niet gemaakt" in page
    assert "Afwezigheid melden" in page


def test_the_coordinator_sees_the_management_counts(client, login, make_user):
    login(make_user("coordinator"))
    assert "gebruikers" in client.get("/").get_data(as_text=True)


def test_the_next_working_day_skips_the_weekend():
    assert next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday -> Monday
    assert next_working_day(date(2026, 11, 24)) == date(2026, 11, 25)


def test_the_phone_menu_offers_the_same_account_links_as_the_desktop_menu(client, login, make_learner):
    login(make_learner().person.user)
    page = client.get("/schedule/").get_data(as_text=True)
    phone = page.split('class="phone-menu"', 1)[1].split("</details>", 1)[0]
    desktop = page.split('class="user-menu"', 1)[1].split("</details>", 1)[0]
    for link in ("/account/password", "/account/notices", "Afmelden", "English"):
        assert link in phone and link in desktop, link
