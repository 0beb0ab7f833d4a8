"""Supervisors (werkvloerbegeleiders): the coordinator manages their floors, licences and capacity."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import Floor, Person, Supervisor
from workfloor.supervisors import bp
from workfloor.supervisors.forms import SupervisorCreateForm, SupervisorEditForm
from workfloor.supervisors.operations import (
    create_supervisor, floor_choices, save_supervisor, set_supervisor_active,
)
from workfloor.users.operations import UserError
from workfloor.vocabulary import Role

C = Role.COORDINATOR


def _fields(form) -> dict:
    return {"first_name": form.first_name.data, "last_name": form.last_name.data, "phone": form.phone.data,
            "floor_ids": form.floors.data, "licences": form.licences.data,
            "max_learners": form.max_learners.data}


@bp.route("/")
@role_required(C)
def index():
    q, status = list_args()
    floor_arg = request.args.get("floor", "")
    query = filter_status(select(Supervisor).join(Supervisor.person), Person.active, status)
    query = filter_search(query, q, Person.first_name, Person.last_name)
    if floor_arg.isdigit():
        query = query.where(Supervisor.floors.any(Floor.id == int(floor_arg)))
    supervisors = db.session.execute(
        query.options(selectinload(Supervisor.floors),
                      joinedload(Supervisor.person).selectinload(Person.licences),
                      joinedload(Supervisor.person).selectinload(Person.user))
        .order_by(Person.last_name, Person.first_name)
    ).scalars().unique().all()
    floors = db.session.execute(select(Floor).where(Floor.active).order_by(Floor.name)).scalars().all()
    return render_template("supervisors/index.html", supervisors=supervisors, floors=floors,
                           floor_arg=floor_arg, q=q, status=status)


@bp.route("/new", methods=["GET", "POST"])
@role_required(C)
def create():
    form = SupervisorCreateForm()
    form.floors.choices = floor_choices()
    if request.method == "GET":
        form.max_learners.data = 6
        form.licences.data = ["B"]  # a B licence is a job requirement for supervisors
    if form.validate_on_submit():
        try:
            supervisor = create_supervisor(email=form.email.data or None, password=form.password.data,
                                           **_fields(form))
        except UserError as error:  # raised before anything changed
            field = getattr(form, error.field or "", None)
            if field is not None:
                field.errors = [*field.errors, str(error)]
            else:
                flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Begeleider %(name)s is aangemaakt.", name=supervisor.name), "success")
            return redirect(url_for(".index"))
    return render_template("supervisors/form.html", form=form, supervisor=None)


@bp.route("/<int:supervisor_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit(supervisor_id: int):
    supervisor = db.get_or_404(Supervisor, supervisor_id)
    if request.method == "GET":
        person = supervisor.person
        form = SupervisorEditForm(first_name=person.first_name, last_name=person.last_name, phone=person.phone,
                                  floors=sorted(supervisor.floor_ids), licences=person.licence_codes,
                                  max_learners=supervisor.max_learners, version=supervisor.version)
    else:  # only what was sent counts: a missing version must not pass as the current one
        form = SupervisorEditForm()
    form.floors.choices = floor_choices(supervisor.floors)
    if form.validate_on_submit():
        if not commit_versioned(supervisor, form.version.data, lambda: save_supervisor(supervisor, **_fields(form))):
            flash(str(CONFLICT_MESSAGE), "error")
            form.version.data = supervisor.version
            return render_template("supervisors/form.html", form=form, supervisor=supervisor), 409
        flash(_("Begeleider %(name)s is opgeslagen.", name=supervisor.name), "success")
        return redirect(url_for(".index"))
    return render_template("supervisors/form.html", form=form, supervisor=supervisor)


@bp.route("/<int:supervisor_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(supervisor_id: int):
    supervisor = db.get_or_404(Supervisor, supervisor_id)
    set_supervisor_active(supervisor, False)
    db.session.commit()
    flash(_("Begeleider %(name)s is gedeactiveerd: niet meer ingepland en kan niet meer aanmelden.",
            name=supervisor.name), "success")
    return redirect(url_for(".edit", supervisor_id=supervisor.id))


@bp.route("/<int:supervisor_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(supervisor_id: int):
    supervisor = db.get_or_404(Supervisor, supervisor_id)
    set_supervisor_active(supervisor, True)
    db.session.commit()
    flash(_("Begeleider %(name)s is weer actief.", name=supervisor.name), "success")
    return redirect(url_for(".edit", supervisor_id=supervisor.id))
