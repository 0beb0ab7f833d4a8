"""The planning board: see, generate, change by hand, publish and replan the crews of a day.

Coordinators plan every floor, supervisors their own floors. Every change is posted
with the day plan's version; a stale version gets 409 and nothing is saved. Changes
answer JSON to the board's script (``Accept: application/json``) and redirect
otherwise, so the board also works without JavaScript.
"""
from __future__ import annotations

import json
from datetime import date, timedelta

import scheduling
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workfloor import audit, clock
from workfloor.access import may_register_absence, role_required, user_floor_ids
from workfloor.assignments.operations import expand_templates
from workfloor.edge import MAX_DATE, MIN_DATE
from workfloor.extensions import db
from workfloor.forms import EditConflict
from workfloor.models import Assignment, PlanEvent, SolveJob
from workfloor.planning import bp, jobs, notices, operations
from workfloor.planning.adapter import PlanningData
from workfloor.planning.board import build_board
from workfloor.planning.findings import say
from workfloor.planning.forms import (
    AbsentForm, AcceptForm, CancelForm, EventForm, GenerateForm, MoveForm, PinForm, PlanForm, PublishForm,
    RescheduleForm, UnstaffedForm,
)
from workfloor.planning.problem import DayData, all_floor_ids, key, row_id
from workfloor.planning.text import board_strings, delta_words, diff_line, event_summary, rule_label, summary
from workfloor.vocabulary import Role

C, S = Role.COORDINATOR, Role.SUPERVISOR
FIRST_DAY, LAST_DAY = MIN_DATE, MAX_DATE  # a plan outside these is a typo
PLAN_CONFLICT = _l("Iemand anders heeft de planning van deze dag intussen gewijzigd. Jouw wijziging is niet "
                  "bewaard maar staat nog klaar: herlaad het bord en probeer opnieuw.")


# ------------------------------------------------------------------ helpers

def _day(value: str) -> date:
    try:
        the_day = date.fromisoformat(value)
    except ValueError:
        abort(404)
    if not FIRST_DAY <= the_day <= LAST_DAY:
        abort(404)
    return the_day


def _floors(requested: str | None = None) -> set[int]:
    """The floors this user plans (all active ones for a coordinator), or the one asked for among them."""
    mine = user_floor_ids(current_user)
    mine = all_floor_ids() if mine is None else mine
    if requested:
        if not str(requested).isdigit() or int(requested) not in mine:
            abort(404)
        return {int(requested)}
    return mine


def _posted_floors() -> set[int]:
    """The floors of the board a change was posted from (its version token names them), among the user's."""
    mine = _floors()
    named = {int(part.split(":")[0]) for part in str(request.form.get("version", "")).split(";")
             if part.split(":")[0].strip().isdigit()}
    return (named & mine) or mine


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.headers.get("X-Requested-With") == "fetch"


def _board_url(day: date, **params) -> str:
    return url_for(".board", day=day.isoformat(), **{k: v for k, v in params.items() if v})


def _answer(day: date, message: str, *, status: int = 200, category: str = "success", **extra):
    """JSON for the board's script, else a flash and back to the board."""
    if _wants_json():
        version = operations.plan_token(day, _posted_floors()) if request.method == "POST" else ""
        body = {"ok": status < 400, "message": message, "version": version, **extra}
        return jsonify(body), status
    flash(message, category if status < 400 else "error")
    return redirect(_board_url(day, edit=extra.get("event"), job=extra.get("job"), floor=request.form.get("floor")))


def _invalid(day: date, form) -> tuple:
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    message = " ".join(e for errs in errors.values() for e in errs) or _("Deze wijziging is niet geldig.")
    return _answer(day, message, status=400, errors=errors)


def _refuse(day: date, message: str):
    """Bad input (an unknown person, van or assignment): say so, change nothing."""
    db.session.rollback()
    return _answer(day, message, status=400)


def _conflict(day: date):
    db.session.rollback()
    return _answer(day, str(PLAN_CONFLICT), status=409, conflict=True)


@bp.errorhandler(StaleDataError)
@bp.errorhandler(IntegrityError)
def _raced(error):
    """Two saves of the same plan at once (a stale version, a second first plan): the later one gets 409."""
    db.session.rollback()
    try:
        the_day = date.fromisoformat((request.view_args or {}).get("day", ""))
    except ValueError:
        the_day = clock.today()
    return _answer(the_day, str(PLAN_CONFLICT), status=409, conflict=True)


def _floor_plan(day: date, version, floor_id: int):
    """The draft of this floor that a posted change goes into; EditConflict when the board was stale."""
    operations.check_token(day, version, {floor_id})
    return operations.day_plan_for(day, floor_id, create=True, full=True)


class BadNumber(ValueError):
    """A posted id that is not a number a database row can have."""


@bp.errorhandler(BadNumber)
def _bad_number(error):
    try:
        the_day = date.fromisoformat((request.view_args or {}).get("day", ""))
    except ValueError:
        the_day = clock.today()
    return _refuse(the_day, _("Deze wijziging is niet geldig: een keuze bestaat niet."))


def _int_or_none(value) -> int | None:
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BadNumber(value) from None
    if not -2**31 <= number < 2**31:
        raise BadNumber(value)
    return number


def _start_job(day: date, floor_ids: set[int], kind: str, time_limit: int | None = None) -> SolveJob:
    job = jobs.start(day, floor_ids, current_user, kind=kind, time_limit=time_limit)
    db.session.commit()
    jobs.launch(job.id)
    return job


def _may_see_job(job: SolveJob) -> bool:
    """A job is the business of whoever plans all of its floors."""
    mine = user_floor_ids(current_user)
    return mine is None or set(job.floor_ids) <= mine


def _job_or_404(job_id: int) -> SolveJob:
    job = db.get_or_404(SolveJob, job_id)
    if not _may_see_job(job):
        abort(404)
    return job


def _changed(day: date, message: str, **extra):
    db.session.commit()
    return _answer(day, message, **extra)


# ------------------------------------------------------------------ reading

@bp.route("/", defaults={"day": None})
@bp.route("/<day>")
@role_required(C, S)
def board(day: str | None):
    if day is None:  # the menu, or the date picker: tomorrow (a working day) unless a day is asked for
        try:
            chosen = date.fromisoformat(request.args.get("day", ""))
            if not FIRST_DAY <= chosen <= LAST_DAY:
                raise ValueError
        except ValueError:
            chosen = clock.today() + timedelta(days=1)
            while chosen.weekday() >= 5:
                chosen += timedelta(days=1)
        return redirect(_board_url(chosen, floor=request.args.get("floor")))
    the_day = _day(day)
    floor_param = request.args.get("floor")
    floor_ids = _floors(floor_param)
    view = build_board(the_day, floor_ids, edit_event=_int_or_none(request.args.get("edit")))
    job = None
    if request.args.get("job", "").isdigit():
        job = db.session.get(SolveJob, int(request.args["job"]))
        if job is not None and (job.day != the_day or not _may_see_job(job)):
            job = None
    mine = user_floor_ids(current_user)
    floors = [f for f in _floor_rows(all_floor_ids() if mine is None else mine)]
    page = render_template("planning/board.html", b=view, day=the_day, floor_param=floor_param or "", floors=floors,
                           generate_form=GenerateForm(floor=floor_param or ""), absent_form=AbsentForm(),
                           job=job, prev_day=the_day - timedelta(days=1), next_day=the_day + timedelta(days=1),
                           strings=board_strings(), event_summary=event_summary, diff_line=diff_line)
    return page


def _floor_rows(ids: set[int]):
    from workfloor.models import Floor
    if not ids:
        return []
    return db.session.execute(db.select(Floor).where(Floor.id.in_(ids)).order_by(Floor.name)).scalars().all()


def _download(data: dict, name: str) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/<day>/problem.json")
@role_required(C, S)
def problem_json(day: str):
    the_day = _day(day)
    loaded = PlanningData.for_day(the_day, _floors(request.args.get("floor")))
    body = loaded.problem_json()
    for learner in loaded.data.learners:  # certificates, restrictions and levels are the learner's file: log it
        audit.record_view(db.session, learner, "planning_problem")
    db.session.commit()
    return _download(body, f"planning-{the_day.isoformat()}.json")


@bp.route("/<day>/plan.json")
@role_required(C, S)
def plan_json(day: str):
    the_day = _day(day)
    plan = PlanningData.for_day(the_day, _floors(request.args.get("floor"))).plan
    return _download(scheduling.plan_to_json(plan), f"plan-{the_day.isoformat()}.json")


@bp.route("/<day>/suggest")
@role_required(C, S)
def suggest(day: str):
    the_day = _day(day)
    loaded = PlanningData.for_day(the_day, _floors())
    assignment_id = _int_or_none(request.args.get("assignment"))
    if assignment_id not in loaded.scope:
        abort(404)
    candidates = scheduling.suggest(loaded.problem, loaded.plan, key("assignment", assignment_id), limit=12)
    # Candidates who break nothing first, then the engine's order (best score change first).
    ordered = [s for _i, s in sorted(enumerate(candidates), key=lambda pair: (not pair[1].valid, pair[0]))]
    return jsonify({"assignment": assignment_id, "candidates": [{
        "person": loaded.person_of(s.person), "name": s.name, "role": s.role, "valid": s.valid,
        "score_delta": list(s.score_delta), "score_nl": delta_words(s.score_delta),
        "reasons": [say(r, loaded.names) for r in s.reasons], "breaks": [rule_label(r) for r in s.breaks],
        "leaves": [row_id(a, "assignment") for a in s.moves_from],
    } for s in ordered if loaded.person_of(s.person)]})


# ------------------------------------------------------------------ hand edits

def _floor_of(scope: dict[int, Assignment], assignment_ids: list[int]) -> int | None:
    floors = {scope[a].floor_id for a in assignment_ids}
    return floors.pop() if len(floors) == 1 else None


@bp.route("/<day>/move", methods=["POST"])
@role_required(C, S)
def move(day: str):
    the_day = _day(day)
    form = MoveForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    loaded = PlanningData.for_day(the_day, _floors())
    data, scope = loaded.data, loaded.assignments
    sources = [_int_or_none(s) for s in form.source.data if str(s).strip()]
    target = _int_or_none(form.target.data)
    if any(s not in scope for s in sources) or (target is not None and target not in scope):
        return _refuse(the_day, _("Die opdracht staat niet op dit bord."))
    floor_id = _floor_of(scope, sources + ([target] if target is not None else []))
    if floor_id is None:
        return _refuse(the_day, _("Verplaats binnen één werkvloer: haal iemand eerst naar de pool."))
    kind, subject = form.kind.data, form.subject.data
    driver = _int_or_none(form.driver.data)
    drivers = {x.person_id for x in data.learners} | {s.person_id for s in data.supervisors}
    if driver is not None and (kind != "vehicle" or driver not in drivers):
        return _refuse(the_day, _("Die chauffeur staat niet op dit bord."))
    try:
        day_plan = _floor_plan(the_day, form.version.data, floor_id)
    except EditConflict:
        return _conflict(the_day)
    on_plan = ({m.person_id for m in day_plan.members if m.assignment_id in sources} if kind != "vehicle" else
               {v.vehicle_id for v in day_plan.vehicles if v.assignment_id in sources})
    if not loaded.knows(kind, subject) and subject not in on_plan:
        return _refuse(the_day, _("Die persoon of wagen staat niet op dit bord."))
    loaded.reload()  # the floor's draft revision may have been made just now
    before_warnings = set(loaded.violations())
    before = operations.snapshot(day_plan)
    change = operations.Move(kind, subject, sources, target, driver)
    undo = operations.apply_move(day_plan, change)
    new = [v for v in loaded.violations() if v not in before_warnings]
    if target is not None:
        line, said = summary("moved", where=f"{scope[target].name} ({scope[target].site.name})")
    else:
        line, said = summary("moved_to_pool")
    event = operations.record_change(
        day_plan, current_user, "edit", line, before,
        details={"move": change.to_json(), "undo": undo.to_json(),
                 "findings": [v.to_json() for v in new],
                 "keys": [[*v.key[:2], list(v.key[2])] for v in new],
                 "warning_assignments": [row_id(v.assignment, "assignment") for v in new if v.assignment],
                 **said})
    operations.refresh_unplaced(the_day, data, {floor_id})
    db.session.commit()
    message = line
    if new:
        message += " " + ngettext("Let op: %(num)s waarschuwing.", "Let op: %(num)s waarschuwingen.", len(new))
    return _answer(the_day, message, category="warning" if new else "success", event=event.id,
                   warnings=[{"message": say(v, loaded.names), "assignment": v.assignment} for v in new])


def _edit_event(day: date, event_id) -> PlanEvent:
    """An edit on one of this user's floors' plans of that day."""
    event = db.session.get(PlanEvent, event_id) if isinstance(event_id, int) and 0 < event_id < 2**31 else None
    if (event is None or event.kind != "edit" or event.plan.day != day
            or event.plan.floor_id not in _floors()):
        abort(404)
    return event


@bp.route("/<day>/undo", methods=["POST"])
@role_required(C, S)
def undo(day: str):
    the_day = _day(day)
    form = EventForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    event = _edit_event(the_day, form.event.data)
    try:
        day_plan = _floor_plan(the_day, form.version.data, event.plan.floor_id)
    except EditConflict:
        return _conflict(the_day)
    scope = PlanningData.for_day(the_day, _floors()).scope
    back = operations.Move(**event.details["undo"])
    if any(s not in scope for s in back.sources) or (back.target is not None and back.target not in scope):
        abort(404)
    if event.details.get("undone"):
        return _answer(the_day, _("Deze wijziging is al ongedaan gemaakt."), status=400)
    before = operations.snapshot(day_plan)
    operations.apply_move(day_plan, back)
    event.details = {**event.details, "undone": True}
    line, said = summary("undone")
    operations.record_change(day_plan, current_user, "undo", line, before, details={"event": event.id, **said})
    db.session.commit()
    return _answer(the_day, _("Wijziging ongedaan gemaakt."))


@bp.route("/<day>/accept", methods=["POST"])
@role_required(C, S)
def accept(day: str):
    the_day = _day(day)
    form = AcceptForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    event = _edit_event(the_day, form.event.data)
    try:
        day_plan = _floor_plan(the_day, form.version.data, event.plan.floor_id)
    except EditConflict:
        return _conflict(the_day)
    findings, keys = event.details.get("findings", []), event.details.get("keys", [])
    if findings:
        line, said = summary("accepted", findings=findings)
    else:  # an edit saved before warnings were kept as data
        line, said = summary("accepted", warnings=event.details.get("warnings", []),
                             warnings_en=event.details.get("warnings_en", []))
    operations.record_event(day_plan, current_user, "accepted", line, reason=form.reason.data.strip(),
                            details={"keys": keys, "findings": findings, "event": event.id, **said})
    db.session.commit()
    return _answer(the_day, _("Waarschuwing aanvaard en gelogd."))


def _assignment_on_board(day: date, assignment_id: int) -> Assignment | None:
    assignment = db.session.get(Assignment, assignment_id) if 0 < assignment_id < 2**31 else None
    if assignment is None or assignment.day != day or assignment.floor_id not in _floors():
        return None
    return assignment


@bp.route("/<day>/pin", methods=["POST"])
@role_required(C, S)
def pin(day: str):
    the_day = _day(day)
    form = PinForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    assignment = _assignment_on_board(the_day, form.assignment.data)
    if assignment is None:
        return _refuse(the_day, _("Die opdracht staat niet op dit bord."))
    try:
        day_plan = _floor_plan(the_day, form.version.data, assignment.floor_id)
    except EditConflict:
        return _conflict(the_day)
    if not operations.set_pin(day_plan, form.kind.data, form.subject.data, form.assignment.data, form.pinned.data):
        return _refuse(the_day, _("Die persoon of wagen staat niet in deze ploeg."))
    message, said = summary("pinned" if form.pinned.data else "unpinned")
    operations.record_event(day_plan, current_user, "pin", message,
                            details={"kind": form.kind.data, "subject": form.subject.data,
                                     "assignment": form.assignment.data, "pinned": form.pinned.data, **said})
    return _changed(the_day, message)


@bp.route("/<day>/unstaffed", methods=["POST"])
@role_required(C, S)
def unstaffed(day: str):
    the_day = _day(day)
    form = UnstaffedForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    assignment = _assignment_on_board(the_day, form.assignment.data)
    if assignment is None or assignment.cancelled:
        return _refuse(the_day, _("Die opdracht staat niet op dit bord."))
    try:
        day_plan = _floor_plan(the_day, form.version.data, assignment.floor_id)
    except EditConflict:
        return _conflict(the_day)
    before = operations.snapshot(day_plan)
    operations.set_unstaffed(day_plan, form.assignment.data, form.unstaffed.data)
    message, said = summary("unstaffed" if form.unstaffed.data else "staffed")
    operations.record_change(day_plan, current_user, "unstaffed", message, before,
                             details={"assignment": form.assignment.data, "unstaffed": form.unstaffed.data, **said})
    return _changed(the_day, message)


# ------------------------------------------------------------------ solving

@bp.route("/<day>/generate", methods=["POST"])
@role_required(C, S)
def generate(day: str):
    the_day = _day(day)
    form = GenerateForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    floor_ids = _floors(form.floor.data or None)
    try:
        operations.check_token(the_day, form.version.data, floor_ids)
    except EditConflict:
        return _conflict(the_day)
    running = jobs.running_on(the_day, floor_ids)
    if running is not None:  # one solve per floor and day at a time: show the one that runs
        return _answer(the_day, _("Er loopt al een berekening voor deze dag; je ziet hier hoe ver ze staat."),
                       status=202 if _wants_json() else 200, job=running.id,
                       status_url=url_for(".job", job_id=running.id))
    expand_templates(the_day, the_day, floor_ids)  # the day's recurring work, before it is planned
    job = _start_job(the_day, floor_ids, "generate", int(form.time_limit.data))
    return _answer(the_day, _("De planning wordt berekend."), status=202 if _wants_json() else 200, job=job.id,
                   status_url=url_for(".job", job_id=job.id))


@bp.route("/<day>/replan", methods=["POST"])
@role_required(C, S)
def replan(day: str):
    the_day = _day(day)
    form = PublishForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    floor_ids = _floors(form.floor.data or None) if form.floor.data else _posted_floors()
    try:
        operations.check_token(the_day, form.version.data, floor_ids)
    except EditConflict:
        return _conflict(the_day)
    job = _start_job(the_day, floor_ids, "replan", 10)
    return _answer(the_day, _("Er wordt een kleinste aanpassing gezocht."), job=job.id,
                   status_url=url_for(".job", job_id=job.id))


@bp.route("/jobs/<int:job_id>")
@role_required(C, S)
def job(job_id: int):
    return jsonify(jobs.status_json(_job_or_404(job_id)))


@bp.route("/jobs/<int:job_id>/stop", methods=["POST"])
@role_required(C, S)
def stop_job(job_id: int):
    the_job = _job_or_404(job_id)
    form = PlanForm()
    form.validate_on_submit()  # only the CSRF token matters here
    if form.errors.get("csrf_token"):
        abort(400)
    jobs.request_stop(the_job)
    db.session.commit()
    if the_job.kind in jobs.WEEK_KINDS and not _wants_json():  # stopped from the week board: back there
        from workfloor.planning.week import monday_of, week_label
        flash(_("De berekening stopt en bewaart het beste plan tot nu."), "success")
        return redirect(url_for(".week", week=week_label(monday_of(the_job.day)), job=the_job.id))
    return _answer(the_job.day, _("De berekening stopt en bewaart het beste plan tot nu."), job=the_job.id)


@bp.route("/jobs/<int:job_id>/confirm", methods=["POST"])
@role_required(C, S)
def confirm_job(job_id: int):
    the_job = _job_or_404(job_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return _invalid(the_job.day, form)
    if the_job.kind != "replan" or the_job.status != "done" or the_job.result is None:
        return _answer(the_job.day, _("Er is geen voorstel om te bevestigen."), status=400)
    floor_ids = set(the_job.floor_ids)
    try:
        operations.check_token(the_job.day, form.version.data, floor_ids)
        if operations.plan_token(the_job.day, floor_ids) != the_job.plan_token:
            raise EditConflict
    except EditConflict:
        return _conflict(the_job.day)
    plan = scheduling.plan_from_json(the_job.result)
    data = PlanningData.for_day(the_job.day, floor_ids).data
    jobs.store_result(the_job, data, plan, current_user, "replan", summary("replan_confirmed"),
                      {"moves": the_job.result.get("moves", [])})
    the_job.status = "confirmed"
    return _changed(the_job.day, _("Herplanning bevestigd en bewaard. Publiceer de wijzigingen als ze "
                                   "voor de leerwerknemers moeten gelden.")
                    if any(s.status == "published" for s in operations.plan_rows(the_job.day, floor_ids).values())
                    else _("Herplanning bevestigd en bewaard."))


@bp.route("/jobs/<int:job_id>/discard", methods=["POST"])
@role_required(C, S)
def discard_job(job_id: int):
    the_job = _job_or_404(job_id)
    form = PlanForm()
    form.validate_on_submit()
    if form.errors.get("csrf_token"):
        abort(400)
    if the_job.status in ("queued", "running"):
        jobs.request_stop(the_job)
    the_job.status = "discarded" if the_job.status == "done" else the_job.status
    db.session.commit()
    return _answer(the_job.day, _("Voorstel geannuleerd; de planning blijft zoals ze was."))


# ------------------------------------------------------------------ publish and day-of changes

@bp.route("/<day>/publish", methods=["POST"])
@role_required(C, S)
def publish(day: str):
    """Publish the drafts of the posted floors (each on its own: one floor never changes another)."""
    the_day = _day(day)
    form = PublishForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    floor_ids = _floors(form.floor.data) if form.floor.data else _posted_floors()
    try:
        operations.check_token(the_day, form.version.data, floor_ids)
    except EditConflict:
        return _conflict(the_day)
    drafts = [p for p in operations.current_plans(the_day, floor_ids, full=True).values() if p.status == "draft"]
    if not drafts:
        return _answer(the_day, _("Er is niets te publiceren: de planning is al gepubliceerd."), status=400)
    changed = False
    for draft in sorted(drafts, key=lambda p: p.floor_id):
        _event, changes = operations.publish(draft, current_user)
        changed = changed or bool(changes)
    db.session.commit()
    notices.send_soon()
    if changed:
        return _answer(the_day, _("Wijzigingen gepubliceerd: wie een andere dag krijgt, ziet een melding."))
    return _answer(the_day, _("Planning gepubliceerd: de leerwerknemers zien ze nu."))


@bp.route("/<day>/absent", methods=["POST"])
@role_required(C, S)
def absent(day: str):
    """A sick call: the absence is registered and a replan proposed; confirming it takes the person out of
    every crew of the day, pinned or not (an absence beats a pin), and fills the gap."""
    the_day = _day(day)
    form = AbsentForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    if not 0 < form.person.data < 2**31 or not may_register_absence(current_user, form.person.data):
        abort(404)
    floor_ids = _posted_floors()
    try:
        operations.check_token(the_day, form.version.data, floor_ids)
    except EditConflict:
        return _conflict(the_day)
    operations.report_absent(form.person.data, the_day, form.reason.data, ["am", "pm"], current_user)
    db.session.commit()
    job = _start_job(the_day, floor_ids, "replan", 10)
    return _answer(the_day, _("Afwezigheid geregistreerd. Er wordt een herplanning voorgesteld."), job=job.id,
                   status_url=url_for(".job", job_id=job.id))


@bp.route("/<day>/cancel", methods=["POST"])
@role_required(C, S)
def cancel(day: str):
    the_day = _day(day)
    form = CancelForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    assignment = _assignment_on_board(the_day, form.assignment.data)
    if assignment is None:
        abort(404)
    try:
        day_plan = _floor_plan(the_day, form.version.data, assignment.floor_id)
    except EditConflict:
        return _conflict(the_day)
    before = operations.snapshot(day_plan)
    operations.call_off(day_plan, assignment, form.reason.data)
    line, said = summary("cancelled", name=assignment.name)
    operations.record_change(day_plan, current_user, "cancelled", line, before,
                             reason=form.reason.data.strip(), details={"assignment": assignment.id, **said})
    db.session.commit()
    job = _start_job(the_day, {assignment.floor_id}, "replan", 10)
    return _answer(the_day, _("Opdracht geannuleerd. Er wordt een herplanning voorgesteld."), job=job.id,
                   status_url=url_for(".job", job_id=job.id))


@bp.route("/<day>/reschedule", methods=["POST"])
@role_required(C, S)
def reschedule(day: str):
    """Move a flexible assignment ("deze week, op een dag naar keuze") to another day of its window."""
    the_day = _day(day)
    form = RescheduleForm()
    if not form.validate_on_submit():
        return _invalid(the_day, form)
    assignment = _assignment_on_board(the_day, form.assignment.data)
    if assignment is None:
        return _refuse(the_day, _("Die opdracht staat niet op dit bord."))
    allowed = {d.isoformat(): d for d in operations.reschedule_days(assignment, clock.today())}
    if not allowed:
        return _refuse(the_day, _("Deze opdracht kan niet naar een andere dag: ze is niet flexibel of haar "
                                  "dagen zijn voorbij."))
    to_day = allowed.get(form.to_day.data or "")
    if to_day is None:
        return _refuse(the_day, _("Kies een dag van deze week waarop de opdracht mag gebeuren."))
    published = operations.published_plan(the_day, assignment.floor_id, full=True)
    if published is not None and any(m.assignment_id == assignment.id for m in published.members):
        return _refuse(the_day, _("De ploeg van deze opdracht is al gepubliceerd. Laat de opdracht eerst onbemand "
                                  "en publiceer, of annuleer ze."))
    try:
        day_plan = _floor_plan(the_day, form.version.data, assignment.floor_id)
    except EditConflict:
        return _conflict(the_day)
    before = operations.snapshot(day_plan)
    operations.reschedule(day_plan, assignment, to_day)
    line, said = summary("rescheduled_away", name=assignment.name, day=f"{to_day.day}/{to_day.month}")
    operations.record_change(day_plan, current_user, "rescheduled", line, before,
                             details={"assignment": assignment.id, "to": to_day.isoformat(), **said})
    there = operations.day_plan_for(to_day, assignment.floor_id, create=True, full=True)
    line, said = summary("rescheduled_here", name=assignment.name, day=f"{the_day.day}/{the_day.month}")
    operations.record_event(there, current_user, "rescheduled", line,
                            details={"assignment": assignment.id, "from": the_day.isoformat(), **said})
    for d in (the_day, to_day):
        operations.refresh_unplaced(d, DayData(d, {assignment.floor_id}), {assignment.floor_id})
    db.session.commit()
    when = f"{to_day.day}/{to_day.month}"
    return _answer(the_day, _("%(name)s staat nu op %(day)s. Bemannen doe je op het bord van die dag.",
                              name=assignment.name, day=when), day_url=_board_url(to_day))
