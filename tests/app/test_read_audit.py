"""Every read of a learner's file leaves exactly one trace in the audit log, on any route or command.

Like the permission matrix, every GET route must be classified: a read of file data (and then a
request writes one view entry for the learner it shows), or not, with the reason. A new route
without a row fails here, so nobody forgets to decide.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.app.hostile import rich_world  # noqa: F401  (fixture)
from tests.app.test_permissions import RULES, world  # noqa: F401  (fixture)
from tests.floor_date import floor_today
from workfloor.models import AuditEntry

# endpoint -> the role that reads it (C coordinator, L the learner themself)
FILE_READS: dict[str, str] = {
    "learners.show": "C",
    "learners.history": "C",
    "learners.edit_basics": "C",  # phone, contract
    "learners.edit_pattern": "C",
    "learners.edit_driving": "C",
    "learners.edit_certificates": "C",
    "learners.edit_restrictions": "C",  # health: functional restrictions
    "learners.edit_avoidances": "C",
    "assessments.assess": "C",
    "assessments.edit": "C",
    "assessments.history": "C",
    "assessments.quick_learner": "C",
    "goals.learner": "C",
    "goals.create": "C",
    "goals.edit": "C",
    "goals.job_target": "C",
    "goals.mine": "L",
    "absences.index": "C",  # reasons and notes
    "absences.edit": "C",
    "availability.overview": "C",  # reasons and notes of who is away
    "attendance.index": "C",  # statuses and notes
    "progress.index": "C",  # the caseload: levels, attendance, goals due
    "progress.learner": "C",
    "progress.report": "C",
    "progress.assessments_export": "C",
    "progress.attendance_export": "C",
    "progress.mine": "L",
    "schedule.learner": "C",
    "privacy.learner": "C",  # contract dates and the retention period
    "privacy.export": "C",  # everything
    "trajectory.learner": "C",
    "trajectory.new_meeting": "C",  # the schedule and which moments have a meeting
    "trajectory.meeting": "C",
    "trajectory.edit_meeting": "C",
    "trajectory.edit_agreement": "C",
    "trajectory.agreement_goal": "C",
    "trajectory.meeting_report": "C",
    "trajectory.mine": "L",
    "trajectory.outcome": "C",
    "trajectory.contract": "C",
    "trajectory.city": "C",  # the names behind each figure
    "trajectory.applications": "C",
    "trajectory.edit_application": "C",
    "trajectory.phase": "C",
    "trajectory.contacts": "C",  # professional secrecy
    "trajectory.edit_contact": "C",
    "trajectory.obstacles": "C",  # sensitive
    "trajectory.follow_up_obstacle": "C",
}

NOT_FILE_READS: dict[str, str] = {
    "static": "assets",
    "auth.login": "login form",
    "auth.change_password": "the user's own password form",
    "main.home": "counts and today's plans, no file data",
    "learners.index": "the directory: names, floors, phase, pattern",
    "learners.create": "an empty form",
    "absences.new": "a form; the person list holds names only",
    "assessments.index": "the directory with the date of the last assessment",
    "assessments.quick": "names of today's crew",
    "assessments.self_assess": "the learner's own empty form",
    "goals.index": "the directory with counts of goals",
    "schedule.report": "the learner's own sick-report form (their own working days)",
    "auth.notice_settings": "the user's own e-mail preference",
    "offline.favicon": "an icon",
    "offline.manifest": "the web app manifest",
    "offline.service_worker": "the service worker script",
    "schedule.mine": "the learner's own schedule (plan data, read by the learner themself)",
    "schedule.feed": "the learner's own calendar feed, fetched by their calendar app",
    "schedule.crew_sheets": "which days have crew sheets",
    "schedule.crew_sheet": "crews and work, no file data",
    "assignments.index": "work, not people",
    "assignments.new": "work, not people",
    "assignments.edit": "work, not people",
    "assignments.cancel": "work, not people",
    "assignments.templates": "work, not people",
    "assignments.new_template": "work, not people",
    "assignments.edit_template": "work, not people",
    "floors.index": "organisation", "floors.create": "organisation", "floors.edit": "organisation",
    "sites.index": "organisation", "sites.show": "organisation", "sites.create": "organisation",
    "sites.edit": "organisation",
    "vehicles.index": "organisation", "vehicles.show": "organisation", "vehicles.create": "organisation",
    "vehicles.edit": "organisation",
    "users.index": "accounts, no file data", "users.create": "accounts", "users.edit": "accounts",
    "users.password": "accounts",
    "supervisors.index": "staff", "supervisors.create": "staff", "supervisors.edit": "staff",
    "framework.index": "the competency framework", "framework.create_item": "the framework",
    "framework.edit_item": "the framework", "framework.job_targets": "the framework",
    "framework.create_job_target": "the framework", "framework.edit_job_target": "the framework",
    "trajectory.employers": "employers and vacancies, no learners",
    "trajectory.employer": "an employer and its vacancies",
    "trajectory.edit_vacancy": "a vacancy",
}

# The planning board is being restructured in another branch (issue 8), which logs its own reads
# (planning/<day>/problem.json included); its routes are listed there, not here.
ELSEWHERE = {rule.endpoint for rule in RULES if rule.endpoint.startswith("planning.")}

GET_ENDPOINTS = sorted({rule.endpoint for rule in RULES if "GET" in rule.methods} - ELSEWHERE)
ROLES = {"C": "coordinator", "L": "learner"}


def test_every_get_route_is_classified():
    unclassified = [e for e in GET_ENDPOINTS if e not in FILE_READS and e not in NOT_FILE_READS]
    assert not unclassified, f"say whether these routes read a learner's file: {unclassified}"
    assert not set(FILE_READS) & set(NOT_FILE_READS)
    assert not (set(FILE_READS) | set(NOT_FILE_READS)) - set(GET_ENDPOINTS)


def _views(db, learner_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.learner_id == learner_id, AuditEntry.action == "view"))


@pytest.mark.parametrize("endpoint", sorted(FILE_READS))
def test_a_file_read_writes_one_audit_entry(client, login, rich_world, db, endpoint):
    rule = next(rule for rule in RULES if rule.endpoint == endpoint)
    user = login(rich_world.users[ROLES[FILE_READS[endpoint]]])
    learner_id = rich_world.params["learner_id"]
    url = rule.build({name: rich_world.params[name] for name in rule.arguments}, append_unknown=False)[1]
    if endpoint == "assessments.quick_learner":
        url += "?item=attitude.teamwork"
    if endpoint in ("attendance.index", "availability.overview", "absences.index"):
        url += f"?day={rich_world.params['workday']}&start={rich_world.params['workday']}"
    before = _views(db, learner_id)
    response = client.get(url)
    assert response.status_code == 200, url
    assert _views(db, learner_id) == before + 1
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.learner_id == learner_id)
                               .order_by(AuditEntry.id.desc()).limit(1)).scalar()
    assert entry.action == "view" and entry.user_id == user.id


def test_export_assessments_logs_each_learner_it_wrote(cli, rich_world, db, tmp_path):
    learner_id = rich_world.params["learner_id"]
    before = _views(db, learner_id)
    result = cli.invoke(args=["export-assessments", "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    assert _views(db, learner_id) == before + 1


def test_export_problem_logs_the_learners_of_the_day(cli, rich_world, db, tmp_path):

    learner_id = rich_world.params["learner_id"]
    before = _views(db, learner_id)
    result = cli.invoke(args=["export-problem", "--date", floor_today().isoformat(), "-o", str(tmp_path / "p.json")])
    assert result.exit_code == 0, result.output
    if floor_today().weekday() < 5:  # the world's learner works Monday to Friday
        assert _views(db, learner_id) == before + 1
