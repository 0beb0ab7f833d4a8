"""Assignments (opdrachten): the dated list, one-off work, weekly templates, cancelling."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from workfloor import clock
from workfloor.access import can_manage_floor, role_required, user_floor_ids
from workfloor.assignments import bp
from workfloor.assignments.forms import AssignmentForm, CancelForm, TemplateForm, competency_names
from workfloor.assignments.operations import (
    TemplateUpdate, cancel_assignment, create_assignment, create_template, list_assignments,
    list_templates, set_template_active, template_has_day, uncancel_assignment, update_assignment, update_template,
)
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.models import Assignment, AssignmentTemplate, Floor, Site
from workfloor.vocabulary import WEEKDAY_SHORT, Role

PLANNERS = (Role.COORDINATOR, Role.SUPERVISOR)
# A list page expands templates for the whole range it shows; keep that bounded.
MAX_RANGE_DAYS = 92
REPORT_LINKS = 10


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _managed_floors(*also: Floor | None) -> list[Floor]:
    """The active floors the current user plans work on, plus the given ones (the record's own)."""
    floor_ids = user_floor_ids(current_user)
    query = select(Floor).where(Floor.active).order_by(Floor.name)
    if floor_ids is not None:
        query = query.where(Floor.id.in_(floor_ids))
    floors = list(db.session.execute(query).scalars())
    for floor in also:
        if floor is not None and floor not in floors and can_manage_floor(current_user, floor.id):
            floors.append(floor)
    return floors


def _sites(*also: Site | None) -> list[Site]:
    sites = list(db.session.execute(select(Site).where(Site.active).order_by(Site.name)).scalars())
    sites += [site for site in also if site is not None and site not in sites]
    return sites


def _managed_or_404(model, record_id: int):
    """An assignment or template on one of the user's floors; 404 for the rest."""
    record = db.get_or_404(model, record_id)
    if not can_manage_floor(current_user, record.floor_id):
        abort(404)
    return record


def _floor_filter(floors: list[Floor]) -> tuple[int | None, set[int] | None]:
    """The floor chosen in the list filter (if it is one of the user's) and the floors to show."""
    chosen = request.args.get("floor", type=int)
    floor_ids = user_floor_ids(current_user)
    if chosen is not None and chosen in {floor.id for floor in floors}:
        return chosen, {chosen}
    return None, floor_ids


@bp.route("/")
@role_required(*PLANNERS)
def index():
    start = _parse_date(request.args.get("start")) or _monday(clock.today())
    end = _parse_date(request.args.get("end")) or start + timedelta(days=6)
    if end < start:
        flash(_("De einddatum ligt voor de begindatum."), "error")
        end = start + timedelta(days=6)
    if (end - start).days >= MAX_RANGE_DAYS:
        flash(_("Kies een periode van hoogstens drie maanden."), "error")
        end = start + timedelta(days=MAX_RANGE_DAYS - 1)
    floors = _managed_floors()
    chosen, floor_ids = _floor_filter(floors)
    q = request.args.get("q", "")
    # Reading never writes: templates are expanded when saved, on generate and by `flask expand-templates`.
    assignments = list_assignments(start, end, floor_ids, q)
    span = (end - start).days + 1
    return render_template(
        "assignments/index.html", assignments=assignments, floors=floors, chosen_floor=chosen, q=q,
        start=start, end=end, previous=(start - timedelta(days=span), end - timedelta(days=span)),
        next=(start + timedelta(days=span), end + timedelta(days=span)), names=competency_names())


def _render_form(form, assignment=None, status: int = 200):
    return render_template("assignments/form.html", form=form, assignment=assignment), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(*PLANNERS)
def new():
    floors = _managed_floors()
    if not floors:
        flash(_("Je bent aan geen werkvloer gekoppeld: je kan geen opdrachten aanmaken."), "error")
        return redirect(url_for(".index"))
    initial = {"day": _parse_date(request.args.get("day")) or clock.today(),
               "floor_id": request.args.get("floor", type=int), "blocks": ["am", "pm"]}
    form = AssignmentForm(floors=floors, sites=_sites(), data=initial if request.method == "GET" else None)
    if form.validate_on_submit():
        assignment = create_assignment(form.work_data())
        db.session.commit()
        flash(_("Opdracht „%(name)s” aangemaakt.", name=assignment.name), "success")
        return redirect(url_for(".index", start=_monday(assignment.day).isoformat()))
    return _render_form(form)


@bp.route("/<int:assignment_id>/edit", methods=["GET", "POST"])
@role_required(*PLANNERS)
def edit(assignment_id: int):
    assignment = _managed_or_404(Assignment, assignment_id)
    form = AssignmentForm(floors=_managed_floors(assignment.floor), sites=_sites(assignment.site), record=assignment)
    if form.validate_on_submit():
        data = form.work_data()
        if template_has_day(assignment.template_id, data["day"], except_id=assignment.id):
            form.day.errors.append(_("Deze terugkerende opdracht heeft op die dag al een opdracht."))
            return _render_form(form, assignment)
        if not commit_versioned(assignment, form.version.data, lambda: update_assignment(assignment, data)):
            flash(CONFLICT_MESSAGE, "error")
            return _render_form(form, assignment, 409)
        flash(_("Opdracht „%(name)s” opgeslagen.", name=assignment.name), "success")
        return redirect(url_for(".index", start=_monday(assignment.day).isoformat()))
    return _render_form(form, assignment)


@bp.route("/<int:assignment_id>/cancel", methods=["GET", "POST"])
@role_required(*PLANNERS)
def cancel(assignment_id: int):
    assignment = _managed_or_404(Assignment, assignment_id)
    form = CancelForm()
    if form.validate_on_submit():
        cancel_assignment(assignment, form.reason.data)
        db.session.commit()
        flash(_("Opdracht „%(name)s” geannuleerd.", name=assignment.name), "success")
        return redirect(url_for(".index", start=_monday(assignment.day).isoformat()))
    return render_template("assignments/cancel.html", form=form, assignment=assignment)


@bp.route("/<int:assignment_id>/uncancel", methods=["POST"])
@role_required(*PLANNERS)
def uncancel(assignment_id: int):
    assignment = _managed_or_404(Assignment, assignment_id)
    if assignment.cancelled:
        uncancel_assignment(assignment)
        db.session.commit()
        flash(_("Opdracht „%(name)s” gaat toch door.", name=assignment.name), "success")
    return redirect(url_for(".index", start=_monday(assignment.day).isoformat()))


# Weekly templates ("Terugkerende opdrachten").

@bp.route("/templates/")
@role_required(*PLANNERS)
def templates():
    floors = _managed_floors()
    chosen, floor_ids = _floor_filter(floors)
    q = request.args.get("q", "")
    show_inactive = request.args.get("inactive") == "1"
    rows = list_templates(floor_ids, q, include_inactive=show_inactive)
    return render_template("assignments/templates.html", templates=rows, floors=floors, chosen_floor=chosen, q=q,
                           show_inactive=show_inactive, names=competency_names())


def _day_label(day: date) -> str:
    return f"{WEEKDAY_SHORT[day.weekday()]} {day.day}/{day.month}"


def _links(assignments: list[Assignment]) -> Markup:
    shown = [Markup('<a href="{}">{} {}</a>').format(url_for(".edit", assignment_id=a.id), _day_label(a.day), a.name)
             for a in assignments[:REPORT_LINKS]]
    rest = len(assignments) - len(shown)
    if rest > 0:
        shown.append(escape(_("en nog %(num)d", num=rest)))
    return Markup(", ").join(shown)


def template_report(update: TemplateUpdate) -> Markup:
    """Say in plain Dutch what saving a template did to its dated assignments."""
    parts = [escape(ngettext("%(num)d opdracht bijgewerkt", "%(num)d opdrachten bijgewerkt", update.updated))]
    if update.created:
        parts.append(escape(ngettext("%(num)d nieuwe aangemaakt", "%(num)d nieuwe aangemaakt", update.created)))
    if update.removed:
        parts.append(escape(ngettext("%(num)d vervallen", "%(num)d vervallen", update.removed)))
    if update.edited:
        parts.append(escape(ngettext(
            "%(num)d met de hand aangepaste opdracht bleef ongewijzigd",
            "%(num)d met de hand aangepaste opdrachten bleven ongewijzigd", len(update.edited)))
            + Markup(": ") + _links(update.edited))
    if update.cancelled:
        parts.append(escape(ngettext("%(num)d geannuleerde opdracht bleef geannuleerd",
                                     "%(num)d geannuleerde opdrachten bleven geannuleerd", len(update.cancelled)))
                     + Markup(": ") + _links(update.cancelled))
    return Markup(", ").join(parts) + "."


def _render_template_form(form, template=None, status: int = 200):
    return render_template("assignments/template_form.html", form=form, template=template), status


@bp.route("/templates/new", methods=["GET", "POST"])
@role_required(*PLANNERS)
def new_template():
    floors = _managed_floors()
    if not floors:
        flash(_("Je bent aan geen werkvloer gekoppeld: je kan geen opdrachten aanmaken."), "error")
        return redirect(url_for(".templates"))
    initial = {"starts_on": clock.today(), "blocks": ["am", "pm"], "floor_id": request.args.get("floor", type=int)}
    form = TemplateForm(floors=floors, sites=_sites(), data=initial if request.method == "GET" else None)
    if form.validate_on_submit():
        template, update = create_template(form.work_data(), today=clock.today())
        db.session.commit()
        flash(Markup("{} {}").format(_("Terugkerende opdracht „%(name)s” aangemaakt:", name=template.name),
                                     template_report(update)), "success")
        return redirect(url_for(".templates"))
    return _render_template_form(form)


@bp.route("/templates/<int:template_id>/edit", methods=["GET", "POST"])
@role_required(*PLANNERS)
def edit_template(template_id: int):
    template = _managed_or_404(AssignmentTemplate, template_id)
    form = TemplateForm(floors=_managed_floors(template.floor), sites=_sites(template.site), record=template)
    if form.validate_on_submit():
        updates = []  # what saving did to the dated assignments, for the report below
        if not commit_versioned(template, form.version.data, lambda: updates.append(
                update_template(template, form.work_data(), today=clock.today()))):
            flash(CONFLICT_MESSAGE, "error")
            return _render_template_form(form, template, 409)
        flash(Markup("{} {}").format(_("Terugkerende opdracht „%(name)s” opgeslagen:", name=template.name),
                                     template_report(updates[0])), "success")
        return redirect(url_for(".templates"))
    return _render_template_form(form, template)


@bp.route("/templates/<int:template_id>/deactivate", methods=["POST"])
@role_required(*PLANNERS)
def deactivate_template(template_id: int):
    template = _managed_or_404(AssignmentTemplate, template_id)
    if template.active:
        update = set_template_active(template, False, today=clock.today())
        db.session.commit()
        flash(Markup("{} {}").format(_("Terugkerende opdracht „%(name)s” gedeactiveerd:", name=template.name),
                                     template_report(update)), "success")
    return redirect(url_for(".templates"))


@bp.route("/templates/<int:template_id>/activate", methods=["POST"])
@role_required(*PLANNERS)
def activate_template(template_id: int):
    template = _managed_or_404(AssignmentTemplate, template_id)
    if not template.active:
        update = set_template_active(template, True, today=clock.today())
        db.session.commit()
        flash(Markup("{} {}").format(_("Terugkerende opdracht „%(name)s” weer actief:", name=template.name),
                                     template_report(update)), "success")
    return redirect(url_for(".templates", inactive="1"))
