"""The audit log records changes to a learner's file with who, what, old and new."""
from datetime import date

from sqlalchemy import select

from workfloor.models import AuditEntry, LearnerCertificate


def test_a_new_certificate_is_logged_with_its_id_and_values(db, make_learner):
    learner = make_learner()
    certificate = LearnerCertificate(learner=learner, kind="hedge_trimmer", valid_until=date(2027, 5, 1))
    db.session.add(certificate)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "LearnerCertificate")).scalar_one()
    assert entry.action == "create"
    assert entry.learner_id == learner.id
    assert entry.object_id == certificate.id
    assert entry.changes["valid_until"] == [None, "2027-05-01"]


def test_a_changed_contract_end_keeps_old_and_new(db, make_learner):
    learner = make_learner(contract_end=date(2027, 1, 31))
    learner.contract_end = date(2027, 6, 30)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "Learner", AuditEntry.action == "update")).scalar_one()
    assert entry.changes == {"contract_end": ["2027-01-31", "2027-06-30"]}


def test_changes_outside_a_learners_file_are_not_logged(db, make_site):
    make_site()
    assert db.session.execute(select(AuditEntry)).first() is None


def test_a_certificate_dropped_from_the_collection_is_logged_as_deleted(db, make_learner):
    learner = make_learner()
    learner.certificates.append(LearnerCertificate(kind="brush_cutter"))
    db.session.flush()
    learner.certificates.clear()  # delete-orphan: the row goes inside the flush
    db.session.flush()
    deleted = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "LearnerCertificate", AuditEntry.action == "delete")
    ).scalar_one()
    assert deleted.learner_id == learner.id
    assert deleted.changes["kind"] == ["brush_cutter", None]


def test_floor_changes_of_a_learner_are_logged(db, make_learner, make_floor):
    first, second = make_floor(name="Groen A"), make_floor(name="Groen B")
    learner = make_learner(floors=[first])
    learner.floors.append(second)
    db.session.flush()
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.object_type == "Learner", AuditEntry.action == "update")).scalar_one()
    assert entry.changes["floors"] == [["Groen A"], ["Groen A", "Groen B"]]


def test_the_calendar_secret_never_reaches_the_log(db, make_learner):
    learner = make_learner()
    learner.calendar_token = "very-secret-token"
    learner.phase = "work"
    db.session.flush()
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.learner_id == learner.id)).scalars().all()
    assert entries and all("very-secret-token" not in str(entry.changes) for entry in entries)
