"""Why a week cannot be planned: findings that name the day, the assignment and the rule.

Findings are data (:class:`WeekReason`: a rule code, ids, a day); ``render.text`` says
them in Dutch or English. Two kinds:

- A mandatory assignment that fits on no day of its window, even alone: for each of
  those days, the rules that block it there (``nowhere=True``). Found per day with the
  day's model of that assignment alone, every rule group behind an assumption.
- Otherwise, a minimal set of rule groups over the whole week that cannot all hold
  (CP-SAT's sufficient assumptions, shrunk by deletion): each names its day and
  assignment, or the shared resource ("one_place") on a day.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Sequence

from .daymodel import DayModel
from .explain import minimal_core
from .model import Crew, Problem
from .weekmodel import WeekModel


@dataclass(frozen=True)
class WeekReason:
    """One reason a week cannot be planned: rule code, assignment id, day, and which part of the rule."""

    rule: str  # a rule code (availability, staffing, ...), or "mandatory"
    assignment: str | None
    day: str | None
    detail: str | None = None  # e.g. "min_learners", a certificate, "feature:trailer", "learner:am"
    nowhere: bool = False  # the assignment fits on none of its days; this is why on ``day``

    def to_json(self) -> dict:
        """The finding as JSON."""
        return {"rule": self.rule, "assignment": self.assignment, "day": self.day, "detail": self.detail,
                "nowhere": self.nowhere}


def _detail(detail) -> str | None:
    if detail is None:
        return None
    if isinstance(detail, tuple):
        return ":".join(str(x) for x in detail)
    return str(detail)


def blocked_alone(run, problem: Problem, aid: str, day: str, deadline: float) -> list[WeekReason] | None:
    """The rules that stop mandatory ``aid`` on ``day`` even with nothing else planned; None when it fits."""
    a = replace(problem.assignment[aid].on(day), mandatory=True)
    m = DayModel(replace(problem, assignments=(a,)), day, diagnose=True)
    keys = list(m.guards)
    lits = [m.guards[k] for k in keys]
    core = minimal_core(run, m.cp, lits, list(range(len(lits))), deadline)
    if core is None:
        return None
    out = [WeekReason(keys[i][0], aid, day, _detail(keys[i][2]), nowhere=True)
           for i in core if keys[i][0] != "mandatory"]
    return out or [WeekReason("staffing", aid, day, None, nowhere=True)]


def explain_week(run, problem: Problem, days: Sequence[str], fixed: Sequence[Crew], seconds: float
                 ) -> tuple[WeekReason, ...]:
    """Findings for an infeasible week (see the module docstring), within ``seconds``."""
    deadline = time.monotonic() + seconds
    done = {c.assignment for c in fixed}
    out: list[WeekReason] = []
    for a in problem.assignments:
        if not a.mandatory or a.id in done:
            continue
        window = [d for d in a.window if d in days]
        if not window:  # its days lie before the replanning day
            out.append(WeekReason("day", a.id, None, "window_passed", nowhere=True))
            continue
        per_day = []
        for d in window:
            why = blocked_alone(run, problem, a.id, d, deadline)
            if why is None:
                per_day = None
                break
            per_day.extend(why)
        if per_day:
            out.extend(per_day)
    if out or time.monotonic() >= deadline:
        return tuple(out)
    m = WeekModel(problem, days, fixed=fixed, exact=False, diagnose=True)
    keys = list(m.guards)
    lits = [m.guards[k] for k in keys]
    core = minimal_core(run, m.cp, lits, list(range(len(lits))), deadline)
    for i in core or []:
        rule, aid, detail, day = keys[i]
        out.append(WeekReason(rule, aid, day, _detail(detail)))
    return tuple(out)
