"""Availability: who is in on a day, per floor and block; the function and the overview page."""
from __future__ import annotations

import html
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from workfloor.availability.operations import availability_on
from workfloor.models import Absence
from tests.floor_date import floor_today

MONDAY = date(2030, 3, 4)
TUESDAY = MONDAY + timedelta(days=1)
SATURDAY = MONDAY + timedelta(days=5)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Groen test")


@pytest.fixture
def other_floor(make_floor):
    return make_floor(name="Schoonmaak test", domain="cleaning")


@pytest.fixture
def person_learner(make_learner, floor):
    """A learner with a name we choose, on the floor, working every block unless told otherwise."""
    def make(first: str, last: str = "Test", floors=None, **kwargs):
        learner = make_learner(floors=floors or [floor], contract_start=MONDAY - timedelta(days=30), **kwargs)
        learner.person.first_name, learner.person.last_name = first, last
        return learner
    return make


@pytest.fixture
def absent(db):
    def make(person, day=MONDAY, **overrides) -> Absence:
        absence = Absence(**({"person": person, "start_date": day, "end_date": day, "reason": "sick"} | overrides))
        db.session.add(absence)
        db.session.flush()
        return absence
    return make


def names(people) -> list[str]:
    return [p.first_name for p in people]


def test_learners_follow_their_pattern_minus_absences(app, db, floor, person_learner, absent):
    full = person_learner("Anna")
    mornings = person_learner("Bert", pattern=[(0, "am"), (1, "am")])
    sick = person_learner("Cem")
    appointment = person_learner("Dirk")
    off = person_learner("Els", pattern=[(2, "am"), (2, "pm")])
    absent(sick.person, note="Brengt attest binnen")
    absent(appointment.person, afternoon=False, reason="appointment_vdab")
    [result] = availability_on(MONDAY, {floor.id}).floors
    am, pm = result.block("am"), result.block("pm")
    assert names(am.learners_in) == ["Anna", "Bert"]
    assert names(am.learners_absent) == ["Cem", "Dirk"]
    assert names(pm.learners_in) == ["Anna", "Dirk"]
    assert names(pm.learners_absent) == ["Cem"]
    assert names(result.not_scheduled) == ["Els"]
    cem = am.learners_absent[0]
    assert (cem.absence.reason, cem.absence.note) == ("sick", "Brengt attest binnen")
    assert cem.learner_id == sick.id and cem.person_id == sick.person_id and cem.name == "Cem Test"
    with app.test_request_context():
        assert cem.absence.reason_label == "Ziek"
        assert am.learners_absent[1].absence.reason_label == "Afspraak VDAB"
    assert {full.id, mornings.id} == availability_on(MONDAY, {floor.id}).learners_in("am")
    assert off.id not in availability_on(MONDAY, {floor.id}).learners_in("pm")


def test_a_multi_day_absence_covers_every_day_in_it(db, floor, person_learner, absent):
    learner = person_learner("Anna")
    absent(learner.person, start_date=MONDAY - timedelta(days=2), end_date=TUESDAY, reason="leave")
    assert availability_on(MONDAY, {floor.id}).learners_in("am") == set()
    assert availability_on(TUESDAY, {floor.id}).learners_in("pm") == set()
    assert availability_on(TUESDAY + timedelta(days=1), {floor.id}).learners_in("am") == {learner.id}


def test_contract_active_person_and_floor_decide_who_counts(db, floor, other_floor, person_learner):
    person_learner("Ended", contract_end=MONDAY - timedelta(days=1))
    later = person_learner("Later")
    later.contract_start = MONDAY + timedelta(days=1)
    gone = person_learner("Gone")
    gone.person.active = False
    person_learner("Elsewhere", floors=[other_floor])
    stays = person_learner("Stays", contract_end=MONDAY)
    db.session.flush()
    [result] = availability_on(MONDAY, {floor.id}).floors
    assert names(result.block("am").learners_in) == ["Stays"]
    assert stays.id in availability_on(MONDAY, None).learners_in("am")


def test_a_learner_on_two_floors_appears_on_both(db, floor, other_floor, person_learner):
    both = person_learner("Anna", floors=[floor, other_floor])
    result = availability_on(MONDAY, None)
    assert [f.name for f in result.floors] == ["Groen test", "Schoonmaak test"]
    assert all(both.id in result.learners_in("am", f.floor_id) for f in result.floors)


def test_learner_ids_limit_the_learners(db, floor, person_learner):
    mine = person_learner("Anna")
    person_learner("Bert")
    [result] = availability_on(MONDAY, {floor.id}, learner_ids={mine.id}).floors
    assert names(result.block("am").learners_in) == ["Anna"]
    assert availability_on(MONDAY, {floor.id}, learner_ids=set()).learners_in("am") == set()


def test_supervisors_are_in_unless_absent(app, db, floor, other_floor, make_supervisor, absent):
    boss = make_supervisor(floors=[floor])
    away = make_supervisor(floors=[floor])
    make_supervisor(floors=[other_floor])
    absent(away.person, morning=False, reason="training")
    result = availability_on(MONDAY, {floor.id})
    am, pm = result.floors[0].block("am"), result.floors[0].block("pm")
    assert {p.supervisor_id for p in am.supervisors_in} == {boss.id, away.id}
    assert [p.supervisor_id for p in pm.supervisors_in] == [boss.id]
    assert [p.absence.reason for p in pm.supervisors_absent] == ["training"]
    assert result.supervisors_in("pm") == {boss.id}


def test_weekends_have_no_supervisors_in(db, floor, make_supervisor, person_learner):
    make_supervisor(floors=[floor])
    person_learner("Anna")
    result = availability_on(SATURDAY, {floor.id})
    assert not result.is_working_day
    assert result.supervisors_in("am") == set() and result.learners_in("am") == set()
    assert names(result.floors[0].not_scheduled) == ["Anna"]


def test_floors_none_means_every_active_floor(db, floor, other_floor, make_floor):
    make_floor(name="Gesloten", active=False)
    assert [f.name for f in availability_on(MONDAY, None).floors] == ["Groen test", "Schoonmaak test"]
    assert availability_on(MONDAY, set()).floors == ()


@contextmanager
def count_queries(db):
    statements = []
    connection = db.session.connection()

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", count)


def _crowd(n, floor, person_learner, make_supervisor, absent):
    for i in range(n):
        learner = person_learner(f"L{i}", pattern=[(0, "am")] if i % 3 else None)
        if i % 4 == 0:
            absent(learner.person, afternoon=bool(i % 8))
    for _ in range(max(1, n // 8)):
        absent(make_supervisor(floors=[floor]).person, reason="leave")


def test_a_fixed_handful_of_queries_whatever_the_number_of_learners(db, floor, person_learner, make_supervisor,
                                                                     absent):
    _crowd(3, floor, person_learner, make_supervisor, absent)
    db.session.expire_all()
    with count_queries(db) as few:
        availability_on(MONDAY, None)
    _crowd(40, floor, person_learner, make_supervisor, absent)
    db.session.expire_all()
    with count_queries(db) as many:
        result = availability_on(MONDAY, None)
    assert len(result.floors[0].block("am").learners_in) > 20
    assert 0 < len(many) == len(few) <= 5


# The overview page

def test_overview_shows_blocks_counts_reasons_and_notes(client, login, make_user, floor, person_learner,
                                                        make_supervisor, absent):
    person_learner("Anna")
    sick = person_learner("Cem")
    person_learner("Els", pattern=[(3, "am")])
    absent(sick.person, note="Brengt attest binnen")
    boss = make_supervisor(floors=[floor])
    boss.person.first_name = "Baas"
    login(make_user("coordinator"))
    page = text(client.get(f"/availability/?day={MONDAY}"))
    assert "Groen test" in page and "Voormiddag" in page and "Namiddag" in page
    assert "1 leerwerknemer aanwezig" in page and "1 afwezig" in page
    assert "Anna Test" in page and "Cem Test" in page and "Ziek" in page and "Brengt attest binnen" in page
    assert "Els Test" in page and "1 leerwerknemer werkt deze dag niet" in page
    assert "1 begeleider aanwezig" in page and "Baas" in page
    assert f"day={MONDAY - timedelta(days=1)}" in page and f"day={TUESDAY}" in page


def test_overview_defaults_to_today_and_ignores_a_bad_date(client, login, make_user):
    login(make_user("coordinator"))
    today = floor_today()
    assert f'value="{today.isoformat()}"' in text(client.get("/availability/"))
    assert f'value="{today.isoformat()}"' in text(client.get("/availability/?day=gisteren"))


def test_overview_on_a_weekend_says_so(client, login, make_user, floor):
    login(make_user("coordinator"))
    assert "Op zaterdag en zondag werken de werkvloeren niet." in text(client.get(f"/availability/?day={SATURDAY}"))


def test_supervisor_sees_only_their_floors(client, login, make_supervisor, floor, other_floor, person_learner):
    person_learner("Anna")
    person_learner("Zoe", floors=[other_floor])
    login(make_supervisor(floors=[floor]).person.user)
    page = text(client.get(f"/availability/?day={MONDAY}"))
    assert "Anna Test" in page and "Zoe Test" not in page and "Schoonmaak test" not in page
    page = text(client.get(f"/availability/?day={MONDAY}&floor={other_floor.id}"))
    assert "Zoe Test" not in page


def test_coordinator_filters_by_floor(client, login, make_user, floor, other_floor, person_learner):
    person_learner("Anna")
    person_learner("Zoe", floors=[other_floor])
    login(make_user("coordinator"))
    page = text(client.get(f"/availability/?day={MONDAY}&floor={other_floor.id}"))
    assert "Zoe Test" in page and "Anna Test" not in page


def test_counsellor_sees_only_the_caseload_and_no_supervisors(client, login, make_user, floor, person_learner,
                                                              make_supervisor, absent):
    counsellor = make_user("counsellor")
    mine = person_learner("Anna", counsellor=counsellor.person)
    absent(mine.person, reason="appointment_ocmw", note="Gesprek maatschappelijk werker")
    person_learner("Bert")
    boss = make_supervisor(floors=[floor])
    boss.person.first_name = "Baas"
    login(counsellor)
    page = text(client.get(f"/availability/?day={MONDAY}"))
    assert "Anna Test" in page and "Afspraak OCMW" in page and "Gesprek maatschappelijk werker" in page
    assert "Bert Test" not in page and "Baas" not in page


def test_counsellor_without_caseload_sees_no_floors(client, login, make_user, floor, person_learner):
    person_learner("Anna")
    login(make_user("counsellor"))
    page = text(client.get(f"/availability/?day={MONDAY}"))
    assert "Geen werkvloeren om te tonen." in page and "Anna Test" not in page


def test_learners_are_refused(client, login, person_learner):
    learner = person_learner("Anna")
    login(learner.person.user)
    assert client.get("/availability/").status_code == 403
