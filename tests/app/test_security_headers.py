"""Every response carries the security headers; personal pages stay out of caches; production is
HTTPS only with HSTS; and no template needs the inline script or style the CSP forbids."""
import re
from pathlib import Path

import pytest
from flask import g

from tests.app.hostile import rich_world  # noqa: F401  (fixture)
from tests.app.test_permissions import ALLOWED, ROLES, RULES, world  # noqa: F401  (fixtures)
from workfloor import create_app
from workfloor.offline.views import OFFLINE_HEADER

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split(maxsplit=1)[1] for part in policy.split(";") if part.strip()}


def assert_security_headers(response) -> None:
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def _get(client, url, **kwargs):
    g.pop("_login_user", None)  # the tests share one app context: no user carried over
    response = client.get(url, **kwargs)
    response.close()  # a static file is streamed: close it, only the headers matter here
    return response


@pytest.mark.parametrize("url", ["/login", "/sw.js", "/manifest.webmanifest", "/favicon.ico",
                                 "/static/workfloor.css", "/static/app/app.js", "/no-such-page",
                                 "/users/", "/planning/9999-12-31", "/schedule/feed/not-a-token.ics"])
def test_anonymous_responses_carry_the_security_headers(client, url):
    response = _get(client, url)
    assert_security_headers(response)


def test_no_hsts_and_no_https_redirect_outside_production(client):
    response = _get(client, "/login")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "Strict-Transport-Security" not in _get(client, "/login", base_url="https://localhost").headers


@pytest.mark.parametrize("role,url", [
    ("coordinator", "/"), ("coordinator", "/users/"), ("coordinator", "/learners/"),
    ("supervisor", "/planning/"), ("counsellor", "/progress/"), ("learner", "/account/password"),
    ("learner", "/goals/mine"), ("coordinator", "/account/notices"), ("coordinator", "/no-such-page"),
])
def test_logged_in_pages_are_never_stored(client, login, make_user, make_learner, role, url):
    if role == "learner":
        login(make_learner().person.user)
    else:
        login(make_user(role))
    response = _get(client, url, follow_redirects=True)
    assert response.status_code == (404 if url == "/no-such-page" else 200)
    assert response.headers["Cache-Control"] == "no-store"
    assert_security_headers(response)


def test_the_learners_kept_schedule_stays_private_no_cache_for_the_service_worker(client, login, make_learner):
    login(make_learner().person.user)
    response = _get(client, "/schedule/")
    assert response.status_code == 200
    assert response.headers[OFFLINE_HEADER]
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert_security_headers(response)


def test_assets_stay_cacheable_when_logged_in(client, coordinator):
    response = _get(client, "/static/workfloor.css")
    assert response.headers.get("Cache-Control") != "no-store"
    assert _get(client, "/sw.js").headers["Cache-Control"] == "no-cache"


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("WORKFLOOR_TODAY")  # the test run's pinned date: never in production
    return create_app({"WORKFLOOR_ENV": "production"})


def test_production_sends_hsts_over_https(production_app):
    response = production_app.test_client().get("/login", base_url="https://workfloor.stad.be")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert_security_headers(response)


def test_production_sends_plain_http_to_https(production_app):
    response = production_app.test_client().get("/login?x=1", base_url="http://workfloor.stad.be")
    assert response.status_code in (301, 302)
    assert response.headers["Location"] == "https://workfloor.stad.be/login?x=1"


# The policy allows no inline script or style: templates hook their JS by data- attributes.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_handler_or_style(path):
    source = path.read_text()
    assert not INLINE_SCRIPT.search(source), "inline <script>: move it to a static file"
    assert not HANDLER.search(source), "on*= handler: hook it by a data- attribute in a static file"
    assert not STYLE.search(source), "inline style: move it to a stylesheet"
    assert "javascript:" not in source.lower()


# Every GET route of the URL map, as a role that may open it: personal pages are never stored.
# What a logged-in user gets that a cache may keep, and why.
CACHED_ON_PURPOSE = {
    "static": "assets",
    "offline.favicon": "an icon",
    "offline.manifest": "the web app manifest",
    "offline.service_worker": "the service worker script (no-cache: always checked)",
    "schedule.mine": "the learner's own week, kept by the phone for use offline (private, no-cache)",
    "schedule.feed": "the calendar feed: no session, its own private max-age for calendar apps",
}
LOGGED_IN_GETS = sorted(rule.endpoint for rule in RULES
                        if "GET" in rule.methods and ALLOWED[rule.endpoint] != "public"
                        and rule.endpoint not in CACHED_ON_PURPOSE)


@pytest.mark.parametrize("endpoint", LOGGED_IN_GETS)
def test_every_logged_in_page_is_no_store(client, login, rich_world, endpoint):
    rule = next(rule for rule in RULES if rule.endpoint == endpoint)
    allowed = ALLOWED[endpoint]
    login(rich_world.users[ROLES["C"] if "C" in allowed else ROLES[allowed[0]]])
    url = rule.build({name: rich_world.params[name] for name in rule.arguments}, append_unknown=False)[1]
    response = _get(client, url)
    assert response.status_code < 500
    assert response.headers["Cache-Control"] == "no-store", (url, response.status_code)
    assert_security_headers(response)
