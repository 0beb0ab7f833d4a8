from datetime import date

import pytest

from competencies.evaluations import DEFAULT_OFFSETS_MONTHS, evaluation_moments, next_evaluation
from competencies.periods import add_months, last_weeks


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 15), 1, date(2026, 2, 15)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 11, 30), 2, date(2027, 1, 30)),
    (date(2026, 12, 31), 1, date(2027, 1, 31)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 5, 31), 23, date(2028, 4, 30)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2026, 3, 10), 0, date(2026, 3, 10)),
])
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_default_moments_are_months_1_2_7_11_17_23():
    assert DEFAULT_OFFSETS_MONTHS == (1, 2, 7, 11, 17, 23)
    assert evaluation_moments(date(2026, 3, 2)) == [
        date(2026, 4, 2), date(2026, 5, 2), date(2026, 10, 2), date(2027, 2, 2), date(2027, 8, 2), date(2028, 2, 2)]


def test_moments_are_counted_from_the_start_not_from_each_other():
    assert evaluation_moments(date(2027, 1, 31), (1, 2, 7)) == [date(2027, 2, 28), date(2027, 3, 31), date(2027, 8, 31)]


def test_leap_year_start():
    assert evaluation_moments(date(2027, 12, 31), (2, 14)) == [date(2028, 2, 29), date(2029, 2, 28)]


def test_moments_stop_at_the_contract_end():
    moments = evaluation_moments(date(2026, 3, 2), contract_end=date(2027, 2, 2))
    assert moments[-1] == date(2027, 2, 2)
    assert len(moments) == 4


def test_configured_offsets_are_sorted_and_deduplicated():
    assert evaluation_moments(date(2026, 3, 2), (6, 3, 3)) == [date(2026, 6, 2), date(2026, 9, 2)]


@pytest.mark.parametrize("bad", [(0,), (-1, 2), (1.5,)])
def test_offsets_must_be_positive_whole_months(bad):
    with pytest.raises(ValueError):
        evaluation_moments(date(2026, 3, 2), bad)


def test_next_evaluation():
    start = date(2026, 3, 2)
    assert next_evaluation(start, date(2026, 3, 2)) == date(2026, 4, 2)
    assert next_evaluation(start, date(2026, 4, 2)) == date(2026, 4, 2)
    assert next_evaluation(start, date(2026, 4, 3)) == date(2026, 5, 2)
    assert next_evaluation(start, date(2028, 2, 3)) is None
    assert next_evaluation(start, date(2026, 11, 1), contract_end=date(2026, 12, 31)) is None
    assert next_evaluation(start, date(2026, 3, 3), offsets_months=(3,)) == date(2026, 6, 2)


def test_last_weeks_includes_today_and_spans_whole_weeks():
    assert last_weeks(date(2026, 3, 31), 4) == (date(2026, 3, 4), date(2026, 3, 31))
    assert last_weeks(date(2026, 3, 31), 1) == (date(2026, 3, 25), date(2026, 3, 31))
    with pytest.raises(ValueError):
        last_weeks(date(2026, 3, 31), 0)
