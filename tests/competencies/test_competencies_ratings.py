from datetime import date, datetime

import pytest

from competencies.ratings import (
    RatingKind, chronological, last_assessed_on, latest_rating, level_on, levels_on, self_levels_on,
)

HEDGE = "green.hedge_trimming"
MAR_2, MAR_9, MAR_16 = date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)


def test_kinds_have_ids_and_dutch_labels():
    assert [(kind.value, kind.label) for kind in RatingKind] == [
        ("observation", "Observatie"), ("evaluation", "Periodieke evaluatie"), ("self", "Zelfevaluatie")]


def test_rating_accepts_kind_as_text(make_rating):
    assert make_rating(kind="evaluation").kind is RatingKind.EVALUATION


@pytest.mark.parametrize("bad", [0, 5, "2", 2.5])
def test_rating_refuses_levels_off_the_scale(make_rating, bad):
    with pytest.raises(ValueError):
        make_rating(level=bad)


def test_rating_refuses_unknown_kind(make_rating):
    with pytest.raises(ValueError):
        make_rating(kind="gossip")


def test_rating_refuses_a_datetime_as_date(make_rating):
    with pytest.raises(TypeError):
        make_rating(date=datetime(2026, 3, 2, 9, 0))


def test_empty_history_has_no_level():
    assert level_on([], HEDGE, MAR_2) is None
    assert levels_on([], MAR_2) == {}
    assert latest_rating([], HEDGE, MAR_2) is None


def test_latest_rating_on_or_before_the_date_counts(make_rating):
    history = [make_rating(level=3, date=MAR_16), make_rating(level=1, date=MAR_2), make_rating(level=2, date=MAR_9)]
    assert level_on(history, HEDGE, date(2026, 3, 1)) is None
    assert level_on(history, HEDGE, MAR_2) == 1
    assert level_on(history, HEDGE, date(2026, 3, 10)) == 2
    assert level_on(history, HEDGE, MAR_16) == 3
    assert level_on(history, HEDGE, date(2027, 1, 1)) == 3


def test_a_lower_later_rating_counts(make_rating):
    history = [make_rating(level=3, date=MAR_2), make_rating(level=2, date=MAR_9)]
    assert level_on(history, HEDGE, MAR_9) == 2


def test_other_items_do_not_count(make_rating):
    history = [make_rating(level=4, competency_id="green.mowing")]
    assert level_on(history, HEDGE, MAR_9) is None


def test_same_date_tie_goes_to_the_later_in_the_history(make_rating):
    history = [make_rating(level=2), make_rating(level=3)]
    assert level_on(history, HEDGE, MAR_2) == 3
    assert level_on(list(reversed(history)), HEDGE, MAR_2) == 2


def test_same_date_tie_goes_to_the_later_recorded_at(make_rating):
    later = make_rating(level=2, recorded_at=datetime(2026, 3, 2, 15, 0))
    earlier = make_rating(level=4, recorded_at=datetime(2026, 3, 2, 9, 0))
    assert level_on([later, earlier], HEDGE, MAR_2) == 2
    assert latest_rating([later, earlier], HEDGE, MAR_2) is later


def test_recorded_at_only_breaks_ties_within_a_date(make_rating):
    # Entered late at night for an older date: the date decides, not the time of entry.
    backdated = make_rating(level=1, date=MAR_2, recorded_at=datetime(2026, 3, 20, 22, 0))
    current = make_rating(level=3, date=MAR_9, recorded_at=datetime(2026, 3, 9, 10, 0))
    assert level_on([current, backdated], HEDGE, MAR_16) == 3


def test_a_timestamped_rating_beats_an_untimestamped_one_on_the_same_date(make_rating):
    stamped = make_rating(level=4, recorded_at=datetime(2026, 3, 2, 9, 0))
    plain = make_rating(level=1)
    assert chronological([stamped, plain]) == [plain, stamped]


def test_not_observed_does_not_overwrite_a_real_level(make_rating):
    history = [make_rating(level=3, date=MAR_2), make_rating(level=None, date=MAR_9)]
    assert level_on(history, HEDGE, MAR_16) == 3
    assert latest_rating(history, HEDGE, MAR_16) is history[0]
    assert levels_on(history, MAR_16) == {HEDGE: 3}


def test_only_not_observed_means_no_level(make_rating):
    history = [make_rating(level=None)]
    assert level_on(history, HEDGE, MAR_16) is None
    assert levels_on(history, MAR_16) == {}


def test_self_assessment_does_not_count_unless_asked(make_rating):
    history = [make_rating(level=2, date=MAR_2), make_rating(level=4, date=MAR_9, kind="self")]
    assert level_on(history, HEDGE, MAR_16) == 2
    assert level_on(history, HEDGE, MAR_16, include_self=True) == 4
    assert levels_on(history, MAR_16) == {HEDGE: 2}
    assert levels_on(history, MAR_16, include_self=True) == {HEDGE: 4}


def test_only_self_assessments_give_no_level(make_rating):
    assert level_on([make_rating(kind="self")], HEDGE, MAR_16) is None


def test_self_levels_on_shows_the_learners_own_view(make_rating):
    history = [make_rating(level=2, date=MAR_9), make_rating(level=3, date=MAR_2, kind="self")]
    assert self_levels_on(history, MAR_16) == {HEDGE: 3}


def test_latest_rating_by_kind(make_rating):
    observation = make_rating(level=2, date=MAR_9)
    evaluation = make_rating(level=3, date=MAR_2, kind="evaluation")
    assert latest_rating([observation, evaluation], HEDGE, MAR_16, kinds={RatingKind.EVALUATION}) is evaluation


def test_levels_on_covers_every_rated_item(make_rating):
    history = [
        make_rating(level=2, date=MAR_2),
        make_rating(level=3, date=MAR_9),
        make_rating(competency_id="attitude.teamwork", level=1, date=MAR_2),
        make_rating(competency_id="attitude.safety", level=4, date=MAR_16),
        make_rating(competency_id="green.mowing", level=None, date=MAR_2),
    ]
    assert levels_on(history, MAR_9) == {HEDGE: 3, "attitude.teamwork": 1}


def test_history_is_not_changed(make_rating):
    history = [make_rating(level=3, date=MAR_9), make_rating(level=1, date=MAR_2)]
    snapshot = list(history)
    levels_on(history, MAR_16)
    level_on(history, HEDGE, MAR_16)
    assert history == snapshot


def test_history_may_be_a_generator(make_rating):
    assert level_on((r for r in [make_rating(level=3)]), HEDGE, MAR_2) == 3


def test_last_assessed_on_counts_supervisor_ratings_including_not_observed(make_rating):
    history = [make_rating(date=MAR_2), make_rating(level=None, date=MAR_9),
               make_rating(date=MAR_16, kind="self")]
    assert last_assessed_on(history) == MAR_9
    assert last_assessed_on(history, until=date(2026, 3, 5)) == MAR_2
    assert last_assessed_on([]) is None
