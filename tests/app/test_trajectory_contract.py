"""Contract and rights: days worked from attendance, days needed from the setting, the flags, phase history,
and ending the trajectory with its outcome."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import count, text
from workfloor.models import AttendanceEntry, PhaseChange, TrajectoryContract, TrajectoryOutcome
from workfloor.trajectory import operations as ops
from workfloor.trajectory.rights import rights_on, working_days_left
from workfloor.vocabulary import Phase

MONDAY = date(2026, 3, 2)


def test_working_days_left_counts_the_pattern_after_today():
    assert working_days_left({0, 2}, MONDAY, MONDAY + timedelta(days=13)) == 3  # Wed, Mon, Wed
    assert working_days_left({0}, MONDAY, MONDAY) == 0
    assert working_days_left({0}, MONDAY, None) is None


def test_flags_ends_soon_and_unreachable():
    end = MONDAY + timedelta(weeks=8)
    rights = rights_on(MONDAY, days_worked=300, days_needed=312, weekdays=range(5), ends_on=end)
    assert rights.ends_soon and not rights.unreachable and rights.days_left == 40
    rights = rights_on(MONDAY, days_worked=200, days_needed=312, weekdays=range(5), ends_on=end)
    assert rights.unreachable and rights.days_to_go == 112
    later = rights_on(MONDAY, days_worked=0, days_needed=312, weekdays=range(5), ends_on=end + timedelta(days=1))
    assert not later.ends_soon
    assert not rights_on(MONDAY, days_worked=0, days_needed=312, weekdays=range(5), ends_on=None).unreachable
    ended = rights_on(MONDAY, days_worked=10, days_needed=312, weekdays=range(5), ends_on=MONDAY - timedelta(days=1))
    assert not ended.unreachable and not ended.ends_soon


@pytest.fixture
def learner(make_learner, counsellor):
    return make_learner(counsellor=counsellor.person, contract_start=date(2026, 1, 5), contract_end=date(2026, 12, 31))


def test_days_worked_count_attended_days_once_within_the_contract(db, learner):
    rows = [("2026-01-05", "am", "present"), ("2026-01-05", "pm", "late"), ("2026-01-06", "am", "absent_excused"),
            ("2026-01-07", "pm", "late"), ("2026-01-02", "am", "present"), ("2026-02-01", "am", "present")]
    db.session.add_all([AttendanceEntry(learner_id=learner.id, day=date.fromisoformat(day), block=block, status=status)
                        for day, block, status in rows])
    db.session.flush()
    assert ops.days_worked([learner.id], date(2026, 1, 31)) == {learner.id: 2}


def test_the_contract_form_and_its_flags(client, login, counsellor, learner, db):
    login(counsellor)
    page = text(client.get(f"/trajectory/learners/{learner.id}/contract"))
    assert "0 tot 35 jaar: 312 dagen" in page and "vanaf 50 jaar: 624 dagen" in page
    response = client.post(f"/trajectory/learners/{learner.id}/contract",
                           data={"kind": "art60", "intake_on": "2025-12-15", "days_needed": "468", "prior_days": "20"})
    assert response.status_code == 302
    contract = db.session.execute(select(TrajectoryContract)).scalar_one()
    assert (contract.days_needed, contract.prior_days) == (468, 20)
    page = text(client.get(f"/trajectory/learners/{learner.id}"))
    assert "Artikel 60 §7" in page and "20 van de 468 dagen" in page
    # The contract ends in 2026 and 468 days do not fit: the caseload says so.
    assert "flag-rights" in text(client.get("/progress/"))


@pytest.mark.parametrize("data,message", [
    ({"kind": "art60", "days_needed": "999", "prior_days": "0"}, "Kies een aantal dagen uit de lijst."),
    ({"kind": "vast", "days_needed": "312", "prior_days": "0"}, "Kies een soort contract."),
    ({"kind": "art60", "days_needed": "312", "prior_days": "1.5"}, "Vul een geheel getal in."),
    ({"kind": "art60", "days_needed": "312", "prior_days": "-3"}, "Kies een aantal van 0 tot 2000."),
])
def test_bad_contracts_get_dutch_messages(client, login, counsellor, learner, db, data, message):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/contract", data=data)
    assert response.status_code == 400 and message in text(response)
    assert count(db, TrajectoryContract) == 0


def test_a_stale_contract_edit_gets_409(client, login, counsellor, learner, db):
    contract = ops.save_contract(learner, None, kind="art60", intake_on=None, days_needed=312, prior_days=0)
    login(counsellor)
    data = {"kind": "twe", "days_needed": "312", "prior_days": "0", "version": contract.version}
    assert client.post(f"/trajectory/learners/{learner.id}/contract", data=data).status_code == 302
    assert client.post(f"/trajectory/learners/{learner.id}/contract", data=data | {"prior_days": "9"}).status_code == 409


def test_the_phase_history(client, login, counsellor, learner, db):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/phase",
                           data={"phase": "guidance_to_work", "started_on": "2026-02-01", "note": "Klaar voor jobs"})
    assert response.status_code == 302
    db.session.refresh(learner)
    assert learner.phase == "guidance_to_work"
    assert db.session.execute(select(PhaseChange.phase)).scalars().all() == ["guidance_to_work"]
    response = client.post(f"/trajectory/learners/{learner.id}/phase", data={"phase": "work", "started_on": "2025-01-01"})
    assert response.status_code == 400 and "vóór de start van het contract" in text(response)
    assert f"{Phase.GUIDANCE_TO_WORK.label} · Klaar voor jobs" in text(client.get(f"/trajectory/learners/{learner.id}"))


def test_end_the_trajectory_with_an_outcome(client, login, counsellor, learner, db):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/outcome",
                           data={"ended_on": "2026-06-30", "kind": "regular_job", "employer": "Groendienst Peeters",
                                 "reason": "Vast contract als groenarbeider"})
    assert response.status_code == 302
    outcome = db.session.execute(select(TrajectoryOutcome)).scalar_one()
    db.session.refresh(learner)
    assert (outcome.kind, outcome.ended_on, learner.contract_end) == ("regular_job", date(2026, 6, 30),
                                                                      date(2026, 6, 30))
    page = text(client.get(f"/trajectory/learners/{learner.id}"))
    assert "Traject afgesloten op" in page and "Groendienst Peeters" in page
    # Contacts in the six months after are aftercare.
    assert "Nazorg tot" in text(client.get(f"/trajectory/learners/{learner.id}/contacts"))


def test_an_outcome_before_the_contract_start_is_refused(client, login, counsellor, learner, db):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/outcome",
                           data={"ended_on": "2025-06-30", "kind": "dropout"})
    assert response.status_code == 400 and "vóór de start van het contract" in text(response)
    response = client.post(f"/trajectory/learners/{learner.id}/outcome", data={"ended_on": "2026-06-30", "kind": "x"})
    assert response.status_code == 400 and "Kies waar de leerwerknemer naartoe gaat." in text(response)
    assert count(db, TrajectoryOutcome) == 0


def test_a_supervisor_cannot_end_a_trajectory(client, login, make_supervisor, learner):
    login(make_supervisor(floors=learner.floors).person.user)
    assert client.get(f"/trajectory/learners/{learner.id}/outcome").status_code == 403
