"""Risk indicators, their samples, incidents and the incident timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.db.models.base import Base
from console.db.types import UTCDateTime


class RiskIndicator(Base):
    """A metric the floor watches. ``direction`` says which way is worse: ``higher`` or ``lower``.

    ``area``: the part of the floor's work it belongs to (:data:`console.catalogue.AREAS`); ``sop``: the
    runbook key (console/runbooks) or http(s) address of its standard operating procedure, ``""`` for none.
    ``version`` guards edits from the consoles (optimistic locking, like the incident); ``updated_by`` names
    who saved the last one, so a stale save is told who changed it.
    """

    __tablename__ = "risk_indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(24))
    direction: Mapped[str] = mapped_column(String(8))
    warning: Mapped[float] = mapped_column(Float)
    critical: Mapped[float] = mapped_column(Float)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=60)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    display_order: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[str] = mapped_column(String(16), default="other", server_default="other")
    sop: Mapped[str] = mapped_column(String(300), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # The catalogue's save bumps ``version`` once; SQLAlchemy adds "WHERE version = <old>" to the UPDATE, so
    # a concurrent save fails instead of overwriting (console.services.indicators.update).
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class IndicatorName(Base):
    """An indicator's name in another language (see :mod:`console.names`)."""

    __tablename__ = "indicator_names"

    owner_id: Mapped[int] = mapped_column(
        ForeignKey("risk_indicators.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class IndicatorSample(Base):
    __tablename__ = "indicator_samples"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("risk_indicators.id"), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    value: Mapped[float] = mapped_column(Float)


class IndicatorBreakdown(Base):
    """A sample split by dimensions: ``dims`` is their canonical text, names sorted
    (``channel=app;region=MY``, :func:`console.dims.canonical`). The undimensioned series is the indicator's
    headline, in :class:`IndicatorSample`."""

    __tablename__ = "indicator_breakdown"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("risk_indicators.id"), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    dims: Mapped[str] = mapped_column(String(400), primary_key=True)
    value: Mapped[float] = mapped_column(Float)


# The statuses an incident is being worked in (console.services.lifecycle.OPEN_STATUSES, as SQL): at most one
# such incident per dedup key (the partial unique index below, migration 0005).
OPEN_STATUSES_SQL = "status IN ('open', 'acknowledged', 'investigating', 'escalated', 'mitigated')"


class Incident(Base):
    """A risk incident in the queue. ``version`` guards concurrent edits (optimistic locking).

    ``severity``: 1 (P1 critical) .. 4 (P4 low).
    ``status``: open | acknowledged | investigating | escalated | mitigated | resolved | reviewed | closed |
    duplicate (see :mod:`console.services.lifecycle`).

    The timer leader (:mod:`console.timers`) writes ``ack_breached_at`` / ``resolve_breached_at`` (the moment
    the SLA ran out, recorded once), ``escalation_level`` / ``escalated_to_agent_id`` (who was called when it
    was not acknowledged in time). A source with a ``dedup_key`` adds repeat hits (``hit_count``,
    ``last_seen_at``) to the open incident with that key instead of opening another.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_status_opened", "status", "opened_at"),
        Index("ix_incidents_closed_at", "closed_at"),
        Index("ix_incidents_resolved_at", "resolved_at"),
        Index(
            "uq_incidents_open_dedup_key",
            "dedup_key",
            unique=True,
            sqlite_where=text(OPEN_STATUSES_SQL),
            postgresql_where=text(OPEN_STATUSES_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int] = mapped_column(SmallInteger)
    status: Mapped[str] = mapped_column(String(16), default="open")
    summary: Mapped[str] = mapped_column(Text, default="")
    owner_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("risk_indicators.id"), nullable=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ack_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolve_due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    ack_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolve_breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    escalated_to_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)
    dedup_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    hit_count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # The services bump ``version`` once per change (not once per flush); SQLAlchemy still adds
    # "WHERE version = <old>" to every UPDATE, so a concurrent edit fails instead of overwriting.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    events: Mapped[list[IncidentEvent]] = relationship(
        back_populates="incident",
        order_by="IncidentEvent.id",
        cascade="all, delete-orphan",
        foreign_keys="IncidentEvent.incident_id",
    )


class IncidentEvent(Base):
    """One line of an incident's timeline.

    ``kind``: see :data:`console.services.lifecycle.EVENT_KINDS`. ``merged_from_id``: the incident this line
    was written on, when that one was merged into this one as a duplicate (its timeline moved here).
    """

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), nullable=True)
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    merged_from_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), nullable=True)

    incident: Mapped[Incident] = relationship(back_populates="events", foreign_keys=[incident_id])
