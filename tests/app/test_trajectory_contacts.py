"""The contact log: follow-ups on the counsellor's start page; notes under professional secrecy, reads audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import count, text
from tests.floor_date import floor_today
from workfloor.models import AuditEntry, ContactEntry
from workfloor.trajectory import operations as ops


@pytest.fixture
def floor(make_floor):
    return make_floor()


@pytest.fixture
def learner(make_learner, floor, counsellor):
    return make_learner(floors=[floor], counsellor=counsellor.person)


def log(learner, user, **fields):
    fields = {"day": floor_today(), "kind": "conversation", "note": "Gesprek over de bus", "follow_up_on": None,
              "follow_up_done": False} | fields
    return ops.save_contact(ContactEntry(), learner=learner, user=user, **fields)


def views(db, learner, what):
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "view", AuditEntry.object_type == what))


def test_log_a_contact_and_see_its_follow_up_on_the_start_page(client, login, counsellor, learner, db):
    login(counsellor)
    tomorrow = floor_today() + timedelta(days=1)
    response = client.post(f"/trajectory/learners/{learner.id}/contacts",
                           data={"day": floor_today().isoformat(), "kind": "home_visit", "note": "Thuis bezocht",
                                 "follow_up_on": tomorrow.isoformat()})
    assert response.status_code == 302
    contact = db.session.execute(select(ContactEntry)).scalar_one()
    assert (contact.kind, contact.follow_up_on, contact.author_id) == ("home_visit", tomorrow, counsellor.id)
    start = client.get("/", follow_redirects=True)
    page = text(start)
    assert 'id="follow-ups"' in page and "Huisbezoek" in page and learner.name in page
    assert "Thuis bezocht" not in page  # the start page names the contact, the note stays in the log
    client.post(f"/trajectory/contacts/{contact.id}/done")
    assert 'id="follow-ups"' not in text(client.get("/progress/"))


def test_follow_ups_far_ahead_or_done_wait(counsellor, learner, db):
    today = floor_today()
    due = log(learner, counsellor, follow_up_on=today - timedelta(days=3))
    soon = log(learner, counsellor, follow_up_on=today + timedelta(days=7))
    log(learner, counsellor, follow_up_on=today + timedelta(days=8))
    log(learner, counsellor, follow_up_on=today, follow_up_done=True)
    log(learner, counsellor)
    assert ops.due_follow_ups([learner.id], today) == [due, soon]


@pytest.mark.parametrize("role", ["supervisor", "learner"])
def test_only_counsellor_and_coordinator_reach_contacts(client, login, learner, floor, make_supervisor, counsellor,
                                                        role, db):
    contact = log(learner, counsellor)
    user = make_supervisor(floors=[floor]).person.user if role == "supervisor" else learner.person.user
    login(user)
    assert client.get(f"/trajectory/learners/{learner.id}/contacts").status_code == 403
    assert client.get(f"/trajectory/contacts/{contact.id}/edit").status_code == 403


def test_the_supervisor_sees_no_follow_ups_and_no_contacts_tab(client, login, learner, floor, make_supervisor,
                                                               counsellor, db):
    log(learner, counsellor, follow_up_on=floor_today(), note="GEHEIM")
    login(make_supervisor(floors=[floor]).person.user)
    assert 'id="follow-ups"' not in text(client.get("/progress/"))
    page = text(client.get(f"/trajectory/learners/{learner.id}"))
    assert "/contacts" not in page and "GEHEIM" not in page


def test_another_counsellor_gets_404(client, login, learner, make_user, counsellor, db):
    contact = log(learner, counsellor)
    login(make_user("counsellor"))
    assert client.get(f"/trajectory/learners/{learner.id}/contacts").status_code == 404
    assert client.get(f"/trajectory/contacts/{contact.id}/edit").status_code == 404
    assert client.post(f"/trajectory/contacts/{contact.id}/done").status_code == 404


def test_every_read_is_audited(client, login, learner, counsellor, coordinator, db):
    contact = log(learner, counsellor)
    login(counsellor)
    before = views(db, learner, "contacts")
    client.get(f"/trajectory/learners/{learner.id}/contacts")
    assert views(db, learner, "contacts") == before + 1
    client.get(f"/trajectory/contacts/{contact.id}/edit")
    assert views(db, learner, "contact") == 1


def test_a_stale_contact_edit_gets_409(client, login, learner, counsellor, db):
    contact = log(learner, counsellor)
    login(counsellor)
    data = {"day": floor_today().isoformat(), "kind": "phone", "note": "Eerste", "version": contact.version}
    assert client.post(f"/trajectory/contacts/{contact.id}/edit", data=data).status_code == 302
    response = client.post(f"/trajectory/contacts/{contact.id}/edit", data=data | {"note": "Tweede versie"})
    assert response.status_code == 409 and "Tweede versie" in text(response)


@pytest.mark.parametrize("data,message", [
    ({"day": "", "kind": "phone"}, "Vul een geldige datum in."),
    ({"day": "2026-03-01", "kind": "fax"}, "Kies een soort contact."),
    ({"day": "2026-03-10", "kind": "phone", "follow_up_on": "2026-03-01"},
     "De opvolging kan niet vóór het contact liggen."),
    ({"day": "2026-03-10", "kind": "phone", "note": "x" * 2001}, "Hoogstens 2000 tekens."),
])
def test_bad_contacts_get_dutch_messages(client, login, learner, counsellor, db, data, message):
    login(counsellor)
    response = client.post(f"/trajectory/learners/{learner.id}/contacts", data=data)
    assert response.status_code == 400 and message in text(response)
    assert count(db, ContactEntry) == 0
