"""A learner's schedule, the calendar feed and the crew sheet, read from the day plans.

Everything here reads a bounded number of queries, whatever the number of
learners or crews: one per kind of row (plans, crew members, vehicles,
absences, events), never one per learner. Only `mark_seen` and the token
functions write, and they only flush; the view commits.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
from flask_babel import gettext as _
from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import contains_eager, joinedload

from workfloor import clock
from workfloor.audit import current_user_id
from workfloor.extensions import db
from workfloor.models import (
    Absence, Assignment, AuditEntry, CrewMember, CrewVehicle, DayPlan, Learner, Person, PlanEvent, utcnow,
)
from workfloor.planning.text import unplaced_text
from workfloor.vocabulary import BLOCK_HOURS, WEEKDAYS, AbsenceReason, Block, Certificate

TIMEZONE = ZoneInfo("Europe/Brussels")
PUBLISHED = "published"
BLOCKS = tuple(BLOCK_HOURS)  # am, pm: in the order of the day
FEED_DAYS_BACK = 14
FEED_DAYS_AHEAD = 28
SCHEDULE_DAYS_AHEAD = 7  # "today and the coming week"

# Machines whose work calls for gloves and ear protection.
NOISY_MACHINES = (Certificate.BRUSH_CUTTER, Certificate.HEDGE_TRIMMER)


# What to bring -------------------------------------------------------------------------------------

def what_to_bring(assignment: Assignment) -> list[str]:
    """Work clothes and safety shoes always; gloves and ear protection for brush cutter or hedge trimmer work."""
    items = [_("werkkleding"), _("veiligheidsschoenen")]
    if any(assignment.certificates.get(machine) for machine in NOISY_MACHINES):
        items += [_("werkhandschoenen"), _("gehoorbescherming")]
    return items


# Which days ---------------------------------------------------------------------------------------

def now() -> datetime:
    """Now (UTC), in one place so tests can pin it."""
    return utcnow()


def schedule_days(today: date) -> list[date]:
    """Today and the coming week: the working days (Mon–Fri) from today up to a week ahead."""
    return [day for day in (today + timedelta(days=n) for n in range(SCHEDULE_DAYS_AHEAD + 1))
            if day.weekday() in WEEKDAYS]


def parse_day(value: str) -> date | None:
    """A date from a URL (YYYY-MM-DD), or None when it is not one."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def naive_utc(moment: datetime | None) -> datetime | None:
    """Timestamps are stored as naive UTC; fresh Python values may still carry a timezone."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def block_times(blocks: list[str]) -> tuple[str, str]:
    """From the start of the first block to the end of the last one, e.g. ("08:00", "15:30")."""
    return BLOCK_HOURS[blocks[0]][0], BLOCK_HOURS[blocks[-1]][1]


# A learner's placements ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Ride:
    """A van a crew rides in, with the first name of its driver (None: not yet known)."""

    vehicle: str
    driver: str | None


@dataclass(frozen=True)
class Contact:
    """A supervisor the learner may call: first name and work phone ("" when none is known)."""

    first_name: str
    phone: str

    @property
    def tel(self) -> str:
        """The phone number for a tap-to-call link: digits and a leading +, nothing else."""
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


def map_url(address: str) -> str:
    """An OpenStreetMap search for the address: opens in any browser or map app, no key needed."""
    from urllib.parse import quote

    return "https://www.openstreetmap.org/search?query=" + quote(address)


@dataclass(frozen=True)
class Placement:
    """Where one learner works in one assignment of a published plan, as the learner may see it."""

    plan_id: int
    revision: int
    assignment_id: int
    day: date
    name: str
    site: str
    address: str
    travel_minutes: int
    blocks: list[str]
    start: str
    end: str
    rides: list[Ride]
    supervisors: list[str]  # first names
    fellows: list[str]  # first names of the other learners
    bring: list[str]
    cancelled: bool = False
    contacts: tuple[Contact, ...] = ()  # the crew's supervisors, to call

    @property
    def map_url(self) -> str:
        return map_url(self.address) if self.address else ""

    @property
    def departure(self) -> str:
        """The van leaves the base when the first block starts."""
        return self.start

    @property
    def block_labels(self) -> str:
        """"Voormiddag", "Namiddag" or "Voormiddag en namiddag"."""
        if len(self.blocks) > 1:
            return _("Voormiddag en namiddag")
        return str(Block(self.blocks[0]).label)


def published_plans(first: date, last: date, floor_ids: set[int] | None = None) -> dict[date, list[DayPlan]]:
    """The published plans from `first` to `last` (of these floors, when given), by day."""
    query = select(DayPlan).where(DayPlan.day.between(first, last), DayPlan.status == PUBLISHED)
    if floor_ids is not None:
        query = query.where(DayPlan.floor_id.in_(floor_ids))
    out: dict[date, list[DayPlan]] = defaultdict(list)
    for plan in db.session.execute(query.order_by(DayPlan.floor_id)).scalars():
        out[plan.day].append(plan)
    return dict(out)


def _under_review(plans: dict[date, list[DayPlan]]) -> set[tuple[date, int]]:
    """(day, floor) of these published plans that have a draft revision waiting to be published."""
    days = list(plans)
    rows = db.session.execute(
        select(DayPlan.day, DayPlan.floor_id).where(DayPlan.day.in_(days), DayPlan.status != PUBLISHED))
    return {(day, floor_id) for day, floor_id in rows}


def placements_of(learner: Learner, plans: dict[date, list[DayPlan]]) -> dict[date, list[Placement]]:
    """The learner's crews in these plans, with crew mates and vans; four queries in all.

    A cancellation is news for the learner only once it is published: while the floor's
    draft revision (which drops the crew) waits for review, the published crew stands.
    """
    if not plans:
        return {}
    plan_by_id = {plan.id: plan for day_plans in plans.values() for plan in day_plans}
    mine = db.session.execute(
        select(CrewMember).join(CrewMember.assignment)
        .where(CrewMember.plan_id.in_(plan_by_id), CrewMember.person_id == learner.person_id,
               CrewMember.role == "learner")
        .options(contains_eager(CrewMember.assignment).joinedload(Assignment.site))
    ).scalars().all()
    if not mine:
        return {}
    pairs = {(m.plan_id, m.assignment_id) for m in mine}
    crew: dict[tuple[int, int], list[CrewMember]] = defaultdict(list)
    for member in db.session.execute(
            select(CrewMember).where(tuple_(CrewMember.plan_id, CrewMember.assignment_id).in_(pairs))
            .options(joinedload(CrewMember.person))).scalars():
        crew[(member.plan_id, member.assignment_id)].append(member)
    rides: dict[tuple[int, int], list[CrewVehicle]] = defaultdict(list)
    for ride in db.session.execute(
            select(CrewVehicle).where(tuple_(CrewVehicle.plan_id, CrewVehicle.assignment_id).in_(pairs))
            .options(joinedload(CrewVehicle.vehicle), joinedload(CrewVehicle.driver))).scalars():
        rides[(ride.plan_id, ride.assignment_id)].append(ride)

    reviewing = _under_review(plans) if any(m.assignment.cancelled for m in mine) else set()
    result: dict[date, list[Placement]] = defaultdict(list)
    for member in mine:
        assignment, plan = member.assignment, plan_by_id[member.plan_id]
        key = (member.plan_id, member.assignment_id)
        blocks = assignment.blocks
        start, end = block_times(blocks)
        others = [m for m in crew[key] if m.person_id != learner.person_id]
        result[plan.day].append(Placement(
            plan_id=plan.id, revision=plan.revision, assignment_id=assignment.id, day=plan.day,
            name=assignment.name, site=assignment.site.name, address=assignment.site.address,
            travel_minutes=assignment.site.travel_minutes, blocks=blocks, start=start, end=end,
            rides=sorted((Ride(r.vehicle.name, r.driver.first_name if r.driver else None) for r in rides[key]),
                         key=lambda r: r.vehicle),
            supervisors=sorted(m.person.first_name for m in others if m.role == "supervisor"),
            fellows=sorted(m.person.first_name for m in others if m.role == "learner"),
            bring=what_to_bring(assignment),
            cancelled=assignment.cancelled and (plan.day, plan.floor_id) not in reviewing,
            contacts=tuple(sorted((Contact(m.person.first_name, m.person.phone) for m in others
                                   if m.role == "supervisor"), key=lambda c: c.first_name)),
        ))
    for placements in result.values():
        placements.sort(key=lambda p: (BLOCKS.index(p.blocks[0]), p.name))
    return dict(result)


# A learner's days ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BlockNote:
    """A block of the learner's working pattern without a placement: absent, or not placed."""

    block: str
    kind: str  # absent, unplaced
    reason: str = ""  # the absence reason's label, or why there is no place (the engine's finding, in words)

    @property
    def label(self) -> str:
        return Block(self.block).label


@dataclass
class ScheduleDay:
    """What one working day holds for one learner."""

    day: date
    status: str  # planned, off, absent, not_ready, unplaced
    placements: list[Placement] = field(default_factory=list)
    notes: list[BlockNote] = field(default_factory=list)
    change: str | None = None  # None, "new" (published since last look) or "changed"
    reports: list[str] = field(default_factory=list)  # the learner's own reports awaiting the supervisor's OK

    @property
    def absence_reasons(self) -> list[str]:
        return sorted({note.reason for note in self.notes if note.kind == "absent"})


def event_concerns(event: PlanEvent, person_id: int, assignment_ids: set[int], places: set[str]) -> bool:
    """Does this change of a plan touch this learner (them, or the crews they are in)?

    Read from what the planning board logs: `details["diff"]` lists who moved
    (`key` "person:<id>" or "vehicle:<id>") from which places to which ("Name (Site)"),
    `details["move"]` the assignment ids a move left and joined, `details["assignment"]`
    a cancelled assignment. `details["persons"]` / `["assignments"]` (ids) may scope an
    event explicitly. An event with none of these moved nobody (a pin, an accepted warning).
    """
    details = event.details or {}
    if "persons" in details or "assignments" in details:
        return person_id in set(details.get("persons") or ()) or bool(
            assignment_ids & set(details.get("assignments") or ()))
    move = details.get("move") or {}
    touched = set(move.get("sources") or ()) | {move.get("target"), details.get("assignment")}
    if assignment_ids & touched:
        return True
    for entry in details.get("diff") or ():
        if entry.get("key") == f"person:{person_id}":
            return True
        if places & (set(entry.get("from") or ()) | set(entry.get("to") or ())):
            return True
    return False


def place_label(placement: Placement) -> str:
    """How the planning board names a crew's place in its history: "Hagen scheren (Stadspark)"."""
    return f"{placement.name} ({placement.site})"


def plan_change(plan: DayPlan, events: list[PlanEvent], person_id: int, placements: list[Placement],
                seen_at: datetime | None) -> str | None:
    """How this published plan changed for this learner since `seen_at`: "new", "changed" or None."""
    seen_at = naive_utc(seen_at)
    if seen_at is None:
        return None  # first visit: everything is new, so a badge would say nothing
    published_at = naive_utc(plan.published_at)
    if published_at and published_at > seen_at:
        return "new" if plan.revision <= 1 else "changed"
    assignment_ids = {p.assignment_id for p in placements}
    places = {place_label(p) for p in placements}
    if any(naive_utc(e.at) > seen_at and event_concerns(e, person_id, assignment_ids, places) for e in events):
        return "changed"
    return None


def standing(placements: list[Placement], day: date, absences: list[Absence]) -> list[Placement]:
    """The placements that still hold: one in blocks the learner is absent in waits for the replan,
    and the absence is what counts."""
    return [p for p in placements if not all(any(a.covers(day, b) for a in absences) for b in p.blocks)]


def feed_placements(learner: Learner, first: date, last: date) -> dict[date, list[Placement]]:
    """The learner's standing placements in published plans from `first` to `last`, for the feed."""
    placements = placements_of(learner, published_plans(first, last, learner.floor_ids))
    absences = _absences(learner, first, last) if placements else []
    return {day: standing(items, day, absences) for day, items in placements.items()}


def _absences(learner: Learner, first: date, last: date, *, confirmed: bool | None = True) -> list[Absence]:
    """The learner's absences in the period: confirmed ones, own reports awaiting an OK (False), or both (None)."""
    query = select(Absence).where(Absence.person_id == learner.person_id, Absence.start_date <= last,
                                  Absence.end_date >= first)
    if confirmed is not None:
        query = query.where(Absence.confirmed.is_(confirmed))
    return list(db.session.execute(query.order_by(Absence.start_date)).scalars())


def _events_since(plans: dict[date, list[DayPlan]], seen_at: datetime | None) -> dict[int, list[PlanEvent]]:
    if seen_at is None or not plans:
        return {}
    events: dict[int, list[PlanEvent]] = defaultdict(list)
    for event in db.session.execute(
            select(PlanEvent).where(PlanEvent.plan_id.in_([p.id for ps in plans.values() for p in ps]),
                                    PlanEvent.at > naive_utc(seen_at))).scalars():
        events[event.plan_id].append(event)
    return events


def learner_schedule(learner: Learner, days: list[date]) -> list[ScheduleDay]:
    """The learner's schedule on these days, from published plans only, with changes since they last looked."""
    if not days:
        return []
    first, last = min(days), max(days)
    plans = published_plans(first, last, learner.floor_ids)  # only the learner's own floors count
    placements = placements_of(learner, plans)
    every = _absences(learner, first, last, confirmed=None)  # one query: confirmed and awaiting an OK
    absences = [a for a in every if a.confirmed]
    waiting = [a for a in every if not a.confirmed]
    events = _events_since(plans, learner.schedule_seen_at)
    pattern = learner.pattern
    result = []
    for day in days:
        absent = {b: a for b in BLOCKS for a in absences if a.covers(day, b)}
        working = [b for b in BLOCKS if (day.weekday(), b) in pattern]
        day_plans = plans.get(day, [])
        plan = day_plans[0] if day_plans else None
        mine = standing(placements.get(day, []), day, absences)
        placed = {b for p in mine for b in p.blocks}
        why = {f.get("block"): f for p in day_plans for f in (p.unplaced or [])
               if f.get("person") == learner.person_id}
        notes = []
        for block in working:
            if block in absent:
                notes.append(BlockNote(block, "absent", AbsenceReason(absent[block].reason).label))
            elif block not in placed and plan is not None:
                reason = unplaced_text(why[block], learner.person.first_name) if block in why else ""
                notes.append(BlockNote(block, "unplaced", reason))
        if mine:
            status = "planned"
        elif not working:
            status = "off"
        elif all(b in absent for b in working):
            status = "absent"
        elif plan is None:
            status = "not_ready"
        else:
            status = "unplaced"
        change = None
        for day_plan in day_plans:
            change = change or plan_change(day_plan, events.get(day_plan.id, []), learner.person_id,
                                           placements.get(day, []), learner.schedule_seen_at)
        reports = [AbsenceReason(a.reason).label for a in waiting if a.start_date <= day <= a.end_date]
        result.append(ScheduleDay(day=day, status=status, placements=mine, notes=notes, change=change,
                                  reports=reports))
    return result


def report_days(learner: Learner, today: date) -> list[tuple[date, str]]:
    """The days a learner may report sick or late for: their working days from today up to a week ahead."""
    from flask_babel import format_date

    pattern_days = {weekday for weekday, _block in learner.pattern}
    result = []
    for day in schedule_days(today):
        if day.weekday() not in pattern_days:
            continue
        label = format_date(day, "EEEE d MMMM")
        if day == today:
            label = _("vandaag, %(day)s", day=label)
        elif day == today + timedelta(days=1):
            label = _("morgen, %(day)s", day=label)
        result.append((day, label))
    return result


def learner_contacts(learner: Learner, today: date) -> list[Contact]:
    """Whom the learner calls: the supervisors of their next published crews, else those of their floors."""
    from workfloor.models import Supervisor

    placements = placements_of(learner, published_plans(today, today + timedelta(days=SCHEDULE_DAYS_AHEAD)))
    contacts = {c.first_name + c.phone: c for day in sorted(placements) for p in placements[day] for c in p.contacts}
    if not contacts and learner.floor_ids:
        for supervisor in db.session.execute(select(Supervisor)).unique().scalars():
            if supervisor.floor_ids & learner.floor_ids and supervisor.person.active:
                contact = Contact(supervisor.person.first_name, supervisor.person.phone)
                contacts[contact.first_name + contact.phone] = contact
    return list(contacts.values())[:3]


def mark_seen(learner: Learner, at: datetime | None = None) -> None:
    """Remember when the learner looked at their schedule.

    A plain UPDATE: looking is not an edit of the file, so it neither bumps the
    learner's version (a counsellor's open edit form stays valid) nor fills the
    audit log.
    """
    at = naive_utc(at or now())
    db.session.execute(update(Learner).where(Learner.id == learner.id).values(schedule_seen_at=at))


# The calendar token -------------------------------------------------------------------------------

def _set_calendar_token(learner: Learner, token: str | None, what: str) -> None:
    # A plain UPDATE, so the secret itself never lands in the audit log; the log says what happened.
    db.session.execute(update(Learner).where(Learner.id == learner.id).values(calendar_token=token))
    db.session.add(AuditEntry(user_id=current_user_id(), learner_id=learner.id, action="update",
                              object_type="CalendarFeed", object_id=learner.id,
                              changes={"calendar_feed": [None, what]}))
    db.session.flush()


def renew_calendar_token(learner: Learner) -> str:
    """Give the learner a new secret feed address; the old one stops working."""
    token = secrets.token_urlsafe(32)
    _set_calendar_token(learner, token, "renewed")
    return token


def revoke_calendar_token(learner: Learner) -> None:
    """Switch the learner's calendar feed off."""
    _set_calendar_token(learner, None, "revoked")


# The iCalendar feed -------------------------------------------------------------------------------

def feed_window(today: date) -> tuple[date, date]:
    """The days the feed covers: two weeks back (calendars keep recent history) to four ahead."""
    return today - timedelta(days=FEED_DAYS_BACK), today + timedelta(days=FEED_DAYS_AHEAD)


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=TIMEZONE)


def event_description(placement: Placement) -> str:
    """The practical details of a placement in plain Dutch; first names only, nothing sensitive."""
    lines = []
    if placement.supervisors:
        lines.append(_("Begeleider: %(names)s", names=", ".join(placement.supervisors)))
    if placement.travel_minutes > 0:
        if placement.rides:
            lines.append(_("Vertrek aan de basis om %(time)s met %(vans)s", time=placement.departure,
                           vans=", ".join(_ride_text(r) for r in placement.rides)))
        else:
            lines.append(_("Vertrek aan de basis om %(time)s", time=placement.departure))
    if placement.fellows:
        lines.append(_("Met: %(names)s", names=", ".join(placement.fellows)))
    lines.append(_("Meebrengen: %(items)s", items=", ".join(placement.bring)))
    return "\n".join(lines)


def _ride_text(ride: Ride) -> str:
    if ride.driver:
        return _("%(van)s (chauffeur: %(driver)s)", van=ride.vehicle, driver=ride.driver)
    return ride.vehicle


def calendar_feed(learner: Learner, placements: dict[date, list[Placement]]) -> bytes:
    """An iCalendar with one event per placement; UIDs stay the same so subscribed calendars update."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//workfloor//Mijn planning//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Werkplanning"))
    calendar.add("x-wr-timezone", str(TIMEZONE))
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for day in sorted(placements):
        for placement in placements[day]:
            event = icalendar.Event()
            event.add("uid", f"plan{placement.plan_id}-assignment{placement.assignment_id}"
                             f"-learner{learner.id}@workfloor")
            event.add("dtstamp", stamp)
            event.add("sequence", placement.revision)
            event.add("summary", placement.name)
            event.add("location", ", ".join(x for x in (placement.site, placement.address) if x))
            event.add("dtstart", _at(day, placement.start))
            event.add("dtend", _at(day, placement.end))
            event.add("description", event_description(placement))
            event.add("status", "CANCELLED" if placement.cancelled else "CONFIRMED")
            event.add("transp", "OPAQUE")
            calendar.add_component(event)
    days = sorted(placements) or [clock.today()]
    # A VTIMEZONE for the span of the events only: short, and enough for every calendar app.
    calendar.add_missing_timezones(first_date=days[0] - timedelta(days=366), last_date=days[-1] + timedelta(days=366))
    return calendar.to_ical()


# The crew sheet -----------------------------------------------------------------------------------

@dataclass
class SheetCrew:
    """One crew on the crew sheet, with full names: the sheet is for staff."""

    assignment: Assignment
    blocks: list[str]
    start: str
    end: str
    supervisors: list[str]
    learners: list[str]
    vans: list[str]  # every van of the crew, so a crew split over two vans says so in both

    @property
    def departure(self) -> str:
        return self.start


@dataclass
class VanSection:
    """One van of the day and the crews it takes out; or the crews working at the base (kind "base"),
    or those that must travel but have no van yet (kind "no_van")."""

    vehicle: object | None
    drivers: list[str]
    crews: list[SheetCrew]
    kind: str = "van"

    @property
    def departure(self) -> str:
        return min((crew.departure for crew in self.crews), default="")


@dataclass
class CrewSheet:
    day: date
    plans: list[DayPlan]  # each floor's current plan: its draft revision, else the published plan
    sections: list[VanSection]
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (name, why), from the engine

    @property
    def plan(self) -> DayPlan | None:
        return self.plans[0] if self.plans else None

    @property
    def draft(self) -> bool:
        """Something on this sheet is not (yet) what the learners see."""
        return any(p.status != PUBLISHED for p in self.plans)

    @property
    def revision(self) -> int | None:
        """The published revision, when every floor on the sheet is published as shown."""
        if not self.plans or self.draft:
            return None
        return max(p.revision for p in self.plans)


def current_plans(day: date, floor_ids: set[int] | None) -> list[DayPlan]:
    """Per floor the plan supervisors work from: the draft revision when there is one, else the published."""
    query = select(DayPlan).where(DayPlan.day == day)
    if floor_ids is not None:
        query = query.where(DayPlan.floor_id.in_(floor_ids))
    by_floor: dict[int, DayPlan] = {}
    for plan in db.session.execute(query).scalars():
        if plan.floor_id not in by_floor or plan.status != PUBLISHED:
            by_floor[plan.floor_id] = plan
    return [by_floor[f] for f in sorted(by_floor)]


def crew_sheet(day: date, floor_ids: set[int] | None) -> CrewSheet:
    """The crews of one day on these floors (None: all), grouped by van; a few queries in all."""
    plans = current_plans(day, floor_ids)
    if not plans:
        return CrewSheet(day=day, plans=[], sections=[])
    plan_ids = [p.id for p in plans]

    def on_floors(query):
        query = query.where(Assignment.day == day)
        return query if floor_ids is None else query.where(Assignment.floor_id.in_(floor_ids))

    members = db.session.execute(on_floors(
        select(CrewMember).join(CrewMember.assignment).where(CrewMember.plan_id.in_(plan_ids))
        .options(contains_eager(CrewMember.assignment).options(joinedload(Assignment.site),
                                                               joinedload(Assignment.floor)),
                 joinedload(CrewMember.person)))).scalars().all()
    rides = db.session.execute(on_floors(
        select(CrewVehicle).join(CrewVehicle.assignment).where(CrewVehicle.plan_id.in_(plan_ids))
        .options(contains_eager(CrewVehicle.assignment).options(joinedload(Assignment.site),
                                                                joinedload(Assignment.floor)),
                 joinedload(CrewVehicle.vehicle), joinedload(CrewVehicle.driver)))).scalars().all()

    crews: dict[int, SheetCrew] = {}
    for assignment in sorted({m.assignment for m in members} | {r.assignment for r in rides},
                             key=lambda a: (BLOCKS.index(a.blocks[0]), a.name, a.id)):
        start, end = block_times(assignment.blocks)
        people = [m for m in members if m.assignment_id == assignment.id]
        crews[assignment.id] = SheetCrew(
            assignment=assignment, blocks=assignment.blocks, start=start, end=end,
            supervisors=sorted(m.person.name for m in people if m.role == "supervisor"),
            learners=sorted(m.person.name for m in people if m.role == "learner"),
            vans=sorted(r.vehicle.name for r in rides if r.assignment_id == assignment.id))

    by_vehicle: dict[int, VanSection] = {}
    with_van: set[int] = set()
    for ride in sorted(rides, key=lambda r: crews[r.assignment_id].start):
        section = by_vehicle.setdefault(ride.vehicle_id, VanSection(vehicle=ride.vehicle, drivers=[], crews=[]))
        if ride.driver and ride.driver.name not in section.drivers:
            section.drivers.append(ride.driver.name)
        section.crews.append(crews[ride.assignment_id])
        with_van.add(ride.assignment_id)
    sections = sorted(by_vehicle.values(), key=lambda s: (s.departure, s.vehicle.name))
    without_van = [crew for assignment_id, crew in crews.items() if assignment_id not in with_van]
    away = [crew for crew in without_van if crew.assignment.site.travel_minutes > 0]
    at_base = [crew for crew in without_van if crew.assignment.site.travel_minutes == 0]
    if away:
        sections.append(VanSection(vehicle=None, drivers=[], crews=away, kind="no_van"))
    if at_base:
        sections.append(VanSection(vehicle=None, drivers=[], crews=at_base, kind="base"))
    findings = [f for p in plans for f in (p.unplaced or [])]
    people = {p.id: p for p in db.session.execute(
        select(Person).where(Person.id.in_({f.get("person") for f in findings}))).scalars()} if findings else {}
    labels = {}
    if findings:
        labels = dict(db.session.execute(select(Assignment.id, Assignment.name).where(
            Assignment.id.in_({o.get("assignment") for f in findings for o in f.get("obstacles") or []}))).all())
    unplaced = []
    for f in sorted(findings, key=lambda f: (people[f["person"]].name if f.get("person") in people else "",
                                             BLOCKS.index(f.get("block", "am")))):
        person = people.get(f.get("person"))
        if person is not None:
            unplaced.append((f"{person.name} ({Block(f['block']).label.lower()})",
                             unplaced_text(f, person.first_name, labels)))
    return CrewSheet(day=day, plans=plans, sections=sections, unplaced=unplaced)


def recent_plans(first: date, last: date, floor_ids: set[int] | None = None) -> list[tuple[date, str]]:
    """The days with a plan from `first` to `last` and their state, for the crew-sheet index:
    "published" when every floor's plan is published as it stands, else "draft"."""
    query = select(DayPlan.day, DayPlan.status).where(DayPlan.day.between(first, last))
    if floor_ids is not None:
        query = query.where(DayPlan.floor_id.in_(floor_ids))
    days: dict[date, set[str]] = defaultdict(set)
    for day, status in db.session.execute(query):
        days[day].add(status)
    return [(day, "published" if statuses == {PUBLISHED} else "draft") for day, statuses in sorted(days.items())]

