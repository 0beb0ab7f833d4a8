"""A session ends on the server: after logout, a password change or a coordinator's reset, a copy of
the old session cookie (another tab, or one stolen) no longer logs anyone in. Logging out ends this
device's session; the account's other devices stay logged in until "afmelden op alle toestellen"."""
import pytest
from flask import g

from sqlalchemy import func, select

from tests.conftest import PASSWORD
from workfloor.auth import sessions
from workfloor.extensions import limiter
from workfloor.models import LoginSession, session_digest

NEW_PASSWORD = "paars fietswiel onder de brug"


@pytest.fixture(autouse=True)
def fresh_throttle():
    limiter.reset()
    yield
    limiter.reset()


def _post(client, url, **data):
    g.pop("_login_user", None)
    return client.post(url, data=data)


def _logged_in_client(app, user, password=PASSWORD):
    g.pop("_login_user", None)
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": password}).status_code == 302
    assert client.get("/account/notices").status_code == 200
    return client


def _copy(app, client):
    """A second browser holding the same session cookie."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def _is_logged_in(client) -> bool:
    # The tests run inside one app context, whose `g` would carry the last request's user over.
    g.pop("_login_user", None)
    response = client.get("/account/notices")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_a_copied_session_works_until_logout_and_not_after(app, make_user):
    client = _logged_in_client(app, make_user("supervisor"))
    copy = _copy(app, client)
    assert _is_logged_in(copy)
    assert _post(client, "/logout").status_code == 302
    assert not _is_logged_in(copy)
    assert not _is_logged_in(client)


def test_logout_on_the_phone_leaves_the_computer_logged_in(app, make_user):
    user = make_user("counsellor")
    phone, computer = _logged_in_client(app, user), _logged_in_client(app, user)
    stolen = _copy(app, phone)
    _post(phone, "/logout")
    assert not _is_logged_in(phone)
    assert not _is_logged_in(stolen)
    assert _is_logged_in(computer)


def test_logging_out_everywhere_ends_every_device(app, make_user):
    user = make_user("supervisor")
    phone, computer, tablet = (_logged_in_client(app, user) for _ in range(3))
    assert _post(computer, "/logout/everywhere").status_code == 302
    assert not any(_is_logged_in(device) for device in (phone, computer, tablet))
    assert _is_logged_in(_logged_in_client(app, user))  # logging in again works


def test_an_account_keeps_its_newest_sessions(app, db, make_user):
    user = make_user("learner")
    devices = [_logged_in_client(app, user) for _ in range(sessions.KEPT_PER_ACCOUNT + 2)]
    assert db.session.scalar(select(func.count()).select_from(LoginSession)
                             .where(LoginSession.user_id == user.id)) == sessions.KEPT_PER_ACCOUNT
    assert not _is_logged_in(devices[0]) and not _is_logged_in(devices[1])
    assert all(_is_logged_in(device) for device in devices[2:])


def test_the_database_keeps_no_session_token(app, db, make_user):
    user = make_user("coordinator")
    client = _logged_in_client(app, user)
    login_id = _session_login_id(client)
    token = login_id.partition(":")[2]
    digests = db.session.scalars(select(LoginSession.token_digest).where(LoginSession.user_id == user.id)).all()
    assert token and token not in digests and session_digest(token) in digests


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, make_user):
    user = make_user("learner")
    client, other = _logged_in_client(app, user), _logged_in_client(app, user)
    stolen = _copy(app, client)
    response = _post(client, "/account/password", current=PASSWORD, new=NEW_PASSWORD)
    assert response.status_code == 302
    assert _is_logged_in(client)
    assert not _is_logged_in(other)
    assert not _is_logged_in(stolen)
    assert user.check_password(NEW_PASSWORD)


def test_a_coordinators_reset_ends_the_accounts_sessions(app, client, coordinator, make_user):
    user = make_user("supervisor")
    theirs = _logged_in_client(app, user)
    assert _post(client, f"/users/{user.id}/password", password=NEW_PASSWORD).status_code == 302
    assert not _is_logged_in(theirs)
    assert _is_logged_in(client)  # the coordinator's own session is untouched
    assert _is_logged_in(_logged_in_client(app, user, NEW_PASSWORD))


def test_a_coordinator_resetting_their_own_password_stays_logged_in(app, client, coordinator):
    elsewhere = _logged_in_client(app, coordinator)
    assert _post(client, f"/users/{coordinator.id}/password", password=NEW_PASSWORD).status_code == 302
    assert _is_logged_in(client)
    assert not _is_logged_in(elsewhere)


def test_a_deactivated_account_loses_its_session(app, client, coordinator, make_user):
    user = make_user("counsellor")
    theirs = _logged_in_client(app, user)
    _post(client, f"/users/{user.id}/deactivate")
    assert not _is_logged_in(theirs)


@pytest.mark.parametrize("login_id", ["{id}", "{id}:", "{id}:wrong-token", "x:{token}", "99999999999999:{token}",
                                      "\u0661:{token}", "{id}:t\u00f6ken", "{other}:{token}", ""])
def test_a_session_without_a_live_token_of_the_account_loads_nobody(app, make_user, login_id):
    """Sessions from before the tokens (just the id), forged or tampered ids, another account's id with
    this token: logged out, never a 500."""
    user, other = make_user("coordinator"), make_user("coordinator")
    token = _session_login_id(_logged_in_client(app, user)).partition(":")[2]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = login_id.format(id=user.id, other=other.id, token=token)
        session["_fresh"] = True
    assert not _is_logged_in(client)


def _session_login_id(client) -> str:
    with client.session_transaction() as session:
        return session["_user_id"]
