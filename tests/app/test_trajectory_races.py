"""Real races on PostgreSQL for the trajectory file's versioned edits: one of eight wins, the rest get 409."""
from __future__ import annotations

from datetime import date

import pytest

from tests.app.test_races import (  # noqa: F401  (fixtures)
    SESSIONS, _browsers, _form, _race, pytestmark, race_app, world,
)
from workfloor.extensions import db as _db
from workfloor.models import ContactEntry, Employer, Learner, Obstacle
from workfloor.trajectory import operations as ops

# name -> (URL from the rows, the field each session fills in differently, its value, extra fields)
EDITS = {
    "trajectory.edit_meeting": (lambda r: f"/trajectory/meetings/{r['meeting']}/edit", "summary_skills",
                                {"with_learner": "y"}),
    "trajectory.edit_agreement": (lambda r: f"/trajectory/agreements/{r['agreement']}/edit", "what", {}),
    "trajectory.edit_contact": (lambda r: f"/trajectory/contacts/{r['contact']}/edit", "note", {}),
    "trajectory.follow_up_obstacle": (lambda r: f"/trajectory/obstacles/{r['obstacle']}/follow-up", "action_taken",
                                      {}),
    "trajectory.employer": (lambda r: f"/trajectory/employers/{r['employer']}", "sector", {}),
}


@pytest.fixture
def rows(race_app, world):  # noqa: F811
    with race_app.app_context():
        learner = _db.session.get(Learner, world.learner)
        meeting = ops.plan_meeting(learner, planned_on=date.today(), moment_month=None, user=None)
        agreement = ops.add_agreement(meeting, what="Stipt starten", owner="learner", deadline=None)
        contact = ops.save_contact(ContactEntry(), learner=learner, user=None, day=date.today(), kind="phone",
                                   note="Gebeld", follow_up_on=None, follow_up_done=False)
        obstacle = Obstacle(learner_id=learner.id, category="transport", note="Bus", signalled_on=date.today())
        employer = Employer(name="Groendienst")
        _db.session.add_all([obstacle, employer])
        _db.session.commit()
        return {"meeting": meeting.id, "agreement": agreement.id, "contact": contact.id, "obstacle": obstacle.id,
                "employer": employer.id}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_eight_sessions_saving_the_same_record_one_wins(race_app, world, rows, edit):  # noqa: F811
    url_of, field, extra = EDITS[edit]
    url = url_of(rows)
    clients = _browsers(race_app, world)
    forms = [_form(client, url) for client in clients]
    for index, form in enumerate(forms):
        form.setlist(field, [f"Versie {index}"])
        for name, value in extra.items():
            form.setlist(name, [value])
    results = _race([lambda c=client, f=form: c.post(url, data=f) for client, form in zip(clients, forms)])
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results
