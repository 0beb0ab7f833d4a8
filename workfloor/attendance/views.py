"""Attendance: one screen per day, prefilled, where the supervisor marks only the exceptions."""
from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workfloor import audit, clock
from workfloor.access import role_required, user_floor_ids
from workfloor.attendance import bp
from workfloor.attendance.forms import DayForm, attendance_form
from workfloor.attendance.operations import (
    STATUS_LABELS, attendance_sheet, led_assignments, lock_learners, save_attendance, sheet_learners, sheet_version,
)
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE
from workfloor.vocabulary import AbsenceReason, Block, Role

C, S = Role.COORDINATOR, Role.SUPERVISOR
ROW_FIELD = re.compile(r"^(?:status|note)_(\d+)_([a-z]+)$")


@bp.route("/", methods=["GET", "POST"])
@role_required(C, S)
def index():
    day_form = DayForm(formdata=request.args)
    if not day_form.validate():
        return render_template("attendance/index.html", day_form=day_form, sheet=None, form=None,
                               today=clock.today())
    day = day_form.day.data or clock.today()
    day_form.day.data = day
    sheet = attendance_sheet(day, sheet_learners(current_user), user_floor_ids(current_user),
                             own_assignments=led_assignments(day, current_user.person_id))
    form = attendance_form(sheet)
    status = 200
    if request.method == "POST":
        _refuse_rows_outside_sheet(sheet)
        if form.validate():
            # Saves of the same sheet wait for each other; then the sheet is read again as stored now.
            lock_learners(row.learner.id for row in sheet.rows)
            sheet = attendance_sheet(day, sheet_learners(current_user), user_floor_ids(current_user))
            if form.version.data == sheet_version(sheet):
                changed = save_attendance(sheet, form.marks(sheet), current_user)
                db.session.commit()
                flash(_("Aanwezigheden van %(day)s opgeslagen (%(count)d gewijzigd).",
                        day=day.strftime("%d/%m/%Y"), count=changed), "success")
                return redirect(url_for(".index", day=day.isoformat()))
            # Someone else saved this sheet meanwhile: keep what this user marked, with the new version.
            flash(CONFLICT_MESSAGE, "error")
            form.version.data = sheet_version(sheet)
            status = 409
        else:
            flash(_("Niet opgeslagen: kijk de aangeduide rijen na."), "error")
    page = render_template("attendance/index.html", day_form=day_form, sheet=sheet, form=form,
                           today=clock.today(), statuses=STATUS_LABELS, block_labels=dict(Block.choices()),
                           absence_labels=dict(AbsenceReason.choices()))
    # Logged after drawing the page: the commit would expire the rows the page still reads.
    audit.record_views(db.session, {row.learner.id for row in sheet.rows}, "attendance")  # statuses, notes
    db.session.commit()
    return page, status


def _refuse_rows_outside_sheet(sheet) -> None:
    """A submitted row for a learner (or block) not on this user's sheet is outside their reach: 404."""
    keys = {row.key for row in sheet.rows}
    for name in request.form:
        match = ROW_FIELD.match(name)
        if match and (int(match.group(1)), match.group(2)) not in keys:
            abort(404)
