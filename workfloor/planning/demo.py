"""The demo's week: flexible green jobs, a vaste begeleider for every learner, goals with weekly targets.

Runs after the rest of the demo (its own random stream, so everything made before stays the same):

- green work that can wait a few days ("mow Park Noord this week") becomes flexible: the
  Monday and Tuesday templates of mowing, weeding and leaf clearing may happen up to two
  working days later;
- every goal gets a weekly target (mostly 4 blocks), and a learner whose goals cannot fill
  their working week gets the attitude goals their floor's work practises most, as a
  counsellor would when drawing up a development plan for a newcomer;
- every learner gets a mentor among their floor's supervisors: a supervisor who goes out with
  the van follows up about one crew, learners who practise on the same jobs on overlapping
  days; the workshop's supervisors follow up the others (``assign_mentors``).
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
HANDFUL = 4  # learners a supervisor who goes out with the van follows up: about one crew
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


def assign_mentors() -> int:
    """Every learner a mentor (vaste begeleider) of their floor, as a leerwerkplaats would choose them.

    A supervisor who goes out with the van follows up a handful, about one crew (``HANDFUL``): learners
    whose goals are practised on the same jobs of the floor, on overlapping days. The supervisors who
    lead the workshop (they may lead ``WORKSHOP_LEAD`` or more) follow up the others, shared by how
    many each may lead. Learners who practise most away from the base choose first.
    """
    supervisors = db.session.execute(select(Supervisor).options(selectinload(Supervisor.floors))
                                     .order_by(Supervisor.id)).scalars().all()
    learners = db.session.execute(select(Learner).options(
        selectinload(Learner.floors), selectinload(Learner.work_blocks), selectinload(Learner.restrictions))
        .order_by(Learner.id)).scalars().all()
    goals: dict[int, set[str]] = {}
    for goal in db.session.execute(select(DevelopmentGoal)).scalars():
        if goal.status == "active" or (goal.status == "met" and goal.confirmed_at is None):
            goals.setdefault(goal.learner_id, set()).add(goal.competency_id)
    templates = db.session.execute(select(AssignmentTemplate).where(AssignmentTemplate.active)
                                   .order_by(AssignmentTemplate.id)).scalars().all()
    count = 0
    for floor in db.session.execute(select(Floor).order_by(Floor.id)).scalars():
        mine = [x for x in learners if x.floors and x.floors[0].id == floor.id]
        leads = [s for s in supervisors if floor.id in s.floor_ids]
        if not mine or not leads:
            continue
        base = set().union(*([t.trains or [] for t in templates if t.floor_id == floor.id and t.workshop] or [[]]))
        jobs = [t for t in templates if t.floor_id == floor.id and not t.workshop]
        practice = {x.id: _practice_away(x, goals.get(x.id, set()) - base, jobs) for x in mine}
        days = {x.id: {(w.weekday, w.block) for w in x.work_blocks} for x in mine}
        van = [s for s in leads if s.max_learners < WORKSHOP_LEAD]
        workshop = [s for s in leads if s.max_learners >= WORKSHOP_LEAD] or van
        quota = {s.id: HANDFUL for s in van}
        rest = max(0, len(mine) - HANDFUL * len(van)) if workshop is not van else len(mine)
        for s in workshop:
            quota[s.id] = -(-rest * s.max_learners // sum(w.max_learners for w in workshop))
        groups: dict[int, list[Learner]] = {s.id: [] for s in leads}

        def fit(x: Learner, s: Supervisor) -> tuple:
            group = groups[s.id]
            alike = sum(_alike(practice[x.id], practice[m.id]) + len(days[x.id] & days[m.id]) / 20 for m in group)
            return alike, -len(group) / quota[s.id], -s.id

        for x in sorted(mine, key=lambda x: (-sum(practice[x.id].values()), x.id)):
            room = ([s for s in van if len(groups[s.id]) < quota[s.id]]
                    or [s for s in workshop if len(groups[s.id]) < quota[s.id]] or leads)
            mentor = max(room, key=lambda s: fit(x, s))
            groups[mentor.id].append(x)
            x.mentor = mentor
            count += 1
    db.session.flush()
    return count


def _practice_away(learner: Learner, goals: set[str], jobs: list[AssignmentTemplate]) -> Counter:
    """Per job (by name), the blocks of practice of these goals it offers on the learner's days."""
    days = {(w.weekday, w.block) for w in learner.work_blocks}
    restrictions = {r.code for r in learner.restrictions}
    out: Counter = Counter()
    for t in jobs:
        shared = goals & set(t.trains or [])
        blocks = [b for b, on in (("am", t.morning), ("pm", t.afternoon)) if on]
        if shared and not restrictions & set(t.excluded_restrictions or []) \
                and all((t.weekday, b) in days for b in blocks):
            out[t.name] += len(blocks) * len(shared)
    return out


def _alike(a: Counter, b: Counter) -> float:
    """How alike two learners' practice away from the base is (cosine: 0 nothing shared, 1 the same)."""
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return sum(v * b[k] for k, v in a.items()) / norm if norm else 0.0


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
            # Most offered first, equal offers by name: the same goals in every process.
            choices = [item for item, n in sorted(room.items(), key=lambda kv: (-kv[1], kv[0])) if item not in have]
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
    added = weekly_targets(rng, today)
    mentors = assign_mentors()  # on the goals as they now stand
    return f"Week: {flexible} flexible green assignments, {mentors} learners with a mentor, {added} goals added."
