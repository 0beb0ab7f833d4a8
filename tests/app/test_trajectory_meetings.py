"""Evaluation meetings: plan at a scheduled moment, hold, agreements, goal, the next meeting, sign-off."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import count, text
from tests.floor_date import floor_today
from workfloor.models import Agreement, AuditEntry, DevelopmentGoal, EvaluationMeeting
from workfloor.trajectory import operations as ops


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Groen A", domain="green")


@pytest.fixture
def learner(make_learner, floor, counsellor, framework_items):
    return make_learner(floors=[floor], counsellor=counsellor.person, contract_start=date(2026, 1, 31))


HELD = {"held_on": "2026-03-02", "with_learner": "y", "with_supervisor": "y", "with_counsellor": "y",
        "others": "maatschappelijk werker", "summary_attitude": "Komt stipt, vraagt hulp.",
        "summary_skills": "Maait zelfstandig.", "summary_attendance": "Geen afwezigheden.",
        "summary_outlook": "Richting groenonderhoud.", "learner_view": "Ik wil leren snoeien."}


def plan(client, learner, **data):
    return client.post(f"/trajectory/learners/{learner.id}/meetings/new", data=data)


def test_the_schedule_follows_the_setting(app, learner):
    meetings = []
    assert [m.month for m in ops.schedule(learner, meetings)] == [1, 2, 7, 11, 17, 23]
    assert ops.schedule(learner, meetings)[0].due_on == date(2026, 2, 28)  # 31 January + 1 month
    app.config["EVALUATION_OFFSETS_MONTHS"] = (3, 6)
    try:
        assert [m.month for m in ops.schedule(learner, meetings)] == [3, 6]
    finally:
        app.config["EVALUATION_OFFSETS_MONTHS"] = (1, 2, 7, 11, 17, 23)


def test_the_setting_comes_from_the_environment(monkeypatch):
    from workfloor import settings

    monkeypatch.setenv("EVALUATION_MONTHS", "2, 6,12")
    assert settings.load("test")["EVALUATION_OFFSETS_MONTHS"] == (2, 6, 12)
    monkeypatch.setenv("EVALUATION_MONTHS", "zes")
    with pytest.raises(settings.ConfigError):
        settings.load("test")


def test_plan_hold_and_agree_then_see_it_at_the_next_meeting(client, login, counsellor, learner, db):
    login(counsellor)
    page = client.get(f"/trajectory/learners/{learner.id}/meetings/new?moment=2")
    assert page.status_code == 200 and 'value="2026-03-31"' in text(page)
    response = plan(client, learner, moment="2", planned_on="2026-03-31")
    assert response.status_code == 302
    meeting = db.session.execute(select(EvaluationMeeting)).scalar_one()
    assert meeting.moment_month == 2 and meeting.planned_on == date(2026, 3, 31)
    # The moment is taken now: it is no longer offered.
    assert '<option value="2"' not in text(client.get(f"/trajectory/learners/{learner.id}/meetings/new"))

    assert client.post(f"/trajectory/meetings/{meeting.id}/edit", data=HELD | {"version": meeting.version}
                       ).status_code == 302
    db.session.refresh(meeting)
    assert meeting.held_on == date(2026, 3, 2) and meeting.with_supervisor and meeting.others == "maatschappelijk werker"
    response = client.post(f"/trajectory/meetings/{meeting.id}/agreements",
                           data={"what": "Elke ochtend om 8 uur op de werf", "owner": "learner",
                                 "deadline": "2026-04-15"})
    assert response.status_code == 302
    agreement = db.session.execute(select(Agreement)).scalar_one()
    assert (agreement.learner_id, agreement.status, agreement.owner) == (learner.id, "open", "learner")

    later = plan(client, learner, moment="", planned_on="2026-05-01")
    assert later.status_code == 302
    next_meeting = db.session.execute(select(EvaluationMeeting).where(EvaluationMeeting.id != meeting.id)).scalar_one()
    assert next_meeting.moment_month is None
    page = text(client.get(f"/trajectory/meetings/{next_meeting.id}"))
    assert "Open afspraken van vorige gesprekken" in page and "Elke ochtend om 8 uur op de werf" in page
    # ... and on the caseload, as an open agreement.
    caseload = text(client.get("/progress/"))
    assert "1 open afspraak" in caseload


def test_an_agreement_becomes_a_development_goal(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    agreement = ops.add_agreement(meeting, what="Leren snoeien", owner="learner", deadline=floor_today() + timedelta(30))
    login(counsellor)
    form = client.get(f"/trajectory/agreements/{agreement.id}/goal")
    assert form.status_code == 200 and "Leren snoeien" in text(form)
    response = client.post(f"/trajectory/agreements/{agreement.id}/goal",
                           data={"competency": "green.pruning", "target_level": "3", "weight": "2",
                                 "actions": "Leren snoeien", "deadline": (floor_today() + timedelta(30)).isoformat()})
    assert response.status_code == 302, text(response)
    goal = db.session.execute(select(DevelopmentGoal)).scalar_one()
    db.session.refresh(agreement)
    assert agreement.goal_id == goal.id and goal.competency_id == "green.pruning" and goal.learner_id == learner.id
    # Twice does not make a second goal.
    client.post(f"/trajectory/agreements/{agreement.id}/goal",
                data={"competency": "green.pruning", "target_level": "3", "weight": "2"})
    assert count(db, DevelopmentGoal) == 1


def test_the_printed_report_shows_the_stored_agreements(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=1, user=counsellor)
    ops.hold_meeting(meeting, **{**{k: "" for k in ops.MEETING_FIELDS}, "held_on": floor_today(),
                                 "with_learner": True, "with_supervisor": False, "with_counsellor": True})
    ops.add_agreement(meeting, what="Werkschoenen aankopen", owner="counsellor", deadline=None)
    login(counsellor)
    for url in (f"/trajectory/meetings/{meeting.id}/report", f"/progress/learners/{learner.id}/report"):
        page = text(client.get(url))
        assert "Werkschoenen aankopen" in page and "Trajectbegeleider" in page, url
    assert 'class="lines"' not in text(client.get(f"/progress/learners/{learner.id}/report"))


def test_the_learner_reads_and_signs_off(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=1, user=counsellor)
    planned = ops.plan_meeting(learner, planned_on=floor_today() + timedelta(days=20), moment_month=2, user=counsellor)
    ops.hold_meeting(meeting, **{**{k: "" for k in ops.MEETING_FIELDS}, "held_on": floor_today(),
                                 "with_learner": True, "with_supervisor": True, "with_counsellor": True,
                                 "summary_skills": "Maait netjes"})
    ops.add_agreement(meeting, what="Zelf de wekker zetten", owner="learner", deadline=None)
    ops.save_contact(__import__("workfloor.models", fromlist=["ContactEntry"]).ContactEntry(), learner=learner,
                     user=counsellor, day=floor_today(), kind="phone", note="GEHEIM-NOTITIE", follow_up_on=None,
                     follow_up_done=False)
    login(learner.person.user)
    page = text(client.get("/trajectory/mine"))
    assert "Zelf de wekker zetten" in page and "Maait netjes" in page and "GEHEIM-NOTITIE" not in page
    assert "Je volgende gesprek is op" in page
    assert client.post(f"/trajectory/mine/meetings/{meeting.id}/sign").status_code == 302
    db.session.refresh(meeting)
    assert meeting.signed_at is not None
    # A planned (not held) meeting, or someone else's, cannot be signed.
    assert client.post(f"/trajectory/mine/meetings/{planned.id}/sign").status_code == 404
    # Staff see the sign-off; a changed report needs it again.
    login(counsellor)
    assert "gelezen en besproken door de leerwerknemer" in text(client.get(f"/trajectory/meetings/{meeting.id}"))
    client.post(f"/trajectory/meetings/{meeting.id}/edit", data=HELD | {"version": meeting.version})
    db.session.refresh(meeting)
    assert meeting.signed_at is None


def test_a_learner_cannot_sign_someone_elses_meeting(client, login, counsellor, learner, make_learner, floor):
    other = make_learner(floors=[floor])
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    ops.hold_meeting(meeting, **{**{k: "" for k in ops.MEETING_FIELDS}, "held_on": floor_today(),
                                 "with_learner": True, "with_supervisor": False, "with_counsellor": False})
    login(other.person.user)
    assert client.post(f"/trajectory/mine/meetings/{meeting.id}/sign").status_code == 404


def test_a_stale_meeting_edit_gets_409_with_the_input_kept(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    login(counsellor)
    old = meeting.version
    assert client.post(f"/trajectory/meetings/{meeting.id}/edit", data=HELD | {"version": old}).status_code == 302
    response = client.post(f"/trajectory/meetings/{meeting.id}/edit",
                           data=HELD | {"version": old, "summary_skills": "Mijn eigen tekst"})
    assert response.status_code == 409 and "Mijn eigen tekst" in text(response)


def test_a_stale_agreement_edit_gets_409(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    agreement = ops.add_agreement(meeting, what="Bellen naar VDAB", owner="counsellor", deadline=None)
    login(counsellor)
    old = agreement.version
    data = {"what": "Bellen naar VDAB", "owner": "counsellor", "status": "done", "version": old}
    assert client.post(f"/trajectory/agreements/{agreement.id}/edit", data=data).status_code == 302
    response = client.post(f"/trajectory/agreements/{agreement.id}/edit", data=data | {"what": "Mailen naar VDAB"})
    assert response.status_code == 409 and "Mailen naar VDAB" in text(response)


@pytest.mark.parametrize("data,message", [
    ({"moment": "", "planned_on": ""}, "Vul een geldige datum in."),
    ({"moment": "5", "planned_on": "2026-03-01"}, "Kies een evaluatiemoment uit de lijst."),
    ({"moment": "", "planned_on": "2026-02-30"}, "Dit is geen geldige datum."),
])
def test_bad_plans_get_a_dutch_message_and_store_nothing(client, login, counsellor, learner, db, data, message):
    login(counsellor)
    response = plan(client, learner, **data)
    assert response.status_code == 400 and message in text(response)
    assert count(db, EvaluationMeeting) == 0


def test_a_meeting_needs_participants_and_an_agreement_needs_words(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    login(counsellor)
    response = client.post(f"/trajectory/meetings/{meeting.id}/edit",
                           data={"held_on": "2026-03-02", "version": meeting.version})
    assert response.status_code == 400 and "Duid aan wie deelnam." in text(response)
    response = client.post(f"/trajectory/meetings/{meeting.id}/agreements", data={"what": " ", "owner": "boss"})
    assert response.status_code == 400
    assert "Schrijf de afspraak." in text(response) and "Kies wie de afspraak uitvoert." in text(response)
    assert count(db, Agreement) == 0


def test_staff_of_other_floors_or_caseloads_get_404(client, login, learner, make_supervisor, make_user, counsellor,
                                                    db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    for user in (make_supervisor().person.user, make_user("counsellor")):
        login(user)
        assert client.get(f"/trajectory/meetings/{meeting.id}").status_code == 404
        assert client.get(f"/trajectory/learners/{learner.id}").status_code == 404


def test_changes_land_in_the_learners_audit_log(counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    ops.add_agreement(meeting, what="Iets", owner="learner", deadline=None)
    types = set(db.session.execute(select(AuditEntry.object_type).where(AuditEntry.learner_id == learner.id)).scalars())
    assert {"EvaluationMeeting", "Agreement"} <= types


def test_text_fields_left_out_of_a_post_count_as_empty(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    login(counsellor)
    response = client.post(f"/trajectory/meetings/{meeting.id}/edit",
                           data={"held_on": "2026-03-02", "with_learner": "y", "version": meeting.version})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.summary_skills == "" and meeting.held_on == date(2026, 3, 2)


def test_the_trajectory_file_speaks_english_when_asked(client, login, counsellor, learner, db):
    counsellor.locale = "en"
    db.session.flush()
    login(counsellor)
    page = text(client.get(f"/trajectory/learners/{learner.id}"))
    assert "Evaluation meetings" in page and "Contract and rights" in page and "Evaluatiegesprekken" not in page


def test_an_agreement_becomes_an_action_of_a_running_goal(client, login, counsellor, learner, db):
    goal = DevelopmentGoal(learner_id=learner.id, competency_id="green.mowing", target_level=4, weight=2,
                           actions="Samen maaien", status="active")
    db.session.add(goal)
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    agreement = ops.add_agreement(meeting, what="Maaien rond bomen oefenen", owner="supervisor",
                                  deadline=date(2026, 12, 1))
    login(counsellor)
    page = text(client.get(f"/trajectory/agreements/{agreement.id}/goal"))
    assert 'id="as-action"' in page
    assert client.post(f"/trajectory/agreements/{agreement.id}/action", data={"goal": "999999"}).status_code == 400
    response = client.post(f"/trajectory/agreements/{agreement.id}/action", data={"goal": str(goal.id)})
    assert response.status_code == 302
    db.session.refresh(goal)
    db.session.refresh(agreement)
    assert goal.actions == "Samen maaien\n- Maaien rond bomen oefenen (tegen 01/12/2026)"
    assert agreement.goal_id == goal.id and count(db, DevelopmentGoal) == 1


def test_an_action_that_would_make_the_goal_too_long_is_refused(counsellor, learner, db):
    goal = DevelopmentGoal(learner_id=learner.id, competency_id="green.mowing", target_level=4, weight=2,
                           actions="x" * 1990, status="active")
    db.session.add(goal)
    meeting = ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=counsellor)
    agreement = ops.add_agreement(meeting, what="Nog een lange afspraak", owner="learner", deadline=None)
    assert ops.add_as_action(agreement, goal) is False
    assert agreement.goal_id is None and len(goal.actions) == 1990


def test_a_planned_meeting_moves_to_another_day(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=date(2026, 3, 31), moment_month=2, user=counsellor)
    db.session.commit()
    login(counsellor)
    assert 'id="reschedule-meeting"' in text(client.get(f"/trajectory/meetings/{meeting.id}"))
    response = client.post(f"/trajectory/meetings/{meeting.id}/move",
                           data={"version": meeting.version, "planned_on": "2026-04-07"})
    assert response.status_code == 302
    db.session.expire_all()
    assert meeting.planned_on == date(2026, 4, 7) and meeting.moment_month == 2


def test_a_cancelled_meeting_opens_its_month_again(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=date(2026, 3, 31), moment_month=2, user=counsellor)
    db.session.commit()
    meeting_id = meeting.id
    login(counsellor)
    assert 'value="2"' not in text(client.get(f"/trajectory/learners/{learner.id}/meetings/new"))
    response = client.post(f"/trajectory/meetings/{meeting.id}/cancel", data={"version": meeting.version})
    assert response.status_code == 302
    assert count(db, EvaluationMeeting) == 0
    assert 'value="2"' in text(client.get(f"/trajectory/learners/{learner.id}/meetings/new"))
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.object_type == "EvaluationMeeting",
                                                      AuditEntry.object_id == meeting_id,
                                                      AuditEntry.action == "delete")) is not None


def test_a_held_meeting_stays_as_it_was(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=date(2026, 3, 2), moment_month=2, user=counsellor)
    ops.hold_meeting(meeting, **{k: v for k, v in HELD.items() if not k.startswith("with")}
                     | {"held_on": date(2026, 3, 2), "with_learner": True, "with_supervisor": True,
                        "with_counsellor": True})
    db.session.commit()
    login(counsellor)
    assert 'id="reschedule-meeting"' not in text(client.get(f"/trajectory/meetings/{meeting.id}"))
    assert client.post(f"/trajectory/meetings/{meeting.id}/cancel",
                       data={"version": meeting.version}).status_code == 400
    assert client.post(f"/trajectory/meetings/{meeting.id}/move",
                       data={"version": meeting.version, "planned_on": "2026-04-07"}).status_code == 400
    db.session.expire_all()
    assert count(db, EvaluationMeeting) == 1 and meeting.planned_on == date(2026, 3, 2)


def test_a_stale_move_or_cancel_gets_409_and_changes_nothing(client, login, counsellor, learner, db):
    meeting = ops.plan_meeting(learner, planned_on=date(2026, 3, 31), moment_month=2, user=counsellor)
    db.session.commit()
    login(counsellor)
    old = meeting.version
    assert client.post(f"/trajectory/meetings/{meeting.id}/move",
                       data={"version": old, "planned_on": "2026-04-07"}).status_code == 302
    assert client.post(f"/trajectory/meetings/{meeting.id}/move",
                       data={"version": old, "planned_on": "2026-05-05"}).status_code == 409
    assert client.post(f"/trajectory/meetings/{meeting.id}/cancel", data={"version": old}).status_code == 409
    db.session.expire_all()
    assert count(db, EvaluationMeeting) == 1 and meeting.planned_on == date(2026, 4, 7)


def test_a_scheduled_month_has_one_meeting_even_when_two_plan_it_at_once(client, login, counsellor, learner, db):
    login(counsellor)
    page = client.get(f"/trajectory/learners/{learner.id}/meetings/new")  # both counsellors open the form
    assert page.status_code == 200
    ops.plan_meeting(learner, planned_on=date(2026, 3, 30), moment_month=2, user=counsellor)  # the other one saves
    db.session.commit()
    response = plan(client, learner, moment="2", planned_on="2026-03-31")
    assert response.status_code == 409 and "al gepland" in text(response)
    assert count(db, EvaluationMeeting) == 1
