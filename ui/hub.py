"""The live hub: follows the core change feed on a background thread and hands the docks typed batches.

One hub per window. The follower runs on a daemon thread (it may be stuck in a bounded wait on a dead
network when the window closes; it never holds the process up) and posts what it finds to the GUI thread.
The hub says "online" only while that thread is alive and its last step is recent: a follower that died is
logged with its traceback and restarted; one that stopped answering is shown offline.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from console.db.engine import Database
from console.feed import ChangeRecord, FeedFollower, FeedStep, to_batch
from console.topics import ChangeBatch

log = logging.getLogger(__name__)

STALE_AFTER_S = 3.0  # no step finished for this long: the follower is stuck, say offline
RESTART_AFTER_S = 1.0  # a follower thread that died is restarted after this pause
WATCHDOG_MS = 500


@dataclass(frozen=True)
class FeedStatus:
    """What the status bar and the docks show about the live link.

    Attributes:
        online: the follower is alive, reached the database on its last step and has caught up.
        reason: why not (translated), or "".
        as_of: when the data on screen was last known to be current (UTC), ``None`` before the first step.
        damaged: offline for good: the database file failed its integrity check (see :meth:`LiveHub.halt`).
    """

    online: bool
    reason: str = ""
    as_of: datetime | None = None
    damaged: bool = False


class _Relay(QObject):
    """Lives on the GUI thread; the follower thread emits, Qt queues the call onto the GUI thread."""

    stepped = Signal(object, object)  # FeedStep, FeedStatus
    died = Signal(str)


class LiveHub(QObject):
    """Signals:
    batch(ChangeBatch): what changed since the last batch (ids per topic), or a request to reload all.
    statusChanged(FeedStatus): online / offline (with the reason) / caught up again.
    advanced(int): the newest feed sequence applied.
    """

    batch = Signal(object)
    statusChanged = Signal(object)
    advanced = Signal(int)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.seq = 0
        self.status = FeedStatus(True)
        self._follower: FeedFollower | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._last_step = time.monotonic()
        self._relay = _Relay(self)
        self._relay.stepped.connect(self._on_step)
        self._relay.died.connect(self._on_died)
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(WATCHDOG_MS)
        self._watchdog.timeout.connect(self._check_alive)

    @property
    def online(self) -> bool:
        return self.status.online

    # -- life cycle -----------------------------------------------------------------------------------
    def start(self, since: int) -> None:
        """Follow changes after sequence ``since`` (read it *before* loading the docks' first snapshot)."""
        self.seq = since
        self._stop.clear()
        self._spawn()
        self._watchdog.start()

    def _spawn(self) -> None:
        self._follower = FeedFollower(self.db, self.seq)
        self._last_step = time.monotonic()
        self._thread = threading.Thread(
            target=self._run, args=(self._follower,), name="watchfloor-feed", daemon=True
        )
        self._thread.start()

    def stop(self, wait_s: float = 0.5) -> None:
        """Stop following; waits at most ``wait_s`` (a follower stuck on a dead link is left to die)."""
        self._watchdog.stop()
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(wait_s)
            if thread.is_alive():
                log.warning("change feed follower still busy at stop; left behind (daemon thread)")

    def halt(self, reason: str) -> None:
        """Stop following for good and stay offline with ``reason`` (translated): the database cannot be
        trusted any more (a damaged file). Nothing restarts the follower."""
        self.stop()
        self._set_status(FeedStatus(False, reason, self.status.as_of, damaged=True))

    def _run(self, follower: FeedFollower) -> None:
        """The follower thread. Any exception is logged and reported; the hub restarts the thread."""
        try:
            while not self._stop.is_set():
                step = follower.step()
                status = FeedStatus(follower.online, follower.reason_text(), follower.as_of)
                if self._stop.is_set():
                    break
                self._relay.stepped.emit(step, status)
        except Exception as exc:  # noqa: BLE001 - contained: logged, shown, the thread restarted
            log.exception("change feed follower failed")
            if not self._stop.is_set():
                self._relay.died.emit(f"{type(exc).__name__}: {exc}")
        finally:
            follower.close()

    # -- on the GUI thread ----------------------------------------------------------------------------
    @Slot(object, object)
    def _on_step(self, step: FeedStep, status: FeedStatus) -> None:
        if self._stop.is_set():  # queued before a stop or a halt: the status it carries is no longer true
            return
        self._last_step = time.monotonic()
        if status.online and self._follower is not None:
            self.seq = max(self.seq, self._follower.seq) if not step.reload else self._follower.seq
        self._set_status(status)
        if step.reload:
            self.emit_batch(ChangeBatch(reload=step.reload, seq=self.seq))
        elif step.records:
            self.emit_batch(to_batch(step.records, origin=self.db.origin))

    @Slot(str)
    def _on_died(self, error: str) -> None:
        if self._stop.is_set():
            return
        reason = QCoreApplication.translate("LiveHub", "live updates stopped ({0}); restarting").format(error)
        self._set_status(FeedStatus(False, reason, self.status.as_of))
        self._thread = None
        QTimer.singleShot(int(RESTART_AFTER_S * 1000), self._restart)

    def _restart(self) -> None:
        if self._stop.is_set() or self._thread is not None:
            return
        self._spawn()
        # What happened while no one followed is replayed from self.seq; say so to the docks anyway.
        self.emit_batch(ChangeBatch(reload="follower restarted", seq=self.seq))

    def _check_alive(self) -> None:
        """Online only while the follower is alive and stepping."""
        thread = self._thread
        if thread is not None and not thread.is_alive() and not self._stop.is_set():
            self._on_died("thread ended")
            return
        if time.monotonic() - self._last_step > STALE_AFTER_S and self.status.online:
            reason = QCoreApplication.translate("LiveHub", "the database does not answer")
            self._set_status(FeedStatus(False, reason, self.status.as_of))

    def _set_status(self, status: FeedStatus) -> None:
        was = self.status
        self.status = status
        if status.online != was.online or status.reason != was.reason or status.damaged != was.damaged:
            self.statusChanged.emit(status)

    def emit_batch(self, batch: ChangeBatch) -> None:
        """Hand a batch to the docks (also used by tests to inject changes)."""
        if not batch:
            return
        self.batch.emit(batch)  # each dock contains its own failures (LiveDock logs and reloads)
        if batch.seq:
            self.seq = max(self.seq, batch.seq)
            self.advanced.emit(self.seq)

    def dispatch(self, records: list[ChangeRecord]) -> None:
        """Hand feed entries read elsewhere to the docks, as the follower would (tests inject changes so)."""
        self.emit_batch(to_batch(records, origin=self.db.origin))
