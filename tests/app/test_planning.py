"""The planning board: rendering, generate, hand edits with warnings, pins, suggest, publish, replan."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from tests.app.test_planning_problem import next_monday, scene  # noqa: F401  (fixture)
from tests.conftest import text
from workfloor.models import (
    Absence, Assignment, CompetencyItem, CrewMember, CrewVehicle, DayPlan, DevelopmentGoal, LearnerCertificate,
    PlanEvent, SolveJob,
)
from workfloor.planning import jobs, operations

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def solve_in_request(app):
    """Solves run inside the request in these tests, with a short time limit."""
    old = {k: app.config.get(k) for k in ("PLANNING_SOLVE_SYNC", "PLANNING_TIME_LIMIT")}
    app.config.update(PLANNING_SOLVE_SYNC=True, PLANNING_TIME_LIMIT=3)
    yield
    app.config.update(old)


@pytest.fixture
def supervisor(scene, login):  # noqa: F811
    return login(scene.supervisor.person.user)


def url(scene, action=""):  # noqa: F811
    return f"/planning/{scene.day.isoformat()}" + (f"/{action}" if action else "")


def version(db, scene, floors=None) -> str:  # noqa: F811
    """The token the board posts: each floor's plan and its version."""
    return operations.plan_token(scene.day, floors or {scene.floor.id})


def generate(client, db, scene, **extra):  # noqa: F811
    response = client.post(url(scene, "generate"), data={"version": version(db, scene), "time_limit": "5", **extra},
                           headers=JSON)
    assert response.status_code == 202, response.get_json()
    return client.get(response.get_json()["status_url"]).get_json()


def crew(db, scene, assignment) -> set[int]:  # noqa: F811
    return set(db.session.execute(select(CrewMember.person_id).join(CrewMember.plan).where(
        DayPlan.day == scene.day, CrewMember.assignment_id == assignment.id)).scalars())


# ------------------------------------------------------------------ the board

def test_board_shows_cards_pool_absences_and_open_mandatory_work(client, db, scene, supervisor):  # noqa: F811
    db.session.add(Absence(person=scene.learners[0].person, start_date=scene.day, end_date=scene.day, reason="sick"))
    db.session.flush()
    response = client.get(url(scene))
    assert response.status_code == 200
    page = text(response)
    assert "Hagen scheren" in page and "Stadspark scene" in page and "12 min rijden" in page
    assert "ter plaatse" in page  # the serre
    assert scene.learners[1].name in page.split('id="pool-title"', 1)[1]
    absent = page.split("<h2>Afwezig</h2>", 1)[1].split("</section>", 1)[0]
    assert scene.learners[0].name in absent and "Ziek" in absent
    assert "mandatory-open" in page and "Nog geen planning" in page
    assert "Download probleem (JSON)" in page


def test_menu_link_goes_to_a_working_day_and_bad_days_are_404(client, scene, supervisor):  # noqa: F811
    response = client.get("/planning/")
    assert response.status_code == 302 and "/planning/20" in response.headers["Location"]
    assert client.get("/planning/?day=2031-01-06").headers["Location"].endswith("/planning/2031-01-06")
    assert client.get("/planning/niet-een-dag").status_code == 404


def test_supervisor_sees_only_their_floors(client, db, scene, login, make_floor, make_supervisor):  # noqa: F811
    other = make_supervisor(floors=[make_floor(name="Elders")])
    login(other.person.user)
    page = text(client.get(url(scene)))
    assert "Hagen scheren" not in page
    assert client.get(url(scene) + f"?floor={scene.floor.id}").status_code == 404
    assert client.get(url(scene, "suggest") + f"?assignment={scene.park.id}").status_code == 404
    assert client.get(url(scene, "problem.json")).get_json()["assignments"] == []


def test_downloads_give_the_problem_and_the_plan(client, db, scene, supervisor):  # noqa: F811
    response = client.get(url(scene, "problem.json"))
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.get_json()["format"] == "workfloor-planning/1"
    generate(client, db, scene)
    plan = client.get(url(scene, "plan.json")).get_json()
    assert plan["format"] == "workfloor-plan/1" and plan["crews"]


def test_board_takes_a_bounded_number_of_queries_whatever_the_learners(client, db, make_learner):
    from workfloor import demo
    from workfloor.models import Floor
    demo.build()
    db.session.flush()
    response = client.post("/login", data={"email": "begeleider.green@demo.workfloor.be", "password": demo.PASSWORD})
    assert response.status_code == 302
    day = (next_monday() + timedelta(weeks=1)).isoformat()
    client.get(f"/planning/{day}")  # makes that day's assignments of the weekly templates

    def count() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        db.session.expire_all()  # the same starting point each time: nothing cached in the session
        event.listen(db.session.connection(), "before_cursor_execute", listener)
        try:
            assert client.get(f"/planning/{day}").status_code == 200
        finally:
            event.remove(db.session.connection(), "before_cursor_execute", listener)
        return len(statements)

    generated = client.post(f"/planning/{day}/generate", data={"version": 0, "time_limit": "5"}, headers=JSON)
    assert generated.status_code == 202
    first = count()
    green = db.session.execute(select(Floor).where(Floor.domain == "green")).scalar_one()
    for _ in range(25):
        make_learner(floors=[green])
    assert count() == first
    assert first <= 40


# ------------------------------------------------------------------ generate

def test_generate_stores_the_plan_and_explains_it(client, db, scene, supervisor):  # noqa: F811
    if db.session.get(CompetencyItem, "green.hedge_trimming") is None:
        db.session.add(CompetencyItem(id="green.hedge_trimming", group="green", name="Haagscheren"))
    db.session.add(DevelopmentGoal(learner=scene.learners[0], competency_id="green.hedge_trimming", target_level=3,
                                   weight=3))
    db.session.flush()
    status = generate(client, db, scene)
    assert status["status"] == "done" and status["result"]["status"] == "optimal"
    assert re.fullmatch(r"\d+ van \d+ dagdelen ingepland\.", status["result"]["score_nl"][0])
    lines = status["score_nl"] + status["result"]["score_nl"]
    assert not any("-" in line or "min het aantal" in line for line in lines)  # words, not a score vector
    assert "score" in status["progress"] and "running" in status["progress"]
    assert scene.learners[0].person_id in crew(db, scene, scene.park)
    assert scene.supervisor.person_id in crew(db, scene, scene.park)
    page = text(client.get(url(scene)))
    assert "oefent doel Haagscheren" in page  # the competency's name in the framework
    assert re.search(r"\d+ van \d+ dagdelen ingepland\.", page)
    assert "Concept" in page and "Planning gegenereerd" in page
    day_plan = db.session.execute(select(DayPlan).where(DayPlan.day == scene.day)).scalar_one()
    assert day_plan.status == "draft" and day_plan.events[-1].kind == "generated"


def test_generate_explains_mandatory_work_it_cannot_staff(client, db, scene, supervisor):  # noqa: F811
    scene.park.certificates = {"brush_cutter": 2}
    db.session.flush()
    status = generate(client, db, scene)
    assert status["result"]["status"] == "infeasible"
    assert any("bosmaaier" in line for line in status["result"]["explanation"])
    assert "Waarom niet alles lukt" in text(client.get(url(scene)))


def test_generate_with_a_stale_version_is_a_conflict(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    response = client.post(url(scene, "generate"), data={"version": 1, "time_limit": "5"}, headers=JSON)
    assert response.status_code == 409 and "Iemand anders" in response.get_json()["message"]
    assert db.session.scalar(select(db.func.count()).select_from(SolveJob)) == 1


def test_the_threaded_path_runs_in_the_background_and_stops_on_request(app, db, scene, make_user):  # noqa: F811
    app.config["PLANNING_SOLVE_SYNC"] = False
    with app.test_request_context():
        job = jobs.start(scene.day, {scene.floor.id}, scene.supervisor.person.user, time_limit=5)
        job.stop_requested = True  # stop at the first check: the best plan so far is kept
        db.session.flush()
        jobs.launch(job.id)
        jobs.wait(job.id, timeout=30)
        db.session.expire_all()
        done = db.session.get(SolveJob, job.id)
        assert done.status == "done" and done.result["crews"]
        assert jobs.status_json(done)["result"]["status"] in ("optimal", "feasible")


def test_a_second_generate_shows_the_running_one(client, db, scene, supervisor):  # noqa: F811
    job = jobs.start(scene.day, {scene.floor.id}, scene.supervisor.person.user)
    job.status = "running"
    db.session.flush()
    response = client.post(url(scene, "generate"), data={"version": version(db, scene), "time_limit": "5"},
                           headers=JSON)
    assert response.status_code == 202 and response.get_json()["job"] == job.id
    assert "Er loopt al een berekening" in response.get_json()["message"]
    assert db.session.scalar(select(db.func.count()).select_from(SolveJob)) == 1


def test_stop_endpoint_sets_the_flag_any_worker_can_read(client, db, scene, supervisor):  # noqa: F811
    job = jobs.start(scene.day, {scene.floor.id}, scene.supervisor.person.user)
    db.session.flush()
    response = client.post(f"/planning/jobs/{job.id}/stop", headers=JSON)
    assert response.status_code == 200
    assert db.session.get(SolveJob, job.id).stop_requested is True
    assert client.get(f"/planning/jobs/{job.id}").get_json()["stop_requested"] is True


def test_jobs_of_other_floors_are_404(client, db, scene, login, make_floor, make_supervisor):  # noqa: F811
    job = jobs.start(scene.day, {scene.floor.id}, scene.supervisor.person.user)
    db.session.flush()
    login(make_supervisor(floors=[make_floor()]).person.user)
    assert client.get(f"/planning/jobs/{job.id}").status_code == 404
    assert f'data-job="{job.id}"' not in text(client.get(url(scene) + f"?job={job.id}"))
    assert client.post(f"/planning/jobs/{job.id}/stop").status_code == 404


# ------------------------------------------------------------------ hand edits

def _move(client, db, scene, **data):  # noqa: F811
    return client.post(url(scene, "move"), data={"version": version(db, scene), **data}, headers=JSON)


def test_move_with_a_warning_then_accept_it_with_a_reason(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    mover = next(p for p in crew(db, scene, scene.park) if p != scene.supervisor.person_id)
    # the supervisor leaves the off-site crew: no supervisor, and nobody to drive the van
    response = _move(client, db, scene, kind="supervisor", subject=scene.supervisor.person_id,
                     source=scene.park.id, target="")
    body = response.get_json()
    assert response.status_code == 200 and body["warnings"]
    assert any("begeleider" in w["message"] for w in body["warnings"])
    page = text(client.get(url(scene) + f"?edit={body['event']}"))
    assert "Deze wijziging breekt een regel" in page and "Maak ongedaan" in page
    card = page.split(f'id="card-{scene.park.id}"', 1)[1].split("</article>", 1)[0]
    assert 'id="edit-warning"' in card  # on the card whose rule broke
    assert "card-warnings" in page
    refused = client.post(url(scene, "accept"), data={"version": version(db, scene), "event": body["event"],
                                                      "reason": " "}, headers=JSON)
    assert refused.status_code == 400
    assert "Geef een reden waarom je deze waarschuwing aanvaardt." in refused.get_json()["message"]
    accepted = client.post(url(scene, "accept"), data={"version": version(db, scene), "event": body["event"],
                                                       "reason": "Begeleider komt om 9 uur"}, headers=JSON)
    assert accepted.status_code == 200
    logged = db.session.execute(select(PlanEvent).where(PlanEvent.kind == "accepted")).scalar_one()
    assert logged.reason == "Begeleider komt om 9 uur" and logged.details["keys"] and logged.details["findings"]
    assert "aanvaard" in text(client.get(url(scene)))
    assert mover in crew(db, scene, scene.park)


def test_undo_puts_the_move_back(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    learner = next(x for x in scene.learners if x.person_id in crew(db, scene, scene.park))
    body = _move(client, db, scene, kind="learner", subject=learner.person_id, source=scene.park.id,
                 target=scene.serre.id).get_json()
    assert learner.person_id in crew(db, scene, scene.serre)
    response = client.post(url(scene, "undo"), data={"version": version(db, scene), "event": body["event"]},
                           headers=JSON)
    assert response.status_code == 200
    assert learner.person_id in crew(db, scene, scene.park) and learner.person_id not in crew(db, scene, scene.serre)
    again = client.post(url(scene, "undo"), data={"version": version(db, scene), "event": body["event"]},
                        headers=JSON)
    assert again.status_code == 400


def test_move_a_van_with_a_driver_choice(client, db, scene, supervisor, make_vehicle):  # noqa: F811
    generate(client, db, scene)
    spare = make_vehicle(name="Reservewagen", floor=scene.floor, seats=9)
    old = db.session.execute(select(CrewVehicle).where(CrewVehicle.assignment_id == scene.park.id)).scalar_one()
    assert _move(client, db, scene, kind="vehicle", subject=old.vehicle_id, source=scene.park.id,
                 target="").status_code == 200
    response = _move(client, db, scene, kind="vehicle", subject=spare.id, target=scene.park.id,
                     driver=scene.supervisor.person_id)
    assert response.status_code == 200 and response.get_json()["warnings"] == []
    van = db.session.execute(select(CrewVehicle).where(CrewVehicle.assignment_id == scene.park.id)).scalar_one()
    assert (van.vehicle_id, van.driver_id) == (spare.id, scene.supervisor.person_id)


def test_moving_with_an_old_version_is_409_and_saves_nothing(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    learner = next(x for x in scene.learners if x.person_id in crew(db, scene, scene.park))
    stale = f"{scene.floor.id}:0"  # the board saw no plan yet
    response = client.post(url(scene, "move"), data={"version": stale, "kind": "learner",
                                                     "subject": learner.person_id, "source": scene.park.id,
                                                     "target": ""}, headers=JSON)
    assert response.status_code == 409
    assert response.get_json()["message"].startswith("Iemand anders heeft de planning van deze dag intussen")
    assert learner.person_id in crew(db, scene, scene.park)
    html = client.post(url(scene, "move"), data={"version": stale, "kind": "learner", "subject": learner.person_id,
                                                 "source": scene.park.id, "target": ""})
    assert html.status_code == 302
    assert "Iemand anders" in text(client.get(url(scene)))


def test_move_outside_the_board_is_refused_with_a_message(client, db, scene, supervisor,  # noqa: F811
                                                          make_floor, make_learner, make_site):
    other = Assignment(name="Elders", floor=make_floor(), site=make_site(), day=scene.day, max_learners=2)
    db.session.add(other)
    db.session.flush()
    stranger = make_learner(floors=[other.floor])
    refused = _move(client, db, scene, kind="learner", subject=scene.learners[0].person_id, target=other.id)
    assert refused.status_code == 400 and "niet op dit bord" in refused.get_json()["message"]
    refused = _move(client, db, scene, kind="learner", subject=stranger.person_id, target=scene.park.id)
    assert refused.status_code == 400 and "niet op dit bord" in refused.get_json()["message"]
    assert db.session.scalar(select(db.func.count()).select_from(DayPlan)) == 0  # nothing saved


def test_move_by_plain_form_redirects_with_a_message(client, db, scene, supervisor):  # noqa: F811
    response = client.post(url(scene, "move"), data={"version": 0, "kind": "learner",
                                                     "subject": scene.learners[0].person_id,
                                                     "target": scene.serre.id})
    assert response.status_code == 302 and "edit=" in response.headers["Location"]
    assert "Verplaatst naar Serre" in text(client.get(response.headers["Location"]))


# ------------------------------------------------------------------ pins, unstaffed, suggest

def test_pins_survive_a_new_solve_and_conflicting_pins_are_reported(client, db, scene, supervisor,  # noqa: F811
                                                                     make_supervisor):
    keeper = scene.learners[2]
    make_supervisor(floors=[scene.floor])  # the first one is needed on the mandatory park
    _move(client, db, scene, kind="learner", subject=keeper.person_id, target=scene.serre.id)
    response = client.post(url(scene, "pin"), data={"version": version(db, scene), "kind": "learner",
                                                    "subject": keeper.person_id, "assignment": scene.serre.id,
                                                    "pinned": "y"}, headers=JSON)
    assert response.status_code == 200
    status = generate(client, db, scene)
    assert keeper.person_id in crew(db, scene, scene.serre)
    assert status["result"]["pin_conflicts"] == []
    member = db.session.execute(select(CrewMember).where(CrewMember.person_id == keeper.person_id)).scalar_one()
    assert member.pinned
    # an absence beats a pin: the learner leaves the crew, the pin is released and the history says so
    db.session.add(Absence(person=keeper.person, start_date=scene.day, end_date=scene.day, reason="sick"))
    db.session.flush()
    status = generate(client, db, scene)
    assert status["result"]["pin_conflicts"] == []
    assert keeper.person_id not in crew(db, scene, scene.serre)
    history = text(client.get(url(scene))).split('class="history"', 1)[1]
    assert f"Afwezig: {keeper.name}. Uit de ploeg gehaald; vastzetting opgeheven" in history


def test_leave_unstaffed_then_solve_around_it(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    response = client.post(url(scene, "unstaffed"), data={"version": version(db, scene),
                                                           "assignment": scene.serre.id, "unstaffed": "y"},
                           headers=JSON)
    assert response.status_code == 200
    generate(client, db, scene)
    assert crew(db, scene, scene.serre) == set()
    badge = '<span class="badge badge-muted">blijft onbemand</span>'
    assert badge in text(client.get(url(scene)))
    client.post(url(scene, "unstaffed"), data={"version": version(db, scene), "assignment": scene.serre.id},
                headers=JSON)
    assert badge not in text(client.get(url(scene)))


def test_who_fits_here_lists_candidates_and_one_click_places(client, db, scene, supervisor):  # noqa: F811
    scene.learners[1].certificates.append(LearnerCertificate(kind="hedge_trimmer"))
    scene.park.certificates = {"hedge_trimmer": 1}
    db.session.flush()
    body = client.get(url(scene, "suggest") + f"?assignment={scene.park.id}").get_json()
    names = [c["name"] for c in body["candidates"]]
    assert scene.learners[1].name in names
    best = next(c for c in body["candidates"] if c["name"] == scene.learners[1].name)
    assert any("heggenschaar" in r for r in best["reasons"]) and len(best["score_delta"]) == 4
    assert best["score_nl"].startswith("2 dagdelen meer ingepland") and "-" not in best["score_nl"]
    response = _move(client, db, scene, kind=best["role"], subject=best["person"], target=scene.park.id,
                     source=best["leaves"])
    assert response.status_code == 200
    assert scene.learners[1].person_id in crew(db, scene, scene.park)


# ------------------------------------------------------------------ publish, history, replan

def plan_rows(db, scene):  # noqa: F811
    """The floor's plans of the day by status: "published" (what learners see) and its "draft" revision."""
    return {p.status: p for p in db.session.execute(select(DayPlan).where(DayPlan.day == scene.day)).scalars()}


def published_crew(db, scene, assignment) -> set[int]:  # noqa: F811
    return set(db.session.execute(select(CrewMember.person_id).join(CrewMember.plan).where(
        DayPlan.day == scene.day, DayPlan.status == "published", CrewMember.assignment_id == assignment.id)).scalars())


def test_a_change_to_a_published_plan_waits_in_a_draft_revision_until_published(client, db, scene,  # noqa: F811
                                                                                 supervisor):
    generate(client, db, scene)
    response = client.post(url(scene, "publish"), data={"version": version(db, scene)}, headers=JSON)
    assert response.status_code == 200
    published = plan_rows(db, scene)["published"]
    assert (published.revision, published.published_by_id) == (1, scene.supervisor.person.user.id)
    again = client.post(url(scene, "publish"), data={"version": version(db, scene)}, headers=JSON)
    assert again.status_code == 400
    learner = next(x for x in scene.learners if x.person_id in crew(db, scene, scene.park))
    _move(client, db, scene, kind="learner", subject=learner.person_id, source=scene.park.id, target=scene.serre.id)
    rows = plan_rows(db, scene)
    assert rows["published"].revision == 1 and learner.person_id in published_crew(db, scene, scene.park)
    last = rows["draft"].events[-1]
    assert last.user_id == scene.supervisor.person.user.id
    assert f"person:{learner.person_id}" in [d["key"] for d in last.details["diff"]]
    assert learner.person.last_name not in json.dumps(last.details)  # names are rendered when read
    page = text(client.get(url(scene)))
    assert "niet-gepubliceerde wijzigingen" in page and "Publiceer wijzigingen" in page
    pending = page.split('class="pending-changes"', 1)[1].split("</details>", 1)[0]
    assert f"{learner.name}: Hagen scheren (Stadspark scene) → Serre (Serre scene)" in pending
    response = client.post(url(scene, "publish"), data={"version": version(db, scene)}, headers=JSON)
    assert response.status_code == 200 and "Wijzigingen gepubliceerd" in response.get_json()["message"]
    rows = plan_rows(db, scene)
    assert set(rows) == {"published"} and rows["published"].revision == 2
    assert learner.person_id in published_crew(db, scene, scene.serre)
    assert "Gepubliceerd · revisie 2" in text(client.get(url(scene)))


def test_sick_call_on_a_published_day_offers_a_replan_to_confirm(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    client.post(url(scene, "publish"), data={"version": version(db, scene)}, headers=JSON)
    sick = next(x for x in scene.learners if x.person_id in crew(db, scene, scene.park))
    response = client.post(url(scene, "absent"), data={"version": version(db, scene), "person": sick.person_id,
                                                       "reason": "sick"}, headers=JSON)
    assert response.status_code == 200
    absence = db.session.execute(select(Absence).where(Absence.person_id == sick.person_id)).scalar_one()
    assert (absence.start_date, absence.reason) == (scene.day, "sick")
    status = client.get(response.get_json()["status_url"]).get_json()
    assert status["kind"] == "replan" and status["status"] == "done"
    assert any(sick.name in m for m in status["result"]["moves"])
    assert sick.person_id in crew(db, scene, scene.park)  # nothing changes before the supervisor confirms
    confirm = client.post(f"/planning/jobs/{status['id']}/confirm", data={"version": version(db, scene)},
                          headers=JSON)
    assert confirm.status_code == 200
    assert sick.person_id not in crew(db, scene, scene.park) - published_crew(db, scene, scene.park)
    rows = plan_rows(db, scene)
    assert rows["draft"].events[-1].kind == "replan" and rows["published"].revision == 1
    assert sick.person_id in published_crew(db, scene, scene.park)  # learners see the published plan until...
    client.post(url(scene, "publish"), data={"version": version(db, scene)}, headers=JSON)
    assert sick.person_id not in published_crew(db, scene, scene.park)  # ...the changes are published
    assert plan_rows(db, scene)["published"].revision == 2
    assert db.session.get(SolveJob, status["id"]).status == "confirmed"
    twice = client.post(f"/planning/jobs/{status['id']}/confirm", data={"version": version(db, scene)},
                        headers=JSON)
    assert twice.status_code == 400


def test_a_replan_can_be_discarded(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    response = client.post(url(scene, "replan"), data={"version": version(db, scene)}, headers=JSON)
    job_id = response.get_json()["job"]
    before = crew(db, scene, scene.park)
    assert client.post(f"/planning/jobs/{job_id}/discard", headers=JSON).status_code == 200
    assert db.session.get(SolveJob, job_id).status == "discarded"
    assert crew(db, scene, scene.park) == before


def test_cancelling_an_assignment_empties_its_crew_and_replans(client, db, scene, supervisor):  # noqa: F811
    generate(client, db, scene)
    refused = client.post(url(scene, "cancel"), data={"version": version(db, scene), "assignment": scene.park.id,
                                                      "reason": ""}, headers=JSON)
    assert refused.status_code == 400 and "Geef een reden" in refused.get_json()["message"]
    response = client.post(url(scene, "cancel"), data={"version": version(db, scene), "assignment": scene.park.id,
                                                       "reason": "Regen"}, headers=JSON)
    assert response.status_code == 200
    db.session.refresh(scene.park)
    assert scene.park.cancelled and scene.park.cancel_reason == "Regen"
    assert crew(db, scene, scene.park) == set()
    status = client.get(response.get_json()["status_url"]).get_json()
    assert status["kind"] == "replan" and status["status"] == "done"
    event_row = db.session.execute(select(PlanEvent).where(PlanEvent.kind == "cancelled")).scalar_one()
    assert event_row.reason == "Regen" and event_row.details["diff"]


def test_absence_of_someone_out_of_reach_is_404(client, db, scene, supervisor, make_learner, make_floor):  # noqa: F811
    stranger = make_learner(floors=[make_floor()])
    response = client.post(url(scene, "absent"), data={"version": 0, "person": stranger.person_id,
                                                       "reason": "sick"}, headers=JSON)
    assert response.status_code == 404


def test_coordinator_plans_every_floor(client, db, scene, login, make_user):  # noqa: F811
    login(make_user("coordinator"))
    page = text(client.get(url(scene)))
    assert "Hagen scheren" in page
    assert client.get(url(scene) + f"?floor={scene.floor.id}").status_code == 200


def test_csrf_is_required_for_changes(app, client, db, scene, supervisor):  # noqa: F811
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(url(scene, "publish"), data={"version": 0}, headers=JSON)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


def test_end_to_end_with_the_demo_data(client, db):
    """Demo data: generate, an edit with a warning accepted, publish, a sick call, replan, the learner's view."""
    from workfloor import demo
    from workfloor.models import User
    demo.build()
    db.session.flush()
    assert client.post("/login", data={"email": "begeleider.green@demo.workfloor.be",
                                       "password": demo.PASSWORD}).status_code == 302
    day = (next_monday() + timedelta(weeks=1, days=1)).isoformat()
    board = f"/planning/{day}"

    def current_version() -> str:
        return re.search(r'data-version="([^"]+)"', text(client.get(board))).group(1)

    started = client.post(f"{board}/generate", data={"version": current_version(), "time_limit": "5"}, headers=JSON)
    status = client.get(started.get_json()["status_url"]).get_json()
    assert status["status"] == "done" and status["result"]["status"] in ("optimal", "feasible", "infeasible")
    day_plan = db.session.execute(select(DayPlan).where(DayPlan.day == date_of(day))).scalar_one()
    member = next(m for m in day_plan.members if m.role == "supervisor")
    moved = client.post(f"{board}/move", data={"version": current_version(), "kind": "supervisor",
                                               "subject": member.person_id, "source": member.assignment_id,
                                               "target": ""}, headers=JSON).get_json()
    assert moved["warnings"]
    assert client.post(f"{board}/accept", data={"version": current_version(), "event": moved["event"],
                                                "reason": "Collega springt bij"}, headers=JSON).status_code == 200
    assert client.post(f"{board}/undo", data={"version": current_version(), "event": moved["event"]},
                       headers=JSON).status_code == 200
    assert client.post(f"{board}/publish", data={"version": current_version()}, headers=JSON).status_code == 200
    db.session.refresh(day_plan)
    learner_member = next(m for m in day_plan.members if m.role == "learner")
    sick = client.post(f"{board}/absent", data={"version": current_version(), "person": learner_member.person_id,
                                                "reason": "sick"}, headers=JSON).get_json()
    proposal = client.get(sick["status_url"]).get_json()
    assert proposal["kind"] == "replan" and proposal["result"]["moves"]
    confirmed = client.post(f"/planning/jobs/{proposal['id']}/confirm", data={"version": current_version()},
                            headers=JSON)
    assert confirmed.status_code == 200
    assert client.post(f"{board}/publish", data={"version": current_version()}, headers=JSON).status_code == 200
    db.session.refresh(day_plan)
    assert (day_plan.status, day_plan.revision) == ("published", 2)  # published, then the replan published
    assert learner_member.person_id not in {m.person_id for m in day_plan.members}
    kinds = [e.kind for e in day_plan.events if e.kind != "absent"]
    kinds = kinds[:-1] if kinds[-1] == "published" else kinds
    assert kinds[-1] == "replan" and {"generated", "edit", "accepted", "undo", "published"} <= set(kinds)
    # the demo learner opens "Mijn planning"
    learner_user = db.session.execute(select(User).where(User.email == "leerwerknemer@demo.workfloor.be")).scalar_one()
    client.post("/logout")
    assert client.post("/login", data={"email": learner_user.email, "password": demo.PASSWORD}).status_code == 302
    assert client.get("/schedule/").status_code == 200


def date_of(value: str) -> date:
    return date.fromisoformat(value)
