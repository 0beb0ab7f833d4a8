"""Attendance per block (dagdeel) and the rates and counts read from it.

Every record is one scheduled block of one learner. Definitions:
- attendance rate = (present + late) / scheduled blocks in the period. Late counts
  as attended: the learner worked the block; lateness is followed through its own
  count and the punctuality attitude, not by lowering the rate. Excused absences do
  lower the rate: the rate says how much of the planned work was done.
- unexcused absences are counted in days: a day with at least one unexcused
  absent block is one unexcused day, so a whole day away counts once, not twice.
- When one block has two records, the later one in the list is a correction and wins.
"""
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class AttendanceStatus(StrEnum):
    """What happened in a scheduled block."""

    PRESENT = "present"
    LATE = "late"
    ABSENT_EXCUSED = "absent_excused"
    ABSENT_UNEXCUSED = "absent_unexcused"

    @property
    def label(self) -> str:
        """Dutch label."""
        return _STATUS_LABELS[self]

    @property
    def attended(self) -> bool:
        """Whether the learner worked the block (on time or late)."""
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


_STATUS_LABELS = {
    AttendanceStatus.PRESENT: "Aanwezig",
    AttendanceStatus.LATE: "Te laat",
    AttendanceStatus.ABSENT_EXCUSED: "Wettig afwezig",
    AttendanceStatus.ABSENT_UNEXCUSED: "Onwettig afwezig",
}

# Blocks of a day in time order; unknown block ids sort after these, by name.
BLOCK_ORDER = ("am", "pm")


@dataclass(frozen=True)
class AttendanceRecord:
    """What happened in one scheduled block of one learner."""

    date: date
    block: str
    status: AttendanceStatus

    def __post_init__(self) -> None:
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            raise TypeError(f"attendance date must be a date, got {self.date!r}")
        object.__setattr__(self, "status", AttendanceStatus(self.status))


@dataclass(frozen=True)
class AttendanceSummary:
    """Counts of scheduled blocks per status over a period, and the rate."""

    scheduled: int
    counts: dict[AttendanceStatus, int]
    unexcused_days: int

    @property
    def attended(self) -> int:
        """Blocks worked, on time or late."""
        return self.counts[AttendanceStatus.PRESENT] + self.counts[AttendanceStatus.LATE]

    @property
    def rate(self) -> float | None:
        """Attended over scheduled blocks; None when nothing was scheduled."""
        return self.attended / self.scheduled if self.scheduled else None


def _block_key(block: str) -> tuple[int, str]:
    return (BLOCK_ORDER.index(block), "") if block in BLOCK_ORDER else (len(BLOCK_ORDER), block)


def by_block(records: Iterable[AttendanceRecord], start: date | None = None,
             end: date | None = None) -> list[AttendanceRecord]:
    """One record per scheduled block (the last one given wins), in time order, optionally within [start, end]."""
    latest: dict[tuple[date, str], AttendanceRecord] = {}
    for record in records:
        if (start is None or record.date >= start) and (end is None or record.date <= end):
            latest[(record.date, record.block)] = record
    return sorted(latest.values(), key=lambda record: (record.date, _block_key(record.block)))


def attendance_summary(records: Iterable[AttendanceRecord], start: date, end: date) -> AttendanceSummary:
    """Counts per status, scheduled blocks and unexcused days from start to end (both included)."""
    blocks = by_block(records, start, end)
    counts = Counter({status: 0 for status in AttendanceStatus})
    counts.update(record.status for record in blocks)
    return AttendanceSummary(scheduled=len(blocks), counts=dict(counts),
                             unexcused_days=len(_unexcused_dates(blocks)))


def attendance_rate(records: Iterable[AttendanceRecord], start: date, end: date) -> float | None:
    """Share of scheduled blocks attended (present or late) from start to end; None if none scheduled."""
    return attendance_summary(records, start, end).rate


def _unexcused_dates(blocks: Iterable[AttendanceRecord]) -> set[date]:
    return {record.date for record in blocks if record.status is AttendanceStatus.ABSENT_UNEXCUSED}


def unexcused_days(records: Iterable[AttendanceRecord], start: date, end: date) -> int:
    """Days from start to end with at least one unexcused absent block."""
    return len(_unexcused_dates(by_block(records, start, end)))


def unexcused_streak(records: Iterable[AttendanceRecord], until: date | None = None) -> int:
    """How many of the latest scheduled days (up to `until`) in a row had an unexcused absence."""
    blocks = by_block(records, end=until)
    unexcused = _unexcused_dates(blocks)
    scheduled_days = sorted({record.date for record in blocks}, reverse=True)
    streak = 0
    for day in scheduled_days:
        if day not in unexcused:
            break
        streak += 1
    return streak
