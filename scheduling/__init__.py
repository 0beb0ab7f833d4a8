"""The planning engine: pure Python + OR-Tools, no Flask, no database.

Public API::

    problem = problem_from_json(data)            # or load_problem(path)
    plan = solve(problem, time_limit=30)         # -> Plan (status, crews, explanation, moves, ...)
    verdict = validate(problem, plan)            # -> Verdict(valid, violations, score)
    candidates = suggest(problem, plan, "A001")  # -> ranked Suggestion list

See README.md in this folder for the CLI and the PINS.json format.
"""
from .model import (Assignment, Block, Crew, Goal, Learner, Move, Pin, PinConflict, Plan, Problem,
                    ProblemError, Supervisor, Vehicle, VehicleUse, assignment_nl, block_nl, day_nl,
                    load_pins, load_plan, load_problem, pins_from_json, plan_from_json, plan_to_json,
                    problem_from_json, word_nl)
from .rules import RULES, Violation
from .score import LEVELS, explain_score, score
from .solver import NoPlanFound, solve
from .suggest import Suggestion, suggest
from .unplaced import Obstacle, Unplaced, unplaced
from .validate import Verdict, validate

__all__ = [
    "Assignment", "Block", "Crew", "Goal", "Learner", "Move", "Pin", "PinConflict", "Plan", "Problem",
    "ProblemError", "Supervisor", "Vehicle", "VehicleUse", "assignment_nl", "block_nl", "day_nl",
    "load_pins", "load_plan", "load_problem", "pins_from_json", "plan_from_json", "plan_to_json",
    "problem_from_json", "word_nl", "RULES", "Violation", "LEVELS", "explain_score", "score", "solve",
    "Suggestion", "suggest", "Verdict", "validate", "NoPlanFound", "Obstacle", "Unplaced", "unplaced",
]
