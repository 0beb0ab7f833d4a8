"""Demo competency history: about three months of assessments, a few self-assessments, goals, job targets.

So the counsellor's pages show real trends from the first run: most learners are
assessed 4–10 times over the last 13 weeks by their floor's supervisors, levels
mostly rise slowly (some stall, a few drop), levels 1–2 carry a note, and each
learner has 1–3 goals on items their floor's work trains, some of them met.
Written in bulk inserts: history is demo data, not a change someone made, so it
bypasses the audit log on purpose (as the attendance history does).
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import selectinload

from competencies import Framework, Rating as PureRating, level_on
from workfloor.demo_work import WORK, WORKSHOP
from workfloor.extensions import db
from workfloor.framework.operations import current_framework, sync_framework
from workfloor.models import Assessment, DevelopmentGoal, JobTarget, Learner, Rating, Supervisor, User

HISTORY_WEEKS = 13
STALE_SHARE = 0.07  # learners whose last assessment is older than six weeks (the caseload flags them)

NOTES = {
    1: ["Had veel uitleg nodig en vergat stappen; morgen samen opnieuw overlopen.",
        "Lukte vandaag niet zonder dat ik het voordeed.",
        "Stopte halverwege; we spraken af het stap voor stap te oefenen.",
        "Nog onveilig of onvolledig uitgevoerd; blijft onder toezicht."],
    2: ["Lukt als ik de stappen overloop; zelf starten gaat nog moeizaam.",
        "Goed bezig met begeleiding, vraagt nog vaak bevestiging.",
        "Met een voorbeeld erbij lukt het; tempo ligt nog laag.",
        "Vergeet soms een stap, corrigeert zich na een opmerking."],
}
ACTIONS = [
    "Elke week samen oefenen op de werf; de begeleider doet het eerst voor.",
    "Stappenplan met foto's mee in de bestelwagen; na elke opdracht kort bespreken.",
    "Werken naast een ervaren collega; na twee weken zelf laten starten.",
    "Elke vrijdag kort terugkijken op de week en één werkpunt kiezen.",
]
JOB_TARGETS = [
    ("Schoonmaker kantoren en openbare gebouwen", "Poetsen in kantoren, scholen en sporthallen.",
     {"attitude.punctuality": 3, "attitude.independence": 3, "attitude.hygiene": 3, "cleaning.sanitary": 3,
      "cleaning.floor_care": 3, "cleaning.dosing": 3}),
    ("Medewerker groenonderhoud", "Onderhoud van parken, bermen en begraafplaatsen.",
     {"attitude.punctuality": 3, "attitude.safety": 3, "attitude.teamwork": 3, "green.mowing": 3,
      "green.hedge_trimming": 3, "green.weeding": 3}),
    ("Magazijnmedewerker", "Orderpicken en ontvangst van goederen in een magazijn.",
     {"attitude.punctuality": 3, "attitude.safety": 3, "attitude.accuracy": 3, "attitude.independence": 3}),
]


@dataclass
class _Plan:
    """What one learner's demo history will hold before it is written."""

    learner: Learner
    domain: str
    items: list[str]
    base: dict[str, float]
    slope: dict[str, float]
    goals: list[dict] = field(default_factory=list)
    history: list[PureRating] = field(default_factory=list)


def _work_trains(framework: Framework) -> dict[str, list[str]]:
    """Per domain, the items the floor's work trains (from the demo's assignment catalogue)."""

    trains: dict[str, list[str]] = {}
    for domain, rows in WORK.items():
        ids = [item for row in rows for item in row[8]] + list(WORKSHOP[domain][1])
        trains[domain] = [item for item in dict.fromkeys(ids) if item in framework]
    return trains


def _workdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _level(plan: _Plan, item: str, day: date, start: date, rng: random.Random) -> int:
    weeks = (day - start).days / 7
    value = plan.base[item] + plan.slope[item] * weeks + rng.uniform(-0.25, 0.25)
    return max(1, min(4, round(value)))


def _at(day: date, minute: int) -> datetime:
    return datetime.combine(day, time(14, 0), tzinfo=timezone.utc) + timedelta(minutes=minute)


def build_competency_history(today: date, rng: random.Random, weeks: int = HISTORY_WEEKS,
                             focus: dict[int, list[str]] | None = None) -> str:
    """Write the demo's competency history (flushes; the caller commits). Returns a summary.

    ``focus``: per learner, what their ploeg works on (``planning.demo.form_ploegen``): their goals are
    chosen there, as a development plan follows the work a learner does. Otherwise on their floor's work.
    """
    sync_framework()
    framework = current_framework()
    trains = _work_trains(framework)
    start = today - timedelta(weeks=weeks)

    learners = list(db.session.execute(
        select(Learner).options(selectinload(Learner.floors)).order_by(Learner.id)).scalars())
    assessors: dict[int, list[int]] = defaultdict(list)
    for supervisor in db.session.execute(select(Supervisor).options(selectinload(Supervisor.floors))).scalars():
        if supervisor.person.user is not None:
            for floor in supervisor.floors:
                assessors[floor.id].append(supervisor.person.user.id)
    users_by_person = dict(db.session.execute(select(User.person_id, User.id)).all())
    # The demo learner's own login should open on a lively "Mijn doelen": rising, recent, with a self-assessment.
    showcase = db.session.execute(select(User.person_id).where(User.email.like("leerwerknemer@%"))).scalar()

    targets = [JobTarget(name=name, description=text, requirements={k: v for k, v in req.items() if k in framework})
               for name, text, req in JOB_TARGETS]
    db.session.add_all(targets)
    db.session.flush()

    assessment_rows, rating_rows, goal_rows, job_targets = [], [], [], []
    for learner in learners:
        if not learner.floors:
            continue
        domain = learner.floors[0].domain
        items = [item.id for item in framework.items("attitude")] + [item.id for item in framework.items(domain)]
        tenure = min(1.0, (today - learner.contract_start).days / 500)
        kind = "rising" if learner.person_id == showcase else rng.choices(["rising", "stalled", "dropping"],
                                                                          [65, 25, 10])[0]
        base = {item: rng.uniform(1.0, 2.3) + tenure for item in items}
        slope = {item: {"rising": rng.uniform(0.02, 0.11), "stalled": rng.uniform(-0.01, 0.02),
                        "dropping": rng.uniform(-0.1, -0.03)}[kind] for item in items}
        plan = _Plan(learner, domain, items, base, slope)
        first_day = max(start, learner.contract_start + timedelta(days=7))
        stale = rng.random() < STALE_SHARE and learner.person_id != showcase
        last_day = today - timedelta(days=rng.randint(45, 60) if stale else 1)
        days = _workdays(first_day, last_day)
        if not days:
            continue
        count = min(len(days), rng.randint(4, 10) if len(days) > 20 else rng.randint(1, 3))
        dates = sorted(rng.sample(days, count))

        # Goals first, so observations after a goal starts often look at its item.
        options = [item for item in (focus or {}).get(learner.id) or trains.get(domain, []) if item in items]
        for item in rng.sample(options, min(len(options), rng.randint(1, 3))):
            created = rng.choice(dates[: max(1, len(dates) // 2)])
            plan.goals.append({"item": item, "created": created, "weight": rng.choice([1, 2, 2, 3])})
        goal_items = [goal["item"] for goal in plan.goals]

        floor_assessors = assessors.get(learner.floors[0].id) or [None]
        counsellor_user = users_by_person.get(learner.counsellor_id)
        for index, day in enumerate(dates):
            evaluation = index == 0 or (index == len(dates) // 2 and len(dates) >= 6)
            if evaluation:
                rated = [item for item in items if rng.random() < 0.85]
            else:
                pool = [item for item in goal_items if any(g["item"] == item and g["created"] <= day
                                                           for g in plan.goals)]
                rated = list(dict.fromkeys(pool + rng.sample(items, rng.randint(1, 4))))
            assessor = floor_assessors[0] if len(floor_assessors) == 1 else rng.choice(floor_assessors)
            if evaluation and counsellor_user and rng.random() < 0.3:
                assessor = counsellor_user
            assessment = {"learner_id": learner.id, "assessor_id": assessor, "day": day,
                          "kind": "evaluation" if evaluation else "observation",
                          "note": "Evaluatiegesprek met begeleider en trajectbegeleider." if evaluation else "",
                          "created_at": _at(day, index)}
            ratings = []
            for item in rated:
                level = None if evaluation and rng.random() < 0.05 else _level(plan, item, day, start, rng)
                note = rng.choice(NOTES[level]) if level in NOTES else ""
                ratings.append({"competency_id": item, "level": level, "note": note})
                plan.history.append(PureRating(item, level, day, assessment["kind"],
                                               recorded_at=assessment["created_at"]))
            assessment_rows.append(assessment)
            rating_rows.append(ratings)

        if (rng.random() < 0.35 or learner.person_id == showcase) and dates:
            day = rng.choice(dates)
            own = rng.sample(items, rng.randint(4, 8))
            assessment_rows.append({"learner_id": learner.id, "assessor_id": users_by_person.get(learner.person_id),
                                    "day": day, "kind": "self", "note": "", "created_at": _at(day, 30)})
            rating_rows.append([{"competency_id": item, "note": "", "level": max(1, min(4, _level(
                plan, item, day, start, rng) + rng.choice([0, 0, 1, 1, -1])))} for item in own])

        goal_rows.extend(_goal_rows(plan, start, today, counsellor_user, rng))
        if rng.random() < 0.6:
            wanted = {"cleaning": 0, "green": 1}.get(domain, 2) if rng.random() < 0.8 else 2
            job_targets.append({"learner": learner.id, "target": targets[wanted].id})

    ids = list(db.session.execute(insert(Assessment).returning(Assessment.id, sort_by_parameter_order=True),
                                  assessment_rows).scalars()) if assessment_rows else []
    flat = [rating | {"assessment_id": assessment_id} for assessment_id, ratings in zip(ids, rating_rows)
            for rating in ratings]
    if flat:
        db.session.execute(insert(Rating), flat)
    if goal_rows:
        db.session.execute(insert(DevelopmentGoal), goal_rows)
    if job_targets:
        table = Learner.__table__
        db.session.execute(table.update().where(table.c.id == bindparam("learner"))
                           .values(job_target_id=bindparam("target")), job_targets)
        for learner in learners:
            db.session.expire(learner, ["job_target_id", "job_target"])
    db.session.flush()
    met = sum(1 for goal in goal_rows if goal["status"] == "met")
    return (f"Competency history: {len(assessment_rows)} assessments with {len(flat)} ratings, "
            f"{len(goal_rows)} goals ({met} met), {len(targets)} job targets.")


def _goal_rows(plan: _Plan, start: date, today: date, counsellor_user: int | None,
               rng: random.Random) -> list[dict]:
    """The plan's goals as rows: target one step above the level when set; met where the history reached it."""
    rows = []
    for goal in plan.goals:
        created = goal["created"]
        weeks = (created - start).days / 7
        expected = plan.base[goal["item"]] + plan.slope[goal["item"]] * weeks
        level_then = max(level_on(plan.history, goal["item"], created) or 1, round(expected))
        target = min(4, max(2, level_then + 1))
        reached = next((rating.date for rating in sorted(plan.history, key=lambda r: r.date)
                        if rating.competency_id == goal["item"] and rating.date > created
                        and (level_on(plan.history, goal["item"], rating.date) or 0) >= target), None)
        status, confirmed_at, confirmed_by = "active", None, None
        if reached is not None:
            status = "met"
            if counsellor_user and rng.random() < 0.55 and reached + timedelta(days=3) <= today:
                confirmed_at = _at(reached + timedelta(days=rng.randint(3, 10)), 0)
                confirmed_at = min(confirmed_at, _at(today, 0))
                confirmed_by = counsellor_user
        elif rng.random() < 0.05:
            status = "stopped"
        rows.append({"learner_id": plan.learner.id, "competency_id": goal["item"], "target_level": target,
                     "weight": goal["weight"], "actions": rng.choice(ACTIONS),
                     "deadline": created + timedelta(days=rng.choice([60, 90, 120])), "status": status,
                     "reached_on": reached if status == "met" else None, "confirmed_by_id": confirmed_by,
                     "confirmed_at": confirmed_at, "created_by_id": counsellor_user, "created_at": _at(created, 60),
                     "version": 1})
    return rows
