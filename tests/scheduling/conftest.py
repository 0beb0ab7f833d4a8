"""Fixtures for engine tests (helpers live in sched_helpers.py)."""
import json

import pytest
from sched_helpers import instance

from scheduling import problem_from_json


@pytest.fixture
def make_problem():
    """``make_problem(learners=[...], supervisors=[...], ...)`` -> Problem."""
    return lambda **kw: problem_from_json(instance(**kw))


@pytest.fixture
def write_json(tmp_path):
    """Write a JSON-able object to a temporary file and return its path."""
    def write(obj, name="data.json"):
        path = tmp_path / name
        path.write_text(json.dumps(obj))
        return path
    return write
