"""Real races on PostgreSQL for the trajectory file's versioned edits: one of eight wins, the rest get 409."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.app.test_races import (  # noqa: F401  (fixtures)
    SESSIONS, _browsers, _form, _race, pytestmark, race_app, world,
)
from tests.app.hostile import post_forms
from tests.floor_date import floor_today
from workfloor.extensions import db as _db
from workfloor.models import ContactEntry, Employer, EvaluationMeeting, Learner, Obstacle
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
        meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=None)
        agreement = ops.add_agreement(meeting, what="Stipt starten", owner="learner", deadline=None)
        contact = ops.save_contact(ContactEntry(), learner=learner, user=None, day=floor_today(), kind="phone",
                                   note="Gebeld", follow_up_on=None, follow_up_done=False)
        obstacle = Obstacle(learner_id=learner.id, category="transport", note="Bus", signalled_on=floor_today())
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


def _form_posting_to(client, page_url: str, action: str) -> MultiDict:
    page = client.get(page_url)
    assert page.status_code == 200, page_url
    [form] = [f for f in post_forms(page.get_data(as_text=True)) if f.action == action]
    return MultiDict(form.fields)


def test_eight_sessions_moving_one_meeting_one_wins(race_app, world, rows):  # noqa: F811
    page, action = f"/trajectory/meetings/{rows['meeting']}", f"/trajectory/meetings/{rows['meeting']}/move"
    with race_app.app_context():  # a meeting without agreements can still move
        meeting = _db.session.get(EvaluationMeeting, rows["meeting"])
        for agreement in list(meeting.agreements):
            _db.session.delete(agreement)
        _db.session.commit()
    clients = _browsers(race_app, world)
    forms = [_form_posting_to(client, page, action) for client in clients]
    for index, form in enumerate(forms):
        form.setlist("planned_on", [(floor_today() + timedelta(days=index + 1)).isoformat()])
    results = _race([lambda c=client, f=form: c.post(action, data=f) for client, form in zip(clients, forms)])
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results


def test_eight_sessions_planning_one_month_make_one_meeting(race_app, world, rows):  # noqa: F811
    url = f"/trajectory/learners/{world.learner}/meetings/new"
    clients = _browsers(race_app, world)
    forms = [_form_posting_to(client, url, "") for client in clients]
    for form in forms:
        form.setlist("moment", ["2"])
        form.setlist("planned_on", [floor_today().isoformat()])
    results = _race([lambda c=client, f=form: c.post(url, data=f) for client, form in zip(clients, forms)])
    assert sorted(results) == [302] + [409] * (SESSIONS - 1), results
    with race_app.app_context():
        assert _db.session.scalar(select(func.count()).select_from(EvaluationMeeting).where(
            EvaluationMeeting.learner_id == world.learner, EvaluationMeeting.moment_month == 2)) == 1
