"""The console window the benchmark process itself opens, and what it watches in it.

Change-to-screen and the outage measurements need the window and the clock in one process: the window is
built as ``watchfloor`` builds it, and the incident queue's model says when a row arrived. The model is
read only through Qt's model API (``rowsInserted``, ``modelReset``, the ``IdRole`` of column 0), which the
docks' rewrites keep stable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QEventLoop, QModelIndex, QObject, QTimer

from ui.bench.spawn import BenchError

if TYPE_CHECKING:
    from console.settings import Settings
    from ui.mainwindow import MainWindow

LOAD_TIMEOUT_S = 120.0


def wait_until(predicate: Callable[[], bool], timeout_s: float, poll_ms: int = 20) -> bool:
    """Run the event loop until ``predicate()`` holds (checked every ``poll_ms``) or the time is up."""
    if predicate():
        return True
    loop = QEventLoop()
    end = time.monotonic() + timeout_s

    def check() -> None:
        if predicate() or time.monotonic() >= end:
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(poll_ms)
    loop.exec()
    poll.stop()
    return predicate()


def pause(seconds: float) -> None:
    """Let the window run for ``seconds``."""
    end = time.monotonic() + seconds
    wait_until(lambda: time.monotonic() >= end, seconds + 1, poll_ms=50)


@contextmanager
def open_console(settings: Settings, url: str | None = None) -> Iterator[MainWindow]:
    """The console window on ``url`` (default: the configured database), shown, with its first data."""
    from console.connect import open_database
    from ui.app import FREEZE_AFTER_MS, build_window, dispose_window, make_app

    app = make_app()
    db = open_database(url or settings.database)
    window = build_window(app, settings, db)
    loaded: list[bool] = []
    window.allLoaded.connect(lambda: loaded.append(True))
    window.show()
    window.start()
    try:
        if not wait_until(lambda: bool(loaded), LOAD_TIMEOUT_S):
            raise BenchError(f"the console on {db.describe()} did not load within {LOAD_TIMEOUT_S:.0f} s")
        # Start-up is over only after its last step (the collector's freeze, FREEZE_AFTER_MS after the first
        # data): measured before, the first catch-up used to take in the start-up's own work.
        pause(FREEZE_AFTER_MS / 1000 + 0.5)
        yield window
    finally:
        dispose_window(window)
        db.dispose()


def incident_model(window: MainWindow) -> QAbstractItemModel:
    dock: Any = next(d for d in window.docks if d.objectName() == "incidents")
    model = dock.model
    assert isinstance(model, QAbstractItemModel)
    return model


class QueueWatcher(QObject):
    """Notes the wall-clock time each incident id first appears in the queue model.

    It runs on the GUI thread inside the model's own signals, so it must be cheap: a keyed model's
    ``keys()`` (the incident ids in row order) is one list, where asking ``IdRole`` row by row costs a few
    milliseconds per thousand rows (which the catch-up's stall figure would include).

    Attributes:
        seen: incident id -> when it first appeared (``time.time()``, comparable across processes).
    """

    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__(model)
        from ui.models.incident_queue import IdRole

        self._id_role = int(IdRole)
        self._keys = getattr(model, "keys", None)  # KeyedTableModel: the ids in row order, cheaply
        self.model = model
        self.seen: dict[int, float] = {}
        model.rowsInserted.connect(self._inserted)
        model.modelReset.connect(self._reset)
        self._reset()

    def _note(self, first: int, last: int) -> None:
        now = time.time()
        if callable(self._keys):
            ids = self._keys()[first : last + 1]
        else:
            ids = [self.model.index(row, 0).data(self._id_role) for row in range(first, last + 1)]
        for inc in ids:
            if inc is not None:
                self.seen.setdefault(int(inc), now)

    def _inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            self._note(first, last)

    def _reset(self) -> None:
        self._note(0, self.model.rowCount() - 1)

    def holds(self, ids: set[int]) -> bool:
        return ids.issubset(self.seen)

    def close(self) -> None:
        self.model.rowsInserted.disconnect(self._inserted)
        self.model.modelReset.disconnect(self._reset)
