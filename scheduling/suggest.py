""""Who fits here?": rank the people who could take a seat on one crew."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .findings import FitReason, Violation
from .model import Crew, Plan, Problem
from .validate import validate


@dataclass(frozen=True)
class Suggestion:
    """A person who could join a crew: the score change, why they fit, what the move would break.

    ``reasons`` are :class:`~findings.FitReason` s; ``render.texts`` says them in words.
    """

    person: str
    name: str
    role: str  # "learner" or "supervisor"
    moves_from: tuple[str, ...]  # assignments they leave (same day, overlapping blocks)
    score_delta: tuple[int, ...]
    valid: bool
    reasons: tuple[FitReason, ...]
    breaks: tuple[str, ...]  # rule codes the move would break
    violations: tuple[Violation, ...]


def _crew_day(problem: Problem, c: Crew) -> str:
    a = problem.assignment.get(c.assignment)
    return c.day if problem.week and c.day is not None else (a.day if a is not None else "")


def _with_person(problem: Problem, plan: Plan, aid: str, pid: str, role: str,
                 day: str) -> tuple[Plan, tuple[str, ...]]:
    """The plan with ``pid`` added to ``aid``'s crew (on ``day``) and taken off overlapping crews that day."""
    a = problem.assignment[aid]
    crews, left = [], []
    for c in plan.crews:
        other = problem.assignment.get(c.assignment)
        if c.assignment != aid and other is not None and _crew_day(problem, c) == day \
                and set(other.blocks) & set(a.blocks) and pid in c.members:
            left.append(c.assignment)
            c = replace(c, learners=tuple(x for x in c.learners if x != pid),
                        supervisors=tuple(x for x in c.supervisors if x != pid),
                        vehicles=tuple(u if u.driver != pid else replace(u, driver=None) for u in c.vehicles))
        crews.append(c)
    if aid not in {c.assignment for c in crews}:
        crews.append(Crew(aid, day=day if problem.week else None))
    crews = [replace(c, learners=c.learners + (pid,)) if c.assignment == aid and role == "learner" else
             replace(c, supervisors=c.supervisors + (pid,)) if c.assignment == aid else c for c in crews]
    return replace(plan, crews=tuple(crews)), tuple(left)


def _reasons(problem: Problem, aid: str, pid: str, role: str, day: str) -> list[FitReason]:
    a = problem.assignment[aid].on(day)
    out = []
    if role == "learner":
        l = problem.learner[pid]
        out += [FitReason("goal", (g.competency,)) for g in l.goals if g.competency in a.trains]
        out += [FitReason("certificate", (cert,)) for cert, _ in a.certificates if cert in l.certificates]
    p = problem.person(pid)
    if a.offsite:
        for v in problem.vehicles:
            if v.licence in p.licences and set(a.blocks) <= v.free(a.day):
                out.append(FitReason("drives", (v.licence,) + tuple(sorted(v.features & a.vehicle_features)),
                                     vehicle=v.id))
                break
    return out


def suggest(problem: Problem, plan: Plan, assignment_id: str, *, limit: int | None = None,
            day: str | None = None) -> list[Suggestion]:
    """Rank the learners and supervisors who could join ``assignment_id``'s crew.

    Every person of the assignment's domain who is not yet in the crew is tried: they
    leave any overlapping crew that day and join this one. Valid moves come first, then
    by score change (lexicographic, over the whole week for a version 2 plan), then by id.
    ``day`` (a week): the day of an unstaffed flexible assignment's new crew; by default
    the crew's day, else the first day of its window.
    """
    a = problem.assignment[assignment_id]
    before = validate(problem, plan, require_mandatory=False)
    crew = plan.crew.get(assignment_id)
    if day is None:
        day = _crew_day(problem, crew) if crew is not None else a.window[0]
    members = crew.members if crew else frozenset()
    out = []
    for role, people in (("learner", problem.learners), ("supervisor", problem.supervisors)):
        for p in people:
            if p.id in members or a.domain not in p.domains:
                continue
            trial, left = _with_person(problem, plan, assignment_id, p.id, role, day)
            verdict = validate(problem, trial, require_mandatory=False)
            old = set(before.violations)
            new = tuple(v for v in verdict.violations if v not in old)
            delta = tuple(x - y for x, y in zip(verdict.score, before.score))
            reasons = _reasons(problem, assignment_id, p.id, role, day)
            reasons += [FitReason("breaks", violation=v) for v in new]
            if left:
                reasons.append(FitReason("leaves", assignments=left))
            out.append(Suggestion(p.id, p.name, role, left, delta, not new, tuple(reasons),
                                  tuple(sorted({v.rule for v in new})), new))
    out.sort(key=lambda s: (not s.valid, tuple(-d for d in s.score_delta), s.person))
    return out[:limit] if limit else out
