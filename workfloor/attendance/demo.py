"""Demo attendance: about three months of history, so rates, calendars and flags show from the first run.

Per learner per scheduled block: mostly present, sometimes late; every registered absence
shows as an absence of its kind; a few older sick spells are registered and followed; a
handful of learners skip work without notice often enough lately to raise the caseload flag.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from workfloor.attendance.operations import BLOCKS, absence_status, works_on
from workfloor.extensions import db
from workfloor.models import Absence, AttendanceEntry, Learner, Supervisor

HISTORY_WEEKS = 13
TROUBLED_LEARNERS = 4
RECENT_DAYS = 21  # the troubled learners' unexcused days fall in the last three weeks


def _recorders() -> dict[int, int]:
    """Floor id -> the user id of a supervisor of that floor, who "registered" the history."""
    recorders: dict[int, int] = {}
    supervisors = db.session.execute(select(Supervisor).options(selectinload(Supervisor.floors))).scalars()
    for supervisor in supervisors:
        for floor in supervisor.floors:
            if supervisor.person.user is not None:
                recorders.setdefault(floor.id, supervisor.person.user.id)
    return recorders


def _old_sick_spells(learners: list[Learner], start: date, until: date, rng: random.Random) -> None:
    """Register a few sick spells before the demo's own absences begin, so history has excused days too."""
    for learner in learners:
        if rng.random() < 0.35:
            first = start + timedelta(days=rng.randint(0, max(0, (until - start).days - 4)))
            db.session.add(Absence(person_id=learner.person_id, start_date=first,
                                   end_date=first + timedelta(days=rng.choice([0, 1, 2])), reason="sick"))
    db.session.flush()


def build_attendance_history(today: date, rng: random.Random, weeks: int = HISTORY_WEEKS) -> int:
    """Store attendance for every scheduled block of every learner from `weeks` ago up to yesterday.

    Returns the number of blocks stored. Written in one bulk insert: history is demo
    data, not a change someone made, so it bypasses the audit log on purpose.
    """
    start = today - timedelta(weeks=weeks)
    learners = list(db.session.execute(
        select(Learner).options(selectinload(Learner.work_blocks), selectinload(Learner.floors))
        .order_by(Learner.id)).scalars())
    _old_sick_spells(learners, start, today - timedelta(days=25), rng)
    absences: dict[tuple[int, date, str], Absence] = {}
    for absence in db.session.execute(select(Absence).where(Absence.end_date >= start,
                                                            Absence.start_date < today)).scalars():
        day = max(absence.start_date, start)
        while day <= min(absence.end_date, today):
            for block in absence.blocks:
                absences[(absence.person_id, day, block)] = absence
            day += timedelta(days=1)
    recorders = _recorders()
    troubled = {learner.id for learner in rng.sample(learners, min(TROUBLED_LEARNERS, len(learners)))}
    days = [start + timedelta(days=n) for n in range((today - start).days)]
    days = [day for day in days if day.weekday() < 5]
    skipped: dict[int, set[date]] = {}
    for learner in learners:
        if learner.id in troubled:
            recent = [day for day in days if (today - day).days <= RECENT_DAYS
                      and any(works_on(learner, day, block) for block in BLOCKS)]
            skipped[learner.id] = set(rng.sample(recent, min(len(recent), rng.randint(3, 5))))

    rows = []
    for learner in learners:
        recorder = next((recorders[f.id] for f in learner.floors if f.id in recorders), None)
        for day in days:
            for block in BLOCKS:
                if not works_on(learner, day, block):
                    continue
                absence = absences.get((learner.person_id, day, block))
                note = ""
                if absence is not None:
                    status = absence_status(absence)
                elif day in skipped.get(learner.id, ()):
                    status = "absent_unexcused"
                else:
                    roll = rng.random()
                    late = 0.12 if learner.id in troubled else 0.05
                    if roll < late:
                        status, note = "late", rng.choice(["", "", "15 minuten", "bus gemist", "30 minuten"])
                    elif roll < late + 0.01:
                        status = "absent_unexcused"
                    else:
                        status = "present"
                rows.append({"learner_id": learner.id, "day": day, "block": block, "status": status, "note": note,
                             "recorded_by_id": recorder,
                             "recorded_at": datetime.combine(day, time(16, 0), tzinfo=timezone.utc)})
    if rows:
        db.session.execute(insert(AttendanceEntry), rows)
    return len(rows)
