"""The demo week, solved through the real queue: the figures issue 12 asks for, and a web that keeps answering.

One module-wide set-up (it is slow: the demo leerwerkplaats and two week solves): the demo is built in
a file database, "Genereer week" is asked for each floor (as each floor's supervisor would), and two
RQ workers in their own processes (`flask worker --burst`) solve both weeks at once while the test
keeps requesting pages. The tests then read what was stored. Needs Redis (skips without it, fails in CI).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import scheduling

from tests.app.test_planning_queue import REDIS_URL, redis_or_skip
from tests.databases import empty_database
from tests.floor_date import floor_today

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT = 40  # seconds per floor's week: the demo's figures need the search to get somewhere


class Outcome:
    """What the set-up measured."""

    answered_while_running: list[int]
    wall_seconds: float
    jobs: list
    figures: object
    problem: object
    plan: object
    unplaced: dict
    persons: dict


@pytest.fixture(scope="module")
def demo_week(tmp_path_factory):
    redis_or_skip()
    folder = tmp_path_factory.mktemp("demo-week")
    with empty_database(folder, "demo_week") as url:
        yield _solve_demo_week(folder, url)


def _solve_demo_week(folder: Path, url: str) -> "Outcome":
    from workfloor import create_app, demo
    from workfloor.extensions import db
    from workfloor.models import Floor, SolveJob, User
    from workfloor.planning import jobs, queue
    from workfloor.planning.adapter import PlanningWeek
    from workfloor.planning.week import monday_of
    from workfloor.planning.weekboard import week_figures

    app = create_app({"WORKFLOOR_ENV": "test", "SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": REDIS_URL})
    out = Outcome()
    with app.app_context():
        db.create_all()
        demo.build()
        db.session.commit()
        queue.queue().empty()
        monday = monday_of(floor_today() + timedelta(days=3))
        floors = db.session.execute(db.select(Floor).order_by(Floor.id)).scalars().all()
        coordinator = db.session.execute(db.select(User).where(User.role == "coordinator")).scalars().first()
        started = []
        for floor in floors:
            job = jobs.start(monday, {floor.id}, coordinator, kind="week", time_limit=TIME_LIMIT)
            db.session.commit()
            jobs.launch(job.id)
            started.append(job.id)
        env = {**os.environ, "WORKFLOOR_ENV": "development", "DATABASE_URL": url, "REDIS_URL": REDIS_URL,
               "SECRET_KEY": "x" * 40, "PYTHONPATH": str(ROOT)}
        flask = str(Path(sys.executable).with_name("flask"))
        began = time.monotonic()
        # PostgreSQL: a worker per floor, solving at once. SQLite: one worker takes both in turn (two
        # processes writing one SQLite file wait on each other's locks: production runs PostgreSQL).
        count = len(started) if not url.startswith("sqlite") else 1
        logs = [open(folder / f"worker-{i}.log", "wb") for i in range(count)]  # noqa: SIM115
        workers = [subprocess.Popen([flask, "--app", "workfloor", "worker", "--burst"], cwd=ROOT, env=env,
                                    stdout=log, stderr=subprocess.STDOUT) for log in logs]
        client = app.test_client()
        out.answered_while_running = []
        try:
            while any(w.poll() is None for w in workers):
                db.session.expire_all()
                states = [db.session.get(SolveJob, j).status for j in started]
                if "running" in states:
                    response = client.get("/login")  # a web request while a week solve runs elsewhere
                    still = [db.session.get(SolveJob, j).status for j in started]
                    if "running" in still:
                        out.answered_while_running.append(response.status_code)
                db.session.rollback()  # end the read: SQLite's writers (the workers) must not wait for it
                time.sleep(0.5)
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                w.wait()
            for log in logs:
                log.close()
        out.wall_seconds = time.monotonic() - began
        db.session.expire_all()
        out.jobs = [(j.status, j.error, j.result and j.result.get("status")) for j in
                    (db.session.get(SolveJob, i) for i in started)]
        week = PlanningWeek(monday, {f.id for f in floors})
        out.problem, out.plan = week.problem, week.plan
        out.figures = week_figures(out.problem, out.plan)
        out.persons = {f"L{x.id}": x.person_id for x in week.learners}
        out.unplaced = {(d, p.floor_id): list(p.unplaced or []) for d in week.days
                        for p in week.plans[d].plans.values()}
        print(f"\ndemo week {monday}: two floors through RQ in {out.wall_seconds:.1f} s wall; "
              f"placed {out.figures.placed}/{out.figures.available}, practice {out.figures.practice_share:.1%}, "
              f"mentor {out.figures.mentor_share:.1%}, goals short {len(out.figures.goal_shortfalls)} "
              f"{dict(Counter(g.reason for _x, g in out.figures.goal_shortfalls))}")
        queue.queue().empty()
        db.session.remove()
        db.engine.dispose()
    return out


def test_both_floors_solve_through_the_queue_into_a_valid_week_plan(demo_week):
    assert [status for status, _error, _result in demo_week.jobs] == ["done", "done"], demo_week.jobs
    verdict = scheduling.validate(demo_week.problem, demo_week.plan)
    assert verdict.valid, verdict.violations[:3]


def test_a_web_request_is_answered_while_a_week_solve_runs(demo_week):
    assert demo_week.answered_while_running and set(demo_week.answered_while_running) == {200}


def test_everyone_who_shows_up_is_placed_or_the_board_says_why(demo_week):
    told = {(f["person"], d.isoformat(), f["block"]) for (d, _floor), found in demo_week.unplaced.items()
            for f in found if f.get("rule")}
    learners = {x.id: x for x in demo_week.problem.learners}
    idle = 0
    for lid, week in demo_week.figures.learners.items():
        for day in demo_week.problem.days:
            for block in learners[lid].free(day):
                if block not in week.days.get(day, {}):
                    idle += 1
                    assert (demo_week.persons[lid], day, block) in told, (lid, day, block)
    assert idle == demo_week.figures.available - demo_week.figures.placed


def test_at_least_90_percent_of_placed_blocks_practise_a_goal(demo_week):
    assert demo_week.figures.practice_share >= 0.90


def test_every_goal_practised_twice_or_its_exception_named(demo_week):
    from workfloor.planning.weekboard import AVAILABILITY, GOAL_REASONS
    short = demo_week.figures.goal_shortfalls
    assert all(goal.reason in GOAL_REASONS for _learner, goal in short)
    # The issue asks every goal twice wherever availability allows. SPEC's goals level counts
    # weight x min(practice, per_week): where a learner's blocks of a goal's jobs went to other goals of
    # theirs that weigh as much or more, spreading would lower it, and the polish never lowers the
    # score (spread breaks ties only). Measured since the demo's goals follow each ploeg's work: 7 goals
    # short, 2 for availability and 5 "other goals first", none where the places went to others (before:
    # 24 and 41). This holds that, with a margin: a change that loses practice fails.
    beyond = [goal for _learner, goal in short if goal.reason not in AVAILABILITY]
    assert all(goal.reason == "other_goals" for goal in beyond)
    assert len(beyond) <= 12, len(beyond)


def test_most_blocks_have_the_mentor_in_the_crew(demo_week):
    # The issue asks 80 %. Measured 88.5 % on SQLite and PostgreSQL (each floor at its optimal score,
    # then polished). SPEC's goals level comes before the mentor level, so this holds because the demo
    # is a floor where a vaste begeleider leads a ploeg and its learners' goals are in what the ploeg's work
    # practises (``planning.demo.form_ploegen``); with goals drawn across the whole floor it stayed at
    # 70-75 % (proven on cleaning). The margin below what is measured is for a slower machine.
    assert demo_week.figures.mentor_share >= 0.80
