"""Forms of the planning board; every change carries the day plan's version."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from workfloor.forms import VersionField
from workfloor.planning.jobs import DEFAULT_TIME_LIMIT, TIME_LIMITS
from workfloor.vocabulary import AbsenceReason

KINDS = [SelectChoice("learner", _l("Leerwerknemer")), SelectChoice("supervisor", _l("Begeleider")),
         SelectChoice("vehicle", _l("Wagen"))]


class PlanForm(FlaskForm):
    """A change to the day plan: only the version (publish, replan)."""

    version = VersionField()


class PublishForm(PlanForm):
    """Publish or replan: the floor to do it for (empty: every floor of the board that posted it)."""

    floor = HiddenField()


class MoveForm(PlanForm):
    kind = SelectField(_l("Wat"), choices=KINDS, validators=[InputRequired(_l("Kies wat je verplaatst."))])
    subject = IntegerField(_l("Wie"), validators=[InputRequired(_l("Kies wie of wat je verplaatst."))])
    source = SelectMultipleField(_l("Van"), choices=[], validate_choice=False)
    target = StringField(_l("Naar"), validators=[Optional()])
    driver = StringField(_l("Chauffeur"), validators=[Optional()])


class EventForm(PlanForm):
    event = IntegerField(validators=[InputRequired()])


class AcceptForm(EventForm):
    reason = StringField(_l("Reden"), validators=[
        DataRequired(_l("Geef een reden waarom je deze waarschuwing aanvaardt.")),
        Length(max=500, message=_l("Houd de reden korter dan 500 tekens."))])


class PinForm(PlanForm):
    kind = SelectField(choices=KINDS, validators=[InputRequired()])
    subject = IntegerField(validators=[InputRequired()])
    assignment = IntegerField(validators=[InputRequired()])
    pinned = BooleanField()


class UnstaffedForm(PlanForm):
    assignment = IntegerField(validators=[InputRequired()])
    unstaffed = BooleanField()


class GenerateForm(PlanForm):
    time_limit = SelectField(_l("Rekentijd"), default=str(DEFAULT_TIME_LIMIT),
                             choices=[SelectChoice(str(s), _l("%(s)s seconden", s=s)) for s in TIME_LIMITS])
    floor = HiddenField()


class AbsentForm(PlanForm):
    person = IntegerField(validators=[InputRequired()])
    reason = SelectField(_l("Reden"), choices=[], validators=[InputRequired(_l("Kies een reden van afwezigheid."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = AbsenceReason.choices()  # labels in the language of this request


class CancelForm(PlanForm):
    assignment = IntegerField(validators=[InputRequired()])
    reason = StringField(_l("Reden"), validators=[
        DataRequired(_l("Geef een reden, bijvoorbeeld regen of gebouw gesloten.")),
        Length(max=200, message=_l("Houd de reden korter dan 200 tekens."))])
