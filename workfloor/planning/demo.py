"""The demo's week: flexible green jobs, a vaste begeleider for every learner, goals with weekly targets.

The ploegen come first (``form_ploegen``, before the development plans are made): a vaste begeleider
leads a ploeg that mostly works together, and its learners' goals are in what its work practises.
The rest runs after the rest of the demo (its own random stream):

- green work that can wait a few days ("mow Park Noord this week") becomes flexible: the
  Monday and Tuesday templates of mowing, weeding and leaf clearing may happen up to two
  working days later;
- every goal gets a weekly target (mostly 4 blocks), and a learner whose goals cannot fill
  their working week gets goals on what their ploeg's work practises, as a counsellor would
  when drawing up a development plan for a newcomer.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workfloor.assignments.operations import template_window
from workfloor.extensions import db
from workfloor.models import (
    Assignment, AssignmentTemplate, CompetencyItem, DevelopmentGoal, Floor, Learner, Supervisor, Vehicle,
)

FLEXIBLE_WORK = ("Gras maaien", "Onkruid wieden", "Bladeren ruimen")
FLEXIBLE_DAYS = 2  # working days a flexible job may move
WEEKLY_TARGETS = (3, 4, 4, 4, 5)
SLACK = 0  # blocks of practice asked beyond the working week: none, so the mentor level has room where targets are met
GOALS = 3  # goals in a development plan at least: the ploeg's skills and an attitude or two
WORKSHOP_LEAD = 10  # a supervisor who may lead this many mostly leads the workshop (demo.py makes two a floor)


def supply(today: date, weeks: int = 2) -> dict[int, Counter]:
    """Per floor, learner-blocks of practice its work offers per week, per competency (the coming weeks)."""
    out: dict[int, Counter] = {}
    known = set(db.session.execute(select(CompetencyItem.id).where(~CompetencyItem.retired)).scalars())
    rows = db.session.execute(select(Assignment).where(
        Assignment.day >= today, Assignment.day < today + timedelta(weeks=weeks), ~Assignment.cancelled)
        .order_by(Assignment.id)).scalars()
    for a in rows:
        counts = out.setdefault(a.floor_id, Counter())
        for item in sorted(set(a.trains or []) & known):  # sorted: a set's order changes between processes
            counts[item] += a.max_learners * len(a.blocks) / weeks
    return out


def make_flexible(today: date) -> int:
    """Turn the early-week green templates that can wait into flexible ones, with their assignments."""
    templates = db.session.execute(select(AssignmentTemplate).join(AssignmentTemplate.floor).where(
        Floor.domain == "green", AssignmentTemplate.name.in_(FLEXIBLE_WORK),
        AssignmentTemplate.weekday <= 4 - FLEXIBLE_DAYS)).scalars().all()
    changed = 0
    for template in templates:
        template.flexible_until = template.weekday + FLEXIBLE_DAYS
        for assignment in db.session.execute(select(Assignment).where(
                Assignment.template_id == template.id, ~Assignment.edited_by_hand)).scalars():
            window = template_window(template, assignment.day)
            assignment.window_start, assignment.window_end = window["window_start"], window["window_end"]
            changed += 1
    db.session.flush()
    return changed


def form_ploegen() -> dict[int, list[str]]:
    """Every learner a mentor (vaste begeleider) of their floor, in ploegen as a leerwerkplaats forms them.

    Runs before the development plans are drawn up (``goals.demo``), which then choose goals in what
    the learner's ploeg works on. A supervisor who goes out with the van leads a site ploeg of about
    one crew: as many as the floor's jobs usually take (the median of their largest crew), within the
    supervisor's ratio and the van's seats. Each site ploeg has its own kind of work (the floor's jobs
    dealt out among them by name), and takes learners who work whole days (a site crew is out for the
    day) and whom none of its jobs excludes. The supervisors who lead the workshop (they may lead
    ``WORKSHOP_LEAD`` or more) follow up the others, shared by how many each may lead.

    Returns per learner their ploeg's work: the competencies its jobs practise, most first, then the
    workshop's (every ploeg works at the base when its own jobs do not run).
    """
    supervisors = db.session.execute(select(Supervisor).options(selectinload(Supervisor.floors))
                                     .order_by(Supervisor.id)).scalars().all()
    learners = db.session.execute(select(Learner).options(
        selectinload(Learner.floors), selectinload(Learner.work_blocks), selectinload(Learner.restrictions))
        .order_by(Learner.id)).scalars().all()
    templates = db.session.execute(select(AssignmentTemplate).where(AssignmentTemplate.active)
                                   .order_by(AssignmentTemplate.id)).scalars().all()
    focus: dict[int, list[str]] = {}
    for floor in db.session.execute(select(Floor).order_by(Floor.id)).scalars():
        mine = [x for x in learners if x.floors and x.floors[0].id == floor.id]
        leads = [s for s in supervisors if floor.id in s.floor_ids]
        if not mine or not leads:
            continue
        base = sorted(set().union(*([t.trains or [] for t in templates if t.floor_id == floor.id and t.workshop]
                                    or [[]])))
        jobs = [t for t in templates if t.floor_id == floor.id and not t.workshop]
        seats = max((v.seats for v in db.session.execute(select(Vehicle).where(Vehicle.floor_id == floor.id))
                     .scalars()), default=0)
        crew = int(median(t.max_learners for t in jobs)) if jobs else 0
        van = [s for s in leads if s.max_learners < WORKSHOP_LEAD and crew and seats > 1]
        workshop = [s for s in leads if s not in van] or van
        kinds = sorted({t.name for t in jobs})
        work = {s.id: [t for t in jobs if t.name in kinds[i::len(van)]] for i, s in enumerate(van)}
        quota = {s.id: min(crew, s.max_learners, seats - 1) for s in van}
        groups: dict[int, list[Learner]] = {s.id: [] for s in leads}
        for x in mine:
            days = {(w.weekday, w.block) for w in x.work_blocks}
            whole_days = bool(days) and all((d, b) in days for d, _b in days for b in ("am", "pm"))
            codes = {r.code for r in x.restrictions}
            fits = [s for s in van if len(groups[s.id]) < quota[s.id] and whole_days
                    and not any(codes & set(t.excluded_restrictions or []) for t in work[s.id])]
            if fits:
                mentor = min(fits, key=lambda s: (len(groups[s.id]) / quota[s.id], s.id))
            else:
                mentor = min(workshop, key=lambda s: (len(groups[s.id]) / s.max_learners, s.id))
            groups[mentor.id].append(x)
            x.mentor = mentor
        for s in leads:
            practised: Counter = Counter()
            for t in work.get(s.id, []):
                for item in t.trains or []:
                    practised[item] += t.max_learners * (t.morning + t.afternoon)
            items = [item for item, _n in sorted(practised.items(), key=lambda kv: (-kv[1], kv[0]))]
            # At the base a site ploeg works on the attitudes; the workshop's own skills are its ploegen's.
            items += [item for item in base if item not in items and (s.id not in work or item.startswith("attitude."))]
            for x in groups[s.id]:
                focus[x.id] = items
    db.session.flush()
    return focus


def weekly_targets(rng: random.Random, today: date, focus: dict[int, list[str]] | None = None) -> int:
    """Every goal a weekly target; enough goals to fill each learner's working week.

    A learner whose goals ask less practice than they work gets goals on what their ploeg's work
    practises (``focus``, from ``form_ploegen``; without one, on what their floor's work practises
    most and others ask least): practice that can happen, beside their own supervisor.
    """
    learners = db.session.execute(select(Learner).options(
        selectinload(Learner.floors), selectinload(Learner.work_blocks)).order_by(Learner.id)).scalars().all()
    goals: dict[int, list[DevelopmentGoal]] = {x.id: [] for x in learners}
    for goal in db.session.execute(select(DevelopmentGoal).order_by(DevelopmentGoal.id)).scalars():
        goal.per_week = rng.choice(WEEKLY_TARGETS)
        if goal.status == "active" or (goal.status == "met" and goal.confirmed_at is None):
            goals.setdefault(goal.learner_id, []).append(goal)
    offered = supply(today)
    left = {floor: Counter(counts) for floor, counts in offered.items()}
    for learner in learners:
        for goal in goals.get(learner.id, []):
            for floor in learner.floor_ids:
                left.setdefault(floor, Counter())[goal.competency_id] -= goal.per_week
    added = 0
    for learner in learners:
        if not learner.floors:
            continue
        mine = goals.get(learner.id, [])
        have = {g.competency_id for g in mine}
        room = left.get(learner.floors[0].id, Counter())
        while sum(g.per_week for g in mine) < len(learner.work_blocks) + SLACK or len(mine) < GOALS:
            # Most offered first, equal offers by name: the same goals in every process.
            floor_order = [item for item, _n in sorted(room.items(), key=lambda kv: (-kv[1], kv[0]))]
            choices = [item for item in ((focus or {}).get(learner.id) or floor_order)
                       if item not in have and item in room]
            if not choices:
                break
            item = choices[0]
            room[item] -= 4
            goal = DevelopmentGoal(learner_id=learner.id, competency_id=item, target_level=3, weight=2,
                                   per_week=4, actions="Oefenen in de ploeg; bespreken bij de evaluatie.")
            db.session.add(goal)
            mine.append(goal)
            have.add(item)
            added += 1
    db.session.flush()
    return added


def build_week(today: date, seed: int = 2026, focus: dict[int, list[str]] | None = None) -> str:
    """The week parts of the demo (flushes; the caller commits). Returns a summary.

    ``focus``: per learner their ploeg's work (``form_ploegen``, which ran before the goals were made).
    """
    rng = random.Random(seed + 12)
    flexible = make_flexible(today)
    if focus is None:
        focus = form_ploegen()
    added = weekly_targets(rng, today, focus)  # goals on what each ploeg's work practises
    mentors = len(focus)
    return f"Week: {flexible} flexible green assignments, {mentors} learners with a mentor, {added} goals added."
