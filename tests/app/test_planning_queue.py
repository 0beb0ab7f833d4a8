"""Solves on a real job queue: RQ on the Redis at 127.0.0.1:6379 (db 2 unless TEST_REDIS_URL says otherwise).

Without Redis these tests skip (CI fails them instead: `.ci/run` starts Redis).
"""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
import scheduling

from tests.app.test_planning_week import week_scene  # noqa: F401  (fixture)
from workfloor.models import DayPlan, SolveJob
from workfloor.planning import jobs, queue
from workfloor.planning.adapter import PlanningWeek

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def redis_or_skip(url: str = REDIS_URL):
    from redis import Redis
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as error:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"needs Redis at {url} for the queue tests; CI must provide it ({error})", pytrace=False)
        pytest.skip(f"needs Redis at {url} for the queue tests ({error})")


@pytest.fixture
def on_the_queue(app):
    """Solves go to RQ for this test; the planning queue starts and ends empty."""
    redis_or_skip()
    old = app.config.get("REDIS_URL")
    app.config["REDIS_URL"] = REDIS_URL
    with app.app_context():
        queue.queue().empty()
    yield
    with app.app_context():
        queue.queue().empty()
    app.config["REDIS_URL"] = old


def test_a_week_solve_runs_through_rq_on_redis(week_scene, on_the_queue, make_user, db):  # noqa: F811
    user = make_user("coordinator")
    job = jobs.start(week_scene.monday, {week_scene.floor.id}, user, kind="week", time_limit=5)
    db.session.commit()
    jobs.launch(job.id)
    assert queue.queue().count == 1  # on the queue, not solved by this process
    assert db.session.get(SolveJob, job.id).status == "queued"
    queue.work(burst=True, simple=True)  # a worker takes it (in this process, so it sees the test's database)
    db.session.expire_all()
    done = db.session.get(SolveJob, job.id)
    assert done.status == "done", done.error
    assert done.result["format"] == "workfloor-plan/2" and done.progress.get("score")
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    assert scheduling.validate(week.problem, week.plan).valid
    assert len(db.session.execute(db.select(DayPlan).where(DayPlan.floor_id == week_scene.floor.id)).all()) == 5
    status = jobs.status_json(done)
    assert status["status"] == "done" and any("dagdelen ingepland" in line for line in status["result"]["score_nl"])


def test_a_job_the_queue_lost_shows_as_failed(week_scene, on_the_queue, make_user, db):  # noqa: F811
    from rq.job import Job
    user = make_user("coordinator")
    job = jobs.start(week_scene.monday, {week_scene.floor.id}, user, kind="week", time_limit=5)
    db.session.commit()
    jobs.launch(job.id)
    assert jobs.status_json(job)["status"] == "queued"  # young, and on the queue
    rq_job = Job.fetch(queue.rq_id(job.id), connection=queue.connection())
    queue.queue().remove(rq_job)
    rq_job.set_status("failed")  # what RQ records when a worker's horse dies
    job.created_at -= timedelta(seconds=queue.GRACE_SECONDS + 5)
    db.session.flush()
    status = jobs.status_json(job)
    assert status["status"] == "failed" and status["error"]
    assert jobs.running_on(week_scene.monday, {week_scene.floor.id}, kinds=("week",)) is None
    rq_job.delete()
    assert jobs.status_json(job)["status"] == "failed"  # gone from Redis altogether: lost too


def test_the_worker_command_needs_redis(cli, app):
    old = app.config.get("REDIS_URL")
    app.config["REDIS_URL"] = ""
    try:
        result = cli.invoke(args=["worker", "--burst"])
    finally:
        app.config["REDIS_URL"] = old
    assert result.exit_code == 2 and "REDIS_URL is not set" in result.output
