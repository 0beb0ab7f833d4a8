import json
import subprocess
import sys

import competencies


def test_competencies_imports_no_flask_database_or_app():
    code = ("import json, sys, competencies, competencies.periods; "
            "competencies.load_default_framework(); "
            "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert "competencies.framework" in loaded  # the probe really imported the package
    roots = {"flask", "flask_sqlalchemy", "sqlalchemy", "workfloor"}
    forbidden = [name for name in loaded if name.split(".")[0] in roots]
    assert forbidden == []


def test_public_api_is_exported():
    for name in competencies.__all__:
        assert hasattr(competencies, name), name
    assert {"level_on", "levels_on", "trend", "compare", "meets", "evaluation_moments", "planning_goals",
            "load_default_framework", "Framework", "Rating"} <= set(competencies.__all__)
