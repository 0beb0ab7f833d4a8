"""Evaluation meetings and their agreements, the learner's sign-off, the outcome of the trajectory.

Staff who may change a learner's file (coordinator; supervisor of the learner's floors; the
learner's counsellor) plan and hold meetings and write agreements. The learner reads their own
held meetings and signs them off ("gelezen en besproken"). The counsellor or coordinator ends the
trajectory with its outcome.
"""
from __future__ import annotations


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from competencies import level_label
from workfloor import audit, clock
from workfloor.access import can_edit_learner, learner_or_404, role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, EditConflict, check_version, commit_versioned, lock
from workfloor.framework.forms import options
from workfloor.framework.operations import current_framework
from workfloor.goals import operations as goal_ops
from workfloor.goals.forms import GoalForm
from workfloor.goals.views import competency_choices, refuse_target_at_or_below
from workfloor.models import Agreement, DevelopmentGoal, EvaluationMeeting, Learner
from workfloor.trajectory import bp
from workfloor.trajectory import operations as ops
from workfloor.trajectory.access import SECRECY_ROLES, obstacle_view, row_or_404
from workfloor.trajectory.forms import (
    AgreementActionForm, AgreementForm, ContractForm, MeetingCancelForm, MeetingDateForm, MeetingForm,
    MeetingPlanForm, OutcomeForm, PhaseForm, form_values,
)
from workfloor.trajectory.vocabulary import AgreementStatus, ContractKind, ObstacleCategory, OutcomeKind, Owner
from workfloor.vocabulary import Phase, Role

C, S, T, L = Role.COORDINATOR, Role.SUPERVISOR, Role.COUNSELLOR, Role.LEARNER
_UNSET = object()


def labels() -> dict:
    """The vocabularies every trajectory template uses."""
    return {"owner_labels": dict(Owner.choices()), "agreement_labels": dict(AgreementStatus.choices()),
            "category_labels": dict(ObstacleCategory.choices()), "outcome_labels": dict(OutcomeKind.choices()),
            "contract_labels": dict(ContractKind.choices()), "phase_labels": dict(Phase.choices())}


def _render(template: str, status: int = 200, **context):
    return render_template(template, **labels(), **context), status


@bp.route("/learners/<int:learner_id>")
@role_required(C, S, T)
def learner(learner_id: int):
    learner = learner_or_404(learner_id)
    meetings = ops.meetings_of(learner.id)
    obstacles = [obstacle_view(o, current_user.role) for o in ops.obstacles_of(learner.id)]
    page = _render("trajectory/learner.html", learner=learner, meetings=meetings,
                   moments=ops.schedule(learner, meetings), agreements=ops.open_agreements([learner.id])[learner.id],
                   obstacles=obstacles, outcome=ops.outcome_of(learner.id), contract=ops.contract_of(learner.id),
                   rights=ops.rights_for([learner], clock.today())[learner.id], phases=ops.phase_history(learner.id),
                   may_edit=can_edit_learner(current_user, learner),
                   secrecy=current_user.role in SECRECY_ROLES, today=clock.today())
    audit.record_view(db.session, learner, "trajectory")
    db.session.commit()
    return page


def _taken_months(learner: Learner) -> set[int]:
    return {m.moment_month for m in ops.meetings_of(learner.id) if m.moment_month is not None}


def _moment_choices(learner: Learner, taken: set[int] | None = None) -> list:
    taken = _taken_months(learner) if taken is None else taken
    choices = [("", _("Tussentijds (ad hoc)"))]
    for moment in ops.schedule(learner, []):
        if moment.month not in taken:
            choices.append((moment.month, _("Maand %(month)s (voorzien %(day)s)", month=moment.month,
                                            day=moment.due_on.strftime("%d/%m/%Y"))))
    return options(choices)


@bp.route("/learners/<int:learner_id>/meetings/new", methods=["GET", "POST"])
@role_required(C, S, T)
def new_meeting(learner_id: int):
    learner = learner_or_404(learner_id, edit=True)
    form = MeetingPlanForm(moment=request.args.get("moment", ""))
    taken = _taken_months(learner)
    form.moment.choices = _moment_choices(learner, taken)
    if request.method == "GET" and form.moment.data:
        moment = next((m for m in ops.schedule(learner, []) if str(m.month) == form.moment.data), None)
        form.planned_on.data = moment.due_on if moment else None
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.moment.data in {str(month) for month in taken}:  # planned by someone else since the form was drawn
        form.validate_on_submit()
        form.moment.errors = [_("Dit evaluatiemoment is intussen al gepland. Kies een ander moment.")]
        status = 409
    elif form.validate_on_submit():
        try:
            meeting = ops.plan_meeting(learner, planned_on=form.planned_on.data,
                                       moment_month=int(form.moment.data) if form.moment.data else None,
                                       user=current_user)
            db.session.commit()
        except IntegrityError:  # someone planned this month meanwhile
            db.session.rollback()
            learner = learner_or_404(learner_id, edit=True)
            form.moment.choices = _moment_choices(learner)
            form.moment.errors = [_("Dit evaluatiemoment is intussen al gepland. Kies een ander moment.")]
            status = 409
        else:
            flash(_("Het evaluatiegesprek is gepland op %(day)s.", day=meeting.planned_on.strftime("%d/%m/%Y")),
                  "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
    page = _render("trajectory/plan.html", status, form=form, learner=learner)
    audit.record_view(db.session, learner, "evaluation_schedule")
    db.session.commit()
    return page


def meeting_or_404(meeting_id: int, *, edit: bool = False) -> EvaluationMeeting:
    meeting = db.get_or_404(EvaluationMeeting, meeting_id)
    learner_or_404(meeting.learner_id, edit=edit)
    return meeting


def _meeting_page(meeting: EvaluationMeeting, form: AgreementForm | None = None, status: int = 200, *,
                  date_form: MeetingDateForm | None = None):
    learner = meeting.learner
    page = _render("trajectory/meeting.html", status, meeting=meeting, learner=learner,
                   earlier=ops.open_agreements([learner.id], before=meeting)[learner.id],
                   form=form or AgreementForm(formdata=None),
                   date_form=date_form or MeetingDateForm(formdata=None, version=meeting.version,
                                                          planned_on=meeting.planned_on),
                   cancel_form=MeetingCancelForm(formdata=None, version=meeting.version),
                   may_edit=can_edit_learner(current_user, learner), today=clock.today())
    audit.record_view(db.session, learner, "evaluation_meeting")
    db.session.commit()
    return page


@bp.route("/meetings/<int:meeting_id>")
@role_required(C, S, T)
def meeting(meeting_id: int):
    return _meeting_page(meeting_or_404(meeting_id))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_meeting(meeting_id: int):
    meeting = meeting_or_404(meeting_id, edit=True)
    if request.method == "GET":
        form = MeetingForm(obj=meeting, version=meeting.version)
        if meeting.held_on is None:
            form.held_on.data = min(clock.today(), meeting.planned_on) if meeting.planned_on <= clock.today() \
                else clock.today()
    else:
        form = MeetingForm()
    if form.validate_on_submit():
        fields = form_values(form, ops.MEETING_FIELDS)
        if commit_versioned(meeting, form.version.data, lambda: ops.hold_meeting(meeting, **fields)):
            flash(_("Het verslag van het gesprek is opgeslagen."), "success")
            return redirect(url_for(".meeting", meeting_id=meeting.id))
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = meeting.version
        status = 409
    else:
        status = 400 if request.method == "POST" else 200
    page = _render("trajectory/meeting_form.html", status, form=form, meeting=meeting, learner=meeting.learner)
    audit.record_view(db.session, meeting.learner, "evaluation_meeting")
    db.session.commit()
    return page


@bp.route("/meetings/<int:meeting_id>/move", methods=["POST"])
@role_required(C, S, T)
def move_meeting(meeting_id: int):
    """A planned meeting to another day."""
    meeting = meeting_or_404(meeting_id, edit=True)
    form = MeetingDateForm()
    if not form.validate_on_submit():  # the errors show beside the date, the form open
        return _meeting_page(meeting, status=400, date_form=form)
    try:
        saved = commit_versioned(meeting, form.version.data, lambda: ops.move_meeting(meeting, form.planned_on.data))
    except ops.MeetingHeld:
        db.session.rollback()
        flash(_("Dit gesprek is al gehouden; het blijft in het dossier zoals het was."), "error")
        return _meeting_page(meeting_or_404(meeting_id), status=400)
    if not saved:
        flash(str(CONFLICT_MESSAGE), "error")
        return _meeting_page(meeting_or_404(meeting_id), status=409)
    flash(_("Het evaluatiegesprek is verplaatst naar %(day)s.", day=meeting.planned_on.strftime("%d/%m/%Y")),
          "success")
    return redirect(url_for(".meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@role_required(C, S, T)
def cancel_meeting(meeting_id: int):
    """A planned meeting that will not take place: it goes, and its scheduled month is open again."""
    meeting = meeting_or_404(meeting_id, edit=True)
    learner_id = meeting.learner_id
    form = MeetingCancelForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return _meeting_page(meeting, status=400)
    try:
        lock(meeting)
        check_version(meeting, form.version.data)
        ops.cancel_meeting(meeting)
        db.session.commit()
    except (EditConflict, StaleDataError):
        db.session.rollback()
        flash(str(CONFLICT_MESSAGE), "error")
        return _meeting_page(meeting_or_404(meeting_id), status=409)
    except ops.MeetingHeld:
        db.session.rollback()
        flash(_("Dit gesprek is al gehouden of heeft afspraken; het blijft in het dossier."), "error")
        return _meeting_page(meeting_or_404(meeting_id), status=400)
    flash(_("Het geplande evaluatiegesprek is geschrapt."), "success")
    return redirect(url_for(".learner", learner_id=learner_id))


@bp.route("/meetings/<int:meeting_id>/agreements", methods=["POST"])
@role_required(C, S, T)
def add_agreement(meeting_id: int):
    meeting = meeting_or_404(meeting_id, edit=True)
    form = AgreementForm()
    if form.validate_on_submit():
        ops.add_agreement(meeting, what=form.what.data, owner=form.owner.data, deadline=form.deadline.data)
        db.session.commit()
        flash(_("De afspraak is toegevoegd."), "success")
        return redirect(url_for(".meeting", meeting_id=meeting.id) + "#agreements")
    return _meeting_page(meeting, form, 400)


@bp.route("/agreements/<int:agreement_id>/edit", methods=["GET", "POST"])
@role_required(C, S, T)
def edit_agreement(agreement_id: int):
    agreement = row_or_404(Agreement, agreement_id)
    form = AgreementForm(obj=agreement, version=agreement.version) if request.method == "GET" else AgreementForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if commit_versioned(agreement, form.version.data, lambda: ops.save_agreement(
                agreement, what=form.what.data, owner=form.owner.data, deadline=form.deadline.data,
                status=form.status.data)):
            flash(_("De afspraak is opgeslagen."), "success")
            return redirect(url_for(".meeting", meeting_id=agreement.meeting_id) + "#agreements")
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = agreement.version
        status = 409
    page = _render("trajectory/agreement_form.html", status, form=form, agreement=agreement,
                   learner=agreement.meeting.learner)
    audit.record_view(db.session, agreement.meeting.learner, "agreement")
    db.session.commit()
    return page


@bp.route("/agreements/<int:agreement_id>/goal", methods=["GET", "POST"])
@role_required(C, S, T)
def agreement_goal(agreement_id: int):
    """Turn an agreement into a development goal (the planner then favours work that trains it)."""
    agreement = row_or_404(Agreement, agreement_id)
    learner = agreement.meeting.learner
    if agreement.goal_id is not None:
        flash(_("Deze afspraak is al een ontwikkelingsdoel."), "warning")
        return redirect(url_for("goals.learner", learner_id=learner.id))
    framework = current_framework()
    levels = goal_ops.levels_for([learner.id], clock.today())[learner.id]
    form = GoalForm(actions=agreement.what, deadline=agreement.deadline) if request.method == "GET" else GoalForm()
    form.competency.choices = competency_choices(framework, learner, levels=levels)
    form.status.data = "active"
    if form.validate_on_submit() and not refuse_target_at_or_below(form, levels, framework):
        goal = goal_ops.save_goal(DevelopmentGoal(), learner=learner, competency_id=form.competency.data,
                                  target_level=int(form.target_level.data), weight=int(form.weight.data),
                                  actions=form.actions.data or "", deadline=form.deadline.data, user=current_user)
        ops.link_goal(agreement, goal)
        db.session.commit()
        flash(_("De afspraak is nu een ontwikkelingsdoel."), "success")
        return redirect(url_for("goals.learner", learner_id=learner.id))
    page = _render("trajectory/agreement_goal.html", 400 if request.method == "POST" else 200, form=form,
                   goal=None, agreement=agreement, learner=learner, levels=levels, framework=framework,
                   scale_label=level_label, action_form=_action_form(agreement, formdata=None))
    audit.record_view(db.session, learner, "agreement")
    db.session.commit()
    return page


def _action_form(agreement: Agreement, formdata=_UNSET) -> AgreementActionForm:
    """The choice of the learner's running goals, to add the agreement to as an action."""
    form = AgreementActionForm() if formdata is _UNSET else AgreementActionForm(formdata=formdata)
    goals = [goal for goal in goal_ops.goals_of(agreement.meeting.learner) if goal.status == "active"]
    items = current_framework()
    form.goal.choices = options([("", "—")] + [(goal.id, items.get(goal.competency_id).name
                                                if items.get(goal.competency_id) else goal.competency_id)
                                               for goal in goals])
    return form


@bp.route("/agreements/<int:agreement_id>/action", methods=["POST"])
@role_required(C, S, T)
def agreement_action(agreement_id: int):
    """Add the agreement as an action to a running development goal."""
    agreement = row_or_404(Agreement, agreement_id)
    learner = agreement.meeting.learner
    if agreement.goal_id is not None:
        flash(_("Deze afspraak is al een ontwikkelingsdoel."), "warning")
        return redirect(url_for("goals.learner", learner_id=learner.id))
    form = _action_form(agreement)
    if form.validate_on_submit():
        goal = db.get_or_404(DevelopmentGoal, int(form.goal.data))
        if not ops.add_as_action(agreement, goal):
            form.goal.errors.append(_("De acties van dit doel zijn te lang om er nog iets aan toe te voegen."))
        else:
            db.session.commit()
            flash(_("De afspraak staat nu bij de acties van het doel."), "success")
            return redirect(url_for("goals.learner", learner_id=learner.id) + f"#goal-{goal.id}")
    framework = current_framework()
    levels = goal_ops.levels_for([learner.id], clock.today())[learner.id]
    goal_form = GoalForm(formdata=None, actions=agreement.what, deadline=agreement.deadline)
    goal_form.competency.choices = competency_choices(framework, learner, levels=levels)
    page = _render("trajectory/agreement_goal.html", 400, form=goal_form, goal=None, agreement=agreement,
                   learner=learner, levels=levels, framework=framework, scale_label=level_label, action_form=form)
    audit.record_view(db.session, learner, "agreement")
    db.session.commit()
    return page


@bp.route("/meetings/<int:meeting_id>/report")
@role_required(C, S, T)
def meeting_report(meeting_id: int):
    meeting = meeting_or_404(meeting_id)
    page = _render("trajectory/report.html", meeting=meeting, learner=meeting.learner,
                   earlier=ops.open_agreements([meeting.learner_id], before=meeting)[meeting.learner_id])
    audit.record_view(db.session, meeting.learner, "evaluation_report")
    db.session.commit()
    return page


def _own_learner() -> Learner:
    learner = db.session.execute(select(Learner).where(Learner.person_id == current_user.person_id)).scalar()
    if learner is None:
        abort(404)
    return learner


@bp.route("/mine")
@role_required(L)
def mine():
    learner = _own_learner()
    meetings = [m for m in ops.meetings_of(learner.id) if m.held]
    upcoming = [m for m in ops.meetings_of(learner.id) if not m.held and m.planned_on >= clock.today()]
    page = _render("trajectory/mine.html", learner=learner, meetings=meetings, upcoming=upcoming)
    audit.record_view(db.session, learner, "own_meetings")
    db.session.commit()
    return page


@bp.route("/mine/meetings/<int:meeting_id>/sign", methods=["POST"])
@role_required(L)
def sign(meeting_id: int):
    learner = _own_learner()
    meeting = db.get_or_404(EvaluationMeeting, meeting_id)
    if meeting.learner_id != learner.id or not meeting.held:
        abort(404)
    if meeting.signed_at is None:
        ops.sign(meeting)
        db.session.commit()
    flash(_("Je bevestigde dat je het verslag gelezen en besproken hebt."), "success")
    return redirect(url_for(".mine") + f"#meeting-{meeting.id}")


@bp.route("/learners/<int:learner_id>/outcome", methods=["GET", "POST"])
@role_required(C, T)
def outcome(learner_id: int):
    """End the trajectory with its outcome (uitstroom)."""
    learner = learner_or_404(learner_id, edit=True)
    existing = ops.outcome_of(learner.id)
    if request.method == "GET":
        form = OutcomeForm(obj=existing, version=existing.version if existing else None)
        if existing is None:
            form.ended_on.data = learner.contract_end if learner.contract_end and learner.contract_end <= clock.today() \
                else clock.today()
    else:
        form = OutcomeForm()
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        if form.ended_on.data < learner.contract_start:
            form.ended_on.errors.append(_("Het traject kan niet eindigen vóór de start van het contract (%(day)s).",
                                          day=learner.contract_start.strftime("%d/%m/%Y")))
        else:
            def change() -> None:
                ops.record_outcome(learner, existing, ended_on=form.ended_on.data, kind=form.kind.data,
                                   employer=form.employer.data or "", reason=form.reason.data or "",
                                   user=current_user)
            if existing is None:
                change()
                db.session.commit()
                saved = True
            else:
                saved = commit_versioned(existing, form.version.data, change)
            if saved:
                flash(_("Het traject is afgesloten: %(kind)s.", kind=OutcomeKind(form.kind.data).label), "success")
                return redirect(url_for(".learner", learner_id=learner.id))
            flash(str(CONFLICT_MESSAGE), "error")
            form.version.data = existing.version
            status = 409
    page = _render("trajectory/outcome.html", status, form=form, learner=learner, outcome=existing)
    audit.record_view(db.session, learner, "outcome")
    db.session.commit()
    return page


def _days_choices(current: int | None) -> list:
    bands = ops.rights_bands()
    choices = []
    for index, (age, days) in enumerate(bands):
        upper = bands[index + 1][0] - 1 if index + 1 < len(bands) else None
        label = (_("%(from)s tot %(to)s jaar: %(days)s dagen", **{"from": age, "to": upper, "days": days})
                 if upper is not None else _("vanaf %(from)s jaar: %(days)s dagen", **{"from": age, "days": days}))
        choices.append((days, label))
    if current is not None and current not in {days for _age, days in bands}:
        choices.append((current, _("%(days)s dagen (vroegere regel)", days=current)))
    return options(choices)


@bp.route("/learners/<int:learner_id>/contract", methods=["GET", "POST"])
@role_required(C, T)
def contract(learner_id: int):
    """The contract's kind, the intake, and the days needed for the learner's rights."""
    learner = learner_or_404(learner_id, edit=True)
    existing = ops.contract_of(learner.id)
    if request.method == "GET":
        form = ContractForm(obj=existing, version=existing.version if existing else None)
        if existing:
            form.days_needed.data = str(existing.days_needed)
    else:
        form = ContractForm()
    form.days_needed.choices = _days_choices(existing.days_needed if existing else None)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        def change() -> None:
            ops.save_contract(learner, existing, kind=form.kind.data, intake_on=form.intake_on.data,
                              days_needed=int(form.days_needed.data), prior_days=form.prior_days.data)
        if existing is None:
            change()
            db.session.commit()
            saved = True
        else:
            saved = commit_versioned(existing, form.version.data, change)
        if saved:
            flash(_("Het contract is opgeslagen."), "success")
            return redirect(url_for(".learner", learner_id=learner.id) + "#contract")
        flash(str(CONFLICT_MESSAGE), "error")
        form.version.data = existing.version
        status = 409
    page = _render("trajectory/contract.html", status, form=form, learner=learner)
    audit.record_view(db.session, learner, "contract")
    db.session.commit()
    return page


@bp.route("/learners/<int:learner_id>/phase", methods=["GET", "POST"])
@role_required(C, T)
def phase(learner_id: int):
    """The learner moves to another phase of the trajectory (the history keeps every step)."""
    learner = learner_or_404(learner_id, edit=True)
    form = PhaseForm() if request.method == "POST" else PhaseForm(phase=learner.phase, started_on=clock.today())
    if form.validate_on_submit():
        if form.started_on.data < learner.contract_start:
            form.started_on.errors.append(_("Een fase kan niet vóór de start van het contract (%(day)s) beginnen.",
                                            day=learner.contract_start.strftime("%d/%m/%Y")))
        else:
            ops.change_phase(learner, phase=form.phase.data, started_on=form.started_on.data,
                             note=form.note.data or "", user=current_user)
            db.session.commit()
            flash(_("De fase is opgeslagen."), "success")
            return redirect(url_for(".learner", learner_id=learner.id) + "#phases")
    page = _render("trajectory/phase.html", 400 if request.method == "POST" else 200, form=form, learner=learner,
                   history=ops.phase_history(learner.id))
    audit.record_view(db.session, learner, "phases")
    db.session.commit()
    return page
