"""The files beside the repository that some tests run: ../shared/planning/check.py and generate.py.

They are the independent checker and the instance generator of the planning spec. The project
never imports or copies them; tests run them as separate programs. A fresh clone has no
``../shared``: those tests then skip with a one-line reason. Under ``CI`` (set in CI runs) a
missing file fails the test instead, so CI always runs the cross-check.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "planning"


def shared_file(name: str) -> Path:
    """The path of ../shared/planning/<name>; skips the test when it is absent (fails it under CI)."""
    path = SHARED / name
    if path.is_file():
        return path
    reason = f"needs ../shared/planning/{name} beside the repository (the independent {_ROLE.get(name, 'file')})"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must provide it", pytrace=False)
    pytest.skip(reason)


_ROLE = {"check.py": "plan checker", "generate.py": "instance generator"}
