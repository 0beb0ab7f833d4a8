"""Command line: ``python -m scheduling solve|check``.

    python -m scheduling solve INSTANCE.json [--time-limit S] [--workers N]
                               [--previous PLAN.json [--from DAY]] [--pins PINS.json] [-o PLAN.json]
    python -m scheduling check INSTANCE.json PLAN.json [--json]
    ... [--lang nl|en]

``solve`` writes a ``workfloor-plan/1`` plan (``/2`` for a week) to stdout or ``-o`` (its
``explanation`` in the chosen language); ``--from DAY`` re-solves a week from that day on,
keeping the previous plan's days before. ``check`` says whether the plan is valid, what it
breaks and its score, in words; with ``--json`` it prints ``{"valid", "score", "violations":
[{"rule", "assignment", "subjects", "message"}]}``. It exits 0 when valid, 1 when not.
Bad input (an unreadable file, bad or deeply nested JSON, a malformed instance, a time limit
or worker count out of range) exits 2 with the message on stderr and writes nothing.
``solve`` exits 3, with the reason on stderr, when it found neither a valid plan nor a proof
that there is none (see README.md). Sentences are Dutch unless ``--lang en``.
"""
from __future__ import annotations

import argparse
import json
import sys

from dataclasses import replace

from .model import ProblemError, check_pins, load_pins, load_plan, load_problem, plan_to_json
from .render import LANGUAGES, text, texts
from .score import score_lines
from .solver import NoPlanFound, check_limits, solve
from .validate import effective_crews, validate

VERDICT = {"nl": ("Het plan is geldig.", "Het plan is ongeldig:", "Score:"),
           "en": ("The plan is valid.", "The plan is invalid:", "Score:")}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m scheduling", description="Workfloor crew planning engine")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="plan an instance")
    s.add_argument("instance")
    s.add_argument("--time-limit", type=float, default=30.0)
    s.add_argument("--workers", type=int, default=None)
    s.add_argument("--previous")
    s.add_argument("--pins")
    s.add_argument("--from", dest="replan_from", metavar="DAY",
                   help="re-solve a week from DAY on (needs --previous); earlier days stay as planned")
    s.add_argument("-o", "--output")
    c = sub.add_parser("check", help="validate and score a plan")
    c.add_argument("instance")
    c.add_argument("plan")
    c.add_argument("--json", action="store_true", help="print the verdict as JSON")
    for p in (s, c):
        p.add_argument("--lang", choices=LANGUAGES, default="nl", help="language of the sentences (default nl)")
    args = parser.parse_args(argv)
    try:
        if args.command == "solve":
            check_limits(args.time_limit, args.workers)
        problem = load_problem(args.instance)
        if args.command == "check":
            plan = load_plan(args.plan)
        else:
            previous = load_plan(args.previous) if args.previous else None
            pins = load_pins(args.pins) if args.pins else ()
            check_pins(problem, pins)
            if args.replan_from is not None:
                if not problem.week:
                    raise ProblemError("--from needs a version 2 (week) instance")
                if args.replan_from not in problem.days:
                    raise ProblemError(f"--from {args.replan_from!r} is not a day of this week")
                if previous is None:
                    raise ProblemError("--from needs --previous PLAN.json")
    except ProblemError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.command == "check":
        verdict = validate(problem, plan)
        if args.json:
            print(json.dumps(verdict.to_json(problem, args.lang), indent=1, ensure_ascii=False))
        else:
            valid, invalid, score = VERDICT[args.lang]
            print(valid if verdict.valid else invalid)
            for v in verdict.violations:
                print(f"- {text(v, problem, args.lang)}")
            print(score)
            for line in score_lines(problem, effective_crews(problem, plan)[0]):
                print(f"  {text(line, problem, args.lang)}")
        return 0 if verdict.valid else 1
    try:
        plan = solve(problem, time_limit=args.time_limit, workers=args.workers, previous=previous, pins=pins,
                     replan_from=args.replan_from)
    except NoPlanFound as e:
        print(f"no plan: {' '.join(texts(e.reasons, problem, args.lang))}", file=sys.stderr)
        return 3
    if args.lang != "nl":
        plan = replace(plan, explanation=tuple(texts(plan.reasons + plan.findings, problem, args.lang)))
    written = json.dumps(plan_to_json(plan), indent=1, ensure_ascii=False) + "\n"
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(written)
        except OSError as e:
            print(f"error: cannot write {args.output!r}: {e.strerror or e}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
