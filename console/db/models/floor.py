"""The floor plan: floors, zones (desks), seats and who sits where on which shift."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.models.base import Base


class Floor(Base):
    __tablename__ = "floors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Kuala_Lumpur")

    zones: Mapped[list[Zone]] = relationship(back_populates="floor", order_by="Zone.id")


class Zone(Base):
    """A desk on the floor plan; geometry is in floor units (1 unit = one seat pitch)."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    skill: Mapped[str | None] = mapped_column(String(32), nullable=True)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)

    floor: Mapped[Floor] = relationship(back_populates="zones")
    seats: Mapped[list[Seat]] = relationship(back_populates="zone", order_by="Seat.id")


class ZoneName(Base):
    """A zone's name in another language (see :mod:`console.names`)."""

    __tablename__ = "zone_names"

    owner_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True)
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Seat(Base):
    __tablename__ = "seats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    zone: Mapped[Zone] = relationship(back_populates="seats")


class SeatAssignment(Base):
    """An agent's seat on a shift pattern from ``valid_from`` until ``valid_to`` (open-ended if null).

    One seat serves one agent per shift pattern, so a seat is shared by the morning, evening and night
    occupants.
    """

    __tablename__ = "seat_assignments"
    __table_args__ = (UniqueConstraint("seat_id", "shift_template_id", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("seats.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    shift_template_id: Mapped[int] = mapped_column(ForeignKey("shift_templates.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
