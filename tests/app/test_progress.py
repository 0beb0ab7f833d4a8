"""Progress: caseload rows and flags, the progress page, the evaluation report, CSV, "Mijn vooruitgang"."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from competencies import Direction, FlagCode, Trend
from competencies.periods import add_months
from workfloor.models import (
    Assessment, AttendanceEntry, AuditEntry, DevelopmentGoal, JobTarget, LearnerCertificate, Rating,
)
from workfloor.progress.operations import caseload_query, caseload_rows, group_trend, sort_rows
from tests.floor_date import floor_today

TODAY = floor_today()


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


def assess(db, learner, day, ratings, *, kind="observation", assessor=None, note=""):
    assessment = Assessment(learner_id=learner.id, assessor_id=assessor.id if assessor else None, kind=kind,
                            day=day, note=note,
                            ratings=[Rating(competency_id=cid, level=level, note=n) for cid, level, n in ratings])
    db.session.add(assessment)
    db.session.flush()
    return assessment


def attend(db, learner, day, status, block="am"):
    db.session.add(AttendanceEntry(learner_id=learner.id, day=day, block=block, status=status))


def weekdays_back(n):
    """The last n weekdays before today, newest first."""
    days, day = [], TODAY
    while len(days) < n:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


@pytest.fixture
def world(db, framework_items, make_floor, make_supervisor, make_learner, make_user):
    floor, other_floor = make_floor(), make_floor()
    supervisor = make_supervisor(floors=[floor])
    counsellor, other_counsellor = make_user("counsellor"), make_user("counsellor")
    anna = make_learner(floors=[floor], counsellor=counsellor.person, contract_start=TODAY - timedelta(days=100))
    bert = make_learner(floors=[other_floor], counsellor=counsellor.person,
                        contract_start=TODAY - timedelta(days=100))
    cleo = make_learner(floors=[floor], counsellor=other_counsellor.person,
                        contract_start=TODAY - timedelta(days=100))
    sup_user = supervisor.person.user
    # Anna: attitudes up, a skill down, present except one late block, a goal due next week.
    assess(db, anna, TODAY - timedelta(days=50), [("attitude.teamwork", 2, "helpt nog weinig"),
                                                  ("green.mowing", 3, "")], assessor=sup_user)
    assess(db, anna, TODAY - timedelta(days=5), [("attitude.teamwork", 3, ""), ("green.mowing", 2, "slordig")],
           assessor=sup_user, kind="evaluation")
    assess(db, anna, TODAY - timedelta(days=4), [("attitude.teamwork", 4, "vind ik")], kind="self",
           assessor=anna.person.user)
    for i, day in enumerate(weekdays_back(10)):
        attend(db, anna, day, "late" if i == 0 else "present")
    db.session.add(DevelopmentGoal(learner_id=anna.id, competency_id="attitude.punctuality", target_level=3,
                                   deadline=TODAY + timedelta(days=7), actions="wekker zetten"))
    db.session.add(DevelopmentGoal(learner_id=anna.id, competency_id="green.mowing", target_level=3,
                                   deadline=TODAY + timedelta(days=60)))
    # Bert: never assessed, three unexcused days, a certificate about to expire.
    for day in weekdays_back(3):
        attend(db, bert, day, "absent_unexcused")
    attend(db, bert, weekdays_back(4)[-1], "present")
    bert.certificates.append(LearnerCertificate(kind="brush_cutter", valid_until=TODAY + timedelta(days=10)))
    db.session.flush()
    return dict(floor=floor, supervisor=sup_user, counsellor=counsellor, other_counsellor=other_counsellor,
                anna=anna, bert=bert, cleo=cleo, coordinator=make_user("coordinator"),
                other_supervisor=make_supervisor(floors=[other_floor]).person.user)


def rows_for(app, user, **filters):
    from workfloor.extensions import db
    with app.test_request_context():
        learners = db.session.execute(caseload_query(user, **filters)).scalars().unique().all()
        return {row.learner.id: row for row in caseload_rows(learners, TODAY)}


# --- pure helpers ---------------------------------------------------------------------------------

def test_group_trend_nets_the_changes_of_the_group():
    t = {"attitude.a": Trend(Direction.UP, 2, 1, 3), "attitude.b": Trend(Direction.DOWN, -1, 3, 2),
         "attitude.c": Trend(Direction.UNKNOWN, None, None, 2), "green.x": Trend(Direction.FLAT, 0, 2, 2)}
    attitudes, skills = group_trend(t, attitudes=True), group_trend(t, attitudes=False)
    assert (attitudes.direction, attitudes.up, attitudes.flat, attitudes.down) == (Direction.UP, 1, 0, 1)
    assert (skills.direction, skills.arrow) == (Direction.FLAT, "→")
    assert group_trend({}, attitudes=True).direction is Direction.UNKNOWN


# --- caseload rows --------------------------------------------------------------------------------

def test_caseload_rows_show_rate_trends_goals_evaluation_and_flags(app, world):
    rows = rows_for(app, world["counsellor"])
    assert set(rows) == {world["anna"].id, world["bert"].id}  # not Cleo: another counsellor's
    anna, bert = rows[world["anna"].id], rows[world["bert"].id]
    assert anna.attendance_rate == 1.0 and anna.attendance.counts["late"] == 1
    assert anna.attitudes.direction is Direction.UP  # the self-assessment (4) does not count
    assert anna.skills.direction is Direction.DOWN
    assert [g.competency_id for g in anna.goals_due] == ["attitude.punctuality"]
    assert anna.next_evaluation == add_months(anna.learner.contract_start, 7)  # months 1 and 2 are past
    assert anna.flags == []
    assert bert.attendance_rate == pytest.approx(0.25)
    assert {flag.code for flag in bert.flags} == {FlagCode.NO_RECENT_ASSESSMENT,
                                                  FlagCode.REPEATED_UNEXCUSED_ABSENCE,
                                                  FlagCode.CERTIFICATE_EXPIRING}


def test_next_evaluation_follows_the_configured_offsets(app, world):
    start = world["anna"].contract_start
    assert rows_for(app, world["counsellor"])[world["anna"].id].next_evaluation == add_months(start, 7)
    app.config["EVALUATION_OFFSETS_MONTHS"] = (4, 8)
    try:
        assert rows_for(app, world["counsellor"])[world["anna"].id].next_evaluation == add_months(start, 4)
    finally:
        del app.config["EVALUATION_OFFSETS_MONTHS"]


def test_supervisors_see_their_floors_and_coordinators_filter_by_counsellor(app, world):
    assert set(rows_for(app, world["supervisor"])) == {world["anna"].id, world["cleo"].id}
    assert set(rows_for(app, world["coordinator"], counsellor_id=world["other_counsellor"].person_id)) == {
        world["cleo"].id}


def test_rows_filter_on_signals_and_sort(app, world):
    rows = list(rows_for(app, world["coordinator"]).values())
    flagged = {r.learner.id for r in sort_rows(rows, "name", signals_only=True)}
    assert flagged == {world["bert"].id, world["cleo"].id}  # Cleo was never assessed
    by_attendance = [r.learner.id for r in sort_rows(rows, "attendance")]
    assert by_attendance.index(world["bert"].id) < by_attendance.index(world["anna"].id)
    assert sort_rows(rows, "signals")[0].learner.id == world["bert"].id


# --- the caseload page ------------------------------------------------------------------------------

def test_the_caseload_page_shows_rows_badges_and_arrows(client, login, world):
    login(world["counsellor"])
    page = client.get("/progress/").get_data(as_text=True)
    assert world["anna"].name in page and world["bert"].name in page and world["cleo"].name not in page
    assert "Herhaald onwettig afwezig" in page and "Attest verloopt" in page
    assert "↑" in page and "↓" in page
    assert "100%" in page and "25%" in page
    only = client.get("/progress/?signals=1").get_data(as_text=True)
    assert world["bert"].name in only and world["anna"].name not in only


def test_the_caseload_page_filters_by_counsellor_for_the_coordinator(client, login, world):
    login(world["coordinator"])
    page = client.get(f"/progress/?counsellor={world['other_counsellor'].person_id}").get_data(as_text=True)
    assert world["cleo"].name in page and world["anna"].name not in page


def test_the_caseload_needs_a_bounded_number_of_queries(client, login, db, world, make_learner):
    login(world["counsellor"])

    def queries_for(extra: int) -> int:
        for _ in range(extra):
            learner = make_learner(floors=[world["floor"]], counsellor=world["counsellor"].person)
            assess(db, learner, TODAY - timedelta(days=3), [("attitude.teamwork", 2, "x")])
            attend(db, learner, weekdays_back(1)[0], "present")
            learner.certificates.append(LearnerCertificate(kind="hedge_trimmer", valid_until=TODAY))
            db.session.add(DevelopmentGoal(learner_id=learner.id, competency_id="green.mowing", target_level=3,
                                           deadline=TODAY))
        db.session.flush()
        with count_queries(db) as statements:
            assert client.get("/progress/?sort=signals").status_code == 200
        return len(statements)

    queries_for(0)
    assert queries_for(1) == queries_for(8) <= 15


# --- the learner's progress page ----------------------------------------------------------------------

def test_the_progress_page_shows_charts_history_attendance_goals_and_profile(client, login, db, world):
    anna = world["anna"]
    target = JobTarget(name="Groenarbeider", requirements={"green.mowing": 3, "attitude.teamwork": 3})
    db.session.add(target)
    anna.job_target = target
    db.session.flush()
    login(world["counsellor"])
    page = client.get(f"/progress/learners/{anna.id}").get_data(as_text=True)
    assert page.count('class="level-chart"') == 2  # teamwork and mowing
    assert page.count("marker-self") >= 1 + 1  # in the chart and in the legend
    assert "helpt nog weinig" in page and "slordig" in page  # why
    assert world["supervisor"].name in page  # who
    assert 'class="profile-chart"' in page and "vereist 3 · nu 2" in page
    assert "1 van de 2 vereisten gehaald" in page
    assert "wekker zetten" in page
    assert 'class="attendance-calendar"' in page and ">TL<" in page


def test_viewing_progress_is_logged(client, login, db, world):
    login(world["supervisor"])
    client.get(f"/progress/learners/{world['anna'].id}")
    client.get(f"/progress/learners/{world['anna'].id}/report")
    logged = db.session.execute(select(AuditEntry.object_type, AuditEntry.user_id).where(
        AuditEntry.action == "view", AuditEntry.learner_id == world["anna"].id)).all()
    assert set(logged) == {("progress", world["supervisor"].id), ("evaluation_report", world["supervisor"].id)}


@pytest.mark.parametrize("path", ["", "/report", "/assessments.csv", "/attendance.csv"])
def test_learners_out_of_reach_give_404(client, login, world, path):
    login(world["other_supervisor"])  # another floor
    assert client.get(f"/progress/learners/{world['anna'].id}{path}").status_code == 404
    login(world["other_counsellor"])  # another caseload
    assert client.get(f"/progress/learners/{world['anna'].id}{path}").status_code == 404
    assert client.get(f"/progress/learners/{world['cleo'].id}{path}").status_code == 200
    login(world["anna"].person.user)  # learners use "Mijn vooruitgang"
    assert client.get(f"/progress/learners/{world['anna'].id}{path}").status_code == 403


def test_the_report_is_a_printable_a4_with_room_for_agreements(client, login, world):
    login(world["counsellor"])
    page = client.get(f"/progress/learners/{world['anna'].id}/report").get_data(as_text=True)
    assert "progress/report.css" in page  # the print styles, from the app (no inline style under the CSP)
    styles_response = client.get("/static/progress/report.css")
    styles = styles_response.get_data(as_text=True)
    styles_response.close()
    assert "@page { size: A4; margin: 15mm }" in styles and "page-break-before: always" in styles
    assert "Afspraken" in page and "Handtekeningen" in page
    for role in ("Werkvloerbegeleider", "Trajectbegeleider", "Leerwerknemer"):
        assert role in page
    assert "Niveaus nu en bij de vorige evaluatie" in page and 'class="level-chart"' in page


def test_the_assessments_csv_lists_every_rating(client, login, db, world):
    assess(db, world["anna"], TODAY - timedelta(days=2), [("attitude.safety", None, "=HYPERLINK(1)")],
           assessor=world["supervisor"])
    login(world["counsellor"])
    response = client.get(f"/progress/learners/{world['anna'].id}/assessments.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["learner_id", "learner_name", "competency_id", "competency_name", "level", "kind", "date",
                       "assessor", "note"]
    assert len(rows) == 1 + 6
    safety = next(row for row in rows if row[2] == "attitude.safety")
    assert safety[4] == "" and safety[8] == "'=HYPERLINK(1)"  # not observed; no formula
    assert rows[1][6] == (TODAY - timedelta(days=50)).isoformat() and rows[1][7] == world["supervisor"].name
    logged = db.session.execute(select(AuditEntry.object_type).where(AuditEntry.action == "view")).scalars().all()
    assert logged == ["assessments_csv"]


def test_the_attendance_csv_lists_every_block(client, login, world):
    login(world["supervisor"])
    response = client.get(f"/progress/learners/{world['anna'].id}/attendance.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["learner_id", "learner_name", "date", "block", "status"]
    assert len(rows) == 11 and sum(row[4] == "late" for row in rows) == 1


# --- Mijn vooruitgang ---------------------------------------------------------------------------

def test_a_learner_sees_their_own_goals_and_progress(client, login, db, world):
    login(world["anna"].person.user)
    response = client.get("/progress/mine")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mijn vooruitgang" in page and "Stiptheid" in page and "wekker zetten" in page
    assert "Je doel: niveau 3" in page and "Nog 1 stap." in page  # mowing: 2 now, 3 wanted
    assert 'class="level-chart"' in page
    assert world["bert"].name not in page
    logged = db.session.execute(select(AuditEntry.object_type).where(
        AuditEntry.action == "view", AuditEntry.learner_id == world["anna"].id)).scalars().all()
    assert logged == ["own_progress"]


def test_staff_have_no_mijn_vooruitgang_and_a_learner_without_file_gets_404(client, login, world, make_user):
    login(world["counsellor"])
    assert client.get("/progress/mine").status_code == 403
    login(make_user("learner"))
    assert client.get("/progress/mine").status_code == 404


def test_pages_render_without_any_history(client, login, world, make_learner):
    fresh = make_learner(floors=[world["floor"]], counsellor=world["counsellor"].person)
    login(world["counsellor"])
    for path in ("", "/report"):
        page = client.get(f"/progress/learners/{fresh.id}{path}").get_data(as_text=True)
        assert "Nog geen beoordelingen." in page
    login(fresh.person.user)
    assert "Je hebt nog geen doelen" in client.get("/progress/mine").get_data(as_text=True)
