"""The permission matrix: every route in the URL map against every role.

A new route without a row in ALLOWED fails this suite. For each route and role
the test makes a real request (GET and POST, as the route allows) and checks
the role gate: refused roles get 403, anonymous users are sent to the login
page, allowed roles get through. Object-level checks (this supervisor, that
learner) are tested per feature.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from workfloor import create_app
from workfloor.models import Absence, Assignment, AssignmentTemplate
from tests.floor_date import floor_today

# C coordinator, S supervisor, T counsellor (trajectbegeleider), L learner; "public" needs no login.
ALLOWED: dict[str, str] = {
    "static": "public",
    "auth.login": "public",
    "main.set_language": "public",
    "auth.logout": "CSTL",
    "auth.logout_everywhere": "CSTL",
    "auth.change_password": "CSTL",
    "auth.notice_settings": "CSTL",
    "main.home": "CSTL",
    "planning.board": "CS",
    "planning.problem_json": "CS",
    "planning.plan_json": "CS",
    "planning.suggest": "CS",
    "planning.move": "CS",
    "planning.undo": "CS",
    "planning.accept": "CS",
    "planning.pin": "CS",
    "planning.unstaffed": "CS",
    "planning.generate": "CS",
    "planning.replan": "CS",
    "planning.job": "CS",
    "planning.stop_job": "CS",
    "planning.confirm_job": "CS",
    "planning.discard_job": "CS",
    "planning.publish": "CS",
    "planning.absent": "CS",
    "planning.cancel": "CS",
    "planning.reschedule": "CS",
    "planning.week": "CS",
    "planning.generate_week": "CS",
    "planning.replan_week": "CS",
    "planning.publish_week_view": "CS",
    "attendance.index": "CS",
    "progress.index": "CST",
    "progress.learner": "CST",
    "progress.report": "CST",
    "progress.assessments_export": "CST",
    "progress.attendance_export": "CST",
    "progress.mine": "L",
    "assignments.index": "CS",
    "assignments.new": "CS",
    "assignments.edit": "CS",
    "assignments.cancel": "CS",
    "assignments.uncancel": "CS",
    "assignments.templates": "CS",
    "assignments.new_template": "CS",
    "assignments.edit_template": "CS",
    "assignments.deactivate_template": "CS",
    "assignments.activate_template": "CS",
    "absences.index": "CST",
    "absences.new": "CST",
    "absences.edit": "CST",
    "absences.delete": "CST",
    "absences.confirm": "CS",
    "offline.favicon": "public",
    "offline.manifest": "public",
    "offline.service_worker": "public",
    "schedule.report": "L",
    "availability.overview": "CST",
    "learners.index": "CST",
    "learners.create": "CT",
    "learners.show": "CST",
    "learners.history": "CST",
    "learners.edit_basics": "CST",
    "learners.edit_pattern": "CST",
    "learners.edit_driving": "CST",
    "learners.edit_certificates": "CST",
    "learners.remove_certificate": "CST",
    "learners.edit_restrictions": "CST",
    "learners.edit_avoidances": "CST",
    "learners.deactivate": "C",
    "learners.reactivate": "C",
    "floors.index": "C",
    "floors.create": "C",
    "floors.edit": "C",
    "floors.deactivate": "C",
    "floors.reactivate": "C",
    "sites.index": "CS",
    "sites.show": "CS",
    "sites.create": "C",
    "sites.edit": "C",
    "sites.deactivate": "C",
    "sites.reactivate": "C",
    "vehicles.index": "CS",
    "vehicles.show": "CS",
    "vehicles.create": "C",
    "vehicles.edit": "C",
    "vehicles.deactivate": "C",
    "vehicles.reactivate": "C",
    "vehicles.add_outage": "CS",
    "vehicles.remove_outage": "CS",
    "users.index": "C",
    "users.create": "C",
    "users.edit": "C",
    "users.password": "C",
    "users.deactivate": "C",
    "users.reactivate": "C",
    "supervisors.index": "C",
    "supervisors.create": "C",
    "supervisors.edit": "C",
    "supervisors.deactivate": "C",
    "supervisors.reactivate": "C",
    "framework.index": "C",
    "framework.create_item": "C",
    "framework.edit_item": "C",
    "framework.retire_item": "C",
    "framework.unretire_item": "C",
    "framework.move_item": "C",
    "framework.delete_item": "C",
    "framework.job_targets": "C",
    "framework.create_job_target": "C",
    "framework.edit_job_target": "C",
    "framework.deactivate_job_target": "C",
    "framework.reactivate_job_target": "C",
    "assessments.index": "CST",
    "assessments.assess": "CST",
    "assessments.history": "CST",
    "assessments.edit": "CST",
    "assessments.quick": "CS",
    "assessments.quick_learner": "CS",
    "assessments.self_assess": "L",
    "goals.index": "CST",
    "goals.learner": "CST",
    "goals.create": "CST",
    "goals.edit": "CST",
    "goals.stop": "CST",
    "goals.confirm": "CT",
    "goals.job_target": "CST",
    "goals.mine": "L",
    "schedule.mine": "L",
    "schedule.learner": "CST",
    "schedule.new_token": "CSTL",
    "schedule.revoke_token": "CSTL",
    "schedule.feed": "public",
    "schedule.crew_sheets": "CS",
    "schedule.crew_sheet": "CS",
    "privacy.learner": "C",
    "privacy.export": "C",
    "privacy.erase": "C",
    # The trajectory file (issue 13); contacts are professional secrecy: counsellor and coordinator only.
    "trajectory.learner": "CST",
    "trajectory.new_meeting": "CST",
    "trajectory.meeting": "CST",
    "trajectory.edit_meeting": "CST",
    "trajectory.move_meeting": "CST",
    "trajectory.cancel_meeting": "CST",
    "trajectory.add_agreement": "CST",
    "trajectory.edit_agreement": "CST",
    "trajectory.agreement_goal": "CST",
    "trajectory.agreement_action": "CST",
    "trajectory.meeting_report": "CST",
    "trajectory.mine": "L",
    "trajectory.sign": "L",
    "trajectory.outcome": "CT",
    "trajectory.contract": "CT",
    "trajectory.city": "CST",
    "trajectory.employers": "CT",
    "trajectory.employer": "CT",
    "trajectory.add_vacancy": "CT",
    "trajectory.edit_vacancy": "CT",
    "trajectory.applications": "CT",
    "trajectory.edit_application": "CT",
    "trajectory.phase": "CT",
    "trajectory.contacts": "CT",
    "trajectory.edit_contact": "CT",
    "trajectory.contact_done": "CT",
    "trajectory.obstacles": "CST",
    "trajectory.follow_up_obstacle": "CT",
}

ROLES = {"C": "coordinator", "S": "supervisor", "T": "counsellor", "L": "learner"}


@dataclass
class World:
    """One of everything, reachable by every role that may reach it."""

    users: dict
    params: dict


@pytest.fixture
def world(make_floor, make_user, make_supervisor, make_learner, make_site, make_vehicle, db):
    floor = make_floor()
    supervisor = make_supervisor(floors=[floor])
    counsellor = make_user("counsellor")
    learner = make_learner(floors=[floor], counsellor=counsellor.person, calendar_token="world-calendar-token")
    users = {
        "coordinator": make_user("coordinator"),
        "supervisor": supervisor.person.user,
        "counsellor": counsellor,
        "learner": learner.person.user,
    }
    params = {
        "filename": "workfloor.css",
        "floor_id": floor.id,
        "learner_id": learner.id,
        "supervisor_id": supervisor.id,
        "person_id": learner.person_id,
        "user_id": users["learner"].id,
        "site_id": make_site().id,
        "vehicle_id": make_vehicle().id,
        "outage_id": 1,  # vehicles.remove_outage: the role gate comes before the lookup
        "item_id": "attitude.teamwork", "job_target_id": 1, "goal_id": 1, "assessment_id": 1,  # gate first
        "day": floor_today().isoformat(),
        "week": "2026-W50",
        "job_id": 1,  # planning.job & co.: the role gate comes before the lookup
        "token": "world-calendar-token",  # schedule.feed: the world's learner's calendar feed
        "meeting_id": 1, "agreement_id": 1, "contact_id": 1, "obstacle_id": 1,  # trajectory: gate first
        "employer_id": 1, "vacancy_id": 1, "application_id": 1,
    }
    # Assignments, templates and absences on the world's floor, for the world's learner.
    work_site = make_site()
    template = AssignmentTemplate(name="Hagen scheren", floor=floor, site=work_site, weekday=0,
                                  starts_on=floor_today(), max_learners=3)
    assignment = Assignment(name="Gras maaien", floor=floor, site=work_site, day=floor_today(), max_learners=3)
    absence = Absence(person=learner.person, start_date=floor_today(), end_date=floor_today(), reason="sick")
    db.session.add_all([template, assignment, absence])
    db.session.flush()
    params |= {"assignment_id": assignment.id, "template_id": template.id, "absence_id": absence.id}
    return World(users=users, params=params)


def _rules():
    app = create_app({"WORKFLOOR_ENV": "test"})
    return sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)


RULES = _rules()


def test_every_route_has_a_row():
    missing = sorted({rule.endpoint for rule in RULES} - set(ALLOWED))
    assert not missing, f"routes without a permission rule: {missing}"


def test_no_row_without_a_route():
    assert not set(ALLOWED) - {rule.endpoint for rule in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.endpoint)
def test_declared_roles_match_the_matrix(app, rule):
    view = app.view_functions[rule.endpoint]
    declared = getattr(view, "allowed_roles", None)
    expected = ALLOWED[rule.endpoint]
    if expected == "public":
        assert declared == "public" or rule.endpoint == "static"
    else:
        assert declared == frozenset(ROLES[c] for c in expected)


def _cases():
    for rule in RULES:
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            for role in (*ROLES.values(), None):
                yield pytest.param(rule, method, role, id=f"{rule.endpoint}-{method}-{role or 'anonymous'}")


@pytest.mark.parametrize("rule,method,role", list(_cases()))
def test_role_gate(client, login, world, rule, method, role):
    expected = ALLOWED[rule.endpoint]
    if role:
        login(world.users[role])
    url = rule.build({name: world.params[name] for name in rule.arguments}, append_unknown=False)[1]
    response = client.open(url, method=method)
    response.close()
    if expected == "public":
        assert response.status_code not in (401, 403)
    elif role is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif role in {ROLES[c] for c in expected}:
        assert response.status_code != 403
    else:
        assert response.status_code == 403
