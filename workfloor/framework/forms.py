"""Forms of the framework editor and the job targets."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from competencies import LEVELS, SCALE
from workfloor.forms import AppForm, VersionField

NAME_MESSAGE = _l("Geef de competentie een naam.")


def options(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    """Select choices from (value, label) pairs (WTForms no longer takes bare tuples)."""
    return [SelectChoice(str(value), label, optgroup=optgroup) for value, label in pairs]


def values_of(field) -> set[str]:
    """The values a select or radio field offers (the empty "—" choice left out)."""
    return {str(choice.value) for choice in field.choices or []} - {""}


def _level_text(level: int):
    return TextAreaField(
        _l("Niveau %(level)s: %(label)s", level=level, label=SCALE[level - 1].statement),
        validators=[DataRequired(_l("Beschrijf wat je ziet op dit niveau.")),
                    Length(max=600, message=_l("Hoogstens 600 tekens."))],
        render_kw={"rows": 2})


def _english_level(level: int):
    return TextAreaField(
        _l("Niveau %(level)s in het Engels", level=level),
        validators=[Length(max=600, message=_l("Hoogstens 600 tekens."))], render_kw={"rows": 2, "lang": "en"})


def _plain(form, field) -> None:
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in field.data or ""):
        raise ValidationError(_l("Gebruik gewone tekst, zonder speciale tekens."))


class ItemForm(AppForm):
    """Name, description and what each level looks like on the floor; the learner's wording; English texts."""

    name = StringField(_l("Naam"), validators=[DataRequired(NAME_MESSAGE),
                                               Length(max=120, message=_l("Hoogstens 120 tekens."))])
    description = TextAreaField(_l("Omschrijving"), validators=[
        DataRequired(_l("Vul een omschrijving in.")), Length(max=600, message=_l("Hoogstens 600 tekens."))],
        render_kw={"rows": 2})
    level_1 = _level_text(1)
    level_2 = _level_text(2)
    level_3 = _level_text(3)
    level_4 = _level_text(4)
    learner_text = StringField(
        _l("Zo zegt de leerwerknemer het (zelfevaluatie)"),
        description=_l("In de ik-vorm, kort en concreet: ‘Ik kom op tijd’. Leeg: de naam wordt getoond."),
        validators=[Length(max=200, message=_l("Hoogstens 200 tekens.")), _plain])
    name_en = StringField(_l("Naam in het Engels"), render_kw={"lang": "en"},
                          validators=[Length(max=120, message=_l("Hoogstens 120 tekens.")), _plain])
    description_en = TextAreaField(_l("Omschrijving in het Engels"), render_kw={"rows": 2, "lang": "en"},
                                   validators=[Length(max=600, message=_l("Hoogstens 600 tekens.")), _plain])
    level_en_1 = _english_level(1)
    level_en_2 = _english_level(2)
    level_en_3 = _english_level(3)
    level_en_4 = _english_level(4)
    learner_text_en = StringField(_l("Zo zegt de leerwerknemer het, in het Engels"), render_kw={"lang": "en"},
                                  validators=[Length(max=200, message=_l("Hoogstens 200 tekens.")), _plain])
    version = VersionField()

    @property
    def english_level_fields(self) -> list:
        return [self[f"level_en_{level}"] for level in LEVELS]

    def texts(self) -> dict:
        """The learner's wording and the English texts, as `set_item_texts` takes them."""
        return {"learner_text": self.learner_text.data or "", "name_en": self.name_en.data or "",
                "description_en": self.description_en.data or "",
                "level_descriptions_en": [field.data or "" for field in self.english_level_fields],
                "learner_text_en": self.learner_text_en.data or ""}

    def fill_texts(self, item) -> None:
        """Show an item's learner wording and English texts in the form."""
        english = list(item.level_descriptions_en or [])
        for level, field in enumerate(self.english_level_fields):
            field.data = english[level] if level < len(english) else ""

    @property
    def level_fields(self) -> list:
        return [self[f"level_{level}"] for level in LEVELS]

    def level_texts(self) -> list[str]:
        return [field.data or "" for field in self.level_fields]


class NewItemForm(ItemForm):
    group = SelectField(_l("Groep"), validate_choice=False,
                        validators=[DataRequired(_l("Kies een groep."))])

    def validate_group(self, field) -> None:
        if field.data not in values_of(field):
            raise ValidationError(_l("Kies een groep: arbeidsattitudes, schoonmaak of groen."))


LEVEL_CHOICES = options([("", "—")] + [(level, f"{level} · {SCALE[level - 1].label}") for level in LEVELS])
LEVEL_MESSAGE = _l("Kies een niveau van 1 tot 4, of laat leeg.")


def _check_level(form, field) -> None:
    if field.data not in ("", None) and field.data not in {str(level) for level in LEVELS}:
        raise ValidationError(LEVEL_MESSAGE)


def job_target_form(items, **kwargs) -> AppForm:
    """A job target form with one required-level select per item (competency id -> field `req-<id>`)."""

    class JobTargetForm(AppForm):
        name = StringField(_l("Naam"), validators=[DataRequired(_l("Geef het jobdoelwit een naam.")),
                                                   Length(max=120, message=_l("Hoogstens 120 tekens."))])
        description = TextAreaField(_l("Omschrijving"), render_kw={"rows": 2},
                                    validators=[Length(max=600, message=_l("Hoogstens 600 tekens."))])
        version = VersionField()

        def requirement_fields(self):
            return [(item, self[f"req-{item.id}"]) for item in items]

        def requirements(self) -> dict[str, int]:
            return {item.id: int(field.data) for item, field in self.requirement_fields() if field.data}

    for item in items:
        setattr(JobTargetForm, f"req-{item.id}",
                SelectField(item.name, choices=LEVEL_CHOICES, validate_choice=False, validators=[_check_level]))
    return JobTargetForm(**kwargs)
