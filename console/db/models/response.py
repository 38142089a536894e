"""Incident response: SLA targets per category and severity, handoffs to departments, post-incident reviews
and their action items, runbook checklist progress, the shift log and handovers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
)
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


class IncidentReview(Base):
    """The post-incident review of one incident (required for P1/P2 before it is closed, optional otherwise).

    Amounts are in minor units (cents) of ``currency``. ``share_as_case`` marks it for the training library.
    ``version`` guards concurrent edits of the review itself (optimistic locking, like the incident).
    """

    __tablename__ = "incident_reviews"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    impact: Mapped[str] = mapped_column(Text, default="", server_default="")
    accounts_affected: Mapped[int | None] = mapped_column(Integer, nullable=True)
    amount_at_risk_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    amount_lost_minor: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    currency: Mapped[str] = mapped_column(String(8), default="USD", server_default="USD")
    root_cause: Mapped[str | None] = mapped_column(String(32), nullable=True)
    contributing_factors: Mapped[str] = mapped_column(Text, default="", server_default="")
    share_as_case: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    written_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class ReviewAction(Base):
    """An action item of a review, tracked until done: ``status`` open | done | deferred (a deferral says
    why in ``note``: consciously deferred, not forgotten)."""

    __tablename__ = "review_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120))
    owner_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ChecklistMark(Base):
    """One ticked item of the incident's runbook checklist (``item``: the item's stable key in the runbook);
    unticking deletes the mark."""

    __tablename__ = "incident_checklist"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    done_by: Mapped[str] = mapped_column(String(64))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ShiftLogEntry(Base):
    """A timestamped entry of the supervisor's shift log, optionally about an incident, agent or indicator."""

    __tablename__ = "shift_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    author: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), nullable=True
    )
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("risk_indicators.id"), nullable=True)


class Handover(Base):
    """A shift's handover brief as generated (``brief``: plain JSON, kept as it was when prepared) and the
    incoming supervisor's sign-off."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    shift_end: Mapped[datetime] = mapped_column(UTCDateTime)
    prepared_by: Mapped[str] = mapped_column(String(64))
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    brief: Mapped[dict[str, Any]] = mapped_column(JSON)
    signed_off_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sign_note: Mapped[str | None] = mapped_column(Text, nullable=True)
