"""The append-only audit log and the change feed every console follows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime

# SQLite only makes INTEGER PRIMARY KEY an auto-incrementing rowid; PostgreSQL wants a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AuditEntry(Base):
    """Who did what, when, from which workstation. Rows are never updated or deleted (database triggers
    refuse it), and each carries the hash of its content and of the record before it (:mod:`console.audit`),
    so an edit, a deletion, an insertion or a reordering made in SQL is detected and named."""

    __tablename__ = "audit_log"
    # The audit viewer's filters: a user's or an entity kind's records, newest first, read by key.
    __table_args__ = (
        Index("ix_audit_log_actor_id", "actor", "id"),
        Index("ix_audit_log_entity_id", "entity", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Change(Base):
    """One committed change, numbered in commit order. Consoles catch up by ``seq``.

    Written by the database's own triggers (migration 0002, :mod:`console.db.feedsql`), never by Python:
    ``topic`` is a :class:`console.topics.Topic`, ``entity_id`` the row to refetch (the one kind of id that
    topic carries), ``op`` insert | update | delete | truncate, ``origin`` the console process whose unit of
    work wrote it (``None`` for any other writer). ``seq`` is ``max(seq) + 1`` taken under the feed lock at
    commit, so there are no gaps but hand-made ones, which followers treat as "reload everything".
    """

    __tablename__ = "change_feed"
    __table_args__ = (Index("ix_change_feed_topic_entity", "topic", "entity_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    topic: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[int] = mapped_column(BigInteger)
    op: Mapped[str] = mapped_column(String(8))
    origin: Mapped[str | None] = mapped_column(String(64), nullable=True)


class FeedSettings(Base):
    """The feed's one row of settings, shared by the whole floor: how long entries are kept."""

    __tablename__ = "feed_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    retention_hours: Mapped[int] = mapped_column(Integer)
