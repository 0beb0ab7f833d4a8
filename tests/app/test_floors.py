"""Floors: the coordinator's list, create, edit, deactivate."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import text
from tests.floor_date import floor_today
from workfloor.models import AssignmentTemplate, Floor


def test_list_shows_floors_with_their_supervisors_and_active_learners(
        client, coordinator, make_floor, make_supervisor, make_learner, make_person):
    floor = make_floor(name="Groen Noord")
    supervisor = make_supervisor(floors=[floor])
    make_learner(floors=[floor])
    make_learner(floors=[floor])
    gone = make_learner(floors=[floor])
    gone.person.active = False
    make_learner(floors=[floor], contract_end=floor_today() - timedelta(days=1))
    response = client.get("/floors/")
    assert response.status_code == 200
    page = text(response)
    assert "Groen Noord" in page and supervisor.name in page
    row = page.split("Groen Noord", 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in row


def test_list_hides_inactive_floors_unless_asked_and_searches(client, coordinator, make_floor):
    make_floor(name="Schoonmaak Zuid")
    make_floor(name="Oude werkvloer", active=False)
    page = text(client.get("/floors/"))
    assert "Schoonmaak Zuid" in page and "Oude werkvloer" not in page
    page = text(client.get("/floors/?status=inactive"))
    assert "Oude werkvloer" in page and "Schoonmaak Zuid" not in page
    page = text(client.get("/floors/?status=all&q=zuid"))
    assert "Schoonmaak Zuid" in page and "Oude werkvloer" not in page


def test_create_floor(client, coordinator, db):
    assert client.get("/floors/new").status_code == 200
    response = client.post("/floors/new", data={"name": " Groen Oost ", "domain": "green", "base": "Depot Oost"})
    assert response.status_code == 302
    floor = db.session.execute(db.select(Floor).where(Floor.name == "Groen Oost")).scalar_one()
    assert (floor.domain, floor.base, floor.active) == ("green", "Depot Oost", True)


def test_duplicate_floor_name_gets_a_dutch_message_and_saves_nothing(client, coordinator, make_floor, db):
    make_floor(name="Groen Oost")
    before = db.session.scalar(db.select(db.func.count()).select_from(Floor))
    response = client.post("/floors/new", data={"name": "groen oost", "domain": "green", "base": "Elders"})
    assert response.status_code == 200
    assert "Er bestaat al een werkvloer met deze naam." in text(response)
    assert 'value="groen oost"' in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Floor)) == before


def test_missing_fields_and_unknown_domain_get_dutch_messages(client, coordinator):
    response = client.post("/floors/new", data={"name": "", "domain": "painting", "base": ""})
    page = text(response)
    assert "Geef de werkvloer een naam." in page
    assert "Vul de uitvalsbasis in." in page
    assert "Kies een domein: schoonmaak of groen." in page


def test_edit_floor(client, coordinator, make_floor):
    floor = make_floor(name="Poets 1", domain="cleaning")
    response = client.get(f"/floors/{floor.id}/edit")
    assert response.status_code == 200 and "Poets 1" in text(response)
    response = client.post(f"/floors/{floor.id}/edit", data={
        "name": "Poets Centrum", "domain": "cleaning", "base": "Stadhuis", "version": floor.version})
    assert response.status_code == 302
    assert (floor.name, floor.base) == ("Poets Centrum", "Stadhuis")


def test_edit_keeping_its_own_name_is_fine_but_another_floors_name_is_not(client, coordinator, make_floor):
    make_floor(name="Groen West")
    floor = make_floor(name="Groen Oost")
    data = {"name": "Groen Oost", "domain": "green", "base": "Nieuw depot", "version": floor.version}
    assert client.post(f"/floors/{floor.id}/edit", data=data).status_code == 302
    response = client.post(f"/floors/{floor.id}/edit", data=data | {"name": "Groen West", "version": floor.version})
    assert "Er bestaat al een werkvloer met deze naam." in text(response)
    assert floor.name == "Groen Oost"


def test_edit_conflict_keeps_the_input_and_saves_nothing(client, coordinator, make_floor, db):
    floor = make_floor(name="Groen Noord", base="Depot")
    seen = floor.version
    floor.base = "Depot Noord"  # someone else saves in the meantime
    db.session.commit()  # another request saved it
    response = client.post(f"/floors/{floor.id}/edit", data={
        "name": "Groen Noord", "domain": "green", "base": "Mijn invoer", "version": seen})
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert 'value="Mijn invoer"' in text(response)
    assert floor.base == "Depot Noord"


def test_edit_without_version_is_a_conflict(client, coordinator, make_floor):
    floor = make_floor(name="Groen Noord")
    response = client.post(f"/floors/{floor.id}/edit", data={"name": "X", "domain": "green", "base": "Y"})
    assert response.status_code == 409
    assert floor.name == "Groen Noord"


def test_deactivate_and_reactivate(client, coordinator, make_floor):
    floor = make_floor()
    assert client.post(f"/floors/{floor.id}/deactivate").status_code == 302
    assert floor.active is False
    assert client.post(f"/floors/{floor.id}/reactivate").status_code == 302
    assert floor.active is True


def test_unknown_floor_is_404(client, coordinator):
    assert client.get("/floors/999999/edit").status_code == 404


@pytest.mark.parametrize("role", ["supervisor", "counsellor", "learner"])
def test_only_the_coordinator_manages_floors(client, login, make_user, make_floor, role):
    floor = make_floor()
    login(make_user(role))
    assert client.get("/floors/").status_code == 403
    assert client.post(f"/floors/{floor.id}/deactivate").status_code == 403
    assert floor.active is True


def _workshop_jobs(db, floor, day):
    from workfloor.models import Assignment
    db.session.expire_all()
    return db.session.execute(db.select(Assignment).join(Assignment.template).where(
        Assignment.floor_id == floor.id, Assignment.day == day, AssignmentTemplate.workshop,
        ~Assignment.cancelled)).scalars().all()


def test_the_workshop_is_a_setting_of_the_floor_and_a_job_in_every_weekday_block(client, coordinator, make_floor,
                                                                                  make_site, db):
    floor = make_floor(name="Groen West")
    site = make_site(name="Serre West")
    db.session.commit()
    page = text(client.get(f"/floors/{floor.id}/edit"))
    assert "Werkplaats: plaatsen per dagdeel" in page
    response = client.post(f"/floors/{floor.id}/edit", data={
        "name": "Groen West", "domain": "green", "base": "Depot", "version": floor.version,
        "workshop_site_id": site.id, "workshop_capacity": "12", "workshop_supervisors": "2"})
    assert response.status_code == 302, text(response)
    monday = floor_today() + timedelta(days=7 - floor_today().weekday())
    jobs = _workshop_jobs(db, floor, monday)
    assert sorted(j.blocks for j in jobs) == [["am"], ["pm"]]
    assert {(j.site_id, j.max_learners, j.min_supervisors) for j in jobs} == {(site.id, 12, 2)}
    assert not _workshop_jobs(db, floor, monday + timedelta(days=5))  # no workshop on Saturday
    template_page = text(client.get(f"/assignments/templates/{jobs[0].template_id}/edit"))
    assert "Dit is de werkplaats van Groen West" in template_page

    # Smaller workshop: the coming jobs follow.
    db.session.refresh(floor)
    client.post(f"/floors/{floor.id}/edit", data={
        "name": "Groen West", "domain": "green", "base": "Depot", "version": floor.version,
        "workshop_site_id": site.id, "workshop_capacity": "8", "workshop_supervisors": "1"})
    assert {j.max_learners for j in _workshop_jobs(db, floor, monday)} == {8}

    # No workshop any more: its unplanned jobs go.
    db.session.refresh(floor)
    client.post(f"/floors/{floor.id}/edit", data={
        "name": "Groen West", "domain": "green", "base": "Depot", "version": floor.version,
        "workshop_site_id": site.id, "workshop_capacity": "0", "workshop_supervisors": "1"})
    assert _workshop_jobs(db, floor, monday) == []


@pytest.mark.parametrize("capacity, site, message", [
    ("12", "0", "Kies eerst de locatie van de werkplaats."),
    ("51", "site", "Vul een aantal van 0 tot 50 in."),
    ("99999999999999999999", "site", "Vul een aantal van 0 tot 50 in."),
    ("-1", "site", "Vul een aantal van 0 tot 50 in."),
    ("12", "999999", "Kies een locatie uit de lijst."),
])
def test_a_bad_workshop_gets_a_dutch_message_and_stores_nothing(client, coordinator, make_floor, make_site, db,
                                                               capacity, site, message):
    floor = make_floor(name="Groen Zuid")
    real = make_site(name="Serre Zuid")
    db.session.commit()
    response = client.post(f"/floors/{floor.id}/edit", data={
        "name": "Groen Zuid", "domain": "green", "base": "Depot", "version": floor.version,
        "workshop_site_id": real.id if site == "site" else site, "workshop_capacity": capacity,
        "workshop_supervisors": "1"})
    assert response.status_code == 200
    assert message in text(response)
    db.session.expire_all()
    assert db.session.get(Floor, floor.id).workshop_capacity == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(AssignmentTemplate)) == 0
