"""No hidden import cycles: modules that need each other import at the top, so a cycle fails at once.

assessments <-> goals, the command line <-> the feature command lines, the demo <-> the goals demo
used to import each other inside functions to dodge a cycle.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# (module file, modules it must not import inside a function)
WATCHED = [
    ("workfloor/assessments/operations.py", ("workfloor.goals",)),
    ("workfloor/goals/views.py", ("workfloor.assessments",)),
    ("workfloor/assessments/cli.py", ("workfloor.cli",)),
    ("workfloor/planning/cli.py", ("workfloor.cli",)),
    ("workfloor/assignments/cli.py", ("workfloor.cli",)),
    ("workfloor/demo.py", ("workfloor.goals", "workfloor.attendance")),
    ("workfloor/goals/demo.py", ("workfloor.demo",)),
]


def _late_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.append(inner.module)
                elif isinstance(inner, ast.Import):
                    found += [alias.name for alias in inner.names]
    return found


@pytest.mark.parametrize("module,forbidden", WATCHED)
def test_no_function_level_import_dodges_a_cycle(module, forbidden):
    late = [m for m in _late_imports(ROOT / module) if m.startswith(forbidden)]
    assert late == [], f"{module} imports {late} inside a function"


def test_feature_command_lines_do_not_import_the_app_command_line():
    for module in ("workfloor/assessments/cli.py", "workfloor/planning/cli.py", "workfloor/assignments/cli.py"):
        assert "from workfloor.cli import" not in (ROOT / module).read_text(encoding="utf-8")


@pytest.mark.parametrize("first", ["workfloor.goals.operations", "workfloor.assessments.operations",
                                   "workfloor.goals.demo", "workfloor.demo", "workfloor.planning.cli"])
def test_each_module_imports_first_in_a_fresh_interpreter(first):
    result = subprocess.run([sys.executable, "-c", f"import {first}"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
