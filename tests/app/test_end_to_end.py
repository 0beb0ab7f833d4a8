"""The whole day through the test client: demo data, generate, edit with a warning,
publish, a sick call, replan, the learner's view and the calendar feed."""
import re
from datetime import date, timedelta

import pytest
import scheduling
from sqlalchemy import select

from workfloor import demo
from workfloor.models import Absence, DayPlan, Floor, Learner, PlanEvent, User
from workfloor.planning.problem import DayData
from workfloor.planning import operations
from tests.floor_date import floor_today

JSON = {"X-Requested-With": "fetch", "Accept": "application/json"}


@pytest.fixture
def solve_in_request(app):
    old = {k: app.config.get(k) for k in ("PLANNING_SOLVE_SYNC", "PLANNING_TIME_LIMIT")}
    app.config.update(PLANNING_SOLVE_SYNC=True, PLANNING_TIME_LIMIT=5)
    yield
    app.config.update(old)


def _working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _plan(db, day) -> DayPlan:
    """The green floor's plan that the board shows (its draft revision, else the published plan)."""
    db.session.expire_all()
    green = db.session.execute(select(Floor.id).where(Floor.domain == "green")).scalar_one()
    return operations.current_plans(day, {green}, full=True)[green]


def _token(client, url) -> str:
    return re.search(r'data-version="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _log_in(client, email):
    client.post("/logout")
    response = client.post("/login", data={"email": email, "password": demo.PASSWORD})
    assert response.status_code == 302


def _run_job(client, response) -> dict:
    assert response.status_code in (200, 202), response.get_json()
    status = client.get(response.get_json()["status_url"]).get_json()
    assert status["status"] == "done", status
    return status


def test_a_supervisor_plans_publishes_and_replans_a_day_and_the_learner_sees_it(app, client, db, solve_in_request):
    demo.build(today=floor_today())
    day = _working_day_after(floor_today())
    url = f"/planning/{day.isoformat()}"
    _log_in(client, "begeleider.green@demo.workfloor.be")
    assert client.get(url).status_code == 200

    # Genereer: the engine fills the green floor's crews and the plan is valid.
    _run_job(client, client.post(f"{url}/generate", data={"version": "0", "time_limit": "5"}, headers=JSON))
    plan = _plan(db, day)
    assert plan.status == "draft" and plan.members

    # A hand edit that breaks a rule: take a crew's only supervisor away. The board warns, the
    # supervisor accepts it with a reason, and the reason is logged.
    supervisor_seat = next(m for m in plan.members if m.role == "supervisor")
    moved = client.post(f"{url}/move", headers=JSON, data={
        "version": _token(client, url), "kind": "supervisor", "subject": supervisor_seat.person_id,
        "source": [supervisor_seat.assignment_id], "target": ""})
    body = moved.get_json()
    assert moved.status_code == 200 and body["warnings"], body
    accepted = client.post(f"{url}/accept", headers=JSON, data={
        "version": body["version"], "event": body["event"], "reason": "Begeleider komt na de middag"})
    assert accepted.status_code == 200, accepted.get_json()
    assert db.session.execute(select(PlanEvent).where(PlanEvent.reason == "Begeleider komt na de middag")).scalar()

    # Publish: from now on every change is versioned.
    published = client.post(f"{url}/publish", headers=JSON, data={"version": accepted.get_json()["version"]})
    assert published.status_code == 200
    plan = _plan(db, day)
    assert plan.status == "published" and plan.revision == 1

    # 7:45, a sick call: mark a placed learner absent, let the engine propose the smallest change, confirm.
    sick = next(m for m in plan.members if m.role == "learner")
    absent = client.post(f"{url}/absent", headers=JSON, data={
        "version": _token(client, url), "person": sick.person_id, "reason": "sick"})
    assert absent.status_code == 200, absent.get_json()
    assert db.session.execute(select(Absence).where(Absence.person_id == sick.person_id,
                                                    Absence.start_date == day)).scalar()
    replan = client.post(f"{url}/replan", headers=JSON, data={"version": absent.get_json()["version"]})
    proposal = _run_job(client, replan)
    confirmed = client.post(f"/planning/jobs/{replan.get_json()['job']}/confirm", headers=JSON,
                            data={"version": replan.get_json()["version"]})
    assert confirmed.status_code == 200, confirmed.get_json()
    plan = _plan(db, day)
    assert sick.person_id not in {m.person_id for m in plan.members}
    assert plan.status == "draft" and any(e.kind == "replan" for e in plan.events)  # a draft revision...
    assert client.post(f"{url}/publish", headers=JSON, data={"version": _token(client, url)}).status_code == 200
    plan = _plan(db, day)  # ...until the changes are published
    assert plan.status == "published" and plan.revision == 2
    assert proposal["status"] == "done"

    # The stored plan of the green floor passes the project's validator against the day's problem.
    green = {floor.id for floor in db.session.execute(select(Floor).where(Floor.domain == "green")).scalars()}
    verdict = scheduling.validate(DayData(day, green).problem(), operations.plan_from_db(day, green))
    assert verdict.valid, [v.message for v in verdict.violations]

    # The learner sees where to be, and subscribes their phone's calendar.
    placed = next(m for m in plan.members if m.role == "learner")
    learner = db.session.execute(select(Learner).where(Learner.person_id == placed.person_id)).scalar_one()
    account = db.session.execute(select(User).where(User.person_id == placed.person_id)).scalar_one()
    _log_in(client, account.email)
    page = client.get("/schedule/").get_data(as_text=True)
    assert placed.assignment.name in page
    assert client.post(f"/schedule/learner/{learner.id}/calendar").status_code == 302
    db.session.expire_all()
    feed = client.get(f"/schedule/feed/{learner.calendar_token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert placed.assignment.name in feed.get_data(as_text=True)
