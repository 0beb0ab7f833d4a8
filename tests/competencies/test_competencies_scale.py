import pytest

from competencies.scale import (
    LEVELS, PROFICIENT, SCALE, check_level, is_level, is_proficient, level_label, note_required, scale_level,
)


def test_scale_has_four_levels_with_dutch_wording():
    assert LEVELS == (1, 2, 3, 4)
    assert [step.value for step in SCALE] == [1, 2, 3, 4]
    assert [step.statement for step in SCALE] == [
        "beheerst dit onvoldoende", "kan dit onder begeleiding", "beheerst dit voldoende", "kan dit zelfstandig"]


def test_proficient_is_sufficient():
    assert PROFICIENT == 3
    assert [is_proficient(level) for level in (None, 1, 2, 3, 4)] == [False, False, False, True, True]


@pytest.mark.parametrize(("level", "label"), [
    (1, "onvoldoende"), (2, "onder begeleiding"), (3, "voldoende"), (4, "zelfstandig"), (None, "niet geobserveerd"),
])
def test_level_label(level, label):
    assert level_label(level) == label


@pytest.mark.parametrize(("level", "required"), [(1, True), (2, True), (3, False), (4, False), (None, False)])
def test_note_required_for_levels_one_and_two(level, required):
    assert note_required(level) is required


@pytest.mark.parametrize("bad", [0, 5, -1, 2.0, "3", True])
def test_out_of_range_levels_are_refused(bad):
    assert not is_level(bad)
    with pytest.raises(ValueError):
        check_level(bad)
    with pytest.raises(ValueError):
        note_required(bad)


def test_not_observed_is_none():
    assert check_level(None) is None
    assert scale_level(None).label == "niet geobserveerd"
