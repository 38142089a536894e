"""The shape every change takes: check the role, write in one transaction, audit it, publish it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import AuditEntry, Change
from console.floortime import utcnow

# NOTIFY channel consoles LISTEN on (PostgreSQL). The payload is the newest sequence number: a wake-up only.
NOTIFY_CHANNEL = "watchfloor_changes"
# Advisory lock taken just before the feed is appended to, held until commit. It makes feed sequence order
# equal commit order on PostgreSQL, so a reader that has seen seq N has seen every change below N.
FEED_LOCK_KEY = 0x5741_5443  # "WATC"


@dataclass
class Unit:
    """An open write transaction on behalf of ``actor``."""

    session: Session
    actor: Actor
    _audit: list[AuditEntry] = field(default_factory=list)
    _changes: list[tuple[str, int, str]] = field(default_factory=list)

    def audit(self, action: str, entity: str, entity_id: Any = None, **detail: Any) -> None:
        self._audit.append(
            AuditEntry(
                at=utcnow(),
                actor=self.actor.username,
                role=self.actor.role,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                detail=detail or None,
            )
        )

    def changed(self, topic: str, entity_id: int, op: str = "update") -> None:
        self._changes.append((topic, entity_id, op))

    def _flush_journal(self) -> None:
        session = self.session
        session.add_all(self._audit)
        if not self._changes:
            return
        postgres = session.get_bind().dialect.name == "postgresql"
        if postgres:
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})
        now = utcnow()
        seen: set[tuple[str, int, str]] = set()
        rows = []
        for item in self._changes:
            if item not in seen:
                seen.add(item)
                rows.append(Change(at=now, topic=item[0], entity_id=item[1], op=item[2]))
        session.add_all(rows)
        session.flush()
        if postgres:
            session.execute(
                text("SELECT pg_notify(:ch, :seq)"), {"ch": NOTIFY_CHANNEL, "seq": str(rows[-1].seq)}
            )


@contextmanager
def unit_of_work(db: Database, actor: Actor, perm: Perm) -> Iterator[Unit]:
    """Open a checked, audited, published write transaction. Nothing is written if the body raises."""
    actor.require(perm)
    with db.writing() as session:
        unit = Unit(session, actor)
        yield unit
        session.flush()
        unit._flush_journal()
