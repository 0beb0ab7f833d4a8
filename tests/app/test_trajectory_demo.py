"""The demo covers the trajectory file, and the city's report over it matches what its tables say."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from workfloor.models import (
    Agreement, ContactEntry, EvaluationMeeting, Learner, Obstacle, TrajectoryContract, TrajectoryOutcome,
)
from workfloor.trajectory.report import city_report
from tests.floor_date import floor_today


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_holds_meetings_agreements_contacts_obstacles_and_outcomes(cli, db):
    result = cli.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    learners = _count(db, Learner)
    assert _count(db, TrajectoryContract) == learners
    assert _count(db, EvaluationMeeting, EvaluationMeeting.held_on.is_not(None)) > learners
    assert _count(db, EvaluationMeeting, EvaluationMeeting.held_on.is_(None)) > 0  # some planned ahead
    assert _count(db, Agreement, Agreement.status == "open") > 0 and _count(db, Agreement, Agreement.goal_id.is_not(None))
    assert _count(db, ContactEntry, ContactEntry.follow_up_on <= floor_today(),
                  ContactEntry.follow_up_done.is_(False)) > 0
    assert _count(db, Obstacle) == 7 and _count(db, TrajectoryOutcome) == 8
    from workfloor.trajectory.operations import rights_for
    rights = rights_for(db.session.execute(select(Learner)).scalars().all(), floor_today()).values()
    assert sum(r.ends_soon for r in rights) == 2 and 0 < sum(r.unreachable for r in rights) < learners / 4


def test_the_report_over_the_demo_matches_the_hand_count(cli, db):
    """Counted from the demo's tables (workfloor/trajectory/demo.py): 8 outcomes over the last 8 weeks,
    3 to a regular job and 2 to the social economy; 7 obstacles, 4 still open and 3 solved in that time."""
    cli.invoke(args=["demo-data"])
    today = floor_today()
    report = city_report(select(Learner), today - timedelta(weeks=9), today)
    assert report.active.value == _count(db, Learner)
    assert {kind: int(figure.value) for kind, figure in report.outcomes.items()} == {
        "regular_job": 3, "social_economy": 2, "training": 1, "other_programme": 1, "dropout": 1, "other": 0}
    assert report.outcome_rate("regular_job") == 3 / 8 and report.outcome_rate("social_economy") == 2 / 8
    assert (report.obstacles_open.value, report.obstacles_solved.value) == (4, 3)
    assert report.hours.value > 0 and report.evaluations_due.value >= report.evaluations_on_time.value > 0
