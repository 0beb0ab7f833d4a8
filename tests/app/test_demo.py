"""`flask --app workfloor demo-data`: a believable leerwerkplaats, one login per role."""
from sqlalchemy import func, select

from workfloor.models import (
    Assessment, AssignmentTemplate, AttendanceEntry, DevelopmentGoal, Floor, Learner, Site, Supervisor, User, Vehicle,
)


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_data_builds_the_floor_and_prints_a_login_per_role(cli, db):
    result = cli.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    for role in ("coordinator", "supervisor", "counsellor", "learner"):
        assert f"  {role}" in result.output
    assert _count(db, Floor) == 2
    assert _count(db, Supervisor) == 12  # four per floor on sites, two leading the base workshop
    assert _count(db, User, User.role == "counsellor") == 4
    assert 60 <= _count(db, Learner) <= 80
    assert _count(db, Vehicle) == 6
    assert sum("trailer" in v.features for v in db.session.execute(select(Vehicle)).scalars()) == 2
    assert 18 <= _count(db, Site) <= 22
    assert _count(db, AssignmentTemplate) > 0
    # About three months of history, so the counsellor's pages show trends from the first run.
    assert _count(db, Assessment) > 200 and _count(db, AttendanceEntry) > 1000
    assert _count(db, DevelopmentGoal, DevelopmentGoal.status == "met") > 0


def test_part_time_patterns_are_believable(cli, db):
    cli.invoke(args=["demo-data"])
    blocks = [len(l.work_blocks) for l in db.session.execute(select(Learner)).scalars()]
    assert min(blocks) < 10 and max(blocks) == 10  # some work part-time, some full-time


def test_a_second_run_refuses_and_if_empty_leaves_the_data_alone(cli, db):
    cli.invoke(args=["demo-data"])
    learners = _count(db, Learner)
    again = cli.invoke(args=["demo-data"])
    assert again.exit_code == 2 and "not empty" in again.output
    quiet = cli.invoke(args=["demo-data", "--if-empty"])
    assert quiet.exit_code == 0 and "coordinator@" in quiet.output
    assert _count(db, Learner) == learners


def test_demo_data_refuses_in_production(app, cli, db):
    app.config["WORKFLOOR_ENV"] = "production"
    try:
        result = cli.invoke(args=["demo-data"])
    finally:
        app.config["WORKFLOOR_ENV"] = "test"
    assert result.exit_code == 2
    assert _count(db, User) == 0
