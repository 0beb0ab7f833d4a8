"""What the engine finds, as data: no sentences here, ``render.py`` says them in Dutch or English.

Every finding is a small frozen dataclass with a stable ``rule`` code (and, where one
rule can be broken in several ways, a ``detail`` code), the ids it concerns and the
numbers a sentence needs. The app renders the same findings through its own catalogue.

Rule codes of the hard rules: ``availability``, ``one_place``, ``domain``, ``staffing``,
``ratio``, ``qualification``, ``conflict``, ``transport``; ``plan`` for a malformed plan.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


def _compact(obj) -> dict:
    """The dataclass as JSON, leaving out empty optional fields."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name in ("rule", "assignment", "subjects") or value not in (None, (), ""):
            out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _read(cls, data: dict, **converted):
    """A finding from its JSON (unknown keys are ignored, lists become tuples)."""
    names = {f.name for f in fields(cls)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}
    return cls(**{**values, **converted})


@dataclass(frozen=True)
class Violation:
    """One broken hard rule in a plan.

    ``kind`` says what the subject is (learner, supervisor, vehicle) where it matters;
    ``codes`` are domain, certificate, competency, restriction or feature codes;
    ``others`` are the other assignments involved (somebody in two places).
    """

    rule: str
    assignment: str | None
    subjects: tuple[str, ...]
    detail: str = ""
    kind: str = ""
    day: str | None = None
    blocks: tuple[str, ...] = ()
    have: int | None = None
    need: int | None = None
    most: int | None = None
    codes: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str | None, tuple[str, ...]]:
        """What identifies this warning over time, e.g. for an accepted warning."""
        return (self.rule, self.assignment, tuple(self.subjects))

    def to_json(self) -> dict:
        return _compact(self)

    @classmethod
    def from_json(cls, data: dict) -> "Violation":
        return _read(cls, {"assignment": None, "subjects": (), **data})


@dataclass(frozen=True)
class Reason:
    """Why the mandatory work of a day cannot all be staffed (one part of the explanation).

    ``rule`` is a hard rule's code, or ``pin`` (a pinned choice blocks it), ``together``
    (these mandatory assignments compete for the same people or vans), ``unstaffable``,
    ``no_plan_in_time`` or ``stopped`` (the solver gave up: ``have`` of ``need`` staffed).
    ``kinds`` are resource kinds (learner, supervisor, vehicle); ``licences`` licence codes.
    """

    rule: str
    detail: str = ""
    assignment: str | None = None
    day: str | None = None
    assignments: tuple[str, ...] = ()
    have: int | None = None
    need: int | None = None
    codes: tuple[str, ...] = ()
    licences: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    pin: Any = None  # a model.Pin for rule "pin"

    def to_json(self) -> dict:
        out = _compact(self)
        out.pop("subjects", None)
        if self.pin is not None:
            out["pin"] = self.pin.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Reason":
        from .model import pins_from_json
        pin = pins_from_json({"pins": [data["pin"]]})[0] if isinstance(data.get("pin"), dict) else None
        return _read(cls, data, pin=pin)


@dataclass(frozen=True)
class FitReason:
    """Why a person fits a crew, or what taking the seat would cost ("Wie past hier?").

    ``rule``: ``goal`` (practises competency ``codes[0]``), ``certificate`` (brings it),
    ``drives`` (holds licence ``codes[0]`` for ``vehicle``; ``codes[1:]`` its features),
    ``breaks`` (the move breaks ``violation``), ``leaves`` (leaves ``assignments``).
    """

    rule: str
    codes: tuple[str, ...] = ()
    vehicle: str | None = None
    assignments: tuple[str, ...] = ()
    violation: Violation | None = None

    def to_json(self) -> dict:
        out = _compact(self)
        if self.violation is not None:
            out["violation"] = self.violation.to_json()
        return out


@dataclass(frozen=True)
class ScoreLine:
    """One score level's value (``level`` is a ``score.LEVELS`` name)."""

    level: str
    value: int

    def to_json(self) -> dict:
        return {"level": self.level, "value": self.value}
