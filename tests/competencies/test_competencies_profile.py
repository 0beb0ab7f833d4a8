import pytest

from competencies.profile import JobTarget, ProfileGap, compare, meets

CLEANER = JobTarget("cleaner", "Schoonmaker", {
    "attitude.punctuality": 3, "cleaning.sanitary": 3, "cleaning.dosing": 4, "attitude.teamwork": 2,
})


def test_compare_lists_gaps_largest_first_with_ties_in_target_order():
    levels = {"attitude.punctuality": 2, "cleaning.sanitary": 3, "cleaning.dosing": 1, "attitude.teamwork": 1}
    assert compare(levels, CLEANER) == [
        ProfileGap("cleaning.dosing", 4, 1, 3, False),
        ProfileGap("attitude.punctuality", 3, 2, 1, False),
        ProfileGap("attitude.teamwork", 2, 1, 1, False),
        ProfileGap("cleaning.sanitary", 3, 3, 0, True),
    ]


def test_above_the_requirement_is_met_without_negative_gap():
    rows = compare({"attitude.teamwork": 4}, JobTarget("t", "T", {"attitude.teamwork": 2}))
    assert rows == [ProfileGap("attitude.teamwork", 2, 4, 0, True)]


def test_never_observed_counts_as_zero():
    rows = compare({"cleaning.sanitary": None}, JobTarget("t", "T", {"cleaning.sanitary": 3, "cleaning.dosing": 1}))
    assert rows == [ProfileGap("cleaning.sanitary", 3, None, 3, False),
                    ProfileGap("cleaning.dosing", 1, None, 1, False)]


def test_items_not_in_the_target_are_ignored():
    assert compare({"green.mowing": 1}, JobTarget("t", "T", {})) == []


def test_meets():
    requirement = {"cleaning.sanitary": 3, "attitude.safety": 2}
    assert meets({"cleaning.sanitary": 3, "attitude.safety": 4}, requirement)
    assert not meets({"cleaning.sanitary": 2, "attitude.safety": 4}, requirement)
    assert not meets({"cleaning.sanitary": 3}, requirement)
    assert not meets({"cleaning.sanitary": 3, "attitude.safety": None}, requirement)
    assert meets({}, {})


def test_meets_accepts_a_job_targets_requirements():
    assert meets({"attitude.punctuality": 3, "cleaning.sanitary": 4, "cleaning.dosing": 4,
                  "attitude.teamwork": 2}, CLEANER.requirements)


@pytest.mark.parametrize("bad", [0, 5, None, "3"])
def test_job_target_refuses_levels_off_the_scale(bad):
    with pytest.raises(ValueError, match="cleaning.sanitary"):
        JobTarget("t", "T", {"cleaning.sanitary": bad})


def test_job_target_keeps_its_own_copy():
    requirements = {"cleaning.sanitary": 3}
    target = JobTarget("t", "T", requirements)
    requirements["cleaning.sanitary"] = 1
    assert target.requirements == {"cleaning.sanitary": 3}
