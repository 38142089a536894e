"""Timer work, exactly once per floor however many consoles are open: SLA breaches, timed escalations,
overdue handoffs, the handover brief of a shift that ended without one, indicator rules, the floor's
retention of indicator history (:mod:`console.services.retention`), the attendance exceptions of the
recent shifts (:mod:`console.services.exceptions`), and each shift's break plan, made shortly before it
starts (:mod:`console.services.breaks`).

Two guarantees, each enough on its own:

- **One leader.** :class:`Leader` elects one process per floor to evaluate timers. PostgreSQL: a
  session-level advisory lock (``pg_try_advisory_lock``, keyed by the floor's schema) held on a connection
  of its own; the holder leads until it lets go or dies, when the server frees the lock and the next process
  to try takes over. SQLite: an exclusive OS lock on a file beside the database (``<db>.timers.lock``), freed
  by the OS when the holder exits however it exits. A process whose user may not work incidents (a viewer, a
  wall screen) or whose database is read-only never stands.
- **Idempotent work.** :func:`run_due` records each thing with a conditional ``UPDATE … WHERE <not yet
  recorded>`` and writes its timeline event only when that UPDATE changed the row, in the same transaction.
  Two evaluators at once (an old leader that has not noticed it lost its lock) still record each breach,
  escalation and overdue handoff once.

``watchfloor worker`` (:func:`serve`) runs a leader headless; a console can run one on a thread of its own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.exc import DBAPIError

from console.auth import SYSTEM, Actor, Perm
from console.db.engine import Database, pg_connection_params, sqlite_path
from console.errors import WatchfloorError
from console.floortime import utcnow
from console.services import breaks, escalation, exceptions, handoffs, handover, retention, rules, sla
from console.services.lifecycle import OPEN_STATUSES
from console.services.offline import reachable
from console.services.unit import unit_of_work

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 5.0
# Two-key advisory lock class (PostgreSQL) of the timer leader: "WF" + "TM"; the second key is the schema's.
LEADER_LOCK_CLASS = 0x5746_544D
LOCK_SUFFIX = ".timers.lock"


@dataclass(frozen=True)
class TimerStats:
    """What one :func:`run_due` recorded (by this process: what another had recorded is not counted)."""

    ack_breaches: int = 0
    resolve_breaches: int = 0
    escalations: int = 0
    overdue_handoffs: int = 0
    handovers: int = 0  # briefs prepared at shift end because nobody had
    rules_fired: int = 0  # indicator rules that fired (each opened or added a hit to an incident)
    rules_cleared: int = 0
    pruned_samples: int = 0  # raw samples past the floor's retention, deleted (their rollups stay)
    pruned_rollups: int = 0
    attendance_exceptions: int = 0  # exceptions found, updated or withdrawn (console.services.exceptions)
    break_plans: int = 0  # shift starts whose breaks were planned (console.services.breaks)

    def __bool__(self) -> bool:
        return bool(
            self.ack_breaches
            or self.resolve_breaches
            or self.escalations
            or self.overdue_handoffs
            or self.handovers
            or self.pruned_samples
            or self.pruned_rollups
            or self.attendance_exceptions
            or self.break_plans
        )

    def __str__(self) -> str:
        return (
            f"{self.ack_breaches} acknowledge and {self.resolve_breaches} resolve SLA breaches, "
            f"{self.escalations} escalations, {self.overdue_handoffs} overdue handoffs, "
            f"{self.handovers} handover briefs, {self.rules_fired} rules fired, "
            f"{self.rules_cleared} cleared, {self.pruned_samples} samples and {self.pruned_rollups} rollups "
            f"past retention pruned, {self.attendance_exceptions} attendance exceptions changed, "
            f"{self.break_plans} shift break plans"
        )


def run_due(db: Database, now: datetime | None = None, actor: Actor = SYSTEM) -> TimerStats:
    """Record every breach, escalation and overdue handoff due at ``now``, and prepare the handover brief of a
    shift that ended without one (when ``actor`` keeps the shift log), each once (safe to run anywhere, any
    number of times, concurrently); then delete a bounded batch of indicator history past the floor's
    retention, if any is due. Nothing due: a few reads, no write."""
    now = now or utcnow()
    with reachable(db), db.reading() as s:
        breaches = sla.due_breaches(s, now, OPEN_STATUSES)
        escalate = [inc.id for inc in escalation.due(s, now)]
        late = handoffs.due_overdue(s, now)
        brief_due = actor.can(Perm.KEEP_SHIFT_LOG) and handover.due_automatic(s, now) is not None
    fired = cleared = 0
    if actor.can(Perm.OPEN_INCIDENT):  # indicator rules: read each round, written only when one moves
        moved = rules.evaluate_due(db, actor, now)
        fired, cleared = moved.fired, moved.cleared
    briefs = 0
    if brief_due:
        with reachable(db), unit_of_work(db, actor, Perm.KEEP_SHIFT_LOG) as unit:
            briefs = int(handover.prepare_automatic(unit, now) is not None)
    pruned = retention.PruneStats()
    if actor.can(Perm.WORK_INCIDENT):  # the leader applies the retention an admin set (never past it)
        with reachable(db):
            pruned = retention.prune_due(db, actor, now)
    found = exceptions.SyncStats()
    if actor.can(Perm.WORK_EXCEPTIONS):  # attendance exceptions of the recent shifts, once per floor
        with reachable(db):
            found = exceptions.sync_due(db, actor, now)
    changed = found.added + found.updated + found.withdrawn
    plans = 0
    if actor.can(Perm.MANAGE_ROTA):  # each shift's breaks, planned once shortly before it starts
        with reachable(db):
            plans = breaks.plan_due(db, actor, now)
    if not (breaches or escalate or late):
        return TimerStats(
            handovers=briefs,
            rules_fired=fired,
            rules_cleared=cleared,
            pruned_samples=pruned.samples,
            pruned_rollups=pruned.rollups,
            attendance_exceptions=changed,
            break_plans=plans,
        )
    counts = {"ack": 0, "resolve": 0, "escalations": 0, "handoffs": 0}
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        for inc_id, which, due in breaches:
            counts[which] += sla.record_breach(unit, inc_id, which, due, now)
        for inc in escalation.due(unit.session, now):  # read again inside the write transaction
            esc = escalation.choose(unit.session, inc, now)
            if esc is not None:
                counts["escalations"] += escalation.apply(unit, inc, esc, now)
        for handoff_id, inc_id, due in late:
            counts["handoffs"] += handoffs.record_overdue(unit, handoff_id, inc_id, due, now)
    return TimerStats(
        counts["ack"],
        counts["resolve"],
        counts["escalations"],
        counts["handoffs"],
        briefs,
        fired,
        cleared,
        pruned.samples,
        pruned.rollups,
        changed,
        plans,
    )


class Election(Protocol):
    """How processes agree on one leader: an exclusive lock only one of them can hold."""

    def acquire(self) -> bool:
        """Try to take the lock now (never waits). True if this process holds it."""

    def holds(self) -> bool:
        """Whether this process still holds the lock (a dead connection or a replaced file: no)."""

    def release(self) -> None: ...


class AdvisoryLock:
    """PostgreSQL: a session-level advisory lock on a dedicated autocommit connection, made exactly like the
    engine's (address, password, libpq options, keepalives). The lock lives as long as that session."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Any = None
        self._held = False

    def acquire(self) -> bool:
        import psycopg

        if self._held:
            return self.holds()
        try:
            if self._conn is None:
                self._conn = psycopg.connect(
                    **pg_connection_params(self.db.engine, "watchfloor-timers"), autocommit=True
                )
            schema = self._conn.execute("SELECT current_schema()").fetchone()[0]
            key = zlib.crc32(str(schema).encode()) - 2**31  # a signed 32-bit key
            got = self._conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LEADER_LOCK_CLASS, key)
            ).fetchone()
            self._held = bool(got and got[0])
        except psycopg.Error as exc:
            log.info("timers: cannot stand for leader: %s", exc)
            self.release()
        return self._held

    def holds(self) -> bool:
        import psycopg

        if not self._held or self._conn is None:
            return False
        try:
            self._conn.execute("SELECT 1")
            return True
        except psycopg.Error as exc:
            log.warning("timers: lost the leader's connection: %s", exc)
            self.release()
            return False

    def release(self) -> None:
        conn, held, self._conn, self._held = self._conn, self._held, None, False
        if conn is None:
            return
        if held:  # at once: closing the session frees the lock only when its backend has gone, a moment later
            with contextlib.suppress(Exception):  # (a connection already lost holds nothing)
                conn.execute("SELECT pg_advisory_unlock_all()")
        with contextlib.suppress(Exception):
            conn.close()


class FileLock:
    """SQLite: an exclusive, non-blocking OS lock on ``<database file>.timers.lock`` (``flock`` on POSIX,
    ``msvcrt.locking`` on Windows), held while the file is open; the OS frees it when the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return self.holds()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("timers: cannot open %s: %s", self.path, exc)
            return False
        if _try_lock(fd):
            self._fd = fd
            return True
        os.close(fd)
        return False

    def holds(self) -> bool:
        """Held, and the file locked is still the one at the path (a deleted lock file would let a second
        process lock a new one)."""
        if self._fd is None:
            return False
        try:
            same = os.path.samestat(os.fstat(self._fd), os.stat(self.path))
        except OSError:
            same = False
        if not same:
            log.warning("timers: %s was removed or replaced; standing down", self.path)
            self.release()
        return same

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


class SoleProcess:
    """An in-memory SQLite database: only this process can see it, so it leads."""

    def acquire(self) -> bool:
        return True

    def holds(self) -> bool:
        return True

    def release(self) -> None:
        pass


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def election_for(db: Database) -> Election:
    if db.kind == "postgresql":
        return AdvisoryLock(db)
    path = sqlite_path(db.url)
    if path is None:
        return SoleProcess()
    return FileLock(path.with_name(path.name + LOCK_SUFFIX))


class Leader:
    """Stands for timer leader of ``db``'s floor and, while leading, runs :func:`run_due` on each tick.

    Call :meth:`tick` every few seconds (from one thread), or :meth:`run` on a thread of its own until
    ``stop`` is set; :meth:`close` lets go (another process takes over at its next try). ``now`` gives the
    time (tests pass a controllable clock).
    """

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        election: Election | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.actor = actor
        self.now = now
        self.election = election or election_for(db)
        self.leading = False
        self.last_error: str | None = None

    @property
    def eligible(self) -> bool:
        """Whether this process may lead at all: its user works incidents and the database is writable."""
        return self.actor.can(Perm.WORK_INCIDENT) and not self.db.read_only_reason

    def tick(self) -> TimerStats | None:
        """One round: keep or take the lead, then (leading) do what is due. ``None`` when not leading."""
        if not self.eligible:
            return None
        self.leading = self.election.holds() or self.election.acquire()
        if not self.leading:
            return None
        try:
            stats = run_due(self.db, self.now(), self.actor)
        except (WatchfloorError, DBAPIError) as exc:  # offline, a role taken away: try again next tick
            self.last_error = str(exc).splitlines()[0]
            log.warning("timers: %s", self.last_error)
            return None
        self.last_error = None
        return stats

    def run(self, stop: threading.Event, interval: float = DEFAULT_INTERVAL_S) -> None:
        """Tick every ``interval`` seconds until ``stop`` is set, then let go."""
        try:
            while not stop.is_set():
                self.tick()
                stop.wait(interval)
        finally:
            self.close()

    def close(self) -> None:
        self.leading = False
        self.election.release()


def serve(
    db: Database,
    actor: Actor,
    stop: threading.Event,
    *,
    interval: float = DEFAULT_INTERVAL_S,
    say: Callable[[str], None] = print,
) -> None:
    """The headless worker: a :class:`Leader` ticking until ``stop``, saying when it takes or loses the lead
    and what it recorded."""
    leader = Leader(db, actor)
    said: bool | None = None
    try:
        while not stop.is_set():
            stats = leader.tick()
            if leader.leading != said:
                said = leader.leading
                say(f"pid {os.getpid()}: " + ("leading the floor's timers" if said else "standing by"))
            if stats:
                say(f"pid {os.getpid()}: recorded {stats}")
            stop.wait(interval)
    finally:
        leader.close()
