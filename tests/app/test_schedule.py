"""Schedules: "Mijn planning", the staff view, the calendar feed and the crew sheet."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import event, select

from tests.conftest import text, unique
from workfloor.models import (
    Absence, Assignment, AuditEntry, CrewMember, CrewVehicle, DayPlan, Learner, PlanEvent,
)
from workfloor.schedule import operations as ops

MONDAY = date(2026, 12, 7)
WEDNESDAY = MONDAY + timedelta(days=2)
SEEN = datetime(2026, 12, 8, 18, 0)  # naive UTC, as stored
NOW = datetime(2026, 12, 9, 6, 30, tzinfo=timezone.utc)


def day_section(page: str, day: date) -> str:
    """The HTML of one day's card on a schedule page."""
    match = re.search(rf'<article class="schedule-day[^"]*" id="dag-{day.isoformat()}".*?</article>', page, re.S)
    assert match, f"no card for {day}"
    return match.group(0)


# Factories -------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def today(app, monkeypatch):
    """Every test runs on Wednesday 9 December 2026."""
    monkeypatch.setitem(app.config, "TODAY", WEDNESDAY)
    monkeypatch.setattr(ops, "now", lambda: NOW)
    return WEDNESDAY


@pytest.fixture
def floor(make_floor):
    return make_floor(name=unique("Groen "), domain="green")


@pytest.fixture
def make_assignment(db, make_site):
    def make(day: date, floor, site=None, blocks=("am", "pm"), **overrides) -> Assignment:
        assignment = Assignment(
            name=overrides.pop("name", unique("Opdracht ")), floor=floor, site=site or make_site(), day=day,
            morning="am" in blocks, afternoon="pm" in blocks, max_learners=overrides.pop("max_learners", 6),
            **overrides)
        db.session.add(assignment)
        db.session.flush()
        return assignment
    return make


@pytest.fixture
def make_plan(db, floor):
    def make(day: date, status: str = "published", published_at: datetime | None = None,
             revision: int | None = None, on_floor=None) -> DayPlan:
        published = status == "published"
        plan = DayPlan(day=day, floor_id=(on_floor or floor).id, status=status, revision=revision if revision is not None else int(published),
                       published_at=published_at or (datetime(2026, 12, 1, 9, 0) if published else None))
        db.session.add(plan)
        db.session.flush()
        return plan
    return make


@pytest.fixture
def crew(db):
    """Put learners, supervisors and vans (vehicle, driver) in the crew of an assignment."""
    def make(plan: DayPlan, assignment: Assignment, learners=(), supervisors=(), vans=()) -> None:
        for learner in learners:
            db.session.add(CrewMember(plan=plan, assignment=assignment, person=learner.person, role="learner"))
        for supervisor in supervisors:
            db.session.add(CrewMember(plan=plan, assignment=assignment, person=supervisor.person, role="supervisor"))
        for vehicle, driver in vans:
            db.session.add(CrewVehicle(plan=plan, assignment=assignment, vehicle=vehicle,
                                       driver=driver.person if driver else None))
        db.session.flush()
    return make


@pytest.fixture
def named_learner(make_learner, make_user, floor):
    def make(first: str, last: str, **overrides) -> Learner:
        learner = make_learner(floors=overrides.pop("floors", [floor]), **overrides)
        learner.person.first_name, learner.person.last_name = first, last
        return learner
    return make


@pytest.fixture
def scene(db, floor, named_learner, make_supervisor, make_site, make_vehicle, make_assignment, make_plan, crew):
    """Amina works today (Wednesday) trimming hedges at the Stadspark with Sarah, led by Kurt, in Minibus 6."""
    amina = named_learner("Amina", "Benali")
    sarah = named_learner("Sarah", "Claeys")
    kurt = make_supervisor(floors=[floor])
    kurt.person.first_name, kurt.person.last_name = "Kurt", "Maes"
    site = make_site(name=unique("Stadspark "), address="Parklaan 1", travel_minutes=15)
    van = make_vehicle(name=unique("Minibus "))
    hedges = make_assignment(WEDNESDAY, floor, site, name="Hagen scheren", certificates={"hedge_trimmer": 1},
                             notes="Sleutel van de poort bij de parkwachter")
    plan = make_plan(WEDNESDAY)
    crew(plan, hedges, learners=[amina, sarah], supervisors=[kurt], vans=[(van, kurt)])
    db.session.flush()
    return {"amina": amina, "sarah": sarah, "kurt": kurt, "site": site, "van": van, "hedges": hedges,
            "plan": plan, "floor": floor}


@contextmanager
def count_queries(db):
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


# Which days ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("today,expected", [
    (WEDNESDAY, ["2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14", "2026-12-15", "2026-12-16"]),
    (MONDAY, ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14"]),
    (MONDAY + timedelta(days=4), ["2026-12-11", "2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17",
                                  "2026-12-18"]),
    (MONDAY + timedelta(days=5), ["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18"]),
    (MONDAY + timedelta(days=6), ["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18"]),
], ids=["wednesday", "monday", "friday", "saturday", "sunday"])
def test_schedule_days_are_today_and_the_coming_working_week(today, expected):
    assert [d.isoformat() for d in ops.schedule_days(today)] == expected


def test_week_boundaries_on_the_page(client, login, scene, make_assignment, make_plan, crew):
    amina = scene["amina"]
    last_day, after = WEDNESDAY + timedelta(days=7), WEDNESDAY + timedelta(days=8)
    crew(make_plan(last_day), make_assignment(last_day, scene["floor"], name="Laatste dag"), learners=[amina])
    crew(make_plan(after), make_assignment(after, scene["floor"], name="Te ver"), learners=[amina])
    yesterday = WEDNESDAY - timedelta(days=1)
    crew(make_plan(yesterday), make_assignment(yesterday, scene["floor"], name="Gisteren"), learners=[amina])
    login(amina.person.user)
    page = text(client.get("/schedule/"))
    assert "Laatste dag" in day_section(page, last_day)
    assert "Te ver" not in page and "Gisteren" not in page
    assert 'id="dag-2026-12-12"' not in page and 'id="dag-2026-12-13"' not in page  # no weekend
    this_week, next_week = page.split("Volgende week")
    assert 'id="dag-2026-12-11"' in this_week and 'id="dag-2026-12-14"' in next_week
    assert "Vandaag · woensdag 9 december" in page and "Morgen · donderdag 10 december" in page


# Mijn planning ---------------------------------------------------------------------------------------

def test_mine_says_where_when_with_whom_and_what_to_bring(client, login, scene):
    login(scene["amina"].person.user)
    response = client.get("/schedule/")
    assert response.status_code == 200
    today = day_section(text(response), WEDNESDAY)
    assert "Hagen scheren" in today
    assert scene["site"].name in today and "Parklaan 1" in today
    assert "Voormiddag en namiddag: 08:00 – 15:30" in today
    assert f"Vertrek aan de basis om 08:00 met {scene['van'].name}" in today
    assert f"Kurt rijdt met {scene['van'].name}" in today
    assert "Sarah" in today and "Kurt" in today
    assert "werkkleding, veiligheidsschoenen, werkhandschoenen, gehoorbescherming" in today


def test_peers_supervisor_and_driver_by_first_name_only(client, login, scene):
    login(scene["amina"].person.user)
    page = text(client.get("/schedule/"))
    assert "Claeys" not in page and "Maes" not in page
    assert "Sleutel van de poort" not in page  # staff notes stay on the crew sheet


def test_morning_only_at_the_base_and_without_van(client, login, floor, named_learner, make_site,
                                                  make_assignment, make_plan, crew):
    omar = named_learner("Omar", "Demir")
    workshop = make_site(name=unique("Serre "), address="Industrieweg 12", travel_minutes=0)
    crew(make_plan(WEDNESDAY), make_assignment(WEDNESDAY, floor, workshop, blocks=("am",), name="Serre"),
         learners=[omar])
    login(omar.person.user)
    today = day_section(text(client.get("/schedule/")), WEDNESDAY)
    assert "Voormiddag: 08:00 – 12:00" in today
    assert "Je werkt aan de basis. Je begint om 08:00." in today
    assert "Vertrek aan de basis" not in today
    assert "alleen met je begeleider" in today
    assert "werkkleding, veiligheidsschoenen" in today and "gehoorbescherming" not in today
    assert "Namiddag: je staat niet in een ploeg" in today  # works afternoons too, but not placed


def test_only_published_plans_are_shown(client, login, scene, make_assignment, make_plan, crew):
    thursday = WEDNESDAY + timedelta(days=1)
    crew(make_plan(thursday, status="draft"), make_assignment(thursday, scene["floor"], name="Geheim concept"),
         learners=[scene["amina"]])
    login(scene["amina"].person.user)
    page = text(client.get("/schedule/"))
    assert "Geheim concept" not in page
    assert "Je planning voor donderdag is nog niet klaar." in day_section(page, thursday)
    assert "nog niet klaar" not in day_section(page, WEDNESDAY)


def test_days_off_and_absences(client, login, db, floor, named_learner, make_assignment, make_plan, crew):
    # Works Mon, Tue, Thu, Fri (not Wednesday).
    lotte = named_learner("Lotte", "Peeters", pattern=[(d, b) for d in (0, 1, 3, 4) for b in ("am", "pm")])
    thursday, friday, monday = (WEDNESDAY + timedelta(days=n) for n in (1, 2, 5))
    db.session.add_all([
        Absence(person=lotte.person, start_date=thursday, end_date=friday, reason="sick"),
        Absence(person=lotte.person, start_date=monday, end_date=monday, morning=True, afternoon=False,
                reason="appointment_vdab"),
    ])
    crew(make_plan(monday), make_assignment(monday, floor, blocks=("pm",), name="Onkruid wieden"),
         learners=[lotte])
    db.session.flush()
    login(lotte.person.user)
    page = text(client.get("/schedule/"))
    assert "Vrij" in day_section(page, WEDNESDAY)
    assert "Afwezig: Ziek" in day_section(page, thursday) and "Afwezig: Ziek" in day_section(page, friday)
    monday_card = day_section(page, monday)
    assert "Voormiddag: afwezig: Afspraak VDAB" in monday_card and "Onkruid wieden" in monday_card
    assert "nog niet klaar" not in monday_card


def test_an_absence_hides_a_placement_waiting_for_the_replan(client, login, db, scene):
    db.session.add(Absence(person=scene["amina"].person, start_date=WEDNESDAY, end_date=WEDNESDAY, reason="sick"))
    db.session.flush()
    login(scene["amina"].person.user)
    today = day_section(text(client.get("/schedule/")), WEDNESDAY)
    assert "Afwezig: Ziek" in today and "Hagen scheren" not in today


def test_the_feed_leaves_out_a_placement_she_is_absent_for(client, login, db, scene):
    amina = scene["amina"]
    amina.calendar_token = "amina-token"
    db.session.add(Absence(person=amina.person, start_date=WEDNESDAY, end_date=WEDNESDAY, morning=True,
                           afternoon=False, reason="appointment_doctor"))
    db.session.flush()
    assert len(feed_events(client, "amina-token")) == 1  # absent in the morning only: the day still stands
    login(amina.person.user)
    today = day_section(text(client.get("/schedule/")), WEDNESDAY)
    assert "Hagen scheren" in today and "Voormiddag: afwezig: Afspraak dokter" in today
    db.session.add(Absence(person=amina.person, start_date=WEDNESDAY, end_date=WEDNESDAY, morning=False,
                           afternoon=True, reason="appointment_vdab"))
    db.session.flush()
    assert feed_events(client, "amina-token") == []


def test_learner_account_without_a_file(client, login, make_user):
    login(make_user("learner"))
    assert "nog niet aan een leerwerknemer gekoppeld" in text(client.get("/schedule/"))


# Changes since the learner last looked ---------------------------------------------------------------

def test_first_visit_shows_no_badges_and_remembers_the_visit(client, login, db, scene):
    amina = scene["amina"]
    version = amina.version
    login(amina.person.user)
    assert "change-badge" not in text(client.get("/schedule/"))
    assert amina.schedule_seen_at is not None
    assert amina.version == version  # looking is not an edit: no conflict for an open edit form
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.learner_id == amina.id)).scalars().all()
    assert not any("schedule_seen_at" in entry.changes for entry in entries)


def test_change_badges_since_last_look_and_their_reset(client, login, db, scene, named_learner,
                                                       make_assignment, make_plan, crew):
    amina, floor = scene["amina"], scene["floor"]
    amina.schedule_seen_at = SEEN
    thursday, friday, monday = (WEDNESDAY + timedelta(days=n) for n in (1, 2, 5))
    # Thursday: published after she last looked.
    crew(make_plan(thursday, published_at=SEEN + timedelta(hours=2)), make_assignment(thursday, floor),
         learners=[amina])
    # Friday: published before, then a change that names her.
    friday_plan = make_plan(friday, revision=2)
    friday_work = make_assignment(friday, floor)
    crew(friday_plan, friday_work, learners=[amina])
    db.session.add(PlanEvent(plan=friday_plan, kind="edit", summary="Sarah naar het park", revision=2,
                             at=SEEN + timedelta(hours=1), details={"persons": [amina.person_id]}))
    # Monday: a change after she looked, but to someone else's crew.
    monday_plan = make_plan(monday)
    other = named_learner("Kevin", "Maes")
    crew(monday_plan, make_assignment(monday, floor), learners=[amina])
    other_work = make_assignment(monday, floor)
    crew(monday_plan, other_work, learners=[other])
    db.session.add(PlanEvent(plan=monday_plan, kind="edit", revision=2, at=SEEN + timedelta(hours=1),
                             details={"persons": [other.person_id], "assignments": [other_work.id]}))
    # Wednesday (scene): published long before, an old change only.
    db.session.add(PlanEvent(plan=scene["plan"], kind="edit", revision=1, at=SEEN - timedelta(hours=1),
                             details={}))
    db.session.flush()
    login(amina.person.user)
    page = text(client.get("/schedule/"))
    assert "Nieuw" in day_section(page, thursday) and "is-changed" in day_section(page, thursday)
    assert "Gewijzigd" in day_section(page, friday)
    assert "change-badge" not in day_section(page, monday)
    assert "change-badge" not in day_section(page, WEDNESDAY)
    assert amina.schedule_seen_at == NOW.replace(tzinfo=None)
    again = text(client.get("/schedule/"))
    assert "change-badge" not in again


def test_a_change_to_her_crew_flags_the_day_but_a_pin_does_not(client, login, db, scene):
    amina, plan = scene["amina"], scene["plan"]
    amina.schedule_seen_at = SEEN
    db.session.add(PlanEvent(plan=plan, kind="pin", revision=1, at=SEEN + timedelta(minutes=5),
                             details={"kind": "learner", "subject": amina.person_id}))
    db.session.flush()
    login(amina.person.user)
    assert "change-badge" not in day_section(text(client.get("/schedule/")), WEDNESDAY)
    amina.schedule_seen_at = SEEN
    db.session.add(PlanEvent(plan=plan, kind="edit", revision=2, at=SEEN + timedelta(minutes=9),
                             details={"assignments": [scene["hedges"].id]}))
    db.session.flush()
    assert "Gewijzigd" in day_section(text(client.get("/schedule/")), WEDNESDAY)


def test_badges_follow_what_the_planning_board_logs(client, login, db, scene, named_learner, make_assignment):
    """Through the planning feature's own operations: publish, then move people on the board."""
    from workfloor.models import utcnow
    from workfloor.planning import operations as planning

    amina, sarah, plan, floor = scene["amina"], scene["sarah"], scene["plan"], scene["floor"]
    plan.status, plan.revision, plan.published_at = "draft", 0, None
    planning.publish(plan, None)
    moment = utcnow().replace(tzinfo=None)
    plan.published_at = moment - timedelta(hours=2)
    elsewhere = make_assignment(WEDNESDAY, floor, name="Elders")
    kevin = named_learner("Kevin", "Maes")
    login(amina.person.user)

    def badge_after(move) -> bool:
        amina.schedule_seen_at = moment - timedelta(hours=1)
        db.session.flush()
        before = planning.snapshot(plan)
        planning.apply_move(plan, move)
        planning.record_change(plan, None, "edit", "Verplaatst.", before, details={"move": move.to_json()})
        return "Gewijzigd" in day_section(text(client.get("/schedule/")), WEDNESDAY)

    # Someone joins a crew she is not in: nothing changes for her.
    assert not badge_after(planning.Move("learner", kevin.person_id, [], elsewhere.id))
    # Sarah leaves her crew.
    assert badge_after(planning.Move("learner", sarah.person_id, [scene["hedges"].id], elsewhere.id))
    # She herself moves.
    assert badge_after(planning.Move("learner", amina.person_id, [scene["hedges"].id], elsewhere.id))
    page = text(client.get("/schedule/"))
    assert "Elders" in day_section(page, WEDNESDAY) and "change-badge" not in page


def test_event_concerns_reads_scopes_moves_and_diffs():
    scoped = PlanEvent(kind="edit", details={"persons": [1, 2], "assignments": [10]})
    assert ops.event_concerns(scoped, 1, set(), set())
    assert ops.event_concerns(scoped, 5, {10, 11}, set())
    assert not ops.event_concerns(scoped, 5, {11}, set())
    move = PlanEvent(kind="edit", details={"move": {"sources": [3], "target": 4}, "diff": []})
    assert ops.event_concerns(move, 5, {4}, set()) and not ops.event_concerns(move, 5, {6}, set())
    van = PlanEvent(kind="replan", details={"diff": [
        {"key": "vehicle:7", "from": ["Hagen scheren (Park)"], "to": ["Gras maaien (Ring)"]}]})
    assert ops.event_concerns(van, 5, set(), {"Gras maaien (Ring)"})
    assert not ops.event_concerns(van, 5, set(), {"Onkruid (Ring)"})
    me = PlanEvent(kind="replan", details={"diff": [{"key": "person:5", "from": ["X (Y)"], "to": []}]})
    assert ops.event_concerns(me, 5, set(), set()) and not ops.event_concerns(me, 50, set(), set())
    assert ops.event_concerns(PlanEvent(kind="cancelled", details={"assignment": 9, "diff": []}), 5, {9}, set())
    assert not ops.event_concerns(PlanEvent(kind="accepted", details={"warnings": ["…"]}), 5, {9}, {"X (Y)"})


# What to bring ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("certificates,extra", [
    ({}, False),
    ({"scrubber_dryer": 1}, False),
    ({"ride_on_mower": 1}, False),
    ({"brush_cutter": 2}, True),
    ({"hedge_trimmer": 1}, True),
    ({"hedge_trimmer": 0}, False),
])
def test_what_to_bring(app, certificates, extra):
    with app.test_request_context():
        items = ops.what_to_bring(Assignment(certificates=certificates))
    assert items[:2] == ["werkkleding", "veiligheidsschoenen"]
    assert (items[2:] == ["werkhandschoenen", "gehoorbescherming"]) is extra
    assert len(items) == (4 if extra else 2)


# Staff view ------------------------------------------------------------------------------------------

def test_staff_see_a_learners_schedule_within_their_reach(client, login, db, scene, make_user, make_supervisor,
                                                          make_floor):
    amina = scene["amina"]
    counsellor = make_user("counsellor")
    amina.counsellor_id = counsellor.person_id
    db.session.flush()
    url = f"/schedule/learner/{amina.id}"
    for user in (make_user("coordinator"), scene["kurt"].person.user, counsellor):
        login(user)
        response = client.get(url)
        assert response.status_code == 200, user.role
        page = text(response)
        assert "Planning van Amina Benali" in page and "Hagen scheren" in page and "Sarah" in page
    for user in (make_supervisor(floors=[make_floor()]).person.user, make_user("counsellor")):
        login(user)
        assert client.get(url).status_code == 404
    login(scene["sarah"].person.user)
    assert client.get(url).status_code == 403
    views = db.session.execute(select(AuditEntry).where(
        AuditEntry.learner_id == amina.id, AuditEntry.action == "view", AuditEntry.object_type == "schedule")).all()
    assert len(views) == 3
    assert amina.schedule_seen_at is None  # staff looking does not count as the learner looking


def test_a_learner_never_sees_another_learners_schedule_or_feed(client, login, scene):
    amina, sarah = scene["amina"], scene["sarah"]
    login(sarah.person.user)
    assert client.get(f"/schedule/learner/{amina.id}").status_code == 403
    assert client.post(f"/schedule/learner/{amina.id}/calendar").status_code == 404
    assert client.post(f"/schedule/learner/{amina.id}/calendar/revoke").status_code == 404
    assert amina.calendar_token is None
    page = text(client.get("/schedule/"))
    assert f"/schedule/learner/{amina.id}/calendar" not in page
    assert f"/schedule/learner/{sarah.id}/calendar" in page


# Calendar token --------------------------------------------------------------------------------------

def test_learner_makes_renews_and_revokes_the_calendar_link(client, login, db, scene):
    amina = scene["amina"]
    login(amina.person.user)
    page = text(client.get("/schedule/"))
    assert "Maak een agenda-link" in page
    response = client.post(f"/schedule/learner/{amina.id}/calendar")
    assert response.status_code == 302 and response.headers["Location"].endswith("/schedule/#agenda")
    first = amina.calendar_token
    assert first and len(first) >= 43
    page = text(client.get("/schedule/"))
    assert f"webcal://localhost/schedule/feed/{first}.ics" in page
    assert f"http://localhost/schedule/feed/{first}.ics" in page
    assert "iPhone" in page and "Android" in page
    assert client.get(f"/schedule/feed/{first}.ics").status_code == 200

    client.post(f"/schedule/learner/{amina.id}/calendar")
    second = amina.calendar_token
    assert second and second != first
    assert client.get(f"/schedule/feed/{first}.ics").status_code == 404
    assert client.get(f"/schedule/feed/{second}.ics").status_code == 200

    client.post(f"/schedule/learner/{amina.id}/calendar/revoke")
    assert amina.calendar_token is None
    assert client.get(f"/schedule/feed/{second}.ics").status_code == 404
    entries = db.session.execute(select(AuditEntry).where(
        AuditEntry.learner_id == amina.id, AuditEntry.object_type == "CalendarFeed")).scalars().all()
    assert [e.changes["calendar_feed"][1] for e in entries] == ["renewed", "renewed", "revoked"]
    assert not any(first in str(e.changes) or second in str(e.changes) for e in entries)


def test_staff_who_may_edit_the_learner_manage_the_link(client, login, scene, make_supervisor, make_floor):
    amina = scene["amina"]
    login(make_supervisor(floors=[make_floor()]).person.user)
    assert client.post(f"/schedule/learner/{amina.id}/calendar").status_code == 404
    assert amina.calendar_token is None
    login(scene["kurt"].person.user)
    response = client.post(f"/schedule/learner/{amina.id}/calendar")
    assert response.headers["Location"].endswith(f"/schedule/learner/{amina.id}#agenda")
    assert amina.calendar_token
    assert f"/schedule/feed/{amina.calendar_token}.ics" in text(client.get(f"/schedule/learner/{amina.id}"))
    client.post(f"/schedule/learner/{amina.id}/calendar/revoke")
    assert amina.calendar_token is None


def test_calendar_link_needs_the_csrf_token(app, client, login, scene):
    amina = scene["amina"]
    login(amina.person.user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/schedule/learner/{amina.id}/calendar").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert amina.calendar_token is None


# The feed --------------------------------------------------------------------------------------------

def feed_events(client, token: str) -> list:
    response = client.get(f"/schedule/feed/{token}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_feed_has_one_event_per_published_placement_in_the_window(client, db, scene, make_assignment, make_plan,
                                                                  crew, make_site):
    amina, floor = scene["amina"], scene["floor"]
    amina.calendar_token = "amina-secret-token"
    first, last = WEDNESDAY - timedelta(days=14), WEDNESDAY + timedelta(days=28)
    crew(make_plan(first), make_assignment(first, floor, blocks=("am",), name="Eerste"), learners=[amina])
    crew(make_plan(last), make_assignment(last, floor, blocks=("pm",), name="Laatste"), learners=[amina])
    for day, name in ((first - timedelta(days=1), "Te vroeg"), (last + timedelta(days=1), "Te laat")):
        crew(make_plan(day), make_assignment(day, floor, name=name), learners=[amina])
    draft_day = WEDNESDAY + timedelta(days=1)
    crew(make_plan(draft_day, status="draft"), make_assignment(draft_day, floor, name="Concept"), learners=[amina])
    db.session.flush()

    events = feed_events(client, "amina-secret-token")
    assert [str(e["summary"]) for e in events] == ["Eerste", "Hagen scheren", "Laatste"]
    morning, hedges, afternoon = events
    start, end = morning.decoded("dtstart"), morning.decoded("dtend")
    assert (start.date(), start.hour, start.minute, end.hour) == (first, 8, 0, 12)
    assert str(start.tzinfo) == "Europe/Brussels"
    assert morning["dtstart"].params["TZID"] == "Europe/Brussels"
    assert (afternoon.decoded("dtstart").hour, afternoon.decoded("dtstart").minute) == (12, 30)
    assert (afternoon.decoded("dtend").hour, afternoon.decoded("dtend").minute) == (15, 30)
    assert (hedges.decoded("dtstart").hour, hedges.decoded("dtend").hour, hedges.decoded("dtend").minute) == (8, 15, 30)
    assert str(hedges["location"]) == f"{scene['site'].name}, Parklaan 1"
    description = str(hedges["description"])
    assert "Begeleider: Kurt" in description and "Met: Sarah" in description
    assert f"Vertrek aan de basis om 08:00 met {scene['van'].name} (chauffeur: Kurt)" in description
    assert "Benali" not in description and "Claeys" not in description and "Maes" not in description
    assert str(hedges["uid"]) == f"plan{scene['plan'].id}-assignment{scene['hedges'].id}-learner{amina.id}@workfloor"
    again = feed_events(client, "amina-secret-token")
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]


def test_feed_leaves_out_sensitive_data(client, db, scene):
    from workfloor.models import LearnerRestriction
    amina = scene["amina"]
    amina.calendar_token = "amina-secret-token"
    amina.restrictions.append(LearnerRestriction(code="no_heavy_lifting"))
    db.session.flush()
    body = client.get("/schedule/feed/amina-secret-token.ics").get_data(as_text=True)
    assert "zware" not in body.lower() and "no_heavy_lifting" not in body
    assert "Sleutel van de poort" not in body


def test_another_learners_token_gives_only_that_learners_events(client, db, scene, named_learner,
                                                              make_assignment, make_plan, crew):
    amina, sarah = scene["amina"], scene["sarah"]
    thursday = WEDNESDAY + timedelta(days=1)
    crew(make_plan(thursday), make_assignment(thursday, scene["floor"], name="Alleen Amina"), learners=[amina])
    amina.calendar_token, sarah.calendar_token = "amina-token", "sarah-token"
    db.session.flush()
    assert [str(e["summary"]) for e in feed_events(client, "amina-token")] == ["Hagen scheren", "Alleen Amina"]
    sarah_events = feed_events(client, "sarah-token")
    assert [str(e["summary"]) for e in sarah_events] == ["Hagen scheren"]
    assert f"learner{sarah.id}@" in str(sarah_events[0]["uid"])
    assert "Met: Amina" in str(sarah_events[0]["description"])


def test_unknown_revoked_or_inactive_token_is_404(client, db, scene):
    assert client.get("/schedule/feed/nope.ics").status_code == 404
    assert client.get("/schedule/feed/.ics").status_code == 404
    scene["amina"].calendar_token = "amina-token"
    scene["amina"].person.active = False
    db.session.flush()
    assert client.get("/schedule/feed/amina-token.ics").status_code == 404


def test_empty_feed_is_a_valid_calendar(client, db, named_learner):
    learner = named_learner("Jonas", "Mertens")
    learner.calendar_token = "jonas-token"
    db.session.flush()
    assert feed_events(client, "jonas-token") == []


# Crew sheet ------------------------------------------------------------------------------------------

@pytest.fixture
def sheet_day(scene, db, named_learner, make_supervisor, make_site, make_vehicle, make_assignment, crew, make_floor,
              make_plan):
    """Wednesday: the hedges crew in a minibus, a weeding crew split over two vans, a crew at the base,
    and a crew of another floor."""
    floor, plan = scene["floor"], scene["plan"]
    weeders = [named_learner(f"Wieder{i}", f"Achternaam{i}") for i in range(4)]
    leen = make_supervisor(floors=[floor])
    leen.person.first_name, leen.person.last_name = "Leen", "Wouters"
    weeding = make_assignment(WEDNESDAY, floor, make_site(name=unique("Begraafplaats "), address="Kerkhofweg 20",
                                                          travel_minutes=16), blocks=("pm",), name="Onkruid wieden")
    pickup, bus = make_vehicle(name=unique("Pick-up ")), make_vehicle(name=unique("Bestelwagen "), plate="1-ABC-105")
    crew(plan, weeding, learners=weeders, supervisors=[leen], vans=[(pickup, leen), (bus, None)])
    greenhouse = make_assignment(WEDNESDAY, floor, make_site(name=unique("Serre "), travel_minutes=0),
                                 blocks=("am",), name="Serre en kweek")
    crew(plan, greenhouse, learners=[named_learner("Basis", "Werker")], supervisors=[leen])
    other_floor = make_floor(name=unique("Schoonmaak "), domain="cleaning")
    crew(make_plan(WEDNESDAY, on_floor=other_floor), make_assignment(WEDNESDAY, other_floor, name="Sanitair reinigen"),
         learners=[named_learner("Poets", "Persoon", floors=[other_floor])])
    return {"weeding": weeding, "pickup": pickup, "bus": bus, "other_floor": other_floor, "leen": leen}


def test_crew_sheet_one_section_per_van_with_full_names(client, login, make_user, scene, sheet_day):
    login(make_user("coordinator"))
    response = client.get(f"/schedule/crew-sheet/{WEDNESDAY.isoformat()}?floor={scene['floor'].id}")
    assert response.status_code == 200
    page = text(response)
    sections = re.findall(r'<section class="van-section">.*?</section>', page, re.S)
    assert len(sections) == 4  # minibus (08:00), then bestelwagen and pick-up (12:30), at the base last
    minibus, bus, pickup, base = sections
    assert scene["van"].name in minibus and "Kurt Maes" in minibus and "<strong>08:00</strong>" in minibus
    assert "Hagen scheren" in minibus and "Amina Benali" in minibus and "Sarah Claeys" in minibus
    assert "Parklaan 1" in minibus and "Sleutel van de poort bij de parkwachter" in minibus
    assert "Voormiddag 08:00–12:00; Namiddag 12:30–15:30" in minibus
    assert sheet_day["pickup"].name in pickup and "Leen Wouters" in pickup and "<strong>12:30</strong>" in pickup
    assert "Onkruid wieden" in pickup and "Wieder0 Achternaam0" in pickup and "Kerkhofweg 20" in pickup
    assert "ploeg verdeeld over" in pickup
    assert sheet_day["bus"].name in bus and "(1-ABC-105)" in bus and "nog niet aangeduid" in bus
    assert "Zonder voertuig: aan de basis" in base and "Serre en kweek" in base and "Basis Werker" in base
    assert "Sanitair reinigen" not in page
    assert "CONCEPT" not in page and "gepubliceerd, versie 1" in page
    assert "schedule/schedule.css" in page


def test_crew_sheet_of_a_draft_says_concept(client, login, make_user, scene, sheet_day):
    scene["plan"].status, scene["plan"].revision = "draft", 0
    login(make_user("coordinator"))
    page = text(client.get(f"/schedule/crew-sheet/{WEDNESDAY.isoformat()}"))
    assert page.count("CONCEPT — nog niet gepubliceerd") == 5  # on every page: 3 vans, no van yet, base
    assert "Sanitair reinigen" in page  # the coordinator's sheet without a floor covers every floor
    no_van = re.search(r'<section class="van-section">(?:(?!</section>).)*Nog geen voertuig.*?</section>', page, re.S)
    assert no_van and "Sanitair reinigen" in no_van.group(0) and "Serre en kweek" not in no_van.group(0)


def test_crew_sheet_access(client, login, scene, sheet_day, make_supervisor, make_user, make_floor):
    url = f"/schedule/crew-sheet/{WEDNESDAY.isoformat()}"
    other = make_supervisor(floors=[sheet_day["other_floor"]])
    login(other.person.user)
    assert client.get(f"{url}?floor={scene['floor'].id}").status_code == 404
    page = text(client.get(url))
    assert "Sanitair reinigen" in page and "Hagen scheren" not in page
    login(scene["kurt"].person.user)
    assert client.get(f"{url}?floor={scene['floor'].id}").status_code == 200
    assert client.get(f"{url}?floor=999999").status_code == 404
    assert client.get("/schedule/crew-sheet/2026-13-40").status_code == 404
    login(make_user("counsellor"))
    assert client.get(url).status_code == 403
    login(scene["amina"].person.user)
    assert client.get(url).status_code == 403


def test_crew_sheet_without_a_plan(client, login, make_user):
    login(make_user("coordinator"))
    assert "Er is nog geen planning voor deze dag." in text(client.get("/schedule/crew-sheet/2026-12-25"))


def test_crew_sheet_index_lists_plans_and_picks_a_day(client, login, scene):
    login(scene["kurt"].person.user)
    page = text(client.get("/schedule/crew-sheet"))
    assert "woensdag 9 december 2026" in page and "gepubliceerd" in page
    assert f"/schedule/crew-sheet/2026-12-09?floor={scene['floor'].id}" in page
    response = client.get("/schedule/crew-sheet?day=2026-12-10")
    assert response.status_code == 302 and response.headers["Location"].endswith("/schedule/crew-sheet/2026-12-10")


def test_crew_sheet_prints_on_a4_without_colour():
    css = (Path(__file__).parents[2] / "workfloor/static/schedule/schedule.css").read_text()
    assert "@page { size: A4; margin: 12mm; }" in css
    assert "break-after: page" in css


# Bounded queries -------------------------------------------------------------------------------------

def _big_day(n: int, floor, named_learner, make_supervisor, make_site, make_vehicle, make_assignment, make_plan,
             crew, day=WEDNESDAY) -> Learner:
    """A day with `n` crews of `n + 2` learners each; returns one learner in the first crew."""
    plan = make_plan(day)
    first = None
    for i in range(n):
        learners = [named_learner(f"L{i}-{j}", "X") for j in range(n + 2)]
        first = first or learners[0]
        supervisor = make_supervisor(floors=[floor])
        crew(plan, make_assignment(day, floor, make_site(travel_minutes=10)), learners=learners,
             supervisors=[supervisor], vans=[(make_vehicle(), supervisor)])
    return first


@pytest.mark.parametrize("page", ["mine", "sheet"])
def test_query_count_does_not_grow_with_the_number_of_learners(client, login, db, floor, named_learner,
                                                               make_supervisor, make_site, make_vehicle,
                                                               make_assignment, make_plan, crew, make_user,
                                                               page):
    factories = (named_learner, make_supervisor, make_site, make_vehicle, make_assignment, make_plan, crew)
    small = _big_day(1, floor, *factories)
    big = _big_day(8, floor, *factories, day=WEDNESDAY + timedelta(days=1))
    counts = []
    for learner, day in ((small, WEDNESDAY), (big, WEDNESDAY + timedelta(days=1))):
        if page == "mine":
            login(learner.person.user)
            url = "/schedule/"
        else:
            login(make_user("coordinator"))
            url = f"/schedule/crew-sheet/{day.isoformat()}"
        client.get(url)  # warm up: session, user
        with count_queries(db) as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 14, counts  # with the person's notices and floors
