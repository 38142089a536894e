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

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from console import audit
from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.feedsql import ORIGIN_SETTING
from console.db.models import AuditEntry, User
from console.errors import AccountDisabled, InvalidInput, NotAUser, RoleChanged
from console.floortime import utcnow
from console.topics import FEED_LOCK_KEY


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
                host=self.actor.host,
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
            check_actor(session, actor, db.describe())
            unit = Unit(session, actor)
            yield unit
            session.flush()
            append_audit(session, unit._audit)
    except IntegrityError as exc:
        raise InvalidInput(detail=_constraint(exc)) from exc


def check_actor(session: Session, actor: Actor, where: str) -> None:
    """Refuse a writer the ``users`` table does not know as active with exactly this role.

    The one exception is the very first write to a floor without users: an admin creating the floor (the
    first start, ``watchfloor demo``), who adds themself as its first admin in that same transaction.

    Raises:
        NotAUser, AccountDisabled, RoleChanged
    """
    row = session.execute(select(User.role_code, User.active).where(User.username == actor.username)).first()
    if row is None:
        if actor.role == "admin" and session.scalar(select(User.id).limit(1)) is None:
            return
        raise NotAUser(user=actor.username, where=where)
    if not row.active:
        raise AccountDisabled(user=actor.username)
    if row.role_code != actor.role:
        raise RoleChanged(user=actor.username, role=row.role_code)


def append_audit(session: Session, entries: list[AuditEntry]) -> None:
    """Chain ``entries`` onto the audit log, in commit order (:mod:`console.audit`).

    PostgreSQL: the feed's advisory lock is taken now and held until commit (the feed's own commit trigger
    takes the same lock), so no other transaction can chain between reading the head and committing.
    SQLite: the write transaction (``BEGIN IMMEDIATE``) already excludes every other writer.
    """
    if not entries:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY})
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    audit.chain(entries, last.id if last else 0, (last.hash or audit.GENESIS) if last else audit.GENESIS)
    session.add_all(entries)
    session.flush()


def _constraint(exc: IntegrityError) -> str:
    """The constraint a write broke, in a line (the driver's first line, without SQL or parameters)."""
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else "integrity error"
    return f"{first} ({name})" if name and name not in first else first
