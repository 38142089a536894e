"""The console's check of its SQLite file: ``PRAGMA quick_check`` in the background, after the first paint.

``quick_check`` reads every page: about 1.2 s cold on the 76 MB demo floor here, too slow for a start that
must paint within a second. So the console opens without it (the command line checks as it opens,
:func:`console.cli.open_db`) and runs it on a worker once every dock has its first data, or as soon as a
dock's read fails (a damaged page is a likely reason), or :data:`LATEST_MS` after the start at the latest.

A damaged file used to leave the console retrying for ever while it said "online". Now the window is told
(:attr:`IntegrityCheck.damaged`) and turns the status bar and every dock red with the reason, stops the live
link and the docks' reads, and refuses writes (see ``MainWindow._damaged``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from console.db import integrity
from console.db.engine import Database
from console.errors import WatchfloorError
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

LATEST_MS = 5000  # run by then even if a dock has not painted yet


class IntegrityCheck(QObject):
    """Runs the check once, on the runner's pool; nothing for PostgreSQL (the server keeps its own pages).

    Signals:
        damaged(str): the file failed the check; the one-line reason, translated.
        passed(): the file is whole.
    """

    damaged = Signal(str)
    passed = Signal()

    def __init__(self, db: Database, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.started = False
        self.result: str | None = None  # "" whole, else why not; None before the check has finished
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.timeout.connect(self.start)

    def arm(self) -> None:
        """The window has started: run the check by :data:`LATEST_MS` at the latest."""
        if self.db.is_sqlite and not self.started:
            self._latest.start(LATEST_MS)

    def start(self) -> None:
        """Run the check now (once; later calls do nothing)."""
        if self.started or not self.db.is_sqlite:
            return
        self.started = True
        self._latest.stop()
        db = self.db
        self.runner.run(lambda: integrity.check(db), self._passed, self._failed)

    def _passed(self, _result: object) -> None:
        self.result = ""
        log.info("quick_check: %s is whole", self.db.describe())
        self.passed.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, WatchfloorError):  # e.g. the file is locked or gone: the follower reports it
            log.warning("quick_check could not run on %s: %s", self.db.describe(), exc)
            return
        self.result = str(exc)
        log.error("%s", exc.english())
        self.damaged.emit(self.result)
