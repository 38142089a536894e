"""First start on the embedded SQLite file: the demo floor is built behind a dialog that shows each step's
figures and can be cancelled.

The build runs on the write worker (:class:`ui.tasks.TaskRunner`) with the core's progress callback
(:mod:`console.demo.progress`), the one the command line prints. The callback runs on the worker: it hands
the figures to this dialog through a queued signal (at most 20 a second, so the GUI thread is not kept busy
taking the interpreter from the build) and, once Cancel is pressed, raises :class:`Cancelled`, which rolls
the build's one transaction back: nothing is left behind.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from console.demo.progress import STEP_KINDS, Progress, seconds
from console.errors import Cancelled
from console.i18n import translate

SHOW_EVERY_S = 0.05  # the worker hands over figures at most this often (besides each step's start and end)
DONE, RUNNING, WAITING = "✓", "▸", "·"  # step marks: text, not colour alone


class Outcome(enum.Enum):
    """How a first start's demo build ended."""

    NOT_NEEDED = "not_needed"  # not the embedded file, or it has a floor already
    BUILT = "built"
    CANCELLED = "cancelled"  # the user stopped it: nothing was written
    FAILED = "failed"  # an error (shown): nothing was written


class DemoBuildDialog(QDialog):
    """The demo floor being built: each step with its figures, the elapsed time, an overall bar, Cancel.

    Cancel (the button, Esc or closing the window) asks the build to stop; the dialog stays, saying so, until
    the worker has rolled back, then it is rejected. A build that ends on its own accepts it.

    Signals:
        progressed(object): a :class:`Progress` from the building thread (delivered on the GUI thread).
    """

    progressed = Signal(object)

    def __init__(self, steps: tuple[str, ...], days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("FirstStart", "Watchfloor"))
        self.setModal(True)
        self.steps = steps
        self.cancel_requested = threading.Event()
        self._started = time.monotonic()
        self._last_sent = 0.0
        self.running = True

        heading = QLabel(
            QCoreApplication.translate(
                "FirstStart", "First start: creating the demo floor ({0} days of history)…"
            ).format(days)
        )
        heading.setStyleSheet("font-weight: bold;")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.rows: dict[str, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        for i, key in enumerate(steps):
            mark, title = QLabel(WAITING), QLabel(translate("DemoBuild", STEP_KINDS[key].title))
            figures, took = QLabel(), QLabel()  # what it made; how long it took
            figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            took.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for col, label in enumerate((mark, title, figures, took)):
                label.setEnabled(False)
                grid.addWidget(label, i, col)
            self.rows[key] = (mark, title, figures, took)
        grid.setColumnStretch(2, 1)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.elapsed = QLabel()
        self.note = QLabel(
            QCoreApplication.translate(
                "FirstStart",
                "Cancel leaves the database empty and closes Watchfloor; the demo floor is offered again "
                "at the next start.",
            )
        )
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(self.bar)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

        self.progressed.connect(self._show)
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start(100)
        self._tick()

    # -- the building thread's side ----------------------------------------------------------------------
    def callback(self, p: Progress) -> None:
        """The build's progress callback (on the worker): stop if asked to, else hand the figures over."""
        if self.cancel_requested.is_set():
            raise Cancelled
        now = time.monotonic()
        if p.finished or p.done == 0 or now - self._last_sent >= SHOW_EVERY_S:
            self._last_sent = now
            self.progressed.emit(p)

    # -- the GUI thread's side ---------------------------------------------------------------------------
    def _show(self, p: Progress) -> None:
        for key in self.steps[: p.index - 1]:  # every step before this one is done
            self._mark(key, DONE)
        mark, _, figures, took = self.rows[p.key]
        self._mark(p.key, DONE if p.finished else RUNNING)
        figures.setText(p.figures())
        if p.finished:
            took.setText(seconds(p.step_seconds))
        if not self.cancel_requested.is_set():
            self.bar.setValue(round(p.fraction() * 1000))

    def _mark(self, key: str, state: str) -> None:
        row = self.rows[key]
        row[0].setText(state)
        for label in row:
            label.setEnabled(True)
        font = row[1].font()
        font.setBold(state == RUNNING)
        row[1].setFont(font)

    def _tick(self) -> None:
        self.elapsed.setText(
            QCoreApplication.translate("FirstStart", "Elapsed: {0}").format(
                seconds(time.monotonic() - self._started)
            )
        )

    def finish(self, *, built: bool) -> None:
        """The worker is done (built, or stopped and rolled back): close with the matching result."""
        self.running = False
        self._ticker.stop()
        if built:
            self.accept()
        else:
            super().reject()

    def reject(self) -> None:
        """Cancel (the button, Esc, the window's close button): ask the build to stop; the dialog closes once
        the worker has rolled back (QDialog keeps a close event open while the dialog stays visible)."""
        if not self.running:
            super().reject()
            return
        if self.cancel_requested.is_set():
            return
        self.cancel_requested.set()
        self.buttons.setEnabled(False)
        self.note.setText(
            QCoreApplication.translate("FirstStart", "Cancelling: nothing of the demo floor is kept…")
        )


def run_build(
    dialog: DemoBuildDialog,
    start: Callable[[Callable[[object], None], Callable[[BaseException], None]], None],
) -> tuple[Outcome, BaseException | None]:
    """Start the build (``start(on_done, on_error)``) and show ``dialog`` until it ends."""
    failure: list[BaseException] = []

    def failed(exc: BaseException) -> None:
        failure.append(exc)
        dialog.finish(built=False)

    start(lambda _summary: dialog.finish(built=True), failed)
    if dialog.running:  # (an inline runner in a test has finished already)
        dialog.exec()
    if not failure:
        return Outcome.BUILT, None
    if isinstance(failure[0], Cancelled):
        return Outcome.CANCELLED, None
    return Outcome.FAILED, failure[0]


def show_failure(exc: BaseException) -> None:
    QMessageBox.warning(
        None,
        QCoreApplication.translate("Console", "Watchfloor"),
        QCoreApplication.translate("Console", "The demo floor could not be created: {0}").format(exc),
    )
