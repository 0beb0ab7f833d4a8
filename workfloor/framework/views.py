"""The framework editor (coordinator): items per group, and the job targets with their profiles."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from competencies import load_default_framework
from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.framework import bp
from workfloor.framework import operations as ops
from workfloor.framework.forms import ItemForm, NewItemForm, job_target_form, options
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import CompetencyItem, JobTarget, Learner
from workfloor.vocabulary import Role

C = Role.COORDINATOR
DUPLICATE_NAME = _l("Er bestaat in deze groep al een competentie met deze naam.")
DUPLICATE_TARGET = _l("Er bestaat al een jobdoelwit met deze naam.")


def group_choices() -> list:
    return options((group.id, group.label) for group in load_default_framework().groups)


@bp.route("/")
@role_required(C)
def index():
    q, status = list_args()
    rows = ops.item_rows()
    if status == "active":
        rows = [row for row in rows if not row.retired]
    elif status == "inactive":
        rows = [row for row in rows if row.retired]
    for word in q.lower().split():
        rows = [row for row in rows if word in row.name.lower() or word in row.id.lower()]
    groups = [(group, [row for row in rows if row.group == group.id]) for group in load_default_framework().groups]
    return render_template("framework/index.html", groups=groups, q=q, status=status,
                           counts=ops.rating_counts())


@bp.route("/items/new", methods=["GET", "POST"])
@role_required(C)
def create_item():
    form = NewItemForm(group=request.args.get("group"))
    form.group.choices = group_choices()
    if form.validate_on_submit():
        if ops.name_taken(form.group.data, form.name.data):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            item = ops.add_item(form.group.data, form.name.data, form.description.data, form.level_texts())
            ops.set_item_texts(item, **form.texts())
            db.session.commit()
            flash(_("Competentie %(name)s is toegevoegd.", name=item.name), "success")
            return redirect(url_for(".index") + f"#group-{item.group}")
    return render_template("framework/item_form.html", form=form, item=None)


@bp.route("/items/<item_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit_item(item_id: str):
    item = db.get_or_404(CompetencyItem, item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        for level, field in enumerate(form.level_fields, start=1):
            field.data = (item.level_descriptions or [""] * 4)[level - 1]
        form.fill_texts(item)
    if form.validate_on_submit():
        if ops.name_taken(item.group, form.name.data, except_id=item.id):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            def change() -> None:
                ops.update_item(item, form.name.data, form.description.data, form.level_texts())
                ops.set_item_texts(item, **form.texts())

            if not commit_versioned(item, form.version.data, change):
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = item.version
                return render_template("framework/item_form.html", form=form, item=item), 409
            flash(_("Competentie %(name)s is opgeslagen.", name=item.name), "success")
            return redirect(url_for(".index") + f"#item-{item.id}")
    return render_template("framework/item_form.html", form=form, item=item)


@bp.route("/items/<item_id>/retire", methods=["POST"])
@role_required(C)
def retire_item(item_id: str):
    item = db.get_or_404(CompetencyItem, item_id)
    ops.set_retired(item, True)
    db.session.commit()
    flash(_("%(name)s is uit gebruik genomen: de geschiedenis blijft, nieuwe beoordelingen niet.",
            name=item.name), "success")
    return redirect(url_for(".index") + f"#group-{item.group}")


@bp.route("/items/<item_id>/unretire", methods=["POST"])
@role_required(C)
def unretire_item(item_id: str):
    item = db.get_or_404(CompetencyItem, item_id)
    ops.set_retired(item, False)
    db.session.commit()
    flash(_("%(name)s is weer in gebruik.", name=item.name), "success")
    return redirect(url_for(".index") + f"#item-{item.id}")


@bp.route("/items/<item_id>/move", methods=["POST"])
@role_required(C)
def move_item(item_id: str):
    item = db.get_or_404(CompetencyItem, item_id)
    ops.move_item(item, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for(".index", status=request.form.get("status", "active")) + f"#item-{item.id}")


@bp.route("/items/<item_id>/delete", methods=["POST"])
@role_required(C)
def delete_item(item_id: str):
    item = db.get_or_404(CompetencyItem, item_id)
    try:
        ops.delete_item(item)
    except ops.FrameworkInUse:
        flash(_("%(name)s is al gebruikt (beoordelingen, doelen, jobdoelwitten of opdrachten) en kan niet "
                "verwijderd worden. Neem het uit gebruik.", name=item.name), "error")
        return redirect(url_for(".index") + f"#item-{item.id}")
    db.session.commit()
    flash(_("%(name)s is verwijderd.", name=item.name), "success")
    return redirect(url_for(".index") + f"#group-{item.group}")


# Job targets ------------------------------------------------------------------------------------

@bp.route("/job-targets")
@role_required(C)
def job_targets():
    q, status = list_args()
    query = filter_search(filter_status(select(JobTarget), JobTarget.active, status), q, JobTarget.name)
    targets = db.session.execute(query.order_by(JobTarget.name)).scalars().all()
    learner_counts = dict(db.session.execute(
        select(Learner.job_target_id, func.count()).where(Learner.job_target_id.is_not(None))
        .group_by(Learner.job_target_id)).all())
    return render_template("framework/job_targets.html", targets=targets, q=q, status=status,
                           framework=ops.current_framework(), learner_counts=learner_counts)


def _target_items(target: JobTarget | None):
    """Items offered in the profile: those in use, plus retired ones the target still requires."""
    required = set((target.requirements or {}) if target else {})
    return [item for item in ops.current_framework() if not item.retired or item.id in required]


@bp.route("/job-targets/new", methods=["GET", "POST"])
@role_required(C)
def create_job_target():
    form = job_target_form(_target_items(None))
    if form.validate_on_submit():
        if ops.job_target_name_taken(form.name.data):
            form.name.errors.append(str(DUPLICATE_TARGET))
        else:
            target = ops.save_job_target(JobTarget(), name=form.name.data, description=form.description.data or "",
                                         requirements=form.requirements())
            db.session.commit()
            flash(_("Jobdoelwit %(name)s is aangemaakt.", name=target.name), "success")
            return redirect(url_for(".job_targets"))
    return render_template("framework/job_target_form.html", form=form, target=None,
                           groups=load_default_framework().groups)


@bp.route("/job-targets/<int:job_target_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit_job_target(job_target_id: int):
    target = db.get_or_404(JobTarget, job_target_id)
    items = _target_items(target)
    if request.method == "GET":
        form = job_target_form(items, obj=target)
        for item, field in form.requirement_fields():
            level = (target.requirements or {}).get(item.id)
            field.data = str(level) if level else ""
    else:
        form = job_target_form(items)
    if form.validate_on_submit():
        if ops.job_target_name_taken(form.name.data, except_id=target.id):
            form.name.errors.append(str(DUPLICATE_TARGET))
        else:
            if not commit_versioned(target, form.version.data, lambda: ops.save_job_target(
                    target, name=form.name.data, description=form.description.data or "",
                    requirements=form.requirements())):
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = target.version
                return render_template("framework/job_target_form.html", form=form, target=target,
                                       groups=load_default_framework().groups), 409
            flash(_("Jobdoelwit %(name)s is opgeslagen.", name=target.name), "success")
            return redirect(url_for(".job_targets"))
    return render_template("framework/job_target_form.html", form=form, target=target,
                           groups=load_default_framework().groups)


@bp.route("/job-targets/<int:job_target_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate_job_target(job_target_id: int):
    target = db.get_or_404(JobTarget, job_target_id)
    ops.set_job_target_active(target, False)
    db.session.commit()
    flash(_("Jobdoelwit %(name)s is gedeactiveerd.", name=target.name), "success")
    return redirect(url_for(".job_targets"))


@bp.route("/job-targets/<int:job_target_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate_job_target(job_target_id: int):
    target = db.get_or_404(JobTarget, job_target_id)
    ops.set_job_target_active(target, True)
    db.session.commit()
    flash(_("Jobdoelwit %(name)s is weer actief.", name=target.name), "success")
    return redirect(url_for(".job_targets"))
