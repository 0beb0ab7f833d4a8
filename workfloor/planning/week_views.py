"""The week board: Monday to Friday per floor, the week per learner, generate, publish and replan a week.

Hand edits happen on each day's board (its live rule checks included): the week board links to
them. Generating or replanning the week runs as a solve job (on the queue when there is one) and
writes each floor's draft of each day; publishing the week publishes those drafts, each through the
reviewed-changes flow of a day (its changes listed first, notices for whoever's day changed).
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workfloor import audit, clock
from workfloor.access import role_required, user_floor_ids
from workfloor.assignments.operations import expand_templates
from workfloor.extensions import db
from workfloor.models import Learner, Person, Supervisor
from workfloor.planning import bp, jobs, notices
from workfloor.planning.forms import GenerateForm, PublishForm, WeekReplanForm
from workfloor.planning.problem import all_floor_ids
from workfloor.planning.views import _floors, _may_see_job
from workfloor.planning.week import WeekError, monday_of, parse_week, week_days, week_label
from workfloor.planning.weekboard import build_week_board, publish_week
from workfloor.vocabulary import Role

C, S = Role.COORDINATOR, Role.SUPERVISOR
WEEK_MIN_SECONDS = 20  # a week is a bigger search than a day; a replan from a sick call gets this much


def _week(value: str) -> date:
    try:
        return parse_week(value)
    except WeekError:
        abort(404)


def _week_url(monday: date, floor: str | None = None, **params) -> str:
    return url_for(".week", week=week_label(monday), floor=floor or None, **params)


def _running(monday: date, floor_ids: set[int]):
    for day in week_days(monday):
        job = jobs.running_on(day, floor_ids, kinds=jobs.WEEK_KINDS)
        if job is not None:
            return job
    return None


@bp.route("/week", defaults={"week": None})
@bp.route("/week/<week>")
@role_required(C, S)
def week(week: str | None):
    if week is None:  # the menu: the coming week from Friday on, else this week
        today = clock.today()
        return redirect(_week_url(monday_of(today + timedelta(days=3)), request.args.get("floor")))
    monday = _week(week)
    floor_param = request.args.get("floor")
    floor_ids = _floors(floor_param)
    board = build_week_board(monday, floor_ids)
    job = _running(monday, floor_ids)
    if job is None and request.args.get("job", "").isdigit():
        job = db.session.get(jobs.SolveJob, int(request.args["job"]))
        if job is not None and (job.kind not in jobs.WEEK_KINDS or monday_of(job.day) != monday
                                or not _may_see_job(job)):
            job = None
    mine = user_floor_ids(current_user)
    from workfloor.planning.views import _floor_rows
    floors = _floor_rows(all_floor_ids() if mine is None else mine)
    people = _sick_choices(floor_ids)
    page = render_template(
        "planning/week.html", w=board, week_text=week_label(monday), floor_param=floor_param or "",
        floors=floors, job=job, job_status=jobs.status_json(job) if job else None,
        generate_form=GenerateForm(floor=floor_param or ""), publish_form=PublishForm(floor=floor_param or ""),
        open_day=first_open_day(monday),
        replan_form=WeekReplanForm(days=board.days, people=people, floor=floor_param or ""),
        prev_week=week_label(monday - timedelta(days=7)), next_week=week_label(monday + timedelta(days=7)))
    # The figures show each learner's goals and practice: a read of their file, logged. The read
    # transaction ends first: on SQLite, upgrading it to a write while a solve job writes would deadlock.
    learner_ids = [row["learner"].id for row in board.learners]
    db.session.rollback()
    audit.record_views(db.session, learner_ids, "planning_week")
    db.session.commit()
    return page


def _sick_choices(floor_ids: set[int]) -> list[tuple[int, str]]:
    """Who can be reported sick from the week board: the learners and supervisors of these floors."""
    from workfloor.models.learners import learner_floor
    from workfloor.models.staff import supervisor_floor
    learners = db.session.execute(
        db.select(Person).join(Learner, Learner.person_id == Person.id)
        .where(Person.active, Learner.id.in_(db.select(learner_floor.c.learner_id)
                                             .where(learner_floor.c.floor_id.in_(floor_ids))))
        .order_by(Person.first_name, Person.last_name)).scalars().all()
    supervisors = db.session.execute(
        db.select(Person).join(Supervisor, Supervisor.person_id == Person.id)
        .where(Person.active, Supervisor.id.in_(db.select(supervisor_floor.c.supervisor_id)
                                                .where(supervisor_floor.c.floor_id.in_(floor_ids))))
        .order_by(Person.first_name, Person.last_name)).scalars().all()
    return [(p.id, p.name) for p in learners] + [(p.id, f"{p.name} ({_('begeleider')})") for p in supervisors]


def _back(monday: date, message: str, category: str = "success", **params):
    flash(message, category)
    return redirect(_week_url(monday, request.form.get("floor"), **params))


def _token_ok(monday: date, floor_ids: set[int], posted: str | None) -> bool:
    return (posted or "") == jobs.week_token(monday, floor_ids)


@bp.route("/week/<week>/generate", methods=["POST"])
@role_required(C, S)
def generate_week(week: str):
    """Solve the whole week of the board's floors; the result goes into each day's draft."""
    monday = _week(week)
    form = GenerateForm()
    floor_ids = _floors(form.floor.data or None)
    if not form.validate_on_submit():
        return _back(monday, _("Kies een rekentijd uit de lijst."), "error")
    start = first_open_day(monday)
    if start is None:
        return _back(monday, _("Deze week is voorbij: er valt niets meer te plannen."), "error")
    if _running(monday, floor_ids) is not None:
        return _back(monday, _("Deze week wordt al berekend."), "warning")
    expand_templates(monday, monday + timedelta(days=4), floor_ids)
    db.session.flush()
    if not _token_ok(monday, floor_ids, form.version.data):
        db.session.commit()  # the expanded templates stay; the board is shown again
        return _back(monday, _("Iemand anders heeft de planning van deze week intussen gewijzigd. Bekijk het "
                               "bord opnieuw en genereer dan."), "error")
    # A week takes longer than a day: at least WEEK_MIN_SECONDS, more if asked.
    job = jobs.start(start, floor_ids, current_user, kind="week",
                     time_limit=max(current_app.config.get("PLANNING_WEEK_MIN_SECONDS", WEEK_MIN_SECONDS),
                                    int(form.time_limit.data)))
    db.session.commit()
    jobs.launch(job.id)
    if start > monday:
        return _back(monday, _("De week wordt berekend vanaf %(day)s; de dagen ervoor blijven zoals ze zijn. Dit "
                               "bord toont de voortgang.", day=start.strftime("%d/%m")), "success", job=job.id)
    return _back(monday, _("De week wordt berekend. Dit bord toont de voortgang."), "success", job=job.id)


def first_open_day(monday: date) -> date | None:
    """The first day of the week that can still be planned: today or later (None: the week is over)."""
    today = clock.today()
    return next((d for d in week_days(monday) if d >= today), None)


@bp.route("/week/<week>/replan", methods=["POST"])
@role_required(C, S)
def replan_week(week: str):
    """A sick call: register the absence from a day on, and replan the week from that day (earlier days stay)."""
    monday = _week(week)
    days = week_days(monday)
    floor_ids = _floors(request.form.get("floor") or None)
    form = WeekReplanForm(days=days, people=_sick_choices(floor_ids))
    if not form.validate_on_submit():
        return _back(monday, " ".join(str(e) for errs in form.errors.values() for e in errs), "error")
    if _running(monday, floor_ids) is not None:
        return _back(monday, _("Deze week wordt al berekend."), "warning")
    if not _token_ok(monday, floor_ids, form.version.data):
        return _back(monday, _("Iemand anders heeft de planning van deze week intussen gewijzigd. Bekijk het "
                               "bord opnieuw."), "error")
    start = date.fromisoformat(form.start.data)
    if form.person.data:
        from workfloor.models import Absence
        db.session.add(Absence(person_id=form.person.data, start_date=start, end_date=date.fromisoformat(form.end.data),
                               morning=True, afternoon=True, reason=form.reason.data, created_by_id=current_user.id))
        db.session.flush()
    job = jobs.start(start, floor_ids, current_user, kind="week_replan",
                     time_limit=current_app.config.get("PLANNING_WEEK_MIN_SECONDS", WEEK_MIN_SECONDS))
    db.session.commit()
    jobs.launch(job.id)
    return _back(monday, _("De week wordt herpland vanaf %(day)s; de dagen ervoor blijven zoals ze zijn.",
                           day=start.strftime("%d/%m")), "success", job=job.id)


@bp.route("/week/<week>/publish", methods=["POST"])
@role_required(C, S)
def publish_week_view(week: str):
    """Publish every draft of the week on the board's floors (the changes were listed on the board)."""
    monday = _week(week)
    form = PublishForm()
    floor_ids = _floors(form.floor.data or None)
    if not form.validate_on_submit() or not _token_ok(monday, floor_ids, form.version.data):
        return _back(monday, _("Iemand anders heeft de planning van deze week intussen gewijzigd. Bekijk de "
                               "wijzigingen opnieuw en publiceer dan."), "error")
    published = publish_week(monday, floor_ids, current_user)
    if not published:
        return _back(monday, _("Er is niets te publiceren: de week is al gepubliceerd."), "warning")
    db.session.commit()
    notices.send_soon()
    return _back(monday, _("De week is gepubliceerd: de leerwerknemers zien hun week nu, wie een andere dag "
                           "krijgt ziet een melding."))
