"""The floor form."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

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
    workshop_site_id = SelectField(_l("Werkplaats: locatie"), coerce=int, validate_choice=False,
                                   description=_l("Waar leerwerknemers werken als ze niet op een werf staan."))
    workshop_capacity = IntegerField(_l("Werkplaats: plaatsen per dagdeel"), default=0,
                                     description=_l("Leeg of 0: geen werkplaats."), validators=[
        Optional(), NumberRange(min=0, max=50, message=_l("Vul een aantal van 0 tot 50 in."))])
    workshop_supervisors = IntegerField(_l("Werkplaats: minimum begeleiders"), default=1, validators=[
        Optional(), NumberRange(min=0, max=10, message=_l("Vul een aantal van 0 tot 10 in."))])

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop_site_id.choices = [(0, _l("— geen werkplaats —"))] + [(site.id, site.name) for site in sites]

    def validate_workshop_site_id(self, field) -> None:
        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een locatie uit de lijst."))

    def validate_workshop_capacity(self, field) -> None:
        if field.data and not self.workshop_site_id.data:
            raise ValidationError(_l("Kies eerst de locatie van de werkplaats."))
