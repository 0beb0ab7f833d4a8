"""What the hostile-input and audit walks share: a richer world, a form parser, the hostile values."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import Date, DateTime, Integer, select

from workfloor.models import (
    Absence, AttendanceEntry, Base, ContactEntry, DevelopmentGoal, Employer, JobApplication, JobTarget, Learner,
    Vacancy, Vehicle, VehicleOutage,
)
from tests.floor_date import floor_today

# Each value is sent where a form or URL expects text, a date, a number or a choice.
# `never` marks values no field may ever store (so a post carrying one must store nothing).
HOSTILE: list[tuple[str, str, bool]] = [
    ("nul", "a\x00b", True),
    ("escape", "\x1b[2J", True),
    ("bell", "ok\x07", True),
    ("far-future", "9999-12-31", False),
    ("year-one", "0001-01-01", False),
    ("bad-date", "2026-02-30", False),
    ("huge", str(10**30), False),
    ("int32+1", str(2**31), False),
    ("negative", "-1", False),
    ("zero", "0", False),
    ("empty", "", False),
    ("blank", "   ", False),
    ("nan", "nan", False),
    ("inf", "inf", False),
    ("fraction", "1.5", False),
    ("long", "x" * 10_000, False),
    ("markup", "<script>alert(1)</script>", False),
    ("sql", "' OR 1=1 --", False),
    ("unicode", "Zoë 🙂 \u202eevil", False),
]
HOSTILE_IDS = [name for name, _value, _never in HOSTILE]
# Which values to send to which kind of field (every value still goes to the query strings).
_TEXT = ("nul", "blank", "long", "far-future")
_DATE = ("nul", "far-future", "year-one", "bad-date", "empty")
_NUMBER = ("nul", "huge", "int32+1", "negative", "nan", "fraction", "empty")
_CHOICE = ("nul", "huge", "negative", "empty")
VALUES_FOR = {"text": _TEXT, "textarea": _TEXT, "search": _TEXT, "email": _TEXT, "tel": _TEXT, "password": _TEXT,
              "date": _DATE, "number": _NUMBER, "choice": _CHOICE, "hidden": _NUMBER + ("markup",)}


def values_for(kind: str) -> list[tuple[str, str, bool]]:
    wanted = VALUES_FOR.get(kind, _CHOICE)
    return [row for row in HOSTILE if row[0] in wanted]

# Query-string names the app's views read; a hostile value is put in all of them at once.
QUERY_ARGS = ("start", "end", "day", "floor", "person_id", "page", "q", "competency", "status", "counsellor",
              "item", "sort", "views", "reason", "phase", "week", "learner", "kind", "size", "signals",
              "next", "job", "version", "date")

# Summary pages that draw many records at once: they must still render after the walk.
SUMMARY_PAGES = ("progress.index", "progress.learner", "progress.report", "vehicles.index", "learners.show",
                 "assignments.index", "absences.index", "availability.overview", "schedule.learner",
                 "attendance.index", "goals.learner")


@pytest.fixture
def rich_world(world, db, framework_items):
    """The permission matrix's world, plus the records its placeholder ids stood for."""
    from workfloor.assessments import operations as assessment_ops

    learner_id = world.params["learner_id"]
    coordinator = world.users["coordinator"]
    learner = db.session.get(Learner, learner_id)
    assessment = assessment_ops.record_assessment(
        learner, coordinator, kind="observation", day=floor_today(), note="Goed bezig",
        ratings=[assessment_ops.RatingInput("attitude.teamwork", 2, "Werkt apart")], framework=framework_items)
    goal = DevelopmentGoal(learner_id=learner_id, competency_id="attitude.teamwork", target_level=4, weight=2,
                           actions="Oefenen", status="active")
    target = JobTarget(name="Groenarbeider", requirements={"attitude.teamwork": 3})
    vehicle = db.session.get(Vehicle, world.params["vehicle_id"])
    outage = VehicleOutage(vehicle=vehicle, start_date=floor_today(), end_date=floor_today(), reason="Keuring")
    attendance = AttendanceEntry(learner_id=learner_id, day=floor_today(), block="am", status="late", note="Bus")
    db.session.add_all([goal, target, outage, attendance])
    # The last working day up to today: attendance is never marked ahead, and weekends have no sheet.
    workday = floor_today() - timedelta(days=max(0, floor_today().weekday() - 4))
    if workday != floor_today():
        db.session.add(Absence(person_id=learner.person_id, start_date=workday, end_date=workday, reason="sick",
                               note="Attest volgt"))
    db.session.flush()
    world.params |= {"assessment_id": assessment.id, "goal_id": goal.id, "job_target_id": target.id,
                     "outage_id": outage.id, "workday": workday.isoformat()}
    world.params |= _trajectory_rows(learner, coordinator, db)
    return world


def _trajectory_rows(learner, user, db) -> dict:
    """A held meeting with an agreement, a contact with a follow-up and an open obstacle (issue 13)."""
    from workfloor.trajectory import operations as trajectory_ops

    meeting = trajectory_ops.plan_meeting(learner, planned_on=floor_today(), moment_month=None, user=user)
    trajectory_ops.hold_meeting(meeting, held_on=floor_today(), with_supervisor=True, with_counsellor=True,
                                with_learner=True, others="", summary_attitude="Stipt", summary_skills="",
                                summary_attendance="", summary_outlook="", learner_view="Gaat goed")
    agreement = trajectory_ops.add_agreement(meeting, what="Elke dag om 8 uur starten", owner="learner",
                                             deadline=floor_today() + timedelta(days=14))
    contact = trajectory_ops.save_contact(ContactEntry(), learner=learner, user=user, day=floor_today(),
                                          kind="phone", note="Belde over de bus", follow_up_on=floor_today(),
                                          follow_up_done=False)
    obstacle = trajectory_ops.signal_obstacle(learner, category="transport", note="Bus rijdt niet vroeg",
                                              affects_work=True, user=user, today=floor_today())
    employer = Employer(name="Groendienst Peeters")
    vacancy = Vacancy(employer=employer, title="Groenarbeider")
    db.session.add_all([employer, vacancy])
    db.session.flush()
    application = JobApplication(learner_id=learner.id, employer_id=employer.id, vacancy_id=vacancy.id,
                                 kind="job_tasting", day=floor_today())
    db.session.add(application)
    db.session.flush()
    return {"meeting_id": meeting.id, "agreement_id": agreement.id, "contact_id": contact.id,
            "obstacle_id": obstacle.id, "employer_id": employer.id, "vacancy_id": vacancy.id,
            "application_id": application.id}


@dataclass
class ParsedForm:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) as the browser would send
    names: list[str] = field(default_factory=list)  # every field name, sent or not (unchecked boxes too)
    kinds: dict[str, str] = field(default_factory=dict)  # name -> text, date, number, choice, hidden, ...


class FormParser(HTMLParser):
    """The POST forms of a page, with what a browser would submit untouched."""

    def __init__(self, fill: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.fill = fill  # choose a real option where the page chose none (to get past "— kies —")
        self.forms: list[ParsedForm] = []
        self._form: ParsedForm | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""
        self._radios: dict[str, list[tuple[str, bool]]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = ParsedForm(action=a.get("action") or "")
                self._radios = {}
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if name not in self._form.names:
                self._form.names.append(name)
                self._form.kinds[name] = "choice" if kind in ("radio", "checkbox") else kind
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind == "radio":
                self._radios.setdefault(name, []).append((a.get("value", "on"), "checked" in a))
            elif kind == "checkbox":
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            else:
                self._form.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._options = name, []
            if name not in self._form.names:
                self._form.names.append(name)
                self._form.kinds[name] = "choice"
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""
            if name not in self._form.names:
                self._form.names.append(name)
                self._form.kinds[name] = "textarea"

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select:
            self._form.fields.append((self._select, _pick(self._options, self.fill)))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, self._text.strip("\n")))
            self._textarea = None
        elif tag == "form":
            for name, options in self._radios.items():
                chosen = [value for value, checked in options if checked]
                if chosen or self.fill:
                    self._form.fields.append((name, chosen[0] if chosen else _pick(options, True)))
            self.forms.append(self._form)
            self._form = None


def _pick(options: list[tuple[str, bool]], fill: bool) -> str:
    """The selected option, else what a browser sends (the first), or with `fill` the first real one."""
    chosen = [value for value, selected in options if selected]
    if chosen and (not fill or chosen[0] not in ("", "0")):
        return chosen[0]
    real = [value for value, _selected in options if value not in ("", "0")]
    if fill and real:
        return real[0]
    return options[0][0] if options else ""


def post_forms(html: str, fill: bool = False) -> list[ParsedForm]:
    parser = FormParser(fill)
    parser.feed(html)
    return parser.forms


def snapshot(db) -> dict[str, list]:
    """Every row of every table except the logs that a refused post may still write (views, tokens)."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name in ("audit_entry", "form_token"):
            continue
        rows[table.name] = sorted(map(repr, db.session.execute(select(table)).all()))
    return rows


def out_of_range_values(db) -> list[str]:
    """Stored dates outside the app's window and integers beyond 32 bits: what breaks pages for everyone."""
    from workfloor.edge import ID_MAX, MAX_DATE, MIN_DATE

    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (Date, DateTime)):
                low, high = db.session.execute(select(db.func.min(column), db.func.max(column))).one()
                for value in (low, high):
                    day = value.date() if hasattr(value, "date") and callable(value.date) else value
                    if day is not None and not MIN_DATE <= day <= MAX_DATE:
                        found.append(f"{table.name}.{column.name}={value}")
            elif isinstance(column.type, Integer):
                low, high = db.session.execute(select(db.func.min(column), db.func.max(column))).one()
                if any(v is not None and abs(v) > ID_MAX for v in (low, high)):
                    found.append(f"{table.name}.{column.name}")
    return found

