from datetime import date

import pytest

from competencies.progress import Direction, Point, Trend, series, trend, trends

HEDGE = "green.hedge_trimming"
START, END = date(2026, 3, 1), date(2026, 3, 31)


def test_directions_have_arrows_and_dutch_labels():
    assert [(d.arrow, d.label) for d in Direction] == [
        ("↑", "vooruitgang"), ("→", "stabiel"), ("↓", "achteruitgang"), ("·", "onbekend")]


def test_trend_up_from_the_level_in_force_at_the_start(make_rating):
    history = [make_rating(level=1, date=date(2026, 2, 10)), make_rating(level=3, date=date(2026, 3, 20))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.UP, 2, 1, 3)
    assert trend(history, HEDGE, START, END).arrow == "↑"


def test_trend_down(make_rating):
    history = [make_rating(level=3, date=date(2026, 2, 10)), make_rating(level=2, date=date(2026, 3, 20))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.DOWN, -1, 3, 2)


def test_trend_flat_when_nothing_changed_in_the_period(make_rating):
    history = [make_rating(level=2, date=date(2026, 2, 10))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.FLAT, 0, 2, 2)


def test_trend_flat_when_rated_again_at_the_same_level(make_rating):
    history = [make_rating(level=2, date=date(2026, 2, 10)), make_rating(level=2, date=date(2026, 3, 10))]
    assert trend(history, HEDGE, START, END).direction is Direction.FLAT


def test_trend_of_an_item_first_rated_in_the_period_starts_at_its_first_rating(make_rating):
    history = [make_rating(level=1, date=date(2026, 3, 5)), make_rating(level=2, date=date(2026, 3, 25))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.UP, 1, 1, 2)


def test_trend_unknown_with_a_single_rating_in_the_period(make_rating):
    history = [make_rating(level=3, date=date(2026, 3, 5))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.UNKNOWN, None, None, 3)


def test_trend_unknown_without_ratings(make_rating):
    assert trend([], HEDGE, START, END) == Trend(Direction.UNKNOWN, None, None, None)
    later = [make_rating(level=3, date=date(2026, 4, 5))]
    assert trend(later, HEDGE, START, END).direction is Direction.UNKNOWN


def test_trend_ignores_ratings_after_the_end_and_not_observed(make_rating):
    history = [make_rating(level=2, date=date(2026, 2, 10)), make_rating(level=None, date=date(2026, 3, 10)),
               make_rating(level=4, date=date(2026, 4, 10))]
    assert trend(history, HEDGE, START, END) == Trend(Direction.FLAT, 0, 2, 2)


def test_trend_counts_a_rating_on_the_start_date_as_baseline(make_rating):
    history = [make_rating(level=1, date=START), make_rating(level=2, date=END)]
    assert trend(history, HEDGE, START, END) == Trend(Direction.UP, 1, 1, 2)


def test_trend_ignores_self_assessments_unless_asked(make_rating):
    history = [make_rating(level=1, date=date(2026, 2, 10)), make_rating(level=4, date=date(2026, 3, 10), kind="self")]
    assert trend(history, HEDGE, START, END).direction is Direction.FLAT
    assert trend(history, HEDGE, START, END, include_self=True).delta == 3


def test_trend_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        trend([], HEDGE, END, START)


def test_trends_for_every_rated_item(make_rating):
    history = [make_rating(level=1, date=date(2026, 2, 10)), make_rating(level=2, date=date(2026, 3, 10)),
               make_rating(competency_id="attitude.teamwork", level=3, date=date(2026, 2, 1)),
               make_rating(competency_id="green.mowing", level=3, date=date(2026, 5, 1))]
    result = trends(history, START, END)
    assert {key: value.direction for key, value in result.items()} == {
        HEDGE: Direction.UP, "attitude.teamwork": Direction.FLAT}


def test_series_one_point_per_day_oldest_first(make_rating):
    history = [
        make_rating(level=3, date=date(2026, 3, 20)),
        make_rating(level=1, date=date(2026, 3, 2)),
        make_rating(level=2, date=date(2026, 3, 2)),
        make_rating(level=None, date=date(2026, 3, 10)),
        make_rating(level=4, date=date(2026, 3, 25), kind="self"),
        make_rating(competency_id="green.mowing", level=4, date=date(2026, 3, 3)),
    ]
    assert series(history, HEDGE) == [Point(date(2026, 3, 2), 2), Point(date(2026, 3, 20), 3)]
    assert series(history, HEDGE, include_self=True)[-1] == Point(date(2026, 3, 25), 4)


def test_series_of_an_unrated_item_is_empty(make_rating):
    assert series([make_rating(level=None)], HEDGE) == []
