"""Fixtures for the competency package: plain dataclasses, no app."""
from datetime import date

import pytest

from competencies import AttendanceRecord, Competency, Rating, load_default_framework

PLANNER_IDS = {
    "cleaning": ["cleaning.floor_care", "cleaning.sanitary", "cleaning.dusting", "cleaning.machines",
                 "cleaning.windows", "cleaning.dosing"],
    "green": ["green.mowing", "green.hedge_trimming", "green.brush_cutter", "green.weeding",
              "green.planting", "green.pruning", "green.leaf_clearing"],
    "attitude": ["attitude.punctuality", "attitude.teamwork", "attitude.independence", "attitude.safety",
                 "attitude.accepting_feedback", "attitude.communication"],
}


@pytest.fixture
def planner_ids():
    """The competency ids used by the planning SPEC and its instance generator."""
    return PLANNER_IDS


@pytest.fixture
def framework():
    return load_default_framework()


@pytest.fixture
def make_rating():
    """Build a rating with sensible defaults: make_rating(level=3, date=date(2026, 3, 2))."""
    def make(**overrides):
        fields = {"competency_id": "green.hedge_trimming", "level": 2, "date": date(2026, 3, 2),
                  "kind": "observation", "assessor": "Sofie Peeters", "note": ""}
        fields.update(overrides)
        return Rating(**fields)
    return make


@pytest.fixture
def make_competency():
    """Build a valid competency with overrides."""
    def make(**overrides):
        fields = {"id": "green.mowing", "group": "green", "name": "Maaien", "description": "Maait gazons.",
                  "level_descriptions": ("een", "twee", "drie", "vier"), "retired": False}
        fields.update(overrides)
        return Competency(**fields)
    return make


@pytest.fixture
def attended():
    """Build attendance records from (date, block, status) triples."""
    def make(*rows):
        return [AttendanceRecord(day, block, status) for day, block, status in rows]
    return make
