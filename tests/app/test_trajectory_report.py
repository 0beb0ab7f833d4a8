"""The city's report: every figure against a small world counted by hand, on the page and on the command line."""
from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import text
from workfloor.models import (
    Assignment, AttendanceEntry, AuditEntry, EvaluationMeeting, Learner, Obstacle, TrajectoryOutcome,
)
from workfloor.trajectory.report import block_hours, city_report

START, END = date(2026, 1, 1), date(2026, 6, 30)
D = date.fromisoformat


@pytest.fixture
def city(db, make_floor, make_learner, make_site, make_supervisor, counsellor):
    """Five learners on two floors; the expected figures are counted in the comments."""
    a, b = make_floor(name="Groen Noord"), make_floor(name="Poets Zuid", domain="cleaning")
    l1 = make_learner(floors=[a], counsellor=counsellor.person, contract_start=D("2026-01-05"))
    l2 = make_learner(floors=[b], contract_start=D("2025-10-01"), contract_end=D("2026-03-31"))
    l3 = make_learner(floors=[a], contract_start=D("2026-03-02"), contract_end=D("2026-05-29"))
    l4 = make_learner(floors=[b], contract_start=D("2026-08-01"))  # starts after the period
    l5 = make_learner(floors=[a], contract_start=D("2025-01-01"), contract_end=D("2025-12-31"))  # ended before
    rows = [
        # l1: 2 attended blocks (4 h + 3 h) of 4 recorded; the July block lies outside the period.
        AttendanceEntry(learner_id=l1.id, day=D("2026-02-02"), block="am", status="present"),
        AttendanceEntry(learner_id=l1.id, day=D("2026-02-02"), block="pm", status="late"),
        AttendanceEntry(learner_id=l1.id, day=D("2026-02-03"), block="am", status="absent_excused"),
        AttendanceEntry(learner_id=l1.id, day=D("2026-02-03"), block="pm", status="absent_unexcused"),
        AttendanceEntry(learner_id=l1.id, day=D("2026-07-01"), block="am", status="present"),
        AttendanceEntry(learner_id=l2.id, day=D("2026-01-12"), block="am", status="present"),  # 4 h
        AttendanceEntry(learner_id=l3.id, day=D("2026-03-02"), block="pm", status="present"),  # 3 h
        AttendanceEntry(learner_id=l4.id, day=D("2026-08-03"), block="am", status="present"),  # not active
        # l1 is due months 1 (5 Feb) and 2 (5 Mar): month 1 held 5 days late (on time), month 2 27 days late.
        EvaluationMeeting(learner_id=l1.id, moment_month=1, planned_on=D("2026-02-10"), held_on=D("2026-02-10")),
        EvaluationMeeting(learner_id=l1.id, moment_month=2, planned_on=D("2026-04-01"), held_on=D("2026-04-01")),
        # l3 is due 2 Apr and 2 May, never held; l2's moments lie before the period or after its contract.
        Obstacle(learner_id=l1.id, category="transport", signalled_on=D("2026-03-01"), status="solved",
                 solved_on=D("2026-04-01")),
        Obstacle(learner_id=l2.id, category="housing", signalled_on=D("2026-01-10"), status="open"),
        Obstacle(learner_id=l3.id, category="debts", signalled_on=D("2026-05-01"), status="solved",
                 solved_on=D("2026-07-15")),  # still open at the period's end
        TrajectoryOutcome(learner_id=l2.id, ended_on=D("2026-03-31"), kind="regular_job", employer="Groen bv"),
        TrajectoryOutcome(learner_id=l3.id, ended_on=D("2026-05-29"), kind="social_economy"),
        TrajectoryOutcome(learner_id=l5.id, ended_on=D("2025-12-31"), kind="dropout"),
    ]
    site = make_site()
    rows += [Assignment(name="Maaien", floor=a, site=site, day=D("2026-02-02"), max_learners=3),
             Assignment(name="Snoeien", floor=a, site=site, day=D("2026-03-02"), max_learners=3, cancelled=True),
             Assignment(name="Poetsen", floor=b, site=site, day=D("2026-01-12"), max_learners=3)]
    db.session.add_all(rows)
    db.session.flush()
    return {"a": a, "b": b, "learners": [l1, l2, l3, l4, l5], "supervisor": make_supervisor(floors=[a])}


def test_block_hours_come_from_the_block_times():
    assert (block_hours("am"), block_hours("pm")) == (4.0, 3.0)


def test_the_figures_match_the_hand_count(city):
    l1, l2, l3, _l4, _l5 = city["learners"]
    total = city_report(select(Learner), START, END)
    assert total.active.learner_ids == {l1.id, l2.id, l3.id}
    assert total.hours.value == 14
    assert (total.blocks_attended, total.blocks_recorded) == (4, 6)
    assert total.attendance_learner_ids == {l1.id, l2.id, l3.id}
    assert (total.evaluations_due.value, total.evaluations_on_time.value) == (4, 1)
    assert total.on_time_rate == 0.25
    assert (total.obstacles_open.learner_ids, total.obstacles_solved.learner_ids) == ({l2.id, l3.id}, {l1.id})
    assert {kind: f.value for kind, f in total.outcomes.items() if f.value} == {"regular_job": 1, "social_economy": 1}
    assert total.outcome_rate("regular_job") == total.outcome_rate("social_economy") == 0.5
    assert total.assignments_delivered == 2
    a = city_report(select(Learner), START, END, floor=city["a"])
    assert (a.active.value, a.hours.value, a.blocks_attended, a.blocks_recorded) == (2, 10, 3, 5)
    assert a.assignments_delivered == 1 and a.outcomes["social_economy"].learner_ids == {l3.id}
    b = city_report(select(Learner), START, END, floor=city["b"])
    assert (b.active.value, b.hours.value, b.attendance_rate, b.evaluations_due.value) == (1, 4, 1.0, 0)


def test_the_page_shows_the_figures_charts_and_who_is_behind_them(client, login, coordinator, city, db):
    l1, l2, l3, l4, _l5 = city["learners"]
    response = client.get("/trajectory/report?start=2026-01-01&end=2026-06-30")
    page = text(response)
    assert response.status_code == 200
    assert "<strong>14.0</strong>" in page and "<strong>67%</strong>" in page and "<strong>1 / 4</strong>" in page
    assert page.count('<svg class="report-chart"') == 3
    assert l1.name in page and l3.name in page and l4.name not in page
    views = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.object_type == "city_report"))
    assert views == 3


def test_each_reader_sees_the_figures_of_their_own_learners(client, login, city, counsellor, db):
    l1, l2, l3, _l4, _l5 = city["learners"]
    login(city["supervisor"].person.user)  # floor A: l1 and l3
    page = text(client.get("/trajectory/report?start=2026-01-01&end=2026-06-30"))
    assert l1.name in page and l3.name in page and l2.name not in page and "Poets Zuid" not in page
    login(counsellor)  # caseload: l1
    page = text(client.get("/trajectory/report?start=2026-01-01&end=2026-06-30"))
    assert l1.name in page and l3.name not in page
    assert client.get(f"/trajectory/report?floor={city['b'].id}").status_code == 400  # not their floor


@pytest.mark.parametrize("query,message", [
    ("start=2026-02-30", "Dit is geen geldige datum"),
    ("start=2026-06-01&end=2026-01-01", "Het einde van de periode ligt vóór het begin."),
    ("floor=abc", "Kies een werkvloer uit de lijst."),
])
def test_bad_periods_get_a_dutch_message(client, login, coordinator, city, query, message):
    response = client.get(f"/trajectory/report?{query}")
    assert response.status_code == 400 and message in text(response)


def test_the_command_prints_and_writes_csv(cli, city, tmp_path):
    out = tmp_path / "report.csv"
    result = cli.invoke(args=["report", "--from", "2026-01-01", "--to", "2026-06-30", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as stream:
        rows = {row[0]: row for row in csv.reader(stream)}
    assert rows["figure"] == ["figure", "Groen Noord", "Poets Zuid", "total"]
    assert rows["learners_active"][1:] == ["2", "1", "3"]
    assert rows["hours_worked"][-1] == "14.0" and rows["attendance_rate"][-1] == "66.7"
    assert rows["evaluations_on_time"][-1] == "1" and rows["regular_job_rate"][-1] == "50.0"
    assert "learners_active" in result.stdout
    one = cli.invoke(args=["report", "--from", "2026-01-01", "--to", "2026-06-30", "--floor", str(city["b"].id)])
    assert one.exit_code == 0 and "Poets Zuid" in one.stdout and "Groen Noord" not in one.stdout


@pytest.mark.parametrize("args,message", [
    (["--from", "2026-13-01", "--to", "2026-12-31"], "--from"),
    (["--from", "2026-01-01", "--to", "9999-12-31"], "--to"),
    (["--from", "2026-06-01", "--to", "2026-01-01"], "before"),
    (["--from", "2026-01-01", "--to", "2026-12-31", "--floor", "9999"], "--floor"),
    (["--from", "2026-01-01", "--to", "2026-12-31", "--csv", "/nonexistent/dir/x.csv"], "Cannot write"),
    (["--from", "2026-01-01", "--to", "2026-12-31", "--csv", "/dev/full"], "Cannot write"),
    (["--from", "2026-01-01"], "--to"),
])
def test_bad_command_input_exits_2_with_a_message(cli, city, args, message):
    result = cli.invoke(args=["report", *args])
    assert result.exit_code == 2 and message in result.stderr
