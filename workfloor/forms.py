"""Form pieces every feature shares: multi-select checkboxes, optimistic locking."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField, SelectMultipleField, widgets
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from workfloor.extensions import db


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier to tap on a tablet than a multi-select."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class EditConflict(Exception):
    """Someone else saved this record after the form was opened."""


CONFLICT_MESSAGE = _l("Iemand anders heeft dit intussen gewijzigd. Jouw invoer staat nog in het formulier: "
                      "controleer de nieuwe gegevens en sla opnieuw op.")


class VersionField(HiddenField):
    """The version of the record when the form was opened (for optimistic locking).

    A submitted form without this field has no version (None), rather than the
    current one the form was built with: such a save must not pass the check.
    """

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        super().process(formdata, data, extra_filters)
        if formdata is not None and self.name not in formdata:
            self.data = None


def check_version(record: Any, submitted: str | int | None) -> None:
    """Refuse a save based on an older version than the one stored now."""
    try:
        seen = int(submitted) if submitted not in (None, "") else None
    except (TypeError, ValueError):
        seen = None
    if seen is None or seen != record.version:
        raise EditConflict


def commit_versioned(record: Any, submitted_version: str | int | None, change: Callable[[], object]) -> bool:
    """Save an edit form under optimistic locking: check the version, apply `change`, commit.

    Returns False, with the session rolled back, when someone else saved `record` first; the
    caller then shows CONFLICT_MESSAGE and the user's input again (status 409). Two ways to
    notice that: EditConflict when the form was opened on an older version than the one
    stored now, and StaleDataError when the other save lands between that check and our
    commit (SQLAlchemy's version_id_col then finds no row with the version we read).
    Any other error `change` raises goes to the caller untouched.
    """
    try:
        check_version(record, submitted_version)
        change()
        db.session.commit()
    except (EditConflict, StaleDataError):
        db.session.rollback()
        return False
    return True


def not_before(other_field: str, message: str):
    """A validator: this date may not lie before the date in `other_field`."""

    def check(form, field) -> None:
        other = form[other_field].data
        if field.data and other and field.data < other:
            raise ValidationError(message)

    return check


def known_choice(message: str):
    """A validator for select and checkbox fields built with `validate_choice=False`: every chosen
    value must be one of the field's choices, else `message` (clearer than WTForms' own)."""

    def check(form, field) -> None:
        choices = field.choices() if callable(field.choices) else field.choices or []
        allowed = {str(choice[0] if isinstance(choice, (tuple, list)) else choice) for choice in choices}
        chosen = field.data if isinstance(field.data, (list, tuple, set)) else [field.data]
        if any(value not in (None, "") and str(value) not in allowed for value in chosen):
            raise ValidationError(message)

    return check


def optional_int(value: Any) -> Any:
    """A select's coerce for an optional id: '' becomes None, an id an int; anything else stays as
    sent, so known_choice can refuse it with a Dutch message."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value
