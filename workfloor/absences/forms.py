"""The absence form: who, from when to when, which blocks, which category."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from workfloor.forms import AppForm, VersionField, not_before
from workfloor.vocabulary import AbsenceReason

NOTE_MAX = 200
BLOCK_CHOICES = [("day", _l("Hele dag")), ("am", _l("Voormiddag")), ("pm", _l("Namiddag"))]
NO_PERSON = 0


class AbsenceForm(AppForm):
    person_id = SelectField(_l("Persoon"), coerce=int)
    start_date = DateField(_l("Van"), validators=[InputRequired(_l("Kies de eerste dag."))])
    end_date = DateField(_l("Tot en met"), validators=[
        InputRequired(_l("Kies de laatste dag.")),
        not_before("start_date", _l("De einddatum ligt voor de begindatum."))])
    blocks = RadioField(_l("Dagdelen"), choices=lambda: BLOCK_CHOICES, default="day")
    reason = SelectField(_l("Reden"), choices=AbsenceReason.choices)
    note = StringField(_l("Korte notitie"), description=_l("Geen medische details of diagnose noteren."),
                       validators=[Length(max=NOTE_MAX, message=_l("Hou de notitie kort: hoogstens 200 tekens."))])
    version = VersionField()

    def __init__(self, *args, persons: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.person_id.choices = [(NO_PERSON, str(_l("— Kies een persoon —"))), *persons]

    def validate_person_id(self, field) -> None:
        if field.data == NO_PERSON:
            raise ValidationError(_l("Kies een persoon."))


class ConfirmForm(AppForm):
    """The supervisor's OK on a learner's own report: only the CSRF token travels (and the board's day)."""
