"""What every live dock shares: a first load, then incremental refetches when the hub says so."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from ui.context import ConsoleContext

log = logging.getLogger(__name__)

RETRY_MS = 2000


class LiveDock(QDockWidget):
    """A dock fed from the database through the task runner.

    Subclasses set :attr:`topics`, implement :meth:`fetch_initial` / :meth:`apply_initial` (first snapshot)
    and :meth:`fetch_changes` / :meth:`apply_changes` (what a hub batch names). Fetches run on a worker
    (they get the database, never a widget); apply methods run on the GUI thread.

    Signals:
        loaded(): the first snapshot is on screen.
        updated(): a batch of live changes has been applied.
        failed(str): a fetch failed (the database may be offline); the dock keeps what it shows.
    """

    loaded = Signal()
    updated = Signal()
    failed = Signal(str)

    topics: tuple[str, ...] = ()

    def __init__(self, ctx: ConsoleContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(object_name)
        self.is_loaded = False
        self._pending: dict[str, dict[int, None]] = {}
        self._in_flight = False
        ctx.hub.changed.connect(self._on_hub_change)
        if ctx.wall:
            self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)

    # -- to implement ---------------------------------------------------------------------------------
    def fetch_initial(self) -> Any:
        raise NotImplementedError

    def apply_initial(self, data: Any) -> None:
        raise NotImplementedError

    def fetch_changes(self, changes: dict[str, list[int]]) -> Any:
        raise NotImplementedError

    def apply_changes(self, data: Any) -> None:
        raise NotImplementedError

    # -- machinery ------------------------------------------------------------------------------------
    def load(self) -> None:
        """(Re)load the whole snapshot, e.g. at start or when the shift changes."""
        self._run(self.fetch_initial, self._initial_done, lambda: QTimer.singleShot(RETRY_MS, self.load))

    def _initial_done(self, data: Any) -> None:
        self.apply_initial(data)
        if not self.is_loaded:
            self.is_loaded = True
            self.loaded.emit()
        self._flush()

    def _on_hub_change(self, topic: str, ids: list[int]) -> None:
        if topic not in self.topics:
            return
        self._pending.setdefault(topic, {}).update(dict.fromkeys(ids))
        self._flush()

    def _flush(self) -> None:
        """Start one refetch for everything pending; batches arriving meanwhile wait for the next one."""
        if self._in_flight or not self._pending or not self.is_loaded:
            return
        batch = {topic: list(ids) for topic, ids in self._pending.items()}
        self._pending.clear()

        def requeue() -> None:  # a failed refetch keeps its ids for the next try: nothing is skipped
            for topic, ids in batch.items():
                self._pending.setdefault(topic, {}).update(dict.fromkeys(ids))

        self._run(lambda: self.fetch_changes(batch), self._changes_done, requeue)

    def _changes_done(self, data: Any) -> None:
        self.apply_changes(data)
        self.updated.emit()

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None], on_fail: Callable[[], None]) -> None:
        self._in_flight = True

        def finished(data: Any) -> None:
            self._in_flight = False
            done(data)
            self._flush()

        def failed(exc: BaseException) -> None:
            self._in_flight = False
            log.warning("%s: fetch failed: %s", self.objectName(), exc)
            on_fail()
            self.failed.emit(QCoreApplication.translate("LiveDock", "Could not refresh: {0}").format(exc))
            if self._pending:
                QTimer.singleShot(RETRY_MS, self._flush)

        self.ctx.runner.run(fn, finished, failed)
