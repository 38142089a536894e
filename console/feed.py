"""Following the change feed from another process: catch-up reads and wake-ups.

A :class:`FeedFollower` blocks in :meth:`FeedFollower.wait` until something new is committed, then returns
the changes after the last sequence it handed out. Wake-ups come from PostgreSQL ``LISTEN`` or, on SQLite,
from ``PRAGMA data_version`` (bumped when another connection commits); in both cases the feed's sequence is
the truth, so a lost notification or a reconnect never loses a change.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from console.db.engine import Database
from console.db.models import Change
from console.services.unit import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

SQLITE_POLL_S = 0.1
CATCH_UP_LIMIT = 5000


@dataclass(frozen=True)
class ChangeRecord:
    seq: int
    topic: str
    entity_id: int
    op: str


def last_seq(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.coalesce(func.max(Change.seq), 0))) or 0)


def changes_since(db: Database, seq: int, limit: int = CATCH_UP_LIMIT) -> list[ChangeRecord]:
    with db.reading() as s:
        rows = s.execute(
            select(Change.seq, Change.topic, Change.entity_id, Change.op)
            .where(Change.seq > seq)
            .order_by(Change.seq)
            .limit(limit)
        ).all()
    return [ChangeRecord(*r) for r in rows]


class FeedFollower:
    """Blocking follower of the change feed, for one background thread.

    Args:
        db: the database (its engine is used for catch-up reads).
        since: the last sequence already applied by the caller.
        password: for the dedicated LISTEN connection on PostgreSQL.
    """

    def __init__(self, db: Database, since: int, *, password: str | None = None) -> None:
        self.db = db
        self.seq = since
        self.online = True
        self._password = password
        self._listen: Any = None
        self._sqlite: sqlite3.Connection | None = None
        self._data_version: int | None = None

    # -- wake-ups -------------------------------------------------------------------------------------
    def _wait_sqlite(self, timeout: float) -> None:
        if self._sqlite is None:
            path = self.db.url.database or ""
            self._sqlite = sqlite3.connect(path, timeout=1, isolation_level=None, check_same_thread=False)
            self._data_version = None
        deadline = time.monotonic() + timeout
        while True:
            version = self._sqlite.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._data_version = version
                return
            if time.monotonic() >= deadline:
                return
            time.sleep(SQLITE_POLL_S)

    def _wait_postgres(self, timeout: float) -> None:
        if self._listen is None:
            url: URL = self.db.url
            self._listen = psycopg.connect(
                host=url.host,
                port=url.port or 5432,
                user=url.username,
                dbname=url.database,
                password=self._password or url.password,
                autocommit=True,
                connect_timeout=5,
                application_name="watchfloor-listen",
            )
            self._listen.execute(f"LISTEN {NOTIFY_CHANNEL}")
            return  # catch up right after (re)connecting: notifications sent meanwhile are gone
        for _ in self._listen.notifies(timeout=timeout, stop_after=1):
            break

    def wait(self, timeout: float = 1.0) -> list[ChangeRecord]:
        """Block up to ``timeout`` s for a wake-up, then return every change since the last call.

        Raises nothing for an unreachable database: :attr:`online` turns ``False`` and the next call retries.
        """
        try:
            if self.db.is_sqlite:
                self._wait_sqlite(timeout)
            else:
                self._wait_postgres(timeout)
            changes = changes_since(self.db, self.seq)
        except Exception as exc:  # noqa: BLE001 - any failure here means "offline, retry later"
            if self.online:
                log.warning("change feed unreachable: %s", type(exc).__name__)
            self.online = False
            self._close_listen()
            time.sleep(min(timeout, 1.0))
            return []
        self.online = True
        if changes:
            self.seq = changes[-1].seq
        return changes

    def _close_listen(self) -> None:
        for conn in (self._listen, self._sqlite):
            if conn is not None:
                with contextlib.suppress(Exception):  # closing a broken connection may fail too
                    conn.close()
        self._listen = None
        self._sqlite = None

    def close(self) -> None:
        self._close_listen()
