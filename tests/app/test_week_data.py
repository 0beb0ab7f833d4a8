"""The week's data: flexible assignments and templates, the learner's mentor, a goal's weekly target."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.app.test_assignments import (  # noqa: F401  (fixtures)
    assignment_data, coordinator, count, floor, site, template_data, text,
)
from tests.floor_date import floor_today
from workfloor.assignments.operations import expand_templates
from workfloor.models import Assignment, AssignmentTemplate, AuditEntry, DevelopmentGoal

MONDAY = floor_today() + timedelta(days=7 - floor_today().weekday())


# ------------------------------------------------------------------ flexible assignments

def test_a_flexible_assignment_keeps_its_window(client, login, coordinator, floor, site, db):  # noqa: F811
    login(coordinator)
    response = client.post("/assignments/new", data=assignment_data(
        floor, site, day=MONDAY.isoformat(), window_end=(MONDAY + timedelta(days=3)).isoformat()))
    assert response.status_code == 302, text(response)
    a = db.session.execute(db.select(Assignment)).scalar_one()
    assert (a.day, a.window_start, a.window_end) == (MONDAY, MONDAY, MONDAY + timedelta(days=3))
    assert a.flexible and a.window == [MONDAY + timedelta(days=i) for i in range(4)]


@pytest.mark.parametrize("end,message", [
    (0, "ligt na de datum"),
    (-1, "ligt na de datum"),
    (7, "binnen één week"),
    (5, "werkdag"),
])
def test_a_bad_window_is_refused_in_dutch(client, login, coordinator, floor, site, db, end, message):  # noqa: F811
    login(coordinator)
    response = client.post("/assignments/new", data=assignment_data(
        floor, site, day=MONDAY.isoformat(), window_end=(MONDAY + timedelta(days=end)).isoformat()))
    assert response.status_code == 200 and message in text(response)
    assert count(db, Assignment) == 0


def test_editing_a_planned_flexible_assignment_keeps_its_planned_day(client, login, coordinator, floor, site,  # noqa: F811
                                                                     db):
    a = Assignment(name="Maaien", floor=floor, site=site, day=MONDAY + timedelta(days=2), window_start=MONDAY,
                   window_end=MONDAY + timedelta(days=4), max_learners=3)
    db.session.add(a)
    db.session.flush()
    login(coordinator)
    page = text(client.get(f"/assignments/{a.id}/edit"))
    assert f'value="{MONDAY.isoformat()}"' in page and "Nu gepland op" in page
    response = client.post(f"/assignments/{a.id}/edit", data=assignment_data(
        floor, site, name="Maaien Noord", day=MONDAY.isoformat(), window_end=(MONDAY + timedelta(days=3)).isoformat(),
        version=str(a.version)))
    assert response.status_code == 302, text(response)
    db.session.refresh(a)
    assert (a.name, a.day, a.window_end) == ("Maaien Noord", MONDAY + timedelta(days=2), MONDAY + timedelta(days=3))


def test_a_flexible_template_makes_flexible_assignments_once(client, login, coordinator, floor, site, db):  # noqa: F811
    login(coordinator)
    response = client.post("/assignments/templates/new", data=template_data(
        floor, site, weekday="0", flexible_until="2", starts_on=MONDAY.isoformat()))
    assert response.status_code == 302, text(response)
    template = db.session.execute(db.select(AssignmentTemplate)).scalar_one()
    assert template.flexible_until == 2
    first = db.session.execute(db.select(Assignment).where(Assignment.day == MONDAY)).scalar_one()
    assert (first.window_start, first.window_end) == (MONDAY, MONDAY + timedelta(days=2))
    first.day = MONDAY + timedelta(days=1)  # the week planner put it on Tuesday
    db.session.flush()
    assert expand_templates(MONDAY, MONDAY + timedelta(days=6)) == []  # not made again for Monday


@pytest.mark.parametrize("weekday,until,message", [("2", "1", "ligt na de weekdag"), ("0", "6", "dinsdag tot vrijdag")])
def test_a_bad_flexible_template_is_refused(client, login, coordinator, floor, site, db, weekday, until,  # noqa: F811
                                            message):
    login(coordinator)
    response = client.post("/assignments/templates/new", data=template_data(
        floor, site, weekday=weekday, flexible_until=until))
    assert response.status_code == 200 and message in text(response)
    assert count(db, AssignmentTemplate) == 0


# ------------------------------------------------------------------ the mentor

def basics(learner, **overrides):
    p = learner.person
    data = {"first_name": p.first_name, "last_name": p.last_name, "phone": "", "floors": [str(f.id) for f in learner.floors],
            "counsellor_id": "0", "contract_start": learner.contract_start.isoformat(), "contract_end": "",
            "phase": learner.phase, "version": str(learner.version), "mentor_id": "0"}
    return data | overrides


def test_a_learner_gets_a_mentor_of_their_floor_and_the_change_is_audited(client, login, db, make_floor,
                                                                         make_learner, make_supervisor, make_user):
    floor_ = make_floor()
    learner = make_learner(floors=[floor_])
    mentor = make_supervisor(floors=[floor_])
    login(make_user("coordinator"))
    assert "Vaste begeleider" in text(client.get(f"/learners/{learner.id}/edit"))
    response = client.post(f"/learners/{learner.id}/edit", data=basics(learner, mentor_id=str(mentor.id)))
    assert response.status_code == 302, text(response)
    db.session.refresh(learner)
    assert learner.mentor_id == mentor.id
    assert mentor.name in text(client.get(f"/learners/{learner.id}"))
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.learner_id == learner.id,
                                                           AuditEntry.action == "update")).scalars().all()
    assert any("mentor_id" in (e.changes or {}) for e in entry)


def test_a_mentor_from_another_floor_or_unknown_is_refused(client, login, db, make_floor, make_learner,
                                                           make_supervisor, make_user):
    learner = make_learner(floors=[make_floor()])
    elsewhere = make_supervisor(floors=[make_floor()])
    login(make_user("coordinator"))
    for value, message in ((str(elsewhere.id), "werkt niet op een werkvloer"), ("999999", "uit de lijst")):
        response = client.post(f"/learners/{learner.id}/edit", data=basics(learner, mentor_id=value))
        assert response.status_code == 200 and message in text(response)
        db.session.refresh(learner)
        assert learner.mentor_id is None


# ------------------------------------------------------------------ the weekly target

def test_a_goal_has_a_weekly_target_default_4(client, login, db, make_learner, make_user, framework_items):
    learner = make_learner()
    login(make_user("coordinator"))
    response = client.post(f"/goals/learner/{learner.id}/new", data={
        "competency": "attitude.teamwork", "target_level": "4", "weight": "2", "actions": "", "deadline": ""})
    assert response.status_code == 302, text(response)
    goal = db.session.execute(db.select(DevelopmentGoal)).scalar_one()
    assert goal.per_week == 4
    response = client.post(f"/goals/{goal.id}/edit", data={
        "competency": "attitude.teamwork", "target_level": "4", "weight": "2", "actions": "", "deadline": "",
        "status": "active", "per_week": "6", "version": str(goal.version)})
    assert response.status_code == 302, text(response)
    db.session.refresh(goal)
    assert goal.per_week == 6
    assert "6 dagdelen per week" in text(client.get(f"/goals/learner/{learner.id}"))


@pytest.mark.parametrize("value", ["11", "-1", "veel"])
def test_a_bad_weekly_target_is_refused_in_dutch(client, login, db, make_learner, make_user, framework_items, value):
    learner = make_learner()
    login(make_user("coordinator"))
    response = client.post(f"/goals/learner/{learner.id}/new", data={
        "competency": "attitude.teamwork", "target_level": "4", "weight": "2", "per_week": value})
    assert response.status_code == 400
    assert db.session.execute(db.select(DevelopmentGoal)).first() is None
    page = text(response)
    assert "Vul een aantal dagdelen van 0 tot 10 in." in page
