"""Absence screens and operations: reach, registering, bad input, conflicts, deleting, audit."""
from __future__ import annotations

import html
from datetime import timedelta

import pytest

from workfloor.absences.operations import (
    blocks_code, create_absence, delete_absence, list_absences, overlapping_absence, person_kinds,
    registrable_persons, update_absence,
)
from workfloor.access import absence_persons, may_register_absence
from workfloor.forms import CONFLICT_MESSAGE
from workfloor.models import Absence, AuditEntry
from tests.floor_date import floor_today

TODAY = floor_today()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Groen test")


@pytest.fixture
def other_floor(make_floor):
    return make_floor(name="Schoonmaak test", domain="cleaning")


@pytest.fixture
def supervisor(make_supervisor, floor):
    return make_supervisor(floors=[floor])


@pytest.fixture
def learner(make_learner, floor, counsellor):
    return make_learner(floors=[floor], counsellor=counsellor.person)


@pytest.fixture
def stranger(make_learner, other_floor, make_user):
    """A learner on another floor, in someone else's caseload."""
    return make_learner(floors=[other_floor], counsellor=make_user("counsellor").person)


@pytest.fixture
def make_absence(db):
    def make(person, **overrides) -> Absence:
        fields = {"person": person, "start_date": TODAY, "end_date": TODAY, "reason": "sick"} | overrides
        absence = Absence(**fields)
        db.session.add(absence)
        db.session.flush()
        return absence
    return make


def data(person, **overrides) -> dict:
    return {"person_id": str(person.id), "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(),
            "blocks": "day", "reason": "sick", "note": ""} | overrides


def absences(db) -> list[Absence]:
    return list(db.session.execute(db.select(Absence)).scalars())


# Reach: whom may a user register absences for?

def reach(db, user) -> set[int]:
    return {person.id for person in db.session.execute(absence_persons(user)).scalars()}


def test_reach_per_role(db, make_user, make_supervisor, supervisor, learner, stranger, counsellor, floor,
                        other_floor):
    colleague = make_supervisor(floors=[floor])
    elsewhere = make_supervisor(floors=[other_floor])
    assert reach(db, make_user("coordinator")) >= {
        supervisor.person_id, colleague.person_id, elsewhere.person_id, learner.person_id, stranger.person_id}
    assert reach(db, supervisor.person.user) == {supervisor.person_id, colleague.person_id, learner.person_id}
    assert reach(db, counsellor) == {learner.person_id}
    assert reach(db, learner.person.user) == set()
    assert may_register_absence(supervisor.person.user, learner.person_id)
    assert not may_register_absence(supervisor.person.user, stranger.person_id)
    assert not may_register_absence(counsellor, supervisor.person_id)


def test_a_supervisor_without_floors_still_reaches_themselves(db, make_supervisor, learner):
    lonely = make_supervisor(floors=[])
    assert reach(db, lonely.person.user) == {lonely.person_id}


# Operations

def test_list_absences_overlapping_the_range_and_filtered(db, make_user, make_absence, learner, stranger,
                                                          supervisor, floor, other_floor):
    coordinator = make_user("coordinator")
    everyone = absence_persons(coordinator)
    long = make_absence(learner.person, start_date=TODAY - timedelta(days=5), end_date=TODAY + timedelta(days=5))
    later = make_absence(stranger.person, start_date=TODAY + timedelta(days=20), end_date=TODAY + timedelta(days=20),
                         reason="leave")
    boss = make_absence(supervisor.person, reason="training")
    assert list_absences(everyone, TODAY, TODAY + timedelta(days=14)) == [long, boss]  # by start date
    assert list_absences(everyone, TODAY, TODAY + timedelta(days=30), reason="leave") == [later]
    assert set(list_absences(everyone, TODAY, TODAY, floor_id=floor.id)) == {long, boss}
    assert list_absences(everyone, TODAY, TODAY + timedelta(days=30), floor_id=other_floor.id) == [later]
    name = learner.person
    assert list_absences(everyone, TODAY, TODAY, q=f"{name.first_name} {name.last_name}".upper()) == [long]
    assert list_absences(absence_persons(supervisor.person.user), TODAY, TODAY + timedelta(days=30)) == \
        sorted([long, boss], key=lambda a: (a.start_date, a.person.last_name, a.person.first_name, a.id))


def test_overlapping_absence_looks_at_days_and_blocks(db, make_absence, learner):
    morning = make_absence(learner.person, afternoon=False, start_date=TODAY, end_date=TODAY + timedelta(days=2))
    pid = learner.person_id
    assert overlapping_absence(pid, TODAY + timedelta(days=1), TODAY + timedelta(days=1), True, False) == morning
    assert overlapping_absence(pid, TODAY + timedelta(days=1), TODAY + timedelta(days=1), False, True) is None
    assert overlapping_absence(pid, TODAY + timedelta(days=3), TODAY + timedelta(days=4), True, True) is None
    assert overlapping_absence(pid, TODAY, TODAY, True, True, except_id=morning.id) is None


def test_create_update_delete_and_audit(db, make_user, learner):
    user = make_user("coordinator")
    absence = create_absence({"person_id": learner.person_id, "start_date": TODAY, "end_date": TODAY,
                              "morning": True, "afternoon": False, "reason": "appointment_vdab", "note": ""},
                             created_by_id=user.id)
    assert blocks_code(absence) == "am" and absence.created_by_id == user.id
    update_absence(absence, {"afternoon": True, "morning": False})
    assert blocks_code(absence) == "pm"
    with pytest.raises(ValueError):
        update_absence(absence, {"created_by_id": None})
    absence_id = absence.id
    delete_absence(absence)
    assert db.session.get(Absence, absence_id) is None
    actions = [e.action for e in db.session.execute(
        db.select(AuditEntry).where(AuditEntry.object_type == "Absence", AuditEntry.learner_id == learner.id)
        .order_by(AuditEntry.id)).scalars()]
    assert actions == ["create", "update", "delete"]


def test_person_kinds_and_registrable_persons(db, make_user, learner, supervisor, make_learner, floor):
    gone = make_learner(floors=[floor])
    gone.person.active = False
    db.session.flush()
    assert person_kinds({learner.person_id, supervisor.person_id}) == {
        learner.person_id: "learner", supervisor.person_id: "supervisor"}
    persons = absence_persons(supervisor.person.user)
    ids = [p.id for p in registrable_persons(persons)]
    assert gone.person_id not in ids and learner.person_id in ids
    assert gone.person_id in [p.id for p in registrable_persons(persons, include_id=gone.person_id)]


# Screens

@pytest.mark.parametrize("who", ["coordinator", "supervisor", "counsellor"])
def test_staff_register_an_absence_for_a_learner(client, login, db, make_user, supervisor, counsellor, learner, who):
    user = {"coordinator": make_user("coordinator"), "supervisor": supervisor.person.user,
            "counsellor": counsellor}[who]
    login(user)
    page = text(client.get("/absences/new"))
    assert learner.person.last_name in page and "Geen medische details of diagnose noteren." in page
    response = client.post("/absences/new", data=data(
        learner.person, end_date=(TODAY + timedelta(days=2)).isoformat(), blocks="pm", reason="appointment_ocmw",
        note="Brengt attest binnen"))
    assert response.status_code == 302
    [absence] = absences(db)
    assert (absence.person_id, absence.start_date, absence.end_date) == (
        learner.person_id, TODAY, TODAY + timedelta(days=2))
    assert (absence.morning, absence.afternoon, absence.reason, absence.note) == (
        False, True, "appointment_ocmw", "Brengt attest binnen")
    assert absence.created_by_id == user.id


def test_a_supervisor_registers_their_own_absence(client, login, db, supervisor):
    login(supervisor.person.user)
    assert "(ikzelf)" in text(client.get("/absences/new"))
    client.post("/absences/new", data=data(supervisor.person, reason="leave"))
    [absence] = absences(db)
    assert absence.person_id == supervisor.person_id


def test_new_form_can_be_prefilled_for_a_person_and_day(client, login, supervisor, learner):
    login(supervisor.person.user)
    day = TODAY + timedelta(days=3)
    page = text(client.get(f"/absences/new?person_id={learner.person_id}&day={day}"))
    assert f'<option selected value="{learner.person_id}">' in page
    assert f'value="{day.isoformat()}"' in page


def test_counsellor_cannot_pick_someone_outside_the_caseload(client, login, db, counsellor, stranger, supervisor):
    login(counsellor)
    page = text(client.get("/absences/new"))
    assert stranger.person.first_name not in page and supervisor.person.first_name not in page
    response = client.post("/absences/new", data=data(stranger.person))
    assert "Ongeldige keuze." in text(response)
    assert absences(db) == []


BAD = [
    ({"end_date": (TODAY - timedelta(days=1)).isoformat()}, "De einddatum ligt voor de begindatum."),
    ({"start_date": ""}, "Kies de eerste dag."),
    ({"end_date": ""}, "Kies de laatste dag."),
    ({"start_date": "morgen"}, "Ongeldige datum."),
    ({"person_id": "0"}, "Kies een persoon."),
    ({"reason": "hernia"}, "Ongeldige keuze."),
    ({"blocks": "night"}, "Ongeldige keuze."),
    ({"note": "x" * 201}, "Hou de notitie kort: hoogstens 200 tekens."),
]


@pytest.mark.parametrize("overrides,message", BAD, ids=[m for _, m in BAD])
def test_bad_input_is_refused_in_dutch_and_kept(client, login, db, supervisor, learner, overrides, message):
    login(supervisor.person.user)
    response = client.post("/absences/new", data=data(learner.person, note="Mijn notitie", **overrides)
                           if "note" not in overrides else data(learner.person, **overrides))
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert absences(db) == []
    if "note" not in overrides:
        assert 'value="Mijn notitie"' in page


def test_a_double_registration_is_refused(client, login, db, supervisor, learner, make_absence):
    make_absence(learner.person, afternoon=False)
    login(supervisor.person.user)
    response = client.post("/absences/new", data=data(learner.person, blocks="am"))
    assert "Deze persoon is in die periode al afwezig gemeld (Ziek" in text(response)
    assert len(absences(db)) == 1
    response = client.post("/absences/new", data=data(learner.person, blocks="pm", reason="appointment_doctor"))
    assert response.status_code == 302  # the afternoon is still free
    assert len(absences(db)) == 2


def test_list_defaults_to_the_next_two_weeks(client, login, supervisor, learner, make_absence):
    make_absence(learner.person, note="Brengt attest binnen")
    make_absence(learner.person, start_date=TODAY + timedelta(days=30), end_date=TODAY + timedelta(days=30),
                 reason="leave")
    login(supervisor.person.user)
    page = text(client.get("/absences/"))
    assert learner.person.name in page and "Ziek" in page and "Brengt attest binnen" in page
    assert "leerwerknemer" in page
    assert "Verlof" not in page.split("<tbody>")[1]


def test_list_filters(client, login, make_user, learner, stranger, other_floor, make_absence):
    make_absence(learner.person, reason="sick")
    make_absence(stranger.person, reason="training")
    login(make_user("coordinator"))
    body = lambda r: text(r).split("<tbody>")[1] if "<tbody>" in text(r) else ""  # noqa: E731
    page = body(client.get(f"/absences/?floor={other_floor.id}"))
    assert stranger.person.name in page and learner.person.name not in page
    page = body(client.get("/absences/?reason=sick"))
    assert learner.person.name in page and stranger.person.name not in page
    page = body(client.get(f"/absences/?q={stranger.person.first_name}"))
    assert stranger.person.name in page and learner.person.name not in page
    later = TODAY + timedelta(days=40)
    assert body(client.get(f"/absences/?start={later}&end={later}")) == ""
    assert "De einddatum ligt voor de begindatum." in text(client.get(
        f"/absences/?start={TODAY}&end={TODAY - timedelta(days=2)}"))


def test_list_shows_only_whom_the_user_reaches(client, login, counsellor, learner, stranger, supervisor,
                                               make_absence):
    make_absence(learner.person)
    make_absence(stranger.person)
    make_absence(supervisor.person, reason="leave")
    login(counsellor)
    page = text(client.get("/absences/"))
    assert learner.person.name in page
    assert stranger.person.name not in page and supervisor.person.name not in page


def test_edit_an_absence(client, login, db, counsellor, learner, make_absence):
    absence = make_absence(learner.person)
    login(counsellor)
    page = text(client.get(f"/absences/{absence.id}/edit"))
    assert "Geen medische details of diagnose noteren." in page
    response = client.post(f"/absences/{absence.id}/edit", data=data(
        learner.person, blocks="am", reason="appointment_doctor", version=str(absence.version)))
    assert response.status_code == 302
    assert (absence.reason, absence.morning, absence.afternoon) == ("appointment_doctor", True, False)


def test_edit_keeps_its_own_dates_free_of_a_clash_with_itself(client, login, supervisor, learner, make_absence):
    absence = make_absence(learner.person, end_date=TODAY + timedelta(days=2))
    login(supervisor.person.user)
    response = client.post(f"/absences/{absence.id}/edit", data=data(
        learner.person, end_date=(TODAY + timedelta(days=3)).isoformat(), version=str(absence.version)))
    assert response.status_code == 302
    assert absence.end_date == TODAY + timedelta(days=3)


def test_edit_conflict_gives_409_and_keeps_the_input(client, login, db, supervisor, learner, make_absence):
    absence = make_absence(learner.person)
    seen = absence.version
    absence.note = "Intussen aangepast"
    db.session.flush()
    login(supervisor.person.user)
    response = client.post(f"/absences/{absence.id}/edit", data=data(
        learner.person, note="Mijn versie", version=str(seen)))
    page = text(response)
    assert response.status_code == 409
    assert str(CONFLICT_MESSAGE) in page and 'value="Mijn versie"' in page
    assert absence.note == "Intussen aangepast"


def test_edit_end_before_start(client, login, supervisor, learner, make_absence):
    absence = make_absence(learner.person)
    login(supervisor.person.user)
    response = client.post(f"/absences/{absence.id}/edit", data=data(
        learner.person, end_date=(TODAY - timedelta(days=1)).isoformat(), version=str(absence.version)))
    assert "De einddatum ligt voor de begindatum." in text(response)
    assert absence.end_date == TODAY


def test_delete_an_absence_is_audited(client, login, db, supervisor, learner, make_absence):
    absence = make_absence(learner.person)
    absence_id = absence.id
    login(supervisor.person.user)
    response = client.post(f"/absences/{absence_id}/delete")
    assert response.status_code == 302
    assert absences(db) == []
    entry = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.object_type == "Absence", AuditEntry.action == "delete")).scalar_one()
    assert entry.learner_id == learner.id and entry.user_id == supervisor.person.user.id


def test_out_of_reach_is_404(client, login, make_supervisor, make_user, other_floor, learner, make_absence):
    absence = make_absence(learner.person)
    for user in (make_supervisor(floors=[other_floor]).person.user, make_user("counsellor")):
        login(user)
        assert client.get(f"/absences/{absence.id}/edit").status_code == 404
        assert client.post(f"/absences/{absence.id}/delete").status_code == 404
    assert client.get("/absences/999999/edit").status_code == 404


def test_learners_are_refused(client, login, learner, make_absence):
    absence = make_absence(learner.person)
    login(learner.person.user)
    assert client.get("/absences/").status_code == 403
    assert client.get("/absences/new").status_code == 403
    assert client.get(f"/absences/{absence.id}/edit").status_code == 403
    assert client.post(f"/absences/{absence.id}/delete").status_code == 403


def test_csrf_protects_the_absence_form(app, client, login, db, supervisor, learner):
    login(supervisor.person.user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/absences/new", data=data(learner.person))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert absences(db) == []
