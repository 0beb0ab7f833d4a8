"""Goal forms: a goal in the development plan, confirming it, the learner's job target."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from competencies import LEVELS, SCALE
from workfloor.forms import AppForm, VersionField
from workfloor.framework.forms import options, values_of
from workfloor.vocabulary import GOAL_STATUS_LABELS

ITEM_MESSAGE = _l("Kies een competentie.")
TARGET_MESSAGE = _l("Kies een doelniveau van 1 tot 4.")
WEIGHT_MESSAGE = _l("Kies een gewicht: laag, normaal of hoog.")
STATUS_MESSAGE = _l("Kies een status: lopend, behaald of stopgezet.")

TARGET_CHOICES = options([("", "—")] + [(step.value, f"{step.value} · {step.label}") for step in SCALE])
WEIGHT_LABELS = {1: _l("laag"), 2: _l("normaal"), 3: _l("hoog")}
WEIGHT_CHOICES = options(WEIGHT_LABELS.items())
STATUS_LABELS = GOAL_STATUS_LABELS  # their home is workfloor.vocabulary
STATUS_CHOICES = options(STATUS_LABELS.items())


class GoalForm(AppForm):
    """One goal: which item, to which level, how strongly the planner should favour it, and how."""

    competency = SelectField(_l("Competentie"), validate_choice=False)
    target_level = SelectField(_l("Doelniveau"), choices=TARGET_CHOICES, validate_choice=False)
    weight = RadioField(_l("Gewicht in de planning"), choices=WEIGHT_CHOICES, default="2", validate_choice=False,
                        description=_l("Hoe sterk de planning werk kiest dat deze competentie oefent."))
    per_week = IntegerField(
        _l("Oefenen per week (dagdelen)"), default=4,
        description=_l("Zoveel dagdelen per week plant de weekplanning werk dat dit oefent."),
        validators=[Optional(), NumberRange(min=0, max=10, message=_l("Vul een aantal dagdelen van 0 tot 10 in."))])
    actions = TextAreaField(_l("Acties"), render_kw={"rows": 3},
                            description=_l("Wat doen we om dit te bereiken? Beschrijf acties, geen diagnose of "
                                           "medische informatie."),
                            validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validate_choice=False)
    version = VersionField()

    def validate_competency(self, field) -> None:
        if field.data in (None, "") or field.data not in values_of(field):
            raise ValidationError(ITEM_MESSAGE)

    def validate_target_level(self, field) -> None:
        if field.data not in {str(level) for level in LEVELS}:
            raise ValidationError(TARGET_MESSAGE)

    def validate_weight(self, field) -> None:
        if field.data not in values_of(field):
            field.data = None
            raise ValidationError(WEIGHT_MESSAGE)

    def validate_status(self, field) -> None:
        if field.data not in STATUS_LABELS:
            raise ValidationError(STATUS_MESSAGE)


class JobTargetChoiceForm(AppForm):
    """Which job a learner's trajectory aims for (empty: none yet)."""

    job_target = SelectField(_l("Jobdoelwit"), validate_choice=False)

    def validate_job_target(self, field) -> None:
        if field.data not in values_of(field) | {""}:
            raise ValidationError(_l("Kies een jobdoelwit uit de lijst."))
