"""Demo trajectories: contracts, evaluation meetings with agreements, contacts, obstacles, ended trajectories.

Deterministic (its own seeded stream, run after the rest of the demo), and written through the
models like any other demo history. The ended trajectories and the obstacles come from the fixed
tables below, so the city's report over the demo can be counted by hand (tests/app/test_trajectory_demo.py).
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import delete, func, select

from competencies import evaluation_moments
from workfloor.extensions import db
from workfloor.models import (
    Agreement, AttendanceEntry, ContactEntry, DevelopmentGoal, Employer, EvaluationMeeting, JobApplication, Learner,
    Obstacle, PhaseChange, TrajectoryContract, TrajectoryOutcome, User, Vacancy,
)
from workfloor.trajectory.operations import evaluation_months

SUMMARIES = {
    "summary_attitude": ["Komt stipt en meldt zich af als het nodig is.", "Werkt goed samen, vraagt zelf om hulp.",
                         "Heeft soms moeite met feedback, maar herstelt snel.", "Motivatie is gegroeid sinds de start."],
    "summary_skills": ["Maait en kantelt zelfstandig rond obstakels.", "Doseert producten correct volgens het etiket.",
                       "Snoeien lukt met begeleiding; tempo ligt nog laag.", "Gebruikt de schrobzuigmachine veilig."],
    "summary_attendance": ["Geen ongewettigde afwezigheden.", "Twee keer te laat door de bus; opgelost.",
                           "Wettig afwezig na een ziekteperiode; nu weer stabiel."],
    "summary_outlook": ["Blijft in arbeidsactivering; volgende stap: zelfstandig een ploegtaak.",
                        "Klaar om jobproeven te doen bij een groendienst.",
                        "Eerst taalactivering combineren met twee dagen werkvloer."],
    "learner_view": ["Ik wil graag leren snoeien.", "Ik voel me goed in de ploeg.",
                     "Ik wil later in een schoonmaakbedrijf werken.", "Het vroege opstaan is nog moeilijk."],
}
AGREEMENTS = [("Elke werkdag om 8 uur aanwezig op de werf", "learner"), ("Werkschoenen aankopen met de premie", "counsellor"),
              ("Twee keer per week oefenen met de bosmaaier", "supervisor"), ("Inschrijven bij VDAB als werkzoekende", "learner"),
              ("Bellen naar de huisvestingsdienst", "counsellor"), ("Zelf afmelden bij ziekte vóór 8 uur", "learner"),
              ("Jobproef regelen bij een schoonmaakbedrijf", "counsellor"), ("Taallessen volgen op dinsdagavond", "learner")]
CONTACT_NOTES = {"conversation": ["Gesprek over de voortgang op de werkvloer.", "Stappenplan overlopen."],
                 "home_visit": ["Huisbezoek: papieren voor de huurpremie samen ingevuld."],
                 "phone": ["Belde om te melden dat de bus niet reed.", "Teruggebeld over de afspraak bij VDAB."],
                 "mail": ["Attest doorgestuurd naar de personeelsdienst."],
                 "employer": ["Overleg met de werkgever over een jobproef."],
                 "vdab": ["Overleg met de VDAB-consulent over een opleiding."]}
# (category, note, affects the work, weeks ago signalled, weeks ago solved or None, what was done)
OBSTACLES = [
    ("transport", "Eerste bus komt pas om 8u30 aan de werf.", True, 6, 2, "Fiets geregeld via de sociale dienst."),
    ("childcare", "Opvang van de jongste sluit om 16 uur.", True, 4, None, ""),
    ("debts", "Loonbeslag maakt het moeilijk om vervoer te betalen.", False, 8, None, ""),
    ("housing", "Moet verhuizen binnen de maand.", False, 10, 3, "Sociale woning toegewezen."),
    ("health", "Kan niet lang geknield werken.", True, 3, None, ""),
    ("language", "Begrijpt de werkbriefjes niet altijd.", True, 9, 1, "Werkbriefjes met pictogrammen gemaakt."),
    ("administration", "Mist documenten voor de kinderbijslag.", False, 2, None, ""),
]
# (kind, employer, reason, weeks ago ended)
OUTCOMES = [("regular_job", "Groendienst Peeters bv", "Vast contract als groenarbeider.", 1),
            ("regular_job", "Net & Proper nv", "Contract van onbepaalde duur, 30 uur.", 2),
            ("regular_job", "Stad: dienst gebouwen", "Statutair schoonmaker.", 3),
            ("social_economy", "Maatwerkbedrijf De Sleutel", "Maatwerk in de groenploeg.", 4),
            ("social_economy", "Kringwinkel Zuid", "Job in de sorteerafdeling.", 5),
            ("training", "VDAB Opleidingscentrum", "Opleiding heftruckchauffeur.", 6),
            ("dropout", "", "Stopte zelf na lange afwezigheid.", 7),
            ("other_programme", "", "Overgestapt naar een zorgtraject.", 8)]
EMPLOYERS = [("Groendienst Peeters bv", "groenonderhoud", False), ("Net & Proper nv", "schoonmaak", False),
             ("Maatwerkbedrijf De Sleutel", "maatwerk", True), ("Kringwinkel Zuid", "kringloop", True)]


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(15, 0), tzinfo=timezone.utc)


def build_trajectories(today: date, seed: int = 13) -> dict[str, int]:
    """Add the trajectory file to every demo learner; flushes, the caller commits."""
    rng = random.Random(seed)
    learners = list(db.session.execute(select(Learner).order_by(Learner.id)).scalars())
    counsellor_users = {user.person_id: user for user in db.session.execute(
        select(User).where(User.role == "counsellor")).scalars()}
    months = sorted(set(evaluation_months()))
    counts = {"meetings": 0, "agreements": 0, "contacts": 0}
    employers = [Employer(name=name, sector=sector, social_economy=social) for name, sector, social in EMPLOYERS]
    db.session.add_all(employers)
    db.session.flush()
    db.session.add_all([Vacancy(employer=employers[0], title="Groenarbeider", closes_on=today + timedelta(days=30)),
                        Vacancy(employer=employers[1], title="Schoonmaker kantoren (30 u)")])

    # The longest-running learners ended their trajectory in the last weeks (OUTCOMES).
    ended = sorted(learners, key=lambda learner: learner.contract_start)[:len(OUTCOMES)]
    for learner, (kind, employer, reason, weeks) in zip(ended, OUTCOMES):
        end = today - timedelta(weeks=weeks)
        learner.contract_end = end
        db.session.add(TrajectoryOutcome(learner_id=learner.id, ended_on=end, kind=kind, employer=employer,
                                         reason=reason))
        db.session.execute(delete(AttendanceEntry).where(AttendanceEntry.learner_id == learner.id,
                                                         AttendanceEntry.day > end))
    db.session.flush()

    # Two contracts run out soon: the caseload flags them, so the next step gets arranged in time.
    for learner in [learner for learner in learners if learner not in ended][10:12]:
        learner.contract_end = max(learner.contract_start, today + timedelta(weeks=5))
    db.session.flush()
    first_marked = dict(db.session.execute(select(AttendanceEntry.learner_id, func.min(AttendanceEntry.day))
                                           .group_by(AttendanceEntry.learner_id)).all())
    for index, learner in enumerate(learners):
        author = counsellor_users.get(learner.counsellor_id)
        author_id = author.id if author else None
        # The attendance history covers the last weeks only: the days worked before it count as prior days.
        weekdays = {weekday for weekday, _block in learner.pattern}
        history_start = first_marked.get(learner.id, today)
        before = sum(1 for offset in range(max(0, (history_start - learner.contract_start).days))
                     if (learner.contract_start + timedelta(days=offset)).weekday() in weekdays)
        db.session.add(TrajectoryContract(
            learner_id=learner.id, kind="twe" if index % 7 == 3 else "art60",
            intake_on=learner.contract_start - timedelta(days=rng.randint(10, 30)),
            days_needed=468 if index % 5 == 0 else 312, prior_days=min(2000, round(before * 0.93))))
        db.session.add(PhaseChange(learner_id=learner.id, phase="work_activation", started_on=learner.contract_start,
                                   note="Start op de werkvloer"))
        if learner.phase != "work_activation":
            db.session.add(PhaseChange(learner_id=learner.id, phase=learner.phase,
                                       started_on=min(today, learner.contract_start + timedelta(days=120))))
        goals = list(db.session.execute(select(DevelopmentGoal.id).where(DevelopmentGoal.learner_id == learner.id))
                     .scalars())
        moments = list(zip(months, evaluation_moments(learner.contract_start, months, learner.contract_end)))
        held = [(month, day) for month, day in moments if day <= today]
        for number, (month, due) in enumerate(held):
            late = rng.random() < 0.15
            held_on = min(today, due + timedelta(days=rng.randint(15, 30) if late else rng.randint(-5, 7)))
            meeting = EvaluationMeeting(
                learner_id=learner.id, planned_on=held_on, moment_month=month, held_on=held_on,
                with_supervisor=True, with_counsellor=True, with_learner=rng.random() < 0.95,
                others="maatschappelijk werker" if rng.random() < 0.2 else "",
                created_by_id=author_id, signed_at=_moment(held_on) if rng.random() < 0.7 else None,
                **{key: rng.choice(texts) for key, texts in SUMMARIES.items()})
            db.session.add(meeting)
            counts["meetings"] += 1
            latest = number == len(held) - 1
            for what, owner in rng.sample(AGREEMENTS, rng.randint(1, 3)):
                agreement = Agreement(learner_id=learner.id, meeting=meeting, what=what, owner=owner,
                                      deadline=held_on + timedelta(days=rng.choice([14, 30, 45])),
                                      status="open" if latest else rng.choice(["done", "done", "dropped"]))
                if latest and goals and owner == "supervisor":
                    agreement.goal_id = goals[0]
                db.session.add(agreement)
                counts["agreements"] += 1
        upcoming = [(month, day) for month, day in moments if today < day <= today + timedelta(days=30)]
        for month, day in upcoming[:1]:
            db.session.add(EvaluationMeeting(learner_id=learner.id, planned_on=day, moment_month=month,
                                             created_by_id=author_id))
            counts["meetings"] += 1
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(list(CONTACT_NOTES))
            day = today - timedelta(days=rng.randint(1, 80))
            follow = day + timedelta(days=rng.choice([7, 14, 21])) if rng.random() < 0.4 else None
            db.session.add(ContactEntry(learner_id=learner.id, day=day, kind=kind,
                                        note=rng.choice(CONTACT_NOTES[kind]), follow_up_on=follow,
                                        follow_up_done=follow is not None and follow < today - timedelta(days=7),
                                        author_id=author_id))
            counts["contacts"] += 1
    # Aftercare: a contact after the end for those who left for a job.
    for learner, (kind, employer, _reason, weeks) in zip(ended, OUTCOMES):
        if kind in ("regular_job", "social_economy"):
            author = counsellor_users.get(learner.counsellor_id)
            db.session.add(ContactEntry(learner_id=learner.id, day=today - timedelta(days=3), kind="phone",
                                        note=f"Nazorg: gaat goed bij {employer}.", follow_up_on=today + timedelta(days=3),
                                        author_id=author.id if author else None))
            counts["contacts"] += 1
    # Obstacles on learners still working (fixed table, so the report can be counted by hand).
    working = [learner for learner in learners if learner not in ended]
    for learner, (category, note, affects, weeks, solved_weeks, done) in zip(working[::9], OBSTACLES):
        db.session.add(Obstacle(learner_id=learner.id, category=category, note=note, affects_work=affects,
                                signalled_on=today - timedelta(weeks=weeks),
                                status="solved" if solved_weeks is not None else "open",
                                solved_on=today - timedelta(weeks=solved_weeks) if solved_weeks is not None else None,
                                action_taken=done))
    # A few applications and job-tastings for those in guidance to work.
    for learner in [learner for learner in working if learner.phase in ("guidance_to_work", "work")][:4]:
        db.session.add(JobApplication(learner_id=learner.id, employer_id=employers[0].id, kind="job_tasting",
                                      day=today - timedelta(days=rng.randint(5, 40)), result="positive",
                                      note="Drie dagen meegedraaid in de ploeg."))
    db.session.flush()
    return counts | {"obstacles": min(len(OBSTACLES), len(working[::9])), "outcomes": len(OUTCOMES)}
