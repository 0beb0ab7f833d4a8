"""The floor form."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from workfloor.forms import AppForm, VersionField, known_choice
from workfloor.vocabulary import Domain


class FloorForm(AppForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Geef de werkvloer een naam.")),
                                               Length(max=120, message=_l("Hoogstens 120 tekens."))])
    domain = SelectField(_l("Domein"), choices=Domain.choices, validate_choice=False,
                         validators=[DataRequired(_l("Kies een domein.")),
                                     known_choice(_l("Kies een domein: schoonmaak of groen."))])
    base = StringField(_l("Uitvalsbasis"), description=_l("Waar de ploegen 's morgens vertrekken."),
                       validators=[DataRequired(_l("Vul de uitvalsbasis in.")),
                                   Length(max=200, message=_l("Hoogstens 200 tekens."))])
    version = VersionField()
