"""GDPR: names at read time, the export of everything about a learner, erasure within the retention rules."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import text
from workfloor.audit import HIDDEN
from workfloor.models import (
    Absence, Assessment, Assignment, AuditEntry, Base, CrewMember, DayPlan, Learner, Notice, Person, PlanEvent,
    Rating, User,
)
from workfloor.planning import operations as planning
from workfloor.planning.text import diff_line, event_summary
from workfloor.privacy.registry import NOT_PERSONAL, SECTIONS, tables

TODAY = date(2026, 12, 9)
LONG_AGO = date(2015, 6, 30)  # contract ended more than RETENTION_YEARS ago


@pytest.fixture(autouse=True)
def today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)
    return TODAY


@pytest.fixture
def file(db, make_learner, make_site, make_supervisor, framework_items):
    """Jan Peeters' file: an assessment with a note a spreadsheet would run, an absence, a crew, a notice."""
    learner = make_learner(contract_start=date(2014, 1, 6), contract_end=LONG_AGO)
    learner.person.first_name, learner.person.last_name, learner.person.phone = "Jan", "Peeters", "0470 12 34 56"
    learner.calendar_token = "secret-feed-token"
    floor = learner.floors[0]
    supervisor = make_supervisor(floors=[floor])
    assessment = Assessment(learner=learner, kind="observation", day=TODAY - timedelta(days=3),
                            note="=HYPERLINK(\"http://evil\")",
                            ratings=[Rating(competency_id=framework_items.items()[0].id, level=2, note="schoof-werk-door-42")])
    absence = Absence(person_id=learner.person_id, start_date=TODAY, end_date=TODAY, reason="sick",
                      note="brengt attest")
    assignment = Assignment(name="Hagen scheren", floor=floor, site=make_site(), day=TODAY, max_learners=4)
    db.session.add_all([assessment, absence, assignment])
    db.session.flush()
    plan = DayPlan(day=TODAY, floor_id=floor.id, status="draft")
    plan.members = [CrewMember(assignment_id=assignment.id, person_id=learner.person_id, role="learner", pinned=True),
                    CrewMember(assignment_id=assignment.id, person_id=supervisor.person_id, role="supervisor")]
    db.session.add(plan)
    db.session.add(Notice(person_id=learner.person_id, day=TODAY, floor_id=floor.id, details={"moves": []}))
    db.session.commit()  # a refused command rolls its own work back, not the file (the test's transaction stays)
    return {"learner": learner, "plan": plan, "assignment": assignment, "absence": absence,
            "supervisor": supervisor}


def _everything_said(db) -> str:
    """Every text the database holds, as one string (to look for a name that must be gone)."""
    out = []
    with db.session.no_autoflush:
        for table in Base.metadata.sorted_tables:
            for row in db.session.execute(select(table)):
                out.append(table.name + ": " + json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(out)


# ------------------------------------------------------------------ the registry

def test_every_table_about_a_learner_or_person_is_in_the_registry():
    missing = []
    for table in Base.metadata.sorted_tables:
        for column in table.c:
            targets = {fk.target_fullname for fk in column.foreign_keys}
            if targets & {"learner.id", "person.id"} and table.name not in tables() \
                    and (table.name, column.name) not in NOT_PERSONAL:
                missing.append(f"{table.name}.{column.name}")
    assert not missing, ("register these in workfloor/privacy/registry.py (export and erasure) or say in "
                         f"NOT_PERSONAL why they hold nothing about the person: {missing}")


# ------------------------------------------------------------------ names at read time

def test_plan_history_renders_the_current_name_and_stores_none(app, db, file):
    learner, plan = file["learner"], file["plan"]
    before = planning.snapshot(plan)
    released = planning.release_absent(plan, [file["absence"]])
    event = planning.record_released(plan, None, released, before)
    db.session.flush()
    stored = json.dumps([event.summary, event.details], ensure_ascii=False)
    assert "Peeters" not in stored  # ids only
    with app.test_request_context():
        assert "Jan Peeters" in event_summary(event)
        assert any("Jan Peeters" in diff_line(d) for d in event.details["diff"])
    learner.person.first_name, learner.person.last_name = "Johanna", "Peeters-Smet"
    db.session.flush()
    with app.test_request_context():
        assert event_summary(event) == ("Afwezig: Johanna Peeters-Smet. Uit de ploeg gehaald; vastzetting "
                                        "opgeheven voor Johanna Peeters-Smet.")
        assert "Jan Peeters" not in " ".join(diff_line(d) for d in event.details["diff"])


def test_the_audit_log_keeps_that_a_name_changed_not_the_name(db, file):
    person = file["learner"].person
    person.first_name = "Johanna"
    db.session.flush()
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.object_type == "Person")
                               .order_by(AuditEntry.id.desc()).limit(1)).scalar()
    assert entry.changes == {"first_name": [HIDDEN, HIDDEN]}


def test_the_history_tab_says_a_name_changed_without_naming_it(client, coordinator, db, file):
    file["learner"].person.last_name = "Smet"
    db.session.flush()
    page = text(client.get(f"/learners/{file['learner'].id}/history"))
    assert "Achternaam" in page and "niet bewaard in het logboek" in page and "Peeters" not in page.split("<h1>")[1].split("</h1>")[1]


# ------------------------------------------------------------------ export (art. 15)

def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_cli_export_writes_every_section_as_json_and_csv_and_logs_it(cli, db, file, tmp_path):
    learner = file["learner"]
    target = tmp_path / "jan.zip"
    result = cli.invoke(args=["privacy", "export", "--learner", str(learner.id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    archive = _zip(target.read_bytes())
    names = set(archive.namelist())
    assert {"manifest.json"} | {f"{s.name}.{ext}" for s in SECTIONS for ext in ("json", "csv")} == names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["learner_id"] == learner.id and manifest["sections"]["absences"] == 1
    person = json.loads(archive.read("person.json"))
    assert person[0]["first_name"] == "Jan" and person[0]["phone"] == "0470 12 34 56"
    assert json.loads(archive.read("assessments.json"))[0]["note"].startswith("=HYPERLINK")
    assert json.loads(archive.read("ratings.json"))[0]["note"] == "schoof-werk-door-42"
    assert json.loads(archive.read("crews.json"))[0]["pinned"] is True
    assert len(json.loads(archive.read("notices.json"))) == 1
    audit_log = json.loads(archive.read("audit_log.json"))
    assert all(e["learner_id"] == learner.id for e in audit_log)
    assert {"user_id", "user_name"} <= set(audit_log[0])  # who read or changed it, in words
    assert person[0]["id"] == learner.person_id and json.loads(archive.read("learner.json"))[0]["person_name"] \
        == "Jan Peeters"
    rows = list(csv.DictReader(io.StringIO(archive.read("assessments.csv").decode())))
    assert rows[0]["note"].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    everything = b"".join(archive.read(n) for n in names)
    assert b"secret-feed-token" not in everything and b"password_hash" not in everything
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "view", AuditEntry.object_type == "Export")) == 1


@pytest.mark.parametrize("args,message", [
    (["--learner", "999999", "-o", "x.zip"], "No learner with id 999999"),
    (["--learner", "0", "-o", "x.zip"], "Invalid value"),
    (["--learner", str(10**30), "-o", "x.zip"], "Invalid value"),
])
def test_cli_export_bad_input_exits_2(cli, file, args, message):
    result = cli.invoke(args=["privacy", "export", *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_export_to_a_full_disk_exits_2(cli, file):
    result = cli.invoke(args=["privacy", "export", "--learner", str(file["learner"].id), "-o", "/dev/full"])
    assert result.exit_code == 2 and "Cannot write /dev/full" in result.output


def test_coordinator_downloads_the_export(client, coordinator, file):
    response = client.get(f"/privacy/learner/{file['learner'].id}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "no-store" in response.headers["Cache-Control"]
    assert json.loads(_zip(response.data).read("learner.json"))[0]["id"] == file["learner"].id


# ------------------------------------------------------------------ erasure (art. 17)

def test_a_running_contract_is_never_erased(cli, db, file):
    file["learner"].contract_end = None
    db.session.commit()
    result = cli.invoke(args=["privacy", "erase", "--learner", str(file["learner"].id), "--yes"])
    assert result.exit_code == 2 and "contract" in result.output
    assert db.session.get(Person, file["learner"].person_id).first_name == "Jan"


def test_within_the_retention_period_only_pseudonymising_is_allowed(app, cli, db, file):
    learner = file["learner"]
    learner.contract_end = TODAY - timedelta(days=30)
    db.session.commit()
    result = cli.invoke(args=["privacy", "erase", "--learner", str(learner.id), "--yes"])
    assert result.exit_code == 2 and "bewaartermijn" in result.output and "Pseudonimiseren kan wel" in result.output
    app.config["ERASURE_ALLOW_PSEUDONYMISATION"] = False
    try:
        result = cli.invoke(args=["privacy", "erase", "--learner", str(learner.id), "--mode", "pseudonymise", "--yes"])
        assert result.exit_code == 2 and "ERASURE_ALLOW_PSEUDONYMISATION" in result.output
    finally:
        app.config["ERASURE_ALLOW_PSEUDONYMISATION"] = True
    result = cli.invoke(args=["privacy", "erase", "--learner", str(learner.id), "--mode", "pseudonymise", "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    learner = db.session.get(Learner, learner.id)
    assert learner.name == f"Leerwerknemer #{learner.person_id}" and learner.person.erased_at
    assert learner.calendar_token is None and learner.erased_at is None
    assert db.session.scalar(select(func.count()).select_from(Assessment).where(Assessment.learner_id == learner.id))
    user = db.session.execute(select(User).where(User.person_id == learner.person_id)).scalar()
    assert not user.active and not user.check_password("correct horse battery") and "Peeters" not in user.email
    assert "Peeters" not in _everything_said(db)


def test_after_the_retention_period_erasure_removes_the_file_and_every_trace_of_the_name(app, client, login, cli,
                                                                                         db, file, make_user):
    learner, plan = file["learner"], file["plan"]
    before = planning.snapshot(plan)
    planning.record_released(plan, None, planning.release_absent(plan, [file["absence"]]), before)
    learner.person.last_name = "Peeters-Smet"  # an audit entry of a rename
    db.session.flush()
    result = cli.invoke(args=["privacy", "erase", "--learner", str(learner.id), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    learner = db.session.get(Learner, learner.id)
    assert learner.erased_at and learner.person.erased_at
    for model, column in ((Assessment, Assessment.learner_id), (Absence, Absence.person_id),
                          (Notice, Notice.person_id)):
        key = learner.id if model is Assessment else learner.person_id
        assert db.session.scalar(select(func.count()).select_from(model).where(column == key)) == 0
    assert db.session.scalar(select(func.count()).select_from(CrewMember)) >= 1  # the floor's plans stay whole
    said = _everything_said(db)
    assert "Peeters" not in said and "0470 12 34 56" not in said
    # What was written about them stays only in the append-only log, no longer tied to a name.
    assert {line.split(":")[0] for line in said.splitlines() if "schoof-werk-door-42" in line} == {"audit_entry"}
    erasure = db.session.execute(select(AuditEntry).where(AuditEntry.action == "erase")).scalar()
    assert erasure.learner_id == learner.id and erasure.object_type == "Erasure"
    with app.test_request_context():
        event = db.session.execute(select(PlanEvent).where(PlanEvent.kind == "absent")).scalar()
        assert f"Leerwerknemer #{learner.person_id}" in event_summary(event)
    login(make_user("coordinator"))
    page = text(client.get(f"/learners/{learner.id}/history"))
    assert "Wissing van het dossier" in page and "Peeters" not in page
    assert "al gewist" in text(client.get(f"/privacy/learner/{learner.id}")) or "gewist op" in text(
        client.get(f"/privacy/learner/{learner.id}"))


def test_the_page_asks_for_the_name_before_erasing(client, coordinator, db, file):
    learner = file["learner"]
    url = f"/privacy/learner/{learner.id}/erase"
    response = client.post(url, data={"mode": "erase", "confirm_name": "Piet Peeters"})
    assert response.status_code == 400 and "niet de naam" in text(response)
    assert db.session.get(Person, learner.person_id).first_name == "Jan"
    response = client.post(url, data={"mode": "erase", "confirm_name": "  jan   peeters "})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Learner, learner.id).erased_at is not None


def test_the_page_refuses_erasure_within_the_retention_period_and_keeps_the_input(client, coordinator, db, file):
    learner = file["learner"]
    learner.contract_end = TODAY - timedelta(days=30)
    db.session.flush()
    page = text(client.get(f"/privacy/learner/{learner.id}"))
    assert "bewaartermijn" in page and "Download de gegevens" in page
    response = client.post(f"/privacy/learner/{learner.id}/erase", data={"mode": "erase", "confirm_name": "Jan Peeters"})
    assert response.status_code == 409 and "bewaartermijn" in text(response)
    db.session.expire_all()
    assert db.session.get(Person, learner.person_id).erased_at is None


def test_the_trajectory_file_is_exported_and_goes_with_a_full_erasure(cli, db, file, tmp_path):
    from workfloor.models import ContactEntry, Obstacle

    learner = file["learner"]
    db.session.add_all([
        ContactEntry(learner_id=learner.id, day=LONG_AGO, kind="gesprek", note="schulden-bij-energieleverancier"),
        Obstacle(learner_id=learner.id, category="debts", note="loonbeslag", signalled_on=LONG_AGO),
    ])
    db.session.commit()
    out = tmp_path / "export.zip"
    assert cli.invoke(args=["privacy", "export", "--learner", str(learner.id), "-o", str(out)]).exit_code == 0
    archive = _zip(out.read_bytes())
    assert "schulden-bij-energieleverancier" in archive.read("contacts.json").decode()
    assert "loonbeslag" in archive.read("obstacles.csv").decode()
    result = cli.invoke(args=["privacy", "erase", "--learner", str(learner.id), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    for model in (ContactEntry, Obstacle):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.learner_id == learner.id)) == 0
