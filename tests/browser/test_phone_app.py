"""The learner's phone app in real Chromium: compact menu, install, offline week, sick report to the board."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import demo_learner_and_free_day, login_as
from workfloor.extensions import db
from workfloor.models import Assignment, CrewMember, DayPlan, Site, Supervisor, utcnow


@pytest.fixture(scope="module")
def learner_week(live_app):
    """A published crew for the demo learner on a free working day of the coming week, with a supervisor to call."""
    with live_app.app_context():
        learner, floor, day = demo_learner_and_free_day()
        assignment = db.session.execute(
            select(Assignment).join(Assignment.site)
            .where(Assignment.day == day, Assignment.floor_id == floor.id, Site.address != "")
            .order_by(Assignment.id)).scalars().first()
        supervisor = db.session.execute(
            select(Supervisor).where(Supervisor.floors.any(id=floor.id)).order_by(Supervisor.id)).scalars().first()
        supervisor.person.phone = "0470 12 34 56"
        plan = DayPlan(day=day, floor=floor, status="published", revision=1, published_at=utcnow())
        plan.members = [CrewMember(assignment=assignment, person=learner.person, role="learner"),
                        CrewMember(assignment=assignment, person=supervisor.person, role="supervisor")]
        db.session.add(plan)
        db.session.commit()
        facts = {"day": day, "assignment": assignment.name, "address": assignment.site.address,
                 "supervisor": supervisor.person.first_name, "learner": learner.person.name,
                 "person_id": learner.person_id}
        db.session.remove()
    return facts


def test_the_phone_menu_is_compact_and_opens(phone):
    login_as(phone, "learner")
    header = phone.locator("header.site-header").bounding_box()
    assert header["height"] <= 80, header
    assert phone.locator(".main-nav").is_hidden()
    phone.get_by_role("button", name="Menu").click()
    menu = phone.locator(".phone-menu nav")
    assert menu.get_by_role("link", name="Mijn doelen").is_visible()
    menu.get_by_role("link", name="Mijn doelen").click()
    phone.wait_for_url("**/goals/mine")


def test_installable_app_has_manifest_icons_and_favicon(page):
    response = page.request.get(page.base_url + "/favicon.ico")
    assert response.ok and response.headers["content-type"].startswith("image/")
    manifest = page.request.get(page.base_url + "/manifest.webmanifest")
    assert manifest.ok and "manifest+json" in manifest.headers["content-type"]
    body = manifest.json()
    assert body["display"] == "standalone" and body["start_url"] == "/"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert page.request.get(page.base_url + icon["src"]).ok
    login_as(page, "supervisor")
    assert page.locator("link[rel=manifest]").count() == 1


def test_schedule_shows_supervisor_to_call_and_a_map_link(phone, learner_week):
    login_as(phone, "learner")
    card = phone.locator(f"#dag-{learner_week['day'].isoformat()}")
    call = card.locator("a.call-link")
    assert call.get_attribute("href") == "tel:0470123456"
    assert learner_week["supervisor"] in call.inner_text()
    map_link = card.locator("a.map-link")
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/search?query=")


def _wait_until_kept(page, path="/schedule/"):
    """Until the page is kept, and still is half a second later: the worker's first keeps settle."""
    kept = """path => caches.open('workfloor-pages-v1').then(c => c.match(location.origin + path)).then(r => !!r)"""
    page.wait_for_load_state("networkidle")
    for _ in range(2):
        page.wait_for_function(kept, arg=path, timeout=10_000)
        page.wait_for_timeout(500)
    page.wait_for_function(kept, arg=path, timeout=10_000)


KEPT = """() => caches.keys().then(names => Promise.all(names.map(name => caches.open(name)
    .then(c => c.keys()).then(rs => name + ': ' + rs.map(r => r.url).join(', ')))))"""


def test_the_week_stays_readable_offline_and_logout_forgets_it(browser, live_server, learner_week):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="nl-BE")
    try:
        page = context.new_page()
        page.base_url = live_server
        login_as(page, "learner")
        # Two online visits, as a learner opens the app more than once: the second is served through
        # the worker, which then controls the page for sure.
        for _ in range(2):
            page.goto(live_server + "/schedule/")
            _wait_until_kept(page)
        kept = page.evaluate(KEPT)  # said on failure: what the phone had kept before going offline
        context.set_offline(True)
        page.reload()
        try:
            expect(page.get_by_role("heading", name="Mijn planning", exact=True)).to_be_visible()
        except AssertionError as error:
            raise AssertionError(f"{error}\nkept before going offline: {kept}") from None
        card = page.locator(f"#dag-{learner_week['day'].isoformat()}")
        expect(card.get_by_role("heading", name=learner_week["assignment"])).to_be_visible()
        expect(page.locator("#offline-note")).to_be_visible()
        # The styles came along: the phone menu button, not the row of menus.
        expect(page.locator(".main-nav")).to_be_hidden()
        # Another page that was never kept says so in plain words.
        page.goto(live_server + "/progress/mine")
        expect(page.get_by_role("heading", name="Geen verbinding")).to_be_visible()
        context.set_offline(False)

        page.goto(live_server + "/schedule/")
        page.locator(".phone-menu summary").click()
        page.locator(".phone-menu").get_by_role("button", name="Afmelden").click()
        page.wait_for_url("**/login")
        page.wait_for_function("() => caches.keys().then(k => k.length === 0)")
        page.wait_for_function(
            "() => navigator.serviceWorker.getRegistrations().then(r => r.length === 0)")
    finally:
        context.close()


def test_staff_pages_are_never_kept(browser, live_server, learner_week):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    try:
        page = context.new_page()
        page.base_url = live_server
        login_as(page, "learner")
        page.goto(live_server + "/schedule/")
        _wait_until_kept(page)
        # The learner leaves without logging out; a supervisor logs in on the same browser.
        context.clear_cookies()
        login_as(page, "supervisor")
        page.goto(live_server + "/planning/")
        page.wait_for_function("() => caches.keys().then(k => k.length === 0)")
        assert page.evaluate("() => navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    finally:
        context.close()


def test_a_sick_report_goes_from_the_phone_to_the_board(phone, browser, live_server, learner_week):
    day = learner_week["day"]
    login_as(phone, "learner")
    phone.get_by_role("button", name="Ik ben ziek / ik kom later").click()
    phone.get_by_label("Ik ben ziek").check()
    for box in phone.locator("input[name=days]").all():
        box.uncheck()
    phone.locator(f"input[name=days][value='{day.isoformat()}']").check()
    phone.get_by_label("Iets kort erbij zeggen? (mag leeg blijven)").fill("koorts, bel morgen")
    phone.get_by_role("button", name="Verstuur naar mijn begeleider").click()
    phone.wait_for_url("**/schedule/")
    assert phone.get_by_text("Je begeleider weet het nu.").is_visible()
    card = phone.locator(f"#dag-{day.isoformat()}")
    assert card.get_by_text("Je meldde: ziek").is_visible()
    # Not replanned yet: the crew still stands.
    assert card.get_by_role("heading", name=learner_week["assignment"]).is_visible()

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    try:
        board = context.new_page()
        board.base_url = live_server
        login_as(board, "supervisor")
        board.goto(f"{live_server}/planning/{day.isoformat()}")
        reports = board.locator(".reports-waiting")
        assert reports.locator("strong", has_text=learner_week["learner"]).is_visible()
        assert reports.get_by_text("koorts, bel morgen").is_visible()
        # Before the OK the learner is not counted absent.
        assert learner_week["learner"] not in board.locator("section.absent").inner_text()
        reports.get_by_role("button", name="Herplan").click()
        board.wait_for_url(lambda url: "job=" in url)
        assert board.get_by_text("bevestigd").first.is_visible()
        assert learner_week["learner"] in board.locator("section.absent").inner_text()
        assert board.locator(".reports-waiting").count() == 0
    finally:
        context.close()
