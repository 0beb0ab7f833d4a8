from datetime import date

import pytest

from competencies.attendance import (
    AttendanceRecord, AttendanceStatus, attendance_rate, attendance_summary, by_block, unexcused_days,
    unexcused_streak,
)

MON, TUE, WED, THU, FRI = (date(2026, 3, day) for day in (2, 3, 4, 5, 6))
P, L, E, U = "present", "late", "absent_excused", "absent_unexcused"


def test_statuses_have_dutch_labels():
    assert [status.label for status in AttendanceStatus] == [
        "Aanwezig", "Te laat", "Wettig afwezig", "Onwettig afwezig"]
    assert [status.attended for status in AttendanceStatus] == [True, True, False, False]


def test_record_refuses_unknown_status():
    with pytest.raises(ValueError):
        AttendanceRecord(MON, "am", "sick")


def test_rate_is_present_plus_late_over_scheduled(attended):
    records = attended((MON, "am", P), (MON, "pm", L), (TUE, "am", E), (TUE, "pm", U))
    assert attendance_rate(records, MON, FRI) == 0.5


def test_late_counts_as_attended(attended):
    assert attendance_rate(attended((MON, "am", L), (MON, "pm", L)), MON, MON) == 1.0


def test_excused_absence_lowers_the_rate(attended):
    assert attendance_rate(attended((MON, "am", P), (TUE, "am", E)), MON, FRI) == 0.5


def test_rate_is_none_when_nothing_scheduled(attended):
    assert attendance_rate([], MON, FRI) is None
    assert attendance_rate(attended((MON, "am", P)), TUE, FRI) is None


def test_period_includes_both_ends(attended):
    records = attended((date(2026, 3, 1), "am", U), (MON, "am", P), (FRI, "am", U), (date(2026, 3, 7), "am", U))
    summary = attendance_summary(records, MON, FRI)
    assert summary.scheduled == 2
    assert summary.rate == 0.5


def test_a_later_record_for_the_same_block_corrects_the_earlier(attended):
    records = attended((MON, "am", U), (MON, "am", E))
    assert by_block(records) == [AttendanceRecord(MON, "am", AttendanceStatus.ABSENT_EXCUSED)]
    assert attendance_summary(records, MON, MON).scheduled == 1
    assert unexcused_days(records, MON, MON) == 0


def test_summary_counts_every_status(attended):
    records = attended((MON, "am", P), (MON, "pm", L), (TUE, "am", U), (TUE, "pm", U), (WED, "am", E))
    summary = attendance_summary(records, MON, FRI)
    assert summary.counts == {AttendanceStatus.PRESENT: 1, AttendanceStatus.LATE: 1,
                              AttendanceStatus.ABSENT_EXCUSED: 1, AttendanceStatus.ABSENT_UNEXCUSED: 2}
    assert summary.attended == 2
    assert summary.unexcused_days == 1


def test_unexcused_absence_is_counted_in_days(attended):
    records = attended((MON, "am", U), (MON, "pm", U), (TUE, "am", P), (TUE, "pm", U), (WED, "am", E))
    assert unexcused_days(records, MON, FRI) == 2


def test_blocks_sort_in_day_order(attended):
    records = attended((MON, "pm", P), (MON, "am", P), (MON, "evening", P))
    assert [record.block for record in by_block(records)] == ["am", "pm", "evening"]


def test_unexcused_streak_counts_the_latest_days_in_a_row(attended):
    records = attended((MON, "am", U), (TUE, "am", P), (WED, "am", U), (THU, "am", U), (THU, "pm", P),
                       (FRI, "am", U))
    assert unexcused_streak(records) == 3
    assert unexcused_streak(records, until=THU) == 2
    assert unexcused_streak(records, until=TUE) == 0


def test_unexcused_streak_skips_days_without_schedule(attended):
    # Wednesday is not a working day for this learner: it does not break the streak.
    records = attended((TUE, "am", U), (THU, "am", U))
    assert unexcused_streak(records) == 2


def test_excused_absence_breaks_an_unexcused_streak(attended):
    assert unexcused_streak(attended((MON, "am", U), (TUE, "am", E), (WED, "am", U))) == 1


def test_no_records_no_streak():
    assert unexcused_streak([]) == 0
