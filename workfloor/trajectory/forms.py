"""Trajectory forms: plan and hold a meeting, agreements, contacts, obstacles, the outcome."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from workfloor.forms import AppForm, VersionField, not_before
from workfloor.framework.forms import options
from workfloor.learners.forms import DutchDateField
from workfloor.vocabulary import Phase
from workfloor.trajectory.vocabulary import (
    AgreementStatus, ApplicationKind, ApplicationResult, ContactKind, ContractKind, ObstacleCategory, ObstacleStatus, OutcomeKind, Owner,
)

DATE_MESSAGE = _l("Vul een geldige datum in.")
NO_DIAGNOSIS = _l("Schrijf wat er speelt en wat het werk raakt, geen diagnose of medische informatie.")


class WholeNumberField(IntegerField):
    """A whole number whose parse error is a plain Dutch sentence."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Vul een geheel getal in.")) from None


def form_values(form, names) -> dict:
    """The submitted values of these fields; a text field left out of the post counts as empty."""
    return {name: (getattr(form, name).data or "") if isinstance(getattr(form, name), StringField)
            else getattr(form, name).data for name in names}


def _text(limit: int) -> Length:
    return Length(max=limit, message=_l("Hoogstens %(n)s tekens.", n=limit))


def _choice(labels, message):
    """A select over a vocabulary whose check gives a Dutch message (never WTForms' own)."""
    def check(form, field) -> None:
        if field.data not in {value for value, _label in labels.choices()}:
            raise ValidationError(message)
    return check


class MeetingPlanForm(AppForm):
    """Plan a meeting: on which day, at which scheduled moment (or ad hoc)."""

    planned_on = DutchDateField(_l("Datum"), validators=[InputRequired(DATE_MESSAGE)])
    moment = SelectField(_l("Moment"), validate_choice=False)

    def validate_moment(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Kies een evaluatiemoment uit de lijst."))


class MeetingDateForm(AppForm):
    """A planned meeting to another day."""

    version = VersionField()
    planned_on = DutchDateField(_l("Nieuwe datum"), validators=[InputRequired(DATE_MESSAGE)])


class MeetingCancelForm(AppForm):
    """A planned meeting that will not take place."""

    version = VersionField()


class MeetingForm(AppForm):
    """What was said at the meeting: who took part, a summary per area, the learner's own view."""

    held_on = DutchDateField(_l("Gehouden op"), validators=[InputRequired(DATE_MESSAGE)])
    with_supervisor = BooleanField(_l("Werkvloerbegeleider"))
    with_counsellor = BooleanField(_l("Trajectbegeleider"))
    with_learner = BooleanField(_l("Leerwerknemer"))
    others = StringField(_l("Andere deelnemers"), validators=[_text(200)],
                         description=_l("Bijvoorbeeld: maatschappelijk werker, VDAB-consulent."))
    summary_attitude = TextAreaField(_l("Arbeidsattitudes"), validators=[_text(4000)], render_kw={"rows": 3})
    summary_skills = TextAreaField(_l("Vaardigheden"), validators=[_text(4000)], render_kw={"rows": 3})
    summary_attendance = TextAreaField(_l("Aanwezigheid en stiptheid"), validators=[_text(4000)],
                                       render_kw={"rows": 3})
    summary_outlook = TextAreaField(_l("Volgende stap en jobdoelwit"), validators=[_text(4000)],
                                    render_kw={"rows": 3})
    learner_view = TextAreaField(_l("Wat de leerwerknemer zelf zegt"), validators=[_text(4000)],
                                 render_kw={"rows": 3})
    version = VersionField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not (self.with_supervisor.data or self.with_counsellor.data or self.with_learner.data
                       or (self.others.data or "").strip()):
            self.with_learner.errors = [str(_l("Duid aan wie deelnam."))]
            return False
        return ok


class AgreementForm(AppForm):
    """One agreement: what, who, by when; on editing also its status."""

    what = StringField(_l("Afspraak"), validators=[DataRequired(_l("Schrijf de afspraak.")), _text(500)])
    owner = SelectField(_l("Wie"), choices=options(Owner.choices()), validate_choice=False,
                        validators=[_choice(Owner, _l("Kies wie de afspraak uitvoert."))])
    deadline = DutchDateField(_l("Tegen"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=options(AgreementStatus.choices()), validate_choice=False,
                         default="open",
                         validators=[_choice(AgreementStatus, _l("Kies een status: open, uitgevoerd of vervallen."))])
    version = VersionField()


class ContactForm(AppForm):
    """A client contact with an optional follow-up date."""

    day = DutchDateField(_l("Datum"), validators=[InputRequired(DATE_MESSAGE)])
    kind = SelectField(_l("Soort contact"), choices=options(ContactKind.choices()), validate_choice=False,
                       validators=[_choice(ContactKind, _l("Kies een soort contact."))])
    note = TextAreaField(_l("Korte notitie"), validators=[_text(2000)], render_kw={"rows": 3},
                         description=NO_DIAGNOSIS)
    follow_up_on = DutchDateField(_l("Opvolgen op"), validators=[
        Optional(), not_before("day", _l("De opvolging kan niet vóór het contact liggen."))])
    follow_up_done = BooleanField(_l("Opvolging gedaan"))
    version = VersionField()


class ObstacleForm(AppForm):
    """Signal an obstacle: a category and a short note, no diagnosis."""

    category = SelectField(_l("Soort belemmering"), choices=options(ObstacleCategory.choices()),
                           validate_choice=False,
                           validators=[_choice(ObstacleCategory, _l("Kies een soort belemmering."))])
    note = TextAreaField(_l("Korte notitie"), validators=[DataRequired(_l("Schrijf kort wat er speelt.")), _text(500)],
                         render_kw={"rows": 2},
                         description=_l("Geen diagnose: schrijf wat het werk raakt (bv. 'kan niet vroeg starten "
                                        "door de busregeling'), niet de medische oorzaak."))
    affects_work = BooleanField(_l("Dit heeft invloed op het werk"),
                                description=_l("Dan ziet de werkvloerbegeleider de soort belemmering."))


class ObstacleFollowUpForm(AppForm):
    """The counsellor's follow-up: what was done, and whether it is solved."""

    action_taken = TextAreaField(_l("Wat werd gedaan"), validators=[_text(4000)], render_kw={"rows": 3},
                                 description=NO_DIAGNOSIS)
    affects_work = BooleanField(_l("Dit heeft invloed op het werk"))
    status = SelectField(_l("Status"), choices=options(ObstacleStatus.choices()), validate_choice=False,
                         validators=[_choice(ObstacleStatus, _l("Kies open of opgelost."))])
    solved_on = DutchDateField(_l("Opgelost op"))  # checked in validate_solved_on: needed once solved
    version = VersionField()

    def validate_solved_on(self, field) -> None:
        if self.status.data == "solved" and field.data is None:
            raise ValidationError(_l("Vul in wanneer het opgelost is."))


class OutcomeForm(AppForm):
    """How the trajectory ended."""

    ended_on = DutchDateField(_l("Einddatum"), validators=[InputRequired(DATE_MESSAGE)])
    kind = SelectField(_l("Uitstroom naar"), choices=options(OutcomeKind.choices()), validate_choice=False,
                       validators=[_choice(OutcomeKind, _l("Kies waar de leerwerknemer naartoe gaat."))])
    employer = StringField(_l("Werkgever of organisatie"), validators=[_text(200)])
    reason = TextAreaField(_l("Reden of toelichting"), validators=[_text(500)], render_kw={"rows": 2},
                           description=NO_DIAGNOSIS)
    version = VersionField()


class ContractForm(AppForm):
    """The contract behind the trajectory and the days it must give for rights."""

    kind = SelectField(_l("Soort contract"), choices=options(ContractKind.choices()), validate_choice=False,
                       validators=[_choice(ContractKind, _l("Kies een soort contract."))])
    intake_on = DutchDateField(_l("Intake op"), validators=[Optional()])
    days_needed = SelectField(_l("Dagen nodig voor rechten"), validate_choice=False,
                              description=_l("Volgens de leeftijd van de leerwerknemer; de regels staan in de "
                                             "instellingen (RIGHTS_DAYS)."))
    prior_days = WholeNumberField(_l("Dagen al gewerkt vóór dit contract"), default=0,
                              validators=[InputRequired(_l("Vul een aantal dagen in (0 als er geen zijn).")),
                                          NumberRange(0, 2000, _l("Kies een aantal van 0 tot 2000."))])
    version = VersionField()

    def validate_days_needed(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Kies een aantal dagen uit de lijst."))


class PhaseForm(AppForm):
    """The learner enters a new phase of the trajectory."""

    phase = SelectField(_l("Fase"), choices=options(Phase.choices()), validate_choice=False,
                        validators=[_choice(Phase, _l("Kies een fase uit de lijst."))])
    started_on = DutchDateField(_l("Vanaf"), validators=[InputRequired(DATE_MESSAGE)])
    note = StringField(_l("Waarom"), validators=[_text(300)], description=NO_DIAGNOSIS)


class EmployerForm(AppForm):
    """An employer the counsellors work with."""

    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam van de werkgever in.")), _text(150)])
    sector = StringField(_l("Sector"), validators=[_text(100)])
    social_economy = BooleanField(_l("Sociale economie (maatwerkbedrijf, kringwinkel, ...)"))
    contact_name = StringField(_l("Contactpersoon"), validators=[_text(120)])
    phone = StringField(_l("Telefoon"), validators=[_text(40)])
    email = StringField(_l("E-mail"), validators=[_text(254)])
    active = BooleanField(_l("Actief"), default=True)
    version = VersionField()


class VacancyForm(AppForm):
    """A job opening at an employer."""

    title = StringField(_l("Functie"), validators=[DataRequired(_l("Vul de functie in.")), _text(150)])
    description = TextAreaField(_l("Omschrijving"), validators=[_text(2000)], render_kw={"rows": 2})
    closes_on = DutchDateField(_l("Sluit op"), validators=[Optional()])
    open = BooleanField(_l("Staat open"), default=True)
    version = VersionField()


class ApplicationForm(AppForm):
    """A learner's application or job-tasting."""

    employer = SelectField(_l("Werkgever"), validate_choice=False)
    vacancy = SelectField(_l("Vacature"), validate_choice=False)
    kind = SelectField(_l("Soort"), choices=options(ApplicationKind.choices()), validate_choice=False,
                       validators=[_choice(ApplicationKind, _l("Kies sollicitatie of jobproef."))])
    day = DutchDateField(_l("Datum"), validators=[InputRequired(DATE_MESSAGE)])
    result = SelectField(_l("Resultaat"), choices=options(ApplicationResult.choices()), validate_choice=False,
                         validators=[_choice(ApplicationResult, _l("Kies een resultaat uit de lijst."))])
    note = StringField(_l("Notitie"), validators=[_text(500)], description=NO_DIAGNOSIS)
    version = VersionField()

    def validate_employer(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices} - {""}:
            raise ValidationError(_l("Kies een werkgever uit de lijst."))

    def validate_vacancy(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Kies een vacature uit de lijst (of geen)."))


class AgreementActionForm(AppForm):
    """Add an agreement as an action to one of the learner's running goals."""

    goal = SelectField(_l("Lopend doel"), validate_choice=False)

    def validate_goal(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices} - {""}:
            raise ValidationError(_l("Kies een lopend doel uit de lijst."))
