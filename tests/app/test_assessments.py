"""Assessments: the full page, quick observations, history, self-assessment, access, audit, CSV export."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from tests.conftest import text
from tests.floor_date import floor_today
from workfloor.assessments import operations as ops
from workfloor.models import Absence, Assessment, AuditEntry, DevelopmentGoal, Rating


@pytest.fixture
def floor(make_floor):
    return make_floor(name="Schoonmaak A", domain="cleaning")


@pytest.fixture
def supervisor(make_supervisor, floor):
    return make_supervisor(floors=[floor])


@pytest.fixture
def learner(make_learner, floor, counsellor, framework_items):
    return make_learner(floors=[floor], counsellor=counsellor.person)


def ratings_of(db, learner):
    return db.session.execute(db.select(Rating).join(Rating.assessment)
                              .where(Assessment.learner_id == learner.id).order_by(Rating.id)).scalars().all()


# Operations -------------------------------------------------------------------------------------

def test_record_assessment_stores_only_rated_items(db, learner, supervisor, framework_items):
    assessment = ops.record_assessment(
        learner, supervisor.person.user, kind="observation", day=floor_today(), note="Goede week",
        ratings=[ops.RatingInput("attitude.teamwork", 3), ops.RatingInput("cleaning.sanitary", None),
                 ops.RatingInput("attitude.punctuality", 2, "Twee keer te laat")],
        framework=framework_items)
    assert {(r.competency_id, r.level) for r in assessment.ratings} == {
        ("attitude.teamwork", 3), ("cleaning.sanitary", None), ("attitude.punctuality", 2)}
    assert assessment.assessor_id == supervisor.person.user.id


@pytest.mark.parametrize("rating,day", [
    (ops.RatingInput("attitude.teamwork", 5), floor_today()),
    (ops.RatingInput("attitude.teamwork", 1), floor_today()),  # no note
    (ops.RatingInput("attitude.nonsense", 3), floor_today()),
    (ops.RatingInput("attitude.teamwork", 3), floor_today() + timedelta(days=1)),
])
def test_record_assessment_refuses_broken_rules(db, learner, framework_items, rating, day):
    with pytest.raises(ops.AssessmentError):
        ops.record_assessment(learner, None, kind="observation", day=day, note="", ratings=[rating],
                              framework=framework_items)


def test_items_for_a_learner_are_attitudes_and_their_floor_domains(learner, framework_items, db):
    from workfloor.models import CompetencyItem
    db.session.get(CompetencyItem, "attitude.teamwork").retired = True
    db.session.flush()
    from workfloor.framework.operations import current_framework
    groups = ops.items_for(current_framework(), learner)
    assert [group.id for group, _items in groups] == ["attitude", "cleaning"]
    assert "attitude.teamwork" not in [item.id for _g, items in groups for item in items]


# The assessment page ----------------------------------------------------------------------------

def test_page_shows_relevant_groups_levels_descriptions_and_current_level(
        client, login, supervisor, learner, framework_items):
    ops.record_assessment(learner, None, kind="observation", day=floor_today() - timedelta(days=7), note="",
                          ratings=[ops.RatingInput("cleaning.sanitary", 3)], framework=framework_items)
    login(supervisor.person.user)
    page = text(client.get(f"/assessments/learner/{learner.id}/new"))
    assert "Arbeidsattitudes" in page and "Schoonmaak" in page
    assert framework_items["green.mowing"].name not in page
    sanitary = framework_items["cleaning.sanitary"]
    assert sanitary.describe(1) in page and sanitary.describe(4) in page
    assert 'name="level-cleaning.sanitary"' in page and 'value="na"' in page
    row = page.split('id="row-cleaning.sanitary"', 1)[1].split('class="level-row', 1)[0]
    assert "nu: 3" in row


def test_save_assessment(client, login, supervisor, learner, db):
    login(supervisor.person.user)
    response = client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "evaluation", "day": floor_today().isoformat(), "note": "Maandevaluatie",
        "level-attitude.teamwork": "4", "level-cleaning.sanitary": "na",
        "level-attitude.punctuality": "1", "note-attitude.punctuality": "Drie keer te laat deze maand",
        "note-attitude.safety": "niet aangeduid, dus niet bewaard"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/learner/{learner.id}")
    assessment = db.session.execute(db.select(Assessment).where(Assessment.learner_id == learner.id)).scalar_one()
    assert (assessment.kind, assessment.note, assessment.assessor_id) == (
        "evaluation", "Maandevaluatie", supervisor.person.user.id)
    assert {(r.competency_id, r.level, r.note) for r in assessment.ratings} == {
        ("attitude.teamwork", 4, ""), ("cleaning.sanitary", None, ""),
        ("attitude.punctuality", 1, "Drie keer te laat deze maand")}
    assert "is opgeslagen" in text(client.get(response.headers["Location"]))


@pytest.mark.parametrize("data,message", [
    ({"level-attitude.teamwork": "5"}, "Kies een niveau van 1 tot 4 of niet geobserveerd."),
    ({"level-attitude.teamwork": "0"}, "Kies een niveau van 1 tot 4 of niet geobserveerd."),
    ({"level-attitude.teamwork": "3", "day": (floor_today() + timedelta(days=1)).isoformat()},
     "De datum ligt in de toekomst."),
    ({"level-attitude.teamwork": "2"}, "Noteer wat je zag bij niveau 1 of 2."),
    ({"level-attitude.teamwork": "1", "note-attitude.teamwork": "   "}, "Noteer wat je zag bij niveau 1 of 2."),
    ({"level-cleaning.sanitary": ""}, "Beoordeel minstens één competentie."),
    ({"level-attitude.teamwork": "3", "kind": "self"}, "Kies observatie of periodieke evaluatie."),
    ({"level-attitude.teamwork": "3", "day": "gisteren"}, "Vul een geldige datum in."),
])
def test_bad_input_saves_nothing_and_keeps_what_was_typed(client, login, supervisor, learner, db, data, message):
    login(supervisor.person.user)
    form = {"kind": "observation", "day": floor_today().isoformat(), "note": "Mijn algemene notitie",
            "level-cleaning.sanitary": "3", "note-cleaning.sanitary": "Mooi gepoetst"} | data
    response = client.post(f"/assessments/learner/{learner.id}/new", data=form)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    assert "Mijn algemene notitie" in page and "Mooi gepoetst" in page
    assert not ratings_of(db, learner)


def test_note_error_sits_next_to_its_item(client, login, supervisor, learner):
    login(supervisor.person.user)
    page = text(client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "observation", "day": floor_today().isoformat(), "level-attitude.teamwork": "2",
        "level-cleaning.sanitary": "3"}))
    row = page.split('id="row-attitude.teamwork"', 1)[1].split('class="level-row', 1)[0]
    assert "Noteer wat je zag bij niveau 1 of 2." in row
    assert '<input checked id="level-attitude.teamwork-1"' in row  # the chosen level stays chosen


def test_counsellor_records_only_periodic_evaluations(client, login, counsellor, learner, db):
    login(counsellor)
    page = text(client.get(f"/assessments/learner/{learner.id}/new"))
    assert 'value="evaluation"' in page and 'value="observation"' not in page
    response = client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "observation", "day": floor_today().isoformat(), "level-attitude.teamwork": "3"})
    assert response.status_code == 400 and not ratings_of(db, learner)
    response = client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "evaluation", "day": floor_today().isoformat(), "level-attitude.teamwork": "3"})
    assert response.status_code == 302 and len(ratings_of(db, learner)) == 1


def test_object_access(client, login, make_supervisor, make_user, make_floor, learner, make_learner):
    login(make_supervisor(floors=[make_floor(domain="cleaning")]).person.user)
    assert client.get(f"/assessments/learner/{learner.id}/new").status_code == 404
    assert client.get(f"/assessments/learner/{learner.id}").status_code == 404
    assert client.get(f"/assessments/quick/{learner.id}").status_code == 404
    login(make_user("counsellor"))
    assert client.get(f"/assessments/learner/{learner.id}/new").status_code == 404
    assert client.get(f"/assessments/learner/{learner.id}").status_code == 404
    login(make_learner().person.user)
    assert client.get(f"/assessments/learner/{learner.id}").status_code == 403
    assert client.get(f"/assessments/learner/{learner.id}/new").status_code == 403


def test_every_rating_change_is_audited_with_the_acting_user(client, login, supervisor, learner, db):
    user = login(supervisor.person.user)
    client.post(f"/assessments/learner/{learner.id}/new", data={
        "kind": "observation", "day": floor_today().isoformat(), "level-attitude.teamwork": "3"})
    entries = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "create")).scalars().all()
    by_type = {entry.object_type: entry for entry in entries}
    assert by_type["Rating"].user_id == user.id and by_type["Assessment"].user_id == user.id
    assert by_type["Rating"].changes["level"] == [None, 3]
    assert by_type["Rating"].changes["competency_id"] == [None, "attitude.teamwork"]
    rating = ratings_of(db, learner)[0]
    rating.level = 4  # a correction (e.g. by a script) is logged as well
    db.session.flush()
    update = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "update")).scalar_one()
    assert update.object_type == "Rating" and update.changes["level"] == [3, 4]


# Correcting an assessment -----------------------------------------------------------------------

def test_the_assessor_corrects_an_assessment_and_every_change_is_audited(
        client, login, supervisor, learner, framework_items, db):
    assessment = ops.record_assessment(
        learner, supervisor.person.user, kind="observation", day=floor_today(), note="",
        ratings=[ops.RatingInput("attitude.teamwork", 2, "Werkt apart"), ops.RatingInput("cleaning.sanitary", 3)],
        framework=framework_items)
    db.session.commit()
    user = login(supervisor.person.user)
    page = text(client.get(f"/assessments/{assessment.id}/edit"))
    assert "Werkt apart" in page and '<input checked id="level-cleaning.sanitary-2"' in page
    response = client.post(f"/assessments/{assessment.id}/edit", data={
        "kind": "observation", "day": floor_today().isoformat(), "version": assessment.version,
        "level-attitude.teamwork": "3", "level-cleaning.dosing": "na"})
    assert response.status_code == 302
    db.session.refresh(assessment)
    assert {(r.competency_id, r.level) for r in assessment.ratings} == {
        ("attitude.teamwork", 3), ("cleaning.dosing", None)}
    entries = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.object_type == "Rating",
        AuditEntry.user_id == user.id)).scalars().all()
    assert {entry.action for entry in entries} == {"update", "create", "delete"}
    update = next(entry for entry in entries if entry.action == "update")
    assert update.changes["level"] == [2, 3]


def test_correction_conflict_and_access(client, login, supervisor, floor, make_supervisor, make_user, learner,
                                        framework_items, db):
    assessment = ops.record_assessment(learner, supervisor.person.user, kind="observation", day=floor_today(),
                                       note="", ratings=[ops.RatingInput("attitude.teamwork", 3)],
                                       framework=framework_items)
    db.session.commit()
    login(make_supervisor(floors=[floor]).person.user)  # a colleague on the same floor: not theirs to correct
    assert client.get(f"/assessments/{assessment.id}/edit").status_code == 404
    login(supervisor.person.user)
    response = client.post(f"/assessments/{assessment.id}/edit", data={
        "kind": "observation", "day": floor_today().isoformat(), "version": assessment.version - 1,
        "level-attitude.teamwork": "4"})
    assert response.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in text(response)
    assert '<input checked id="level-attitude.teamwork-3"' in text(response)  # option 3 is level 4: kept
    db.session.refresh(assessment)
    assert assessment.ratings[0].level == 3
    login(make_user("coordinator"))
    assert client.get(f"/assessments/{assessment.id}/edit").status_code == 200


# History ----------------------------------------------------------------------------------------

def test_history_shows_who_when_kind_level_note_and_self_assessment_beside(
        client, login, supervisor, learner, framework_items, db):
    ops.record_assessment(learner, supervisor.person.user, kind="observation", day=floor_today() - timedelta(days=3),
                          note="", ratings=[ops.RatingInput("attitude.teamwork", 2, "Werkt liever alleen")],
                          framework=framework_items)
    ops.record_assessment(learner, learner.person.user, kind="self", day=floor_today(), note="",
                          ratings=[ops.RatingInput("attitude.teamwork", 4)], framework=framework_items)
    ops.record_assessment(learner, supervisor.person.user, kind="observation", day=floor_today(), note="",
                          ratings=[ops.RatingInput("cleaning.sanitary", 3)], framework=framework_items)
    user = login(supervisor.person.user)
    page = text(client.get(f"/assessments/learner/{learner.id}"))
    assert "Werkt liever alleen" in page and supervisor.name in page and "Observatie" in page
    assert "Zelfevaluatie" in page and "Dit kan ik alleen" in page
    summary = page.split("Alle beoordelingen", 1)[0]
    teamwork = summary.split(framework_items["attitude.teamwork"].name, 1)[1].split("</tr>", 1)[0]
    assert "2 · onder begeleiding" in teamwork and "4 · Dit kan ik alleen" in teamwork
    filtered = text(client.get(f"/assessments/learner/{learner.id}?competency=cleaning.sanitary"))
    table = filtered.split("Alle beoordelingen", 1)[1]
    assert framework_items["cleaning.sanitary"].name in table and "Werkt liever alleen" not in table
    view = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.learner_id == learner.id, AuditEntry.action == "view")).scalars().all()
    assert [(v.user_id, v.object_type) for v in view] == [(user.id, "assessments")] * 2


def test_history_for_counsellor_and_index(client, login, counsellor, learner, make_learner):
    other = make_learner()
    login(counsellor)
    assert client.get(f"/assessments/learner/{learner.id}").status_code == 200
    page = text(client.get("/assessments/"))
    assert learner.name in page and other.name not in page and "nog nooit" in page
    assert "Observatie vanuit de ploegen" not in page


# Quick observation ------------------------------------------------------------------------------

def test_todays_crew_follows_pattern_and_absences(client, login, supervisor, floor, make_learner, framework_items, db):
    today = ops.default_observation_day(floor_today())  # without a published plan: who worked by their pattern
    working = make_learner(floors=[floor], pattern=[(today.weekday(), "am")])
    off = make_learner(floors=[floor], pattern=[((today.weekday() + 1) % 7, "am")])
    absent = make_learner(floors=[floor], pattern=[(today.weekday(), "am")])
    half = make_learner(floors=[floor], pattern=[(today.weekday(), "am"), (today.weekday(), "pm")])
    elsewhere = make_learner(pattern=[(today.weekday(), "am")])
    db.session.add_all([Absence(person=absent.person, start_date=today, end_date=today, reason="sick"),
                        Absence(person=half.person, start_date=today, end_date=today, morning=True,
                                afternoon=False, reason="appointment_vdab")])
    db.session.flush()
    crew = ops.todays_crew(supervisor.person.user, today)
    assert working in crew and half in crew
    assert off not in crew and absent not in crew and elsewhere not in crew
    login(supervisor.person.user)
    page = text(client.get("/assessments/quick"))
    assert working.name in page and off.name not in page
    assert "Er is geen gepubliceerde planning" in page


def test_observation_starts_from_the_published_crews_of_a_recent_day_own_crew_first(
        client, login, supervisor, floor, make_learner, make_supervisor, make_site, framework_items, db):
    from workfloor.models import Assignment, CrewMember, DayPlan

    day = ops.recent_days(floor_today())[3]  # some working day last week
    other = make_supervisor(floors=[floor])
    site = make_site()
    mine_learner, their_learner = make_learner(floors=[floor]), make_learner(floors=[floor])
    outsider = make_learner()  # another floor: not this supervisor's to see
    first = Assignment(name="Aaa ramen", floor=floor, site=site, day=day, max_learners=3)
    second = Assignment(name="Zzz sanitair", floor=floor, site=site, day=day, max_learners=3)
    plan = DayPlan(day=day, floor=floor, status="published", revision=1)
    plan.members = [CrewMember(assignment=first, person=other.person, role="supervisor"),
                    CrewMember(assignment=first, person=their_learner.person, role="learner"),
                    CrewMember(assignment=first, person=outsider.person, role="learner"),
                    CrewMember(assignment=second, person=supervisor.person, role="supervisor"),
                    CrewMember(assignment=second, person=mine_learner.person, role="learner")]
    db.session.add_all([first, second, plan])
    db.session.flush()
    login(supervisor.person.user)
    page = text(client.get(f"/assessments/quick?day={day.isoformat()}"))
    assert page.index("Zzz sanitair") < page.index("jouw ploeg") < page.index("Aaa ramen")
    assert mine_learner.name in page and their_learner.name in page and outsider.name not in page
    assert f"/assessments/quick/{mine_learner.id}?day={day.isoformat()}" in page
    response = client.post(f"/assessments/quick/{mine_learner.id}", data={
        "item": "cleaning.dosing", "level": "3", "day": day.isoformat()})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"quick?day={day.isoformat()}")
    [rating] = ratings_of(db, mine_learner)
    assert rating.assessment.day == day
    # The list of learners leads there too.
    assert "/assessments/quick" in text(client.get("/assessments/"))


@pytest.mark.parametrize("day", ["2001-01-01", "not-a-day", "2026-02-30"])
def test_observation_day_must_be_recent(client, login, supervisor, learner, framework_items, db, day):
    login(supervisor.person.user)
    page = text(client.get(f"/assessments/quick?day={day}"))
    assert "Kies een werkdag van de laatste twee weken." in page
    response = client.post(f"/assessments/quick/{learner.id}", data={"item": "cleaning.dosing", "level": "3",
                                                                     "day": day})
    assert response.status_code == 302
    [rating] = ratings_of(db, learner)
    assert rating.assessment.day == ops.default_observation_day(floor_today())


def test_quick_observation_in_a_few_taps(client, login, supervisor, learner, db):
    db.session.add(DevelopmentGoal(learner_id=learner.id, competency_id="cleaning.dosing", target_level=3))
    db.session.flush()
    login(supervisor.person.user)
    pick = text(client.get(f"/assessments/quick/{learner.id}"))
    goals_part = pick.split("Doelen van", 1)[1].split("<h2>", 1)[0]
    assert "item=cleaning.dosing" in goals_part
    searched = text(client.get(f"/assessments/quick/{learner.id}?q=sanitair"))
    assert "item=cleaning.sanitary" in searched and "item=attitude.teamwork" not in searched
    form = text(client.get(f"/assessments/quick/{learner.id}?item=cleaning.dosing"))
    assert 'name="level"' in form
    response = client.post(f"/assessments/quick/{learner.id}", data={
        "item": "cleaning.dosing", "level": "1"})
    assert response.status_code == 400 and "Noteer wat je zag bij niveau 1 of 2." in text(response)
    response = client.post(f"/assessments/quick/{learner.id}", data={
        "item": "cleaning.dosing", "level": "9", "note": "x"})
    assert response.status_code == 400 and "Kies een niveau van 1 tot 4 of niet geobserveerd." in text(response)
    assert not ratings_of(db, learner)
    response = client.post(f"/assessments/quick/{learner.id}", data={
        "item": "cleaning.dosing", "level": "1", "note": "Te veel product in de emmer"})
    assert response.status_code == 302 and "/assessments/quick?day=" in response.headers["Location"]
    [rating] = ratings_of(db, learner)
    assert (rating.competency_id, rating.level, rating.note, rating.assessment.kind) == (
        "cleaning.dosing", 1, "Te veel product in de emmer", "observation")


def test_quick_observation_refuses_items_outside_the_learners_groups(client, login, supervisor, learner, db):
    login(supervisor.person.user)
    response = client.post(f"/assessments/quick/{learner.id}", data={"item": "green.mowing", "level": "3"})
    assert "Kies een competentie." in text(response)
    assert not ratings_of(db, learner)


# Self-assessment --------------------------------------------------------------------------------

def test_learner_self_assessment(client, login, learner, db):
    """One group per screen in the learner's own words; the answers travel as a draft until "Klaar"."""
    login(learner.person.user)
    page = text(client.get("/assessments/mine/new"))
    for wording in ("Dit lukt me nog niet", "Met wat hulp lukt het", "Dit lukt me goed", "Dit kan ik alleen"):
        assert wording in page
    assert "niet geobserveerd" not in page
    assert "Deel 1 van 2" in page and "Ik kom op tijd en houd me aan afspraken." in page
    assert "Ik maak toiletten en lavabo" not in page  # the next group is on the next screen
    response = client.post("/assessments/mine/new", data={"step": "0", "level-attitude.teamwork": "2"})
    assert response.status_code == 302 and response.headers["Location"].endswith("step=1")
    assert db.session.execute(db.select(Assessment).where(Assessment.learner_id == learner.id)).first() is None
    page = text(client.get("/assessments/mine/new?step=1"))
    assert "Deel 2 van 2" in page and "Ik maak toiletten en lavabo" in page
    response = client.post("/assessments/mine/new", data={"step": "1", "level-cleaning.sanitary": "4"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/goals/mine")
    assessment = db.session.execute(db.select(Assessment).where(Assessment.learner_id == learner.id)).scalar_one()
    assert assessment.kind == "self" and assessment.assessor_id == learner.person.user.id
    assert {(r.competency_id, r.level) for r in assessment.ratings} == {
        ("attitude.teamwork", 2), ("cleaning.sanitary", 4)}
    assert ops.self_draft(learner) is None


def test_self_assessment_refuses_to_send_nothing(client, login, learner, db):
    login(learner.person.user)
    client.post("/assessments/mine/new", data={"step": "0"})
    response = client.post("/assessments/mine/new", data={"step": "1"})
    assert response.status_code == 400 and "Kies bij minstens één vraag een antwoord." in text(response)
    assert db.session.execute(db.select(Assessment).where(Assessment.learner_id == learner.id)).first() is None


def test_learner_stops_and_continues_the_self_assessment_later(client, login, learner, db):
    login(learner.person.user)
    response = client.post("/assessments/mine/new", data={"step": "0", "level-attitude.punctuality": "3",
                                                          "action": "stop"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/goals/mine")
    assert "Ga verder met je zelfevaluatie" in text(client.get("/goals/mine"))
    # Coming back opens the first screen without answers, and what was answered is still chosen.
    assert "Deel 2 van 2" in text(client.get("/assessments/mine/new"))
    first = client.get("/assessments/mine/new?step=0").get_data(as_text=True)
    assert re.search(r'<input checked id="level-attitude\.punctuality-\d" name="level-attitude\.punctuality" '
                     r'type="radio" value="3">', first)
    assert ops.self_draft(learner).answers == {"attitude.punctuality": "3"}


def test_self_assessment_refuses_an_unknown_answer(client, login, learner, db):
    login(learner.person.user)
    response = client.post("/assessments/mine/new", data={"step": "0", "level-attitude.teamwork": "9"})
    assert response.status_code == 400 and "Kies een niveau van 1 tot 4" in text(response)
    assert ops.self_draft(learner) is None


def test_self_assessment_never_sets_the_level(db, learner, framework_items):
    from workfloor.goals.operations import levels_for
    ops.record_assessment(learner, None, kind="self", day=floor_today(), note="",
                          ratings=[ops.RatingInput("attitude.teamwork", 4)], framework=framework_items)
    assert levels_for([learner.id], floor_today()) == {learner.id: {}}


# CSV export -------------------------------------------------------------------------------------

def test_export_assessments_csv(cli, db, learner, supervisor, framework_items, tmp_path):
    ops.record_assessment(learner, supervisor.person.user, kind="observation", day=date(2026, 1, 5), note="",
                          ratings=[ops.RatingInput("attitude.teamwork", 3),
                                   ops.RatingInput("cleaning.sanitary", None)], framework=framework_items)
    db.session.commit()
    result = cli.invoke(args=["export-assessments"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["learner_id", "learner_name", "competency_id", "level", "kind", "date", "assessor"]
    assert rows[1:] == [
        [str(learner.id), learner.name, "attitude.teamwork", "3", "observation", "2026-01-05", supervisor.name],
        [str(learner.id), learner.name, "cleaning.sanitary", "", "observation", "2026-01-05", supervisor.name],
    ]
    target = tmp_path / "ratings.csv"
    result = cli.invoke(args=["export-assessments", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == ",".join(ops.EXPORT_HEADER)
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_export_to_an_unwritable_path_exits_2(cli, tmp_path):
    result = cli.invoke(args=["export-assessments", "-o", str(tmp_path / "missing" / "ratings.csv")])
    assert result.exit_code == 2
    assert "Cannot write" in result.stderr
