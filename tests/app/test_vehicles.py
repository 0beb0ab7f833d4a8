"""Vehicles: the coordinator manages the fleet; supervisors read it and report outages of their floor's vans."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import count, text
from tests.floor_date import floor_today
from workfloor.models import Vehicle, VehicleOutage

TODAY = floor_today()


def vehicle_data(**overrides) -> dict:
    return {"name": "Bestelwagen 7", "plate": "1-abc-107", "floor_id": "", "seats": "6", "licence": "B",
            "features": []} | overrides


def test_list_shows_fleet_with_floor_licence_features_and_service_today(
        client, coordinator, make_vehicle, make_floor):
    floor = make_floor(name="Groen Noord")
    make_vehicle(name="Pick-up 4", plate="1-ABC-104", floor=floor, seats=3, licence="BE", features=["trailer"])
    broken = make_vehicle(name="Minibus 2")
    broken.outages.append(VehicleOutage(start_date=TODAY, end_date=TODAY + timedelta(days=2)))
    make_vehicle(name="Oude camion", active=False)
    page = text(client.get("/vehicles/"))
    pickup_row = page.split("Pick-up 4", 1)[1].split("</tr>", 1)[0]
    assert all(s in pickup_row for s in ("1-ABC-104", "Groen Noord", "<td>3</td>", "BE", "Aanhangwagen",
                                         "in dienst"))
    assert "buiten dienst" in page.split("Minibus 2", 1)[1].split("</tr>", 1)[0]
    assert "Gedeelde pool" in page.split("Minibus 2", 1)[1].split("</tr>", 1)[0]
    assert "Oude camion" not in page
    assert "Oude camion" in text(client.get("/vehicles/?status=inactive"))


def test_list_search_and_floor_filter(client, coordinator, make_vehicle, make_floor):
    floor = make_floor()
    make_vehicle(name="Bestelwagen Noord", floor=floor)
    make_vehicle(name="Poolbus", plate="1-XYZ-999")
    page = text(client.get(f"/vehicles/?floor={floor.id}"))
    assert "Bestelwagen Noord" in page and "Poolbus" not in page
    page = text(client.get("/vehicles/?floor=pool"))
    assert "Poolbus" in page and "Bestelwagen Noord" not in page
    page = text(client.get("/vehicles/?q=xyz"))
    assert "Poolbus" in page and "Bestelwagen Noord" not in page


def test_create_vehicle(client, coordinator, make_floor, db):
    floor = make_floor(name="Groen Noord")
    assert client.get("/vehicles/new").status_code == 200
    response = client.post("/vehicles/new", data=vehicle_data(floor_id=str(floor.id), licence="BE",
                                                              features=["trailer"]))
    assert response.status_code == 302
    vehicle = db.session.execute(db.select(Vehicle).where(Vehicle.name == "Bestelwagen 7")).scalar_one()
    assert (vehicle.plate, vehicle.floor_id, vehicle.seats, vehicle.licence, vehicle.features) == (
        "1-ABC-107", floor.id, 6, "BE", ["trailer"])


def test_create_pool_vehicle(client, coordinator, db):
    assert client.post("/vehicles/new", data=vehicle_data()).status_code == 302
    vehicle = db.session.execute(db.select(Vehicle).where(Vehicle.name == "Bestelwagen 7")).scalar_one()
    assert vehicle.floor_id is None and vehicle.features == []


@pytest.mark.parametrize("seats", ["0", "-2"])
def test_zero_or_negative_seats_get_a_dutch_message(client, coordinator, db, seats):
    before = count(db, Vehicle)
    response = client.post("/vehicles/new", data=vehicle_data(seats=seats))
    page = text(response)
    assert '<small class="field-error" id="seats-error">Een voertuig heeft minstens 1 zitplaats.' in page
    assert f'value="{seats}"' in page
    assert count(db, Vehicle) == before


def test_unknown_licence_gets_a_dutch_message(client, coordinator, db):
    before = count(db, Vehicle)
    page = text(client.post("/vehicles/new", data=vehicle_data(licence="C")))
    assert '<small class="field-error" id="licence-error">Onbekend rijbewijs: kies B of BE.' in page
    assert count(db, Vehicle) == before


def test_unknown_feature_and_floor_get_dutch_messages(client, coordinator, db):
    before = count(db, Vehicle)
    page = text(client.post("/vehicles/new", data=vehicle_data(features=["crane"], floor_id="999999")))
    assert "Onbekende uitrusting: kies uit de lijst." in page
    assert "Kies een werkvloer uit de lijst." in page
    assert count(db, Vehicle) == before


def test_duplicate_vehicle_name(client, coordinator, make_vehicle, db):
    make_vehicle(name="Bestelwagen 7")
    before = count(db, Vehicle)
    page = text(client.post("/vehicles/new", data=vehicle_data(name="bestelwagen 7")))
    assert "Er bestaat al een voertuig met deze naam." in page
    assert count(db, Vehicle) == before


def test_edit_vehicle(client, coordinator, make_vehicle, make_floor):
    floor = make_floor()
    vehicle = make_vehicle(name="Minibus", floor=floor, seats=9)
    page = text(client.get(f"/vehicles/{vehicle.id}/edit"))
    assert f'<option selected value="{floor.id}">' in page
    response = client.post(f"/vehicles/{vehicle.id}/edit", data=vehicle_data(
        name="Minibus", seats="8", features=["trailer"], licence="BE", version=vehicle.version))
    assert response.status_code == 302
    assert (vehicle.seats, vehicle.floor_id, vehicle.features, vehicle.licence) == (8, None, ["trailer"], "BE")


def test_edit_with_zero_seats_saves_nothing(client, coordinator, make_vehicle):
    vehicle = make_vehicle(seats=6)
    response = client.post(f"/vehicles/{vehicle.id}/edit", data=vehicle_data(
        name=vehicle.name, seats="0", version=vehicle.version))
    assert "Een voertuig heeft minstens 1 zitplaats." in text(response)
    assert vehicle.seats == 6


def test_edit_keeps_an_inactive_floor_selectable(client, coordinator, make_vehicle, make_floor):
    floor = make_floor(name="Gesloten vloer", active=False)
    vehicle = make_vehicle(floor=floor)
    assert "Gesloten vloer" in text(client.get(f"/vehicles/{vehicle.id}/edit"))


def test_edit_conflict(client, coordinator, make_vehicle, db):
    vehicle = make_vehicle(name="Minibus", seats=9)
    seen = vehicle.version
    vehicle.seats = 8
    db.session.commit()  # another request saved it
    response = client.post(f"/vehicles/{vehicle.id}/edit", data=vehicle_data(
        name="Minibus", plate="MIJN-PLAAT", seats="7", version=seen))
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert 'value="MIJN-PLAAT"' in text(response)
    assert vehicle.seats == 8


def test_deactivate_and_reactivate(client, coordinator, make_vehicle):
    vehicle = make_vehicle()
    assert client.post(f"/vehicles/{vehicle.id}/deactivate").status_code == 302
    assert vehicle.active is False and not vehicle.in_service_on(TODAY)
    assert client.post(f"/vehicles/{vehicle.id}/reactivate").status_code == 302
    assert vehicle.active is True


def test_show_vehicle_with_outages(client, coordinator, make_vehicle, db):
    vehicle = make_vehicle(name="Minibus")
    vehicle.outages.append(VehicleOutage(start_date=TODAY, end_date=TODAY, reason="keuring"))
    db.session.flush()  # stored, as the outage form does
    page = text(client.get(f"/vehicles/{vehicle.id}"))
    assert "Minibus" in page and "keuring" in page and "Periode buiten dienst toevoegen" in page


def test_coordinator_adds_and_removes_an_outage(client, coordinator, make_vehicle, db):
    vehicle = make_vehicle()
    response = client.post(f"/vehicles/{vehicle.id}/outages", data={
        "start_date": TODAY.isoformat(), "end_date": (TODAY + timedelta(days=3)).isoformat(), "reason": "garage"})
    assert response.status_code == 302
    assert [(o.start_date, o.reason) for o in vehicle.outages] == [(TODAY, "garage")]
    assert not vehicle.in_service_on(TODAY)
    outage = vehicle.outages[0]
    assert client.post(f"/vehicles/{vehicle.id}/outages/{outage.id}/remove").status_code == 302
    assert vehicle.outages == [] and count(db, VehicleOutage) == 0


def test_outage_ending_before_it_starts_gets_a_dutch_message(client, coordinator, make_vehicle, db):
    vehicle = make_vehicle()
    response = client.post(f"/vehicles/{vehicle.id}/outages", data={
        "start_date": TODAY.isoformat(), "end_date": (TODAY - timedelta(days=1)).isoformat()})
    page = text(response)
    assert '<small class="field-error" id="end_date-error">De einddatum ligt voor de begindatum.' in page
    assert f'value="{TODAY.isoformat()}"' in page
    assert count(db, VehicleOutage) == 0


def test_outage_needs_both_dates(client, coordinator, make_vehicle, db):
    vehicle = make_vehicle()
    page = text(client.post(f"/vehicles/{vehicle.id}/outages", data={"start_date": "", "end_date": ""}))
    assert "Vul de begindatum in." in page and "Vul de einddatum in." in page
    assert count(db, VehicleOutage) == 0


def test_outage_of_another_vehicle_is_404(client, coordinator, make_vehicle, db):
    one, other = make_vehicle(), make_vehicle()
    other.outages.append(VehicleOutage(start_date=TODAY, end_date=TODAY))
    db.session.flush()
    outage_id = other.outages[0].id
    assert client.post(f"/vehicles/{one.id}/outages/{outage_id}/remove").status_code == 404
    assert len(other.outages) == 1


class TestSupervisor:
    @pytest.fixture
    def setup(self, client, login, make_supervisor, make_floor, make_vehicle):
        own, other = make_floor(), make_floor()
        login(make_supervisor(floors=[own]).person.user)
        return {"own": make_vehicle(floor=own), "other": make_vehicle(floor=other), "pool": make_vehicle()}

    def test_reads_every_vehicle(self, client, setup):
        assert client.get("/vehicles/").status_code == 200
        for vehicle in setup.values():
            assert client.get(f"/vehicles/{vehicle.id}").status_code == 200

    def test_cannot_edit_create_or_deactivate(self, client, setup):
        vehicle = setup["own"]
        assert client.get(f"/vehicles/{vehicle.id}/edit").status_code == 403
        assert client.post(f"/vehicles/{vehicle.id}/edit", data=vehicle_data(
            name="Gekaapt", version=vehicle.version)).status_code == 403
        assert client.post("/vehicles/new", data=vehicle_data()).status_code == 403
        assert client.post(f"/vehicles/{vehicle.id}/deactivate").status_code == 403
        assert vehicle.name != "Gekaapt" and vehicle.active

    def test_records_an_outage_for_a_vehicle_of_their_floor(self, client, setup):
        vehicle = setup["own"]
        assert "Periode buiten dienst toevoegen" in text(client.get(f"/vehicles/{vehicle.id}"))
        response = client.post(f"/vehicles/{vehicle.id}/outages", data={
            "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(), "reason": "panne"})
        assert response.status_code == 302
        assert not vehicle.in_service_on(TODAY)
        assert client.post(f"/vehicles/{vehicle.id}/outages/{vehicle.outages[0].id}/remove").status_code == 302
        assert vehicle.in_service_on(TODAY)

    @pytest.mark.parametrize("which", ["other", "pool"])
    def test_cannot_record_outages_elsewhere(self, client, setup, db, which):
        vehicle = setup[which]
        assert "Periode buiten dienst toevoegen" not in text(client.get(f"/vehicles/{vehicle.id}"))
        response = client.post(f"/vehicles/{vehicle.id}/outages", data={
            "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat()})
        assert response.status_code == 404
        vehicle.outages.append(VehicleOutage(start_date=TODAY, end_date=TODAY))
        db.session.flush()
        assert client.post(f"/vehicles/{vehicle.id}/outages/{vehicle.outages[0].id}/remove").status_code == 404
        assert len(vehicle.outages) == 1


@pytest.mark.parametrize("role", ["counsellor", "learner"])
def test_counsellors_and_learners_have_no_access(client, login, make_user, make_vehicle, role):
    vehicle = make_vehicle()
    login(make_user(role))
    assert client.get("/vehicles/").status_code == 403
    assert client.get(f"/vehicles/{vehicle.id}").status_code == 403
