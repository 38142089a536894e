"""Following the change feed from another process: wake-ups, catch-up reads, a heartbeat, and distrust.

A :class:`FeedFollower` is driven by one background thread calling :meth:`FeedFollower.step`. Each step
waits (bounded) for a wake-up — PostgreSQL ``LISTEN`` or SQLite's ``PRAGMA data_version`` — then runs one
bounded query that is both the heartbeat and the catch-up read. The feed's sequence is the truth, so a lost
notification or a reconnect never loses a change; and the follower trusts the sequence only as far as it
checks out:

- a **gap** (the next entry is not position + 1), a **reversal** (the newest entry is below the position:
  someone emptied or rewrote the feed), a **truncated table** (``op = 'truncate'``), a **position pruned
  away**, or a backlog too long to be worth replaying all answer "reload everything", after which the
  follower continues from the newest entry;
- **offline** is declared when a step's query does not answer within :data:`HEARTBEAT_DEADLINE_S` (a silent
  network cut: nothing is refused, packets just vanish), when the connection fails, or when the SQLite file
  was moved, deleted or replaced under the console. Every wait is bounded, so the thread can always stop.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy import select as sa_select

from console.db.engine import Database, pg_connection_params
from console.db.models import Change
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.topics import NOTIFY_CHANNEL, ChangeBatch, Topic

if TYPE_CHECKING:  # imported where used: a console on the embedded SQLite file never loads psycopg
    import psycopg
    from psycopg import pq

log = logging.getLogger(__name__)

SQLITE_POLL_S = 0.1  # how often SQLite's data_version is looked at
HEARTBEAT_S = 0.5  # the longest a step waits for a wake-up before it asks the database anyway
HEARTBEAT_DEADLINE_S = 1.5  # a query not answered by then means the database is out of reach
PG_CONNECT_TIMEOUT_S = 2  # libpq's minimum
CATCH_UP_LIMIT = 5000  # entries read per step
REPLAY_LIMIT = 20_000  # a backlog longer than this is reloaded instead of replayed

CTX = "Feed"
# Why the docks reload (shown in the log and the status bar tooltip).
GAP = QT_TRANSLATE_NOOP("Feed", "the change feed has a gap")
REVERSAL = QT_TRANSLATE_NOOP("Feed", "the change feed went backwards (emptied or rewritten)")
PRUNED = QT_TRANSLATE_NOOP("Feed", "the change feed was pruned past this console's position")
TRUNCATED = QT_TRANSLATE_NOOP("Feed", "a table was emptied")
BACKLOG = QT_TRANSLATE_NOOP("Feed", "too many changes to replay after an outage")
# Why the console is offline.
NO_ANSWER = QT_TRANSLATE_NOOP("Feed", "the database does not answer")
UNREACHABLE = QT_TRANSLATE_NOOP("Feed", "cannot reach the database: {0}")
FILE_GONE = QT_TRANSLATE_NOOP("Feed", "the database file was moved or deleted")
FILE_REPLACED = QT_TRANSLATE_NOOP("Feed", "the database file was replaced by another file")


class Unreachable(Exception):
    """The database did not answer a step (raised and caught inside the follower)."""


@dataclass(frozen=True)
class ChangeRecord:
    seq: int
    topic: str
    entity_id: int
    op: str
    origin: str | None = None


@dataclass
class FeedStep:
    """What one step of the follower found: new entries, or a reason to reload everything."""

    records: list[ChangeRecord] = field(default_factory=list)
    reload: str = ""  # untranslated reason (see the constants above); translate() for display


def last_seq(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(sa_select(func.coalesce(func.max(Change.seq), 0))) or 0)


def changes_since(db: Database, seq: int, limit: int = CATCH_UP_LIMIT) -> list[ChangeRecord]:
    with db.reading() as s:
        rows = s.execute(
            sa_select(Change.seq, Change.topic, Change.entity_id, Change.op, Change.origin)
            .where(Change.seq > seq)
            .order_by(Change.seq)
            .limit(limit)
        ).all()
    return [ChangeRecord(*r) for r in rows]


def to_batch(records: list[ChangeRecord], *, reload: str = "", seq: int = 0, origin: str = "") -> ChangeBatch:
    """Group feed entries into the typed batch the docks get; an id is "own" when every entry naming it in
    the batch came from ``origin`` (this console's own write)."""
    ids: dict[Topic, dict[int, None]] = {}
    others: set[tuple[Topic, int]] = set()
    for rec in records:
        try:
            topic = Topic(rec.topic)
        except ValueError:  # a topic this build does not know (a newer schema): nothing here shows it
            continue
        ids.setdefault(topic, {})[rec.entity_id] = None
        if not origin or rec.origin != origin:
            others.add((topic, rec.entity_id))
    own = {t: frozenset(i for i in named if (t, i) not in others) for t, named in ids.items()}
    return ChangeBatch(
        ids={t: frozenset(named) for t, named in ids.items()},
        reload=reload,
        seq=seq or (records[-1].seq if records else 0),
        own={t: v for t, v in own.items() if v},
    )


_STEP_SQL = (
    "SELECT b.mx, b.mn, c.seq, c.topic, c.entity_id, c.op, c.origin "
    "FROM (SELECT max(seq) AS mx, min(seq) AS mn FROM change_feed) AS b "
    "LEFT JOIN (SELECT seq, topic, entity_id, op, origin FROM change_feed WHERE seq > {pos} "
    "ORDER BY seq LIMIT {limit}) AS c ON true ORDER BY c.seq"
)


class FeedFollower:
    """Follower of the change feed, for one background thread.

    Args:
        db: the database followed.
        since: the last sequence already applied by the caller.

    Attributes:
        online: the last step reached the database and the feed checked out.
        reason: why it is offline (untranslated; see :meth:`reason_text`).
        as_of: when the follower last knew it was current (UTC), ``None`` before the first step.
    """

    def __init__(self, db: Database, since: int) -> None:
        self.db = db
        self.seq = since
        self.online = True
        self.reason = ""
        self.reason_arg = ""
        self.as_of: datetime | None = None
        self._pg: psycopg.Connection[Any] | None = None
        self._sqlite: sqlite3.Connection | None = None
        self._data_version: int | None = None
        self._identity = db.file_identity
        self._more = False  # the last read stopped at CATCH_UP_LIMIT: read on without waiting

    # -- one step -------------------------------------------------------------------------------------
    def step(self, timeout: float = HEARTBEAT_S) -> FeedStep:
        """Wait up to ``timeout`` s for a wake-up, then read what is new (and check the feed and the link).

        Never raises for an unreachable database: :attr:`online` turns ``False`` and the next step retries.
        """
        if self._more:
            timeout = 0.0
        try:
            if self.db.is_sqlite:
                self._check_file()
                self._wait_sqlite(timeout)
            else:
                self._wait_postgres(timeout)
            rows = self._query()
        except Exception as exc:  # noqa: BLE001 - any failure here means "offline, retry later"
            self._went_offline(exc)
            time.sleep(min(timeout, 0.5))
            return FeedStep()
        if not self.online:
            log.warning("change feed reachable again at seq %d", self.seq)
        self.online, self.reason, self.reason_arg = True, "", ""
        self.as_of = datetime.now(UTC)
        return self._advance(rows)

    def _advance(self, rows: list[tuple[Any, ...]]) -> FeedStep:
        newest = int(rows[0][0]) if rows and rows[0][0] is not None else 0
        oldest = int(rows[0][1]) if rows and rows[0][1] is not None else 0
        records = [ChangeRecord(int(r[2]), r[3], int(r[4]), r[5], r[6]) for r in rows if r[2] is not None]
        reason = ""
        if newest < self.seq:
            reason = REVERSAL
        elif self.seq and oldest > self.seq + 1:
            reason = PRUNED
        elif records and any(rec.seq != self.seq + 1 + i for i, rec in enumerate(records)):
            reason = GAP
        elif any(rec.op == "truncate" for rec in records):
            reason = TRUNCATED
        elif newest - self.seq > REPLAY_LIMIT:
            reason = BACKLOG
        if reason:
            log.warning(
                "change feed: %s (at seq %d, newest %d): reloading everything", reason, self.seq, newest
            )
            self.seq, self._more = newest, False
            return FeedStep(reload=reason)
        if records:
            self.seq = records[-1].seq
        self._more = len(records) >= CATCH_UP_LIMIT
        return FeedStep(records)

    def reason_text(self) -> str:
        """Why the console is offline, translated."""
        return translate(CTX, self.reason).format(self.reason_arg) if self.reason else ""

    def _went_offline(self, exc: BaseException) -> None:
        if isinstance(exc, Unreachable):
            reason, arg = (exc.args[0], "") if exc.args else (NO_ANSWER, "")
        else:
            reason, arg = UNREACHABLE, _first_line(exc)
        if self.online or reason != self.reason:
            log.warning("change feed offline: %s", reason.format(arg) if arg else reason)
        self.online, self.reason, self.reason_arg = False, reason, arg
        self._close_connections()

    # -- SQLite ---------------------------------------------------------------------------------------
    def _check_file(self) -> None:
        path = self.db.url.database or ""
        if not path or path == ":memory:":
            return
        try:
            st = os.stat(path)
        except FileNotFoundError:
            raise Unreachable(FILE_GONE) from None
        if self._identity is None:  # the file did not exist yet when the database was opened
            self._identity = (st.st_dev, st.st_ino)
        elif (st.st_dev, st.st_ino) != self._identity:
            raise Unreachable(FILE_REPLACED)

    def _wait_sqlite(self, timeout: float) -> None:
        if self._sqlite is None:
            path = self.db.url.database or ""
            # mode=rw: never create a file that is not there (a moved database must not come back empty).
            uri = f"{Path(path).absolute().as_uri()}?mode=rw"
            self._sqlite = sqlite3.connect(
                uri, uri=True, timeout=1, isolation_level=None, check_same_thread=False
            )
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

    # -- PostgreSQL -----------------------------------------------------------------------------------
    def _connect_postgres(self) -> psycopg.Connection[Any]:
        import psycopg

        conn = psycopg.connect(**listen_params(self.db), autocommit=True)
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return conn

    def _wait_postgres(self, timeout: float) -> None:
        if self._pg is None:
            self._pg = self._connect_postgres()
            return  # read right after (re)connecting: notifications sent meanwhile are gone
        pg = self._pg.pgconn
        readable, _, _ = select.select([pg.socket], [], [], timeout)
        if readable:
            pg.consume_input()
            while pg.notifies() is not None:  # a wake-up only: the query below reads what is new
                pass

    def _query(self) -> list[tuple[Any, ...]]:
        sql = _STEP_SQL.format(pos=int(self.seq), limit=CATCH_UP_LIMIT)
        if self._sqlite is not None:
            return list(self._sqlite.execute(sql).fetchall())
        assert self._pg is not None
        return _bounded_query(self._pg, sql, HEARTBEAT_DEADLINE_S)

    def _close_connections(self) -> None:
        if self._pg is not None:
            with contextlib.suppress(Exception):  # a dead socket: just let go of it, never wait on it
                self._pg.pgconn.finish()
            with contextlib.suppress(Exception):
                self._pg.close()
        if self._sqlite is not None:
            with contextlib.suppress(Exception):
                self._sqlite.close()
        self._pg = None
        self._sqlite = None

    def close(self) -> None:
        self._close_connections()


def listen_params(db: Database) -> dict[str, Any]:
    """The LISTEN connection's parameters: the engine's own (address, password obtained at connect, libpq
    options from the URL, keepalives, timeouts), with its own application name and a shorter connect
    timeout (the follower's every wait is bounded)."""
    return {
        **pg_connection_params(db.engine, "watchfloor-listen"),
        "connect_timeout": PG_CONNECT_TIMEOUT_S,
    }


def _bounded_query(conn: psycopg.Connection[Any], sql: str, deadline_s: float) -> list[tuple[Any, ...]]:
    """Run ``sql`` on ``conn`` and give up after ``deadline_s`` (psycopg's own calls have no client-side
    timeout, and a silent network cut would block them until the kernel gives up, minutes later)."""
    pg = conn.pgconn
    pg.send_query(sql.encode())
    end = time.monotonic() + deadline_s
    while pg.flush() != 0:
        _wait_socket(pg, end, write=True)
    results = []
    while True:
        while pg.is_busy():
            _wait_socket(pg, end)
            pg.consume_input()
        res = pg.get_result()
        if res is None:
            break
        results.append(res)
    import psycopg
    from psycopg import pq

    rows: list[tuple[Any, ...]] = []
    for res in results:
        if res.status != pq.ExecStatus.TUPLES_OK:
            msg = (res.error_message or b"").decode(errors="replace").strip()
            raise psycopg.OperationalError(msg or "query failed")
        for r in range(res.ntuples):
            rows.append(tuple(_decode(res.get_value(r, c)) for c in range(res.nfields)))
    while pg.notifies() is not None:  # wake-ups that arrived with the answer: this read covers them
        pass
    return rows


def _wait_socket(pg: pq.abc.PGconn, end: float, *, write: bool = False) -> None:
    left = end - time.monotonic()
    if left <= 0:
        raise Unreachable(NO_ANSWER)
    fds = ([], [pg.socket]) if write else ([pg.socket], [])
    ready = select.select(fds[0], fds[1], [], left)
    if not (ready[0] or ready[1]):
        raise Unreachable(NO_ANSWER)


def _decode(value: bytes | None) -> str | None:
    """Text-format values (the step query's integers are converted by the caller)."""
    return None if value is None else value.decode()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
