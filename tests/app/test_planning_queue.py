"""Solves on a real job queue: RQ on the Redis at 127.0.0.1:6379 (db 2 unless TEST_REDIS_URL says otherwise).

Without Redis these tests skip (CI fails them instead: `.ci/run` starts Redis).
"""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
import scheduling

from tests.app.test_planning_week import week_scene  # noqa: F401  (fixture)
from tests.floor_date import floor_today
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


def test_a_job_the_queue_lost_shows_as_failed(week_scene, on_the_queue, make_user, db, monkeypatch):  # noqa: F811
    from rq.job import Job
    user = make_user("coordinator")
    job = jobs.start(week_scene.monday, {week_scene.floor.id}, user, kind="week", time_limit=5)
    db.session.commit()
    jobs.launch(job.id)
    assert jobs.status_json(job)["status"] == "queued"  # young, and on the queue
    rq_job = Job.fetch(queue.rq_id(job), connection=queue.connection())
    queue.queue().remove(rq_job)
    rq_job.set_status("failed")  # what RQ records when a worker's horse dies
    monkeypatch.setattr(queue, "GRACE_SECONDS", 0)  # past the moment a new job may not be on the queue yet
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


@pytest.fixture(scope="module")
def killed_worker(tmp_path_factory):
    """A real worker process whose work horse is killed mid-solve; what the board then says about the job.

    Module-scoped, so it runs before the per-test rollback session and talks to its own file database.
    """
    tmp_path = tmp_path_factory.mktemp("lost")
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from workfloor import create_app
    from workfloor.extensions import db
    from workfloor.models import (
        Assignment, DrivingLicence, Floor, Learner, Person, Site, Supervisor, User, Vehicle, WorkBlock,
    )
    from workfloor.planning.week import monday_of

    redis_or_skip()
    url = f"sqlite:///{tmp_path / 'lost.sqlite'}"
    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": REDIS_URL})
    root = Path(__file__).resolve().parents[2]
    with app.app_context():
        db.create_all()
        queue.queue().empty()
        monday = monday_of(floor_today() + timedelta(days=7))
        floor = Floor(name="Groen", domain="green", base="Basis")
        park, base = Site(name="Park", address="-", travel_minutes=10), Site(name="Serre", address="-", travel_minutes=0)
        db.session.add_all([floor, park, base, Vehicle(name="Bus", seats=9, licence="B", floor=floor)])
        supervisors = [Supervisor(person=Person(first_name=f"S{i}", last_name="B",
                                                licences=[DrivingLicence(category="B")]),
                                  floors=[floor], max_learners=6) for i in range(4)]
        db.session.add_all(supervisors)
        for i in range(36):  # big enough that a week solve runs for a while
            db.session.add(Learner(person=Person(first_name=f"L{i}", last_name="W"), floors=[floor],
                                   contract_start=monday - timedelta(days=30), mentor=supervisors[i % 4],
                                   work_blocks=[WorkBlock(weekday=d, block=b) for d in range(5) for b in ("am", "pm")
                                                if (i + d) % 4 or b == "am"]))
        for d in range(5):
            for j in range(4):
                db.session.add(Assignment(name=f"Werk {d}{j}", floor=floor, site=park if j % 2 else base,
                                          day=monday + timedelta(days=d), morning=True, afternoon=j != 3,
                                          min_learners=1, max_learners=6, priority=1 + j,
                                          trains=[["green.mowing"], ["green.weeding"], ["green.planting"], []][j]))
        coordinator = User(person=Person(first_name="C", last_name="O"), email="c@example.org", role="coordinator",
                           password_hash="-")
        db.session.add(coordinator)
        db.session.commit()
        job = jobs.start(monday, {floor.id}, coordinator, kind="week", time_limit=120)
        db.session.commit()
        jobs.launch(job.id)
        env = {**os.environ, "WORKFLOOR_ENV": "development", "DATABASE_URL": url, "REDIS_URL": REDIS_URL,
               "SECRET_KEY": "x" * 40, "PYTHONPATH": str(root)}
        with open(tmp_path / "worker.log", "wb") as log:
            worker = subprocess.Popen([str(Path(sys.executable).with_name("flask")), "--app", "workfloor", "worker",
                                       "--burst"], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    db.session.expire_all()
                    running = db.session.get(jobs.SolveJob, job.id).status == "running"
                    db.session.rollback()
                    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
                    horses = children.read_text().split() if children.exists() else []
                    if running and horses:
                        break
                    time.sleep(0.2)
                assert running and horses, "the worker never started the solve"
                os.kill(int(horses[0]), signal.SIGKILL)  # the work horse dies mid-solve
                worker.wait(timeout=60)
            finally:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
        lost = db.session.get(jobs.SolveJob, job.id)
        grace, queue.GRACE_SECONDS = queue.GRACE_SECONDS, 0  # past the moment a new job may not be queued yet
        try:
            outcome = {"row": lost.status, "board": jobs.status_json(lost),
                       "running": jobs.running_on(monday, {floor.id}, kinds=jobs.WEEK_KINDS)}
        finally:
            queue.GRACE_SECONDS = grace
        queue.queue().empty()
        db.session.remove()
        db.engine.dispose()
    return outcome


def test_a_job_whose_worker_dies_shows_as_failed(killed_worker):
    assert killed_worker["row"] == "running"  # the job's row never heard of it ...
    assert killed_worker["board"]["status"] == "failed" and killed_worker["board"]["error"]  # ... the board did
    assert killed_worker["running"] is None  # and a new solve of that week may start
