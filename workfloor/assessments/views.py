"""Assessments: the full page per learner, quick observations from today's crew, history, self-assessment.

Who may record what: a supervisor assesses the learners of their floors (observation or
periodic evaluation), the coordinator anyone; a counsellor records only periodic
evaluations, for their own caseload (they lead the evaluation meetings, the daily
observations are the supervisor's). A learner fills in a self-assessment for themselves.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from competencies import SCALE, RatingKind, level_label, levels_on, self_levels_on
from workfloor import audit, clock
from workfloor.access import can_edit_learner, learner_or_404, role_required, visible_learners
from workfloor.assessments import bp
from workfloor.assessments import operations as ops
from workfloor.assessments.forms import (
    KIND_CHOICES, SELF_LABELS, QuickObservationForm, assessment_form, level_name, level_raw, level_value,
    note_name, self_assessment_form,
)
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.framework.operations import current_framework
from workfloor.goals.operations import histories_for
from workfloor.listing import filter_search
from workfloor.models import Assessment, DevelopmentGoal, Learner, Person
from workfloor.vocabulary import Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds of assessment this user may record: counsellors only periodic evaluations."""
    if user.role == Role.COUNSELLOR:
        return [choice for choice in KIND_CHOICES if choice.value == "evaluation"]
    return KIND_CHOICES


def own_learner() -> Learner:
    """The learner record behind the logged-in learner's account."""
    learner = db.session.execute(select(Learner).where(Learner.person_id == current_user.person_id)).scalar()
    if learner is None:
        abort(404)
    return learner


@bp.route("/")
@role_required(C, S, T)
def index():
    q = request.args.get("q", "").strip()[:100]
    query = filter_search(visible_learners(current_user).join(Learner.person).where(Person.active), q,
                          Person.first_name, Person.last_name)
    learners = db.session.execute(query.options(selectinload(Learner.floors))
                                  .order_by(Person.first_name, Person.last_name)).scalars().unique().all()
    last = dict(db.session.execute(
        select(Assessment.learner_id, func.max(Assessment.day))
        .where(Assessment.learner_id.in_([learner.id for learner in learners]), Assessment.kind != "self")
        .group_by(Assessment.learner_id)).all()) if learners else {}
    return render_template("assessments/index.html", learners=learners, last=last, q=q, today=clock.today())


@bp.route("/learner/<int:learner_id>/new", methods=["GET", "POST"])
@role_required(C, S, T)
def assess(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    framework = current_framework()
    groups = ops.items_for(framework, learner)
    items = [item for _group, group_items in groups for item in group_items]
    kinds = kinds_for(current_user)
    form = assessment_form(items, kinds=kinds, data={"kind": kinds[0].value, "day": clock.today()}
                           if request.method == "GET" else None)
    if form.validate_on_submit():
        ops.record_assessment(learner, current_user, kind=form.kind.data, day=form.day.data, note=form.note.data or "",
                              ratings=form.ratings(), framework=framework)
        db.session.commit()
        flash(_("De beoordeling van %(name)s is opgeslagen.", name=learner.name), "success")
        return redirect(url_for(".history", learner_id=learner.id))
    history = histories_for([learner.id])[learner.id]
    audit.record_view(db.session, learner, "assessments")
    db.session.commit()
    status = 400 if request.method == "POST" else 200
    return render_template("assessments/assess.html", learner=learner, form=form, groups=groups,
                           current=levels_on(history, clock.today()), own=self_levels_on(history, clock.today()),
                           scale=SCALE, level_name=level_name, note_name=note_name), status


@bp.route("/<int:assessment_id>/edit", methods=["GET", "POST"])
@role_required(C, S, T)
def edit(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    learner = learner_or_404(assessment.learner_id, edit=True)
    if not ops.may_correct(current_user, assessment):
        abort(404)
    framework = current_framework()
    groups = ops.items_for(framework, learner)
    items = [item for _group, group_items in groups for item in group_items]
    kinds = kinds_for(current_user)
    data = None
    if request.method == "GET":
        data = {"kind": assessment.kind, "day": assessment.day, "note": assessment.note,
                "version": assessment.version}
        for rating in assessment.ratings:
            data[level_name(rating.competency_id)] = level_raw(rating.level)
            data[note_name(rating.competency_id)] = rating.note
    form = assessment_form(items, kinds=kinds, data=data)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if commit_versioned(assessment, form.version.data, lambda: ops.correct_assessment(
                assessment, kind=form.kind.data, day=form.day.data, note=form.note.data or "",
                ratings=form.ratings(), framework=framework, shown=[item.id for item in items])):
            flash(_("De beoordeling van %(name)s is verbeterd.", name=learner.name), "success")
            return redirect(url_for(".history", learner_id=learner.id))
        # Someone else corrected it first: the form keeps this user's input, with the version stored now.
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = assessment.version
        status = 409
    pure = histories_for([learner.id])[learner.id]
    audit.record_view(db.session, learner, "assessment")
    db.session.commit()
    return render_template("assessments/assess.html", learner=learner, form=form, groups=groups,
                           current=levels_on(pure, clock.today()), own=self_levels_on(pure, clock.today()),
                           scale=SCALE, level_name=level_name, note_name=note_name, assessment=assessment), status


def _observation_day() -> date:
    """The day asked for (`?day=`), if it is a recent working day; else today or the last working day."""
    today = clock.today()
    raw = request.values.get("day", "")
    if raw:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
        if day in ops.recent_days(today):
            return day
        flash(_("Kies een werkdag van de laatste twee weken."), "warning")
    return ops.default_observation_day(today)


@bp.route("/quick")
@role_required(C, S)
def quick():
    """Observation for a recent day, starting from that day's published crews (own crew first)."""
    day = _observation_day()
    crews = ops.crews_on(current_user, day)
    crew = ops.todays_crew(current_user, day) if crews is None else []
    return render_template("assessments/quick.html", crews=crews, crew=crew, day=day, today=clock.today(),
                           days=ops.recent_days(clock.today()))


@bp.route("/quick/<int:learner_id>", methods=["GET", "POST"])
@role_required(C, S)
def quick_learner(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    day = _observation_day()
    framework = current_framework()
    offered = [item for _group, items in ops.items_for(framework, learner) for item in items]
    item_id = request.values.get("item", "")
    item = framework.get(item_id)
    if item is None or item.retired or item not in offered:
        q = request.args.get("q", "").strip().lower()
        goal_ids = list(db.session.execute(select(DevelopmentGoal.competency_id).where(
            DevelopmentGoal.learner_id == learner.id, DevelopmentGoal.status == "active")).scalars())
        goal_items = [framework[goal_id] for goal_id in dict.fromkeys(goal_ids)
                      if goal_id in framework and framework[goal_id] in offered]
        if q:
            offered = [i for i in offered if all(word in i.name.lower() for word in q.split())]
            goal_items = [i for i in goal_items if i in offered]
        if request.method == "POST":
            flash(_("Kies een competentie."), "error")
        audit.record_view(db.session, learner, "goals")  # the picker starts with the learner's active goals
        db.session.commit()
        return render_template("assessments/quick_pick.html", learner=learner, goal_items=goal_items,
                               groups=[(g, [i for i in items if i in offered])
                                       for g, items in ops.items_for(framework, learner)], q=q, day=day)
    form = QuickObservationForm()
    if form.validate_on_submit():
        ops.record_assessment(learner, current_user, kind="observation", day=day, note="",
                              ratings=[ops.RatingInput(item.id, level_value(form.level.data), form.note.data or "")],
                              framework=framework)
        db.session.commit()
        flash(_("Observatie voor %(name)s opgeslagen: %(item)s.", name=learner.name, item=item.name), "success")
        return redirect(url_for(".quick", day=day.isoformat()))
    history = histories_for([learner.id])[learner.id]
    audit.record_view(db.session, learner, "assessments")  # the page shows the current level
    db.session.commit()
    status = 400 if request.method == "POST" else 200
    return render_template("assessments/quick_rate.html", learner=learner, item=item, form=form, day=day,
                           current=levels_on(history, clock.today()).get(item.id), scale=SCALE), status


@bp.route("/learner/<int:learner_id>")
@role_required(C, S, T)
def history(learner_id: int):
    learner = learner_or_404(learner_id)
    framework = current_framework()
    competency_id = request.args.get("competency") or None
    if competency_id not in framework:
        competency_id = None
    rows = ops.history_rows(learner, competency_id)
    today = clock.today()
    pure = histories_for([learner.id])[learner.id]
    current, own = levels_on(pure, today), self_levels_on(pure, today)
    summary = [(group, [item for item in framework.items(group.id, include_retired=True)
                        if item.id in current or item.id in own])
               for group in framework.groups]
    audit.record_view(db.session, learner, "assessments")
    db.session.commit()
    return render_template("assessments/history.html", learner=learner, rows=rows, framework=framework,
                           competency_id=competency_id, current=current, own=own, summary=summary,
                           rated_ids=ops.rated_item_ids(learner), kinds=RatingKind, self_labels=SELF_LABELS,
                           correctable={row.assessment_id for row in rows
                                        if ops.may_correct(current_user, row.assessment)},
                           may_assess=can_edit_learner(current_user, learner), scale_label=level_label)


@bp.route("/mine/new", methods=["GET", "POST"])
@role_required(L)
def self_assess():
    """The self-assessment on a phone: one group per screen, in the learner's own words.

    Each screen is kept as a draft, so the learner can stop and continue later where
    they stopped; only "Klaar" records the self-assessment.
    """
    learner = own_learner()
    framework = current_framework()
    groups = ops.items_for(framework, learner)
    if not groups:
        abort(404)
    draft = ops.self_draft(learner)
    step = request.values.get("step", type=int)
    if step is None or not 0 <= step < len(groups):
        step = ops.first_open_step(draft, groups)
    group, items = groups[step]
    last = step == len(groups) - 1
    data = None
    if request.method == "GET" and draft is not None:
        data = {level_name(i.id): draft.answers.get(i.id) for i in items if i.id in (draft.answers or {})}
        data |= {note_name(i.id): (draft.notes or {}).get(i.id, "") for i in items}
    form = self_assessment_form(items, require_one=False, data=data)
    status = 200
    if form.validate_on_submit():
        answers = {r.competency_id: str(r.level) for r in form.ratings() if r.level is not None}
        notes = {r.competency_id: r.note for r in form.ratings()}
        draft = ops.save_self_answers(learner, [i.id for i in items], answers, notes)
        action = request.form.get("action", "next")
        if action == "stop":
            db.session.commit()
            flash(_("Bewaard. Je kan later verder doen waar je stopte."), "success")
            return redirect(url_for("goals.mine"))
        if action == "back":
            db.session.commit()
            return redirect(url_for(".self_assess", step=max(step - 1, 0)))
        if not last:
            db.session.commit()
            return redirect(url_for(".self_assess", step=step + 1))
        ratings = ops.draft_ratings(draft, framework)
        if ratings:
            ops.record_assessment(learner, current_user, kind="self", day=clock.today(), note=form.note.data or "",
                                  ratings=ratings, framework=framework)
            ops.discard_self_draft(learner)
            db.session.commit()
            flash(_("Bedankt! Je zelfevaluatie is bewaard. Je begeleider bekijkt ze samen met jou."), "success")
            return redirect(url_for("goals.mine"))
        db.session.commit()
        form.form_errors.append(_("Kies bij minstens één vraag een antwoord."))
        status = 400
    elif request.method == "POST":
        status = 400
    answered = len((draft.answers or {}) if draft else {})
    return render_template("assessments/self.html", learner=learner, form=form, group=group, items=items,
                           step=step, steps=len(groups), last=last, answered=answered,
                           level_name=level_name, note_name=note_name, self_labels=SELF_LABELS), status
