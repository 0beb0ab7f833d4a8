"""Validation at the edge: what every request must satisfy before a view sees it.

One home for the rules that hold for any input, so a new route or form is covered without
remembering them:

- ids in URLs fit the database's integer (`<int:...>` is bounded): a huge id is a 404;
- text carries no control characters (NUL and friends) in the path, query string or form;
- dates and numbers in the query string lie in a sane window (`?start=0001-01-01` is refused);
- forms (see `workfloor.forms.AppForm`) check their own dates and numbers with a Dutch
  message per field, and carry a one-time token so a double submit stores once;
- a `next` address the app redirects to stays on this site (`safe_next`);
- whatever still goes wrong in the database rolls the session back before the error page is
  drawn, and a unique or version conflict lost under concurrency is a 409, never a 500.
"""
from __future__ import annotations

import re
import time
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, exc as sa_exc, update
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.routing import IntegerConverter

from workfloor.extensions import db

# The integer columns are 32-bit on PostgreSQL; SQLite stores up to 64 bits.
ID_MAX = 2**31 - 1
# Dates the app works with: a contract, an absence or a plan outside these years is a typo.
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2099, 12, 31)
# C0 controls except tab, line feed and carriage return, and DEL: never part of what a user types.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DATE = re.compile(r"^\s*(-?\d+)-(\d{1,2})-(\d{1,2})\s*$")
INTEGER = re.compile(r"^\s*[-+]?\d+\s*$")
# Query parameters that are free text (a search may be a long number, e.g. a phone).
FREE_TEXT_ARGS = {"q"}
TOKEN_FIELD = "form_token"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Spent tokens are kept a day: long enough to catch a double submit, short enough to stay small.
FORM_TOKEN_KEPT = timedelta(days=1)


class BoundedIntConverter(IntegerConverter):
    """`<int:id>` that only matches ids the database can hold; anything larger is a 404."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = ID_MAX,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BadInput(BadRequest):
    """Input no form could accept; the error page says why in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def has_control_characters(value: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(value))


def date_in_window(value: date) -> bool:
    return MIN_DATE <= value <= MAX_DATE


def _iso_year_out_of_window(value: str) -> bool:
    match = ISO_DATE.match(value)
    if not match:
        return False
    return not MIN_DATE.year <= int(match.group(1)) <= MAX_DATE.year


def _huge_integer(value: str) -> bool:
    return bool(INTEGER.match(value)) and abs(int(value)) > ID_MAX


def _control_message() -> str:
    return _("Je invoer bevat onzichtbare stuurtekens (zoals een NUL-teken). Verwijder ze en probeer opnieuw.")


def check_request() -> None:
    """Refuse control characters anywhere, and out-of-range dates and numbers in the query string."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and (has_control_characters(value) or _iso_year_out_of_window(value)):
            raise NotFound()
    for key, value in request.args.items(multi=True):
        if has_control_characters(key) or has_control_characters(value):
            raise BadInput(_control_message())
        if _iso_year_out_of_window(value):
            raise BadInput(_("Kies een datum tussen %(start)s en %(end)s.",
                             start=MIN_DATE.year, end=MAX_DATE.year))
        if key not in FREE_TEXT_ARGS and _huge_integer(value):
            raise BadInput(_("Dit getal is te groot."))
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        for key, value in request.form.items(multi=True):
            if has_control_characters(key) or has_control_characters(value):
                raise BadInput(_control_message())
        for upload in request.files.values():
            if upload.filename and has_control_characters(upload.filename):
                raise BadInput(_control_message())


# Redirects ------------------------------------------------------------------------------------------

# Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so "/<tab>/evil" and
# "/\\evil" both mean "//evil": another site. Any whitespace or control character, or a backslash, is refused.
_UNSAFE_IN_NEXT = re.compile(r"[\x00-\x20\x7f-\x9f\\\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/planning?day=..."), else None; for every `next=`."""
    if not target or len(target) > 2000 or _UNSAFE_IN_NEXT.search(target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


# Double submits -------------------------------------------------------------------------------------

def consume_form_token() -> object | None:
    """Spend the form's one-time token within this request's transaction.

    The token row is inserted (flushed, not committed) before the view runs, so it commits or
    rolls back together with what the view stores. A second post of the same form finds the
    row, or, when both arrive at once, waits on its unique key until the first one commits.
    Either way it stores nothing and is sent where the first one went.
    """
    from workfloor.models import FormToken

    token = request.form.get(TOKEN_FIELD)
    if request.method != "POST" or not token or not current_user.is_authenticated:
        return None
    if not TOKEN_PATTERN.match(token):
        raise BadInput(_("Het formulier is ongeldig. Laad de pagina opnieuw."))
    if db.session.get(FormToken, token) is None:
        db.session.add(FormToken(token=token, user_id=current_user.id))
        try:
            db.session.flush()
            g.form_token = token
            return None
        except sa_exc.IntegrityError:
            db.session.rollback()
    return _already_submitted(token)


def _already_submitted(token: str):
    from workfloor.models import FormToken

    location = None
    # The first post has committed what it stored; where it went follows a moment later.
    for _attempt in range(20):
        row = db.session.get(FormToken, token, populate_existing=True)
        location = row.location if row is not None else None
        db.session.rollback()
        if location:
            break
        time.sleep(0.05)
    message = _("Dit formulier was al verstuurd. Wat je invulde, is één keer bewaard.")
    if location:
        flash(message, "info")
        return redirect(location, 303)
    return render_template("errors/error.html", code=409, message=message), 409


def remember_where_the_form_went(response):
    """After a form's first post: note where it redirected, for a second post of the same form."""
    token = g.pop("form_token", None)
    if token is None or response.status_code not in (301, 302, 303) or not response.location:
        return response
    from workfloor.models import FormToken, utcnow

    try:
        db.session.execute(update(FormToken).where(FormToken.token == token).values(location=response.location[:500]))
        db.session.execute(delete(FormToken).where(FormToken.user_id == current_user.id,
                                                   FormToken.used_at < utcnow() - FORM_TOKEN_KEPT))
        db.session.commit()
    except sa_exc.SQLAlchemyError:
        db.session.rollback()
    return response



# Errors ---------------------------------------------------------------------------------------------

def _rollback() -> None:
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        current_app.logger.exception("rollback failed")


def _is_unique_violation(error: sa_exc.IntegrityError) -> bool:
    """PostgreSQL says 23505; SQLite says so in words."""
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return state == "23505" if state else "UNIQUE constraint failed" in str(error.orig)


def register(app: Flask) -> None:
    """Bounded ids, the request checks, the form token and the error handlers."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def edge_checks():
        check_request()
        return consume_form_token()

    app.after_request(remember_where_the_form_went)

    def render(code: int, message: str | None = None):
        _rollback()
        return render_template("errors/error.html", code=code, message=message), code

    @app.errorhandler(BadInput)
    def bad_input(error: BadInput):
        return render(400, error.message)

    @app.errorhandler(400)
    def bad_request(error: HTTPException):
        return render(400, _("Deze invoer klopt niet. Kijk ze na en probeer opnieuw."))

    @app.errorhandler(sa_exc.IntegrityError)
    def integrity_error(error: sa_exc.IntegrityError):
        current_app.logger.warning("integrity error answered with a message: %s", error.orig)
        if _is_unique_violation(error):
            # Two saves of the same "one per ..." at once: the database's unique key let one win.
            return render(409, _("Iemand anders heeft intussen hetzelfde opgeslagen of iets gewijzigd waar dit "
                                 "van afhangt. Laad de pagina opnieuw en kijk na of je wijziging nog nodig is."))
        # A reference to something that does not exist (a forged id), or a broken check.
        return render(400, _("Deze invoer klopt niet. Kijk ze na en probeer opnieuw."))

    @app.errorhandler(StaleDataError)
    def stale_data(error: StaleDataError):
        return render(409)

    @app.errorhandler(sa_exc.DataError)
    @app.errorhandler(OverflowError)
    def out_of_range(error: Exception):
        current_app.logger.warning("out-of-range input reached the database: %s", error)
        return render(400, _("Deze invoer klopt niet. Kijk ze na en probeer opnieuw."))

    @app.errorhandler(500)
    def server_error(error: Exception):
        # A failed flush leaves the session unusable; the error page must still render.
        return render(500)
