"""GDPR for a learner's file: export everything the app holds (art. 15), erase or pseudonymise (art. 17).

Both read one registry (``workfloor.privacy.registry``), so a table added there is exported and erased
alike. Erasure never touches the audit log (append-only on PostgreSQL): the log names people by id and
every page renders names from the person row when it is read, so pseudonymising that row removes the
name from the log, the plan history and the notices at once.
"""
from __future__ import annotations

import csv
import io
import json
import secrets
import zipfile
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from workfloor import audit
from workfloor.extensions import db
from workfloor.models import AuditEntry, Learner, Person, User, utcnow
from workfloor.models.learners import Avoidance
from workfloor.privacy.registry import DELETE, SECTIONS, Subject
from workfloor.progress.operations import csv_cell

FORMAT = "workfloor-export/1"
ERASE, PSEUDONYMISE = "erase", "pseudonymise"
MODES = (ERASE, PSEUDONYMISE)
PSEUDONYM_FIRST_NAME = "Leerwerknemer"  # with "#<person id>" as the last name: readable in any history


class ErasureRefused(Exception):
    """The retention rules forbid this erasure now; the message says why, in the reader's language."""


def subject_of(learner: Learner) -> Subject:
    return Subject(learner_id=learner.id, person_id=learner.person_id)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _named_columns(section) -> dict[str, str]:
    """Columns that point at a person or an account, and the column that gives their name.

    Names are rendered now, from the rows as they are: the export says who assessed or read the file
    in words, and an erased colleague shows as their pseudonym.
    """
    out = {}
    for column in section.table.c:
        targets = {fk.target_fullname for fk in column.foreign_keys}
        if column.name in section.omit or not targets & {"person.id", "user_account.id"}:
            continue
        out[column.name] = column.name.removesuffix("_id") + "_name"
    return out


def columns(section) -> list[str]:
    """The columns of a section's JSON and CSV: the table's, then the names of whom they point at."""
    return [c.name for c in section.table.c if c.name not in section.omit] + list(_named_columns(section).values())


def _names(rows: list[dict[str, Any]], section) -> None:
    named = _named_columns(section)
    for column, name_column in named.items():
        target = next(iter(section.table.c[column].foreign_keys)).target_fullname
        ids = {row[column] for row in rows if row[column] is not None}
        query = select(Person.id, Person.first_name, Person.last_name) if target == "person.id" else \
            select(User.id, Person.first_name, Person.last_name).join(Person, Person.id == User.person_id)
        key = Person.id if target == "person.id" else User.id
        names = {i: f"{first} {last}" for i, first, last in db.session.execute(query.where(key.in_(ids)))} \
            if ids else {}
        for row in rows:
            row[name_column] = names.get(row[column])


def collect(learner: Learner) -> dict[str, list[dict[str, Any]]]:
    """Every registered section's rows about the learner, as plain JSON values, with names where ids are."""
    subject = subject_of(learner)
    out = {}
    for section in SECTIONS:
        table = section.table
        selected = [c for c in table.c if c.name not in section.omit]
        order = list(table.primary_key.columns) or selected
        rows = db.session.execute(select(*selected).where(section.where(table, subject)).order_by(*order))
        out[section.name] = [{key: _plain(value) for key, value in row._mapping.items()} for row in rows]
        _names(out[section.name], section)
    return out


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(json.dumps(row[c], ensure_ascii=False) if isinstance(row[c], (dict, list))
                                  else row[c]) for c in columns])
    return buffer.getvalue()


def export_zip(learner: Learner) -> bytes:
    """The learner's data as a ZIP: ``manifest.json``, and ``<section>.json`` and ``<section>.csv`` per table.

    Logs the read in the learner's audit log (flushes; the caller commits).
    """
    data = collect(learner)
    manifest = {"format": FORMAT, "made_at": utcnow().isoformat(), "learner_id": learner.id,
                "person_id": learner.person_id, "sections": {name: len(rows) for name, rows in data.items()}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for section in SECTIONS:
            rows = data[section.name]
            archive.writestr(f"{section.name}.json", json.dumps(rows, ensure_ascii=False, indent=2))
            archive.writestr(f"{section.name}.csv", _csv(rows, columns(section)))
    audit.record_view(db.session, learner, "Export")
    db.session.flush()
    return buffer.getvalue()


# ------------------------------------------------------------------ erasure

RUNNING = _l("Het contract van %(name)s loopt nog: een dossier van iemand die nog werkt, kan niet gewist worden. "
             "Vul eerst een einddatum in die voorbij is.")
IN_RETENTION = _l("De bewaartermijn van dit dossier loopt tot %(until)s (%(years)s jaar na het einde van het "
                  "contract): tot dan mag het niet gewist worden.")
PSEUDONYM_HINT = _l("Pseudonimiseren kan wel: de naam en contactgegevens verdwijnen, het dossier blijft bewaard.")
PSEUDONYM_REFUSED = _l("Pseudonimiseren binnen de bewaartermijn is niet toegestaan door de instellingen "
                       "(ERASURE_ALLOW_PSEUDONYMISATION).")
ALREADY = _l("Dit dossier is al gewist.")
ALREADY_PSEUDONYMISED = _l("Dit dossier is al gepseudonimiseerd.")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def retention_until(learner: Learner) -> date | None:
    """The first day the file may be erased: RETENTION_YEARS after the contract's end (None: still running)."""
    if learner.contract_end is None:
        return None
    return _add_years(learner.contract_end, int(current_app.config["RETENTION_YEARS"]))


def refusal(learner: Learner, mode: str, today: date) -> str | None:
    """Why this erasure may not happen today, in words; None when it may."""
    from flask_babel import format_date

    if learner.person.erased_at is not None and (mode == PSEUDONYMISE or learner.erased_at):
        return str(ALREADY if learner.erased_at else ALREADY_PSEUDONYMISED)
    if learner.contract_end is None or learner.contract_end >= today:
        return str(RUNNING % {"name": learner.name})
    until = retention_until(learner)
    if until is not None and today < until:
        allowed = bool(current_app.config["ERASURE_ALLOW_PSEUDONYMISATION"])
        if mode == PSEUDONYMISE and allowed:
            return None
        said = str(IN_RETENTION % {"until": format_date(until), "years": current_app.config["RETENTION_YEARS"]})
        return f"{said} {PSEUDONYM_HINT if allowed else PSEUDONYM_REFUSED}"
    return None


def pseudonym(person_id: int) -> tuple[str, str]:
    return PSEUDONYM_FIRST_NAME, f"#{person_id}"


def erase(learner: Learner, mode: str, today: date) -> dict[str, int]:
    """Erase (remove the file's content) or pseudonymise (only the identity) a learner; flushes.

    Raises ErasureRefused when the retention rules forbid it. Returns the rows removed per section.
    Works in SQL rather than through the ORM so the audit listeners do not copy what is removed into
    the (append-only) log; one entry records the erasure itself.
    """
    if mode not in MODES:
        raise ValueError(mode)
    reason = refusal(learner, mode, today)
    if reason:
        raise ErasureRefused(reason)
    subject = subject_of(learner)
    removed: dict[str, int] = {}
    if mode == ERASE:
        for section in SECTIONS:
            if section.on_erase == DELETE:
                result = db.session.execute(delete(section.table).where(section.where(section.table, subject)))
                removed[section.name] = result.rowcount or 0
        # Someone else's "not with this learner" names this learner: it goes too.
        result = db.session.execute(delete(Avoidance).where(Avoidance.avoided_id == learner.id))
        removed["avoidances"] = removed.get("avoidances", 0) + (result.rowcount or 0)
    first, last = pseudonym(learner.person_id)
    now = utcnow()
    db.session.execute(update(Person).where(Person.id == learner.person_id).values(
        first_name=first, last_name=last, phone="", active=False, erased_at=now, version=Person.version + 1))
    for user_id in db.session.execute(select(User.id).where(User.person_id == learner.person_id)).scalars():
        db.session.execute(update(User).where(User.id == user_id).values(
            email=f"gewist-{user_id}@gewist.invalid", password_hash="!" + secrets.token_hex(16), active=False,
            mail_notices=False, version=User.version + 1))
    db.session.execute(update(Learner).where(Learner.id == learner.id).values(
        calendar_token=None, schedule_seen_at=None, erased_at=now if mode == ERASE else learner.erased_at,
        version=Learner.version + 1))
    db.session.add(AuditEntry(user_id=audit.current_user_id(), learner_id=learner.id, action="erase",
                              object_type="Erasure" if mode == ERASE else "Pseudonymisation",
                              object_id=learner.id, changes={"removed": [None, removed]}))
    db.session.flush()
    db.session.expire_all()
    return removed
