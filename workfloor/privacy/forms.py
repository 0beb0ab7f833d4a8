"""The erasure form: which kind, and the learner's name typed out as confirmation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from workfloor.forms import AppForm
from workfloor.privacy.operations import ERASE, PSEUDONYMISE

MODE_CHOICES = [
    SelectChoice(PSEUDONYMISE, _l("Pseudonimiseren: naam, telefoon en account verdwijnen; het dossier blijft bewaard")),
    SelectChoice(ERASE, _l("Wissen: ook het dossier zelf (beoordelingen, doelen, aanwezigheid, afwezigheden, "
                           "meldingen)")),
]


class EraseForm(AppForm):
    mode = RadioField(_l("Wat moet er gebeuren?"), choices=MODE_CHOICES,
                      validators=[InputRequired(_l("Kies pseudonimiseren of wissen."))])
    confirm_name = StringField(_l("Typ ter bevestiging de volledige naam van de leerwerknemer"),
                               validators=[DataRequired(_l("Typ de naam ter bevestiging.")), Length(max=200)])
