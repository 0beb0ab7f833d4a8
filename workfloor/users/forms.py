"""Forms for user accounts: create, edit, reset password."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from workfloor.forms import AppForm, VersionField, known_choice, optional_int
from workfloor.users.operations import MIN_PASSWORD_LENGTH
from workfloor.vocabulary import Role


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _email_field() -> EmailField:
    return EmailField(_l("E-mailadres"), filters=[_strip], validators=[
        DataRequired(_l("Vul het e-mailadres in.")),
        Email(_l("Dit is geen geldig e-mailadres.")),
        Length(max=254, message=_l("Hoogstens 254 tekens."))])


def _password_field(label) -> PasswordField:
    return PasswordField(label, description=_l(
        "Minstens 10 tekens, moeilijk te raden en zonder naam of e-mailadres. Geef het persoonlijk door."), validators=[
        DataRequired(_l("Kies een wachtwoord.")),
        Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("Kies minstens 10 tekens."))])


def _name_field(label, message) -> StringField:
    return StringField(label, validators=[Length(max=80, message=_l("Hoogstens 80 tekens."))],
                       description=message)


class UserCreateForm(AppForm):
    role = SelectField(_l("Rol"), choices=Role.choices, validate_choice=False,
                       validators=[DataRequired(_l("Kies een rol.")), known_choice(_l("Kies een rol uit de lijst."))])
    first_name = _name_field(_l("Voornaam"), _l("Niet nodig voor een leerwerknemer."))
    last_name = _name_field(_l("Achternaam"), _l("Niet nodig voor een leerwerknemer."))
    learner_id = SelectField(_l("Leerwerknemer"), coerce=optional_int, validate_choice=False,
                             description=_l("Alleen voor de rol leerwerknemer: het dossier van dit account."),
                             validators=[known_choice(_l("Kies een leerwerknemer zonder account uit de lijst."))])
    email = _email_field()
    password = _password_field(_l("Wachtwoord"))

    def _for_learner(self) -> bool:
        return self.role.data == Role.LEARNER

    def validate_first_name(self, field) -> None:
        if not self._for_learner() and not (field.data or "").strip():
            raise ValidationError(_l("Vul de voornaam in."))

    def validate_last_name(self, field) -> None:
        if not self._for_learner() and not (field.data or "").strip():
            raise ValidationError(_l("Vul de achternaam in."))

    def validate_learner_id(self, field) -> None:
        if self._for_learner() and field.data is None:
            raise ValidationError(_l("Kies de leerwerknemer voor wie dit account is."))


class UserEditForm(AppForm):
    first_name = StringField(_l("Voornaam"), validators=[DataRequired(_l("Vul de voornaam in.")),
                                                        Length(max=80, message=_l("Hoogstens 80 tekens."))])
    last_name = StringField(_l("Achternaam"), validators=[DataRequired(_l("Vul de achternaam in.")),
                                                         Length(max=80, message=_l("Hoogstens 80 tekens."))])
    email = _email_field()
    role = SelectField(_l("Rol"), validate_choice=False,
                       validators=[DataRequired(_l("Kies een rol.")), known_choice(_l("Kies een rol uit de lijst."))])
    active = BooleanField(_l("Account actief (kan aanmelden)"))
    version = VersionField()


class PasswordResetForm(AppForm):
    password = _password_field(_l("Nieuw wachtwoord"))
