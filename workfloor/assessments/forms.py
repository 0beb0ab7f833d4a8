"""Assessment forms: the full page per learner, the quick observation and the learner's self-assessment.

The full page has one level field and one note field per item, added to the
form class for the items this learner can be rated on; an item left untouched
is simply not part of the assessment.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from competencies import LEVELS, SCALE, note_required
from workfloor import clock
from workfloor.assessments.operations import RatingInput
from workfloor.forms import AppForm, VersionField
from workfloor.framework.forms import options
from workfloor.vocabulary import SELF_LEVEL_LABELS

NOT_OBSERVED = "na"
LEVEL_MESSAGE = _l("Kies een niveau van 1 tot 4 of niet geobserveerd.")
NOTE_MESSAGE = _l("Noteer wat je zag bij niveau 1 of 2.")
FUTURE_MESSAGE = _l("De datum ligt in de toekomst.")
NOTHING_RATED = _l("Beoordeel minstens één competentie.")
NOTE_HINT = _l("Wat heb je gezien? Beschrijf gedrag, geen diagnose of medische informatie.")

STAFF_LEVEL_CHOICES = options([(step.value, f"{step.value} · {step.label}") for step in SCALE]
                              + [(NOT_OBSERVED, _l("niet geobserveerd"))])
# The learner's own words for the four levels: plain and encouraging.
SELF_LABELS = SELF_LEVEL_LABELS  # their home is workfloor.vocabulary
SELF_LEVEL_CHOICES = options((level, SELF_LABELS[level]) for level in LEVELS)
KIND_CHOICES = options([("observation", _l("Observatie")), ("evaluation", _l("Periodieke evaluatie"))])


def level_raw(level: int | None) -> str:
    """A stored level as the button value: None (not observed) -> "na"."""
    return NOT_OBSERVED if level is None else str(level)


def level_value(raw: str | None) -> int | None:
    """A submitted level button as a level: "1".."4" -> int, "na" -> None (not observed)."""
    return None if raw == NOT_OBSERVED else int(raw)


def _valid_level(allowed: set[str]):
    def check(form, field) -> None:
        if field.data not in (None, "") and field.data not in allowed:
            field.data = None  # an unknown value is not redrawn as a checked button
            raise ValidationError(LEVEL_MESSAGE)
    return check


def _not_in_future(form, field) -> None:
    if field.data and field.data > form.today:
        raise ValidationError(FUTURE_MESSAGE)


def level_name(item_id: str) -> str:
    return f"level-{item_id}"


def note_name(item_id: str) -> str:
    return f"note-{item_id}"


class _RatingsMixin:
    """Shared by the full and the self-assessment form: read the rated items back."""

    items: list
    self_assessment = False
    require_one = True  # one screen of a stepwise self-assessment may be left empty

    def rows(self):
        """(item, level field, note field) per item, in framework order."""
        return [(item, self[level_name(item.id)], self[note_name(item.id)]) for item in self.items]

    def ratings(self) -> list[RatingInput]:
        """The touched items only; "niet geobserveerd" is a rating with level None."""
        return [RatingInput(item.id, level_value(level.data), note.data or "")
                for item, level, note in self.rows() if level.data not in (None, "")]

    def check_ratings(self) -> bool:
        ok = True
        touched = False
        for _item, level, note in self.rows():
            if level.errors or level.data in (None, ""):
                continue
            touched = True
            if not self.self_assessment and note_required(level_value(level.data)) and not (note.data or "").strip():
                note.errors = [*note.errors, str(NOTE_MESSAGE)]
                ok = False
        if not touched and self.require_one and not any(level.errors for _i, level, _n in self.rows()):
            self.form_errors.append(str(NOTHING_RATED))
            ok = False
        return ok


def _add_item_fields(cls, items, choices) -> None:
    allowed = {choice.value for choice in choices}
    for item in items:
        setattr(cls, level_name(item.id), RadioField(item.name, choices=choices, validate_choice=False,
                                                     validators=[_valid_level(allowed)]))
        setattr(cls, note_name(item.id), TextAreaField(
            _l("Notitie"), render_kw={"rows": 1}, validators=[Length(max=1000, message=_l("Hoogstens 1000 tekens."))]))


def assessment_form(items, *, kinds=KIND_CHOICES, today: date | None = None, **kwargs):
    """The full assessment page's form for these items (retired items are never passed in)."""

    class AssessmentForm(_RatingsMixin, AppForm):
        kind = SelectField(_l("Soort"), choices=kinds, validate_choice=False,
                           validators=[DataRequired(_l("Kies de soort beoordeling."))])
        day = DateField(_l("Datum"), validators=[DataRequired(_l("Vul een geldige datum in.")), _not_in_future])
        note = TextAreaField(_l("Algemene notitie"), render_kw={"rows": 2}, description=NOTE_HINT,
                             validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))])
        version = VersionField()  # when correcting: the assessment's version when the form was opened

        def validate_kind(self, field) -> None:
            if field.data not in {choice.value for choice in kinds}:
                raise ValidationError(_l("Kies observatie of periodieke evaluatie."))

        def validate(self, extra_validators=None) -> bool:
            ok = super().validate(extra_validators)
            return self.check_ratings() and ok

    AssessmentForm.items = list(items)
    AssessmentForm.today = today or clock.today()
    _add_item_fields(AssessmentForm, items, STAFF_LEVEL_CHOICES)
    return AssessmentForm(**kwargs)


def self_assessment_form(items, *, require_one: bool = True, **kwargs):
    """The learner's own form: four plain answers per item, an optional note."""

    class SelfAssessmentForm(_RatingsMixin, AppForm):
        self_assessment = True
        step = HiddenField()
        note = TextAreaField(_l("Wil je nog iets kwijt?"), render_kw={"rows": 2},
                             validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))])

        def validate(self, extra_validators=None) -> bool:
            ok = super().validate(extra_validators)
            return self.check_ratings() and ok

    SelfAssessmentForm.items = list(items)
    SelfAssessmentForm.require_one = require_one
    _add_item_fields(SelfAssessmentForm, items, SELF_LEVEL_CHOICES)
    return SelfAssessmentForm(**kwargs)


class QuickObservationForm(AppForm):
    """One item, one level, a note: recorded from today's crew in a few taps."""

    level = RadioField(_l("Niveau"), choices=STAFF_LEVEL_CHOICES, validate_choice=False,
                       validators=[DataRequired(_l("Kies een niveau."))])
    note = TextAreaField(_l("Notitie"), render_kw={"rows": 2}, description=NOTE_HINT,
                         validators=[Length(max=1000, message=_l("Hoogstens 1000 tekens."))])

    def validate_level(self, field) -> None:
        if field.data not in {choice.value for choice in STAFF_LEVEL_CHOICES}:
            field.data = None
            raise ValidationError(LEVEL_MESSAGE)

    def validate_note(self, field) -> None:
        level = self.level.data
        if level and level != NOT_OBSERVED and level.isdigit() and note_required(int(level)) \
                and not (field.data or "").strip():
            raise ValidationError(NOTE_MESSAGE)
