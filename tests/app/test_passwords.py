"""Weak passwords are refused wherever one is chosen, with a Dutch reason; login time does not tell
whether an account exists."""
import pytest
from flask import g

from tests.conftest import PASSWORD, text
from workfloor.auth import operations as auth_operations
from workfloor.auth.passwords import password_problem
from workfloor.extensions import limiter

EMAIL = "jan.peeters@stad.be"
NAMES = ("Jan", "Peeters")
WEAK = {
    "aaaaaaaaaa": "Herhalingen",
    "password12": "veelgebruikt wachtwoord",
    "1234567890": "veelgebruikt wachtwoord",
    "azertyuiop": "veelgebruikt wachtwoord",
    "qwerty1234": "veelgebruikt wachtwoord",
    "wachtwoord123": "makkelijk te raden",
    "Welkom2026!": "makkelijk te raden",
    "abcdefghij": "",
    "jan.peeters@stad.be": "naam of e-mailadres",
    "JAN.PEETERS@STAD.BE": "naam of e-mailadres",
    "jan.peeters1": "naam of e-mailadres",
    "Peeters2026!": "naam of e-mailadres",
    "kort": "minstens 10 tekens",
    "x" * 201: "hoogstens 200 tekens",
}
GOOD = ["correct horse battery", "paars fietswiel onder de brug", "tram 7 naar de Kouter bij regen",
        "Mijn-kat-slaapt-op-de-wasmachine"]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_are_refused_with_a_reason_in_dutch(app, password):
    with app.test_request_context():
        problem = password_problem(password, email=EMAIL, names=NAMES)
    assert problem is not None and WEAK[password] in problem


@pytest.mark.parametrize("password", GOOD)
def test_long_unguessable_passwords_are_accepted(app, password):
    with app.test_request_context():
        assert password_problem(password, email=EMAIL, names=NAMES) is None


def test_the_reason_is_english_for_an_english_reader(app):
    with app.test_request_context():
        from flask_babel import force_locale
        with force_locale("en"):
            problem = password_problem("password12", email=EMAIL, names=NAMES)
    assert "common password" in problem


@pytest.fixture
def fresh_throttle():
    limiter.reset()
    yield
    limiter.reset()


@pytest.mark.parametrize("password", ["aaaaaaaaaa", "password12"])
def test_changing_ones_own_password_refuses_a_weak_one(client, login, make_user, fresh_throttle, password):
    user = login(make_user("learner"))
    g.pop("_login_user", None)
    page = text(client.post("/account/password", data={"current": PASSWORD, "new": password}))
    assert "Kies bijvoorbeeld drie of vier losse woorden" in page
    assert user.check_password(PASSWORD)


def test_changing_ones_own_password_refuses_ones_own_email(client, login, make_user, fresh_throttle):
    user = login(make_user("supervisor", email="sara.demir@stad.be"))
    g.pop("_login_user", None)
    page = text(client.post("/account/password", data={"current": PASSWORD, "new": "Sara.Demir@stad.be"}))
    assert "Gebruik je naam of e-mailadres niet in je wachtwoord." in page
    assert user.check_password(PASSWORD)


def test_a_coordinators_reset_refuses_a_weak_password(client, coordinator, make_user):
    user = make_user("counsellor")
    page = text(client.post(f"/users/{user.id}/password", data={"password": "password12"}))
    assert "veelgebruikt wachtwoord" in page and user.check_password(PASSWORD)


def test_a_new_account_refuses_the_persons_own_name(client, coordinator):
    page = text(client.post("/users/new", data={"role": "counsellor", "first_name": "Fatima", "last_name": "Bouzid",
                                                 "email": "f.bouzid@stad.be", "password": "fatima-bouzid-2026"}))
    assert "Gebruik je naam of e-mailadres niet in je wachtwoord." in page


def test_create_user_command_refuses_a_weak_password(cli):
    result = cli.invoke(args=["create-user", "--email", "an@stad.be", "--first-name", "An", "--last-name", "Peeters",
                              "--role", "coordinator", "--password", "aaaaaaaaaa"])
    assert result.exit_code == 2
    assert "makkelijk te raden" in result.output


def test_a_new_learner_with_a_weak_password_is_refused_and_nothing_stored(client, coordinator, make_floor, db):
    from workfloor.models import Learner
    from tests.conftest import count

    before = count(db, Learner)
    page = client.post("/learners/new", data={
        "first_name": "Yusuf", "last_name": "Demir", "floors": str(make_floor().id), "phase": "work_activation",
        "contract_start": "2026-01-05", "email": "yusuf.demir@example.org", "password": "yusuf.demir"})
    assert page.status_code == 200
    assert "Gebruik je naam of e-mailadres niet in je wachtwoord." in text(page)
    assert count(db, Learner) == before


def test_an_unknown_email_costs_a_password_hash_too(client, monkeypatch):
    """Not a timing assertion: the unknown account's login checks a (dummy) hash like a known one."""
    checked = []
    real = auth_operations.check_password_hash
    monkeypatch.setattr(auth_operations, "check_password_hash",
                        lambda hashed, password: checked.append(password) or real(hashed, password))
    response = client.post("/login", data={"email": "niemand@stad.be", "password": "een poging"})
    assert response.status_code == 200
    assert checked == ["een poging"]


def test_an_inactive_account_costs_a_password_hash_too(client, make_user, monkeypatch):
    from workfloor.models import User

    user = make_user("counsellor", active=False)
    checked = []
    monkeypatch.setattr(User, "check_password", lambda self, password: checked.append(password) or True)
    assert client.post("/login", data={"email": user.email, "password": "een poging"}).status_code == 200
    assert checked == ["een poging"]


def test_a_new_supervisor_account_refuses_their_own_name(client, coordinator, make_floor, db):
    from tests.app.test_supervisors import form_data
    from tests.conftest import count
    from workfloor.models import Person

    before = count(db, Person)
    page = client.post("/supervisors/new", data=form_data(
        [make_floor()], email="jan.janssens@stad.be", password="Janssens-Jan-2026"))
    assert page.status_code == 200
    assert "Gebruik je naam of e-mailadres niet in je wachtwoord." in text(page)
    assert count(db, Person) == before
