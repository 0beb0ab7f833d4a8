"""The contact log: client contacts with follow-ups. Professional secrecy: only the learner's
counsellor and the coordinator reach these pages, and every read is in the audit log."""
from __future__ import annotations


from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workfloor import audit, clock
from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.models import ContactEntry
from workfloor.trajectory import bp
from workfloor.trajectory import operations as ops
from workfloor.trajectory.access import row_or_404, secrecy_learner_or_404
from workfloor.trajectory.forms import ContactForm, form_values
from workfloor.trajectory.vocabulary import ContactKind
from workfloor.vocabulary import Role

C, T = Role.COORDINATOR, Role.COUNSELLOR


def _fields(form: ContactForm) -> dict:
    return form_values(form, ops.CONTACT_FIELDS)


@bp.route("/learners/<int:learner_id>/contacts", methods=["GET", "POST"])
@role_required(C, T)
def contacts(learner_id: int):
    learner = secrecy_learner_or_404(learner_id)
    form = ContactForm() if request.method == "POST" else ContactForm(day=clock.today())
    if form.validate_on_submit():
        ops.save_contact(ContactEntry(), learner=learner, user=current_user, **_fields(form))
        db.session.commit()
        flash(_("Het contact is genoteerd."), "success")
        return redirect(url_for(".contacts", learner_id=learner.id))
    outcome = ops.outcome_of(learner.id)
    page = render_template("trajectory/contacts.html", learner=learner, form=form, contacts=ops.contacts_of(learner.id),
                           kind_labels=dict(ContactKind.choices()), today=clock.today(), outcome=outcome,
                           aftercare_until=ops.aftercare_until(outcome)), 400 if request.method == "POST" else 200
    audit.record_view(db.session, learner, "contacts")
    db.session.commit()
    return page


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@role_required(C, T)
def edit_contact(contact_id: int):
    contact = row_or_404(ContactEntry, contact_id, secrecy=True)
    learner = contact.learner
    form = ContactForm(obj=contact, version=contact.version) if request.method == "GET" else ContactForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        fields = _fields(form)
        if commit_versioned(contact, form.version.data,
                            lambda: ops.save_contact(contact, learner=learner, user=current_user, **fields)):
            flash(_("Het contact is opgeslagen."), "success")
            return redirect(url_for(".contacts", learner_id=learner.id))
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = contact.version
        status = 409
    page = render_template("trajectory/contact_form.html", form=form, contact=contact, learner=learner), status
    audit.record_view(db.session, learner, "contact")
    db.session.commit()
    return page


@bp.route("/contacts/<int:contact_id>/done", methods=["POST"])
@role_required(C, T)
def contact_done(contact_id: int):
    contact = row_or_404(ContactEntry, contact_id, secrecy=True)
    if not contact.follow_up_done:
        contact.follow_up_done = True
        db.session.commit()
    flash(_("De opvolging is afgevinkt."), "success")
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for(".contacts", learner_id=contact.learner_id))
