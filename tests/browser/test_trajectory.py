"""Issue 13's seven steps in real Chromium: meetings, agreements, goals, contacts, obstacles, the outcome,
the city's report. The live server holds the demo data; each test works on learners of its own."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import DEMO_LOGINS, DEMO_PASSWORD
from tests.floor_date import floor_today
from workfloor.extensions import db
from workfloor.models import Learner, TrajectoryOutcome, User

TODAY = floor_today().isoformat()


def login(browser, live_server, role: str):
    """A page in a context of its own, logged in as the demo account of `role`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server  # type: ignore[attr-defined]
    page.goto(live_server + "/login")
    page.fill("input[name=email]", DEMO_LOGINS[role])
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return page


@pytest.fixture(scope="module")
def caseload(live_app):
    """The demo counsellor's learners still at work (no outcome), in a fixed order."""
    with live_app.app_context():
        counsellor = db.session.execute(select(User).where(User.email == DEMO_LOGINS["counsellor"])).scalar_one()
        ended = select(TrajectoryOutcome.learner_id)
        ids = list(db.session.execute(select(Learner.id).where(Learner.counsellor_id == counsellor.person_id,
                                                               Learner.id.not_in(ended))
                                      .order_by(Learner.id)).scalars())
        db.session.remove()
    return ids


def test_plan_hold_agree_make_a_goal_and_meet_it_again(browser, live_server, caseload):
    page = login(browser, live_server, "counsellor")
    learner_id = caseload[0]
    # From the caseload to the trajectory file.
    page.locator(f"tr[data-learner='{learner_id}'] a[href$='/trajectory/learners/{learner_id}']").click()
    page.get_by_role("button", name="Gesprek plannen").first.click()
    page.select_option("#moment", "")
    page.fill("#planned_on", TODAY)
    page.get_by_role("button", name="Plannen").click()
    expect(page.locator(".flash-success")).to_contain_text("Het evaluatiegesprek is gepland")
    # 1. hold it: who took part, a summary per area, the learner's view.
    page.get_by_role("button", name="Gesprek houden").click()
    for name in ("with_learner", "with_supervisor", "with_counsellor"):
        page.check(f"input[name={name}]")
    page.fill("#summary_attitude", "Komt stipt, werkt goed samen.")
    page.fill("#summary_skills", "Vloeren dweilen lukt zelfstandig.")
    page.fill("#learner_view", "Ik wil met de schrobzuigmachine leren werken.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#summary")).to_contain_text("Vloeren dweilen lukt zelfstandig.")
    page.fill("#what", "Oefenen met de schrobzuigmachine")
    page.select_option("#owner", "supervisor")
    page.fill("#deadline", TODAY)
    page.get_by_role("button", name="Afspraak toevoegen").click()
    agreements = page.locator("#agreements table")
    expect(agreements).to_contain_text("Oefenen met de schrobzuigmachine")
    # 2. the agreement becomes a development goal.
    agreements.get_by_role("button", name="Maak er een doel van").first.click()
    options = page.locator("#competency option").all_inner_texts()
    choice = next(text for text in options if "nog niet beoordeeld" in text or "(nu 1" in text or "(nu 2" in text)
    page.select_option("#competency", label=choice)
    page.select_option("#target_level", "4")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash-success")).to_contain_text("De afspraak is nu een ontwikkelingsdoel.")
    expect(page.locator("table.goals-table")).to_contain_text("Oefenen met de schrobzuigmachine")
    # 3. at the next meeting the agreement is still open.
    page.goto(f"{live_server}/trajectory/learners/{learner_id}/meetings/new")
    page.select_option("#moment", "")
    page.fill("#planned_on", TODAY)
    page.get_by_role("button", name="Plannen").click()
    expect(page.locator("#earlier")).to_contain_text("Oefenen met de schrobzuigmachine")
    # The printed report shows it too.
    page.goto(f"{live_server}/progress/learners/{learner_id}/report")
    expect(page.locator("#agreements")).to_contain_text("Oefenen met de schrobzuigmachine")
    page.context.close()


def test_log_a_contact_and_see_its_follow_up(browser, live_server, caseload):
    page = login(browser, live_server, "counsellor")
    learner_id = caseload[1]
    page.goto(f"{live_server}/trajectory/learners/{learner_id}")
    page.get_by_role("link", name="Contacten").click()
    page.select_option("#kind", "home_visit")
    page.fill("#note", "Huisbezoek: nieuwe fiets besproken.")
    page.fill("#follow_up_on", TODAY)
    page.get_by_role("button", name="Noteren").click()
    expect(page.locator("#contacts")).to_contain_text("Huisbezoek: nieuwe fiets besproken.")
    # 4. the follow-up shows on the start page.
    page.goto(live_server + "/")
    follow_ups = page.locator("#follow-ups")
    expect(follow_ups).to_contain_text("Huisbezoek")
    link = follow_ups.locator(f"a[href*='/trajectory/learners/{learner_id}/contacts']").first
    expect(link).to_be_visible()
    page.context.close()


def test_a_supervisor_signals_and_the_counsellor_solves_an_obstacle(browser, live_server, caseload):
    learner_id = caseload[2]
    supervisor = login(browser, live_server, "supervisor_cleaning")
    supervisor.goto(f"{live_server}/trajectory/learners/{learner_id}/obstacles")
    expect(supervisor.locator(".obstacle-form")).to_contain_text("Geen diagnoses.")
    supervisor.select_option("#category", "transport")
    supervisor.fill("#note", "Geen bus vóór 8 uur naar de werf.")
    supervisor.check("input[name=affects_work]")
    supervisor.get_by_role("button", name="Signaleren").click()
    expect(supervisor.locator("#obstacle-list")).to_contain_text("Vervoer")
    expect(supervisor.locator("#obstacle-list")).not_to_contain_text("Geen bus vóór 8 uur")  # the note stays private
    supervisor.context.close()
    # 5. the counsellor sees the flag on the caseload and follows it up to solved.
    page = login(browser, live_server, "counsellor")
    expect(page.locator(f"tr[data-learner='{learner_id}'] .flag-obstacle")).to_contain_text("Vervoer")
    page.goto(f"{live_server}/trajectory/learners/{learner_id}/obstacles")
    page.locator("#obstacle-list tr", has_text="Geen bus vóór 8 uur").get_by_role("button", name="Opvolgen").click()
    page.fill("#action_taken", "Fiets geregeld via de sociale dienst.")
    page.select_option("#status", "solved")
    page.fill("#solved_on", TODAY)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#obstacle-list tr", has_text="Geen bus vóór 8 uur")).to_contain_text("opgelost")
    page.context.close()


def test_end_a_trajectory_with_an_outcome(browser, live_server, caseload):
    page = login(browser, live_server, "counsellor")
    learner_id = caseload[3]
    page.goto(f"{live_server}/trajectory/learners/{learner_id}")
    page.get_by_role("button", name="Traject afsluiten met uitstroom").click()
    page.fill("#ended_on", TODAY)
    page.select_option("#kind", "social_economy")
    page.fill("#employer", "Maatwerkbedrijf De Sleutel")
    page.fill("#reason", "Maatwerk in de schoonmaakploeg.")
    page.get_by_role("button", name="Opslaan").click()
    # 6. the file says where the learner went.
    expect(page.locator("#outcome")).to_contain_text("Sociale economie")
    expect(page.locator("#outcome")).to_contain_text("Maatwerkbedrijf De Sleutel")
    page.context.close()


def test_read_the_citys_report_and_trace_a_figure(browser, live_server):
    page = login(browser, live_server, "coordinator")
    page.goto(live_server + "/trajectory/report")
    # 7. the figures per floor, the charts, and who is behind a figure.
    table = page.locator("table.city-report")
    for label in ("Actieve leerwerknemers", "Gewerkte uren", "Aanwezigheid", "Evaluaties op tijd",
                  "Open belemmeringen", "Naar regulier werk", "Opdrachten uitgevoerd"):
        expect(table).to_contain_text(label)
    expect(table.locator("thead")).to_contain_text("Schoonmaak")
    expect(page.locator("svg.report-chart")).to_have_count(3)
    trace = page.locator("#figure-outcome-regular_job details")
    trace.locator("summary").click()
    trace.locator("a").first.click()
    expect(page.locator("#outcome")).to_contain_text("Job in het reguliere circuit")
    page.context.close()


def test_the_trajectory_pages_pass_axe(browser, live_server, caseload):
    from tests.browser import axe

    page = login(browser, live_server, "counsellor")
    axe.enable(page.context)
    learner_id = caseload[4]
    for path, what in ((f"/trajectory/learners/{learner_id}", "the trajectory file"),
                       (f"/trajectory/learners/{learner_id}/contacts", "the contact log"),
                       (f"/trajectory/learners/{learner_id}/obstacles", "the obstacles"),
                       (f"/trajectory/learners/{learner_id}/applications", "applications and job-tastings"),
                       ("/trajectory/report", "the city's report")):
        page.goto(live_server + path)
        axe.assert_accessible(page, what)
    page.goto(f"{live_server}/trajectory/learners/{learner_id}")
    meeting = page.locator("#schedule table a").first
    if meeting.count():
        meeting.click()
        page.wait_for_url("**/trajectory/meetings/*")  # axe reads the meeting, not a page being left
        page.wait_for_load_state()
        axe.assert_accessible(page, "an evaluation meeting")
    page.context.close()


def test_the_learner_reads_and_signs_on_a_phone(browser, live_server):
    from tests.browser import axe

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="nl-BE")
    axe.enable(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.fill("input[name=email]", DEMO_LOGINS["learner"])
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(live_server + "/trajectory/mine")
    axe.assert_accessible(page, "my meetings")
    sign = page.get_by_role("button", name="Gelezen en besproken")
    if sign.count():
        sign.first.click()
        expect(page.locator(".flash-success")).to_contain_text("gelezen en besproken")
    context.close()
