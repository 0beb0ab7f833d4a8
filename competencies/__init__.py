"""The competency framework and progress logic: pure Python, no Flask, no database.

The app turns its rows into these dataclasses, calls the functions and stores
or shows what comes back.
"""
from competencies.attendance import (
    AttendanceRecord, AttendanceStatus, AttendanceSummary, attendance_rate, attendance_summary,
    unexcused_days, unexcused_streak,
)
from competencies.evaluations import DEFAULT_OFFSETS_MONTHS, evaluation_moments, next_evaluation
from competencies.flags import (
    Certificate, Flag, FlagCode, FlagRules, caseload_flags, certificate_flags, no_recent_assessment,
    repeated_unexcused_absence,
)
from competencies.framework import (
    Competency, Framework, FrameworkError, Group, Translation, load_default_framework, load_english_texts,
)
from competencies.goals import Goal, GoalStatus, active_goals, goal_reached, goals_due, planning_goals
from competencies.profile import JobTarget, ProfileGap, compare, meets
from competencies.progress import Direction, Point, Trend, series, trend, trends
from competencies.ratings import Rating, RatingKind, latest_rating, level_on, levels_on, self_levels_on
from competencies.scale import LEVELS, NOT_OBSERVED, PROFICIENT, SCALE, level_label, note_required

__all__ = [
    "AttendanceRecord", "AttendanceStatus", "AttendanceSummary", "attendance_rate", "attendance_summary",
    "unexcused_days", "unexcused_streak",
    "DEFAULT_OFFSETS_MONTHS", "evaluation_moments", "next_evaluation",
    "Certificate", "Flag", "FlagCode", "FlagRules", "caseload_flags", "certificate_flags",
    "no_recent_assessment", "repeated_unexcused_absence",
    "Competency", "Framework", "FrameworkError", "Group", "Translation", "load_default_framework",
    "load_english_texts",
    "Goal", "GoalStatus", "active_goals", "goal_reached", "goals_due", "planning_goals",
    "JobTarget", "ProfileGap", "compare", "meets",
    "Direction", "Point", "Trend", "series", "trend", "trends",
    "Rating", "RatingKind", "latest_rating", "level_on", "levels_on", "self_levels_on",
    "LEVELS", "NOT_OBSERVED", "PROFICIENT", "SCALE", "level_label", "note_required",
]
