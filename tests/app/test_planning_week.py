"""The week in the app: a week of some floors as a version 2 problem, a week plan stored as day plans.

The `week_scene` fixture (one green floor, Monday to Friday, a flexible job) is shared by the
other week tests.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import scheduling

from tests.app.test_planning_problem import next_monday
from tests.shared_files import shared_file
from workfloor.models import Absence, Assignment, DayPlan, DevelopmentGoal, DrivingLicence, Floor, Learner, Supervisor
from workfloor.planning import operations
from workfloor.planning.problem import key
from workfloor.planning.adapter import PlanningWeek
from workfloor.planning.week import WeekError, parse_week, week_label
from workfloor.planning.weekboard import publish_week, week_figures


@dataclass
class WeekScene:
    monday: date
    floor: Floor
    supervisors: list[Supervisor]
    learners: list[Learner]
    flexible: Assignment  # mowing, Tuesday to Thursday, am+pm
    fixed: list[Assignment]

    @property
    def label(self) -> str:
        return week_label(self.monday)


@pytest.fixture
def week_scene(db, framework_items, make_floor, make_supervisor, make_learner, make_site, make_vehicle) -> WeekScene:
    monday = next_monday()
    floor = make_floor(name="Groen week", domain="green")
    supervisors = [make_supervisor(floors=[floor], max_learners=4) for _ in range(2)]
    for s in supervisors:
        s.person.licences = [DrivingLicence(category="B")]
    learners = [make_learner(floors=[floor], contract_start=monday - timedelta(days=90)) for _ in range(4)]
    for i, x in enumerate(learners):
        x.mentor = supervisors[i % 2]
        db.session.add(DevelopmentGoal(learner=x, competency_id=("green.mowing" if i % 2 else "green.hedge_trimming"),
                                       target_level=3, weight=2, per_week=3))
    park, base = make_site(name="Park week", travel_minutes=10), make_site(name="Serre week", travel_minutes=0)
    make_vehicle(name="Bus week", seats=6, licence="B", floor=floor)
    fixed = []
    for i in range(5):
        day = monday + timedelta(days=i)
        fixed.append(Assignment(name="Hagen", floor=floor, site=park, day=day, morning=True, afternoon=True,
                                min_learners=1, max_learners=3, mandatory=i == 0, trains=["green.hedge_trimming"]))
        fixed.append(Assignment(name="Serre", floor=floor, site=base, day=day, morning=True, afternoon=True,
                                min_learners=0, max_learners=4, priority=1, trains=["green.planting"]))
    flexible = Assignment(name="Maaien Park Noord", floor=floor, site=park, day=monday + timedelta(days=1),
                          window_start=monday + timedelta(days=1), window_end=monday + timedelta(days=3),
                          morning=True, afternoon=True, min_learners=2, max_learners=3, priority=4,
                          trains=["green.mowing"])
    db.session.add_all(fixed + [flexible])
    db.session.flush()
    return WeekScene(monday, floor, supervisors, learners, flexible, fixed)


def test_weeks_are_read_as_iso_weeks():
    assert parse_week("2026-W50") == date(2026, 12, 7)
    assert week_label(date(2026, 12, 9)) == "2026-W50"
    for bad in ("2026-50", "2026-W60", "W50", "", "2026-W5", "1999-W10"):
        with pytest.raises(WeekError):
            parse_week(bad)


def test_a_week_is_one_version_2_problem(week_scene):
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    data = week.to_json()
    assert data["format"] == "workfloor-planning/2"
    assert data["days"] == [(week_scene.monday + timedelta(days=i)).isoformat() for i in range(5)]
    first = next(x for x in data["learners"] if x["id"] == key("learner", week_scene.learners[0].id))
    assert first["mentor"] == key("supervisor", week_scene.supervisors[0].id)
    assert first["goals"] == [{"competency": "green.hedge_trimming", "weight": 2, "per_week": 3}]
    assert set(first["available"]) == set(data["days"])
    flexible = next(a for a in data["assignments"] if a["id"] == key("assignment", week_scene.flexible.id))
    assert "day" not in flexible and flexible["days"] == [(week_scene.monday + timedelta(days=i)).isoformat()
                                                          for i in (1, 2, 3)]
    assert len(data["assignments"]) == 11  # ten fixed jobs and the flexible one, once
    scheduling.problem_from_json(data)  # the engine reads it


def test_an_absence_takes_the_day_out_of_the_learners_week(week_scene, db):
    learner = week_scene.learners[0]
    wednesday = week_scene.monday + timedelta(days=2)
    db.session.add(Absence(person_id=learner.person_id, start_date=wednesday, end_date=wednesday, morning=True,
                           afternoon=True, reason="ziek"))
    db.session.flush()
    data = PlanningWeek(week_scene.monday, {week_scene.floor.id}).to_json()
    entry = next(x for x in data["learners"] if x["id"] == key("learner", learner.id))
    assert entry["available"][wednesday.isoformat()] == []


def _solve_and_store(week_scene, time_limit=5):
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    plan = scheduling.solve(week.problem, time_limit=time_limit, pins=week.pins)
    week.store(plan, None, "generated", ("x", {}))
    return week, plan


def test_a_week_plan_is_stored_as_day_plans_with_the_flexible_job_on_its_day(week_scene, db):
    week, plan = _solve_and_store(week_scene)
    assert scheduling.validate(week.problem, plan).valid
    crew = next(c for c in plan.crews if c.assignment == key("assignment", week_scene.flexible.id))
    planned = date.fromisoformat(crew.day)
    assert week_scene.flexible.day == planned  # the crew sheet and the phone show it on that day
    day_plans = db.session.execute(db.select(DayPlan).where(DayPlan.floor_id == week_scene.floor.id)).scalars().all()
    assert {p.day for p in day_plans} == {week_scene.monday + timedelta(days=i) for i in range(5)}
    members = {(m.plan.day, m.assignment_id) for p in day_plans for m in p.members}
    assert (planned, week_scene.flexible.id) in members
    assert not any(a == week_scene.flexible.id and d != planned for d, a in members)
    # Read back, the stored week is the solved one.
    again = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    assert scheduling.validate(again.problem, again.plan).valid
    assert sorted((c.assignment, c.day, sorted(c.learners)) for c in again.plan.crews) == \
        sorted((c.assignment, c.day, sorted(c.learners)) for c in plan.crews)


def test_week_figures_count_practice_and_mentor_blocks(week_scene):
    week, plan = _solve_and_store(week_scene)
    figures = week_figures(week.problem, plan)
    assert figures.available == 4 * 10
    assert figures.placed == sum(len(a.blocks) * len(c.learners) for c in plan.crews
                                 for a in [week.problem.assignment[c.assignment]])
    for x in figures.learners.values():
        assert x.idle == x.available - x.worked
        assert x.practising <= x.worked and x.with_mentor <= x.worked
    # Everyone's goal is trained by some job this week: each gets at least two blocks of it.
    assert figures.goal_shortfalls == []


def test_a_goal_nothing_trains_is_named_with_its_reason(week_scene, db):
    learner = week_scene.learners[0]
    db.session.add(DevelopmentGoal(learner=learner, competency_id="green.pruning", target_level=3, weight=1))
    db.session.flush()
    week, plan = _solve_and_store(week_scene)
    short = week_figures(week.problem, plan).goal_shortfalls
    assert [(lid, g.competency, g.reason) for lid, g in short] == [(key("learner", learner.id), "green.pruning",
                                                                    "no_work")]


def test_replanning_from_wednesday_leaves_monday_and_tuesday_alone(week_scene, db):
    week, plan = _solve_and_store(week_scene)
    publish_week(week_scene.monday, {week_scene.floor.id}, None)
    wednesday = week_scene.monday + timedelta(days=2)
    before = {d: operations.snapshot(p) for d in (week_scene.monday, week_scene.monday + timedelta(days=1))
              for p in [operations.published_plan(d, week_scene.floor.id, full=True)]}
    sick = next(x for c in plan.crews if c.day == wednesday.isoformat() for x in c.learners)
    person = db.session.get(Learner, int(sick[1:])).person_id
    db.session.add(Absence(person_id=person, start_date=wednesday, end_date=wednesday + timedelta(days=2),
                           morning=True, afternoon=True, reason="ziek"))
    db.session.flush()
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    replanned = scheduling.solve(week.problem, time_limit=5, previous=week.plan, pins=week.pins,
                                 replan_from=wednesday.isoformat())
    written = week.store(replanned, None, "replanned", ("x", {}), replan_from=wednesday)
    assert written and min(written) == wednesday
    for d, snap in before.items():
        current = operations.current_plans(d, {week_scene.floor.id})[week_scene.floor.id]
        assert current.status == "published" and operations.snapshot(current) == snap
    for d in written:
        current = operations.current_plans(d, {week_scene.floor.id})[week_scene.floor.id]
        assert current.status == "draft"
        assert person not in {m.person_id for m in current.members}


# ------------------------------------------------------------------ command line

def test_cli_plans_a_week_and_the_exported_plan_passes_check_py_and_our_validator(week_scene, cli, db, tmp_path):
    problem_file, plan_file = tmp_path / "week.json", tmp_path / "plan.json"
    floor = str(week_scene.floor.id)
    result = cli.invoke(args=["export-problem", "--week", week_scene.label, "--floor", floor, "-o", str(problem_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(problem_file.read_text())["format"] == "workfloor-planning/2"
    result = cli.invoke(args=["plan", "--week", week_scene.label, "--floor", floor, "--time-limit", "5",
                              "--publish"])
    assert result.exit_code == 0, result.output
    assert week_scene.label in result.output and "published" in result.output
    plans = db.session.execute(db.select(DayPlan).where(DayPlan.floor_id == week_scene.floor.id)).scalars().all()
    assert len(plans) == 5 and all(p.status == "published" for p in plans)
    result = cli.invoke(args=["export-plan", "--week", week_scene.label, "--floor", floor, "-o", str(plan_file)])
    assert result.exit_code == 0, result.output
    exported = json.loads(plan_file.read_text())
    assert exported["format"] == "workfloor-plan/2" and all(c["day"] for c in exported["crews"])
    problem = scheduling.problem_from_json(json.loads(problem_file.read_text()))
    assert scheduling.validate(problem, scheduling.plan_from_json(exported)).valid
    check = subprocess.run([sys.executable, str(shared_file("check.py")), str(problem_file), str(plan_file)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout)["valid"] is True


@pytest.mark.parametrize("args,message", [
    (["export-problem", "--week", "2026-W60"], "names no week"),
    (["export-problem", "--week", "50"], "--week must be an ISO week"),
    (["export-problem", "--week", "2026-W50", "--date", "2026-12-07"], "either --date"),
    (["export-problem"], "either --date"),
    (["export-plan", "--week", "2150-W01"], "--week must lie between"),
    (["plan", "--week", "2026-W50", "--floor", "999999"], "not an active floor"),
    (["plan", "--week", "2026-W50", "--time-limit", "nan"], "time-limit"),
])
def test_cli_refuses_bad_week_input_with_exit_2(cli, db, args, message):
    result = cli.invoke(args=args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert db.session.execute(db.select(DayPlan)).first() is None


def test_cli_export_plan_of_an_unplanned_week_says_so(week_scene, cli):
    result = cli.invoke(args=["export-plan", "--week", week_scene.label, "--floor", str(week_scene.floor.id)])
    assert result.exit_code == 2 and "No plan is stored" in result.output
