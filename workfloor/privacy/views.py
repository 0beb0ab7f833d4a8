"""The coordinator's privacy page of a learner: export everything (art. 15), erase or pseudonymise (art. 17)."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from workfloor import audit, clock
from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.models import Learner
from workfloor.privacy import bp
from workfloor.privacy import operations as ops
from workfloor.privacy.forms import EraseForm
from workfloor.privacy.registry import SECTIONS
from workfloor.vocabulary import Role


def _page(learner: Learner, form: EraseForm, status: int = 200):
    day = clock.today()
    page = render_template("privacy/learner.html", learner=learner, form=form, sections=SECTIONS,
                           retention_until=ops.retention_until(learner),
                           refusals={mode: ops.refusal(learner, mode, day) for mode in ops.MODES})
    audit.record_view(db.session, learner, "privacy")  # the page shows the contract dates
    db.session.commit()
    return page, status


@bp.route("/learner/<int:learner_id>")
@role_required(Role.COORDINATOR)
def learner(learner_id: int):
    """What the app holds about a learner, the export, and erasure within the retention rules."""
    return _page(db.get_or_404(Learner, learner_id), EraseForm())


@bp.route("/learner/<int:learner_id>/export.zip")
@role_required(Role.COORDINATOR)
def export(learner_id: int):
    """Everything about the learner as a ZIP of JSON and CSV (logged in the learner's audit log)."""
    learner = db.get_or_404(Learner, learner_id)
    body = ops.export_zip(learner)
    db.session.commit()
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="leerwerknemer-{learner.id}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/learner/<int:learner_id>/erase", methods=["POST"])
@role_required(Role.COORDINATOR)
def erase(learner_id: int):
    """Erase or pseudonymise, after the name is typed out; refused within the retention rules."""
    learner = db.get_or_404(Learner, learner_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return _page(learner, form, 400)
    if " ".join(form.confirm_name.data.split()).casefold() != " ".join(learner.name.split()).casefold():
        form.confirm_name.errors.append(_("Dit is niet de naam van deze leerwerknemer."))
        return _page(learner, form, 400)
    try:
        ops.erase(learner, form.mode.data, clock.today())
    except ops.ErasureRefused as refused:
        db.session.rollback()
        form.mode.errors.append(str(refused))
        return _page(db.get_or_404(Learner, learner_id), form, 409)
    db.session.commit()
    flash(_("Het dossier is gewist.") if form.mode.data == ops.ERASE else _("De leerwerknemer is gepseudonimiseerd."),
          "success")
    return redirect(url_for(".learner", learner_id=learner_id))
