"""Development plans: goals, automatic "met" and confirmation, planner inputs, job targets, "Mijn doelen"."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from tests.conftest import text
from tests.floor_date import floor_today
from workfloor.assessments.operations import RatingInput, record_assessment
from workfloor.goals import operations as ops
from workfloor.models import AuditEntry, DevelopmentGoal, JobTarget


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Groen A", domain="green")


@pytest.fixture
def supervisor(make_supervisor, floor):
    return make_supervisor(floors=[floor])


@pytest.fixture
def learner(make_learner, floor, counsellor, framework_items):
    return make_learner(floors=[floor], counsellor=counsellor.person)


def rate(learner, framework, item_id, level, day=None, kind="observation", note="gezien"):
    return record_assessment(learner, None, kind=kind, day=day or floor_today(), note="",
                             ratings=[RatingInput(item_id, level, note)], framework=framework)


def add_goal(db, learner, item_id="green.mowing", target=3, weight=2, **fields):
    goal = DevelopmentGoal(learner_id=learner.id, competency_id=item_id, target_level=target, weight=weight, **fields)
    db.session.add(goal)
    db.session.flush()
    return goal


class QueryCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.hit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.hit)

    def hit(self, *args):
        self.count += 1


# Operations -------------------------------------------------------------------------------------

def test_levels_for_is_bulk_and_ignores_self_and_later_ratings(db, make_learner, floor, framework_items):
    learners = [make_learner(floors=[floor]) for _ in range(5)]
    for i, learner in enumerate(learners):
        rate(learner, framework_items, "green.mowing", 1 + i % 4, day=floor_today() - timedelta(days=10))
        rate(learner, framework_items, "green.mowing", None, day=floor_today() - timedelta(days=5))
    rate(learners[0], framework_items, "green.mowing", 4, kind="self")
    rate(learners[0], framework_items, "attitude.teamwork", 3, day=floor_today() - timedelta(days=1))
    ids = [learner.id for learner in learners]
    with QueryCounter(db.engine) as counter:
        levels = ops.levels_for(ids, floor_today() - timedelta(days=2))
    assert counter.count == 1
    assert levels[ids[0]] == {"green.mowing": 1}
    assert [levels[i]["green.mowing"] for i in ids] == [1, 2, 3, 4, 1]
    assert ops.levels_for(ids, floor_today())[ids[0]] == {"green.mowing": 1, "attitude.teamwork": 3}
    assert ops.levels_for([], floor_today()) == {}


def test_planning_goals_for(db, make_learner, floor, framework_items, counsellor):
    one, two, three = (make_learner(floors=[floor]) for _ in range(3))
    add_goal(db, one, "green.mowing", weight=3)
    add_goal(db, one, "attitude.teamwork", weight=1, status="met", reached_on=floor_today())  # not yet confirmed
    add_goal(db, one, "green.pruning", status="met", reached_on=floor_today(), confirmed_by_id=counsellor.id,
             confirmed_at=floor_today())
    add_goal(db, two, "green.planting", status="stopped")
    with QueryCounter(db.engine) as counter:
        goals = ops.planning_goals_for([one.id, two.id, three.id])
    assert counter.count == 1
    assert goals == {one.id: [{"competency": "green.mowing", "weight": 3},
                              {"competency": "attitude.teamwork", "weight": 1}],
                     two.id: [], three.id: []}


def test_a_goal_is_met_automatically_when_the_level_reaches_the_target(db, learner, framework_items):
    goal = add_goal(db, learner, "green.mowing", target=3)
    rate(learner, framework_items, "green.mowing", 2, day=floor_today() - timedelta(days=3))
    assert goal.status == "active"
    rate(learner, framework_items, "green.mowing", 4, kind="self")  # a self-assessment doesn't count
    assert goal.status == "active"
    rate(learner, framework_items, "green.mowing", 3, day=floor_today() - timedelta(days=1))
    assert (goal.status, goal.reached_on, goal.confirmed_at) == ("met", floor_today() - timedelta(days=1), None)
    audit = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.object_type == "DevelopmentGoal", AuditEntry.action == "update")).scalar_one()
    assert audit.changes["status"] == ["active", "met"]


def test_a_new_goal_already_reached_is_met_at_once(db, learner, framework_items):
    rate(learner, framework_items, "green.mowing", 3)
    goal = ops.save_goal(DevelopmentGoal(), learner=learner, competency_id="green.mowing", target_level=3,
                         weight=2, actions="", deadline=None)
    assert goal.status == "met"


def test_save_goal_refuses_nonsense(db, learner):
    with pytest.raises(ValueError):
        ops.save_goal(DevelopmentGoal(), learner=learner, competency_id="green.mowing", target_level=5, weight=2,
                      actions="", deadline=None)
    with pytest.raises(ValueError):
        ops.save_goal(DevelopmentGoal(), learner=learner, competency_id="green.mowing", target_level=3, weight=4,
                      actions="", deadline=None)


# Views ------------------------------------------------------------------------------------------

def goal_form(**overrides) -> dict:
    return {"competency": "green.hedge_trimming", "target_level": "3", "weight": "3",
            "actions": "Elke dinsdag hagen scheren met Jan", "status": "active",
            "deadline": (floor_today() + timedelta(days=60)).isoformat()} | overrides


def test_create_goal(client, login, supervisor, learner, db):
    user = login(supervisor.person.user)
    page = text(client.get(f"/goals/learner/{learner.id}/new"))
    assert "laag" in page and "normaal" in page and "hoog" in page
    assert page.index('label="Arbeidsattitudes"') < page.index('label="Groen"') < page.index('label="Schoonmaak"')
    response = client.post(f"/goals/learner/{learner.id}/new", data=goal_form())
    assert response.status_code == 302
    goal = db.session.execute(db.select(DevelopmentGoal)).scalar_one()
    assert (goal.competency_id, goal.target_level, goal.weight, goal.status, goal.created_by_id) == (
        "green.hedge_trimming", 3, 3, "active", user.id)
    created = db.session.execute(db.select(AuditEntry).where(AuditEntry.object_type == "DevelopmentGoal",
                                                             AuditEntry.action == "create")).scalar_one()
    assert created.user_id == user.id


def test_goal_form_shows_the_current_level_and_refuses_a_target_at_or_below_it(client, login, supervisor, learner,
                                                                               db, framework_items):
    rate(learner, framework_items, "green.hedge_trimming", 3)
    rate(learner, framework_items, "green.mowing", 4)
    login(supervisor.person.user)
    page = text(client.get(f"/goals/learner/{learner.id}/new?competency=green.hedge_trimming"))
    assert "Huidig niveau:" in page and "3 · voldoende" in page
    assert "Onderhoudssnoei (nog niet beoordeeld)" in page
    for target in ("3", "2"):
        response = client.post(f"/goals/learner/{learner.id}/new", data=goal_form(target_level=target))
        assert response.status_code == 400
        assert "Het huidige niveau van Hagen scheren is al 3" in text(response)
        assert "Kies een doelniveau hoger dan 3." in text(response)
    response = client.post(f"/goals/learner/{learner.id}/new",
                           data=goal_form(competency="green.mowing", target_level="4"))
    assert response.status_code == 400 and "staat al op het hoogste niveau (4)" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(DevelopmentGoal)) == 0
    response = client.post(f"/goals/learner/{learner.id}/new", data=goal_form(target_level="4"))
    assert response.status_code == 302
    assert db.session.execute(db.select(DevelopmentGoal)).scalar_one().status == "active"


def test_never_assessed_requirements_say_so(client, login, supervisor, learner, db, framework_items):
    target = JobTarget(name="Groenarbeider", requirements={"green.mowing": 3, "green.pruning": 3})
    db.session.add(target)
    learner.job_target = target
    rate(learner, framework_items, "green.mowing", 2)
    login(supervisor.person.user)
    page = text(client.get(f"/goals/learner/{learner.id}"))
    assert "1 lager" in page and "3 lager" not in page and "nog niet beoordeeld" in page
    assert "nog niet beoordeeld" in text(client.get(f"/progress/learners/{learner.id}"))


@pytest.mark.parametrize("data,message", [
    ({"competency": ""}, "Kies een competentie."),
    ({"competency": "green.nonsense"}, "Kies een competentie."),
    ({"target_level": "5"}, "Kies een doelniveau van 1 tot 4."),
    ({"target_level": ""}, "Kies een doelniveau van 1 tot 4."),
    ({"weight": "4"}, "Kies een gewicht: laag, normaal of hoog."),
    ({"weight": "0"}, "Kies een gewicht: laag, normaal of hoog."),
    ({"deadline": "31-02-2026"}, "Ongeldige datum."),
])
def test_goal_bad_input(client, login, supervisor, learner, db, data, message):
    login(supervisor.person.user)
    response = client.post(f"/goals/learner/{learner.id}/new", data=goal_form(**data))
    assert response.status_code == 400
    assert message in text(response) and "Elke dinsdag hagen scheren met Jan" in text(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(DevelopmentGoal)) == 0


def test_retired_items_are_not_offered_for_new_goals(client, login, supervisor, learner, db):
    from workfloor.models import CompetencyItem
    db.session.get(CompetencyItem, "green.mowing").retired = True
    db.session.flush()
    login(supervisor.person.user)
    assert 'value="green.mowing"' not in text(client.get(f"/goals/learner/{learner.id}/new"))
    response = client.post(f"/goals/learner/{learner.id}/new", data=goal_form(competency="green.mowing"))
    assert "Kies een competentie." in text(response)


def test_edit_goal_with_conflict_detection(client, login, counsellor, learner, db):
    goal = add_goal(db, learner, "green.mowing", target=2)
    db.session.commit()
    login(counsellor)
    assert '<option selected value="green.mowing">' in text(client.get(f"/goals/{goal.id}/edit"))
    response = client.post(f"/goals/{goal.id}/edit", data=goal_form(target_level="4", version=goal.version))
    assert response.status_code == 302
    db.session.refresh(goal)
    assert (goal.competency_id, goal.target_level) == ("green.hedge_trimming", 4)
    stale = client.post(f"/goals/{goal.id}/edit", data=goal_form(actions="Mijn nieuwe plan", version=1))
    assert stale.status_code == 409 and "Mijn nieuwe plan" in text(stale)


def test_stop_goal(client, login, supervisor, learner, db):
    goal = add_goal(db, learner)
    login(supervisor.person.user)
    client.post(f"/goals/{goal.id}/stop")
    db.session.refresh(goal)
    assert goal.status == "stopped"
    assert ops.planning_goals_for([learner.id]) == {learner.id: []}


def test_met_goal_awaits_the_counsellors_confirmation(client, login, supervisor, counsellor, learner,
                                                      framework_items, db):
    goal = add_goal(db, learner, "green.mowing", target=3)
    login(supervisor.person.user)
    client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "observation", "day": floor_today().isoformat(), "level-green.mowing": "3"})
    db.session.refresh(goal)
    assert goal.status == "met" and goal.reached_on == floor_today()
    page = text(client.get(f"/goals/learner/{learner.id}"))
    assert "Behaald, nog te bevestigen" in page and "Bevestigen</button>" not in page
    assert client.post(f"/goals/{goal.id}/confirm").status_code == 403
    assert ops.planning_goals_for([learner.id])[learner.id] == [{"competency": "green.mowing", "weight": 2}]
    user = login(counsellor)
    assert "Bevestigen</button>" in text(client.get(f"/goals/learner/{learner.id}"))
    client.post(f"/goals/{goal.id}/confirm")
    db.session.refresh(goal)
    assert goal.confirmed_by_id == user.id and goal.confirmed_at is not None
    page = text(client.get(f"/goals/learner/{learner.id}"))
    assert "nog te bevestigen" not in page and "Behaald" in page
    assert ops.planning_goals_for([learner.id]) == {learner.id: []}


def test_only_met_goals_can_be_confirmed(client, login, counsellor, learner, db):
    goal = add_goal(db, learner)
    login(counsellor)
    response = client.post(f"/goals/{goal.id}/confirm", follow_redirects=True)
    assert "Alleen een behaald doel kan bevestigd worden." in text(response)
    assert goal.confirmed_at is None


def test_object_access(client, login, make_supervisor, make_user, make_floor, make_learner, learner, db):
    goal = add_goal(db, learner)
    login(make_supervisor(floors=[make_floor(domain="green")]).person.user)
    for url in (f"/goals/learner/{learner.id}", f"/goals/learner/{learner.id}/new", f"/goals/{goal.id}/edit",
                f"/goals/learner/{learner.id}/job-target"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/goals/{goal.id}/stop").status_code == 404
    login(make_user("counsellor"))
    assert client.get(f"/goals/learner/{learner.id}").status_code == 404
    assert client.post(f"/goals/{goal.id}/confirm").status_code == 404
    login(make_learner().person.user)
    assert client.get(f"/goals/learner/{learner.id}").status_code == 403
    assert goal.status == "active"


def test_plan_page_logs_the_view_and_shows_the_job_target_profile(client, login, counsellor, learner,
                                                                framework_items, db):
    target = JobTarget(name="Groenarbeider", requirements={"green.mowing": 3, "attitude.safety": 3})
    db.session.add(target)
    rate(learner, framework_items, "green.mowing", 3)
    rate(learner, framework_items, "attitude.safety", 2)
    user = login(counsellor)
    page = text(client.get(f"/goals/learner/{learner.id}/job-target"))
    assert "Groenarbeider" in page
    response = client.post(f"/goals/learner/{learner.id}/job-target", data={"job_target": str(target.id)})
    assert response.status_code == 302 and learner.job_target_id == target.id
    bad = client.post(f"/goals/learner/{learner.id}/job-target", data={"job_target": "999"})
    assert "Kies een jobdoelwit uit de lijst." in text(bad)
    page = text(client.get(f"/goals/learner/{learner.id}"))
    assert "Groenarbeider" in page
    assert "1 lager" in page and "in orde" in page
    views = db.session.execute(db.select(AuditEntry).where(AuditEntry.learner_id == learner.id,
                                                           AuditEntry.action == "view")).scalars().all()
    # The choice page shows the profile too: its reads are logged as well (issue 14).
    assert [(v.user_id, v.object_type) for v in views] == [
        (user.id, "job_target"), (user.id, "job_target"), (user.id, "goals")]
    client.post(f"/goals/learner/{learner.id}/job-target", data={"job_target": ""})
    assert learner.job_target_id is None


def test_goals_index(client, login, supervisor, learner, make_learner, db):
    other = make_learner()
    add_goal(db, learner, status="met", reached_on=floor_today())
    login(supervisor.person.user)
    page = text(client.get("/goals/"))
    assert learner.name in page and other.name not in page
    assert 'badge-warning">1<' in page


def test_learner_sees_own_goals_in_plain_dutch(client, login, learner, framework_items, db):
    add_goal(db, learner, "green.mowing", target=3, actions="Oefenen op het grasveld")
    add_goal(db, learner, "attitude.teamwork", target=2, status="met", reached_on=floor_today())
    add_goal(db, learner, "green.pruning", status="stopped")
    rate(learner, framework_items, "green.mowing", 2)
    user = login(learner.person.user)
    page = text(client.get("/goals/mine"))
    assert framework_items["green.mowing"].name in page and "Oefenen op het grasveld" in page
    assert "Mijn doel:" in page and "Dit lukt me goed" in page and "Met wat hulp lukt het" in page
    assert "Proficiat" in page and framework_items["attitude.teamwork"].name in page
    assert framework_items["green.pruning"].name not in page
    assert "/assessments/mine/new" in page
    assert db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "view")).scalar_one().user_id == user.id
    assert client.get(f"/goals/learner/{learner.id}").status_code == 403


# Demo history -----------------------------------------------------------------------------------

def test_demo_competency_history_is_believable(db, make_floor, make_supervisor, make_learner):
    import random

    from workfloor.goals.demo import build_competency_history
    from workfloor.models import Assessment, JobTarget, Rating

    floors = [make_floor(domain="cleaning"), make_floor(domain="green")]
    for floor in floors:
        make_supervisor(floors=[floor])
    learners = [make_learner(floors=[floors[i % 2]], contract_start=floor_today() - timedelta(days=300))
                for i in range(12)]
    summary = build_competency_history(floor_today(), random.Random(7))  # inserts the items itself
    assert "assessments" in summary
    counts = {learner.id: db.session.scalar(db.select(db.func.count()).select_from(Assessment).where(
        Assessment.learner_id == learner.id, Assessment.kind != "self")) for learner in learners}
    assert sum(4 <= count <= 10 for count in counts.values()) >= 10
    low = db.session.execute(db.select(Rating).join(Rating.assessment).where(
        Rating.level <= 2, Assessment.kind != "self")).scalars().all()
    assert low and all(rating.note for rating in low)
    assert db.session.execute(db.select(Assessment).where(Assessment.day >= floor_today())).first() is None
    for learner in learners:
        goals = db.session.execute(db.select(DevelopmentGoal).where(
            DevelopmentGoal.learner_id == learner.id)).scalars().all()
        assert 1 <= len(goals) <= 3
        assert all(goal.competency_id.split(".")[0] in ("attitude", learner.floors[0].domain) for goal in goals)
        for goal in goals:
            if goal.status == "met":
                reached = ops.levels_for([learner.id], goal.reached_on)[learner.id]
                assert reached[goal.competency_id] >= goal.target_level
    assert db.session.scalar(db.select(db.func.count()).select_from(JobTarget)) == 3
