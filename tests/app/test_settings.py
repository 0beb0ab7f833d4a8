"""Settings come from the environment; production refuses unsafe ones."""
from datetime import date

import pytest

from workfloor import settings


@pytest.fixture(autouse=True)
def unpinned(monkeypatch):
    """These tests build settings themselves: without the test run's pinned date."""
    monkeypatch.delenv("WORKFLOOR_TODAY")


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


def test_a_pinned_date_is_read_outside_production(monkeypatch):
    monkeypatch.setenv("WORKFLOOR_TODAY", "2026-12-07")
    assert settings.load("development")["TODAY"] == date(2026, 12, 7)
    monkeypatch.delenv("WORKFLOOR_TODAY")
    assert settings.load("development")["TODAY"] is None


@pytest.mark.parametrize("value", ["7/12/2026", "2026-13-01", "morgen"])
def test_a_pinned_date_that_is_no_date_is_refused(monkeypatch, value):
    monkeypatch.setenv("WORKFLOOR_TODAY", value)
    with pytest.raises(settings.ConfigError, match="WORKFLOOR_TODAY"):
        settings.load("development")


def test_production_refuses_a_pinned_date(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("WORKFLOOR_TODAY", "2026-12-07")
    with pytest.raises(settings.ConfigError, match="WORKFLOOR_TODAY"):
        settings.load("production")
