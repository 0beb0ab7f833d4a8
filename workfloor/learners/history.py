"""The history of a learner's file, read from the audit log and put in plain Dutch."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workfloor.audit import HIDDEN
from workfloor.extensions import db
from workfloor.learners.operations import visible_ids
from workfloor.models import AuditEntry, Learner, LearnerCertificate, Person, User
from workfloor.vocabulary import (
    WEEKDAY_LABELS, AbsenceReason, Block, Certificate, Licence, Phase, Restriction,
)

# Dutch labels per field; fields not listed here (ids, foreign keys) are not shown.
FIELD_LABELS = {
    "first_name": _l("Voornaam"),
    "last_name": _l("Achternaam"),
    "phone": _l("Telefoon"),
    "active": _l("Actief"),
    "counsellor_id": _l("Trajectbegeleider"),
    "contract_start": _l("Begin contract"),
    "contract_end": _l("Einde contract"),
    "phase": _l("Fase"),
    "may_drive": _l("Mag met een stadsvoertuig rijden"),
    "floors": _l("Werkvloeren"),
    "valid_until": _l("Geldig tot"),
    "start_date": _l("Van"),
    "end_date": _l("Tot en met"),
    "morning": _l("Voormiddag"),
    "afternoon": _l("Namiddag"),
    "reason": _l("Reden"),
    "note": _l("Opmerking"),
    "level": _l("Niveau"),
    "competency_id": _l("Competentie"),
    "kind": _l("Soort"),
    "day": _l("Dag"),
    "block": _l("Dagdeel"),
    "status": _l("Status"),
    "target_level": _l("Doelniveau"),
    "weight": _l("Gewicht"),
    "deadline": _l("Deadline"),
    "calendar_feed": _l("Agenda-link"),
}

OBJECT_LABELS = {
    "Learner": _l("Dossier"),
    "Person": _l("Persoonsgegevens"),
    "WorkBlock": _l("Werkpatroon"),
    "LearnerCertificate": _l("Attest"),
    "LearnerRestriction": _l("Functionele beperking"),
    "Avoidance": _l("Niet in dezelfde ploeg"),
    "DrivingLicence": _l("Rijbewijs"),
    "Absence": _l("Afwezigheid"),
    "Assessment": _l("Beoordeling"),
    "Rating": _l("Score"),
    "AttendanceEntry": _l("Aanwezigheid"),
    "DevelopmentGoal": _l("Ontwikkelingsdoel"),
    "CalendarFeed": _l("Agenda-link"),
    "Erasure": _l("Wissing van het dossier (AVG art. 17)"),
    "Pseudonymisation": _l("Pseudonimisering (AVG art. 17)"),
}

ACTION_LABELS = {"create": _l("toegevoegd"), "update": _l("gewijzigd"), "delete": _l("verwijderd"),
                 "view": _l("ingekeken"), "erase": _l("uitgevoerd")}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryItem:
    """One line of the history: who did what when, and each field from what to what."""

    at: datetime
    who: str
    when: str
    summary: str
    changes: list[Change] = field(default_factory=list)
    action: str = "update"


def _label(vocabulary: type, code: Any) -> str:
    try:
        return vocabulary(code).label
    except ValueError:
        return str(code)


def _date(value: Any) -> str:
    try:
        return format_date(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


class _Names:
    """Names of people, learners and certificates the entries refer to, looked up in one go."""

    def __init__(self, entries: list[AuditEntry], learner: Learner, visible: set[int]):
        person_ids = {v for e in entries for k, pair in e.changes.items() if k == "counsellor_id"
                      for v in pair if isinstance(v, int)}
        learner_ids = {v for e in entries for k, pair in e.changes.items() if k == "avoided_id"
                       for v in pair if isinstance(v, int)}
        self.people = dict(db.session.execute(
            select(Person.id, Person.first_name + " " + Person.last_name).where(Person.id.in_(person_ids))
        ).all()) if person_ids else {}
        self.learners = dict(db.session.execute(
            select(Learner.id, Person.first_name + " " + Person.last_name).join(Learner.person)
            .where(Learner.id.in_(learner_ids))
        ).all()) if learner_ids else {}
        self.visible = visible
        # A change of a certificate's expiry names only the date; its kind comes from the row or its creation.
        self.certificates = {c.id: c.kind for c in learner.certificates}
        self.certificates.update({
            e.object_id: e.changes.get("kind", [None, None])[1]
            for e in db.session.execute(select(AuditEntry).where(
                AuditEntry.learner_id == learner.id, AuditEntry.object_type == LearnerCertificate.__name__,
                AuditEntry.action == "create")).scalars()
        })

    def person(self, person_id: Any) -> str:
        return self.people.get(person_id, _("onbekend")) if person_id is not None else "—"

    def learner(self, learner_id: Any) -> str:
        if learner_id not in self.visible:
            return _("een leerwerknemer buiten jouw bereik")
        return self.learners.get(learner_id, _("onbekend"))


def _value(key: str, value: Any, names: _Names) -> str:
    if value == HIDDEN:
        return _("(niet bewaard in het logboek)")
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if key == "counsellor_id":
        return names.person(value)
    if key == "phase":
        return _label(Phase, value)
    if key == "reason":
        return _label(AbsenceReason, value)
    if key in ("contract_start", "contract_end", "valid_until", "start_date", "end_date"):
        return _date(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _subject(entry: AuditEntry, names: _Names) -> str:
    """What the entry is about, e.g. "Werkpatroon maandag voormiddag"."""
    changes = entry.changes

    def either(key: str) -> Any:
        old, new = changes.get(key, [None, None])
        return new if new is not None else old

    kind = entry.object_type
    if kind == "WorkBlock":
        weekday, block = either("weekday"), either("block")
        if isinstance(weekday, int) and 0 <= weekday < len(WEEKDAY_LABELS):
            return f"{_('Werkpatroon')}: {WEEKDAY_LABELS[weekday]} {_label(Block, block).lower()}"
    if kind == "LearnerCertificate":
        code = either("kind") or names.certificates.get(entry.object_id)
        if code:
            return f"{_('Attest')} {_label(Certificate, code)}"
    if kind == "LearnerRestriction" and either("code"):
        return f"{_('Functionele beperking')}: {_label(Restriction, either('code'))}"
    if kind == "DrivingLicence" and either("category"):
        return _label(Licence, either("category"))
    if kind == "Avoidance" and either("avoided_id") is not None:
        return f"{_('Niet in dezelfde ploeg met')} {names.learner(either('avoided_id'))}"
    return str(OBJECT_LABELS.get(kind, kind))


def _item(entry: AuditEntry, names: _Names) -> HistoryItem:
    who = entry.user.name if entry.user else _("het systeem")
    when = format_datetime(entry.at, "short")
    if entry.action == "view":
        if entry.object_type == "Export":
            return HistoryItem(entry.at, who, when, _("Alle gegevens uitgevoerd (AVG art. 15)"))
        return HistoryItem(entry.at, who, when, _("Dossier ingekeken"))
    if entry.action == "create" and entry.object_type == "Learner":
        summary = _("Dossier aangemaakt")
    else:
        summary = f"{_subject(entry, names)} {ACTION_LABELS.get(entry.action, entry.action)}"
    changes = []
    if entry.action != "delete" or entry.object_type in ("Learner", "Absence"):
        for key, pair in entry.changes.items():
            if key not in FIELD_LABELS:
                continue
            old, new = pair
            changes.append(Change(str(FIELD_LABELS[key]), _value(key, old, names), _value(key, new, names)))
    return HistoryItem(entry.at, who, when, summary, changes, entry.action)


def history_items(entries: list[AuditEntry], learner: Learner, user: User) -> list[HistoryItem]:
    """Readable history lines for these audit entries of one learner's file."""
    avoided = {v for e in entries for k, pair in e.changes.items() if k == "avoided_id"
               for v in pair if isinstance(v, int)}
    names = _Names(entries, learner, visible_ids(user, avoided))
    return [_item(entry, names) for entry in entries]
