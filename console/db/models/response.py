"""Incident response rules: SLA targets per category and severity, and handoffs to departments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime


class IncidentSla(Base):
    """How long an incident of a category and severity may wait to be acknowledged and to be resolved.

    Seeded by migration 0005 with the floor's defaults; a pair without a row takes the severity's default
    (:data:`console.services.sla.DEFAULTS`). Due times are stored on each incident when it opens, so a
    change here applies to incidents opened after it.
    """

    __tablename__ = "incident_sla"

    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    severity: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    ack_minutes: Mapped[int] = mapped_column(Integer)
    resolve_minutes: Mapped[int] = mapped_column(Integer)


class IncidentHandoff(Base):
    """A closed-loop handoff: the floor asks a department for something and tracks it until it is closed.

    Requested (``requested_*``, ``due_at`` from the department's SLA) → acknowledged by the department →
    answered (``response``) → closed by the floor. ``confirmed_by`` names the person of the department who
    confirmed it when someone on the floor records their acknowledgement or answer for them. ``overdue_at``
    is the moment the handoff became overdue (``due_at``), written once by the timer leader (or by a late
    answer), so the timeline says so once.
    """

    __tablename__ = "incident_handoffs"
    __table_args__ = (Index("ix_incident_handoffs_open_due", "closed_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    action: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    response: Mapped[str | None] = mapped_column(Text, nullable=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    responded_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confirmed_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    close_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
