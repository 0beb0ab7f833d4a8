"""The site form."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from workfloor.forms import AppForm, VersionField


class SiteForm(AppForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Geef de locatie een naam.")),
                                               Length(max=120, message=_l("Hoogstens 120 tekens."))])
    address = StringField(_l("Adres"), validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))])
    travel_minutes = IntegerField(
        _l("Reistijd vanaf de uitvalsbasis (minuten)"),
        validators=[InputRequired(_l("Vul de reistijd in minuten in (0 als de locatie naast de basis ligt).")),
                    NumberRange(min=0, max=600, message=_l("De reistijd ligt tussen 0 en 600 minuten."))],
        render_kw={"min": 0, "inputmode": "numeric"})
    notes = TextAreaField(_l("Notities"), description=_l("Praktisch: sleutel, parking, contactpersoon."),
                          validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))])
    version = VersionField()
