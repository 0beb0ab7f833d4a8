"""Settings come from the environment; production refuses unsafe ones."""
import pytest

from workfloor import settings


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(settings.ConfigError):
        settings.load("production")


def test_production_refuses_a_short_secret_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(settings.ConfigError):
        settings.load("production")


def test_production_cookies_are_secure_httponly_and_samesite(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://workfloor@db/workfloor")
    config = settings.load("production")
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://workfloor@db/workfloor"


def test_an_unknown_environment_is_refused():
    with pytest.raises(settings.ConfigError):
        settings.load("staging")


def test_csrf_is_enforced_outside_tests(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = app.test_client().post("/login", data={"email": "a@b.be", "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
