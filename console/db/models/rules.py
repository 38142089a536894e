"""Indicator rules, their state as the timer leader keeps it, and silences (:mod:`console.rules`,
:mod:`console.services.rules`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime


class IndicatorRule(Base):
    """A rule on one indicator: its kind and parameters (:data:`console.rules.KINDS`), the incident it opens
    when it fires (severity, category; one worked incident per rule, repeats add hits), its cooldown after
    clearing, whether clearing resolves that incident."""

    __tablename__ = "indicator_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("risk_indicators.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    severity: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str] = mapped_column(String(32))
    cooldown_s: Mapped[int] = mapped_column(Integer, default=900, server_default="900")
    auto_resolve: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RuleState(Base):
    """Where a rule stands (written when it fires, clears or starts a pending duration)."""

    __tablename__ = "rule_states"

    rule_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_rules.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    firing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pending: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class RuleSilence(Base):
    """A maintenance window: a rule (or every rule of an indicator) does not fire until ``ends_at``."""

    __tablename__ = "rule_silences"
    __table_args__ = (Index("ix_rule_silences_ends_at", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator_rules.id", ondelete="CASCADE"), nullable=True
    )
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("risk_indicators.id"), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    owner: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
