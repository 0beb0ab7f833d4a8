"""The framework's learner wordings and English texts: shipped, edited by the coordinator, shown by language."""
from __future__ import annotations

import pytest
from markupsafe import escape

from competencies import load_default_framework, load_english_texts
from tests.conftest import text
from tests.floor_date import floor_today
from workfloor.framework import operations as ops
from workfloor.models import CompetencyItem


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Schoonmaak A", domain="cleaning")


def test_every_shipped_item_has_a_learner_wording_and_english_texts():
    english = load_english_texts()[1]
    for item in load_default_framework().items(include_retired=True):
        assert item.learner_text.startswith(("Ik ", "Als ")), item.id
        assert english[item.id].name and english[item.id].description and english[item.id].learner_text, item.id


def test_sync_framework_brings_the_wording_and_english(db):
    ops.sync_framework()
    row = db.session.get(CompetencyItem, "attitude.accuracy")
    assert row.learner_text == "Ik werk zorgvuldig en kijk mijn werk na."
    assert row.name_en == "Working carefully and accurately"


def _edit_data(row: CompetencyItem, **overrides) -> dict:
    data = {"name": row.name, "description": row.description, "version": row.version,
            **{f"level_{i}": text for i, text in enumerate(row.level_descriptions, start=1)},
            "learner_text": row.learner_text, "name_en": row.name_en, "description_en": row.description_en,
            "learner_text_en": row.learner_text_en}
    return data | overrides


def test_coordinator_edits_the_wording_and_english_texts(client, coordinator, framework_items, db, make_user, login,
                                                         make_learner, floor):
    row = db.session.get(CompetencyItem, "attitude.punctuality")
    page = text(client.get("/framework/items/attitude.punctuality/edit"))
    assert "Ik kom op tijd en houd me aan afspraken." in page and "Punctuality and keeping agreements" in page
    assert escape(load_english_texts()[1]["attitude.punctuality"].level_descriptions[3]) in page  # editable
    response = client.post("/framework/items/attitude.punctuality/edit", data=_edit_data(
        row, learner_text="Ik ben op tijd op de werf.", name_en="Being on time",
        level_en_1="Often late.", level_en_2="On time when reminded.", level_en_3="On time.",
        level_en_4="Always on time, plans ahead."))
    assert response.status_code == 302, text(response)
    db.session.refresh(row)
    assert row.learner_text == "Ik ben op tijd op de werf." and row.name_en == "Being on time"
    assert row.level_descriptions_en[3] == "Always on time, plans ahead."

    learner = make_learner(floors=[floor])
    login(learner.person.user)
    assert "Ik ben op tijd op de werf." in text(client.get("/assessments/mine/new?step=0"))
    learner.person.user.locale = "en"
    db.session.flush()
    page = text(client.get("/assessments/mine/new?step=0"))
    assert "Being on time" not in page  # the learner reads their own wording, in English where there is one
    assert "I arrive on time and keep to agreements." in page and "Work attitudes" in page


def test_english_readers_see_english_names_and_level_texts(client, framework_items, db, make_user, login,
                                                           make_learner, floor):
    supervisor = make_user("coordinator", locale="en")
    learner = make_learner(floors=[floor])
    login(supervisor)
    page = text(client.get(f"/assessments/learner/{learner.id}/new"))
    assert "Working carefully and accurately" in page and "Nauwkeurig werken" not in page
    english = load_english_texts()[1]["attitude.accuracy"].level_descriptions
    dutch = load_default_framework()["attitude.accuracy"].level_descriptions
    for level in range(4):
        assert escape(english[level]) in page and escape(dutch[level]) not in page


def test_english_quick_observation_shows_the_english_level_texts(client, framework_items, db, make_user, login,
                                                                 make_learner, floor):
    """The behaviour a supervisor rates against is described in their language, level by level."""
    supervisor = make_user("coordinator", locale="en")
    learner = make_learner(floors=[floor])
    login(supervisor)
    page = text(client.get(f"/assessments/quick/{learner.id}?item=cleaning.dosing"))
    assert "Choosing and dosing products" in page
    assert escape(load_english_texts()[1]["cleaning.dosing"].level_descriptions[0]) in page
    assert escape(load_default_framework()["cleaning.dosing"].describe(1)) not in page

    supervisor.locale = "nl"
    db.session.flush()
    page = text(client.get(f"/assessments/quick/{learner.id}?item=cleaning.dosing"))
    assert escape(load_default_framework()["cleaning.dosing"].describe(1)) in page


@pytest.mark.parametrize("field", ["learner_text", "name_en"])
def test_framework_texts_refuse_control_characters(client, coordinator, framework_items, db, field):
    row = db.session.get(CompetencyItem, "attitude.punctuality")
    response = client.post("/framework/items/attitude.punctuality/edit", data=_edit_data(row, **{field: "a\x00b"}))
    assert response.status_code == 400  # the edge check refuses control characters before any form


def test_every_shipped_item_has_a_dutch_word_on_the_board():
    """The board said "oefent accuracy": an item without a word fell back to its code."""
    from scheduling.model import WORDS_NL

    missing = [item.id for item in load_default_framework().items(include_retired=True) if item.id not in WORDS_NL]
    assert not missing


def test_the_board_never_shows_a_raw_competency_code(client, coordinator, framework_items, db, make_floor, make_site):
    from datetime import timedelta

    from workfloor.models import Assignment

    floor = make_floor(name="Schoonmaak A", domain="cleaning")
    day = floor_today() + timedelta(days=7 - floor_today().weekday())
    db.session.add(Assignment(name="Kinderopvang", floor=floor, site=make_site(), day=day, max_learners=3,
                              trains=["attitude.accuracy", "cleaning.dusting"]))
    db.session.flush()
    page = text(client.get(f"/planning/{day.isoformat()}"))
    assert "oefent Nauwkeurig werken, Afstoffen" in page and "accuracy" not in page
