"""Supervisors: the coordinator manages their floors, driving licences and capacity."""
from __future__ import annotations

import re

import pytest

from workfloor.models import DrivingLicence, Person, Supervisor, User

from tests.conftest import PASSWORD, count, text


def supervisor_named(db, last_name: str) -> Supervisor | None:
    return db.session.execute(
        db.select(Supervisor).join(Supervisor.person).where(Person.last_name == last_name)).scalar()


def form_data(floors=(), **overrides) -> dict:
    return {"first_name": "Jan", "last_name": "Janssens", "phone": "0470 12 34 56",
            "floors": [str(f.id) for f in floors], "licences": ["B"], "max_learners": "6"} | overrides


def test_list_shows_floors_licences_capacity_and_hides_inactive(client, coordinator, make_supervisor, make_floor,
                                                              db):
    floor = make_floor(name="Groen Noord")
    supervisor = make_supervisor(floors=[floor], max_learners=7)
    supervisor.person.licences = [DrivingLicence(category="B"), DrivingLicence(category="BE")]
    gone = make_supervisor()
    gone.person.active = False
    db.session.flush()
    page = text(client.get("/supervisors/"))
    row = page.split(supervisor.name, 1)[1].split("</tr>", 1)[0]
    assert "Groen Noord" in row and "B, BE" in row and "<td>7</td>" in row and supervisor.person.user.email in row
    assert gone.name not in page
    assert gone.name in text(client.get("/supervisors/?status=inactive"))
    page = text(client.get(f"/supervisors/?floor={floor.id}&q={supervisor.person.first_name}"))
    assert supervisor.name in page


def test_create_supervisor_without_account(client, coordinator, make_floor, db):
    floor = make_floor()
    assert client.get("/supervisors/new").status_code == 200
    users = count(db, User)
    response = client.post("/supervisors/new", data=form_data(floors=[floor], licences=["B", "BE"]))
    assert response.status_code == 302
    supervisor = supervisor_named(db, "Janssens")
    assert supervisor.floor_ids == {floor.id} and supervisor.max_learners == 6
    assert supervisor.person.licence_codes == ["B", "BE"] and supervisor.person.phone == "0470 12 34 56"
    assert count(db, User) == users


def test_create_supervisor_with_account(client, coordinator, db):
    response = client.post("/supervisors/new", data=form_data(email="Jan@Stad.be", password="een goed wachtwoord"))
    assert response.status_code == 302
    supervisor = supervisor_named(db, "Janssens")
    user = supervisor.person.user
    assert user.email == "jan@stad.be" and user.role == "supervisor" and user.check_password("een goed wachtwoord")


def test_create_with_duplicate_email_saves_nothing(client, coordinator, make_user, db):
    make_user("counsellor", email="jan@stad.be")
    db.session.commit()
    persons = count(db, Person)
    page = text(client.post("/supervisors/new", data=form_data(email="JAN@stad.be", password="een goed wachtwoord")))
    assert '<small class="field-error" id="email-error">Dit e-mailadres is al in gebruik.' in page
    assert count(db, Person) == persons and supervisor_named(db, "Janssens") is None


def test_email_without_password_is_refused(client, coordinator, db):
    page = text(client.post("/supervisors/new", data=form_data(email="jan@stad.be")))
    assert "Kies een wachtwoord voor het account." in page
    assert supervisor_named(db, "Janssens") is None


@pytest.mark.parametrize("max_learners", ["0", "-1"])
def test_max_learners_must_be_positive(client, coordinator, db, max_learners):
    page = text(client.post("/supervisors/new", data=form_data(max_learners=max_learners)))
    assert ('<small class="field-error" id="max_learners-error">Een begeleider leidt minstens 1 leerwerknemer.'
            in page)
    assert f'value="{max_learners}"' in page
    assert supervisor_named(db, "Janssens") is None


def test_be_without_b_is_refused(client, coordinator, db):
    page = text(client.post("/supervisors/new", data=form_data(licences=["BE"])))
    assert "Rijbewijs BE veronderstelt rijbewijs B: vink ook B aan." in page
    assert supervisor_named(db, "Janssens") is None


def test_unknown_licence_and_floor_are_refused(client, coordinator, db):
    page = text(client.post("/supervisors/new", data=form_data(licences=["B", "C"]) | {"floors": ["999999", "x"]}))
    assert '<small class="field-error" id="licences-error">Onbekend rijbewijs: kies B of BE.' in page
    assert "Kies werkvloeren uit de lijst." in page
    assert supervisor_named(db, "Janssens") is None


def test_missing_names(client, coordinator):
    page = text(client.post("/supervisors/new", data=form_data(first_name="", last_name=" ")))
    assert "Vul de voornaam in." in page and "Vul de achternaam in." in page


def test_edit_floors_licences_and_capacity(client, coordinator, make_supervisor, make_floor):
    old, new = make_floor(), make_floor(name="Schoonmaak Centrum")
    supervisor = make_supervisor(floors=[old])
    page = text(client.get(f"/supervisors/{supervisor.id}/edit"))
    assert "Schoonmaak Centrum" in page
    assert re.search(rf'<input checked[^>]*name="floors" type="checkbox" value="{old.id}"', page)
    assert not re.search(rf'<input checked[^>]*name="floors" type="checkbox" value="{new.id}"', page)
    seen = supervisor.version
    response = client.post(f"/supervisors/{supervisor.id}/edit", data=form_data(
        floors=[new], licences=["B", "BE"], max_learners="4", first_name=supervisor.person.first_name,
        version=supervisor.version))
    assert response.status_code == 302
    assert supervisor.floor_ids == {new.id} and supervisor.max_learners == 4
    assert supervisor.person.licence_codes == ["B", "BE"] and supervisor.person.last_name == "Janssens"
    assert supervisor.version > seen


def test_only_floors_changed_still_bumps_the_version(client, coordinator, make_supervisor, make_floor):
    supervisor = make_supervisor(floors=[], max_learners=6)
    seen = supervisor.version
    client.post(f"/supervisors/{supervisor.id}/edit", data=form_data(
        floors=[make_floor()], first_name=supervisor.person.first_name, last_name=supervisor.person.last_name,
        phone="", licences=[], version=seen))
    assert supervisor.version > seen


def test_edit_with_zero_max_learners_saves_nothing(client, coordinator, make_supervisor):
    supervisor = make_supervisor(max_learners=6)
    page = text(client.post(f"/supervisors/{supervisor.id}/edit", data=form_data(
        max_learners="0", version=supervisor.version)))
    assert "Een begeleider leidt minstens 1 leerwerknemer." in page
    assert supervisor.max_learners == 6 and supervisor.person.last_name != "Janssens"


def test_edit_conflict(client, coordinator, make_supervisor, db):
    supervisor = make_supervisor(max_learners=6)
    seen = supervisor.version
    supervisor.max_learners = 5
    db.session.commit()  # another request saved it
    response = client.post(f"/supervisors/{supervisor.id}/edit", data=form_data(
        max_learners="8", phone="mijn invoer", version=seen))
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert 'value="mijn invoer"' in text(response)
    assert supervisor.max_learners == 5


def test_deactivate_stops_login_and_reactivate(client, coordinator, make_supervisor, login):
    supervisor = make_supervisor()
    assert client.post(f"/supervisors/{supervisor.id}/deactivate").status_code == 302
    assert supervisor.person.active is False and not supervisor.person.user.is_active
    assert "Heractiveren" in text(client.get(f"/supervisors/{supervisor.id}/edit"))
    assert client.post(f"/supervisors/{supervisor.id}/reactivate").status_code == 302
    assert supervisor.person.active is True


def test_deactivated_supervisor_cannot_log_in(client, make_supervisor):
    supervisor = make_supervisor()
    supervisor.person.active = False
    response = client.post("/login", data={"email": supervisor.person.user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_unknown_supervisor_is_404(client, coordinator):
    assert client.get("/supervisors/999999/edit").status_code == 404


@pytest.mark.parametrize("role", ["supervisor", "counsellor", "learner"])
def test_only_the_coordinator_manages_supervisors(client, login, make_user, make_supervisor, role):
    supervisor = make_supervisor(max_learners=6)
    login(make_user(role))
    assert client.get("/supervisors/").status_code == 403
    assert client.post(f"/supervisors/{supervisor.id}/edit", data=form_data(
        max_learners="9", version=supervisor.version)).status_code == 403
    assert client.post(f"/supervisors/{supervisor.id}/deactivate").status_code == 403
    assert supervisor.max_learners == 6 and supervisor.person.active
