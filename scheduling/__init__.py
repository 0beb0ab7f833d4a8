"""The planning engine: pure Python + OR-Tools, no Flask, no database.

Public API::

    problem = problem_from_json(data)            # or load_problem(path)
    plan = solve(problem, time_limit=30)         # -> Plan (status, crews, reasons, moves, ...)
    verdict = validate(problem, plan)            # -> Verdict(valid, violations, score)
    candidates = suggest(problem, plan, "A001")  # -> ranked Suggestion list
    render.text(finding, problem, "en")          # any finding in words (Dutch by default)

The engine returns findings as data (``findings.py``: Violation, Reason, FitReason,
ScoreLine; ``Move`` and ``PinConflict`` in ``model.py``); ``render.py`` says them.
See README.md in this folder for the CLI and the PINS.json format.
"""
from . import render
from .findings import FitReason, Reason, ScoreLine, Violation
from .model import (Assignment, Block, Crew, Goal, Learner, Move, Pin, PinConflict, Plan, Problem,
                    ProblemError, Supervisor, Vehicle, VehicleUse, load_pins, load_plan, load_problem,
                    pins_from_json, plan_from_json, plan_to_json, problem_from_json)
from .render import assignment_nl, block_nl, day_nl, word_nl
from .rules import RULE_CODES, RULES
from .score import LEVELS, LEVELS_V2, explain_score, levels_of, score, score_lines
from .solver import LevelProgress, NoPlanFound, solve
from .suggest import Suggestion, suggest
from .validate import Verdict, validate

__all__ = [
    "Assignment", "Block", "Crew", "Goal", "Learner", "Move", "Pin", "PinConflict", "Plan", "Problem",
    "ProblemError", "Supervisor", "Vehicle", "VehicleUse", "assignment_nl", "block_nl", "day_nl",
    "load_pins", "load_plan", "load_problem", "pins_from_json", "plan_from_json", "plan_to_json",
    "problem_from_json", "word_nl", "RULES", "RULE_CODES", "Violation", "Reason", "FitReason", "ScoreLine",
    "LEVELS", "explain_score", "score", "score_lines", "solve", "Suggestion", "suggest", "Verdict", "validate",
    "NoPlanFound", "render", "LevelProgress", "LEVELS_V2", "levels_of",
]
