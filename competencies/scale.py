"""The four-level competency scale, plus "not observed".

A level is a plain int 1–4; "not observed" is None, so a rating row can store
it as NULL and a CSV export as an empty cell.
"""
from dataclasses import dataclass

INSUFFICIENT = 1
WITH_GUIDANCE = 2
SUFFICIENT = 3
INDEPENDENT = 4
NOT_OBSERVED = None

# "Beheerst dit voldoende" is the mark a regular employer would accept.
PROFICIENT = SUFFICIENT

LEVELS = (INSUFFICIENT, WITH_GUIDANCE, SUFFICIENT, INDEPENDENT)


@dataclass(frozen=True)
class ScaleLevel:
    """One step of the scale with its Dutch wording."""

    value: int | None
    label: str
    statement: str


SCALE = (
    ScaleLevel(INSUFFICIENT, "onvoldoende", "beheerst dit onvoldoende"),
    ScaleLevel(WITH_GUIDANCE, "onder begeleiding", "kan dit onder begeleiding"),
    ScaleLevel(SUFFICIENT, "voldoende", "beheerst dit voldoende"),
    ScaleLevel(INDEPENDENT, "zelfstandig", "kan dit zelfstandig"),
)
NOT_OBSERVED_LEVEL = ScaleLevel(NOT_OBSERVED, "niet geobserveerd", "niet geobserveerd")

_BY_VALUE = {step.value: step for step in (*SCALE, NOT_OBSERVED_LEVEL)}


def is_level(value: object) -> bool:
    """Whether value is a level on the scale (1–4); None and bools are not."""
    return type(value) is int and value in LEVELS


def check_level(value: object) -> int | None:
    """Return value if it is a level or None (not observed), else raise ValueError."""
    if value is None or is_level(value):
        return value  # type: ignore[return-value]
    raise ValueError(f"level must be one of {LEVELS} or None (not observed), got {value!r}")


def scale_level(value: int | None) -> ScaleLevel:
    """The scale step for a level or None."""
    return _BY_VALUE[check_level(value)]


def level_label(value: int | None) -> str:
    """Short Dutch label of a level: 'voldoende', 'niet geobserveerd' …"""
    return scale_level(value).label


def note_required(level: int | None) -> bool:
    """Whether a rating at this level needs a note saying what was seen (levels 1–2)."""
    return check_level(level) is not None and level <= WITH_GUIDANCE


def is_proficient(level: int | None) -> bool:
    """Whether a level reaches the proficient mark (3 or more)."""
    return check_level(level) is not None and level >= PROFICIENT
