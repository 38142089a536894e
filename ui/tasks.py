"""The one background-work API: run a callable off the GUI thread, get its result back on it.

Modelled on Picard's ``run_task`` and Anki's ``QueryOp``: the work runs on a pool, the success and failure
callbacks run on the GUI thread, and widgets are never touched from a worker. Writes go through a separate
single-thread pool so they apply in the order they were asked for. Tests pass :class:`InlineRunner`.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

PACE_MS = 1  # between two results handed over in what would have been the same turn of the event loop

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the GUI thread; emitted from a worker, so delivery is queued onto the GUI thread."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id = job_id
        self.fn = fn
        self.relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the failure callback
            self.relay.failed.emit(self.job_id, exc)
        else:
            self.relay.done.emit(self.job_id, result)


class TaskRunner(QObject):
    """Runs reads on a pool and writes one at a time.

    Signals:
        error(str): a task without its own failure callback failed (the main window shows it).
        idle(): no task is pending any more.
    """

    error = Signal(str)
    idle = Signal()

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        if pool is None:
            self.pool.setMaxThreadCount(3)
        self.writer = QThreadPool(self)
        self.writer.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done, Failed | None]] = {}
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._queue: deque[tuple[int, object, bool]] = deque()  # results waiting for their turn
        self._turn_used = False
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.setInterval(PACE_MS)
        self._pace.timeout.connect(self._next)

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        """Run ``fn`` on a worker (a read); ``on_done(result)`` runs on the GUI thread."""
        self._start(self.pool, fn, on_done, on_error)

    def write(self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        """Like :meth:`run`, for a change: writes are applied one after another, in order."""
        self._start(self.writer, fn, on_done, on_error)

    def _start(
        self, pool: QThreadPool, fn: Callable[[], Any], on_done: Done, on_error: Failed | None
    ) -> None:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        pool.start(_Job(job_id, fn, self._relay))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    # -- delivery, one result per turn of the event loop ---------------------------------------------
    # After an outage every dock reloads at once and the results come back together. Handed over in one
    # turn, four docks' applies and then their repaints were one 20-30 ms stall of the GUI thread. The first
    # result of a turn is handed over at once; later ones PACE_MS apart, so the window repaints in between
    # (its repaint is a posted event, which Qt runs before the next timer).
    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        self._deliver(job_id, result, failed=False)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: object) -> None:
        self._deliver(job_id, exc, failed=True)

    def _deliver(self, job_id: int, value: object, *, failed: bool) -> None:
        if self._turn_used or self._queue:
            self._queue.append((job_id, value, failed))
            if not self._pace.isActive():
                self._pace.start()
            return
        self._hand_over(job_id, value, failed)

    def _next(self) -> None:
        if self._queue:
            self._hand_over(*self._queue.popleft())
        if self._queue:
            self._pace.start()

    def _hand_over(self, job_id: int, value: object, failed: bool) -> None:
        self._turn_used = True
        QTimer.singleShot(0, self, self._end_turn)
        on_done, on_error = self._pending.pop(job_id)
        try:
            if not failed:
                on_done(value)
            elif on_error is not None:
                on_error(value)  # type: ignore[arg-type]
            else:
                log.warning("background task failed: %r", value)
                self.error.emit(str(value))
        finally:
            self._check_idle()

    def _end_turn(self) -> None:
        self._turn_used = False

    def _check_idle(self) -> None:
        if not self._pending:
            self.idle.emit()

    def shutdown(self, msecs: int = 5000) -> None:
        """Wait for running work to finish (call before closing the database). Results not handed over
        yet are dropped: whoever asked for them is closing."""
        self.pool.waitForDone(msecs)
        self.writer.waitForDone(msecs)
        self._pace.stop()
        for job_id, _, _ in self._queue:
            self._pending.pop(job_id, None)
        self._queue.clear()


class InlineRunner(TaskRunner):
    """Runs every task synchronously on the calling thread: deterministic unit tests."""

    def _start(
        self, pool: QThreadPool, fn: Callable[[], Any], on_done: Done, on_error: Failed | None
    ) -> None:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            if on_error is None:
                raise
            on_error(exc)
        else:
            on_done(result)
