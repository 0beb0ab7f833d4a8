"""Why a day cannot be planned: reasons (``findings.Reason``) from a minimal set of blocking rule groups.

The day is modelled with every rule group behind an assumption literal
(``DayModel(diagnose=True)``); CP-SAT's sufficient assumptions for infeasibility,
shrunk by deletion, name the rules and assignments that cannot all hold together.
"""
from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from . import rules as R
from .daymodel import DayModel
from .findings import Reason
from .model import Problem


def explain_day(run, problem: Problem, day: str, seconds: float, pinned_drivers, pin_lits_of=None,
                separate=frozenset()) -> list[Reason]:
    """The reasons why the mandatory work of ``day`` cannot all be staffed, from a minimised core."""
    m = DayModel(problem, day, diagnose=True, pinned_drivers=pinned_drivers, separate=separate)
    extra = pin_lits_of(m) if pin_lits_of else {}
    keys = list(m.guards)
    lits = [m.guards[k] for k in keys] + list(extra.values())
    names = keys + [("pin", p.assignment, p) for p in extra]
    deadline = time.monotonic() + seconds
    out: list[Reason] = []
    indices = list(range(len(lits)))
    for _ in range(12):  # one minimal core at a time, then set its mandatory work aside
        core = minimal_core(run, m.cp, lits, indices, deadline)
        if core is None:
            break
        out.extend(r for r in _core_reasons(problem, m, day, [names[j] for j in core]) if r not in out)
        released = {j for j in core if names[j][0] in ("mandatory", "pin")}
        if not released or time.monotonic() >= deadline:
            break
        indices = [j for j in indices if j not in released]
    return out


def minimal_core(run, cp, lits, indices, deadline):
    """A minimal subset of ``indices`` whose assumption literals cannot all hold (CP-SAT's
    sufficient assumptions, shrunk by deletion), or None when they can."""
    def core_of(ix):
        cp.clear_assumptions()
        cp.add_assumptions([lits[i] for i in ix])
        s, status = run.solve(cp, max(0.05, deadline - time.monotonic()))
        if status != cp_model.INFEASIBLE:
            return None
        found = set(s.sufficient_assumptions_for_infeasibility())
        return [i for i in ix if lits[i].index in found] or list(ix)

    core = core_of(indices)
    if core is None:
        return None
    i = 0
    while i < len(core) and time.monotonic() < deadline:
        trial = core[:i] + core[i + 1:]
        smaller = core_of(trial) if trial else None
        if smaller is not None:
            core = [j for j in core if j in set(smaller)]
        else:
            i += 1
    return core


def _core_reasons(problem: Problem, m: DayModel, day: str, core_names) -> list[Reason]:
    """The reasons for one minimal infeasible set of rule groups."""
    groups = defaultdict(lambda: defaultdict(set))
    shared = defaultdict(set)
    for rule, aid, detail in core_names:
        if aid is None:
            shared[rule].add(detail)
        else:
            groups[aid][rule].add(detail)
    by_code = {r.code: r for r in R.RULES}
    mandatory = [a for a in problem.on_day(day) if "mandatory" in groups.get(a.id, {})]
    out = []
    for a in problem.on_day(day):
        if a.id not in groups:
            continue
        for rule, details in groups[a.id].items():
            if rule in by_code:
                out.extend(by_code[rule].explain(problem, m, a, details))
            elif rule == "pin":
                out.extend(Reason("pin", "", a.id, a.day, pin=p) for p in details)
    if len(mandatory) > 1 or shared:
        kinds = tuple(sorted({kind for kind, _ in shared.get("one_place", set())})) or ("learner", "supervisor",
                                                                                         "vehicle")
        out.append(Reason("together", "", None, day, assignments=tuple(a.id for a in mandatory), kinds=kinds))
    elif not out and mandatory:
        out.append(Reason("unstaffable", "", mandatory[0].id, day))
    return out
