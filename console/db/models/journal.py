"""The append-only audit log and the change feed every console follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime

# SQLite only makes INTEGER PRIMARY KEY an auto-incrementing rowid; PostgreSQL wants a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AuditEntry(Base):
    """Who did what, when. Rows are never updated or deleted (database triggers refuse it)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class Change(Base):
    """One committed change, numbered in commit order. Consoles catch up by ``seq``.

    ``topic`` names what changed (incident, attendance, samples, seating, rota, org); ``entity_id`` is the
    row to refetch (or, for samples, the indicator); ``op`` is insert | update | delete.
    """

    __tablename__ = "change_feed"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    topic: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(8))
