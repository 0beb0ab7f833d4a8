"""'Mijn planning' on a phone, and the crew sheet in print, in real Chromium against the demo data."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.browser.conftest import demo_learner_and_free_day, login_as
from workfloor.extensions import db
from workfloor.models import (
    Assignment, CrewMember, CrewVehicle, DayPlan, Learner, Site, Supervisor, Vehicle, utcnow,
)


@pytest.fixture(scope="module")
def published_day(live_app):
    """Publish a crew for the demo learner on a day of the coming week that has no plan yet."""
    with live_app.app_context():
        learner, floor, day = demo_learner_and_free_day()
        assignment = db.session.execute(
            select(Assignment).join(Assignment.site)
            .where(Assignment.day == day, Assignment.floor_id == floor.id, Assignment.morning, Assignment.afternoon,
                   Site.travel_minutes > 0)
            .order_by(Assignment.id)).scalars().first()
        supervisor = db.session.execute(
            select(Supervisor).where(Supervisor.floors.any(id=floor.id)).order_by(Supervisor.id)).scalars().first()
        fellows = db.session.execute(
            select(Learner).where(Learner.floors.any(id=floor.id), Learner.id != learner.id)
            .order_by(Learner.id).limit(2)).scalars().all()
        van = db.session.execute(
            select(Vehicle).where(Vehicle.floor_id == floor.id).order_by(Vehicle.id)).scalars().first()
        plan = DayPlan(day=day, floor_id=floor.id, status="published", revision=1, published_at=utcnow())
        plan.members = [CrewMember(assignment=assignment, person=p.person, role="learner")
                        for p in [learner, *fellows]]
        plan.members.append(CrewMember(assignment=assignment, person=supervisor.person, role="supervisor"))
        plan.vehicles = [CrewVehicle(assignment=assignment, vehicle=van, driver=supervisor.person)]
        workshop = db.session.execute(
            select(Assignment).join(Assignment.site)
            .where(Assignment.day == day, Assignment.floor_id == floor.id, Site.travel_minutes == 0)).scalars().first()
        last = db.session.execute(
            select(Learner).where(Learner.floors.any(id=floor.id),
                                  Learner.id.not_in([learner.id, *(f.id for f in fellows)]))
            .order_by(Learner.id)).scalars().first()
        plan.members.append(CrewMember(assignment=workshop, person=last.person, role="learner"))
        db.session.add(plan)
        learner.calendar_token = "browser-test-calendar-token-" + "x" * 20  # a long address must wrap, not scroll
        db.session.commit()
        facts = {"day": day, "assignment": assignment.name, "site": assignment.site.name, "van": van.name,
                 "supervisor": supervisor.person.first_name, "fellows": [f.person.first_name for f in fellows],
                 "fellow_last_names": [f.person.last_name for f in fellows]}
        db.session.remove()
    return facts


def test_mijn_planning_reads_well_on_a_phone(phone, published_day):
    login_as(phone, "learner")
    phone.goto(phone.base_url + "/schedule/")
    card = phone.locator(f"#dag-{published_day['day'].isoformat()}")
    assert card.locator("h4", has_text=published_day["assignment"]).is_visible()
    assert card.get_by_text(published_day["site"]).first.is_visible()
    assert card.get_by_text(f"Vertrek aan de basis om 08:00 met {published_day['van']}").is_visible()
    assert card.get_by_text("werkkleding, veiligheidsschoenen").is_visible()
    text = card.inner_text()
    assert published_day["supervisor"] in text
    assert all(name in text for name in published_day["fellows"])
    assert not any(name in text for name in published_day["fellow_last_names"])  # first names only
    # no horizontal scrolling on a 390 px wide phone, even with the long calendar address
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # large text: the facts are at least 18 px
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.schedule-facts li')).fontSize)")
    assert size >= 18
    assert phone.locator("#feed-https").is_visible()


def test_crew_sheet_prints_one_page_per_van(page, published_day):
    login_as(page, "supervisor")  # the demo learner is on the green floor, like this supervisor
    page.goto(page.base_url + f"/schedule/crew-sheet/{published_day['day'].isoformat()}")
    assert page.locator(".van-section").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    breaks = page.evaluate("[...document.querySelectorAll('.van-section')].map(s => getComputedStyle(s).breakAfter)")
    assert breaks == ["page", "auto"]  # the van, then the crew at the base on a page of its own
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
