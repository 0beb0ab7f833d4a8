"""The forms of the learner file, one per focused part so a tablet user never faces one giant form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from workfloor.forms import AppForm, MultiCheckboxField, VersionField, not_before
from workfloor.users.operations import MIN_PASSWORD_LENGTH, email_taken
from workfloor.vocabulary import BLOCK_SHORT, WEEKDAY_LABELS, WEEKDAYS, Block, Certificate, Licence, Phase, Restriction

END_BEFORE_START = _l("De einddatum ligt voor de begindatum.")
EMAIL_TAKEN = _l("Dit e-mailadres is al in gebruik.")
SELF_AVOIDANCE = _l("Een leerwerknemer kan zichzelf niet vermijden.")
BE_NEEDS_B = _l("Rijbewijs BE kan alleen samen met rijbewijs B: vink ook B aan.")
DRIVING_NEEDS_LICENCE = _l("Zonder rijbewijs kan iemand niet met een stadsvoertuig rijden.")


class DutchDateField(DateField):
    """A date input whose parse error is a plain Dutch sentence."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError:
            self.data = None
            raise ValueError(_l("Dit is geen geldige datum. Gebruik de vorm jjjj-mm-dd.")) from None


def options(pairs) -> list[SelectChoice]:
    """Select choices from (value, label) pairs (WTForms no longer takes bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def pattern_code(weekday: int, block: str) -> str:
    """The checkbox value for one block of the weekly pattern, e.g. "0-am"."""
    return f"{weekday}-{block}"


PATTERN_CHOICES = options((pattern_code(day, block.value), f"{WEEKDAY_LABELS[day]} {BLOCK_SHORT[block.value]}")
                          for day in WEEKDAYS for block in Block)


class BasicsFields(AppForm):
    """Name, phone, floors, counsellor, contract and phase: shared by create and edit."""

    first_name = StringField(_l("Voornaam"), validators=[
        DataRequired(_l("Vul de voornaam in.")), Length(max=80, message=_l("Gebruik hoogstens 80 tekens."))])
    last_name = StringField(_l("Achternaam"), validators=[
        DataRequired(_l("Vul de achternaam in.")), Length(max=80, message=_l("Gebruik hoogstens 80 tekens."))])
    phone = StringField(_l("Telefoon"), validators=[
        Optional(), Length(max=40, message=_l("Gebruik hoogstens 40 tekens."))])
    floors = MultiCheckboxField(_l("Werkvloeren"), coerce=int)
    counsellor_id = SelectField(_l("Trajectbegeleider"), coerce=int)
    contract_start = DutchDateField(_l("Begin contract"), validators=[InputRequired(_l("Vul de begindatum in."))])
    contract_end = DutchDateField(_l("Einde contract"), validators=[
        Optional(), not_before("contract_start", END_BEFORE_START)],
        description=_l("Leeg laten als het einde nog niet vastligt."))
    phase = SelectField(_l("Fase"), choices=lambda: options(Phase.choices()),
                        validators=[DataRequired(_l("Kies een fase."))])

    def validate_floors(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("Kies minstens één werkvloer."))


class LearnerCreateForm(BasicsFields):
    """A new learner, optionally with a login account."""

    email = EmailField(_l("E-mailadres (optioneel)"), validators=[
        Optional(), Email(_l("Dit is geen geldig e-mailadres.")),
        Length(max=254, message=_l("Gebruik hoogstens 254 tekens."))],
        description=_l("Alleen invullen als de leerwerknemer zelf kan aanmelden (eigen planning bekijken)."))
    password = PasswordField(_l("Eerste wachtwoord"), validators=[
        Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                           message=_l("Kies minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH))])

    def validate_email(self, field: EmailField) -> None:
        if field.data and email_taken(field.data):
            raise ValidationError(EMAIL_TAKEN)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Not a validate_password: Optional() stops the chain of an empty field before it would run.
        if self.email.data and not self.password.data:
            self.password.errors.append(_l("Kies een eerste wachtwoord voor de nieuwe login."))
            return False
        return valid


class BasicsForm(BasicsFields):
    """Edit the basic data of a learner's file, and who their vaste begeleider is."""

    mentor_id = SelectField(_l("Vaste begeleider"), coerce=int, validate_choice=False,
                            description=_l("De werkvloerbegeleider die deze leerwerknemer opvolgt en evalueert; "
                                           "de weekplanning zet hen zoveel mogelijk samen."))
    version = VersionField()

    def __init__(self, *args, mentors: dict[int, set[int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._mentor_floors = mentors or {}  # supervisor id -> their floor ids

    def validate_mentor_id(self, field: SelectField) -> None:
        if not field.data:
            field.data = 0
            return
        if field.data not in self._mentor_floors:
            raise ValidationError(_l("Kies een vaste begeleider uit de lijst."))
        if not self._mentor_floors[field.data] & set(self.floors.data or []):
            raise ValidationError(_l("De vaste begeleider werkt niet op een werkvloer van deze leerwerknemer."))


class PatternForm(AppForm):
    """The weekly working pattern: which blocks of which weekdays the learner works."""

    version = VersionField()
    blocks = MultiCheckboxField(_l("Werkpatroon"), choices=PATTERN_CHOICES)


class DrivingForm(AppForm):
    """Driving licences and the city's permission to drive its vehicles."""

    version = VersionField()
    licences = MultiCheckboxField(_l("Rijbewijzen"), choices=lambda: options(Licence.choices()), validate_choice=False)
    may_drive = BooleanField(_l("Mag met een stadsvoertuig rijden"))

    def validate_licences(self, field: MultiCheckboxField) -> None:
        known = {licence.value for licence in Licence}
        unknown = [code for code in field.data if code not in known]
        if unknown:
            raise ValidationError(_l("Onbekend rijbewijs: %(codes)s. Kies B of BE.", codes=", ".join(unknown)))
        if Licence.BE in field.data and Licence.B not in field.data:
            raise ValidationError(BE_NEEDS_B)

    def validate_may_drive(self, field: BooleanField) -> None:
        if field.data and not self.licences.data:
            raise ValidationError(DRIVING_NEEDS_LICENCE)


class CertificateForm(AppForm):
    """Add a certificate (or renew it: the same kind again replaces the expiry date)."""

    version = VersionField()
    kind = SelectField(_l("Attest"), choices=lambda: options(Certificate.choices()), validators=[DataRequired(_l("Kies een attest."))])
    valid_until = DutchDateField(_l("Geldig tot"), validators=[Optional()],
                                 description=_l("Leeg laten als het attest niet vervalt."))


class RemoveCertificateForm(AppForm):
    """Remove one certificate from the file."""

    version = VersionField()
    certificate_id = StringField(validators=[DataRequired()])


class RestrictionsForm(AppForm):
    """Functional restrictions, from the fixed list only: what someone may not do, never why."""

    version = VersionField()
    codes = MultiCheckboxField(_l("Functionele beperkingen"), choices=lambda: options(Restriction.choices()))


class AvoidancesForm(AppForm):
    """The learners this learner must not be crewed with."""

    version = VersionField()
    avoided = MultiCheckboxField(_l("Niet in dezelfde ploeg als"), coerce=int, validate_choice=False)

    def __init__(self, *args, learner_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.learner_id = learner_id

    def validate_avoided(self, field: MultiCheckboxField) -> None:
        if self.learner_id in field.data:
            raise ValidationError(SELF_AVOIDANCE)
        allowed = {choice.value for choice in field.choices}
        if any(value not in allowed for value in field.data):
            raise ValidationError(_l("Kies leerwerknemers uit de lijst."))


class ActiveForm(AppForm):
    """Deactivate or reactivate: a button with CSRF protection."""
