"""Ratings and the current level: the latest rating counts, the history is kept.

Rules, in one place:
- Only ratings dated on or before the day asked about count.
- Of those, the latest counts. On the same date the one recorded later wins:
  by `recorded_at` when both have one, otherwise by position in the history.
- A "not observed" rating (level None) says the item wasn't seen that time; it
  does not wipe out a level observed earlier, so it never becomes the current level.
- Self-assessments sit beside the supervisor's ratings and only count when asked.
"""
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from competencies.scale import check_level


class RatingKind(StrEnum):
    """How a rating came about."""

    OBSERVATION = "observation"
    EVALUATION = "evaluation"
    SELF = "self"

    @property
    def label(self) -> str:
        """Dutch label."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    RatingKind.OBSERVATION: "Observatie",
    RatingKind.EVALUATION: "Periodieke evaluatie",
    RatingKind.SELF: "Zelfevaluatie",
}

# The supervisor's judgement: what "the level" means unless self-assessments are asked for.
ASSESSOR_KINDS = frozenset({RatingKind.OBSERVATION, RatingKind.EVALUATION})


@dataclass(frozen=True)
class Rating:
    """One dated judgement of one item for one learner."""

    competency_id: str
    level: int | None
    date: date
    kind: RatingKind = RatingKind.OBSERVATION
    assessor: str = ""
    note: str = ""
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        check_level(self.level)
        # A datetime is a date subclass but can't be compared with one: refuse it early.
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            raise TypeError(f"rating date must be a date, got {self.date!r}")
        object.__setattr__(self, "kind", RatingKind(self.kind))


def counted_kinds(include_self: bool = False) -> Collection[RatingKind]:
    """The kinds of rating that set a level: the supervisor's, plus self-assessments if asked."""
    return frozenset(RatingKind) if include_self else ASSESSOR_KINDS


def chronological(history: Iterable[Rating]) -> list[Rating]:
    """Ratings oldest first, same-date ties ordered by recorded_at, then by position."""
    indexed = list(enumerate(history))
    # recorded_at is only compared when both ratings on a date have one (the bool goes first).
    indexed.sort(key=lambda pair: (pair[1].date, pair[1].recorded_at is not None, pair[1].recorded_at, pair[0]))
    return [rating for _, rating in indexed]


def latest_rating(history: Iterable[Rating], competency_id: str, on_date: date, *,
                  kinds: Collection[RatingKind] = ASSESSOR_KINDS) -> Rating | None:
    """The rating that sets the level of an item on a date (not-observed ratings never do)."""
    current = None
    for rating in chronological(history):
        if rating.date > on_date:
            break
        if rating.competency_id == competency_id and rating.kind in kinds and rating.level is not None:
            current = rating
    return current


def level_on(history: Iterable[Rating], competency_id: str, on_date: date, *,
             include_self: bool = False) -> int | None:
    """The current level of an item on a date, or None if it was never observed."""
    rating = latest_rating(history, competency_id, on_date, kinds=counted_kinds(include_self))
    return None if rating is None else rating.level


def levels_on(history: Iterable[Rating], on_date: date, *, include_self: bool = False) -> dict[str, int]:
    """The current level of every observed item on a date; items never observed are left out.

    This is the planner's `levels`: there an absent item counts as level 0.
    """
    kinds = counted_kinds(include_self)
    levels: dict[str, int] = {}
    for rating in chronological(history):
        if rating.date > on_date:
            break
        if rating.kind in kinds and rating.level is not None:
            levels[rating.competency_id] = rating.level
    return levels


def self_levels_on(history: Iterable[Rating], on_date: date) -> dict[str, int]:
    """The learner's own latest self-assessment per item, to show beside the supervisor's level."""
    return levels_on((rating for rating in history if rating.kind is RatingKind.SELF), on_date,
                     include_self=True)


def last_assessed_on(history: Iterable[Rating], *, until: date | None = None) -> date | None:
    """The date of the latest supervisor rating (not-observed included), optionally up to a date."""
    dates = [rating.date for rating in history
             if rating.kind in ASSESSOR_KINDS and (until is None or rating.date <= until)]
    return max(dates, default=None)
