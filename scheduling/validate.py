"""The validator: run every rule's check and compute the score (check.py's reading)."""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Violation
from .model import STATUSES, Crew, Plan, Problem
from .rules import RULES, Staffing
from .score import score as score_of
from .weekrules import Day


@dataclass(frozen=True)
class Verdict:
    """Whether a plan is valid, what it breaks, and its score."""

    valid: bool
    violations: tuple[Violation, ...]
    score: tuple[int, ...]

    def to_json(self, problem: Problem | None = None, lang: str = "nl") -> dict:
        """``{"valid", "score", "violations": [{"rule", "assignment", "subjects", "message"}]}``.

        ``message`` is the violation in words (``lang``), naming people from ``problem``.
        """
        from .render import text
        return {"valid": self.valid, "score": list(self.score),
                "violations": [{"rule": v.rule, "assignment": v.assignment, "subjects": list(v.subjects),
                                "message": text(v, problem, lang)} for v in self.violations]}


def effective_crews(problem: Problem, plan: Plan) -> tuple[list[Crew], list[Violation]]:
    """The crews that count (known assignment, first crew each) and the plan-shape violations."""
    out, problems, seen = [], [], set()
    if plan.format != problem.plan_format:
        problems.append(Violation("plan", None, (), "format", codes=(repr(plan.format),)))
    if plan.status not in STATUSES:
        problems.append(Violation("plan", None, (), "status", codes=(repr(plan.status),)))
    for c in plan.crews:
        a = problem.assignment.get(c.assignment)
        if a is None:
            problems.append(Violation("plan", c.assignment, (), "unknown_assignment"))
            continue
        if a.id in seen:
            problems.append(Violation("plan", a.id, (), "staffed_twice"))
            continue
        seen.add(a.id)
        out.append(c)
        for kind, ids, table in (("learner", c.learners, problem.learner),
                                 ("supervisor", c.supervisors, problem.supervisor),
                                 ("vehicle", [u.vehicle for u in c.vehicles], problem.vehicle)):
            for xid in ids:
                if xid not in table:
                    problems.append(Violation("plan", a.id, (xid,), "unknown_id", kind=kind))
    return out, problems


def validate(problem: Problem, plan: Plan, *, require_mandatory: bool | None = None) -> Verdict:
    """Check a plan against every hard rule and score it.

    Args:
        require_mandatory: whether an unstaffed mandatory assignment is a violation. By
            default it is, except for plans with status ``infeasible``, whose crews are a
            best partial plan that may leave mandatory work unstaffed.
    """
    if require_mandatory is None:
        require_mandatory = plan.status != "infeasible"
    crews, violations = effective_crews(problem, plan)
    violations.extend(Day.check(problem, crews))
    on_days = problem.on_crew_days(crews)  # version 2: rules 1-8 read each crew's own day
    for rule in RULES:
        for v in rule.check(on_days, crews):
            if not require_mandatory and v.rule == "staffing" and v.detail == "mandatory":
                continue
            violations.append(v)
    return Verdict(valid=not violations, violations=tuple(violations), score=score_of(problem, crews))


def unstaffed_mandatory(problem: Problem, plan: Plan) -> list[Violation]:
    """The mandatory assignments a plan leaves without a crew."""
    return list(Staffing.check_mandatory(problem, {c.assignment for c in plan.crews}))
