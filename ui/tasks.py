"""The one background-work API: run a callable off the GUI thread, get its result back on it.

Modelled on Picard's ``run_task`` and Anki's ``QueryOp``: the work runs on a pool, the success and failure
callbacks run on the GUI thread, and widgets are never touched from a worker. Writes go through a separate
single-thread pool so they apply in the order they were asked for. Tests pass :class:`InlineRunner`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

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

    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        on_done, _ = self._pending.pop(job_id)
        try:
            on_done(result)
        finally:
            self._check_idle()

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: object) -> None:
        _, on_error = self._pending.pop(job_id)
        try:
            if on_error is not None:
                on_error(exc)  # type: ignore[arg-type]
            else:
                log.warning("background task failed: %r", exc)
                self.error.emit(str(exc))
        finally:
            self._check_idle()

    def _check_idle(self) -> None:
        if not self._pending:
            self.idle.emit()

    def shutdown(self, msecs: int = 5000) -> None:
        """Wait for running work to finish (call before closing the database)."""
        self.pool.waitForDone(msecs)
        self.writer.waitForDone(msecs)


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
