"""Obstacles (belemmeringen): a supervisor or counsellor signals one, the counsellor follows it up.

The supervisor sees that an obstacle exists, and its category only when it affects the work; the
note and what was done stay with the counsellor and the coordinator.
"""
from __future__ import annotations


from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workfloor import audit, clock
from workfloor.access import learner_or_404, role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.models import Obstacle
from workfloor.trajectory import bp
from workfloor.trajectory import operations as ops
from workfloor.trajectory.access import SECRECY_ROLES, obstacle_view, row_or_404
from workfloor.trajectory.forms import ObstacleFollowUpForm, ObstacleForm
from workfloor.trajectory.vocabulary import ObstacleCategory, ObstacleStatus
from workfloor.vocabulary import Role

C, S, T = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR


@bp.route("/learners/<int:learner_id>/obstacles", methods=["GET", "POST"])
@role_required(C, S, T)
def obstacles(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    form = ObstacleForm()
    if form.validate_on_submit():
        ops.signal_obstacle(learner, category=form.category.data, note=form.note.data,
                            affects_work=form.affects_work.data, user=current_user, today=clock.today())
        db.session.commit()
        flash(_("De belemmering is gesignaleerd. De trajectbegeleider volgt ze op."), "success")
        return redirect(url_for(".obstacles", learner_id=learner.id))
    rows = [obstacle_view(o, current_user.role) for o in ops.obstacles_of(learner.id)]
    page = render_template("trajectory/obstacles.html", learner=learner, form=form, rows=rows,
                           category_labels=dict(ObstacleCategory.choices()),
                           status_labels=dict(ObstacleStatus.choices()),
                           secrecy=current_user.role in SECRECY_ROLES), 400 if request.method == "POST" else 200
    audit.record_view(db.session, learner, "obstacles")
    db.session.commit()
    return page


@bp.route("/obstacles/<int:obstacle_id>/follow-up", methods=["GET", "POST"])
@role_required(C, T)
def follow_up_obstacle(obstacle_id: int):
    obstacle = row_or_404(Obstacle, obstacle_id, secrecy=True)
    learner = obstacle.learner
    if request.method == "GET":
        form = ObstacleFollowUpForm(obj=obstacle, version=obstacle.version)
        if obstacle.solved_on is None:
            form.solved_on.data = clock.today()
    else:
        form = ObstacleFollowUpForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if form.status.data == "solved" and form.solved_on.data < obstacle.signalled_on:
            form.solved_on.errors.append(_("Opgelost kan niet vóór het signaal (%(day)s) liggen.",
                                           day=obstacle.signalled_on.strftime("%d/%m/%Y")))
        elif commit_versioned(obstacle, form.version.data, lambda: ops.follow_up_obstacle(
                obstacle, action_taken=form.action_taken.data or "", affects_work=form.affects_work.data,
                status=form.status.data, solved_on=form.solved_on.data)):
            flash(_("De opvolging is opgeslagen."), "success")
            return redirect(url_for(".obstacles", learner_id=learner.id))
        else:
            flash(str(CONFLICT_MESSAGE), "error")
            form.version.data = obstacle.version
            status = 409
    page = render_template("trajectory/obstacle_form.html", form=form, obstacle=obstacle, learner=learner,
                           category_labels=dict(ObstacleCategory.choices())), status
    audit.record_view(db.session, learner, "obstacle")
    db.session.commit()
    return page
