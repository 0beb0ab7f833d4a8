"""Creating, changing and deactivating vehicles, and their out-of-service periods."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from workfloor.extensions import db
from workfloor.models import Floor, Vehicle, VehicleOutage


def vehicle_name_taken(name: str, *, except_vehicle_id: int | None = None) -> bool:
    """Is this name (ignoring case and surrounding spaces) already used by another vehicle?"""
    query = select(Vehicle.id).where(func.lower(Vehicle.name) == name.strip().lower())
    if except_vehicle_id is not None:
        query = query.where(Vehicle.id != except_vehicle_id)
    return db.session.execute(query).first() is not None


def floor_choices(current: Floor | None = None) -> list[tuple[str, str]]:
    """The floors a vehicle can belong to: the shared pool, the active floors, and its current floor."""
    floors = db.session.execute(select(Floor).where(Floor.active).order_by(Floor.name)).scalars().all()
    if current is not None and current not in floors:
        floors.append(current)
    return [("", _("Gedeelde pool"))] + [(str(floor.id), floor.name) for floor in floors]


def save_vehicle(vehicle: Vehicle, *, name: str, plate: str, floor_id: int | None, seats: int, licence: str,
                 features: list[str]) -> Vehicle:
    """Store the vehicle's fields (new or existing) and flush."""
    vehicle.name = name.strip()
    vehicle.plate = (plate or "").strip().upper()
    vehicle.floor_id = floor_id
    vehicle.seats = seats
    vehicle.licence = licence
    vehicle.features = sorted(set(features or []))
    db.session.add(vehicle)
    db.session.flush()
    return vehicle


def set_vehicle_active(vehicle: Vehicle, active: bool) -> None:
    """Take a vehicle out of the fleet or bring it back; its history stays."""
    vehicle.active = active
    db.session.flush()


def add_outage(vehicle: Vehicle, *, start_date: date, end_date: date, reason: str = "") -> VehicleOutage:
    """Record that a vehicle is out of service from start to end date (both included)."""
    if end_date < start_date:
        raise ValueError("An outage cannot end before it starts.")
    outage = VehicleOutage(start_date=start_date, end_date=end_date, reason=(reason or "").strip())
    vehicle.outages.append(outage)
    db.session.flush()
    return outage


def remove_outage(outage: VehicleOutage) -> None:
    """Forget an out-of-service period (recorded by mistake, or the van came back early)."""
    outage.vehicle.outages.remove(outage)
    db.session.flush()
