"""Forms of the schedule feature."""
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from workfloor.forms import AppForm, MultiCheckboxField
from workfloor.framework.forms import options, values_of

REPORT_NOTE_MAX = 200


class CalendarTokenForm(AppForm):
    """Make a new calendar link or revoke it: only the CSRF token travels."""


class ReportForm(AppForm):
    """The learner's own report: sick or later, on which days, with an optional short note."""

    kind = RadioField(_l("Wat is er?"), choices=options([("sick", _l("Ik ben ziek")), ("late", _l("Ik kom later"))]),
                      validators=[InputRequired(_l("Kies: ziek of later."))], validate_choice=False)
    days = MultiCheckboxField(_l("Welke dag of dagen?"), validate_choice=False)
    note = StringField(_l("Iets kort erbij zeggen? (mag leeg blijven)"),
                       description=_l("Bijvoorbeeld: ‘ik ben er om 10 uur’. Schrijf niet wat je scheelt."),
                       validators=[Length(max=REPORT_NOTE_MAX, message=_l("Hou het kort: hoogstens 200 tekens."))])

    def validate_kind(self, field) -> None:
        if field.data not in ("sick", "late"):
            field.data = None
            raise ValidationError(_l("Kies: ziek of later."))

    def validate_days(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Kies minstens één dag."))
        if set(field.data) - values_of(field):
            raise ValidationError(_l("Kies een dag uit de lijst."))

    def validate_note(self, field) -> None:
        if any(ord(ch) < 32 for ch in field.data or ""):
            raise ValidationError(_l("Gebruik gewone tekst, zonder speciale tekens."))
