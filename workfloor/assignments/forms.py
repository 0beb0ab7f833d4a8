"""Forms for dated assignments, weekly templates and cancelling."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    DateField, FieldList, Form, FormField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from competencies import load_default_framework
from workfloor.extensions import db
from workfloor.forms import AppForm, MultiCheckboxField, VersionField, not_before
from workfloor.models import CompetencyItem, Floor, Site
from workfloor.vocabulary import WEEKDAY_LABELS, WEEKDAYS, Block, Certificate, Restriction, VehicleFeature

LEVEL_CHOICES = [("", "—"), ("1", _l("1 · onvoldoende")), ("2", _l("2 · onder begeleiding")),
                 ("3", _l("3 · voldoende")), ("4", _l("4 · zelfstandig"))]
IMPORTANCE_CHOICES = [("mandatory", _l("Verplicht")), ("5", _l("Prioriteit 5 (hoogst)")), ("4", _l("Prioriteit 4")),
                      ("3", _l("Prioriteit 3")), ("2", _l("Prioriteit 2")), ("1", _l("Prioriteit 1 (laagst)"))]
EXTRA_LEVEL_ROWS = 3
MAX_CERTIFICATE_COUNT = 10


def competency_catalogue() -> list[tuple[str, str, str, bool]]:
    """The competencies an assignment may ask for or train: (id, group, name, retired), in order.

    The one place that knows where the framework lives: the coordinator's copy in
    the database when it has rows, else the framework shipped with the app.
    """
    rows = db.session.execute(
        select(CompetencyItem.id, CompetencyItem.group, CompetencyItem.name, CompetencyItem.retired)
        .order_by(CompetencyItem.group, CompetencyItem.position, CompetencyItem.id)).all()
    if rows:
        return [tuple(row) for row in rows]
    return [(item.id, item.group, item.name, item.retired) for item in load_default_framework().items(include_retired=True)]


def _group_labels() -> dict[str, str]:
    return {group.id: group.label for group in load_default_framework().groups}


def competency_choices(domains: set[str] | None = None, keep: set[str] = frozenset()) -> list[SelectChoice]:
    """Select options grouped per framework group: the active attitudes and the skills of `domains`
    (None: every domain), plus retired or unknown ones in `keep` (already on the record)."""
    labels = _group_labels()
    options, known = [], set()
    for item_id, group, name, retired in competency_catalogue():
        known.add(item_id)
        fits = group == "attitude" or domains is None or group in domains
        if (fits and not retired) or item_id in keep:
            options.append(SelectChoice(item_id, name, optgroup=str(labels.get(group, group))))
    options += [SelectChoice(item_id, item_id, optgroup=str(_l("Onbekend"))) for item_id in sorted(set(keep) - known)]
    return options


def competency_names() -> dict[str, str]:
    """Competency id → name, for showing requirements."""
    return {item_id: name for item_id, _group, name, _retired in competency_catalogue()}


def _flat(choices: list[SelectChoice]) -> set[str]:
    return {choice.value for choice in choices}


def _group_fits_domain(competency_id: str, domain: str | None) -> bool:
    """Attitudes fit every floor; a skill only a floor of its own domain."""
    group = competency_id.split(".", 1)[0]
    return group == "attitude" or domain is None or group == domain


class LevelRow(Form):
    """One required minimum level: a competency and the level 1–4."""

    competency = SelectField(_l("Competentie"), validate_choice=False)
    level = SelectField(_l("Minimumniveau"), choices=lambda: LEVEL_CHOICES, validate_choice=False)


class WorkForm(AppForm):
    """What a job needs; shared by the dated assignment and the weekly template."""

    name = StringField(_l("Naam"), validators=[
        DataRequired(_l("Geef de opdracht een naam.")), Length(max=120, message=_l("Hoogstens 120 tekens."))])
    floor_id = SelectField(_l("Werkvloer"), coerce=int)
    site_id = SelectField(_l("Locatie"), coerce=int)
    blocks = MultiCheckboxField(_l("Dagdelen"), choices=Block.choices)
    min_learners = IntegerField(_l("Minimum leerwerknemers"), default=0, validators=[
        InputRequired(_l("Vul een aantal in.")), NumberRange(min=0, message=_l("Vul 0 of meer in."))])
    max_learners = IntegerField(_l("Maximum leerwerknemers"), validators=[
        InputRequired(_l("Vul een aantal in.")), NumberRange(min=1, max=50, message=_l("Vul een aantal van 1 tot 50 in."))])
    min_supervisors = IntegerField(_l("Minimum begeleiders"), default=1, validators=[
        InputRequired(_l("Vul een aantal in.")), NumberRange(min=0, max=10, message=_l("Vul een aantal van 0 tot 10 in."))])
    importance = SelectField(_l("Verplicht of prioriteit"), choices=lambda: IMPORTANCE_CHOICES, default="3")
    min_levels = FieldList(FormField(LevelRow), label=_l("Minimumniveaus"), min_entries=EXTRA_LEVEL_ROWS)
    excluded_restrictions = MultiCheckboxField(_l("Niet voor wie deze beperking heeft"), choices=Restriction.choices)
    vehicle_features = MultiCheckboxField(_l("Voertuig nodig met"), choices=VehicleFeature.choices)
    trains = SelectMultipleField(_l("Competenties die dit werk oefent"), validate_choice=False)
    notes = TextAreaField(_l("Opmerkingen"), validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))])
    version = VersionField()

    def __init__(self, *args: Any, floors: list[Floor], sites: list[Site], record: Any = None, **kwargs: Any):
        if record is not None and request.method not in ("POST", "PUT") and "data" not in kwargs:
            kwargs["data"] = self.data_from(record)
        super().__init__(*args, **kwargs)
        self._domains = {floor.id: floor.domain for floor in floors}
        self.floor_id.choices = [(floor.id, floor.name) for floor in floors]
        self.site_id.choices = [(site.id, site.name) for site in sites]
        keep = set()
        if record is not None:
            keep = set(record.min_levels) | set(record.trains)
        choices = competency_choices({floor.domain for floor in floors}, keep)
        self._competency_ids = _flat(choices)
        self.trains.choices = choices
        for row in self.min_levels:
            row.competency.choices = [SelectChoice("", "—"), *choices]

    @staticmethod
    def certificate_field_name(code: str) -> str:
        return f"certificate_{code}"

    def certificate_fields(self) -> list:
        return [self[self.certificate_field_name(code)] for code in Certificate]

    @classmethod
    def data_from(cls, record: Any) -> dict[str, Any]:
        """The form's initial data for an existing assignment or template."""
        data = {
            "name": record.name, "floor_id": record.floor_id, "site_id": record.site_id, "blocks": record.blocks,
            "min_learners": record.min_learners, "max_learners": record.max_learners,
            "min_supervisors": record.min_supervisors,
            "importance": "mandatory" if record.mandatory else str(record.priority),
            "min_levels": [{"competency": cid, "level": str(level)} for cid, level in record.min_levels.items()]
            + [{"competency": "", "level": ""} for _ in range(EXTRA_LEVEL_ROWS)],
            "excluded_restrictions": list(record.excluded_restrictions),
            "vehicle_features": list(record.vehicle_features), "trains": list(record.trains),
            "notes": record.notes, "version": record.version,
        }
        for code in Certificate:
            data[cls.certificate_field_name(code)] = record.certificates.get(code.value, 0)
        return data

    def validate_blocks(self, field) -> None:
        if not field.data:
            raise ValidationError(_l("Kies minstens één dagdeel."))

    def validate_min_learners(self, field) -> None:
        if field.data is not None and self.max_learners.data is not None and field.data > self.max_learners.data:
            raise ValidationError(_l("Het minimum ligt boven het maximum."))

    def validate_trains(self, field) -> None:
        unknown = [cid for cid in field.data or [] if cid not in self._competency_ids]
        if unknown:
            raise ValidationError(_l("Onbekende competentie: %(ids)s.", ids=", ".join(unknown)))
        domain = self._domains.get(self.floor_id.data)
        other = [cid for cid in field.data or [] if not _group_fits_domain(cid, domain)]
        if other:
            raise ValidationError(_l("Deze competenties horen niet bij het domein van de werkvloer: %(ids)s.",
                                     ids=", ".join(other)))

    def validate_min_levels(self, field) -> None:
        domain = self._domains.get(self.floor_id.data)
        seen, ok = set(), True
        for row in field:
            competency, level = row.competency.data or "", row.level.data or ""
            if not competency and not level:
                continue
            if not competency:
                row.competency.errors.append(_l("Kies een competentie."))
            elif competency not in self._competency_ids:
                row.competency.errors.append(_l("Onbekende competentie."))
            elif competency in seen:
                row.competency.errors.append(_l("Deze competentie staat er al."))
            elif not _group_fits_domain(competency, domain):
                row.competency.errors.append(_l("Deze competentie hoort niet bij het domein van de werkvloer."))
            if level not in {"1", "2", "3", "4"}:
                row.level.errors.append(_l("Kies een niveau van 1 tot 4."))
            seen.add(competency)
            ok = ok and not row.competency.errors and not row.level.errors
        if not ok:
            raise ValidationError(_l("Controleer de minimumniveaus."))

    def work_data(self) -> dict[str, Any]:
        """The validated input as model fields (see WORK_FIELDS)."""
        mandatory = self.importance.data == "mandatory"
        certificates = {code.value: self[self.certificate_field_name(code)].data for code in Certificate
                        if self[self.certificate_field_name(code)].data}
        return {
            "name": self.name.data.strip(), "floor_id": self.floor_id.data, "site_id": self.site_id.data,
            "morning": Block.MORNING.value in self.blocks.data, "afternoon": Block.AFTERNOON.value in self.blocks.data,
            "min_learners": self.min_learners.data, "max_learners": self.max_learners.data,
            "min_supervisors": self.min_supervisors.data, "mandatory": mandatory,
            **({} if mandatory else {"priority": int(self.importance.data)}),
            "certificates": certificates,
            "min_levels": {row.competency.data: int(row.level.data) for row in self.min_levels if row.competency.data},
            "excluded_restrictions": [c for c, _label in Restriction.choices() if c in self.excluded_restrictions.data],
            "vehicle_features": [c for c, _label in VehicleFeature.choices() if c in self.vehicle_features.data],
            "trains": list(dict.fromkeys(self.trains.data)),
            "notes": (self.notes.data or "").strip(),
        }


for _code in Certificate:
    setattr(WorkForm, WorkForm.certificate_field_name(_code), IntegerField(
        Certificate.LABELS[_code.value], default=0, validators=[
            InputRequired(_l("Vul een aantal in (0 = niet nodig).")),
            NumberRange(min=0, max=MAX_CERTIFICATE_COUNT, message=_l("Vul een aantal van 0 tot 10 in."))]))


class AssignmentForm(WorkForm):
    """A dated assignment; flexible ones may happen on any working day up to ``window_end``."""

    day = DateField(_l("Datum"), validators=[InputRequired(_l("Kies een datum."))])
    window_end = DateField(_l("Flexibel: op een dag naar keuze tot en met"), validators=[Optional()],
                           description=_l("Leeg: op de gekozen datum. Ingevuld: de weekplanning kiest een werkdag "
                                          "van de datum tot en met deze dag, in dezelfde week."))

    @classmethod
    def data_from(cls, record: Any) -> dict[str, Any]:
        return super().data_from(record) | {"day": record.window_start or record.day, "window_end": record.window_end}

    def validate_window_end(self, field) -> None:
        message = window_problem(self.day.data, field.data)
        if message:
            raise ValidationError(message)

    def work_data(self) -> dict[str, Any]:
        flexible = self.window_end.data is not None
        return super().work_data() | {"day": self.day.data, "window_start": self.day.data if flexible else None,
                                      "window_end": self.window_end.data}


def window_problem(first: Any, last: Any) -> Any:
    """Why a flexible window from ``first`` to ``last`` cannot be (None when it can)."""
    if first is None or last is None:
        return None
    if last <= first:
        return _l("De laatste dag van een flexibele opdracht ligt na de datum.")
    if first.weekday() > 4 or last.weekday() > 4:
        return _l("Een flexibele opdracht begint en eindigt op een werkdag (maandag tot vrijdag).")
    if first.isocalendar()[:2] != last.isocalendar()[:2]:
        return _l("Een flexibele opdracht blijft binnen één week.")
    return None


class TemplateForm(WorkForm):
    """A weekly recurring assignment."""

    weekday = SelectField(_l("Weekdag"), coerce=int, choices=lambda: [(d, WEEKDAY_LABELS[d]) for d in WEEKDAYS])
    flexible_until = SelectField(
        _l("Flexibel: op een dag naar keuze tot en met"), validate_choice=False,
        choices=lambda: [("", _l("niet flexibel"))] + [(str(d), WEEKDAY_LABELS[d]) for d in range(1, 5)],
        description=_l("De weekplanning kiest een werkdag van de weekdag tot en met deze dag."))
    starts_on = DateField(_l("Vanaf"), validators=[InputRequired(_l("Kies de eerste datum."))])
    ends_on = DateField(_l("Tot en met (leeg: geen einde)"), validators=[
        Optional(), not_before("starts_on", _l("De einddatum ligt voor de begindatum."))])

    @classmethod
    def data_from(cls, record: Any) -> dict[str, Any]:
        return super().data_from(record) | {"weekday": record.weekday, "starts_on": record.starts_on,
                                            "ends_on": record.ends_on,
                                            "flexible_until": "" if record.flexible_until is None
                                            else str(record.flexible_until)}

    def validate_flexible_until(self, field) -> None:
        if field.data in (None, ""):
            return
        if field.data not in {"1", "2", "3", "4"}:
            raise ValidationError(_l("Kies een weekdag van dinsdag tot vrijdag."))
        if self.weekday.data is not None and int(field.data) <= self.weekday.data:
            raise ValidationError(_l("De laatste dag van een flexibele opdracht ligt na de weekdag."))

    def work_data(self) -> dict[str, Any]:
        return super().work_data() | {"weekday": self.weekday.data, "starts_on": self.starts_on.data,
                                      "ends_on": self.ends_on.data,
                                      "flexible_until": int(self.flexible_until.data) if self.flexible_until.data
                                      else None}


class CancelForm(AppForm):
    """Calling off one dated assignment, with the reason."""

    reason = StringField(_l("Reden van annulatie"), validators=[
        DataRequired(_l("Geef een reden voor de annulatie.")), Length(max=200, message=_l("Hoogstens 200 tekens."))])
