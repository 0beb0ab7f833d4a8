"""The week in figures, per learner and in total, and publishing a week.

The figures are read from the engine's problem and a week plan (pure: no query), so the board,
the command line, the solve job's summary and the tests all count the same way:

- per learner: blocks available, worked and idle; practice per goal against its weekly
  target; blocks with their vaste begeleider (mentor) in the crew;
- a goal practised fewer than ``MIN_PRACTICE`` blocks (or its target, when lower) is a
  shortfall, with the reason as data (``GoalShortfall.reason``), said in words by the view.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

import scheduling
from scheduling.score import practice
from workfloor.models import User
from workfloor.planning import operations
from workfloor.planning.week import week_days

MIN_PRACTICE = 2  # every goal at least this many blocks a week, wherever availability allows


@dataclass
class GoalWeek:
    """One goal of one learner over the week."""

    competency: str
    per_week: int
    practice: int = 0
    reason: str | None = None  # set when short: see ``goal_reason``
    have: int = 0  # the number the reason speaks of (e.g. blocks available)

    @property
    def need(self) -> int:
        return min(MIN_PRACTICE, self.per_week)

    @property
    def short(self) -> bool:
        return self.practice < self.need


@dataclass
class LearnerWeek:
    """One learner's week: where they work, what they practise, with whom."""

    learner: str  # engine id
    available: int = 0
    worked: int = 0
    practising: int = 0  # worked blocks that practise one of their goals
    with_mentor: int = 0
    mentor: str | None = None
    goals: list[GoalWeek] = field(default_factory=list)
    days: dict[str, dict[str, str]] = field(default_factory=dict)  # day -> block -> assignment id

    @property
    def idle(self) -> int:
        return self.available - self.worked

    @property
    def short_goals(self) -> list[GoalWeek]:
        return [g for g in self.goals if g.short]


@dataclass
class WeekFigures:
    """The week in totals, and per learner."""

    learners: dict[str, LearnerWeek]

    @property
    def available(self) -> int:
        return sum(x.available for x in self.learners.values())

    @property
    def placed(self) -> int:
        return sum(x.worked for x in self.learners.values())

    @property
    def practising(self) -> int:
        return sum(x.practising for x in self.learners.values())

    @property
    def with_mentor(self) -> int:
        return sum(x.with_mentor for x in self.learners.values())

    @property
    def practice_share(self) -> float:
        return self.practising / self.placed if self.placed else 0.0

    @property
    def mentor_share(self) -> float:
        return self.with_mentor / self.placed if self.placed else 0.0

    @property
    def goal_shortfalls(self) -> list[tuple[str, GoalWeek]]:
        return [(x.learner, g) for x in self.learners.values() for g in x.short_goals]


def week_figures(problem: scheduling.Problem, plan: scheduling.Plan) -> WeekFigures:
    """Count the week of every learner in the problem under this plan (crews need their ``day``)."""
    out = {x.id: LearnerWeek(x.id, available=sum(len(x.free(d)) for d in problem.days), mentor=x.mentor,
                             goals=[GoalWeek(g.competency, g.per_week) for g in x.goals])
           for x in problem.learners}
    for crew in plan.crews:
        a = problem.assignment.get(crew.assignment)
        day = crew.day or (a.day if a else None)
        if a is None or not day:
            continue
        for lid in crew.learners:
            week = out.get(lid)
            if week is None:
                continue
            slots = week.days.setdefault(day, {})
            for block in a.blocks:
                if block in slots:
                    continue  # counted once, even if a broken plan has them twice
                slots[block] = crew.assignment
                week.worked += 1
                week.practising += any(g.competency in a.trains for g in week.goals)
                week.with_mentor += week.mentor is not None and week.mentor in crew.supervisors
    done = practice(problem, plan.crews)  # the goals level's own reading (scheduling.score)
    for learner in problem.learners:
        for g in out[learner.id].goals:
            g.practice = done.get((learner.id, g.competency), 0)
            if g.short:
                g.reason, g.have = goal_reason(problem, learner, g.competency, out[learner.id], g.need)
    return WeekFigures(out)


def goal_reason(problem: scheduling.Problem, learner: scheduling.Learner, competency: str,
                week: LearnerWeek | None = None, need: int = MIN_PRACTICE) -> tuple[str, int]:
    """Why a goal was practised too little this week: a code, and the number it speaks of.

    Availability first: ``available`` (the learner works fewer blocks than needed: have = blocks),
    ``no_work`` (no job of their floors trains it this week), ``closed`` (those jobs ask a level
    or exclude a restriction of theirs: have = jobs), ``not_when`` (fewer than needed of their
    blocks have such a job: have = those blocks). Then the plan (``week``, what they work):
    ``other_goals`` (in blocks where such a job ran they practised other goals of theirs, which
    the score weighs as much or more: have = those blocks), ``full`` (the places went to others).
    """
    blocks = sum(len(learner.free(d)) for d in problem.days)
    if blocks < need:
        return "available", blocks
    training = [a for a in problem.assignments if competency in a.trains and a.domain in learner.domains]
    if not training:
        return "no_work", 0
    fitting = [a for a in training if all(learner.level(c) >= n for c, n in a.min_levels)
               and not set(a.excluded_restrictions) & set(learner.restrictions)]
    if not fitting:
        return "closed", len(training)
    possible = {(d, b) for a in fitting for d in a.window if set(a.blocks) <= learner.free(d) for b in a.blocks}
    if len(possible) < need:
        return "not_when", len(possible)
    if week is not None:
        mine = {g.competency for g in week.goals} - {competency}
        elsewhere = sum(1 for d, b in possible if (aid := week.days.get(d, {}).get(b)) is not None
                        and mine & set(problem.assignment[aid].trains))
        if elsewhere:
            return "other_goals", elsewhere
    return "full", len(possible)


def publish_week(monday: date, floor_ids: set[int], user: User | None) -> list[tuple[date, int, list]]:
    """Publish every draft of these floors in the week (the first publication, or the reviewed changes).

    Returns (day, floor id, diff) per published draft; notices go out for changed days as for a day.
    """
    out = []
    for day in week_days(monday):
        for floor_id, plan in sorted(operations.current_plans(day, floor_ids, full=True).items()):
            if plan.status == "draft":
                _event, changes = operations.publish(plan, user)
                out.append((day, floor_id, changes))
    return out


def pending_week(monday: date, floor_ids: set[int]) -> dict[date, list[dict]]:
    """Per day, what publishing the week's drafts would change for people (the reviewed changes)."""
    out: dict[date, list[dict]] = defaultdict(list)
    for day in week_days(monday):
        for _floor_id, plan in sorted(operations.current_plans(day, floor_ids, full=True).items()):
            out[day] += operations.pending_changes(plan)
    return dict(out)


def drafts_in_week(monday: date, floor_ids: set[int]) -> int:
    """How many day plans of the week wait to be published."""
    return sum(plan.status == "draft" for day in week_days(monday)
               for plan in operations.current_plans(day, floor_ids).values())


# ------------------------------------------------------------------ the week board's rows

GOAL_REASONS = {  # why a goal was practised too little (``goal_reason``), as the board says it
    "available": _l("%(name)s werkt deze week maar %(have)s dagdeel of minder."),
    "no_work": _l("Geen opdracht van de werkvloer oefent dit deze week."),
    "closed": _l("De opdrachten die dit oefenen vragen een hoger niveau of passen niet bij een beperking."),
    "not_when": _l("Slechts %(have)s van de dagdelen waarop %(name)s werkt, heeft een opdracht die dit oefent."),
    "other_goals": _l("Wel mogelijk, maar in de %(have)s dagdelen waarin dat kon, gingen andere leerdoelen van %(name)s voor."),
    "full": _l("De plaatsen in de opdrachten die dit oefenen waren nodig voor anderen."),
}
AVAILABILITY = {"available", "no_work", "closed", "not_when"}  # reasons that no plan of this week could change


@dataclass
class WeekBoard:
    """What the week board shows: per floor the crews per day, per learner the week in figures."""

    monday: date
    days: list[date]
    floors: list  # [(floor, {day: [crew dict]}, {day: plan state})]
    learners: list[dict]
    figures: WeekFigures
    version: str
    pending: dict[date, list[dict]]
    drafts: int


def build_week_board(monday: date, floor_ids: set[int]) -> WeekBoard:
    """Read the week of these floors for the board (reads only)."""
    from workfloor.assignments.forms import competency_names
    from workfloor.models import Floor, Supervisor, Vehicle
    from workfloor.extensions import db
    from workfloor.planning.adapter import PlanningWeek
    from workfloor.planning.jobs import week_token
    from workfloor.planning.problem import parse_key
    from workfloor.planning.text import short_names, unplaced_text

    week = PlanningWeek(monday, floor_ids)
    problem, plan = week.problem, week.plan
    figures = week_figures(problem, plan)
    # Crew lines say first names, told apart where two people of the week share one.
    said = short_names([x.person for x in week.learners] + [s.person for s in week.supervisors])
    names = {x.id: said[x.person_id] for x in week.learners}
    supervisor_names = {s.id: said[s.person_id] for s in week.supervisors}
    vans = {v.id: v.name for v in db.session.execute(db.select(Vehicle)).scalars()}
    by_id = {a.id: a for a in week.assignments}
    floors = db.session.execute(db.select(Floor).where(Floor.id.in_(floor_ids)).order_by(Floor.name)).scalars().all()
    columns = []
    for floor in floors:
        per_day, states = {}, {}
        for d in week.days:
            crews = []
            staffed = set()
            for c in plan.crews:
                aid = parse_key(c.assignment)[1]
                a = by_id.get(aid)
                if a is None or a.floor_id != floor.id or c.day != d.isoformat():
                    continue
                staffed.add(aid)
                crews.append({"assignment": a, "learners": [names.get(parse_key(x)[1], "?") for x in c.learners],
                              "supervisors": [supervisor_names.get(parse_key(x)[1], "?") for x in c.supervisors],
                              "vans": [vans.get(parse_key(u.vehicle)[1], "?") for u in c.vehicles]})
            open_work = [a for a in week.per_day[d].assignments if a.floor_id == floor.id and a.id not in staffed
                         and (a.mandatory or a.flexible)]
            per_day[d] = {"crews": sorted(crews, key=lambda c: (not c["assignment"].morning, c["assignment"].name)),
                          "open": open_work}
            plan_row = week.plans[d].plans.get(floor.id)
            states[d] = None if plan_row is None else plan_row.status
        columns.append((floor, per_day, states))
    competencies = competency_names()
    mentors = {s.id: s.name for s in db.session.execute(db.select(Supervisor)).scalars()}
    unplaced: dict[int, list[str]] = defaultdict(list)
    for d in week.days:
        for day_plan in week.plans[d].plans.values():
            for f in day_plan.unplaced or []:
                who = next((x for x in week.learners if x.person_id == f.get("person")), None)
                if who is not None:
                    text = f"{d.strftime('%d/%m')}: " + unplaced_text(f, who.person.first_name)
                    if text not in unplaced[who.id]:
                        unplaced[who.id].append(text)
    # Before a floor's week is planned, only the shortfalls no plan could change are shown (too few
    # blocks, no job that trains it): nobody is "short" of a plan that was never made.
    planned_floors = {fid for d in week.days for fid in week.plans[d].plans}
    rows = []
    for x in week.learners:
        lw = figures.learners.get(f"L{x.id}")
        if lw is None:
            continue
        planned = bool(planned_floors & {f.id for f in x.floors})
        goals = [{"name": competencies.get(g.competency, g.competency), "practice": g.practice,
                  "per_week": g.per_week, "short": g.short and (planned or g.reason in AVAILABILITY),
                  "reason": str(GOAL_REASONS[g.reason]) % {"name": x.person.first_name, "have": g.have}
                  if g.reason in GOAL_REASONS else ""}
                 for g in lw.goals]
        rows.append({
            "learner": x, "week": lw, "mentor": mentors.get(x.mentor_id) if x.mentor_id else None,
            "planned": planned, "goals": goals,
            "short": any(g["short"] for g in goals) or bool(planned and lw.idle and unplaced.get(x.id)),
            "idle_reasons": unplaced.get(x.id, []),
            "floors": [f.id for f in x.floors],
        })
    return WeekBoard(monday=week.monday, days=week.days, floors=columns, learners=rows, figures=figures,
                     version=week_token(week.monday, floor_ids), pending=pending_week(week.monday, floor_ids),
                     drafts=drafts_in_week(week.monday, floor_ids))
