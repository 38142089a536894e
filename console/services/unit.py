"""The shape every change takes: check the role, write in one transaction, audit it.

The change feed is written by the database itself (triggers, :mod:`console.db.feedsql`), so a unit of work
only tells the database who is writing: its ``origin``, which the triggers copy onto every feed entry so a
console can recognise the echo of its own write. On SQLite it also opens a feed session, which lets the
triggers write one entry per entity and transaction instead of one per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.feedsql import ORIGIN_SETTING
from console.db.models import AuditEntry
from console.errors import InvalidInput
from console.floortime import utcnow


@dataclass
class Unit:
    """An open write transaction on behalf of ``actor``."""

    session: Session
    actor: Actor
    _audit: list[AuditEntry] = field(default_factory=list)

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


@contextmanager
def open_feed_session(session: Session, origin: str) -> Iterator[None]:
    """Tell the feed triggers who writes in this transaction (and, on SQLite, deduplicate its entries).

    On SQLite the ``feed_session`` row exists only inside this transaction: it is removed before commit
    (and by the rollback on any error), so no other writer ever sees it.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config(:name, :origin, true)"), {"name": ORIGIN_SETTING, "origin": origin}
        )
        yield
        return
    session.execute(
        text(
            "INSERT INTO feed_session (id, origin, since_seq) "
            "VALUES (1, :origin, (SELECT coalesce(max(seq), 0) FROM change_feed))"
        ),
        {"origin": origin},
    )
    yield
    session.execute(text("DELETE FROM feed_session"))


@contextmanager
def unit_of_work(db: Database, actor: Actor, perm: Perm) -> Iterator[Unit]:
    """Open a checked, audited write transaction. Nothing is written if the body raises.

    A constraint the database refuses (a duplicate, a dangling reference) becomes :class:`InvalidInput`
    naming the constraint, never a raw driver error.
    """
    actor.require(perm)
    try:
        with db.writing() as session, open_feed_session(session, db.origin):
            unit = Unit(session, actor)
            yield unit
            session.flush()
            session.add_all(unit._audit)
            session.flush()
    except IntegrityError as exc:
        raise InvalidInput(detail=_constraint(exc)) from exc


def _constraint(exc: IntegrityError) -> str:
    """The constraint a write broke, in a line (the driver's first line, without SQL or parameters)."""
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else "integrity error"
    return f"{first} ({name})" if name and name not in first else first
