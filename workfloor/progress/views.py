"""Progress: the caseload overview, a learner's progress page, the evaluation report, CSV, "Mijn vooruitgang"."""
from __future__ import annotations


from flask import Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from workfloor import audit, clock
from workfloor.access import can_edit_learner, learner_or_404, role_required
from workfloor.attendance.operations import STATUS_LABELS, STATUS_SHORT
from workfloor.extensions import db
from workfloor.listing import list_args
from workfloor.models import Person, User
from workfloor.progress import bp
from workfloor.progress.charts import LARGE, legend_marker
from workfloor.progress.operations import (
    FLAG_LABELS, GOAL_STATUS_LABELS, KIND_LABELS, LEVEL_LABELS, SORTS, assessments_csv, attendance_csv,
    caseload_query, caseload_rows, learner_of, learner_progress, level_text, sort_rows,
)
from workfloor.trajectory.caseload import caseload_extras
from workfloor.trajectory.operations import meetings_of
from workfloor.trajectory.vocabulary import Owner
from workfloor.vocabulary import Block, Phase, Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER


def _labels() -> dict:
    """Labels and legend pieces every progress template uses."""
    return {"level_labels": LEVEL_LABELS, "kind_labels": KIND_LABELS, "goal_labels": GOAL_STATUS_LABELS,
            "status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
            "status_short": {s.value: short for s, short in STATUS_SHORT.items()},
            "block_labels": dict(Block.choices()), "level_text": level_text,
            "legend": {kind: legend_marker(kind) for kind in ("observation", "evaluation", "self")}}


@bp.route("/")
@role_required(C, S, T)
def index():
    q, status = list_args()
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    signals_only = request.args.get("signals") == "1"
    phase = request.args.get("phase", "")
    phase = phase if phase in {p.value for p in Phase} else ""
    counsellor_id = request.args.get("counsellor", type=int) if current_user.role == C else None
    learners = db.session.execute(caseload_query(current_user, q=q, counsellor_id=counsellor_id, status=status,
                                                 phase=phase)).scalars().unique().all()
    today = clock.today()
    rows = sort_rows(caseload_rows(learners, today), sort, signals_only=signals_only)
    counsellors = []
    if current_user.role == C:
        counsellors = db.session.execute(
            select(Person).join(User, User.person_id == Person.id).where(User.role == Role.COUNSELLOR)
            .order_by(Person.last_name, Person.first_name)).scalars().all()
    trajectory = caseload_extras(current_user, [row.learner for row in rows], today)
    page = render_template("progress/index.html", rows=rows, q=q, status=status, sort=sort, trajectory=trajectory,
                           signals_only=signals_only, phase=phase, counsellor_id=counsellor_id,
                           counsellors=counsellors, flag_labels=FLAG_LABELS, today=today, phases=Phase.choices())
    # Logged after drawing the page: the commit would expire the rows the page still reads.
    audit.record_views(db.session, {row.learner.id for row in rows}, "caseload")  # levels, attendance, goals
    db.session.commit()
    return page


@bp.route("/learners/<int:learner_id>")
@role_required(C, S, T)
def learner(learner_id: int):
    learner = learner_or_404(learner_id)
    progress = learner_progress(learner, clock.today())
    audit.record_view(db.session, learner, "progress")
    db.session.commit()
    return render_template("progress/learner.html", learner=learner, p=progress,
                           may_assess=can_edit_learner(current_user, learner), **_labels())


@bp.route("/learners/<int:learner_id>/report")
@role_required(C, S, T)
def report(learner_id: int):
    learner = learner_or_404(learner_id)
    progress = learner_progress(learner, clock.today())
    audit.record_view(db.session, learner, "evaluation_report")
    db.session.commit()
    meetings = [meeting for meeting in meetings_of(learner.id) if meeting.held]
    return render_template("progress/report.html", learner=learner, p=progress, meeting=meetings[0] if meetings else None,
                           owner_labels=dict(Owner.choices()),
                           **_labels())


def _csv_response(text: str, filename: str) -> Response:
    # A byte-order mark lets spreadsheet programs read the accents as UTF-8.
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/learners/<int:learner_id>/assessments.csv")
@role_required(C, S, T)
def assessments_export(learner_id: int):
    learner = learner_or_404(learner_id)
    audit.record_view(db.session, learner, "assessments_csv")
    text = assessments_csv(learner)
    db.session.commit()
    return _csv_response(text, f"evaluaties-{learner.id}-{clock.today().isoformat()}.csv")


@bp.route("/learners/<int:learner_id>/attendance.csv")
@role_required(C, S, T)
def attendance_export(learner_id: int):
    learner = learner_or_404(learner_id)
    audit.record_view(db.session, learner, "attendance_csv")
    text = attendance_csv(learner)
    db.session.commit()
    return _csv_response(text, f"aanwezigheden-{learner.id}-{clock.today().isoformat()}.csv")


@bp.route("/mine")
@role_required(L)
def mine():
    learner = learner_of(current_user)
    if learner is None:
        abort(404)
    progress = learner_progress(learner, clock.today(), size=LARGE)
    audit.record_view(db.session, learner, "own_progress")
    db.session.commit()
    return render_template("progress/mine.html", learner=learner, p=progress, **_labels())
