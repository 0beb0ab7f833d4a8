"""Failed logins are throttled per account and address together, so nobody can lock someone else out
by failing from many addresses; one address hammering one account is stopped. The address is the
client's as the trusted proxies (PROXY_HOPS) say, never as any client claims."""
import os

import pytest
from flask import g
from werkzeug.middleware.proxy_fix import ProxyFix

from tests.conftest import PASSWORD
from workfloor import create_app, settings
from workfloor.extensions import limiter


@pytest.fixture(autouse=True)
def fresh_throttle():
    limiter.reset()
    yield
    limiter.reset()


def _login(client, email, password, address="10.0.0.1", **headers):
    g.pop("_login_user", None)  # the tests share one app context: no user carried over
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_failures_from_five_addresses_do_not_lock_the_account_for_a_sixth(app, make_user):
    user = make_user("supervisor")
    for number in range(1, 6):
        assert _login(app.test_client(), user.email, "fout wachtwoord", f"203.0.113.{number}").status_code == 200
    assert _login(app.test_client(), user.email, PASSWORD, "198.51.100.7").status_code == 302


def test_one_address_hammering_one_account_is_throttled(app, make_user):
    user = make_user("supervisor")
    client = app.test_client()
    for _ in range(5):
        assert _login(client, user.email, "fout wachtwoord").status_code == 200
    refused = _login(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "Te veel mislukte pogingen" in refused.get_data(as_text=True)
    # The same account from elsewhere, and another account from here, still log in.
    assert _login(app.test_client(), user.email, PASSWORD, "10.0.0.2").status_code == 302
    other = make_user("counsellor")
    assert _login(app.test_client(), other.email, PASSWORD).status_code == 302


def test_the_address_of_the_e_mail_counts_however_it_is_typed(app, make_user):
    user = make_user("supervisor")
    client = app.test_client()
    for spelling in (user.email, user.email.upper(), f"  {user.email} ", user.email.title(), user.email):
        _login(client, spelling, "fout wachtwoord")
    assert _login(client, user.email, PASSWORD).status_code == 429


def test_one_address_trying_many_accounts_is_throttled(app):
    client = app.test_client()
    statuses = [_login(client, f"iemand{number}@example.org", "fout wachtwoord").status_code
                for number in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_successful_logins_do_not_count(app, make_user):
    user = make_user("supervisor")
    for _ in range(8):
        client = app.test_client()
        assert _login(client, user.email, PASSWORD).status_code == 302


def test_without_trusted_proxies_a_forwarded_address_is_ignored(app, make_user):
    """PROXY_HOPS=0 (the default): X-Forwarded-For is the client's say-so, not its address."""
    assert app.config["PROXY_HOPS"] == 0
    user = make_user("supervisor")
    client = app.test_client()
    for number in range(5):
        _login(client, user.email, "fout wachtwoord", X_Forwarded_For=f"192.0.2.{number}")
    assert _login(client, user.email, PASSWORD, X_Forwarded_For="192.0.2.99").status_code == 429


def test_with_one_trusted_proxy_the_forwarded_address_counts(monkeypatch):
    monkeypatch.setenv("PROXY_HOPS", "1")
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_for == 1 and app.wsgi_app.x_proto == 1
    seen = {}

    @app.get("/_address")
    def address():
        from flask import request
        seen.update(address=request.remote_addr, secure=request.is_secure)
        return ""
    address.allowed_roles = "public"

    app.test_client().get("/_address", environ_base={"REMOTE_ADDR": "10.0.0.1"},
                          headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7", "X-Forwarded-Proto": "https"})
    # Only the last hop, the one our proxy added, is believed.
    assert seen == {"address": "198.51.100.7", "secure": True}


@pytest.mark.parametrize("value", ["-1", "two", "99"])
def test_proxy_hops_must_be_a_small_number(monkeypatch, value):
    monkeypatch.setenv("PROXY_HOPS", value)
    with pytest.raises(settings.ConfigError):
        settings.load("test")


def test_the_throttle_storage_is_redis_when_configured_else_memory(monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert settings.load("test")["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/4")
    assert settings.load("test")["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/4"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/1")
    assert settings.load("test")["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/1"


REDIS_URL = "redis://127.0.0.1:6379/4"


@pytest.fixture
def app_with_throttle_storage(monkeypatch):
    """Make an app whose throttle counts at `url`; the suite's app gets its memory storage back."""
    saved = limiter._storage, limiter._limiter  # the one Limiter keeps the last app's storage

    def make(url: str):
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", url)
        return create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    try:
        yield make
    finally:
        if REDIS_URL in os.environ.get("RATELIMIT_STORAGE_URI", ""):
            limiter.reset()  # what this test counted in Redis
        limiter._storage, limiter._limiter = saved


@pytest.fixture
def redis_throttle(app_with_throttle_storage):
    """An app whose throttle counts in Redis (db 4)."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    return app_with_throttle_storage(REDIS_URL)


def test_the_throttle_counts_in_redis_when_one_is_configured(redis_throttle, make_user):
    import redis
    from limits.storage import RedisStorage

    assert isinstance(limiter.storage, RedisStorage)
    user = make_user("supervisor")
    for _ in range(5):
        assert _login(redis_throttle.test_client(), user.email, "fout wachtwoord").status_code == 200
    assert _login(redis_throttle.test_client(), user.email, PASSWORD).status_code == 429
    # The count lives in Redis, where every gunicorn worker reads it.
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).keys("*")]
    assert any(f"login:10.0.0.1:{user.email}" in key for key in keys), keys


def test_logins_go_on_when_the_throttles_redis_is_down(app_with_throttle_storage, make_user, caplog):
    pytest.importorskip("redis")
    down = app_with_throttle_storage("redis://127.0.0.1:1/0")  # nothing listens on port 1
    user = make_user("supervisor")
    wrong = _login(down.test_client(), user.email, "fout wachtwoord")
    assert wrong.status_code == 200 and "klopt niet" in wrong.get_data(as_text=True)
    assert _login(down.test_client(), user.email, PASSWORD).status_code == 302
    assert "Swallowing error" in caplog.text


def test_a_wrong_current_password_is_throttled_on_the_password_form(app, client, login, make_user):
    user = login(make_user("learner"))
    for _ in range(5):
        g.pop("_login_user", None)
        response = client.post("/account/password", data={"current": "fout wachtwoord", "new": "x" * 12})
        assert response.status_code == 200
    g.pop("_login_user", None)
    response = client.post("/account/password",
                           data={"current": PASSWORD, "new": "paars fietswiel onder de brug"})
    assert response.status_code == 429
    assert user.check_password(PASSWORD)


def test_a_weak_new_password_does_not_count_as_a_guess(app, client, login, make_user):
    user = login(make_user("learner"))
    for _ in range(6):
        g.pop("_login_user", None)
        assert client.post("/account/password", data={"current": PASSWORD, "new": "aaaaaaaaaa"}).status_code == 200
    g.pop("_login_user", None)
    response = client.post("/account/password", data={"current": PASSWORD, "new": "paars fietswiel onder de brug"})
    assert response.status_code == 302
