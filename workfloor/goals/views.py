"""Development plans: goals per learner, confirming met goals, the job target, and "Mijn doelen".

Staff who may change a learner's file (coordinator; supervisor of the learner's floors;
counsellor of their caseload) write and stop goals. Only a counsellor (or the
coordinator) confirms a goal the app marked as met. The learner reads their own.
"""
from __future__ import annotations


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from competencies import LEVELS, SCALE, compare, level_label
from workfloor import audit, clock
from workfloor.access import can_edit_learner, learner_or_404, role_required, visible_learners
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.framework.forms import options
from workfloor.framework.operations import assign_job_target, current_framework, job_profile
from workfloor.goals import bp
from workfloor.goals import operations as ops
from workfloor.goals.forms import STATUS_LABELS, WEIGHT_LABELS, GoalForm, JobTargetChoiceForm
from workfloor.listing import filter_search
from workfloor.models import DevelopmentGoal, JobTarget, Learner, Person, SelfAssessmentDraft
from workfloor.vocabulary import SELF_LEVEL_LABELS, Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER


def goal_or_404(goal_id: int) -> DevelopmentGoal:
    """A goal of a learner the current user may change; 404 hides the rest."""
    goal = db.get_or_404(DevelopmentGoal, goal_id)
    learner_or_404(goal.learner_id, edit=True)
    return goal


def competency_choices(framework, learner: Learner, keep: str | None = None,
                       levels: dict[str, int] | None = None) -> list:
    """Items to pick from, grouped: the learner's groups first; retired items only if already chosen.

    With `levels`, each item says the learner's current level, so a goal is set above it.
    """
    groups = ["attitude", *sorted(learner.domains)]
    ordered = sorted(framework.groups, key=lambda g: (g.id not in groups, groups.index(g.id) if g.id in groups else 0))
    choices = options([("", "—")])

    def label(item) -> str:
        if levels is None:
            return item.name
        if item.id in levels:
            return _("%(name)s (nu %(level)s · %(label)s)", name=item.name, level=levels[item.id],
                     label=level_label(levels[item.id]))
        return _("%(name)s (nog niet beoordeeld)", name=item.name)

    for group in ordered:
        choices += options(((item.id, label(item)) for item in framework.items(group.id, include_retired=True)
                            if not item.retired or item.id == keep), optgroup=group.label)
    return choices


def refuse_target_at_or_below(form: GoalForm, levels: dict[str, int], framework) -> bool:
    """A new goal must lie above the current level: put a Dutch message on the form if it does not."""
    current = levels.get(form.competency.data or "")
    if current is None or not (form.target_level.data or "").isdigit():
        return False
    if int(form.target_level.data) > current:
        return False
    item = framework.get(form.competency.data)
    if current >= max(LEVELS):
        form.target_level.errors.append(_(
            "%(name)s staat al op het hoogste niveau (%(level)s). Kies een andere competentie.",
            name=item.name if item else "", level=current))
    else:
        form.target_level.errors.append(_(
            "Het huidige niveau van %(name)s is al %(level)s (%(label)s). Kies een doelniveau hoger dan %(level)s.",
            name=item.name if item else "", level=current, label=level_label(current)))
    return True


def goal_context(learner: Learner) -> dict:
    framework = current_framework()
    levels = ops.levels_for([learner.id], clock.today())[learner.id]
    return {"framework": framework, "levels": levels, "weight_labels": WEIGHT_LABELS,
            "status_labels": STATUS_LABELS, "scale_label": level_label}


@bp.route("/")
@role_required(C, S, T)
def index():
    q = request.args.get("q", "").strip()[:100]
    query = filter_search(visible_learners(current_user).join(Learner.person).where(Person.active), q,
                          Person.first_name, Person.last_name)
    learners = db.session.execute(query.options(selectinload(Learner.floors))
                                  .order_by(Person.first_name, Person.last_name)).scalars().unique().all()
    ids = [learner.id for learner in learners]
    return render_template("goals/index.html", learners=learners, q=q, active=ops.active_goal_counts(ids),
                           to_confirm=ops.goals_awaiting_confirmation(ids))


@bp.route("/learner/<int:learner_id>")
@role_required(C, S, T)
def learner(learner_id: int):
    learner = learner_or_404(learner_id)
    context = goal_context(learner)
    gaps = compare(context["levels"], job_profile(learner.job_target)) if learner.job_target else []
    audit.record_view(db.session, learner, "goals")
    db.session.commit()
    return render_template("goals/learner.html", learner=learner, goals=ops.goals_of(learner), gaps=gaps,
                           may_edit=can_edit_learner(current_user, learner),
                           may_confirm=current_user.role in (C, T), **context)


@bp.route("/learner/<int:learner_id>/new", methods=["GET", "POST"])
@role_required(C, S, T)
def create(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    framework = current_framework()
    levels = ops.levels_for([learner.id], clock.today())[learner.id]
    form = GoalForm(competency=request.args.get("competency"))
    form.competency.choices = competency_choices(framework, learner, levels=levels)
    form.status.data = "active"
    if form.validate_on_submit() and not refuse_target_at_or_below(form, levels, framework):
        goal = ops.save_goal(DevelopmentGoal(), learner=learner, competency_id=form.competency.data,
                             target_level=int(form.target_level.data), weight=int(form.weight.data),
                             actions=form.actions.data or "", deadline=form.deadline.data, user=current_user,
                             per_week=form.per_week.data)
        db.session.commit()
        if goal.status == "met":
            flash(_("Het doel is toegevoegd en meteen behaald: het huidige niveau haalt het doelniveau al."),
                  "warning")
        else:
            flash(_("Het doel is toegevoegd."), "success")
        return redirect(url_for(".learner", learner_id=learner.id))
    status = 400 if request.method == "POST" else 200
    audit.record_view(db.session, learner, "goals")
    db.session.commit()
    return render_template("goals/form.html", form=form, learner=learner, goal=None, levels=levels,
                           framework=framework, scale_label=level_label), status


@bp.route("/<int:goal_id>/edit", methods=["GET", "POST"])
@role_required(C, S, T)
def edit(goal_id: int):
    goal = goal_or_404(goal_id)
    learner = goal.learner
    framework = current_framework()
    if request.method == "GET":
        form = GoalForm(competency=goal.competency_id, target_level=str(goal.target_level), weight=str(goal.weight),
                        per_week=goal.per_week, actions=goal.actions, deadline=goal.deadline, status=goal.status, version=goal.version)
    else:
        form = GoalForm()
    form.competency.choices = competency_choices(framework, learner, keep=goal.competency_id)
    if form.validate_on_submit():
        if not commit_versioned(goal, form.version.data, lambda: ops.save_goal(
                goal, learner=learner, competency_id=form.competency.data,
                target_level=int(form.target_level.data), weight=int(form.weight.data),
                actions=form.actions.data or "", deadline=form.deadline.data, status=form.status.data,
                user=current_user, per_week=form.per_week.data)):
            flash(str(CONFLICT_MESSAGE), "error")
            form.version.data = goal.version
            audit.record_view(db.session, learner, "goal")
            db.session.commit()
            return render_template("goals/form.html", form=form, learner=learner, goal=goal), 409
        flash(_("Het doel is opgeslagen."), "success")
        return redirect(url_for(".learner", learner_id=learner.id))
    status = 400 if request.method == "POST" else 200
    audit.record_view(db.session, learner, "goal")
    db.session.commit()
    return render_template("goals/form.html", form=form, learner=learner, goal=goal), status


@bp.route("/<int:goal_id>/stop", methods=["POST"])
@role_required(C, S, T)
def stop(goal_id: int):
    goal = goal_or_404(goal_id)
    ops.stop_goal(goal)
    db.session.commit()
    flash(_("Het doel is stopgezet."), "success")
    return redirect(url_for(".learner", learner_id=goal.learner_id))


@bp.route("/<int:goal_id>/confirm", methods=["POST"])
@role_required(C, T)
def confirm(goal_id: int):
    goal = goal_or_404(goal_id)
    if goal.status != "met":
        flash(_("Alleen een behaald doel kan bevestigd worden."), "error")
    elif goal.confirmed_at is None:
        ops.confirm_goal(goal, current_user)
        db.session.commit()
        flash(_("Het doel is bevestigd als behaald."), "success")
    return redirect(url_for(".learner", learner_id=goal.learner_id))


@bp.route("/learner/<int:learner_id>/job-target", methods=["GET", "POST"])
@role_required(C, S, T)
def job_target(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    targets = db.session.execute(
        select(JobTarget).where(JobTarget.active.is_(True) | (JobTarget.id == learner.job_target_id))
        .order_by(JobTarget.name)).scalars().all()
    form = JobTargetChoiceForm(job_target=str(learner.job_target_id or ""))
    form.job_target.choices = options([("", _("Nog geen jobdoelwit"))] + [(t.id, t.name) for t in targets])
    if form.validate_on_submit():
        chosen = next((t for t in targets if str(t.id) == form.job_target.data), None)
        assign_job_target(learner, chosen)
        db.session.commit()
        flash(_("Het jobdoelwit van %(name)s is opgeslagen.", name=learner.name), "success")
        return redirect(url_for(".learner", learner_id=learner.id))
    audit.record_view(db.session, learner, "job_target")
    db.session.commit()
    return render_template("goals/job_target.html", form=form, learner=learner, targets=targets,
                           framework=current_framework())


def _has_self_draft(learner: Learner) -> bool:
    """Did the learner stop a self-assessment halfway? Then the page offers to continue it."""
    return db.session.execute(
        select(SelfAssessmentDraft.id).where(SelfAssessmentDraft.learner_id == learner.id)).first() is not None


@bp.route("/mine")
@role_required(L)
def mine():
    learner = db.session.execute(select(Learner).where(Learner.person_id == current_user.person_id)).scalar()
    if learner is None:
        abort(404)
    context = goal_context(learner)
    goals = [goal for goal in ops.goals_of(learner) if goal.status != "stopped"]
    audit.record_view(db.session, learner, "goals")
    db.session.commit()
    return render_template("goals/mine.html", learner=learner, goals=goals, self_labels=SELF_LEVEL_LABELS,
                           scale=SCALE, self_draft=_has_self_draft(learner), **context)
