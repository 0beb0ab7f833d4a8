"""The learner file (leerwerknemersdossier): list, create, show, history, focused edit forms, deactivate."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from workfloor import audit, clock
from workfloor.access import can_view_learner, learner_or_404, role_required, user_floor_ids
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.learners import bp
from workfloor.learners import operations as ops
from workfloor.learners.forms import (
    ActiveForm, AvoidancesForm, BasicsForm, CertificateForm, DrivingForm, LearnerCreateForm, PatternForm,
    RemoveCertificateForm, RestrictionsForm, options, pattern_code,
)
from workfloor.learners.history import history_items
from workfloor.models import AuditEntry, Floor, Learner
from workfloor.users.operations import UserError
from workfloor.vocabulary import BLOCK_SHORT, WEEKDAYS, Block, Role

C, S, T = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR
HISTORY_PER_PAGE = 25


# Helpers for the templates of this blueprint ------------------------------------------------------

def pattern_summary(pattern: set[tuple[int, str]]) -> str:
    """A short description of a weekly pattern: "4 d, vm+nm", "5 d, vm" or "3 d, 4 dagdelen"."""
    if not pattern:
        return _("geen vaste dagen")
    days = {day for day, _block in pattern}
    per_day = {frozenset(block for d, block in pattern if d == day) for day in days}
    if len(per_day) == 1:
        blocks = [str(BLOCK_SHORT[b.value]) for b in Block if b.value in next(iter(per_day))]
        return f"{len(days)} d, {'+'.join(blocks)}"
    return _("%(days)s d, %(blocks)s dagdelen", days=len(days), blocks=len(pattern))


def date_status(day: date | None, today: date) -> str:
    """'past' when a date has gone by, 'soon' within 30 days, else ''."""
    if day is None:
        return ""
    if day < today:
        return "past"
    return "soon" if day <= today + ops.SOON else ""


@bp.context_processor
def helpers() -> dict:
    return {"pattern_summary": pattern_summary, "date_status": date_status, "today": clock.today(),
            "WEEKDAYS": WEEKDAYS, "pattern_code": pattern_code}


def _counsellor_choices(current_id: int | None = None) -> list[SelectChoice]:
    return options([(0, _("— nog geen —"))] + [(p.id, p.name) for p in ops.counsellors(also=current_id)])


def _basics(form: LearnerCreateForm | BasicsForm) -> ops.Basics:
    return ops.Basics(
        first_name=form.first_name.data, last_name=form.last_name.data, phone=form.phone.data or "",
        floor_ids=list(form.floors.data), counsellor_id=form.counsellor_id.data or None,
        contract_start=form.contract_start.data, contract_end=form.contract_end.data, phase=form.phase.data,
        mentor_id=form.mentor_id.data or None if hasattr(form, "mentor_id") else None)


def _after_save(learner: Learner, anchor: str) -> object:
    """Back to the file, or to the list if the change took the learner out of this user's reach."""
    if can_view_learner(current_user, learner):
        return redirect(url_for(".show", learner_id=learner.id, _anchor=anchor))
    flash(_("%(name)s valt nu buiten jouw werkvloeren of caseload.", name=learner.name), "warning")
    return redirect(url_for(".index"))


def _save(learner: Learner, form: FlaskForm, apply: Callable[[], None], message: str, anchor: str):
    """Check the version, apply the change and commit. Returns a redirect, or None on a conflict.

    On a conflict the form keeps what the user typed but carries the version stored now, so
    that, after checking the other person's change, saving again works.
    """
    # The submitted value itself: a form posted without a version would otherwise fall back to
    # the version the form was built with (the current one) and pass unnoticed.
    if not commit_versioned(learner, request.form.get("version"), apply):
        flash(CONFLICT_MESSAGE, "error")
        form.version.data = str(learner.version)
        return None
    flash(message, "success")
    return _after_save(learner, anchor)


def _render_edit(template: str, learner: Learner, form: FlaskForm, conflict: bool, **context):
    """Draw an edit page; it shows part of the file (the phone, the restrictions ...), so the read is logged."""
    audit.record_view(db.session, learner, "file_" + template.rsplit("edit_", 1)[-1].removesuffix(".html"))
    db.session.commit()
    return render_template(template, learner=learner, form=form, conflict=conflict, **context), \
        409 if conflict else 200


# The list -------------------------------------------------------------------------------------------

@bp.route("/")
@role_required(C, S, T)
def index():
    """The learners this user may see, with search and filters."""
    args = request.args
    status = args.get("status", "active")
    if status not in ("active", "inactive", "all"):
        status = "active"
    filters = {
        "q": args.get("q", "").strip(),
        "floor_id": args.get("floor", type=int),
        "phase": args.get("phase", ""),
        "counsellor_id": args.get("counsellor", type=int) if current_user.role != T else None,
        "status": status,
    }
    learners = db.session.execute(ops.filtered_learners(current_user, **filters)).scalars().all()
    floor_ids = user_floor_ids(current_user)
    floor_query = select(Floor).where(Floor.active).order_by(Floor.name)
    if floor_ids is not None and current_user.role == S:
        floor_query = floor_query.where(Floor.id.in_(floor_ids))
    return render_template(
        "learners/index.html", learners=learners, filters=filters,
        floors=db.session.execute(floor_query).scalars().all(),
        counsellors=ops.counsellors() if current_user.role != T else [],
        may_create=current_user.role in (C, T))


# Create ---------------------------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@role_required(C, T)
def create():
    """A new learner's file.

    Coordinators create any learner. A counsellor doing an intake may create a learner too,
    but only for their own caseload: the counsellor is always themselves, so the new learner
    is in reach of the person who created it. Supervisors do not create learners.
    """
    counsellor_self = current_user.role == T
    form = LearnerCreateForm(data={"contract_start": clock.today(), "phase": "work_activation",
                                   "counsellor_id": current_user.person_id if counsellor_self else 0})
    form.floors.choices = options((f.id, f.name) for f in ops.floors_to_choose())
    form.counsellor_id.choices = (options([(current_user.person_id, current_user.person.name)]) if counsellor_self
                                  else _counsellor_choices())
    if form.validate_on_submit():
        basics = _basics(form)
        if counsellor_self:
            basics = replace(basics, counsellor_id=current_user.person_id)
        try:
            learner = ops.create_learner(basics, email=form.email.data or None,
                                         password=form.password.data or None)
        except UserError as error:  # raised before anything was added
            field = getattr(form, error.field or "", None) or form.email
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            flash(_("Het dossier van %(name)s is aangemaakt. Vul nu het werkpatroon in.", name=learner.name),
                  "success")
            return redirect(url_for(".edit_pattern", learner_id=learner.id))
    return render_template("learners/create.html", form=form, counsellor_self=counsellor_self)


# Show and history -----------------------------------------------------------------------------------

@bp.route("/<int:learner_id>")
@role_required(C, S, T)
def show(learner_id: int):
    """The whole file of one learner; the read is logged."""
    learner = learner_or_404(learner_id)
    today = clock.today()
    avoided = [a.avoided for a in learner.avoidances]
    avoiders = ops.avoided_by(learner)
    visible = ops.visible_ids(current_user, [lr.id for lr in avoided + avoiders])
    audit.record_view(db.session, learner, "file")
    db.session.commit()
    return render_template(
        "learners/show.html", learner=learner, absences=ops.upcoming_absences(learner, today),
        avoided=[lr for lr in avoided if lr.id in visible],
        avoided_hidden=sum(1 for lr in avoided if lr.id not in visible),
        avoiders=[lr for lr in avoiders if lr.id in visible],
        may_edit=True, may_deactivate=current_user.role == C, active_form=ActiveForm())


@bp.route("/<int:learner_id>/history")
@role_required(C, S, T)
def history(learner_id: int):
    """Who changed what in the file, when, from what to what; coordinators can include reads."""
    learner = learner_or_404(learner_id)
    with_views = current_user.role == C and request.args.get("views") == "1"
    query = (select(AuditEntry).where(AuditEntry.learner_id == learner.id)
             .options(selectinload(AuditEntry.user))
             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    if not with_views:
        query = query.where(AuditEntry.action != "view")
    page = db.paginate(query, page=request.args.get("page", 1, type=int), per_page=HISTORY_PER_PAGE,
                       error_out=False)
    items = history_items(list(page.items), learner, current_user)
    audit.record_view(db.session, learner, "history")
    db.session.commit()
    return render_template("learners/history.html", learner=learner, page=page, items=items,
                           with_views=with_views)


# Edit, one focused form per part --------------------------------------------------------------------

@bp.route("/<int:learner_id>/edit", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_basics(learner_id: int):
    """Name, phone, floors, counsellor, contract dates and phase.

    A counsellor may hand a learner over to another counsellor and a supervisor may move a
    learner to another floor; after such a change the learner may be out of their reach.
    """
    learner = learner_or_404(learner_id, edit=True)
    person = learner.person
    mentors = ops.mentor_candidates(learner.mentor_id)
    form = BasicsForm(data={
        "first_name": person.first_name, "last_name": person.last_name, "phone": person.phone,
        "floors": sorted(learner.floor_ids), "counsellor_id": learner.counsellor_id or 0,
        "contract_start": learner.contract_start, "contract_end": learner.contract_end,
        "phase": learner.phase, "version": learner.version, "mentor_id": learner.mentor_id or 0},
        mentors={s.id: s.floor_ids for s in mentors})
    form.mentor_id.choices = options([(0, _("— nog geen —"))] + [(s.id, s.name) for s in mentors])
    form.floors.choices = options((f.id, f.name) for f in ops.floors_to_choose(learner.floors))
    form.counsellor_id.choices = _counsellor_choices(learner.counsellor_id)
    conflict = False
    if form.validate_on_submit():
        response = _save(learner, form, lambda: ops.update_basics(learner, _basics(form)),
                         _("De gegevens zijn opgeslagen."), "basics")
        if response:
            return response
        conflict = True
    return _render_edit("learners/edit_basics.html", learner, form, conflict)


@bp.route("/<int:learner_id>/pattern", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_pattern(learner_id: int):
    """The weekly working pattern as a weekday × block grid of checkboxes."""
    learner = learner_or_404(learner_id, edit=True)
    form = PatternForm(data={"blocks": [pattern_code(d, b) for d, b in sorted(learner.pattern)],
                             "version": learner.version})
    conflict = False
    if form.validate_on_submit():
        blocks = [(int(code.split("-")[0]), code.split("-")[1]) for code in form.blocks.data]
        response = _save(learner, form, lambda: ops.set_pattern(learner, blocks),
                         _("Het werkpatroon is opgeslagen."), "pattern")
        if response:
            return response
        conflict = True
    return _render_edit("learners/edit_pattern.html", learner, form, conflict)


@bp.route("/<int:learner_id>/driving", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_driving(learner_id: int):
    """Driving licences (B, BE) and whether the learner may drive a city vehicle."""
    learner = learner_or_404(learner_id, edit=True)
    form = DrivingForm(data={"licences": learner.person.licence_codes, "may_drive": learner.may_drive,
                             "version": learner.version})
    conflict = False
    if form.validate_on_submit():
        response = _save(learner, form, lambda: ops.set_driving(learner, form.licences.data, form.may_drive.data),
                         _("Rijbewijzen en rijtoelating zijn opgeslagen."), "driving")
        if response:
            return response
        conflict = True
    return _render_edit("learners/edit_driving.html", learner, form, conflict)


def _certificates_page(learner: Learner, form: CertificateForm, conflict: bool = False):
    remove_forms = {c.id: RemoveCertificateForm(formdata=None, data={"certificate_id": c.id,
                                                                     "version": learner.version})
                    for c in learner.certificates}
    return _render_edit("learners/edit_certificates.html", learner, form, conflict, remove_forms=remove_forms)


@bp.route("/<int:learner_id>/certificates", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_certificates(learner_id: int):
    """The learner's certificates: add one (or renew it with a new expiry date) or remove one."""
    learner = learner_or_404(learner_id, edit=True)
    form = CertificateForm(data={"version": learner.version})
    conflict = False
    if form.validate_on_submit():
        response = _save(learner, form,
                         lambda: ops.add_certificate(learner, form.kind.data, form.valid_until.data),
                         _("Het attest is opgeslagen."), "certificates")
        if response:
            return response
        conflict = True
    return _certificates_page(learner, form, conflict)


@bp.route("/<int:learner_id>/certificates/remove", methods=["POST"])
@role_required(C, S, T)
def remove_certificate(learner_id: int):
    """Remove one certificate (named in the form) from the file."""
    learner = learner_or_404(learner_id, edit=True)
    form = RemoveCertificateForm()
    if not form.validate_on_submit():
        abort(400)
    certificate = next((c for c in learner.certificates if str(c.id) == form.certificate_id.data), None)
    if certificate is None:
        abort(404)
    response = _save(learner, form, lambda: ops.remove_certificate(learner, certificate),
                     _("Het attest is verwijderd."), "certificates")
    if response:
        return response
    return _certificates_page(learner, CertificateForm(formdata=None, data={"version": learner.version}),
                              conflict=True)


@bp.route("/<int:learner_id>/restrictions", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_restrictions(learner_id: int):
    """Functional restrictions, ticked from the fixed list: what someone may not do, never why."""
    learner = learner_or_404(learner_id, edit=True)
    form = RestrictionsForm(data={"codes": learner.restriction_codes, "version": learner.version})
    conflict = False
    if form.validate_on_submit():
        response = _save(learner, form, lambda: ops.set_restrictions(learner, form.codes.data),
                         _("De functionele beperkingen zijn opgeslagen."), "restrictions")
        if response:
            return response
        conflict = True
    return _render_edit("learners/edit_restrictions.html", learner, form, conflict)


@bp.route("/<int:learner_id>/avoid", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_avoidances(learner_id: int):
    """Whom this learner must not be crewed with, chosen from the learners of the same floors."""
    learner = learner_or_404(learner_id, edit=True)
    candidates = ops.avoidance_candidates(current_user, learner)
    editable = [c.id for c in candidates]
    form = AvoidancesForm(data={"avoided": [i for i in learner.avoided_ids if i in editable],
                                "version": learner.version}, learner_id=learner.id)
    form.avoided.choices = options((c.id, c.name) for c in candidates)
    conflict = False
    if form.validate_on_submit():
        response = _save(learner, form, lambda: ops.set_avoidances(learner, form.avoided.data, editable),
                         _("De lijst is opgeslagen."), "avoid")
        if response:
            return response
        conflict = True
    hidden = sum(1 for i in learner.avoided_ids if i not in editable)
    return _render_edit("learners/edit_avoidances.html", learner, form, conflict, hidden=hidden)


# Deactivate and reactivate --------------------------------------------------------------------------

def _set_active(learner_id: int, active: bool):
    learner = learner_or_404(learner_id, edit=True)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    ops.set_active(learner, active)
    db.session.commit()
    if active:
        flash(_("%(name)s is opnieuw actief.", name=learner.name), "success")
    else:
        flash(_("%(name)s is gedeactiveerd en kan niet meer aanmelden.", name=learner.name), "success")
    return redirect(url_for(".show", learner_id=learner.id))


@bp.route("/<int:learner_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(learner_id: int):
    """Deactivate a learner: kept in the records, hidden from lists, their account cannot log in.

    No version check: deactivating twice has the same effect as once.
    """
    return _set_active(learner_id, False)


@bp.route("/<int:learner_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(learner_id: int):
    """Make a deactivated learner active again."""
    return _set_active(learner_id, True)
