"""Sites: the coordinator manages them, supervisors read them."""
from __future__ import annotations

from tests.conftest import text
from workfloor.models import Site


def count_sites(db) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Site))


def test_list_searches_name_and_address_and_hides_inactive(client, coordinator, make_site):
    make_site(name="Park Noord", address="Parklaan 1")
    make_site(name="Stadhuis", address="Grote Markt 1")
    make_site(name="Oude werf", address="Parklaan 9", active=False)
    page = text(client.get("/sites/"))
    assert "Park Noord" in page and "Stadhuis" in page and "Oude werf" not in page
    page = text(client.get("/sites/?q=markt"))
    assert "Stadhuis" in page and "Park Noord" not in page
    page = text(client.get("/sites/?q=parklaan&status=all"))
    assert "Park Noord" in page and "Oude werf" in page and "Stadhuis" not in page
    page = text(client.get("/sites/?status=inactive"))
    assert "Oude werf" in page and "Park Noord" not in page


def test_create_site(client, coordinator, db):
    assert client.get("/sites/new").status_code == 200
    response = client.post("/sites/new", data={"name": "Begraafplaats Zuid", "address": "Kerkhofweg 2",
                                               "travel_minutes": "25", "notes": "Sleutel bij de conciërge"})
    assert response.status_code == 302
    site = db.session.execute(db.select(Site).where(Site.name == "Begraafplaats Zuid")).scalar_one()
    assert (site.address, site.travel_minutes, site.notes) == ("Kerkhofweg 2", 25, "Sleutel bij de conciërge")


def test_negative_travel_minutes_get_a_dutch_message_next_to_the_field(client, coordinator, db):
    before = count_sites(db)
    response = client.post("/sites/new", data={"name": "Park", "address": "", "travel_minutes": "-5"})
    page = text(response)
    assert response.status_code == 200
    assert '<small class="field-error" id="travel_minutes-error">De reistijd ligt tussen 0 en 600 minuten.' in page
    assert 'value="-5"' in page and 'value="Park"' in page
    assert count_sites(db) == before


def test_duplicate_site_name_gets_a_dutch_message(client, coordinator, make_site, db):
    make_site(name="Stadhuis")
    before = count_sites(db)
    response = client.post("/sites/new", data={"name": "stadhuis", "travel_minutes": "5"})
    assert "Er bestaat al een locatie met deze naam." in text(response)
    assert count_sites(db) == before


def test_missing_name_and_travel_time(client, coordinator):
    page = text(client.post("/sites/new", data={"name": "", "travel_minutes": ""}))
    assert "Geef de locatie een naam." in page
    assert "Vul de reistijd in minuten in" in page


def test_show_and_edit_site(client, coordinator, make_site):
    site = make_site(name="Park", travel_minutes=10)
    page = text(client.get(f"/sites/{site.id}"))
    assert "Park" in page and "10 min" in page and "Bewerken" in page
    assert client.get(f"/sites/{site.id}/edit").status_code == 200
    response = client.post(f"/sites/{site.id}/edit", data={
        "name": "Park Noord", "address": "Parklaan 1", "travel_minutes": "0", "notes": "", "version": site.version})
    assert response.status_code == 302
    assert (site.name, site.travel_minutes) == ("Park Noord", 0)


def test_edit_with_negative_minutes_saves_nothing(client, coordinator, make_site):
    site = make_site(travel_minutes=10)
    response = client.post(f"/sites/{site.id}/edit", data={
        "name": site.name, "travel_minutes": "-1", "version": site.version})
    assert "De reistijd ligt tussen 0 en 600 minuten." in text(response)
    assert site.travel_minutes == 10


def test_edit_conflict(client, coordinator, make_site, db):
    site = make_site(name="Park", travel_minutes=10)
    seen = site.version
    site.travel_minutes = 12
    db.session.commit()  # another request saved it
    response = client.post(f"/sites/{site.id}/edit", data={
        "name": "Park", "travel_minutes": "30", "notes": "mijn notitie", "version": seen})
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert "mijn notitie" in text(response)
    assert site.travel_minutes == 12


def test_deactivate_and_reactivate(client, coordinator, make_site):
    site = make_site()
    assert client.post(f"/sites/{site.id}/deactivate").status_code == 302
    assert site.active is False
    assert "Heractiveren" in text(client.get(f"/sites/{site.id}"))
    assert client.post(f"/sites/{site.id}/reactivate").status_code == 302
    assert site.active is True


def test_supervisor_reads_but_does_not_change(client, login, make_supervisor, make_site):
    site = make_site(name="Park")
    login(make_supervisor().person.user)
    assert client.get("/sites/").status_code == 200
    page = text(client.get(f"/sites/{site.id}"))
    assert "Park" in page and "Bewerken" not in page
    assert client.post(f"/sites/{site.id}/edit", data={
        "name": "X", "travel_minutes": "1", "version": site.version}).status_code == 403
    assert client.post(f"/sites/{site.id}/deactivate").status_code == 403
    assert site.name == "Park" and site.active


def test_unknown_site_is_404(client, coordinator):
    assert client.get("/sites/999999").status_code == 404
