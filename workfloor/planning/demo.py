"""The demo's week: flexible green jobs, a vaste begeleider for every learner, goals with weekly targets.

Runs after the rest of the demo (its own random stream, so everything made before stays the same):

- green work that can wait a few days ("mow Park Noord this week") becomes flexible: the
  Monday and Tuesday templates of mowing, weeding and leaf clearing may happen up to two
  working days later;
- every learner gets a mentor among their floor's supervisors, as many as each can lead;
- every goal gets a weekly target (mostly 4 blocks), and a learner whose goals cannot fill
  their working week gets the attitude goals their floor's work practises most, as a
  counsellor would when drawing up a development plan for a newcomer.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workfloor.assignments.operations import template_window
from workfloor.extensions import db
from workfloor.models import Assignment, AssignmentTemplate, CompetencyItem, DevelopmentGoal, Floor, Learner, Supervisor

FLEXIBLE_WORK = ("Gras maaien", "Onkruid wieden", "Bladeren ruimen")
FLEXIBLE_DAYS = 2  # working days a flexible job may move
WEEKLY_TARGETS = (3, 4, 4, 4, 5)
SLACK = 6  # blocks of practice asked beyond the working week: room to match people and work


def supply(today: date, weeks: int = 2) -> dict[int, Counter]:
    """Per floor, learner-blocks of practice its work offers per week, per competency (the coming weeks)."""
    out: dict[int, Counter] = {}
    known = set(db.session.execute(select(CompetencyItem.id).where(~CompetencyItem.retired)).scalars())
    rows = db.session.execute(select(Assignment).where(
        Assignment.day >= today, Assignment.day < today + timedelta(weeks=weeks), ~Assignment.cancelled)).scalars()
    for a in rows:
        counts = out.setdefault(a.floor_id, Counter())
        for item in set(a.trains or []) & known:
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


def assign_mentors(rng: random.Random) -> int:
    """Every learner a mentor of their floor: spread over its supervisors by how many each may lead."""
    supervisors = db.session.execute(select(Supervisor).options(selectinload(Supervisor.floors))
                                     .order_by(Supervisor.id)).scalars().all()
    learners = db.session.execute(select(Learner).options(selectinload(Learner.floors))
                                  .order_by(Learner.id)).scalars().all()
    load: Counter = Counter()
    for learner in rng.sample(learners, len(learners)):
        candidates = [s for s in supervisors if s.floor_ids & learner.floor_ids]
        if not candidates:
            continue
        mentor = min(candidates, key=lambda s: (load[s.id] / s.max_learners, s.id))
        learner.mentor = mentor
        load[mentor.id] += 1
    db.session.flush()
    return sum(load.values())


def weekly_targets(rng: random.Random, today: date) -> int:
    """Every goal a weekly target; enough goals to fill each learner's working week.

    A learner whose goals ask less practice than they work gets goals on what their floor's work
    practises most and others ask least (its workshop first, usually): practice that can happen.
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
        while sum(g.per_week for g in mine) < len(learner.work_blocks) + SLACK or len(mine) < 2:
            choices = [item for item, n in room.most_common() if item not in have]
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


def build_week(today: date, seed: int = 2026) -> str:
    """The week parts of the demo (flushes; the caller commits). Returns a summary."""
    rng = random.Random(seed + 12)
    flexible = make_flexible(today)
    mentors = assign_mentors(rng)
    added = weekly_targets(rng, today)
    return f"Week: {flexible} flexible green assignments, {mentors} learners with a mentor, {added} goals added."
