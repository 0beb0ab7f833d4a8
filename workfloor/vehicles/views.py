"""Vehicles (voertuigen): the coordinator manages the fleet, supervisors read it and report outages.

A supervisor may record or remove an out-of-service period for a vehicle of their
own floors (a van breaks down on the road and the planning must know today);
shared-pool vehicles and other floors' vehicles stay with the coordinator.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from workfloor import clock
from workfloor.access import can_record_vehicle_outage, role_required
from workfloor.extensions import db
from workfloor.forms import CONFLICT_MESSAGE, commit_versioned
from workfloor.listing import filter_search, filter_status, list_args
from workfloor.models import Floor, Vehicle, VehicleOutage
from workfloor.vehicles import bp
from workfloor.vehicles.forms import OutageForm, VehicleForm
from workfloor.vehicles.operations import (
    add_outage, floor_choices, remove_outage, save_vehicle, set_vehicle_active, vehicle_name_taken,
)
from workfloor.vocabulary import Role

C, S = Role.COORDINATOR, Role.SUPERVISOR
DUPLICATE_NAME = _l("Er bestaat al een voertuig met deze naam.")


def _fields(form: VehicleForm) -> dict:
    return {"name": form.name.data, "plate": form.plate.data, "floor_id": form.floor_id.data,
            "seats": form.seats.data, "licence": form.licence.data, "features": form.features.data}


def _vehicle_form(vehicle: Vehicle | None) -> VehicleForm:
    # On POST only what was sent counts: a missing version must not pass as the current one.
    form = VehicleForm(obj=vehicle if vehicle is not None and request.method == "GET" else None)
    form.floor_id.choices = floor_choices(vehicle.floor if vehicle else None)
    return form


def _outage_managed_or_404(vehicle: Vehicle) -> None:
    """Only the coordinator, or a supervisor of the vehicle's floor, records its outages."""
    if not can_record_vehicle_outage(current_user, vehicle):
        abort(404)


@bp.route("/")
@role_required(C, S)
def index():
    q, status = list_args()
    floor_arg = request.args.get("floor", "")
    query = filter_search(filter_status(select(Vehicle), Vehicle.active, status), q, Vehicle.name, Vehicle.plate)
    if floor_arg == "pool":
        query = query.where(Vehicle.floor_id.is_(None))
    elif floor_arg.isdigit():
        query = query.where(Vehicle.floor_id == int(floor_arg))
    vehicles = db.session.execute(
        query.options(joinedload(Vehicle.floor), selectinload(Vehicle.outages)).order_by(Vehicle.name)
    ).scalars().unique().all()
    floors = db.session.execute(select(Floor).where(Floor.active).order_by(Floor.name)).scalars().all()
    return render_template("vehicles/index.html", vehicles=vehicles, floors=floors, floor_arg=floor_arg,
                           q=q, status=status, today=clock.today())


def _render_show(vehicle: Vehicle, outage_form: OutageForm, status: int = 200):
    may_record = can_record_vehicle_outage(current_user, vehicle)
    return render_template("vehicles/show.html", vehicle=vehicle, outage_form=outage_form,
                           may_record=may_record, today=clock.today()), status


@bp.route("/<int:vehicle_id>")
@role_required(C, S)
def show(vehicle_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    return _render_show(vehicle, OutageForm(formdata=None))


@bp.route("/new", methods=["GET", "POST"])
@role_required(C)
def create():
    form = _vehicle_form(None)
    if form.validate_on_submit():
        if vehicle_name_taken(form.name.data):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            vehicle = save_vehicle(Vehicle(), **_fields(form))
            db.session.commit()
            flash(_("Voertuig %(name)s is aangemaakt.", name=vehicle.name), "success")
            return redirect(url_for(".show", vehicle_id=vehicle.id))
    return render_template("vehicles/form.html", form=form, vehicle=None)


@bp.route("/<int:vehicle_id>/edit", methods=["GET", "POST"])
@role_required(C)
def edit(vehicle_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    form = _vehicle_form(vehicle)
    if request.method == "GET":
        form.floor_id.data = vehicle.floor_id
    if form.validate_on_submit():
        if vehicle_name_taken(form.name.data, except_vehicle_id=vehicle.id):
            form.name.errors.append(str(DUPLICATE_NAME))
        else:
            if not commit_versioned(vehicle, form.version.data, lambda: save_vehicle(vehicle, **_fields(form))):
                flash(str(CONFLICT_MESSAGE), "error")
                form.version.data = vehicle.version
                return render_template("vehicles/form.html", form=form, vehicle=vehicle), 409
            flash(_("Voertuig %(name)s is opgeslagen.", name=vehicle.name), "success")
            return redirect(url_for(".show", vehicle_id=vehicle.id))
    return render_template("vehicles/form.html", form=form, vehicle=vehicle)


@bp.route("/<int:vehicle_id>/deactivate", methods=["POST"])
@role_required(C)
def deactivate(vehicle_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    set_vehicle_active(vehicle, False)
    db.session.commit()
    flash(_("Voertuig %(name)s is gedeactiveerd.", name=vehicle.name), "success")
    return redirect(url_for(".show", vehicle_id=vehicle.id))


@bp.route("/<int:vehicle_id>/reactivate", methods=["POST"])
@role_required(C)
def reactivate(vehicle_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    set_vehicle_active(vehicle, True)
    db.session.commit()
    flash(_("Voertuig %(name)s is weer actief.", name=vehicle.name), "success")
    return redirect(url_for(".show", vehicle_id=vehicle.id))


@bp.route("/<int:vehicle_id>/outages", methods=["POST"], endpoint="add_outage")
@role_required(C, S)
def add_outage_view(vehicle_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    _outage_managed_or_404(vehicle)
    form = OutageForm()
    if not form.validate_on_submit():
        return _render_show(vehicle, form)
    add_outage(vehicle, start_date=form.start_date.data, end_date=form.end_date.data, reason=form.reason.data)
    db.session.commit()
    flash(_("%(name)s staat buiten dienst van %(start)s tot en met %(end)s.", name=vehicle.name,
            start=format_date(form.start_date.data), end=format_date(form.end_date.data)),
          "success")
    return redirect(url_for(".show", vehicle_id=vehicle.id))


@bp.route("/<int:vehicle_id>/outages/<int:outage_id>/remove", methods=["POST"], endpoint="remove_outage")
@role_required(C, S)
def remove_outage_view(vehicle_id: int, outage_id: int):
    vehicle = db.get_or_404(Vehicle, vehicle_id)
    _outage_managed_or_404(vehicle)
    outage = db.get_or_404(VehicleOutage, outage_id)
    if outage.vehicle_id != vehicle.id:
        abort(404)
    remove_outage(outage)
    db.session.commit()
    flash(_("De periode buiten dienst is verwijderd."), "success")
    return redirect(url_for(".show", vehicle_id=vehicle.id))
