"""A learner's profile held against a job target's required profile (MELBA's profile comparison).

An item that was never observed counts as level 0: it is not shown yet, so
its gap is the full required level. That matches the planner, where an absent
level is 0.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from competencies.scale import LEVELS


@dataclass(frozen=True)
class JobTarget:
    """The kind of job a trajectory aims for, with the level it needs per item."""

    id: str
    name: str
    requirements: Mapping[str, int]

    def __post_init__(self) -> None:
        for competency_id, level in self.requirements.items():
            if type(level) is not int or level not in LEVELS:
                raise ValueError(f"job target {self.id!r}: required level for {competency_id!r} "
                                 f"must be one of {LEVELS}, got {level!r}")
        # A private copy, so the caller's dict can't change the target afterwards.
        object.__setattr__(self, "requirements", dict(self.requirements))


@dataclass(frozen=True)
class ProfileGap:
    """One required item: what is needed, what is there and how far below it is."""

    competency_id: str
    required: int
    actual: int | None
    gap: int
    met: bool


def _actual(levels: Mapping[str, int | None], competency_id: str) -> int:
    return levels.get(competency_id) or 0


def compare(levels: Mapping[str, int | None], target: JobTarget) -> list[ProfileGap]:
    """Every required item with its gap, the largest gap first (ties in the target's order)."""
    rows = []
    for competency_id, required in target.requirements.items():
        gap = max(0, required - _actual(levels, competency_id))
        rows.append(ProfileGap(competency_id, required, levels.get(competency_id), gap, gap == 0))
    # sorted() is stable, so equal gaps keep the order the target lists them in.
    return sorted(rows, key=lambda row: -row.gap)


def meets(levels: Mapping[str, int | None], requirement: Mapping[str, int]) -> bool:
    """Whether the levels reach every required level (a never-observed item does not)."""
    return all(_actual(levels, competency_id) >= required for competency_id, required in requirement.items())
