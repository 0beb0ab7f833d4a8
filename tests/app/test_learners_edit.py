"""Editing the learner file: the focused forms, their bad input, and concurrent edits."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.app.test_learners import floors, people, text  # noqa: F401  (fixtures)
from tests.floor_date import floor_today
from workfloor.models import Avoidance, LearnerCertificate

CONFLICT = "Iemand anders heeft dit intussen gewijzigd."


def basics_data(learner, **overrides) -> dict:
    return {"first_name": learner.person.first_name, "last_name": learner.person.last_name,
            "phone": learner.person.phone, "floors": [str(f.id) for f in learner.floors],
            "counsellor_id": str(learner.counsellor_id or 0), "contract_start": learner.contract_start.isoformat(),
            "contract_end": learner.contract_end.isoformat() if learner.contract_end else "",
            "phase": learner.phase, "version": str(learner.version)} | overrides


def reload(db, learner):
    db.session.expire_all()
    return db.session.get(type(learner), learner.id)


# Basics -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["coordinator", "supervisor", "counsellor"])
def test_staff_in_reach_edit_the_basics(client, login, db, people, floors, who):
    learner = people["learner"]
    login(people[who])
    response = client.post(f"/learners/{learner.id}/edit", data=basics_data(
        learner, first_name="Sofie", phone="0499 00 00 00", contract_end="2027-06-30", phase="guidance_to_work",
        floors=[str(floors[0].id), str(floors[1].id)]))
    assert response.status_code == 302
    assert f"/learners/{learner.id}" in response.headers["Location"]
    learner = reload(db, learner)
    assert learner.person.first_name == "Sofie" and learner.person.phone == "0499 00 00 00"
    assert learner.contract_end == date(2027, 6, 30)
    assert learner.phase == "guidance_to_work"
    assert learner.floor_ids == {floors[0].id, floors[1].id}


@pytest.mark.parametrize("overrides,message", [
    ({"contract_end": "2000-01-01"}, "De einddatum ligt voor de begindatum."),
    ({"contract_end": "31/12/2026"}, "Dit is geen geldige datum."),
    ({"contract_start": ""}, "Vul de begindatum in."),
    ({"last_name": ""}, "Vul de achternaam in."),
    ({"floors": []}, "Kies minstens één werkvloer."),
])
def test_bad_basics_are_refused_in_dutch_and_kept(client, login, db, people, overrides, message):
    learner = people["learner"]
    before = (learner.contract_end, learner.person.last_name, learner.version)
    login(people["coordinator"])
    response = client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, phone="0488 11 22 33",
                                                                          **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert 'value="0488 11 22 33"' in text(response)
    learner = reload(db, learner)
    assert (learner.contract_end, learner.person.last_name, learner.version) == before


def test_handing_over_to_another_counsellor_leaves_the_caseload(client, login, db, people):
    learner = people["learner"]
    login(people["counsellor"])
    response = client.post(f"/learners/{learner.id}/edit", data=basics_data(
        learner, counsellor_id=str(people["other_counsellor"].person_id)))
    assert response.status_code == 302 and response.headers["Location"].endswith("/learners/")
    assert reload(db, learner).counsellor_id == people["other_counsellor"].person_id
    assert client.get(f"/learners/{learner.id}").status_code == 404


def test_two_edits_from_the_same_version_conflict_and_the_first_survives(client, login, db, people):
    learner = people["learner"]
    login(people["coordinator"])
    first = basics_data(learner, contract_end="2027-01-31")
    second = basics_data(learner, contract_end="2027-12-31", phone="0477 77 77 77")
    assert client.post(f"/learners/{learner.id}/edit", data=first).status_code == 302

    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/edit", data=second)
    assert response.status_code == 409
    page = text(response)
    assert CONFLICT in page
    assert 'value="2027-12-31"' in page and 'value="0477 77 77 77"' in page  # the input is kept
    assert "Nu opgeslagen" in page  # and what is stored now is shown next to it
    stored = reload(db, learner)
    assert stored.contract_end == date(2027, 1, 31)
    assert stored.person.phone != "0477 77 77 77"

    # The re-rendered form carries the new version: after checking, saving again works.
    assert f'name="version" type="hidden" value="{stored.version}"' in page
    again = client.post(f"/learners/{learner.id}/edit", data=second | {"version": str(stored.version)})
    assert again.status_code == 302
    assert reload(db, learner).contract_end == date(2027, 12, 31)


def test_a_form_without_version_is_a_conflict(client, login, db, people):
    learner = people["learner"]
    login(people["coordinator"])
    data = basics_data(learner, contract_end="2027-01-31")
    del data["version"]
    assert client.post(f"/learners/{learner.id}/edit", data=data).status_code == 409
    assert reload(db, learner).contract_end != date(2027, 1, 31)


def test_csrf_token_is_required(app, client, login, people):
    learner = people["learner"]
    login(people["coordinator"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, first_name="Hacker"))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert learner.person.first_name != "Hacker"


# Weekly pattern ---------------------------------------------------------------------------------------

def test_pattern_is_saved_from_the_grid(client, login, db, people):
    learner = people["learner"]
    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}/pattern"))
    assert page.count('type="checkbox"') == 10
    response = client.post(f"/learners/{learner.id}/pattern", data={
        "blocks": ["0-am", "0-pm", "2-am", "4-pm"], "version": str(learner.version)})
    assert response.status_code == 302
    assert reload(db, learner).pattern == {(0, "am"), (0, "pm"), (2, "am"), (4, "pm")}


def test_unknown_block_is_refused(client, login, db, people):
    learner = people["learner"]
    before = learner.pattern
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/pattern", data={"blocks": ["5-am"], "version": str(learner.version)})
    assert response.status_code == 200
    assert "&#39;5-am&#39; is een ongeldige keuze voor dit veld." in text(response)
    assert reload(db, learner).pattern == before


def test_pattern_edits_conflict_with_each_other_and_with_the_basics(client, login, db, people):
    learner = people["learner"]
    version = str(learner.version)
    login(people["coordinator"])
    assert client.post(f"/learners/{learner.id}/pattern",
                       data={"blocks": ["0-am"], "version": version}).status_code == 302
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/pattern", data={"blocks": ["1-pm", "3-pm"], "version": version})
    assert response.status_code == 409
    assert CONFLICT in text(response)
    assert re.search(r'<input checked[^>]*value="1-pm"', text(response))  # the input is kept
    assert reload(db, learner).pattern == {(0, "am")}
    # A change of only a child collection still moves the file's version on:
    stale_basics = basics_data(learner, phone="0400 00 00 00") | {"version": version}
    assert client.post(f"/learners/{learner.id}/edit", data=stale_basics).status_code == 409


# Driving ----------------------------------------------------------------------------------------------

def test_driving_licences_and_permission_are_saved(client, login, db, people):
    learner = people["learner"]
    login(people["counsellor"])
    response = client.post(f"/learners/{learner.id}/driving", data={
        "licences": ["B", "BE"], "may_drive": "y", "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    assert learner.person.licence_codes == ["B", "BE"] and learner.may_drive is True

    response = client.post(f"/learners/{learner.id}/driving", data={"licences": ["B"], "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    assert learner.person.licence_codes == ["B"] and learner.may_drive is False


@pytest.mark.parametrize("data,message", [
    ({"licences": ["BE"]}, "Rijbewijs BE kan alleen samen met rijbewijs B"),
    ({"licences": ["B", "C"]}, "Onbekend rijbewijs: C."),
    ({"licences": ["XYZ"]}, "Onbekend rijbewijs: XYZ."),
    ({"may_drive": "y"}, "Zonder rijbewijs kan iemand niet met een stadsvoertuig rijden."),
])
def test_bad_driving_input_is_refused_in_dutch(client, login, db, people, data, message):
    learner = people["learner"]
    login(people["coordinator"])
    response = client.post(f"/learners/{learner.id}/driving", data=data | {"version": str(learner.version)})
    assert response.status_code == 200
    assert message in text(response)
    learner = reload(db, learner)
    assert learner.person.licence_codes == [] and learner.may_drive is False


# Certificates -----------------------------------------------------------------------------------------

def test_add_renew_and_remove_a_certificate(client, login, db, people):
    learner = people["learner"]
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "hedge_trimmer", "valid_until": "2027-03-31", "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    assert [(c.kind, c.valid_until) for c in learner.certificates] == [("hedge_trimmer", date(2027, 3, 31))]

    response = client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "hedge_trimmer", "valid_until": "2029-03-31", "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    assert [(c.kind, c.valid_until) for c in learner.certificates] == [("hedge_trimmer", date(2029, 3, 31))]

    response = client.post(f"/learners/{learner.id}/certificates", data={"kind": "brush_cutter", "valid_until": "",
                                                                       "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    brush_cutter = next(c for c in learner.certificates if c.kind == "brush_cutter")
    assert brush_cutter.valid_until is None

    response = client.post(f"/learners/{learner.id}/certificates/remove", data={
        "certificate_id": str(brush_cutter.id), "version": str(learner.version)})
    assert response.status_code == 302
    assert [c.kind for c in reload(db, learner).certificates] == ["hedge_trimmer"]


@pytest.mark.parametrize("data,message", [
    ({"kind": "hedge_trimmer", "valid_until": "morgen"}, "Dit is geen geldige datum."),
    ({"kind": "hedge_trimmer", "valid_until": "2027-13-01"}, "Dit is geen geldige datum."),
    ({"kind": "chainsaw", "valid_until": ""}, "Ongeldige keuze."),
])
def test_bad_certificate_input_is_refused(client, login, db, people, data, message):
    learner = people["learner"]
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/certificates", data=data | {"version": str(learner.version)})
    assert response.status_code == 200
    assert message in text(response)
    assert reload(db, learner).certificates == []


def test_removing_with_a_stale_version_conflicts(client, login, db, people):
    learner = people["learner"]
    learner.certificates = [LearnerCertificate(kind="brush_cutter")]
    db.session.flush()
    certificate_id, version = learner.certificates[0].id, str(learner.version)
    login(people["coordinator"])
    assert client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "hedge_trimmer", "valid_until": "", "version": version}).status_code == 302
    response = client.post(f"/learners/{learner.id}/certificates/remove",
                           data={"certificate_id": str(certificate_id), "version": version})
    assert response.status_code == 409
    assert CONFLICT in text(response)
    assert sorted(c.kind for c in reload(db, learner).certificates) == ["brush_cutter", "hedge_trimmer"]


def test_cannot_remove_another_learners_certificate(client, login, db, people, make_learner):
    learner = people["learner"]
    other = make_learner(floors=learner.floors)
    other.certificates = [LearnerCertificate(kind="brush_cutter")]
    db.session.flush()
    login(people["coordinator"])
    response = client.post(f"/learners/{learner.id}/certificates/remove", data={
        "certificate_id": str(other.certificates[0].id), "version": str(learner.version)})
    assert response.status_code == 404
    assert len(reload(db, other).certificates) == 1


# Restrictions -----------------------------------------------------------------------------------------

def test_restrictions_come_from_the_list_only(client, login, db, people):
    learner = people["learner"]
    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}/restrictions"))
    assert "<textarea" not in page and 'type="text"' not in page
    assert "nooit de medische reden" in page
    response = client.post(f"/learners/{learner.id}/restrictions", data={
        "codes": ["no_heavy_lifting", "no_chemicals"], "version": str(learner.version)})
    assert response.status_code == 302
    learner = reload(db, learner)
    assert learner.restriction_codes == ["no_chemicals", "no_heavy_lifting"]

    response = client.post(f"/learners/{learner.id}/restrictions", data={
        "codes": ["no_chemicals", "rugklachten"], "version": str(learner.version)})
    assert response.status_code == 200
    assert "&#39;rugklachten&#39; is een ongeldige keuze voor dit veld." in text(response)
    assert reload(db, learner).restriction_codes == ["no_chemicals", "no_heavy_lifting"]


# Avoid list -------------------------------------------------------------------------------------------

def test_avoid_list_offers_floor_mates_the_user_may_see(client, login, db, people, floors, make_learner):
    learner = people["learner"]
    mate = make_learner(floors=[floors[0]])
    stranger = make_learner(floors=[floors[1]])
    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}/avoid"))
    assert mate.name in page and stranger.name not in page
    response = client.post(f"/learners/{learner.id}/avoid", data={"avoided": [str(mate.id)],
                                                                  "version": str(learner.version)})
    assert response.status_code == 302
    assert reload(db, learner).avoided_ids == [mate.id]


def test_a_learner_cannot_avoid_themselves(client, login, db, people, make_learner):
    learner = people["learner"]
    mate = make_learner(floors=learner.floors)
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/avoid", data={
        "avoided": [str(mate.id), str(learner.id)], "version": str(learner.version)})
    assert response.status_code == 200
    page = text(response)
    assert "Een leerwerknemer kan zichzelf niet vermijden." in page
    assert re.search(rf'<input checked[^>]*value="{mate.id}"', page)  # the choice is kept
    assert reload(db, learner).avoided_ids == []


def test_avoiding_someone_out_of_reach_is_refused(client, login, db, people, floors, make_learner):
    learner = people["learner"]
    stranger = make_learner(floors=[floors[1]])
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/avoid", data={"avoided": [str(stranger.id)],
                                                                  "version": str(learner.version)})
    assert response.status_code == 200
    assert "Kies leerwerknemers uit de lijst." in text(response)
    assert reload(db, learner).avoided_ids == []


def test_saving_the_avoid_list_keeps_entries_out_of_the_users_reach(client, login, db, people, floors, make_learner):
    learner = people["learner"]
    stranger = make_learner(floors=[floors[1]])
    mate = make_learner(floors=[floors[0]])
    learner.avoidances = [Avoidance(avoided_id=stranger.id), Avoidance(avoided_id=mate.id)]
    db.session.flush()
    login(people["supervisor"])
    response = client.post(f"/learners/{learner.id}/avoid", data={"version": str(learner.version)})
    assert response.status_code == 302
    assert reload(db, learner).avoided_ids == [stranger.id]


@pytest.mark.parametrize("path,data", [
    ("/driving", {"licences": ["B"]}),
    ("/restrictions", {"codes": ["no_machines"]}),
    ("/avoid", {}),
    ("/certificates", {"kind": "brush_cutter", "valid_until": ""}),
])
def test_every_part_of_the_file_conflicts_on_a_stale_version(client, login, db, people, path, data):
    learner = people["learner"]
    stale = str(learner.version)
    login(people["coordinator"])
    assert client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, phone="0411")).status_code == 302
    response = client.post(f"/learners/{learner.id}{path}", data=data | {"version": stale})
    assert response.status_code == 409
    assert CONFLICT in text(response)
    learner = reload(db, learner)
    assert (learner.person.licence_codes, learner.restriction_codes, learner.certificates) == ([], [], [])


def test_contract_end_soon_is_flagged_on_the_file(client, login, db, people):
    learner = people["learner"]
    learner.contract_end = floor_today() + timedelta(days=5)
    db.session.flush()
    login(people["coordinator"])
    assert "loopt af binnen 30 dagen" in text(client.get(f"/learners/{learner.id}"))
