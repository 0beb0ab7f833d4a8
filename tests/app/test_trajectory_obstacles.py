"""Obstacles: signalled by supervisor or counsellor, followed up to solved; what a supervisor may see."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import count, text
from tests.floor_date import floor_today
from workfloor.models import Obstacle
from workfloor.trajectory import operations as ops


@pytest.fixture
def floor(make_floor):
    return make_floor()


@pytest.fixture
def supervisor(make_supervisor, floor):
    return make_supervisor(floors=[floor])


@pytest.fixture
def learner(make_learner, floor, counsellor):
    return make_learner(floors=[floor], counsellor=counsellor.person)


def test_signal_and_solve(client, login, supervisor, counsellor, learner, db):
    login(supervisor.person.user)
    form = text(client.get(f"/trajectory/learners/{learner.id}/obstacles"))
    assert "Geen diagnoses." in form
    response = client.post(f"/trajectory/learners/{learner.id}/obstacles",
                           data={"category": "transport", "note": "Eerste bus komt pas om 8u30", "affects_work": "y"})
    assert response.status_code == 302
    obstacle = db.session.execute(select(Obstacle)).scalar_one()
    assert (obstacle.status, obstacle.signalled_by_id, obstacle.affects_work) == ("open", supervisor.person.user.id, True)
    login(counsellor)
    assert "belemmering: Vervoer" in text(client.get("/progress/"))
    response = client.post(f"/trajectory/obstacles/{obstacle.id}/follow-up",
                           data={"action_taken": "Fiets geregeld via de sociale dienst", "status": "solved",
                                 "solved_on": floor_today().isoformat(), "affects_work": "y",
                                 "version": obstacle.version})
    assert response.status_code == 302
    db.session.refresh(obstacle)
    assert obstacle.status == "solved" and obstacle.solved_on == floor_today()
    assert "belemmering" not in text(client.get("/progress/"))


def test_the_supervisor_sees_existence_and_category_only_when_it_affects_the_work(
        client, login, supervisor, counsellor, learner, db):
    ops.signal_obstacle(learner, category="debts", note="SCHULD-NOTITIE", affects_work=False, user=counsellor,
                        today=floor_today())
    ops.signal_obstacle(learner, category="childcare", note="OPVANG-NOTITIE", affects_work=True, user=counsellor,
                        today=floor_today())
    login(supervisor.person.user)
    for url in (f"/trajectory/learners/{learner.id}/obstacles", f"/trajectory/learners/{learner.id}", "/progress/"):
        page = text(client.get(url)).split('class="obstacle-form"')[0]  # the form offers every category
        assert "Schulden" not in page and "SCHULD-NOTITIE" not in page and "OPVANG-NOTITIE" not in page, url
        assert "Kinderopvang" in page, url
    caseload = text(client.get("/progress/"))
    assert caseload.count("flag-obstacle") == 2  # both exist
    login(counsellor)
    page = text(client.get(f"/trajectory/learners/{learner.id}/obstacles"))
    assert "Schulden" in page and "SCHULD-NOTITIE" in page


def test_only_counsellor_or_coordinator_follows_up(client, login, supervisor, counsellor, learner, db):
    obstacle = ops.signal_obstacle(learner, category="health", note="Kan niet lang staan", affects_work=True,
                                   user=counsellor, today=floor_today())
    login(supervisor.person.user)
    assert client.get(f"/trajectory/obstacles/{obstacle.id}/follow-up").status_code == 403


@pytest.mark.parametrize("data,message", [
    ({"category": "aliens", "note": "x"}, "Kies een soort belemmering."),
    ({"category": "housing", "note": ""}, "Schrijf kort wat er speelt."),
    ({"category": "housing", "note": "x" * 501}, "Hoogstens 500 tekens."),
])
def test_bad_signals_get_dutch_messages(client, login, counsellor, learner, db, data, message):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/obstacles", data=data)
    assert response.status_code == 400 and message in text(response)
    assert count(db, Obstacle) == 0


def test_solved_needs_a_date_not_before_the_signal(client, login, counsellor, learner, db):
    obstacle = ops.signal_obstacle(learner, category="language", note="Begrijpt werkbriefjes niet", affects_work=True,
                                   user=counsellor, today=floor_today())
    login(counsellor)
    base = {"status": "solved", "version": obstacle.version}
    response = client.post(f"/trajectory/obstacles/{obstacle.id}/follow-up", data=base)
    assert response.status_code == 400 and "Vul in wanneer het opgelost is." in text(response)
    response = client.post(f"/trajectory/obstacles/{obstacle.id}/follow-up",
                           data=base | {"solved_on": (floor_today() - timedelta(days=3)).isoformat()})
    assert response.status_code == 400 and "Opgelost kan niet vóór het signaal" in text(response)
    db.session.refresh(obstacle)
    assert obstacle.status == "open"


def test_a_stale_follow_up_gets_409(client, login, counsellor, learner, db):
    obstacle = ops.signal_obstacle(learner, category="other", note="x", affects_work=False, user=counsellor,
                                   today=floor_today())
    login(counsellor)
    data = {"status": "open", "action_taken": "Gebeld", "version": obstacle.version}
    assert client.post(f"/trajectory/obstacles/{obstacle.id}/follow-up", data=data).status_code == 302
    response = client.post(f"/trajectory/obstacles/{obstacle.id}/follow-up", data=data | {"action_taken": "Mijn tekst"})
    assert response.status_code == 409 and "Mijn tekst" in text(response)
