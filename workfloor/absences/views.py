"""Absences (afwezigheden): list, register, change and remove."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workfloor import audit, clock
from workfloor.absences import bp
from workfloor.absences.forms import NOTE_MAX, AbsenceForm
from workfloor.absences.operations import (
    BLOCKS, blocks_code, confirm_report, create_absence, delete_absence, list_absences, lock_absences_of,
    overlapping_absence, person_kinds, registrable_persons, reports_waiting, update_absence,
)
from workfloor.access import STAFF, absence_persons, may_register_absence, role_required, user_floor_ids
from workfloor.absences.forms import ConfirmForm
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.models import Absence, Floor, Learner
from workfloor.vocabulary import AbsenceReason, Role

DEFAULT_DAYS = 14


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _absence_or_404(absence_id: int) -> Absence:
    """An absence of someone this user may register absences for; 404 hides the rest."""
    absence = db.get_or_404(Absence, absence_id)
    if not may_register_absence(current_user, absence.person_id):
        abort(404)
    return absence


def _record_views(absences: list[Absence], what: str) -> None:
    """Log the read of learners' absences (reason and note); supervisors' absences are no learner file."""
    learner_ids = db.session.execute(select(Learner.id).where(
        Learner.person_id.in_({a.person_id for a in absences}))).scalars().all() if absences else []
    audit.record_views(db.session, learner_ids, what)
    db.session.commit()


def _kind_label(kind: str | None) -> str:
    return {"learner": _("leerwerknemer"), "supervisor": _("begeleider")}.get(kind or "", "")


def _person_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    persons = registrable_persons(absence_persons(current_user), include_id=include_id)
    kinds = person_kinds({p.id for p in persons})
    own = current_user.person_id
    return [(p.id, f"{p.last_name} {p.first_name} ({_('ikzelf') if p.id == own else _kind_label(kinds.get(p.id))})")
            for p in persons]


def _filter_floors() -> list[Floor]:
    query = select(Floor).where(Floor.active).order_by(Floor.name)
    if current_user.role == Role.SUPERVISOR:
        query = query.where(Floor.id.in_(user_floor_ids(current_user) or set()))
    return list(db.session.execute(query).scalars())


@bp.route("/")
@role_required(*STAFF)
def index():
    today = clock.today()
    start = _parse_date(request.args.get("start")) or today
    end = _parse_date(request.args.get("end")) or start + timedelta(days=DEFAULT_DAYS)
    if end < start:
        flash(_("De einddatum ligt voor de begindatum."), "error")
        end = start + timedelta(days=DEFAULT_DAYS)
    floors = _filter_floors()
    floor_id = request.args.get("floor", type=int)
    if floor_id not in {floor.id for floor in floors}:
        floor_id = None
    reason = request.args.get("reason") or None
    if reason not in {code for code, _label in AbsenceReason.choices()}:
        reason = None
    q = request.args.get("q", "")
    absences = list_absences(absence_persons(current_user), start, end, floor_id=floor_id, reason=reason, q=q)
    kinds = person_kinds({a.person_id for a in absences})
    page = render_template("absences/index.html", absences=absences, kinds=kinds, kind_label=_kind_label,
                           floors=floors, floor_id=floor_id, reason=reason, q=q, start=start, end=end)
    _record_views(absences, "absences")  # after drawing: the commit would expire the rows the page reads
    return page


def _form_data(form: AbsenceForm) -> dict:
    morning, afternoon = BLOCKS[form.blocks.data]
    return {"person_id": form.person_id.data, "start_date": form.start_date.data, "end_date": form.end_date.data,
            "morning": morning, "afternoon": afternoon, "reason": form.reason.data,
            "note": (form.note.data or "").strip()}


def _clashes(form: AbsenceForm, data: dict, except_id: int | None = None) -> bool:
    """Put a Dutch message on the form when the person is already registered absent then."""
    other = overlapping_absence(data["person_id"], data["start_date"], data["end_date"], data["morning"],
                                data["afternoon"], except_id=except_id)
    if other is None:
        return False
    form.start_date.errors.append(_(
        "Deze persoon is in die periode al afwezig gemeld (%(reason)s, %(start)s – %(end)s).",
        reason=AbsenceReason(other.reason).label, start=other.start_date.strftime("%d/%m/%Y"),
        end=other.end_date.strftime("%d/%m/%Y")))
    return True


def _render(form, absence=None, status: int = 200):
    if absence is not None:  # the absence's reason and note are part of a learner's file
        _record_views([absence], "absence")
    return render_template("absences/form.html", form=form, absence=absence, note_max=NOTE_MAX), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new():
    chosen = request.args.get("person_id", type=int)
    initial = {"start_date": _parse_date(request.args.get("day")) or clock.today(),
               "end_date": _parse_date(request.args.get("day")) or clock.today()}
    if chosen and may_register_absence(current_user, chosen):
        initial["person_id"] = chosen
    form = AbsenceForm(persons=_person_choices(), data=initial if request.method == "GET" else None)
    if form.validate_on_submit():
        data = _form_data(form)
        lock_absences_of(data["person_id"])
        if not _clashes(form, data):
            absence = create_absence(data, created_by_id=current_user.id)
            db.session.commit()
            flash(_("Afwezigheid van %(name)s geregistreerd.", name=absence.person.name), "success")
            return redirect(url_for(".index", start=absence.start_date.isoformat()))
    return _render(form)


@bp.route("/<int:absence_id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(absence_id: int):
    absence = _absence_or_404(absence_id)
    initial = None
    if request.method == "GET":
        initial = {"person_id": absence.person_id, "start_date": absence.start_date, "end_date": absence.end_date,
                   "blocks": blocks_code(absence), "reason": absence.reason, "note": absence.note,
                   "version": absence.version}
    form = AbsenceForm(persons=_person_choices(include_id=absence.person_id), data=initial)
    if form.validate_on_submit():
        data = _form_data(form)
        lock_absences_of(data["person_id"])
        if not _clashes(form, data, except_id=absence.id):
            if not commit_versioned(absence, form.version.data, lambda: update_absence(absence, data)):
                flash(CONFLICT_MESSAGE, "error")
                return _render(form, absence, 409)
            flash(_("Afwezigheid van %(name)s opgeslagen.", name=absence.person.name), "success")
            return redirect(url_for(".index", start=absence.start_date.isoformat()))
    return _render(form, absence)


@bp.route("/<int:absence_id>/delete", methods=["POST"])
@role_required(*STAFF)
def delete(absence_id: int):
    absence = _absence_or_404(absence_id)
    name, start = absence.person.name, absence.start_date
    delete_absence(absence)
    db.session.commit()
    flash(_("Afwezigheid van %(name)s verwijderd.", name=name), "success")
    return redirect(url_for(".index", start=start.isoformat()))


@bp.app_context_processor
def report_helpers() -> dict:
    """The planning board lists the learners' own reports that wait for an OK."""

    def absence_reports(day: date, floor_ids: set[int] | None):
        if current_user.role not in (Role.COORDINATOR, Role.SUPERVISOR):
            return []
        return [a for a in reports_waiting(day, floor_ids) if may_register_absence(current_user, a.person_id)]

    return {"absence_reports": absence_reports, "report_form": ConfirmForm}


@bp.route("/<int:absence_id>/confirm", methods=["POST"])
@role_required(Role.COORDINATOR, Role.SUPERVISOR)
def confirm(absence_id: int):
    """"Herplan": the supervisor accepts a learner's own report; only now may the plan change.

    On a day with a plan, a replan is proposed on the board (the supervisor still confirms it there).
    """
    from workfloor.planning import jobs, operations as planning
    from workfloor.planning.problem import all_floor_ids

    absence = _absence_or_404(absence_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    day = _parse_date(request.form.get("day")) or absence.start_date
    if not absence.start_date <= day <= absence.end_date:
        day = absence.start_date
    name = absence.person.name
    already = absence.confirmed
    confirm_report(absence)
    floor_ids = user_floor_ids(current_user)
    floor_ids = all_floor_ids() if floor_ids is None else floor_ids
    floor = request.form.get("floor", type=int)
    if floor in floor_ids:
        floor_ids = {floor}
    job = None
    if not already and floor_ids and planning.current_plans(day, floor_ids):
        job = jobs.start(day, floor_ids, current_user, kind="replan", time_limit=10)
    db.session.commit()
    if job is not None:
        jobs.launch(job.id)
        flash(_("Afwezigheid van %(name)s bevestigd. Er wordt een herplanning voorgesteld.", name=name), "success")
    else:
        flash(_("Afwezigheid van %(name)s bevestigd.", name=name), "success")
    return redirect(url_for("planning.board", day=day.isoformat(), floor=floor or None,
                            job=job.id if job else None))
