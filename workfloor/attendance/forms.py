"""The day chooser and the attendance sheet (one status radio group and a note per learner per block)."""
from __future__ import annotations


from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from competencies import AttendanceStatus
from workfloor import clock
from workfloor.attendance.operations import NOTE_LENGTH, STATUS_LABELS, Sheet, sheet_version
from workfloor.forms import AppForm, VersionField

FUTURE_DAY = _l("Je kan aanwezigheden niet op voorhand registreren: kies vandaag of een dag in het verleden.")
UNKNOWN_STATUS = _l("Onbekende keuze: kies aanwezig, te laat, wettig afwezig of onwettig afwezig.")
NOTE_TOO_LONG = _l("Hou de opmerking kort: hoogstens %(max)d tekens.", max=NOTE_LENGTH)


def not_in_future(form, field) -> None:
    """A validator: attendance is registered for today or earlier."""
    if field.data and field.data > clock.today():
        raise ValidationError(FUTURE_DAY)


class DayForm(AppForm):
    """Which day to show (a GET form, so without CSRF token)."""

    class Meta:
        csrf = False

    day = DateField(_l("Dag"), validators=[Optional(), not_in_future],
                    description=_l("Vandaag of een dag in het verleden."))


def known_status(form, field) -> None:
    """A validator: one of the four statuses, when the row was submitted at all (an empty one is not)."""
    if field.raw_data and field.data not in {status.value for status in AttendanceStatus}:
        raise ValidationError(UNKNOWN_STATUS)


class AttendanceForm(AppForm):
    """Built per sheet by `attendance_form`: fields are named after the rows."""

    # What was stored for these rows when the sheet was opened (`sheet_version`).
    version = VersionField()

    def marks(self, sheet: Sheet) -> dict[tuple[int, str], tuple[str, str]]:
        """The submitted status and note per row that was in the submission."""
        marks = {}
        for row in sheet.rows:
            status_field = self[row.field_name]
            if status_field.raw_data:
                marks[row.key] = (status_field.data, self[row.note_name].data or "")
        return marks


def attendance_form(sheet: Sheet) -> AttendanceForm:
    """An AttendanceForm with a status and a note field per row, prefilled (filled from the request on POST)."""
    choices = [SelectChoice(status.value, STATUS_LABELS[status]) for status in AttendanceStatus]

    class SheetForm(AttendanceForm):
        pass

    for row in sheet.rows:
        setattr(SheetForm, row.field_name, RadioField(
            row.learner.name, choices=choices, default=row.prefill, validate_choice=False,
            validators=[known_status]))
        setattr(SheetForm, row.note_name, StringField(
            _l("Opmerking"), default=row.entry.note if row.entry else "",
            validators=[Length(max=NOTE_LENGTH, message=NOTE_TOO_LONG)]))
    return SheetForm(data={"version": sheet_version(sheet)})
