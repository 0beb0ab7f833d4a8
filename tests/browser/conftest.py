"""Browser tests: real Chromium (Debian's) driven by Playwright against a live server.

The live server runs the app in a thread on its own database (a temporary
SQLite file, or a fresh PostgreSQL database on the TEST_DATABASE_URL server),
filled with the demo data, so pages look as a user would see them.
In CI a missing browser fails the run; on a developer machine without
Chromium the browser tests are skipped with a message saying how to install it.
"""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from workfloor import create_app
from workfloor.extensions import db as _db

from tests.databases import empty_database
from tests.floor_date import floor_today

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEMO_PASSWORD = "werkvloer-demo"
DEMO_LOGINS = {
    "coordinator": "coordinator@demo.workfloor.be",
    "supervisor": "begeleider.green@demo.workfloor.be",
    "supervisor_cleaning": "begeleider.cleaning@demo.workfloor.be",
    "counsellor": "trajectbegeleider@demo.workfloor.be",
    "learner": "leerwerknemer@demo.workfloor.be",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def db():
    """Browser tests talk to the live server's database, not the rolled-back test connection."""
    yield _db


@pytest.fixture(scope="session")
def browser_database_url(tmp_path_factory):
    with empty_database(tmp_path_factory.mktemp("browser"), "browser") as url:
        yield url


@pytest.fixture(scope="session")
def live_app(browser_database_url):
    """The app on its own database, migrated and filled with the demo data."""
    from flask_migrate import upgrade

    from workfloor import demo

    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": browser_database_url,
                      "WTF_CSRF_ENABLED": True})
    with app.app_context():
        upgrade()
        demo.build()
        _db.session.commit()
        _db.session.remove()
    yield app
    # A solve a test started may still be running: let it finish before its database goes.
    for thread in threading.enumerate():
        if thread.name.startswith("solve-"):
            thread.join(timeout=120)
    with app.app_context():
        _db.engine.dispose()


@contextmanager
def floor_date(live_app, day: date):
    """The live app as on ``day``: what a page shows "today" and the days after it."""
    before = live_app.config.get("TODAY")
    live_app.config["TODAY"] = day
    try:
        yield
    finally:
        live_app.config["TODAY"] = before


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the app on a free port in a background thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    yield context
    context.close()


def watch_policy(page) -> list[str]:
    """What the Content-Security-Policy refused on this page (an inline script, a style, a handler)."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return refused


@pytest.fixture
def page(context, live_server):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server  # type: ignore[attr-defined]
    refused = watch_policy(page)
    yield page
    page.close()
    assert not refused, f"the security policy refused: {refused[:5]}"


@pytest.fixture
def phone(browser, live_server):
    """A page with a phone's viewport and touch, for the learner views."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server  # type: ignore[attr-defined]
    refused = watch_policy(page)
    yield page
    context.close()
    assert not refused, f"the security policy refused: {refused[:5]}"


def login_as(page, role: str):
    """Log in through the login form with the demo account of this role."""
    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", DEMO_LOGINS[role])
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    # Each role lands on its own start page (learners on their schedule, counsellors on their caseload).
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state()
    return page


def demo_learner_and_free_day():
    """The demo learner (logged in as ``learner``), their first floor, and a day of the coming week on
    which they work all day, are not absent, and no floor has a plan yet. Call in an app context."""

    from sqlalchemy import select

    from workfloor.models import Absence, DayPlan, Learner, User
    from workfloor.schedule import operations as ops

    user = _db.session.execute(select(User).where(User.email == DEMO_LOGINS["learner"])).scalar_one()
    learner = _db.session.execute(select(Learner).where(Learner.person_id == user.person_id)).scalar_one()
    absences = _db.session.execute(select(Absence).where(Absence.person_id == learner.person_id)).scalars().all()
    day = next(d for d in ops.schedule_days(floor_today())
               if {(d.weekday(), "am"), (d.weekday(), "pm")} <= learner.pattern
               and not any(a.start_date <= d <= a.end_date for a in absences)
               and _db.session.execute(select(DayPlan).where(DayPlan.day == d)).scalar() is None)
    return learner, learner.floors[0], day
