"""Floors (werkvloeren): the coordinator's list, create, edit, deactivate."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from workfloor.access import role_required
from workfloor.extensions import db
from workfloor.floors import bp
from workfloor.floors.forms import FloorForm
from workfloor.floors.operations import (
    active_learner_counts, floor_name_taken, save_floor, set_floor_active, supervisors_by_floor,
)
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import Floor, Site
from workfloor.vocabulary import Role

C = Role.COORDINATOR
DUPLICATE_NAME = _l("Er bestaat al een werkvloer met deze naam.")


@bp.route("/")
@role_required(C)
def index():
    q, status = list_args()
    query = filter_search(filter_status(select(Floor), Floor.active, status), q, Floor.name, Floor.base)
    floors = db.session.execute(query.order_by(Floor.name)).scalars().all()
    return render_template("floors/index.html", floors=floors, q=q, status=status,
                           supervisors=supervisors_by_floor(), learner_counts=active_learner_counts())


def _sites(floor: Floor | None) -> list[Site]:
    """Active sites, and the floor's own workshop place even when it was deactivated since."""
    query = select(Site).where(Site.active | (Site.id == (floor.workshop_site_id if floor else None)))
    return db.session.execute(query.order_by(Site.name)).scalars().all()


def _fields(form: FloorForm) -> dict:
    return {"name": form.name.data, "domain": form.domain.data, "base": form.base.data,
            "workshop_site_id": form.workshop_site_id.data or None, "workshop_capacity": form.workshop_capacity.data or 0,
            "workshop_supervisors": 1 if form.workshop_supervisors.data is None else form.workshop_supervisors.data}


@bp.route("/new", methods=["GET", "POST"])
@role_required(C)
def create():
    form = FloorForm(sites=_sites(None))
    if form.validate_on_submit():
        if floor_name_taken(form.name.data):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            floor = save_floor(Floor(), **_fields(form))
            db.session.commit()
            flash(_("Werkvloer %(name)s is aangemaakt.", name=floor.name), "success")
            return redirect(url_for(".index"))
    return render_template("floors/form.html", form=form, floor=None)


@bp.route("/<int:floor_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit(floor_id: int):
    floor = db.get_or_404(Floor, floor_id)
    # On POST only what was sent counts: a missing version must not pass as the current one.
    form = FloorForm(obj=floor if request.method == "GET" else None, sites=_sites(floor))
    if request.method == "GET" and floor.workshop_site_id is None:
        form.workshop_site_id.data = 0
    if form.validate_on_submit():
        if floor_name_taken(form.name.data, except_floor_id=floor.id):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            if not commit_versioned(floor, form.version.data, lambda: save_floor(floor, **_fields(form))):
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = floor.version
                return render_template("floors/form.html", form=form, floor=floor), 409
            flash(_("Werkvloer %(name)s is opgeslagen.", name=floor.name), "success")
            return redirect(url_for(".index"))
    return render_template("floors/form.html", form=form, floor=floor)


@bp.route("/<int:floor_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(floor_id: int):
    floor = db.get_or_404(Floor, floor_id)
    set_floor_active(floor, False)
    db.session.commit()
    flash(_("Werkvloer %(name)s is gedeactiveerd.", name=floor.name), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:floor_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(floor_id: int):
    floor = db.get_or_404(Floor, floor_id)
    set_floor_active(floor, True)
    db.session.commit()
    flash(_("Werkvloer %(name)s is weer actief.", name=floor.name), "success")
    return redirect(url_for(".index"))
