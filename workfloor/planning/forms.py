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


class RescheduleForm(PlanForm):
    """A flexible assignment to another day of its window."""

    assignment = IntegerField(validators=[InputRequired()])
    to_day = SelectField(_l("Naar"), validators=[InputRequired(_l("Kies een dag."))], validate_choice=False)


class WeekReplanForm(PlanForm):
    """A sick call on the week board: who (optional), from which day to which, why; the week is replanned from then."""

    floor = HiddenField()
    person = SelectField(_l("Wie is ziek of afwezig?"), coerce=int, validate_choice=False)
    start = SelectField(_l("Vanaf"), validators=[InputRequired(_l("Kies de eerste dag."))], validate_choice=False)
    end = SelectField(_l("Tot en met"), validators=[InputRequired(_l("Kies de laatste dag."))], validate_choice=False)
    reason = SelectField(_l("Reden"), choices=[], validators=[InputRequired(_l("Kies een reden van afwezigheid."))])

    def __init__(self, *args, days=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        from workfloor.vocabulary import WEEKDAY_LABELS
        self._people = {pid for pid, _name in people}
        self.person.choices = [SelectChoice(0, _l("— niemand: alleen herplannen —"))] + [
            SelectChoice(pid, name) for pid, name in people]
        day_choices = [SelectChoice(d.isoformat(), f"{WEEKDAY_LABELS[d.weekday()]} {d.day}/{d.month}") for d in days]
        self._days = [d.isoformat() for d in days]
        self.start.choices, self.end.choices = day_choices, day_choices
        self.reason.choices = AbsenceReason.choices()

    def validate_person(self, field) -> None:
        from wtforms.validators import ValidationError
        if field.data and field.data not in self._people:
            raise ValidationError(_l("Kies iemand van deze werkvloer."))

    def validate_start(self, field) -> None:
        from wtforms.validators import ValidationError
        if field.data not in self._days:
            raise ValidationError(_l("Kies een dag van deze week."))

    def validate_end(self, field) -> None:
        from wtforms.validators import ValidationError
        if field.data not in self._days:
            raise ValidationError(_l("Kies een dag van deze week."))
        if self.start.data in self._days and field.data < self.start.data:
            raise ValidationError(_l("De laatste dag ligt voor de eerste."))
