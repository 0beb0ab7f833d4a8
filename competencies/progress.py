"""Progress over time: the trend of an item over a period and the points for a chart."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from competencies.ratings import Rating, chronological, counted_kinds


class Direction(StrEnum):
    """Which way an item's level went over a period."""

    UP = "up"
    FLAT = "flat"
    DOWN = "down"
    UNKNOWN = "unknown"

    @property
    def arrow(self) -> str:
        """The arrow shown in the caseload overview."""
        return _ARROWS[self]

    @property
    def label(self) -> str:
        """Dutch label, also the text alternative for the arrow."""
        return _LABELS[self]


_ARROWS = {Direction.UP: "↑", Direction.FLAT: "→", Direction.DOWN: "↓", Direction.UNKNOWN: "·"}
_LABELS = {Direction.UP: "vooruitgang", Direction.FLAT: "stabiel", Direction.DOWN: "achteruitgang",
           Direction.UNKNOWN: "onbekend"}


@dataclass(frozen=True)
class Trend:
    """How an item moved between the start and the end of a period."""

    direction: Direction
    delta: int | None
    start_level: int | None
    end_level: int | None

    @property
    def arrow(self) -> str:
        """The arrow for this trend."""
        return self.direction.arrow


@dataclass(frozen=True)
class Point:
    """The level in force at the end of a day on which the item was rated."""

    date: date
    level: int


def _counted(history: Iterable[Rating], competency_id: str, include_self: bool) -> list[Rating]:
    kinds = counted_kinds(include_self)
    return [rating for rating in chronological(history)
            if rating.competency_id == competency_id and rating.kind in kinds and rating.level is not None]


def trend(history: Iterable[Rating], competency_id: str, start: date, end: date, *,
          include_self: bool = False) -> Trend:
    """The direction and size of the change in an item's level from start to end.

    The baseline is the level in force on `start`; for an item first rated during
    the period it is that first rating. With fewer than two known levels to compare
    the direction is unknown.
    """
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    ratings = [rating for rating in _counted(history, competency_id, include_self) if rating.date <= end]
    if not ratings:
        return Trend(Direction.UNKNOWN, None, None, None)
    before = [rating for rating in ratings if rating.date <= start]
    baseline = before[-1] if before else ratings[0]
    final = ratings[-1]
    if final is baseline and baseline.date > start:
        # One rating inside the period: nothing to compare it with.
        return Trend(Direction.UNKNOWN, None, None, final.level)
    delta = final.level - baseline.level
    direction = Direction.UP if delta > 0 else Direction.DOWN if delta < 0 else Direction.FLAT
    return Trend(direction, delta, baseline.level, final.level)


def trends(history: Iterable[Rating], start: date, end: date, *, include_self: bool = False) -> dict[str, Trend]:
    """The trend of every item rated up to the end of the period."""
    history = list(history)
    ids = dict.fromkeys(rating.competency_id for rating in history if rating.date <= end)
    return {competency_id: trend(history, competency_id, start, end, include_self=include_self)
            for competency_id in ids}


def series(history: Iterable[Rating], competency_id: str, *, include_self: bool = False) -> list[Point]:
    """An item's level over time, one point per rating day, oldest first (not-observed skipped)."""
    points: dict[date, int] = {}
    for rating in _counted(history, competency_id, include_self):
        points[rating.date] = rating.level  # the later rating of a day overwrites the earlier
    return [Point(day, level) for day, level in points.items()]
