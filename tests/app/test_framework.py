"""The framework editor (items, retire, reorder, delete) and job targets, plus their operations."""
from __future__ import annotations

import pytest

from competencies import load_default_framework
from tests.conftest import text
from tests.floor_date import floor_today
from workfloor.framework import operations as ops
from workfloor.models import Assessment, CompetencyItem, JobTarget, Rating


def item_data(**overrides) -> dict:
    return {"name": "Sneeuw ruimen", "description": "Maakt paden sneeuwvrij en strooit zout.",
            "level_1": "Laat plekken liggen.", "level_2": "Ruimt met hulp.", "level_3": "Ruimt netjes.",
            "level_4": "Plant het zelf.", "group": "green"} | overrides


# Operations -------------------------------------------------------------------------------------

def test_sync_framework_inserts_missing_items_and_keeps_edits(db):
    assert ops.sync_framework() == len(load_default_framework())
    item = db.session.get(CompetencyItem, "attitude.teamwork")
    item.name = "Samenwerken in de ploeg"
    db.session.delete(db.session.get(CompetencyItem, "green.mowing"))
    db.session.flush()
    assert ops.sync_framework() == 1
    assert db.session.get(CompetencyItem, "attitude.teamwork").name == "Samenwerken in de ploeg"
    assert db.session.get(CompetencyItem, "green.mowing") is not None
    assert ops.sync_framework() == 0


def test_current_framework_follows_the_rows(framework_items, db):
    assert len(framework_items) == len(load_default_framework())
    db.session.get(CompetencyItem, "green.mowing").retired = True
    db.session.get(CompetencyItem, "attitude.teamwork").name = "Samenwerken"
    db.session.flush()
    framework = ops.current_framework()
    assert framework["green.mowing"].retired
    assert "green.mowing" not in [item.id for item in framework.items("green")]
    assert framework["attitude.teamwork"].name == "Samenwerken"
    assert [group.id for group in framework.groups] == ["attitude", "cleaning", "green"]


@pytest.mark.parametrize("name,slug", [
    ("Hagen scheren (elektrisch)", "hagen_scheren_elektrisch"),
    ("Één-persoons taak", "een_persoons_taak"),
    ("123 stappen", "item_123_stappen"),
    ("!!!", "item"),
])
def test_slugify(name, slug):
    assert ops.slugify(name) == slug


def test_new_ids_are_unique_and_stable(framework_items, db):
    first = ops.add_item("green", "Sneeuw ruimen", "Paden sneeuwvrij.", ["a", "b", "c", "d"])
    second = ops.add_item("green", "Sneeuw  ruimen!", "Nog eens.", ["a", "b", "c", "d"])
    assert (first.id, second.id) == ("green.sneeuw_ruimen", "green.sneeuw_ruimen_2")
    ops.update_item(first, "Winterdienst", "Paden en pleinen.", ["1", "2", "3", "4"])
    assert first.id == "green.sneeuw_ruimen" and first.name == "Winterdienst"
    greens = [item.id for item in ops.current_framework().items("green")]
    assert greens[-2:] == ["green.sneeuw_ruimen", "green.sneeuw_ruimen_2"]


def test_move_item_swaps_within_the_group(framework_items):
    ids = [item.id for item in framework_items.items("cleaning")]
    ops.move_item(ops.item_rows()[[r.id for r in ops.item_rows()].index(ids[1])], -1)
    moved = [item.id for item in ops.current_framework().items("cleaning")]
    assert moved[:2] == [ids[1], ids[0]] and moved[2:] == ids[2:]
    first = next(row for row in ops.item_rows() if row.id == moved[0])
    ops.move_item(first, -1)  # already first: nothing happens
    assert [item.id for item in ops.current_framework().items("cleaning")] == moved


def test_an_item_with_ratings_can_not_be_deleted(framework_items, make_learner, db):
    learner = make_learner()
    db.session.add(Assessment(learner_id=learner.id, kind="observation", day=floor_today(),
                              ratings=[Rating(competency_id="green.mowing", level=3)]))
    db.session.flush()
    with pytest.raises(ops.FrameworkInUse):
        ops.delete_item(db.session.get(CompetencyItem, "green.mowing"))
    ops.delete_item(db.session.get(CompetencyItem, "green.planting"))
    assert db.session.get(CompetencyItem, "green.planting") is None


# Views ------------------------------------------------------------------------------------------

def test_index_lists_items_grouped_and_filters_retired(client, coordinator, framework_items, db):
    db.session.get(CompetencyItem, "green.mowing").retired = True
    db.session.flush()
    page = text(client.get("/framework/"))
    assert "Arbeidsattitudes" in page and "Schoonmaak" in page and "Groen" in page
    assert framework_items["attitude.teamwork"].name in page
    assert framework_items["green.mowing"].name not in page
    page = text(client.get("/framework/?status=inactive"))
    assert framework_items["green.mowing"].name in page and framework_items["attitude.teamwork"].name not in page
    page = text(client.get("/framework/?status=all&q=maaien"))
    assert framework_items["green.mowing"].name in page


def test_create_item(client, coordinator, framework_items, db):
    assert client.get("/framework/items/new?group=green").status_code == 200
    response = client.post("/framework/items/new", data=item_data())
    assert response.status_code == 302
    item = db.session.get(CompetencyItem, "green.sneeuw_ruimen")
    assert item.name == "Sneeuw ruimen" and item.level_descriptions[3] == "Plant het zelf." and not item.retired


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Geef de competentie een naam."),
    ("level_2", "", "Beschrijf wat je ziet op dit niveau."),
    ("group", "painting", "Kies een groep: arbeidsattitudes, schoonmaak of groen."),
    ("name", "Maaien en kanten afwerken", "Er bestaat in deze groep al een competentie met deze naam."),
])
def test_create_item_bad_input(client, coordinator, framework_items, db, field, value, message):
    before = db.session.scalar(db.select(db.func.count()).select_from(CompetencyItem))
    response = client.post("/framework/items/new", data=item_data(**{field: value}))
    assert response.status_code == 200
    assert message in text(response)
    assert "Plant het zelf." in text(response)  # what was typed stays
    assert db.session.scalar(db.select(db.func.count()).select_from(CompetencyItem)) == before


def test_edit_item_keeps_the_id_and_detects_conflicts(client, coordinator, framework_items, db):
    item = db.session.get(CompetencyItem, "green.mowing")
    assert "Maaien en kanten afwerken" in text(client.get("/framework/items/green.mowing/edit"))
    data = item_data(name="Gazon maaien", version=item.version)
    assert client.post("/framework/items/green.mowing/edit", data=data).status_code == 302
    db.session.refresh(item)
    assert item.name == "Gazon maaien" and item.id == "green.mowing"
    stale = client.post("/framework/items/green.mowing/edit", data=item_data(name="Iets anders", version=1))
    assert stale.status_code == 409 and "Iets anders" in text(stale)
    db.session.refresh(item)
    assert item.name == "Gazon maaien"


def test_retire_unretire_move_and_delete(client, coordinator, framework_items, db):
    client.post("/framework/items/green.mowing/retire")
    assert db.session.get(CompetencyItem, "green.mowing").retired
    client.post("/framework/items/green.mowing/unretire")
    assert not db.session.get(CompetencyItem, "green.mowing").retired
    second = framework_items.items("green")[1].id
    client.post(f"/framework/items/{second}/move", data={"direction": "up"})
    assert ops.current_framework().items("green")[0].id == second
    client.post("/framework/items/green.planting/delete")
    assert db.session.get(CompetencyItem, "green.planting") is None
    assert client.post("/framework/items/green.nope/delete").status_code == 404


def test_delete_refused_for_rated_item(client, coordinator, framework_items, make_learner, db):
    learner = make_learner()
    db.session.add(Assessment(learner_id=learner.id, kind="observation", day=floor_today(),
                              ratings=[Rating(competency_id="green.mowing", level=2, note="x")]))
    db.session.flush()
    response = client.post("/framework/items/green.mowing/delete", follow_redirects=True)
    assert "kan niet verwijderd worden" in text(response)
    assert db.session.get(CompetencyItem, "green.mowing") is not None


def test_job_target_crud(client, coordinator, framework_items, db):
    assert client.get("/framework/job-targets/new").status_code == 200
    response = client.post("/framework/job-targets/new", data={
        "name": "Schoonmaker", "description": "Poetsen in kantoren", "req-cleaning.sanitary": "3",
        "req-attitude.punctuality": "4", "req-green.mowing": ""})
    assert response.status_code == 302
    target = db.session.execute(db.select(JobTarget)).scalar_one()
    assert target.requirements == {"cleaning.sanitary": 3, "attitude.punctuality": 4}
    page = text(client.get("/framework/job-targets"))
    assert "Schoonmaker" in page
    response = client.post(f"/framework/job-targets/{target.id}/edit", data={
        "name": "Schoonmaker kantoren", "req-cleaning.sanitary": "2", "version": target.version})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.name == "Schoonmaker kantoren" and target.requirements == {"cleaning.sanitary": 2}
    client.post(f"/framework/job-targets/{target.id}/deactivate")
    assert not db.session.get(JobTarget, target.id).active
    client.post(f"/framework/job-targets/{target.id}/reactivate")
    assert db.session.get(JobTarget, target.id).active


def test_job_target_bad_input(client, coordinator, framework_items, db):
    response = client.post("/framework/job-targets/new", data={"name": "", "req-cleaning.sanitary": "7"})
    page = text(response)
    assert "Geef het jobdoelwit een naam." in page and "Kies een niveau van 1 tot 4, of laat leeg." in page
    assert db.session.scalar(db.select(db.func.count()).select_from(JobTarget)) == 0
    db.session.add(JobTarget(name="Groenarbeider", requirements={}))
    db.session.flush()
    response = client.post("/framework/job-targets/new", data={"name": "groenarbeider"})
    assert "Er bestaat al een jobdoelwit met deze naam." in text(response)


def test_job_target_edit_conflict(client, coordinator, framework_items, db):
    target = JobTarget(name="Groenarbeider", requirements={"green.mowing": 3})
    db.session.add(target)
    db.session.commit()  # saved earlier: the conflicting request's rollback must not undo it
    assert '<option selected value="3">' in text(client.get(f"/framework/job-targets/{target.id}/edit"))
    response = client.post(f"/framework/job-targets/{target.id}/edit",
                           data={"name": "Groen", "version": target.version + 5})
    assert response.status_code == 409
    assert db.session.get(JobTarget, target.id).name == "Groenarbeider"


def test_only_the_coordinator_edits_the_framework(client, login, make_supervisor, framework_items):
    login(make_supervisor().person.user)
    assert client.get("/framework/").status_code == 403
    assert client.post("/framework/items/green.mowing/retire").status_code == 403
