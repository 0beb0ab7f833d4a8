from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul je e-mailadres in.")),
                                                     Email(_l("Dit is geen geldig e-mailadres."))])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in.")),
                                                         Length(max=200)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(_l("Vul je huidige wachtwoord in."))])
    new = PasswordField(_l("Nieuw wachtwoord"), description=_l(
        "Minstens 10 tekens en moeilijk te raden: bijvoorbeeld drie of vier losse woorden."), validators=[
        DataRequired(_l("Kies een nieuw wachtwoord.")),
        Length(min=10, max=200, message=_l("Kies minstens 10 tekens."))])


class NoticeSettingsForm(FlaskForm):
    mail_notices = BooleanField(_l("Stuur me een e-mail als mijn planning wijzigt"))
