"""Form pieces every feature shares: the base form, multi-select checkboxes, optimistic locking."""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import inspect, select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import (
    DateField, DateTimeField, DecimalField, Field, FieldList, FloatField, FormField, HiddenField, IntegerField,
    SelectMultipleField, widgets,
)
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from workfloor.edge import ID_MAX, MAX_DATE, MIN_DATE, TOKEN_FIELD, date_in_window
from workfloor.extensions import db

DATE_WINDOW_MESSAGE = _l("Kies een datum tussen %(start)s en %(end)s.")
NUMBER_MESSAGE = _l("Dit getal is te groot.")


class OneTimeTokenField(HiddenField):
    """A fresh random token on every rendering of the form; its first post spends it (workfloor.edge)."""

    def _value(self) -> str:
        return secrets.token_urlsafe(24)


class AppForm(FlaskForm):
    """The base of every form in the app: a one-time token against double submits, and the
    checks no field may skip (dates in the app's window, numbers the database can hold).

    Text is checked for control characters before any form sees it (workfloor.edge).
    """

    form_token = OneTimeTokenField()

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in _leaf_fields(self):
            message = _out_of_range(field)
            if message:
                field.errors = [*field.errors, str(message)] if isinstance(field.errors, list) else [str(message)]
                ok = False
        return ok


def _leaf_fields(form) -> Iterator[Field]:
    for field in form:
        if isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from _leaf_fields(entry.form)
                else:
                    yield entry
        else:
            yield field


def _out_of_range(field: Field) -> Any:
    value = field.data
    if isinstance(field, (DateField, DateTimeField)) and isinstance(value, (date, datetime)):
        day = value.date() if isinstance(value, datetime) else value
        if not date_in_window(day):
            return DATE_WINDOW_MESSAGE % {"start": MIN_DATE.year, "end": MAX_DATE.year}
    if isinstance(field, IntegerField) and isinstance(value, int) and abs(value) > ID_MAX:
        return NUMBER_MESSAGE
    if isinstance(field, (DecimalField, FloatField)) and value is not None:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None
        if number != number or abs(number) > ID_MAX:  # NaN, infinity, absurdly large
            return NUMBER_MESSAGE
    return None


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


def lock(record: Any) -> None:
    """Reload `record` under a row lock (SELECT ... FOR UPDATE on PostgreSQL) until the commit.

    Concurrent saves of the same record then run one after the other, and each sees what the
    previous one stored: the second notices the new version instead of tripping over it half way.
    """
    mapper = inspect(record).mapper
    table = mapper.local_table
    key = mapper.primary_key_from_instance(record)
    # Lock the bare row (eager-loaded joins cannot be locked), then read it again as committed now.
    db.session.execute(select(*table.primary_key.columns)
                       .where(*[column == value for column, value in zip(table.primary_key.columns, key)])
                       .with_for_update())
    db.session.refresh(record)


def bump_version(record: Any, seen: int) -> None:
    """Raise `record`'s version past `seen` unless the change already did (also when only its
    children changed: ratings, pattern). Set by hand, SQLAlchemy writes it `WHERE version = seen`."""
    if record.version == seen:
        record.version = seen + 1


def commit_versioned(record: Any, submitted_version: str | int | None, change: Callable[[], object]) -> bool:
    """Save an edit form under optimistic locking: lock the row, check the version, apply `change`, commit.

    Returns False, with the session rolled back, when someone else saved `record` first; the
    caller then shows CONFLICT_MESSAGE and the user's input again (status 409). The row lock
    makes concurrent saves wait for each other, so the later one sees the new version
    (EditConflict); StaleDataError remains the net where no lock is taken (SQLite).
    Every save raises the version, also one that only changed child rows (ratings, pattern).
    Any other error `change` raises goes to the caller untouched.
    """
    try:
        lock(record)
        check_version(record, submitted_version)
        seen = record.version
        change()
        bump_version(record, seen)
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
        if isinstance(field.data, (list, tuple, set)):
            # A ticked box always has a value: an empty one in a list is forged, never "none chosen".
            if any(value is None or str(value) not in allowed for value in field.data):
                raise ValidationError(message)
        elif field.data not in (None, "") and str(field.data) not in allowed:
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
