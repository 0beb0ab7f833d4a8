"""The vehicle form and the out-of-service form."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from workfloor.forms import AppForm, MultiCheckboxField, VersionField, known_choice, not_before, optional_int
from workfloor.vocabulary import Licence, VehicleFeature


class VehicleForm(AppForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Geef het voertuig een naam.")),
                                               Length(max=120, message=_l("Hoogstens 120 tekens."))])
    plate = StringField(_l("Nummerplaat"), validators=[Length(max=20, message=_l("Hoogstens 20 tekens."))])
    floor_id = SelectField(_l("Werkvloer"), coerce=optional_int, validate_choice=False,
                           description=_l("Leeg laten: het voertuig hoort bij de gedeelde pool."),
                           validators=[known_choice(_l("Kies een werkvloer uit de lijst."))])
    seats = IntegerField(_l("Zitplaatsen (bestuurder inbegrepen)"),
                         validators=[InputRequired(_l("Vul het aantal zitplaatsen in.")),
                                     NumberRange(min=1, message=_l("Een voertuig heeft minstens 1 zitplaats.")),
                                     NumberRange(max=60, message=_l("Hoogstens 60 zitplaatsen."))],
                         render_kw={"min": 1, "inputmode": "numeric"})
    licence = SelectField(_l("Vereist rijbewijs"), choices=Licence.choices, validate_choice=False,
                          validators=[DataRequired(_l("Kies het rijbewijs dat nodig is.")),
                                      known_choice(_l("Onbekend rijbewijs: kies B of BE."))])
    features = MultiCheckboxField(_l("Uitrusting"), choices=VehicleFeature.choices, validate_choice=False,
                                  validators=[known_choice(_l("Onbekende uitrusting: kies uit de lijst."))])
    version = VersionField()


class OutageForm(AppForm):
    start_date = DateField(_l("Buiten dienst vanaf"),
                           validators=[InputRequired(_l("Vul de begindatum in."))])
    end_date = DateField(_l("Tot en met"),
                         validators=[InputRequired(_l("Vul de einddatum in.")),
                                     not_before("start_date", _l("De einddatum ligt voor de begindatum."))])
    reason = StringField(_l("Reden"), description=_l("Bijvoorbeeld: panne, garage, keuring."),
                         validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))])
