"""The learner file's audit trail: each change is logged with its actor and values, and shown as history."""
from __future__ import annotations

from sqlalchemy import select

from tests.app.test_learners import floors, people, text  # noqa: F401  (fixtures)
from tests.app.test_learners_edit import basics_data, reload
from workfloor.learners.views import HISTORY_PER_PAGE
from workfloor.models import AuditEntry


def entries(db, learner, **where) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.learner_id == learner.id).order_by(AuditEntry.id)
    for key, value in where.items():
        query = query.where(getattr(AuditEntry, key) == value)
    return list(db.session.execute(query).scalars())


def test_contract_end_change_is_logged_with_actor_and_values(client, login, db, people):
    learner = people["learner"]
    user = login(people["supervisor"])
    client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, contract_end="2027-06-30"))
    [entry] = entries(db, learner, object_type="Learner", action="update")
    assert entry.user_id == user.id
    assert entry.changes == {"contract_end": [None, "2027-06-30"]}

    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, contract_end="2027-09-30"))
    assert entries(db, learner, object_type="Learner", action="update")[-1].changes == {
        "contract_end": ["2027-06-30", "2027-09-30"]}


def test_pattern_change_is_logged(client, login, db, people, make_learner):
    learner = make_learner(floors=people["learner"].floors, pattern=[(0, "am"), (1, "am")])
    user = login(people["coordinator"])
    already = {e.id for e in entries(db, learner)}  # the factory's own creation
    client.post(f"/learners/{learner.id}/pattern", data={"blocks": ["0-am", "3-pm"], "version": str(learner.version)})
    logged = [e for e in entries(db, learner, object_type="WorkBlock") if e.id not in already]
    assert len(logged) == 2
    assert {(e.action, e.user_id) for e in logged} == {("create", user.id), ("delete", user.id)}
    created = next(e for e in logged if e.action == "create")
    deleted = next(e for e in logged if e.action == "delete")
    assert created.changes["weekday"] == [None, 3] and created.changes["block"] == [None, "pm"]
    assert deleted.changes["weekday"] == [1, None] and deleted.changes["block"] == ["am", None]


def test_new_certificate_is_logged(client, login, db, people):
    learner = people["learner"]
    user = login(people["counsellor"])
    client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "scrubber_dryer", "valid_until": "2028-01-15", "version": str(learner.version)})
    [entry] = entries(db, learner, object_type="LearnerCertificate")
    assert (entry.action, entry.user_id) == ("create", user.id)
    assert entry.changes["kind"] == [None, "scrubber_dryer"]
    assert entry.changes["valid_until"] == [None, "2028-01-15"]


def test_restriction_change_is_logged(client, login, db, people):
    learner = people["learner"]
    user = login(people["supervisor"])
    client.post(f"/learners/{learner.id}/restrictions", data={"codes": ["no_machines"], "version": str(learner.version)})
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/restrictions", data={"codes": ["no_chemicals"], "version": str(learner.version)})
    logged = [(e.action, e.user_id, e.changes["code"]) for e in entries(db, learner, object_type="LearnerRestriction")]
    assert logged[0] == ("create", user.id, [None, "no_machines"])
    assert sorted(logged[1:]) == [("create", user.id, [None, "no_chemicals"]),
                                  ("delete", user.id, ["no_machines", None])]


def test_show_logs_a_view_and_history_logs_one_too(client, login, db, people):
    learner = people["learner"]
    user = login(people["counsellor"])
    client.get(f"/learners/{learner.id}")
    client.get(f"/learners/{learner.id}/history")
    assert [(e.user_id, e.object_type) for e in entries(db, learner, action="view")] == [
        (user.id, "file"), (user.id, "history")]


def test_a_refused_read_is_not_logged(client, login, db, people):
    learner = people["learner"]
    login(people["other_supervisor"])
    assert client.get(f"/learners/{learner.id}").status_code == 404
    assert entries(db, learner, action="view") == []


def test_history_reads_as_plain_dutch(client, login, db, people):
    learner = people["learner"]
    learner.person.first_name = "Ruth"
    db.session.flush()
    user = login(people["coordinator"])
    client.post(f"/learners/{learner.id}/edit", data=basics_data(
        learner, contract_end="2027-06-30", phase="guidance_to_work",
        counsellor_id=str(people["other_counsellor"].person_id)))
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/pattern", data={"blocks": ["0-am"], "version": str(learner.version)})
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "brush_cutter", "valid_until": "2028-01-15", "version": str(learner.version)})
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/certificates", data={
        "kind": "brush_cutter", "valid_until": "2029-01-15", "version": str(learner.version)})
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/restrictions", data={"codes": ["no_heavy_lifting"],
                                                               "version": str(learner.version)})
    learner = reload(db, learner)
    client.post(f"/learners/{learner.id}/driving", data={"licences": ["B"], "may_drive": "y",
                                                          "version": str(learner.version)})

    page = text(client.get(f"/learners/{learner.id}/history"))
    for expected in (
        user.name, "Einde contract", "30 jun 2027", "Fase", "Arbeidsactivering", "Arbeidstoeleiding",
        "Trajectbegeleider", people["counsellor"].person.name, people["other_counsellor"].person.name,
        "Werkpatroon: dinsdag voormiddag verwijderd", "Attest Bosmaaier toegevoegd", "Attest Bosmaaier gewijzigd",
        "15 jan 2029", "Functionele beperking: Geen zware lasten tillen toegevoegd", "Rijbewijs B toegevoegd",
        "Mag met een stadsvoertuig rijden",
    ):
        assert expected in page, expected
    assert "contract_end" not in page and "counsellor_id" not in page  # field names never show
    assert "Dossier ingekeken" not in page


def test_history_is_paginated_and_coordinator_can_include_reads(client, login, db, people):
    learner = people["learner"]
    login(people["coordinator"])
    for n in range(HISTORY_PER_PAGE + 3):
        learner = reload(db, learner)
        client.post(f"/learners/{learner.id}/edit", data=basics_data(learner, contract_end=f"{2030 + n}-06-30"))
    first = text(client.get(f"/learners/{learner.id}/history"))
    assert "Pagina 1 van 2" in first
    assert f"30 jun {2030 + HISTORY_PER_PAGE + 2}" in first and "30 jun 2030" not in first
    second = text(client.get(f"/learners/{learner.id}/history?page=2"))
    assert "30 jun 2030" in second
    assert "Dossier ingekeken" in text(client.get(f"/learners/{learner.id}/history?views=1"))


def test_history_of_avoidance_hides_names_out_of_reach(client, login, db, people, floors, make_learner):
    from workfloor.models import Avoidance

    learner = people["learner"]
    stranger = make_learner(floors=[floors[1]])
    mate = make_learner(floors=[floors[0]])
    login(people["coordinator"])
    learner.avoidances = [Avoidance(avoided_id=stranger.id), Avoidance(avoided_id=mate.id)]
    db.session.flush()
    login(people["supervisor"])
    page = text(client.get(f"/learners/{learner.id}/history"))
    assert f"Niet in dezelfde ploeg met {mate.name} toegevoegd" in page
    assert stranger.name not in page
    assert "buiten jouw bereik" in page


def test_supervisors_see_no_reads_even_when_asking(client, login, people):
    learner = people["learner"]
    login(people["supervisor"])
    client.get(f"/learners/{learner.id}")
    assert "Dossier ingekeken" not in text(client.get(f"/learners/{learner.id}/history?views=1"))
