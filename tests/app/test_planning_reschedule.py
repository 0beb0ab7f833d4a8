"""A flexible job moved by hand to another day of its window, from the day board."""
from __future__ import annotations

from datetime import timedelta

import pytest
import scheduling
from sqlalchemy import select

from tests.app.test_planning_week import week_scene  # noqa: F401  (fixture)
from workfloor.models import DayPlan, PlanEvent
from workfloor.planning import operations
from workfloor.planning.adapter import PlanningWeek
from workfloor.planning.problem import key

JSON = {"Accept": "application/json"}


@pytest.fixture
def supervisor(week_scene, login):  # noqa: F811
    return login(week_scene.supervisors[0].person.user)


def _post(client, week_scene, day, to_day, *, assignment=None, version=None):  # noqa: F811
    floors = {week_scene.floor.id}
    return client.post(f"/planning/{day.isoformat()}/reschedule", headers=JSON, data={
        "assignment": str(assignment if assignment is not None else week_scene.flexible.id),
        "to_day": to_day if isinstance(to_day, str) else to_day.isoformat(),
        "version": version if version is not None else operations.plan_token(day, floors)})


def _staff_the_week(week_scene, db):  # noqa: F811
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})
    plan = scheduling.solve(week.problem, time_limit=5, pins=week.pins)
    week.store(plan, None, "generated", ("x", {}))
    db.session.commit()  # a refused post rolls back its request's session


def test_the_board_offers_the_other_days_of_a_flexible_jobs_window(client, db, week_scene, supervisor):  # noqa: F811
    tuesday = week_scene.monday + timedelta(days=1)
    page = client.get(f"/planning/{tuesday.isoformat()}").get_data(as_text=True)
    form = page[page.index('id="reschedule-day-'):]
    form = form[:form.index("</select>")]
    offered = {(tuesday + timedelta(days=n)).isoformat() for n in (1, 2)}
    assert {d for d in offered if f'value="{d}"' in form} == offered
    assert f'value="{tuesday.isoformat()}"' not in form  # not the day it is on
    assert f'value="{week_scene.monday.isoformat()}"' not in form  # not outside the window
    assert page.count('class="reschedule-assignment"') == 1  # the fixed jobs have no other day


def test_moving_a_flexible_job_releases_its_crew_and_logs_both_days(client, db, week_scene, supervisor):  # noqa: F811
    _staff_the_week(week_scene, db)
    flexible = week_scene.flexible
    day = flexible.day
    to_day = next(d for d in (week_scene.monday + timedelta(days=n) for n in (1, 2, 3)) if d != day)
    response = _post(client, week_scene, day, to_day)
    assert response.status_code == 200, response.get_json()
    assert f"{to_day.day}/{to_day.month}" in response.get_json()["message"]
    db.session.expire_all()
    assert flexible.day == to_day
    draft = operations.day_plan_for(day, week_scene.floor.id)
    assert not [m for m in draft.members if m.assignment_id == flexible.id]
    kinds = set(db.session.execute(select(DayPlan.day, PlanEvent.kind).join(DayPlan, PlanEvent.plan_id == DayPlan.id)))
    assert {(day, "rescheduled"), (to_day, "rescheduled")} <= kinds
    week = PlanningWeek(week_scene.monday, {week_scene.floor.id})  # the week reads it on its new day
    assert not any(c.assignment == key("assignment", flexible.id) and c.day == day.isoformat()
                   for c in week.plan.crews)


@pytest.mark.parametrize("to_day", ["monday", "friday", "9999-12-31", "", "tuesday\x00", "same"])
def test_a_day_outside_the_window_is_refused_and_nothing_changes(client, db, week_scene, supervisor,  # noqa: F811
                                                                  to_day):
    flexible = week_scene.flexible
    day = flexible.day
    days = {"monday": week_scene.monday, "friday": week_scene.monday + timedelta(days=4), "same": day}
    response = _post(client, week_scene, day, days[to_day].isoformat() if to_day in days else to_day)
    assert response.status_code == 400
    if "\x00" not in to_day:  # control characters are refused at the edge, before the board
        assert response.get_json()["message"]
    db.session.expire_all()
    assert flexible.day == day


def test_a_fixed_job_has_no_other_day(client, db, week_scene, supervisor):  # noqa: F811
    fixed = week_scene.fixed[2]  # Hagen on Tuesday
    response = _post(client, week_scene, fixed.day, fixed.day + timedelta(days=1), assignment=fixed.id)
    assert response.status_code == 400
    db.session.expire_all()
    assert fixed.day == week_scene.monday + timedelta(days=1)


def test_a_stale_board_gets_409_and_nothing_moves(client, db, week_scene, supervisor):  # noqa: F811
    flexible = week_scene.flexible
    day = flexible.day
    stale = operations.plan_token(day, {week_scene.floor.id})
    _staff_the_week(week_scene, db)  # someone else changed the day meanwhile
    day = flexible.day
    response = _post(client, week_scene, day, operations.reschedule_days(flexible, week_scene.monday)[0],
                     version=stale)
    assert response.status_code == 409
    db.session.expire_all()
    assert flexible.day == day


def test_a_published_crew_must_be_released_first(client, db, week_scene, supervisor):  # noqa: F811
    _staff_the_week(week_scene, db)
    flexible = week_scene.flexible
    day = flexible.day
    draft = operations.day_plan_for(day, week_scene.floor.id)
    assert [m for m in draft.members if m.assignment_id == flexible.id], "the week plan staffs the flexible job"
    operations.publish(draft, None)
    db.session.commit()
    response = _post(client, week_scene, day, operations.reschedule_days(flexible, week_scene.monday)[0])
    assert response.status_code == 400
    assert "gepubliceerd" in response.get_json()["message"]
    db.session.expire_all()
    assert flexible.day == day


def test_learners_may_not_move_jobs(client, db, week_scene, login):  # noqa: F811
    login(week_scene.learners[0].person.user)
    day = week_scene.flexible.day
    response = _post(client, week_scene, day, day + timedelta(days=1))
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert week_scene.flexible.day == day
