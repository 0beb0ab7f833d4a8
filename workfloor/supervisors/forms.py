"""Forms for supervisors: their floors, driving licences and how many learners they lead."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from workfloor.forms import AppForm, MultiCheckboxField, VersionField, known_choice, optional_int
from workfloor.users.operations import MIN_PASSWORD_LENGTH
from workfloor.vocabulary import Licence


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class SupervisorForm(AppForm):
    first_name = StringField(_l("Voornaam"), filters=[_strip], validators=[
        DataRequired(_l("Vul de voornaam in.")), Length(max=80, message=_l("Hoogstens 80 tekens."))])
    last_name = StringField(_l("Achternaam"), filters=[_strip], validators=[
        DataRequired(_l("Vul de achternaam in.")), Length(max=80, message=_l("Hoogstens 80 tekens."))])
    phone = StringField(_l("Telefoon"), filters=[_strip],
                        validators=[Length(max=40, message=_l("Hoogstens 40 tekens."))])
    floors = MultiCheckboxField(_l("Werkvloeren"), coerce=optional_int, validate_choice=False,
                                validators=[known_choice(_l("Kies werkvloeren uit de lijst."))])
    licences = MultiCheckboxField(_l("Rijbewijzen"), choices=Licence.choices, validate_choice=False,
                                  validators=[known_choice(_l("Onbekend rijbewijs: kies B of BE."))])
    max_learners = IntegerField(
        _l("Hoeveel leerwerknemers kan deze begeleider leiden?"),
        validators=[InputRequired(_l("Vul in hoeveel leerwerknemers deze begeleider kan leiden.")),
                    NumberRange(min=1, message=_l("Een begeleider leidt minstens 1 leerwerknemer.")),
                    NumberRange(max=30, message=_l("Hoogstens 30 leerwerknemers."))],
        render_kw={"min": 1, "inputmode": "numeric"})

    def validate_licences(self, field) -> None:
        # BE is B with a heavier trailer: nobody holds BE without B.
        if Licence.BE in (field.data or []) and Licence.B not in (field.data or []):
            raise ValidationError(_l("Rijbewijs BE veronderstelt rijbewijs B: vink ook B aan."))


class SupervisorEditForm(SupervisorForm):
    version = VersionField()


class SupervisorCreateForm(SupervisorForm):
    email = EmailField(_l("E-mailadres (om aan te melden)"), filters=[_strip],
                       description=_l("Leeg laten als deze begeleider (nog) niet aanmeldt."),
                       validators=[Optional(), Email(_l("Dit is geen geldig e-mailadres.")),
                                   Length(max=254, message=_l("Hoogstens 254 tekens."))])
    password = PasswordField(_l("Wachtwoord"), description=_l("Alleen met een e-mailadres; minstens 10 tekens."),
                             validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))])

    def validate_password(self, field) -> None:
        if self.email.data and not field.data:
            raise ValidationError(_l("Kies een wachtwoord voor het account."))
        if field.data and len(field.data) < MIN_PASSWORD_LENGTH:
            raise ValidationError(_l("Kies minstens 10 tekens."))
