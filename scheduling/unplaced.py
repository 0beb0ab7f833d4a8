"""Why a learner who shows up has no place: findings read from the model's hard rules, as data.

For every learner block that is free but on no crew, each assignment of the learner's domain
in that block is checked against the rules that stop this learner joining its crew in this
plan: the blocks it lasts, the learner's restrictions and levels, the crew's size, its
supervision (ratio, or no supervisor free at all), the seats in its vans, who avoids whom.
Nothing here is a sentence: the app names people, blocks and competencies in the reader's
language from the ``rule`` codes and ``subjects``.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Assignment, Plan, Problem

# Why one assignment cannot take the learner (the codes of Obstacle.rule).
OBSTACLES = ("blocks", "busy", "restriction", "level", "full", "ratio", "no_supervisor", "too_few", "seats",
             "avoid")


@dataclass(frozen=True)
class Obstacle:
    """One hard rule that keeps a learner off one assignment's crew."""

    rule: str
    assignment: str
    subjects: tuple[str, ...] = ()  # restriction or competency codes, the blocks it lasts
    have: int | None = None
    need: int | None = None


@dataclass(frozen=True)
class Unplaced:
    """A learner free in a block but on no crew, and why.

    ``rule``: ``no_work`` (no assignment of their domain then), one obstacle code when every
    assignment is blocked for that same reason, ``mixed`` otherwise, or ``not_chosen`` when an
    assignment had room within every rule (the search stopped before it placed them).
    """

    rule: str
    learner: str
    day: str
    block: str
    obstacles: tuple[Obstacle, ...] = ()

    @property
    def subjects(self) -> tuple[str, ...]:
        return tuple(sorted({s for o in self.obstacles for s in o.subjects}))


def _busy(plan: Plan, problem: Problem, pid: str, day: str) -> dict[str, str]:
    """Block -> assignment for the blocks this person already works that day."""
    out = {}
    for c in plan.crews:
        a = problem.assignment.get(c.assignment)
        if a is not None and a.day == day and pid in c.members:
            for b in a.blocks:
                out[b] = a.id
    return out


def _free_supervisors(problem: Problem, plan: Plan, a: Assignment) -> int:
    """Supervisors of the domain free in all of the assignment's blocks and on no crew then."""
    n = 0
    for s in problem.supervisors:
        if a.domain in s.domains and set(a.blocks) <= s.free(a.day) \
                and not set(a.blocks) & set(_busy(plan, problem, s.id, a.day)):
            n += 1
    return n


def obstacles(problem: Problem, plan: Plan, learner_id: str, a: Assignment) -> list[Obstacle]:
    """Every hard rule that keeps this learner off this assignment's crew in this plan."""
    learner = problem.learner[learner_id]
    out = []
    busy = _busy(plan, problem, learner_id, a.day)
    missing = [b for b in a.blocks if b not in learner.free(a.day)]
    if missing:
        out.append(Obstacle("blocks", a.id, tuple(a.blocks)))
    elif set(a.blocks) & set(busy):
        out.append(Obstacle("busy", a.id, tuple(sorted(set(a.blocks) & set(busy)))))
    if learner.restrictions & a.excluded_restrictions:
        out.append(Obstacle("restriction", a.id, tuple(sorted(learner.restrictions & a.excluded_restrictions))))
    low = [c for c, level in a.min_levels if learner.level(c) < level]
    if low:
        out.append(Obstacle("level", a.id, tuple(sorted(low))))
    crew = plan.crew.get(a.id)
    if crew is None or not crew.supervisors:
        if _free_supervisors(problem, plan, a) < a.min_supervisors:
            out.append(Obstacle("no_supervisor", a.id, tuple(a.blocks), _free_supervisors(problem, plan, a),
                                a.min_supervisors))
        elif a.min_learners > 1:
            out.append(Obstacle("too_few", a.id, (), 1, a.min_learners))
        return out
    if len(crew.learners) >= a.max_learners:
        out.append(Obstacle("full", a.id, (), len(crew.learners), a.max_learners))
    capacity = sum(problem.supervisor[s].max_learners for s in crew.supervisors if s in problem.supervisor)
    if len(crew.learners) >= capacity:
        out.append(Obstacle("ratio", a.id, tuple(a.blocks), len(crew.learners), capacity))
    if a.offsite and crew.vehicles:
        seats = sum(problem.vehicle[u.vehicle].seats for u in crew.vehicles if u.vehicle in problem.vehicle)
        if len(crew.members) >= seats:
            out.append(Obstacle("seats", a.id, (), len(crew.members), seats))
    avoided = {other for other in crew.learners if other in learner.avoid
               or learner_id in problem.learner.get(other, learner).avoid}
    if avoided:
        out.append(Obstacle("avoid", a.id, tuple(sorted(avoided))))
    return out


def unplaced(problem: Problem, plan: Plan) -> list[Unplaced]:
    """Every free learner block on no crew, with the reason read from the rules (sorted by learner, block)."""
    out = []
    for day in problem.days:
        todays = [a for a in problem.assignments if a.day == day]
        for learner in problem.learners:
            busy = _busy(plan, problem, learner.id, day)
            for block in sorted(learner.free(day), key=lambda b: [x.id for x in problem.blocks].index(b)
                                if b in [x.id for x in problem.blocks] else 99):
                if block in busy:
                    continue
                candidates = [a for a in todays if block in a.blocks and a.domain in learner.domains]
                if not candidates:
                    out.append(Unplaced("no_work", learner.id, day, block))
                    continue
                found = [obstacles(problem, plan, learner.id, a) for a in candidates]
                if any(not f for f in found):
                    rule = "not_chosen"
                else:
                    kinds = {o.rule for f in found for o in f}
                    # Per assignment, the first obstacle in OBSTACLES order is the one that counts.
                    firsts = {min(f, key=lambda o: OBSTACLES.index(o.rule)).rule for f in found}
                    rule = firsts.pop() if len(firsts) == 1 else ("mixed" if len(kinds) > 1 else kinds.pop())
                out.append(Unplaced(rule, learner.id, day, block, tuple(o for f in found for o in f)))
    return out
