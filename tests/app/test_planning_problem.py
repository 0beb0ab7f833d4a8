"""From the database to the engine and back: the day's problem, stored plans, the command line.

The `scene` fixture (one green floor on a Monday) is shared by the other planning tests.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import scheduling
from sqlalchemy import event

from workfloor.models import (
    Absence, Assignment, AssignmentTemplate, Avoidance, CrewMember, CrewVehicle, DayPlan, DevelopmentGoal,
    DrivingLicence, Floor, Learner, LearnerCertificate, LearnerRestriction, Site, Supervisor, Vehicle, VehicleOutage,
)
from tests.floor_date import floor_today
from tests.shared_files import shared_file
from workfloor.assignments.operations import expand_templates
from workfloor.planning import operations
from workfloor.planning.problem import build_problem, key, parse_key, row_id


def next_monday(today: date | None = None) -> date:
    today = today or floor_today()
    return today + timedelta(days=7 - today.weekday())


@dataclass
class Scene:
    day: date
    floor: Floor
    supervisor: Supervisor
    learners: list[Learner]
    site: Site
    vehicle: Vehicle
    park: Assignment  # off-site, am+pm, mandatory, trains hedge trimming
    serre: Assignment  # at the base, am only
    extra: dict = field(default_factory=dict)


@pytest.fixture
def scene(db, make_floor, make_supervisor, make_learner, make_site, make_vehicle) -> Scene:
    day = next_monday()
    floor = make_floor(name="Groen scene", domain="green")
    supervisor = make_supervisor(floors=[floor], max_learners=6)
    supervisor.person.licences = [DrivingLicence(category="B")]
    learners = [make_learner(floors=[floor]) for _ in range(3)]
    site = make_site(name="Stadspark scene", travel_minutes=12)
    base = make_site(name="Serre scene", travel_minutes=0)
    vehicle = make_vehicle(name="Bestelwagen scene", seats=6, licence="B", floor=floor)
    park = Assignment(name="Hagen scheren", floor=floor, site=site, day=day, morning=True, afternoon=True,
                      min_learners=1, max_learners=3, mandatory=True, trains=["green.hedge_trimming"])
    serre = Assignment(name="Serre", floor=floor, site=base, day=day, morning=True, afternoon=False,
                       min_learners=0, max_learners=4, priority=1, trains=["green.planting"])
    db.session.add_all([park, serre])
    db.session.flush()
    return Scene(day, floor, supervisor, learners, site, vehicle, park, serre)


# ------------------------------------------------------------------ database -> engine



def by_id(items, ident):
    return next(x for x in items if x["id"] == ident)


def test_ids_map_both_ways():
    assert key("learner", 12) == "L12" and parse_key("L12") == ("learner", 12)
    assert parse_key("S3") == ("supervisor", 3) and parse_key("V7") == ("vehicle", 7)
    assert row_id("A40", "assignment") == 40
    for bad in ("", "X1", "L", "Lx"):
        with pytest.raises(ValueError):
            parse_key(bad)
    with pytest.raises(ValueError):
        row_id("L1", "assignment")


def test_problem_holds_the_days_people_vans_and_work(scene):
    data = build_problem(scene.day, {scene.floor.id})
    problem = scheduling.problem_from_json(data)
    assert problem.days == (scene.day.isoformat(),)
    assert {x.id for x in problem.learners} == {key("learner", x.id) for x in scene.learners}
    learner = by_id(data["learners"], key("learner", scene.learners[0].id))
    assert learner["available"] == {scene.day.isoformat(): ["am", "pm"]} and learner["domains"] == ["green"]
    supervisor = by_id(data["supervisors"], key("supervisor", scene.supervisor.id))
    assert supervisor["licences"] == ["B"] and supervisor["max_learners"] == 6
    assert supervisor["available"] == {scene.day.isoformat(): ["am", "pm"]}
    park = by_id(data["assignments"], key("assignment", scene.park.id))
    assert (park["travel_minutes"], park["domain"], park["blocks"], park["mandatory"]) == \
        (12, "green", ["am", "pm"], True)
    assert by_id(data["assignments"], key("assignment", scene.serre.id))["blocks"] == ["am"]
    assert [v["id"] for v in data["vehicles"]] == [key("vehicle", scene.vehicle.id)]


def test_pattern_and_absences_decide_who_works(scene, db, make_learner):
    mornings = make_learner(floors=[scene.floor], pattern=[(0, "am")])
    tuesdays = make_learner(floors=[scene.floor], pattern=[(1, "am"), (1, "pm")])
    sick = scene.learners[0]
    db.session.add(Absence(person=sick.person, start_date=scene.day - timedelta(days=1), end_date=scene.day,
                           reason="sick"))
    db.session.add(Absence(person=scene.learners[1].person, start_date=scene.day, end_date=scene.day,
                           morning=False, afternoon=True, reason="appointment_vdab"))
    db.session.add(Absence(person=scene.supervisor.person, start_date=scene.day, end_date=scene.day,
                           morning=True, afternoon=False, reason="training"))
    db.session.flush()
    data = build_problem(scene.day, {scene.floor.id})
    day = scene.day.isoformat()
    free = {x["id"]: x["available"][day] for x in data["learners"]}
    assert free[key("learner", mornings.id)] == ["am"]
    assert free[key("learner", tuesdays.id)] == []
    assert free[key("learner", sick.id)] == []
    assert free[key("learner", scene.learners[1].id)] == ["am"]
    assert by_id(data["supervisors"], key("supervisor", scene.supervisor.id))["available"][day] == ["pm"]


def test_only_valid_certificates_and_licences_of_learners_who_may_drive(scene, db):
    first, second = scene.learners[:2]
    first.certificates = [LearnerCertificate(kind="hedge_trimmer", valid_until=scene.day),
                          LearnerCertificate(kind="brush_cutter", valid_until=scene.day - timedelta(days=1)),
                          LearnerCertificate(kind="ride_on_mower", valid_until=None)]
    first.restrictions = [LearnerRestriction(code="no_machines")]
    first.person.licences = [DrivingLicence(category="B")]
    second.person.licences = [DrivingLicence(category="B")]
    second.may_drive = True
    db.session.add(Avoidance(learner=first, avoided=second))
    db.session.flush()
    data = build_problem(scene.day, {scene.floor.id})
    one, two = by_id(data["learners"], key("learner", first.id)), by_id(data["learners"], key("learner", second.id))
    assert one["certificates"] == ["hedge_trimmer", "ride_on_mower"]
    assert one["restrictions"] == ["no_machines"]
    assert one["licences"] == [] and two["licences"] == ["B"]
    assert one["avoid"] == [key("learner", second.id)]


def test_cancelled_assignments_other_floors_and_templates(scene, db, make_floor, make_site):
    scene.serre.cancelled = True
    other = make_floor(name="Schoonmaak scene", domain="cleaning")
    db.session.add(Assignment(name="Elders", floor=other, site=scene.site, day=scene.day, max_learners=2))
    db.session.add(AssignmentTemplate(name="Wekelijks wieden", floor=scene.floor, site=scene.site, weekday=0,
                                      starts_on=scene.day - timedelta(weeks=1), max_learners=3))
    db.session.flush()
    names = {a["name"] for a in build_problem(scene.day, {scene.floor.id})["assignments"]}
    assert names == {"Hagen scheren"}  # reading expands nothing: the template's day is not made yet
    expand_templates(scene.day, scene.day)  # on template save, on generate, or `flask expand-templates`
    names = {a["name"] for a in build_problem(scene.day, {scene.floor.id})["assignments"]}
    assert names == {"Hagen scheren", "Wekelijks wieden"}


def test_vans_in_service_floor_and_pool(scene, db, make_vehicle, make_floor):
    pool = make_vehicle(name="Poolwagen", floor=None)
    broken = make_vehicle(name="In de garage", floor=scene.floor)
    broken.outages = [VehicleOutage(start_date=scene.day, end_date=scene.day)]
    make_vehicle(name="Oude wagen", floor=scene.floor, active=False)
    make_vehicle(name="Andere vloer", floor=make_floor())
    db.session.flush()
    ids = {v["id"] for v in build_problem(scene.day, {scene.floor.id})["vehicles"]}
    assert ids == {key("vehicle", scene.vehicle.id), key("vehicle", pool.id)}


def test_levels_and_goals_come_from_the_learners_file(scene, db, make_user):
    from workfloor.models import Assessment, CompetencyItem, Rating
    if db.session.get(CompetencyItem, "green.hedge_trimming") is None:
        db.session.add(CompetencyItem(id="green.hedge_trimming", group="green", name="Haagscheren"))
    learner = scene.learners[0]
    assessor = make_user("supervisor")
    old = Assessment(learner=learner, assessor=assessor, kind="observation", day=scene.day - timedelta(days=30),
                     ratings=[Rating(competency_id="green.hedge_trimming", level=1)])
    new = Assessment(learner=learner, assessor=assessor, kind="observation", day=scene.day - timedelta(days=3),
                     ratings=[Rating(competency_id="green.hedge_trimming", level=3)])
    later = Assessment(learner=learner, assessor=assessor, kind="observation", day=scene.day + timedelta(days=3),
                       ratings=[Rating(competency_id="green.hedge_trimming", level=4)])
    db.session.add_all([old, new, later, DevelopmentGoal(learner=learner, competency_id="green.hedge_trimming",
                                                         target_level=4, weight=3)])
    db.session.flush()
    row = by_id(build_problem(scene.day, {scene.floor.id})["learners"], key("learner", learner.id))
    assert row["levels"] == {"green.hedge_trimming": 3}
    assert row["goals"] == [{"competency": "green.hedge_trimming", "weight": 3}]


def test_people_and_vans_on_another_floors_crew_are_not_offered(scene, db, make_floor, make_site):
    other = make_floor(name="Andere scene", domain="green")
    elsewhere = Assignment(name="Andermans werk", floor=other, site=scene.site, day=scene.day, morning=True,
                           afternoon=False, max_learners=3)
    db.session.add(elsewhere)
    plan = DayPlan(day=scene.day, floor_id=other.id, explanation=[])
    db.session.add(plan)
    db.session.flush()
    plan.members.append(CrewMember(assignment_id=elsewhere.id, person_id=scene.learners[0].person_id, role="learner"))
    plan.vehicles.append(CrewVehicle(assignment_id=elsewhere.id, vehicle_id=scene.vehicle.id))
    db.session.flush()
    data = build_problem(scene.day, {scene.floor.id})
    day = scene.day.isoformat()
    assert by_id(data["learners"], key("learner", scene.learners[0].id))["available"][day] == ["pm"]
    assert by_id(data["vehicles"], key("vehicle", scene.vehicle.id))["available"][day] == ["pm"]


def test_building_the_problem_takes_a_bounded_number_of_queries(scene, db, make_learner):
    def count() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.session.connection(), "before_cursor_execute", listener)
        try:
            build_problem(scene.day, {scene.floor.id})
        finally:
            event.remove(db.session.connection(), "before_cursor_execute", listener)
        return len(statements)

    few = count()
    for _ in range(15):
        make_learner(floors=[scene.floor])
    assert count() == few <= 30


# ------------------------------------------------------------------ engine -> database and back

def test_round_trip_engine_plan_to_database_and_back(scene, db):
    data = build_problem(scene.day, {scene.floor.id})
    problem = scheduling.problem_from_json(data)
    plan = scheduling.solve(problem, time_limit=5, workers=1)
    assert plan.status == "optimal" and plan.crews
    day_plan = operations.day_plan_for(scene.day, scene.floor.id, create=True, full=True)
    operations.store_plan(day_plan, plan, {scene.park.id, scene.serre.id})
    db.session.flush()
    back = operations.plan_from_db(scene.day, {scene.floor.id})
    assert {(c.assignment, frozenset(c.members), tuple(c.vehicles)) for c in back.crews} == \
        {(c.assignment, frozenset(c.members), tuple(c.vehicles)) for c in plan.crews}
    assert scheduling.validate(problem, back).valid
    assert day_plan.status == "draft" and day_plan.solver_status == "optimal"


def test_the_adapter_loads_problem_plan_pins_and_ids_for_some_floors(scene, db, make_floor, make_learner):
    from workfloor.planning.adapter import PlanningData
    gone = make_learner(floors=[make_floor(name="Elders", domain="green")])  # on the plan, not on this floor
    day_plan = operations.day_plan_for(scene.day, scene.floor.id, create=True, full=True)
    day_plan.members.append(CrewMember(assignment_id=scene.park.id, person_id=scene.learners[0].person_id,
                                       role="learner", pinned=True))
    day_plan.members.append(CrewMember(assignment_id=scene.park.id, person_id=gone.person_id, role="learner"))
    db.session.flush()
    loaded = PlanningData.for_day(scene.day, {scene.floor.id})
    park, learner = key("assignment", scene.park.id), key("learner", scene.learners[0].id)
    assert loaded.days == (scene.day,) and loaded.floor_ids == {scene.floor.id}
    assert loaded.scope == {scene.park.id, scene.serre.id} and park in loaded.problem.assignment
    assert loaded.key_of(scene.learners[0].person_id) == learner and loaded.person_of(learner) == scene.learners[0].person_id
    assert loaded.key_of(gone.person_id) == key("learner", gone.id)  # named on the plan, mapped too
    assert set(loaded.plan.crew[park].learners) == {learner, key("learner", gone.id)}
    assert loaded.pins == [scheduling.Pin(park, learner=learner)]
    assert loaded.names.person(key("learner", gone.id)) == gone.name
    assert not db.session.new and not db.session.dirty  # reading made nothing


def test_the_id_mapping_is_set_up_in_one_place():
    from pathlib import Path
    folder = Path(__file__).resolve().parents[2] / "workfloor" / "planning"
    users = sorted(p.name for p in folder.glob("*.py") if "person_keys(" in p.read_text(encoding="utf-8"))
    assert users == ["adapter.py", "operations.py"]  # operations defines it (and exports a whole day)


def test_storing_keeps_pinned_placements_and_other_floors(scene, db, make_floor):
    day_plan = operations.day_plan_for(scene.day, scene.floor.id, create=True, full=True)
    keeper = scene.learners[2]
    day_plan.members.append(CrewMember(assignment_id=scene.serre.id, person_id=keeper.person_id, role="learner",
                                       pinned=True))
    day_plan.members.append(CrewMember(assignment_id=scene.park.id, person_id=scene.learners[0].person_id,
                                       role="learner"))
    db.session.flush()
    operations.store_plan(day_plan, scheduling.Plan(instance="", status="feasible"), {scene.park.id, scene.serre.id})
    assert [(m.assignment_id, m.person_id) for m in day_plan.members] == [(scene.serre.id, keeper.person_id)]


# ------------------------------------------------------------------ command line

def test_cli_exports_problem_plans_and_the_exported_plan_passes_check_py(scene, cli, db, tmp_path):
    day = scene.day.isoformat()
    problem_file, plan_file = tmp_path / "problem.json", tmp_path / "plan.json"
    result = cli.invoke(args=["export-problem", "--date", day, "-o", str(problem_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(problem_file.read_text())["format"] == "workfloor-planning/1"
    result = cli.invoke(args=["plan", "--date", day, "--time-limit", "5", "--publish"])
    assert result.exit_code == 0, result.output
    assert "optimal" in result.output
    day_plan = db.session.execute(db.select(DayPlan).where(DayPlan.day == scene.day)).scalar_one()
    assert day_plan.status == "published" and day_plan.revision == 1
    result = cli.invoke(args=["export-plan", "--date", day, "-o", str(plan_file)])
    assert result.exit_code == 0, result.output
    assert json.loads(plan_file.read_text())["crews"]
    result = cli.invoke(args=["export-problem", "--date", day])  # stdout works too
    assert json.loads(result.output)["days"] == [day]
    check = subprocess.run([sys.executable, str(shared_file("check.py")), str(problem_file), str(plan_file)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert json.loads(check.stdout)["valid"] is True


@pytest.mark.parametrize("args,message", [
    (["export-problem", "--date", "7/12/2026"], "--date must be a date YYYY-MM-DD"),
    (["export-plan", "--date", "2031-01-06"], "No plan is stored for 2031-01-06"),
    (["plan", "--date", "morgen"], "--date must be a date YYYY-MM-DD"),
    (["export-problem", "--date", "2031-01-06", "-o", "/no/such/dir/problem.json"], "Cannot write"),
])
def test_cli_bad_input_exits_2_with_a_message_and_changes_nothing(cli, db, args, message):
    before = db.session.scalar(db.select(db.func.count()).select_from(Assignment))
    result = cli.invoke(args=args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == before
    assert db.session.scalar(db.select(db.func.count()).select_from(DayPlan)) == 0


def test_export_leaves_out_crews_of_assignments_cancelled_elsewhere(scene, cli, db, tmp_path, make_supervisor):
    day = scene.day.isoformat()
    make_supervisor(floors=[scene.floor])  # enough supervision for both assignments
    assert cli.invoke(args=["plan", "--date", day, "--time-limit", "5"]).exit_code == 0
    assert operations.plan_from_db(scene.day).crew.get(key("assignment", scene.serre.id))
    scene.serre.cancelled = True  # e.g. from the assignments page, after planning
    db.session.flush()
    problem_file, plan_file = tmp_path / "problem.json", tmp_path / "plan.json"
    assert cli.invoke(args=["export-problem", "--date", day, "-o", str(problem_file)]).exit_code == 0
    assert cli.invoke(args=["export-plan", "--date", day, "-o", str(plan_file)]).exit_code == 0
    crews = {c["assignment"] for c in json.loads(plan_file.read_text())["crews"]}
    assert key("assignment", scene.serre.id) not in crews
    check = subprocess.run([sys.executable, str(shared_file("check.py")), str(problem_file), str(plan_file)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_plan_command_stores_nothing_when_the_engine_finds_no_plan_in_time(scene, cli, db, monkeypatch):
    def no_plan(*args, **kwargs):
        raise scheduling.NoPlanFound("Binnen de tijd is geen plan gevonden.")

    monkeypatch.setattr(scheduling, "solve", no_plan)
    result = cli.invoke(args=["plan", "--date", scene.day.isoformat(), "--time-limit", "1"])
    assert result.exit_code == 3
    assert "No plan found" in result.output
    assert operations.plan_from_db(scene.day) is None or not operations.plan_from_db(scene.day).crews
