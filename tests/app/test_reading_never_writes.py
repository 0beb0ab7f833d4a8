"""Reading never writes: every GET route of the planning board leaves the database as it was.

Weekly templates in particular are expanded only on purpose (template save, generate,
``flask expand-templates``), never because somebody looked at a day.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.app.test_planning import generate, solve_in_request, supervisor  # noqa: F401  (fixtures)
from tests.app.test_planning_i18n import speak
from tests.app.test_planning_problem import scene  # noqa: F401  (fixture)
from workfloor.models import AssignmentTemplate, Base, SolveJob

IGNORED = {"audit_entry"}  # reading a learner's file is audited on purpose


def database_rows(db) -> dict[str, list]:
    """Every row of every table (ordered), to compare before and after."""
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name in IGNORED:
            continue
        rows = db.session.execute(select(table)).all()
        out[table.name] = sorted((tuple(map(repr, row)) for row in rows))
    return out


def planning_get_urls(app, scene, job_id) -> list[str]:  # noqa: F811
    """Every GET route of the planning blueprint, with its parameters filled in."""
    day = scene.day.isoformat()
    from workfloor.planning.week import week_label
    values = {"day": day, "job_id": job_id, "week": week_label(scene.day)}
    extra = {"planning.suggest": f"?assignment={scene.park.id}", "planning.board": f"?floor={scene.floor.id}"}
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("planning.") and "GET" in rule.methods:
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<{name}>", str(values[name])).replace(f"<int:{name}>", str(values[name]))
            urls.append(path + extra.get(rule.endpoint, ""))
    return urls


@pytest.mark.parametrize("language", ["nl", "en"])
def test_get_routes_of_the_planning_board_write_nothing(app, client, db, scene, supervisor, language):  # noqa: F811
    db.session.add(AssignmentTemplate(name="Wekelijks wieden", floor=scene.floor, site=scene.site,
                                      weekday=scene.day.weekday(), starts_on=scene.day - timedelta(weeks=1),
                                      max_learners=3))
    db.session.flush()
    generate(client, db, scene)  # a plan, history and a finished job to read
    next_week = scene.day + timedelta(weeks=1)  # a day whose template assignment is not made yet
    job_id = db.session.execute(select(SolveJob.id)).scalar()
    urls = planning_get_urls(app, scene, job_id) + [f"/planning/{next_week.isoformat()}",
                                                    f"/planning/{next_week.isoformat()}/problem.json",
                                                    "/assignments/"]
    assert len(urls) >= 7
    speak(db, supervisor, language)
    before = database_rows(db)
    for path in urls:
        response = client.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        db.session.expire_all()
        assert database_rows(db) == before, f"GET {path} changed the database"


def test_expand_templates_command_makes_the_days_ahead_once(cli, db, scene):  # noqa: F811
    from workfloor.models import Assignment
    db.session.add(AssignmentTemplate(name="Wekelijks wieden", floor=scene.floor, site=scene.site,
                                      weekday=scene.day.weekday(), starts_on=scene.day, max_learners=3))
    db.session.flush()
    made = lambda: db.session.scalar(select(db.func.count()).select_from(Assignment)  # noqa: E731
                                     .where(Assignment.name == "Wekelijks wieden"))
    result = cli.invoke(args=["expand-templates", "--start", scene.day.isoformat(), "--weeks", "2"])
    assert result.exit_code == 0, result.output
    assert made() == 3 and "3 assignments made" in result.output
    assert cli.invoke(args=["expand-templates", "--start", scene.day.isoformat(), "--weeks", "2"]).exit_code == 0
    assert made() == 3  # idempotent: run it daily
    bad = cli.invoke(args=["expand-templates", "--start", "morgen"])
    assert bad.exit_code == 2 and "--start must be a date" in bad.stderr and made() == 3
