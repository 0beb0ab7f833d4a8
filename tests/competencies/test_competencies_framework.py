import pytest

from competencies.framework import (
    DEFAULT_FILES, Framework, FrameworkError, Group, load_default_framework, read_framework, read_group_file,
)

GROUP_FILE = """
group = "green"
label = "Groen"

[[items]]
id = "green.mowing"
name = "Maaien"
description = "Maait gazons."
[items.levels]
1 = "laat stroken staan"
2 = "maait met hulp"
3 = "maait recht"
4 = "maait zelfstandig"
"""


# --- the shipped data -------------------------------------------------------------

def test_default_framework_has_the_three_groups_in_order(framework):
    assert [(group.id, group.label) for group in framework.groups] == [
        ("attitude", "Arbeidsattitudes"), ("cleaning", "Schoonmaak"), ("green", "Groen")]


def test_every_planner_id_is_in_the_default_framework(framework, planner_ids):
    for group_id, ids in planner_ids.items():
        for competency_id in ids:
            item = framework[competency_id]
            assert item.group == group_id
            assert not item.retired


def test_default_framework_covers_the_domain_list(framework):
    # DOMAIN.md lists 19 attitudes plus communication, 11 cleaning and 10 green skills;
    # cleaning splits offices and dusting because the planner uses cleaning.dusting.
    assert len(framework.items("attitude")) == 20
    assert len(framework.items("cleaning")) == 12
    assert len(framework.items("green")) == 11
    for competency_id in ("attitude.attendance", "attitude.dutch_language", "cleaning.colour_coding",
                          "cleaning.reports_defects", "green.work_zone", "green.equipment_care"):
        assert competency_id in framework


def test_default_items_have_distinct_dutch_names_and_four_level_descriptions(framework):
    names = [item.name for item in framework]
    assert len(set(names)) == len(names)
    for item in framework:
        assert len(item.level_descriptions) == 4
        assert len(set(item.level_descriptions)) == 4, item.id
        assert all(len(text) > 20 for text in item.level_descriptions), item.id


def test_hedge_trimming_level_four_describes_the_behaviour(framework):
    assert "breder aan de voet" in framework["green.hedge_trimming"].describe(4)


def test_default_framework_is_cached():
    assert load_default_framework() is load_default_framework()


# --- lookups ----------------------------------------------------------------------

def test_lookup_by_id(framework):
    assert framework["attitude.teamwork"].name == "Samenwerken"
    assert framework.get("green.unknown") is None
    assert "green.unknown" not in framework
    with pytest.raises(KeyError):
        framework["green.unknown"]


def test_by_group_lists_items_in_file_order(framework):
    grouped = framework.by_group()
    assert [group.id for group, _ in grouped] == ["attitude", "cleaning", "green"]
    assert grouped[2][1][:3] == tuple(framework[i] for i in ("green.work_order", "green.work_zone", "green.mowing"))


def test_describe_rejects_levels_off_the_scale(framework):
    with pytest.raises(ValueError):
        framework["green.mowing"].describe(0)
    with pytest.raises(ValueError):
        framework["green.mowing"].describe(None)


# --- built from database rows -----------------------------------------------------

def test_from_items_uses_the_shipped_groups(make_competency):
    framework = Framework.from_items([make_competency(), make_competency(id="green.planting", name="Aanplanten")])
    assert [group.id for group in framework.groups] == ["attitude", "cleaning", "green"]
    assert framework.ids == ("green.mowing", "green.planting")
    assert framework.items("attitude") == ()


def test_retired_items_stay_resolvable_but_are_not_offered(make_competency):
    retired = make_competency(id="green.old_item", name="Oude taak", retired=True)
    framework = Framework.from_items([make_competency(), retired])
    assert framework["green.old_item"] is retired
    assert framework.items("green") == (framework["green.mowing"],)
    assert framework.items("green", include_retired=True) == (framework["green.mowing"], retired)
    assert framework.by_group()[2][1] == (framework["green.mowing"],)
    assert len(framework) == 2


def test_renamed_item_keeps_its_id(make_competency):
    framework = Framework.from_items([make_competency(name="Gazon maaien")])
    assert framework["green.mowing"].name == "Gazon maaien"


def test_from_items_with_own_groups(make_competency):
    framework = Framework.from_items([make_competency(id="wood.sawing", group="wood")], groups=[Group("wood", "Hout")])
    assert framework.group("wood").label == "Hout"
    with pytest.raises(KeyError):
        framework.group("green")


# --- validation -------------------------------------------------------------------

def test_duplicate_ids_are_refused(make_competency):
    with pytest.raises(FrameworkError, match="duplicate competency id 'green.mowing'"):
        Framework.from_items([make_competency(), make_competency(name="Ander")])


def test_item_in_unknown_group_is_refused(make_competency):
    with pytest.raises(FrameworkError, match="unknown group 'wood'"):
        Framework.from_items([make_competency(id="wood.sawing", group="wood")])


def test_duplicate_groups_are_refused():
    with pytest.raises(FrameworkError, match="duplicate group"):
        Framework([Group("green", "Groen"), Group("green", "Groen 2")], [])


def test_id_prefix_must_match_group(make_competency):
    with pytest.raises(FrameworkError, match="prefix does not match group 'cleaning'"):
        make_competency(group="cleaning")


@pytest.mark.parametrize("bad_id", ["mowing", "green.", "Green.mowing", "green.hedge-trimming", "green.a.b", ""])
def test_malformed_ids_are_refused(make_competency, bad_id):
    with pytest.raises(FrameworkError, match="not of the form"):
        make_competency(id=bad_id)


@pytest.mark.parametrize("descriptions", [("een", "twee", "drie"), ("een", "twee", "drie", "  "),
                                          ("een", "twee", "drie", "vier", "vijf")])
def test_all_four_level_descriptions_are_required(make_competency, descriptions):
    with pytest.raises(FrameworkError, match="description for each of the levels"):
        make_competency(level_descriptions=descriptions)


def test_empty_name_is_refused(make_competency):
    with pytest.raises(FrameworkError, match="name is empty"):
        make_competency(name=" ")


def test_empty_description_is_refused(make_competency):
    with pytest.raises(FrameworkError, match="description is empty"):
        make_competency(description="")


# --- reading files ----------------------------------------------------------------

def test_read_group_file():
    group, items = read_group_file(GROUP_FILE, "green.toml")
    assert group == Group("green", "Groen")
    assert items[0].level_descriptions == ("laat stroken staan", "maait met hulp", "maait recht", "maait zelfstandig")
    assert items[0].retired is False


def test_file_errors_name_the_file():
    with pytest.raises(FrameworkError, match=r"^green.toml: competency 'green.mowing': levels must be exactly"):
        read_group_file(GROUP_FILE.replace('4 = "maait zelfstandig"', ""), "green.toml")


def test_level_key_out_of_range_is_refused():
    with pytest.raises(FrameworkError, match="levels must be exactly"):
        read_group_file(GROUP_FILE.replace("4 = ", "5 = "), "green.toml")


def test_missing_field_is_reported():
    with pytest.raises(FrameworkError, match="green.toml: missing field 'description'"):
        read_group_file(GROUP_FILE.replace('description = "Maait gazons."', ""), "green.toml")


def test_wrong_group_prefix_in_file_is_reported():
    with pytest.raises(FrameworkError, match="green.toml: .*prefix does not match group 'green'"):
        read_group_file(GROUP_FILE.replace('id = "green.mowing"', 'id = "cleaning.mowing"'), "green.toml")


def test_invalid_toml_is_reported():
    with pytest.raises(FrameworkError, match="green.toml: not valid TOML"):
        read_group_file("group = ", "green.toml")


def test_group_without_items_is_refused():
    with pytest.raises(FrameworkError, match="has no items"):
        read_group_file('group = "green"\nlabel = "Groen"\n', "green.toml")


def test_retired_flag_must_be_boolean():
    with pytest.raises(FrameworkError, match="retired must be true or false"):
        read_group_file(GROUP_FILE.replace('name = "Maaien"', 'name = "Maaien"\nretired = "ja"'), "green.toml")


def test_same_group_in_two_files_is_refused():
    with pytest.raises(FrameworkError, match="duplicate group id"):
        read_framework([("a.toml", GROUP_FILE), ("b.toml", GROUP_FILE)])


def test_duplicate_ids_in_one_file_are_refused():
    item = GROUP_FILE[GROUP_FILE.index("[[items]]"):]
    with pytest.raises(FrameworkError, match="duplicate competency id 'green.mowing'"):
        read_framework([("green.toml", GROUP_FILE + item)])


def test_read_framework_keeps_file_order():
    cleaning = GROUP_FILE.replace("green", "cleaning").replace("Groen", "Schoonmaak")
    framework = read_framework([("cleaning.toml", cleaning), ("green.toml", GROUP_FILE)])
    assert [group.id for group in framework.groups] == ["cleaning", "green"]
    assert framework.ids == ("cleaning.mowing", "green.mowing")


def test_default_files_are_one_per_group():
    assert DEFAULT_FILES == ("attitude.toml", "cleaning.toml", "green.toml")
