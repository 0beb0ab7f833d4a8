"""A believable leerwerkplaats for trying the app: two floors, ~70 learners, their work.

Deterministic (fixed seed), so every fresh `make run` shows the same people.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from workfloor import clock
from workfloor.assignments.operations import HORIZON_WEEKS, expand_templates
from workfloor.attendance.demo import build_attendance_history
from workfloor.demo_work import WORK, WORKSHOP
from workfloor.extensions import db
from workfloor.floors.operations import sync_workshop
from workfloor.goals.demo import build_competency_history
from workfloor.models import (
    Absence, AssignmentTemplate, Avoidance, DrivingLicence, Floor, Learner, LearnerCertificate,
    LearnerRestriction, Person, Site, Supervisor, User, Vehicle, VehicleOutage, WorkBlock,
)

PASSWORD = "werkvloer-demo"
DOMAIN_MAIL = "demo.workfloor.be"
BASE = "Leerwerkplaats, Industrieweg 12"
BASE_CAPACITY = 24  # learners the workshop of a floor takes in one block (with enough supervisors)

FIRST = ["Ahmed", "Sarah", "Kevin", "Fatima", "Jonas", "Yusuf", "Lotte", "Mohamed", "Elif", "Dieter",
         "Nathalie", "Omar", "Bram", "Amina", "Kurt", "Sofie", "Ibrahim", "Ines", "Wout", "Zainab",
         "Tom", "Hanne", "Samir", "Leen", "Mehmet", "Ruth", "Arno", "Nadia", "Pieter", "Yasmina",
         "Joris", "Aylin", "Koen", "Marieke", "Rachid", "Evi", "Stijn", "Hatice", "Lucas", "Greet"]
LAST = ["Vandenberghe", "Desmet", "Maes", "Peeters", "Claeys", "El Amrani", "Yilmaz", "Declercq",
        "Verhaeghe", "Vermeulen", "Demeyer", "Benali", "Demir", "Vanhoutte", "Lambrecht", "Deprez",
        "Mertens", "Coppens", "Bouzid", "Goossens", "Wouters", "Jacobs", "Willems", "Janssens"]

SITES = {
    "cleaning": [("Stadhuis", "Markt 1", 8), ("Sporthal Noord", "Noorderlaan 40", 12),
                 ("Sporthal Zuid", "Zuidstraat 3", 10), ("Bibliotheek Centrum", "Kouter 9", 7),
                 ("Dienstencentrum West", "Westlaan 77", 11), ("Kinderopvang De Vlinder", "Bloemstraat 5", 9),
                 ("Ontmoetingscentrum Oost", "Oostveld 2", 13), ("Zwembad", "Sportlaan 1", 6),
                 ("Cultuurcentrum", "Schouwburgplein 4", 8), ("Atelier schoonmaak", BASE, 0)],
    "green": [("Stadspark", "Parklaan 1", 10), ("Park Noord", "Noorderpark 3", 14),
              ("Begraafplaats Oost", "Kerkhofweg 20", 16), ("Begraafplaats West", "Westerbegraafplaats 1", 12),
              ("Sportterrein Zuid", "Zuidveld 8", 9), ("Rotonde Ring", "Ringlaan", 7),
              ("Speelplein De Wijk", "Wijkstraat 30", 11), ("Kasteeldomein", "Kasteeldreef 2", 18),
              ("Oeverzone", "Scheldekaai", 12), ("Serre en kweek", BASE, 0)],
}

# name, sites (by index), min, max, certificates, min_levels, excluded, vehicle features, trains, priority
CERTIFICATES = {"cleaning": ["scrubber_dryer"], "green": ["brush_cutter", "hedge_trimmer", "ride_on_mower"]}
PHASES = ["care", "language_activation", "social_activation", "work_activation", "work_activation",
          "guidance_to_work", "work"]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class _Builder:
    def __init__(self, today: date, seed: int):
        self.today = today
        self.rng = random.Random(seed)
        self.password_hash = generate_password_hash(PASSWORD)  # one hash: hashing 90 times is slow
        self.used_emails: set[str] = set()
        self.names: set[tuple[str, str]] = set()

    def person(self) -> Person:
        while True:
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            if (first, last) not in self.names:
                self.names.add((first, last))
                break
        person = Person(first_name=first, last_name=last,
                        phone=f"04{self.rng.randint(70, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}")
        db.session.add(person)
        return person

    def account(self, person: Person, role: str, email: str | None = None) -> User:
        if email is None:
            local = f"{person.first_name}.{person.last_name}".lower().replace(" ", "")
            email, n = f"{local}@{DOMAIN_MAIL}", 2
            while email in self.used_emails:
                email, n = f"{local}{n}@{DOMAIN_MAIL}", n + 1
        self.used_emails.add(email)
        user = User(person=person, email=email, role=role, password_hash=self.password_hash)
        db.session.add(user)
        return user


def build(today: date | None = None, seed: int = 2026) -> str:
    """Create the demo leerwerkplaats; flushes, the caller commits. Returns a summary."""
    today = today or clock.today()
    b = _Builder(today, seed)
    rng = b.rng

    coordinator = b.person()
    b.account(coordinator, "coordinator", f"coordinator@{DOMAIN_MAIL}")

    floors = {
        "cleaning": Floor(name="Schoonmaak", domain="cleaning", base=BASE),
        "green": Floor(name="Groen", domain="green", base=BASE),
    }
    db.session.add_all(floors.values())

    supervisors: dict[str, list[Supervisor]] = {"cleaning": [], "green": []}
    for i in range(8):
        domain = "green" if i % 2 else "cleaning"
        person = b.person()
        person.licences = [DrivingLicence(category=c) for c in (["B", "BE"] if i < 4 or rng.random() < 0.5 else ["B"])]
        email = f"begeleider.{domain}@{DOMAIN_MAIL}" if i < 2 else None
        b.account(person, "supervisor", email)
        supervisor = Supervisor(person=person, max_learners=rng.randint(5, 8), floors=[floors[domain]])
        db.session.add(supervisor)
        supervisors[domain].append(supervisor)
    # Two more per floor who mostly lead the base workshop: enough supervision for everyone who shows up.
    # Their own random stream, so the people made after them stay the same as before.
    extra = _Builder(today, seed + 1)
    extra.used_emails, extra.names, extra.password_hash = b.used_emails, b.names, b.password_hash
    for i in range(4):
        domain = "green" if i % 2 else "cleaning"
        person = extra.person()
        person.licences = [DrivingLicence(category="B")]
        extra.account(person, "supervisor")
        supervisor = Supervisor(person=person, max_learners=extra.rng.randint(10, 12), floors=[floors[domain]])
        db.session.add(supervisor)
        supervisors[domain].append(supervisor)

    counsellors = []
    for i in range(4):
        person = b.person()
        b.account(person, "counsellor", f"trajectbegeleider@{DOMAIN_MAIL}" if i == 0 else None)
        counsellors.append(person)

    sites: dict[str, list[Site]] = {}
    for domain, rows in SITES.items():
        sites[domain] = [Site(name=name, address=address, travel_minutes=travel) for name, address, travel in rows]
        db.session.add_all(sites[domain])

    vehicles = [
        Vehicle(name="Bestelwagen 1", plate="1-ABC-101", seats=6, licence="B", floor=floors["cleaning"]),
        Vehicle(name="Minibus 2", plate="1-ABC-102", seats=9, licence="B", floor=floors["cleaning"]),
        Vehicle(name="Bestelwagen 3", plate="1-ABC-103", seats=6, licence="B", floor=floors["cleaning"]),
        Vehicle(name="Pick-up 4 met aanhangwagen", plate="1-ABC-104", seats=3, licence="BE",
                features=["trailer"], floor=floors["green"]),
        Vehicle(name="Bestelwagen 5 met aanhangwagen", plate="1-ABC-105", seats=6, licence="BE",
                features=["trailer"], floor=floors["green"]),
        Vehicle(name="Minibus 6", plate="1-ABC-106", seats=9, licence="B", floor=floors["green"]),
    ]
    db.session.add_all(vehicles)
    vehicles[2].outages = [VehicleOutage(start_date=today + timedelta(days=9), end_date=today + timedelta(days=11),
                                         reason="Keuring en onderhoud")]

    learners: list[Learner] = []
    patterns = {
        "full": [(d, b) for d in range(5) for b in ("am", "pm")],
        "mornings": [(d, "am") for d in range(5)],
        "four_days": [(d, b) for d in (0, 1, 3, 4) for b in ("am", "pm")],
        "three_days": [(d, b) for d in (0, 1, 3) for b in ("am", "pm")],
    }
    for i in range(70):
        domain = "green" if i % 2 else "cleaning"
        person = b.person()
        pattern = rng.choices(list(patterns), [50, 20, 15, 15])[0]
        if i == 1:  # the demo learner's login works full-time, so every day shows a schedule
            pattern = "full"
        start = today - timedelta(days=rng.randint(20, 600))
        roll = rng.random()
        licences = ["B", "BE"] if roll < 0.04 else ["B"] if roll < 0.2 else []
        person.licences = [DrivingLicence(category=c) for c in licences]
        learner = Learner(
            person=person, counsellor=counsellors[i % 4], contract_start=start,
            contract_end=start + timedelta(days=365 * 2), phase=rng.choice(PHASES),
            may_drive=bool(licences) and rng.random() < 0.6, floors=[floors[domain]],
            work_blocks=[WorkBlock(weekday=d, block=blk) for d, blk in patterns[pattern]],
        )
        for kind in CERTIFICATES[domain]:
            if rng.random() < 0.3:
                expiry = today + timedelta(days=rng.choice([20, 120, 400, 700]))
                learner.certificates.append(LearnerCertificate(kind=kind, valid_until=expiry))
        for code in ("no_heavy_lifting", "no_chemicals", "no_machines"):
            if rng.random() < 0.06:
                learner.restrictions.append(LearnerRestriction(code=code))
        db.session.add(learner)
        learners.append(learner)
        b.account(person, "learner", f"leerwerknemer@{DOMAIN_MAIL}" if i == 1 else None)
    db.session.flush()

    for learner in learners:
        if rng.random() < 0.05:
            peers = [o for o in learners if o.floor_ids == learner.floor_ids and o is not learner]
            db.session.add(Avoidance(learner=learner, avoided=rng.choice(peers)))

    monday = _monday(today)
    for domain, floor in floors.items():
        # The base: the floor's workshop in each block, so a learner who works half a day has a place too.
        title, trains = WORKSHOP[domain]
        floor.workshop_site, floor.workshop_capacity, floor.workshop_supervisors = sites[domain][-1], BASE_CAPACITY, 1
        db.session.flush()
        sync_workshop(floor, today=monday - timedelta(weeks=4), name=title, trains=trains)
        for weekday in range(5):
            for name, site_ix, lo, hi, certs, levels, excluded, features, work_trains, priority in WORK[domain]:
                if rng.random() < 0.25:
                    continue
                blocks = rng.choices([(True, True), (True, False), (False, True)], [50, 25, 25])[0]
                db.session.add(AssignmentTemplate(
                    name=name, floor=floor, site=sites[domain][rng.choice(site_ix)], weekday=weekday,
                    starts_on=monday - timedelta(weeks=4), morning=blocks[0], afternoon=blocks[1],
                    min_learners=lo, max_learners=hi, mandatory=rng.random() < 0.25, priority=priority,
                    certificates=dict(certs), min_levels=dict(levels), excluded_restrictions=list(excluded),
                    vehicle_features=list(features), trains=list(work_trains)))
    db.session.flush()
    assignments = expand_templates(monday - timedelta(weeks=4), monday + timedelta(weeks=HORIZON_WEEKS))

    reasons = ["sick", "sick", "sick", "appointment_vdab", "appointment_ocmw", "appointment_doctor",
               "training", "leave", "unexcused"]
    absences = 0
    for learner in learners:
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            reason = rng.choice(reasons)
            start = today + timedelta(days=rng.randint(-20, 20))
            length = rng.choice([0, 0, 1, 2, 4]) if reason in ("sick", "leave") else 0
            half = reason.startswith("appointment") or reason == "training"
            morning = not half or rng.random() < 0.5
            db.session.add(Absence(person=learner.person, start_date=start, end_date=start + timedelta(days=length),
                                   morning=morning, afternoon=not half or not morning, reason=reason))
            absences += 1
    for supervisor in (supervisors["green"][3], supervisors["cleaning"][2]):
        start = today + timedelta(days=rng.randint(1, 6))
        db.session.add(Absence(person=supervisor.person, start_date=start, end_date=start + timedelta(days=1),
                               reason="leave"))
    db.session.flush()

    build_attendance_history(today, rng)
    from workfloor.planning.demo import build_week, form_ploegen  # ploegen, flexible jobs, weekly targets
    focus = form_ploegen()  # a mentor and a ploeg for every learner: their goals follow its work
    build_competency_history(today, rng, focus=focus)
    from workfloor.trajectory.demo import build_trajectories
    trajectories = build_trajectories(today)
    build_week(today, seed, focus)
    return (f"Demo data: 2 floors, {sum(len(s) for s in supervisors.values())} supervisors, 4 counsellors, {len(learners)} learners, "
            f"{len(vehicles)} vehicles, {sum(len(s) for s in sites.values())} sites, "
            f"{len(assignments)} assignments, {absences} absences, {trajectories['meetings']} evaluation meetings, "
            f"{trajectories['contacts']} contacts, {trajectories['outcomes']} ended trajectories.")


def logins() -> list[tuple[str, str]]:
    """One demo login per role, for the README and the console."""
    wanted = [("coordinator", f"coordinator@{DOMAIN_MAIL}"), ("supervisor", f"begeleider.cleaning@{DOMAIN_MAIL}"),
              ("supervisor", f"begeleider.green@{DOMAIN_MAIL}"), ("counsellor", f"trajectbegeleider@{DOMAIN_MAIL}"),
              ("learner", f"leerwerknemer@{DOMAIN_MAIL}")]
    present = set(db.session.execute(select(User.email).where(User.email.in_([e for _, e in wanted]))).scalars())
    return [(role, email) for role, email in wanted if email in present]
