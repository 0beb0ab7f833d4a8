"""The workfloor commands refuse bad input with exit code 2 and a message on stderr, and change nothing.

(The engine's own command line, `python -m scheduling`, is tested with the engine.)
"""
from __future__ import annotations

import csv
import io
import os

import pytest

from tests.conftest import count
from tests.floor_date import floor_today
from workfloor.assessments import operations as assessment_ops
from workfloor.models import AuditEntry, DayPlan, User

PASSWORD = "een lang genoeg wachtwoord"
VALID = {"--email": "nieuw@stad.be", "--first-name": "Nora", "--last-name": "Peeters", "--password": PASSWORD}


def _create_user(cli, **changes):
    options = VALID | changes
    return cli.invoke(args=["create-user", *[part for pair in options.items() for part in pair]])


@pytest.mark.parametrize("option,value,message", [
    ("--email", "not-an-email", "Dit is geen geldig e-mailadres."),
    ("--email", "a@b\x00c.be", "Dit is geen geldig e-mailadres."),
    ("--email", "x" * 10_000 + "@stad.be", "Dit is geen geldig e-mailadres."),
    ("--first-name", "", "Vul de voornaam in."),
    ("--first-name", "   ", "Vul de voornaam in."),
    ("--last-name", "", "Vul de achternaam in."),
    ("--first-name", "N" * 10_000, "Hoogstens 80 tekens."),
    ("--last-name", "P\x00eeters", "stuurtekens"),
    ("--password", "x" * 10_000, "hoogstens 200 tekens"),
])
def test_create_user_refuses_bad_input_with_exit_2(cli, db, option, value, message):
    users = count(db, User)
    result = _create_user(cli, **{option: value})
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert count(db, User) == users


def test_create_user_still_creates_a_valid_account(cli, db):
    result = _create_user(cli)
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(User).where(User.email == "nieuw@stad.be")).scalar() is not None


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1999-12-31", "2026-02-30", "morgen"])
@pytest.mark.parametrize("command", ["plan", "export-problem", "export-plan"])
def test_planning_commands_refuse_dates_outside_the_window(cli, db, command, value):
    plans = count(db, DayPlan)
    result = cli.invoke(args=[command, "--date", value])
    assert result.exit_code == 2, result.output
    assert "--date must" in result.stderr
    assert count(db, DayPlan) == plans


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


@needs_dev_full
@pytest.mark.parametrize("command", [["export-assessments"], ["export-problem", "--date", floor_today().isoformat()]])
def test_exports_to_a_full_disk_fail_with_exit_2(cli, db, make_learner, framework_items, command):
    learner = make_learner()
    assessment_ops.record_assessment(learner, None, kind="observation", day=floor_today(), note="",
                                     ratings=[assessment_ops.RatingInput("attitude.teamwork", 3)],
                                     framework=framework_items)
    result = cli.invoke(args=[*command, "-o", "/dev/full"])
    assert result.exit_code == 2, result.output
    assert "Cannot write /dev/full" in result.stderr


@needs_dev_full
def test_export_plan_to_a_full_disk_fails_with_exit_2(cli, db, make_floor):
    db.session.add(DayPlan(day=floor_today(), floor=make_floor()))
    db.session.flush()
    result = cli.invoke(args=["export-plan", "--date", floor_today().isoformat(), "-o", "/dev/full"])
    assert result.exit_code == 2, result.output
    assert "Cannot write /dev/full" in result.stderr


def test_export_assessments_escapes_cells_a_spreadsheet_would_run(cli, db, make_learner, make_person,
                                                                  framework_items, tmp_path):
    learner = make_learner(with_account=False)
    learner.person.first_name, learner.person.last_name = "=HYPERLINK(\"http://evil\")", "+1"
    db.session.flush()
    assessment_ops.record_assessment(learner, None, kind="observation", day=floor_today(), note="",
                                     ratings=[assessment_ops.RatingInput("attitude.teamwork", 3)],
                                     framework=framework_items)
    output = tmp_path / "export.csv"
    result = cli.invoke(args=["export-assessments", "-o", str(output)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8"))))
    names = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\") +1" in names
    assert not any(cell[:1] in ("=", "+", "-", "@") for row in rows[1:] for cell in row)
    assert db.session.execute(db.select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.object_type == "assessments_export")).scalar()
