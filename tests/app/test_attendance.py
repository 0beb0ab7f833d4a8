"""Attendance: the prefilled day sheet, the save (upsert), bad input, access and the audit trail."""
from __future__ import annotations

import re

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from workfloor.attendance.operations import attendance_sheet, save_attendance, sheet_learners
from workfloor.models import (
    Absence, Assignment, AttendanceEntry, AuditEntry, CrewMember, DayPlan,
)
from tests.floor_date import floor_today

# A Wednesday in the past, so "not in the future" never gets in the way.
DAY = floor_today() - timedelta(days=floor_today().weekday()) - timedelta(days=5)
WED = DAY.weekday()


@contextmanager
def count_queries(db):
    """Count the SQL statements sent while the block runs."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def floor_world(make_floor, make_supervisor, make_learner, make_user):
    floor = make_floor(name="Groen test")
    other_floor = make_floor(name="Schoonmaak test", domain="cleaning")
    supervisor = make_supervisor(floors=[floor])
    other_supervisor = make_supervisor(floors=[other_floor])
    anna = make_learner(floors=[floor], pattern=[(WED, "am"), (WED, "pm")])
    bert = make_learner(floors=[floor], pattern=[(WED, "am")])
    cleo = make_learner(floors=[floor], pattern=[(WED + 1, "am")])  # not on Wednesdays
    other = make_learner(floors=[other_floor], pattern=[(WED, "am")])
    return dict(floor=floor, other_floor=other_floor, supervisor=supervisor.person.user,
                other_supervisor=other_supervisor.person.user, anna=anna, bert=bert, cleo=cleo, other=other,
                coordinator=make_user("coordinator"))


def sheet_for(user, day=DAY):
    from workfloor.access import user_floor_ids
    return attendance_sheet(day, sheet_learners(user), user_floor_ids(user))


def statuses(sheet):
    return {(row.learner.id, row.block): row.prefill for row in sheet.rows}


# --- operations ---------------------------------------------------------------------------------

def test_without_a_plan_the_weekly_pattern_is_expected_and_everyone_is_present(app, floor_world, login):
    w = floor_world
    login(w["supervisor"])
    sheet = sheet_for(w["supervisor"])
    assert not sheet.from_plan
    assert statuses(sheet) == {(w["anna"].id, "am"): "present", (w["anna"].id, "pm"): "present",
                               (w["bert"].id, "am"): "present"}
    assert [group.title for group in sheet.blocks["am"]] == ["Groen test"]


def test_registered_absences_prefill_excused_or_unexcused(db, floor_world):
    w = floor_world
    db.session.add(Absence(person=w["anna"].person, start_date=DAY, end_date=DAY, morning=True,
                           afternoon=False, reason="sick"))
    db.session.add(Absence(person=w["bert"].person, start_date=DAY - timedelta(days=2), end_date=DAY,
                           reason="unexcused"))
    db.session.flush()
    sheet = sheet_for(w["supervisor"])
    assert statuses(sheet) == {(w["anna"].id, "am"): "absent_excused", (w["anna"].id, "pm"): "present",
                               (w["bert"].id, "am"): "absent_unexcused"}
    assert sheet.row(w["anna"].id, "am").absence.reason == "sick"


def test_a_contract_not_yet_started_is_not_expected(db, floor_world):
    w = floor_world
    w["bert"].contract_start = DAY + timedelta(days=1)
    db.session.flush()
    assert (w["bert"].id, "am") not in statuses(sheet_for(w["supervisor"]))


def _published_plan(db, make_site, floor, learners, status="published"):
    site = make_site(name="Stadspark test")
    hedge = Assignment(name="Hagen scheren", floor_id=floor.id, site_id=site.id, max_learners=4, day=DAY,
                       morning=True, afternoon=False)
    db.session.add(hedge)
    db.session.flush()
    plan = DayPlan(day=DAY, floor_id=floor.id, status=status)
    plan.members = [CrewMember(assignment_id=hedge.id, person_id=learner.person_id, role="learner")
                    for learner in learners]
    db.session.add(plan)
    db.session.flush()
    return hedge


def test_a_published_plan_groups_learners_per_crew(db, floor_world, make_site):
    w = floor_world
    _published_plan(db, make_site, w["floor"], [w["anna"]])
    sheet = sheet_for(w["supervisor"])
    assert sheet.from_plan
    am = {(group.kind, group.title): [row.learner.id for row in group.rows] for group in sheet.blocks["am"]}
    assert am == {("assignment", "Hagen scheren"): [w["anna"].id], ("unplanned", ""): [w["bert"].id]}
    assert sheet.blocks["am"][0].subtitle == "Stadspark test"
    # In the afternoon the crew has no work: Anna works by her pattern, outside the crews.
    assert [row.learner.id for group in sheet.blocks["pm"] for row in group.rows] == [w["anna"].id]


def test_the_supervisors_own_crew_comes_first_and_open(client, login, db, floor_world, make_site):
    w = floor_world
    hedge = _published_plan(db, make_site, w["floor"], [w["anna"]])
    other_site = make_site(name="Begraafplaats test")
    leaves = Assignment(name="Aaa bladeren", floor_id=w["floor"].id, site_id=other_site.id, max_learners=4, day=DAY,
                        morning=True, afternoon=False)
    db.session.add(leaves)
    db.session.flush()
    plan = db.session.execute(db.select(DayPlan).where(DayPlan.day == DAY)).scalar_one()
    plan.members.append(CrewMember(assignment_id=leaves.id, person_id=w["bert"].person_id, role="learner"))
    plan.members.append(CrewMember(assignment_id=hedge.id, person_id=w["supervisor"].person_id, role="supervisor"))
    db.session.flush()
    login(w["supervisor"])
    page = client.get(f"/attendance/?day={DAY.isoformat()}").get_data(as_text=True)
    # Hagen scheren is the supervisor's own crew: first, and the only group opened.
    assert page.index("Hagen scheren") < page.index("Aaa bladeren")
    own, other = page.split('<details class="attendance-group own-crew"', 1)[1].split("</details>", 1)
    assert own.split(">", 1)[0].rstrip().endswith("open") and "jouw ploeg" in own
    assert 'open>' not in other.split('<details class="attendance-group"', 1)[1].split(">", 1)[0] + ">"


def test_a_draft_plan_is_ignored(db, floor_world, make_site):
    w = floor_world
    _published_plan(db, make_site, w["floor"], [w["anna"]], status="draft")
    assert not sheet_for(w["supervisor"]).from_plan


def test_save_upserts_and_a_second_save_changes_only_what_changed(db, floor_world):
    w = floor_world
    sheet = sheet_for(w["supervisor"])
    marks = {row.key: (row.prefill, "") for row in sheet.rows}
    marks[(w["bert"].id, "am")] = ("late", "20 minuten")
    assert save_attendance(sheet, marks, w["supervisor"]) == 3
    entries = db.session.execute(select(AttendanceEntry)).scalars().all()
    assert {(e.learner_id, e.block, e.status, e.note) for e in entries} == {
        (w["anna"].id, "am", "present", ""), (w["anna"].id, "pm", "present", ""),
        (w["bert"].id, "am", "late", "20 minuten")}

    sheet = sheet_for(w["supervisor"])
    assert sheet.row(w["bert"].id, "am").prefill == "late"  # the stored status comes back
    marks = {row.key: (row.prefill, row.entry.note) for row in sheet.rows}
    marks[(w["anna"].id, "pm")] = ("absent_unexcused", "")
    assert save_attendance(sheet, marks, w["supervisor"]) == 1
    assert len(db.session.execute(select(AttendanceEntry)).scalars().all()) == 3


def test_rows_not_submitted_are_left_alone(db, floor_world):
    w = floor_world
    sheet = sheet_for(w["supervisor"])
    save_attendance(sheet, {(w["anna"].id, "am"): ("present", "")}, w["supervisor"])
    assert len(db.session.execute(select(AttendanceEntry)).scalars().all()) == 1


# --- the screen ------------------------------------------------------------------------------------

def test_the_screen_lists_the_day_prefilled(client, login, floor_world):
    w = floor_world
    login(w["supervisor"])
    page = client.get(f"/attendance/?day={DAY.isoformat()}").get_data(as_text=True)
    assert w["anna"].name in page and w["bert"].name in page
    assert w["cleo"].name not in page and w["other"].name not in page
    assert f'name="status_{w["anna"].id}_am" value="present"' in page
    assert "Iedereen staat op aanwezig" in page


def test_today_is_the_default(client, login, floor_world):
    login(floor_world["supervisor"])
    response = client.get("/attendance/")
    assert response.status_code == 200
    assert f'value="{floor_today().isoformat()}"' in response.get_data(as_text=True)


def _post(client, day, data):
    """Post the sheet as the browser would: with the version the page was opened on."""
    page = client.get(f"/attendance/?day={day.isoformat()}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="([^"]*)"', page)
    return client.post(f"/attendance/?day={day.isoformat()}",
                       data={"version": version.group(1) if version else ""} | data)


def test_saving_stores_every_row_and_redirects(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    response = _post(client, DAY, {f"status_{w['anna'].id}_am": "present", f"status_{w['anna'].id}_pm": "late",
                                   f"note_{w['anna'].id}_pm": "kwartier", f"status_{w['bert'].id}_am":
                                   "absent_excused"})
    assert response.status_code == 302
    entries = {(e.learner_id, e.block): (e.status, e.note, e.recorded_by_id)
               for e in db.session.execute(select(AttendanceEntry)).scalars()}
    assert entries == {(w["anna"].id, "am"): ("present", "", w["supervisor"].id),
                       (w["anna"].id, "pm"): ("late", "kwartier", w["supervisor"].id),
                       (w["bert"].id, "am"): ("absent_excused", "", w["supervisor"].id)}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "opgeslagen (3 gewijzigd)" in page


def test_a_future_day_is_refused_with_a_dutch_message(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    tomorrow = floor_today() + timedelta(days=1)
    for response in (client.get(f"/attendance/?day={tomorrow.isoformat()}"),
                     _post(client, tomorrow, {f"status_{w['anna'].id}_am": "present"})):
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Je kan aanwezigheden niet op voorhand registreren" in page
        assert f"status_{w['anna'].id}_am" not in page
    assert db.session.execute(select(AttendanceEntry)).first() is None


def test_an_unknown_status_is_refused_and_nothing_is_saved(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    response = _post(client, DAY, {f"status_{w['anna'].id}_am": "present",
                                   f"status_{w['bert'].id}_am": "on_holiday",
                                   f"note_{w['bert'].id}_am": "wat ik typte"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Onbekende keuze" in page
    assert 'value="wat ik typte"' in page
    assert db.session.execute(select(AttendanceEntry)).first() is None


def test_a_too_long_note_is_refused(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    response = _post(client, DAY, {f"status_{w['anna'].id}_am": "late", f"note_{w['anna'].id}_am": "x" * 201})
    assert "Hou de opmerking kort" in response.get_data(as_text=True)
    assert db.session.execute(select(AttendanceEntry)).first() is None


def test_a_learner_of_another_floor_is_out_of_reach(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    response = _post(client, DAY, {f"status_{w['other'].id}_am": "absent_unexcused"})
    assert response.status_code == 404
    response = _post(client, DAY, {f"status_{w['cleo'].id}_am": "present"})  # not expected that day
    assert response.status_code == 404
    assert db.session.execute(select(AttendanceEntry)).first() is None


def test_the_coordinator_sees_every_floor(client, login, floor_world):
    w = floor_world
    login(w["coordinator"])
    page = client.get(f"/attendance/?day={DAY.isoformat()}").get_data(as_text=True)
    assert w["other"].name in page and "Schoonmaak test" in page


@pytest.mark.parametrize("role", ["counsellor", "learner"])
def test_counsellors_and_learners_may_not_register(client, login, make_user, role):
    login(make_user(role))
    assert client.get("/attendance/").status_code == 403


def test_changes_are_audited_with_the_acting_user(client, login, floor_world, db):
    w = floor_world
    login(w["supervisor"])
    _post(client, DAY, {f"status_{w['bert'].id}_am": "present"})
    _post(client, DAY, {f"status_{w['bert'].id}_am": "late"})
    _post(client, DAY, {f"status_{w['bert'].id}_am": "late"})  # nothing changed: nothing logged
    rows = db.session.execute(select(AuditEntry).where(AuditEntry.object_type == "AttendanceEntry")
                              .order_by(AuditEntry.id)).scalars().all()
    assert [(r.action, r.learner_id, r.user_id) for r in rows] == [
        ("create", w["bert"].id, w["supervisor"].id), ("update", w["bert"].id, w["supervisor"].id)]
    assert rows[1].changes["status"] == ["present", "late"]


def test_csrf_is_checked(app, client, login, floor_world):
    w = floor_world
    login(w["supervisor"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _post(client, DAY, {f"status_{w['anna'].id}_am": "present"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


def test_the_screen_needs_a_bounded_number_of_queries(client, login, db, make_floor, make_supervisor,
                                                      make_learner, make_site):
    floor = make_floor()
    user = make_supervisor(floors=[floor]).person.user
    login(user)

    def queries_for(learners: int) -> int:
        for _ in range(learners):
            learner = make_learner(floors=[floor], pattern=[(WED, "am"), (WED, "pm")])
            db.session.add(Absence(person=learner.person, start_date=DAY, end_date=DAY, reason="sick",
                                   morning=True, afternoon=False))
        db.session.flush()
        with count_queries(db) as statements:
            assert client.get(f"/attendance/?day={DAY.isoformat()}").status_code == 200
        return len(statements)

    queries_for(1)  # the first request warms caches
    assert queries_for(2) == queries_for(10) <= 18  # 17th: the read is logged (issue 14); 18th: the crews the user leads


# --- demo history --------------------------------------------------------------------------------------

def test_demo_history_follows_patterns_and_registered_absences(db, make_floor, make_supervisor, make_learner):
    import random

    from competencies import FlagRules, repeated_unexcused_absence
    from workfloor.attendance.demo import build_attendance_history
    from workfloor.progress.operations import to_record

    floor = make_floor()
    make_supervisor(floors=[floor])
    today = floor_today()
    learners = [make_learner(floors=[floor], pattern=[(0, "am"), (2, "am"), (2, "pm")],
                             contract_start=today - timedelta(days=200)) for _ in range(6)]
    sick_day = today - timedelta(days=today.weekday() + 5)  # last week's Wednesday
    db.session.add(Absence(person=learners[0].person, start_date=sick_day, end_date=sick_day, reason="sick"))
    db.session.flush()

    stored = build_attendance_history(today, random.Random(1))
    entries = db.session.execute(select(AttendanceEntry)).scalars().all()
    assert stored == len(entries) > 6 * 20
    assert all(e.day < today and (e.day.weekday(), e.block) in {(0, "am"), (2, "am"), (2, "pm")} for e in entries)
    sick = {(e.block, e.status) for e in entries if e.learner_id == learners[0].id and e.day == sick_day}
    assert sick == {("am", "absent_excused"), ("pm", "absent_excused")}
    assert sum(e.status == "present" for e in entries) > 0.7 * len(entries)  # four of six are troubled here
    flagged = [learner for learner in learners if repeated_unexcused_absence(
        [to_record(e) for e in entries if e.learner_id == learner.id], today, rules=FlagRules())]
    assert len(flagged) >= 1
