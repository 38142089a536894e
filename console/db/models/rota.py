"""Shifts, the rota and attendance."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.models.base import Base
from console.db.types import UTCDateTime


class ShiftTemplate(Base):
    """A shift pattern: Morning 07:00, Evening 15:00, Night 23:00 (floor time), 480 minutes each."""

    __tablename__ = "shift_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    starts_local: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    break_minutes: Mapped[int] = mapped_column(Integer, default=60)


class RotaAssignment(Base):
    """One agent rostered on one shift. ``status``: scheduled | leave | cancelled."""

    __tablename__ = "rota_assignments"
    __table_args__ = (
        UniqueConstraint("agent_id", "shift_date"),
        Index("ix_rota_window", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    shift_template_id: Mapped[int] = mapped_column(ForeignKey("shift_templates.id"))
    shift_date: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")
    leave_type: Mapped[str | None] = mapped_column(String(16), nullable=True)  # annual | sick | emergency

    shift: Mapped[ShiftTemplate] = relationship()


class AttendanceEvent(Base):
    """A clock-in, clock-out or break edge. Lateness and absence are derived, never stored.

    ``kind``: clock_in | clock_out | break_start | break_end.
    """

    __tablename__ = "attendance_events"
    __table_args__ = (Index("ix_attendance_agent_at", "agent_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    rota_assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("rota_assignments.id"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    source: Mapped[str] = mapped_column(String(16))  # badge | console | simulator | import
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)


class StaffingRequirement(Base):
    """At least ``min_count`` people on the desk (``zone_id``) from ``from_hour`` to ``to_hour`` floor time.

    Hours are whole floor-time hours: ``from_hour`` 0..23, ``to_hour`` 1..24 (exclusive); ``to_hour <=
    from_hour`` crosses midnight (23 → 7 is the night). ``weekdays`` is a bit mask, Monday = 1 … Sunday = 64
    (127: every day); the day is the one the covered hour falls on. ``skill`` / ``language`` narrow who counts
    (``None``: anyone on the desk), so "at least two Mandarin speakers on the ATO desk at night" is a row with
    ``language = 'zh'``, ``min_count = 2`` beside the desk's headcount row.
    """

    __tablename__ = "staffing_requirements"
    __table_args__ = (
        UniqueConstraint("zone_id", "from_hour", "to_hour", "weekdays", "skill", "language"),
        CheckConstraint(
            "from_hour BETWEEN 0 AND 23 AND to_hour BETWEEN 1 AND 24 AND weekdays BETWEEN 1 AND 127"
            " AND min_count >= 0",
            name="bounds",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    from_hour: Mapped[int] = mapped_column(Integer)
    to_hour: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[int] = mapped_column(Integer, default=127)
    skill: Mapped[str | None] = mapped_column(String(32), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    min_count: Mapped[int] = mapped_column(Integer)
