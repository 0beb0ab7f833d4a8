from workfloor.extensions import limiter
from workfloor.models import AuditEntry

from tests.conftest import PASSWORD


def test_login_with_right_password_reaches_the_start_page(client, make_user):
    user = make_user("coordinator")
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_says_so_in_dutch_and_logs_nobody_in(client, make_user):
    user = make_user("coordinator")
    response = client.post("/login", data={"email": user.email, "password": "wrong"})
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_inactive_user_cannot_log_in(client, make_user):
    user = make_user("coordinator", active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_repeated_failures_from_one_address_throttle_that_account_there(app, client, make_user):
    limiter.reset()
    user = make_user("coordinator")
    for _ in range(5):
        client.post("/login", data={"email": user.email, "password": "wrong"})
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.get_data(as_text=True)
    limiter.reset()


def test_logout_needs_post(client, login, make_user):
    login(make_user("coordinator"))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_open_redirect_is_refused(client, make_user):
    user = make_user("coordinator")
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_passwords_are_hashed(make_user):
    user = make_user("coordinator")
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)
