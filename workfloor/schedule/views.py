"""Schedules: "Mijn planning" for learners, the same for staff, the calendar feed and the crew sheet."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Response, abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workfloor import audit, clock
from workfloor.access import can_edit_learner, can_manage_floor, learner_or_404, public, role_required, user_floor_ids
from workfloor.extensions import db
from workfloor.models import Floor, Learner, User
from workfloor.planning import notices
from workfloor.schedule import bp, cache
from workfloor.schedule import operations as ops
from workfloor.absences.operations import report_own_absence
from workfloor.auth.operations import USER_LOADERS
from workfloor.framework.forms import options
from workfloor.offline.views import keep_offline
from workfloor.schedule.forms import CalendarTokenForm, ReportForm
from workfloor.vocabulary import Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER


def _feed_urls(learner) -> dict[str, str] | None:
    """The https and webcal addresses of the learner's feed, or None when there is no feed."""
    if not learner.calendar_token:
        return None
    https = url_for("schedule.feed", token=learner.calendar_token, _external=True)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def _schedule_context(learner: Learner, today: date) -> dict:
    days = ops.learner_schedule(learner, ops.schedule_days(today))
    this_week = today.isocalendar()[:2]
    return {
        "learner": learner, "today": today, "tomorrow": today + timedelta(days=1),
        "this_week": [d for d in days if d.day.isocalendar()[:2] == this_week],
        "next_week": [d for d in days if d.day.isocalendar()[:2] != this_week],
        "feed": _feed_urls(learner), "token_form": CalendarTokenForm(),
    }


def _week(learner_id: int, today: date) -> Markup:
    """The learner's notices and days, rendered (kept by workfloor.schedule.cache)."""
    learner = db.session.execute(select(Learner).where(Learner.id == learner_id)
                                 .options(selectinload(Learner.work_blocks))).scalar_one()
    return Markup(render_template("schedule/_week.html", **_schedule_context(learner, today),
                                  notices=notices.recent_for(learner.person_id, today), notice_lines=notices.lines))


def _window(today: date) -> tuple[date, date, date]:
    """The days "Mijn planning" shows (first, last) and the first day whose notices it still shows."""
    days = ops.schedule_days(today)
    return days[0], days[-1], notices.shown_since(today)


_FOUND = "workfloor.schedule.found"


def _user_with_schedule(user_id: int, session_digest: str) -> User | None:
    """The login's account for "Mijn planning", loaded in one query with what the page is made of."""
    today = clock.today()
    user, found = cache.user_with_snapshot(user_id, session_digest, *_window(today))
    request.environ[_FOUND] = (user_id, today, found)  # this request's, never a later one's (unlike g in tests)
    return user


USER_LOADERS["schedule.mine"] = _user_with_schedule


@bp.route("/")
@role_required(L)
def mine():
    """The learner's own schedule, on a phone: today and the coming week."""
    today = clock.today()
    loaded = request.environ.pop(_FOUND, None)  # by the login, with the account (_user_with_schedule)
    if loaded is not None and loaded[:2] == (current_user.id, today):
        found = loaded[2]
    else:
        found = cache.by_person(current_user.person_id, *_window(today))
    if found is None:
        return render_template("schedule/mine.html", learner=None)
    me, made_of = found
    key = (me.id, me.version, me.schedule_seen_at, me.first_name, today, str(get_locale()), made_of)
    fetched_at = ops.now().astimezone(ops.TIMEZONE).replace(second=0, microsecond=0)

    def render() -> str:
        week = cache.cached("week", key, lambda: _week(me.id, today))
        return render_template("schedule/mine.html", learner=me, week=week, feed=_feed_urls(me),
                               token_form=CalendarTokenForm(), fetched_at=fetched_at)

    # Render before the commit, so the page needs no reload of what the commit expires. A page with a
    # message to show is rendered for this response only; otherwise the whole page is kept (per minute:
    # it says when it was fetched), without its secrets.
    if session.get("_flashes"):
        page = render()
    else:
        page = cache.fill(cache.cached("page", (key, fetched_at, current_user.id, request.full_path),
                                       lambda: cache.hollow(render())))
    seen = ops.naive_utc(me.schedule_seen_at)
    if seen is None or (made_of.latest_change is not None and ops.naive_utc(made_of.latest_change) > seen):
        # Only when there was something new: the badges compare with this moment, and a page that
        # showed nothing new would show the same after an update (so a steady page writes nothing).
        ops.mark_seen(me)
        db.session.commit()
    return keep_offline(make_response(page))


def _own_learner_or_404() -> Learner:
    learner = db.session.execute(select(Learner).where(Learner.person_id == current_user.person_id)).scalar()
    if learner is None:
        abort(404)
    return learner


@bp.route("/report", methods=["GET", "POST"])
@role_required(L)
def report():
    """"Ik ben ziek / ik kom later": the learner tells their supervisor, who confirms before anything is replanned."""
    learner = _own_learner_or_404()
    days = ops.report_days(learner, clock.today())
    form = ReportForm()
    form.days.choices = options((d.isoformat(), label) for d, label in days)
    if request.method == "GET":
        form.kind.data = request.args.get("kind") if request.args.get("kind") in ("sick", "late") else None
        if days:
            form.days.data = [days[0][0].isoformat()]
    if form.validate_on_submit():
        chosen = [ops.parse_day(value) for value in form.days.data]
        made, skipped = report_own_absence(learner.person_id, [d for d in chosen if d], form.kind.data,
                                           form.note.data or "", created_by_id=current_user.id)
        db.session.commit()
        if made:
            flash(_("Je begeleider weet het nu. Je krijgt bericht als je planning verandert."), "success")
        if skipped:
            flash(_("Voor %(days)s was je al afwezig gemeld.",
                    days=", ".join(dict(days).get(d, d.isoformat()) for d in skipped)), "warning")
        return redirect(url_for(".mine"))
    status = 400 if request.method == "POST" else 200
    return render_template("schedule/report.html", form=form, learner=learner,
                           supervisors=ops.learner_contacts(learner, clock.today())), status


@bp.route("/learner/<int:learner_id>")
@role_required(C, S, T)
def learner(learner_id: int):
    """A learner's schedule as staff see it (within their access rights); the read is logged."""
    learner = learner_or_404(learner_id)
    page = render_template("schedule/learner.html", **_schedule_context(learner, clock.today()))
    audit.record_view(db.session, learner, "schedule")
    db.session.commit()
    return page


def _calendar_learner_or_404(learner_id: int) -> Learner:
    """The learner themselves, or staff who may change the learner's file, manage the calendar link."""
    learner = db.get_or_404(Learner, learner_id)
    own = current_user.role == L and learner.person_id == current_user.person_id
    if not (own or can_edit_learner(current_user, learner)):
        abort(404)
    return learner


def _back_to_schedule(learner: Learner):
    if current_user.role == L:
        return redirect(url_for(".mine", _anchor="agenda"))
    return redirect(url_for(".learner", learner_id=learner.id, _anchor="agenda"))


@bp.route("/learner/<int:learner_id>/calendar", methods=["POST"])
@role_required(C, S, T, L)
def new_token(learner_id: int):
    """Make (or remake) the secret calendar link; an older link stops working."""
    learner = _calendar_learner_or_404(learner_id)
    if not CalendarTokenForm().validate_on_submit():
        abort(400)
    had_token = learner.calendar_token is not None
    ops.renew_calendar_token(learner)
    db.session.commit()
    flash(_("Er is een nieuwe agenda-link gemaakt. De oude link werkt niet meer.") if had_token
          else _("De agenda-link is klaar."), "success")
    return _back_to_schedule(learner)


@bp.route("/learner/<int:learner_id>/calendar/revoke", methods=["POST"])
@role_required(C, S, T, L)
def revoke_token(learner_id: int):
    """Switch the calendar link off."""
    learner = _calendar_learner_or_404(learner_id)
    if not CalendarTokenForm().validate_on_submit():
        abort(400)
    ops.revoke_calendar_token(learner)
    db.session.commit()
    flash(_("De agenda-link is ingetrokken. Agenda's die erop geabonneerd zijn, krijgen geen nieuwe planning meer."),
          "success")
    return _back_to_schedule(learner)


@bp.route("/feed/<token>.ics")
@public
def feed(token: str):
    """The learner's published crews as iCalendar; the unguessable token is the only key."""
    today = clock.today()
    first, last = ops.feed_window(today)
    found = cache.by_token(token, first, last, notices.shown_since(today)) if token else None
    if found is None:
        abort(404)
    me, made_of = found
    key = (me.id, me.version, me.first_name, token, today, str(get_locale()), made_of)

    def build() -> bytes:
        learner = db.session.get(Learner, me.id)
        return ops.calendar_feed(learner, ops.feed_placements(learner, first, last))

    body = cache.cached("feed", key, build)
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="planning.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _sheet_floors() -> tuple[list[Floor], set[int] | None]:
    """The floors the crew sheet covers: `?floor=` if the user may manage it, else all of theirs."""
    floor_id = request.args.get("floor", type=int)
    if floor_id is not None:
        floor = db.get_or_404(Floor, floor_id)
        if not can_manage_floor(current_user, floor.id):
            abort(404)
        return [floor], {floor.id}
    floor_ids = user_floor_ids(current_user)
    query = select(Floor).where(Floor.active).order_by(Floor.name)
    if floor_ids is not None:
        query = query.where(Floor.id.in_(floor_ids))
    return list(db.session.execute(query).scalars()), floor_ids


@bp.route("/crew-sheet")
@role_required(C, S)
def crew_sheets():
    """Pick a day (and floor) for the crew sheet."""
    floors, floor_ids = _sheet_floors()
    picked = ops.parse_day(request.args.get("day", ""))
    if picked is not None:
        return redirect(url_for(".crew_sheet", day=picked.isoformat(), floor=request.args.get("floor", type=int)))
    today = clock.today()
    plans = ops.recent_plans(today - timedelta(days=1), today + timedelta(days=14), floor_ids)
    return render_template("schedule/crew_sheets.html", floors=floors, plans=plans, today=today)


@bp.route("/crew-sheet/<day>")
@role_required(C, S)
def crew_sheet(day: str):
    """The printable A4 crew sheet of one day, one page per van, for draft and published plans."""
    the_day = ops.parse_day(day)
    if the_day is None:
        abort(404)
    floors, floor_ids = _sheet_floors()
    sheet = ops.crew_sheet(the_day, floor_ids)
    return render_template("schedule/crew_sheet.html", sheet=sheet, floors=floors,
                           floor_param=request.args.get("floor", type=int))
