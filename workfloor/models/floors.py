"""Floors and what they work with: sites and vehicles."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workfloor.models.base import Base, Versioned


class Floor(Versioned, Base):
    """A work floor (werkvloer) of one domain at a base."""

    __tablename__ = "floor"
    __table_args__ = (
        CheckConstraint("workshop_capacity BETWEEN 0 AND 50", name="workshop_capacity_range"),
        CheckConstraint("workshop_supervisors BETWEEN 0 AND 10", name="workshop_supervisors_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    domain: Mapped[str] = mapped_column(String(20))
    base: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default="1")
    # The floor's own workshop (the leerwerkplaats at the base): where learners work when they are
    # on no site. Every weekday block it is a job of the plan, with this capacity and supervision.
    workshop_site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    workshop_capacity: Mapped[int] = mapped_column(default=0, server_default="0")
    workshop_supervisors: Mapped[int] = mapped_column(default=1, server_default="1")

    workshop_site: Mapped[Site | None] = relationship(foreign_keys=[workshop_site_id])

    def __str__(self) -> str:
        return self.name


class Site(Versioned, Base):
    """A place where assignments happen (locatie, werf)."""

    __tablename__ = "site"
    __table_args__ = (CheckConstraint("travel_minutes >= 0", name="travel_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    travel_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    active: Mapped[bool] = mapped_column(default=True, server_default="1")

    def __str__(self) -> str:
        return self.name


class Vehicle(Versioned, Base):
    """A city van or pick-up the crews ride in."""

    __tablename__ = "vehicle"
    __table_args__ = (CheckConstraint("seats > 0", name="seats_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    plate: Mapped[str] = mapped_column(String(20), default="", server_default="")
    floor_id: Mapped[int | None] = mapped_column(ForeignKey("floor.id"), index=True)
    seats: Mapped[int]
    licence: Mapped[str] = mapped_column(String(4), default="B", server_default="B")
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True, server_default="1")

    floor: Mapped[Floor | None] = relationship()
    outages: Mapped[list[VehicleOutage]] = relationship(
        back_populates="vehicle", cascade="all, delete-orphan", order_by="VehicleOutage.start_date"
    )

    def in_service_on(self, day: date) -> bool:
        return self.active and not any(o.start_date <= day <= o.end_date for o in self.outages)

    def __str__(self) -> str:
        return self.name


class VehicleOutage(Base):
    """A period a vehicle is out of service (garage, keuring)."""

    __tablename__ = "vehicle_outage"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicle.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="", server_default="")

    vehicle: Mapped[Vehicle] = relationship(back_populates="outages")
