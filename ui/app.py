"""Build the console: application, translations, database, context, main window."""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from console import logs
from console.auth import Actor
from console.connect import open_database
from console.db.engine import Database, describe_url
from console.errors import PasswordRequired, WatchfloorError, WrongPassword
from console.floortime import floor_zone, utcnow
from console.identity import sign_in
from console.settings import Settings, user_config_dir
from ui import i18n
from ui.clock import FloorClock
from ui.context import ConsoleContext
from ui.firststart import DemoBuildDialog, Outcome, run_build, show_failure
from ui.hub import LiveHub
from ui.mainwindow import MainWindow
from ui.resources import app_icon
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
CTX = "Console"


SWITCH_INTERVAL_S = 0.001


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QCoreApplication.setOrganizationName("Watchfloor")
    QCoreApplication.setApplicationName("Watchfloor")
    # Workers decode rows in Python while the GUI thread paints and applies. Each call between Qt and Python
    # may hand the GIL to a busy worker, and taking it back waits up to the switch interval (5 ms by
    # default): an apply that crossed into Qt a few dozen times stalled 10-30 ms. At 1 ms the catch-up's
    # longest stall fell from 30 to 12-19 ms here; 0.1 ms measured no better and started PostgreSQL slower.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication(argv or sys.argv[:1])
    app.setWindowIcon(app_icon())
    return app


def ask_password(reason: str) -> str | None:
    """GUI prompt for a database password; says why it is asked (no keyring, nothing stored)."""
    text, ok = QInputDialog.getText(
        None,
        QCoreApplication.translate("Console", "Database password"),
        QCoreApplication.translate(
            "Console", "{0}\nEnter the database password. It is not stored: it will be asked again next time."
        ).format(reason),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def connect(settings: Settings, runner: TaskRunner | None = None) -> Database:
    """Open the configured database on a worker, so an unreachable server never freezes the screen.

    A "Connecting…" dialog appears if it takes longer than a moment. If the server wants a password and none
    is stored, it is asked for here, on the GUI thread, and the worker tries again (three tries).

    Raises:
        WatchfloorError: unreachable, refused password, or an outdated shared schema.
    """
    runner = runner or TaskRunner()
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    where = describe_url(settings.database)
    busy = QProgressDialog(
        QCoreApplication.translate("Console", "Connecting to {0}…").format(where), "", 0, 0
    )
    busy.setCancelButton(None)
    busy.setWindowTitle(QCoreApplication.translate("Console", "Watchfloor"))
    reveal = QTimer(busy)
    reveal.setSingleShot(True)
    reveal.timeout.connect(busy.show)

    def attempt(password: str | None, tries: int) -> None:
        runner.run(
            lambda: open_database(settings.database, password=password, create=settings.database_is_default),
            lambda db: finish(db=db),
            lambda exc: failed(exc, tries),
        )

    def failed(exc: BaseException, tries: int) -> None:
        if isinstance(exc, PasswordRequired | WrongPassword) and tries < 3:
            busy.hide()
            reason = str(exc.fields.get("reason", "")) if isinstance(exc, PasswordRequired) else str(exc)
            typed = ask_password(reason)
            if typed:
                attempt(typed, tries + 1)
                return
        finish(error=exc)

    def finish(**result: object) -> None:
        outcome.update(result)
        loop.quit()

    attempt(None, 0)
    reveal.start(400)
    if not outcome:
        loop.exec()
    reveal.stop()
    busy.close()
    runner.shutdown()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["db"]  # type: ignore[return-value]


FREEZE_AFTER_MS = 2000


def freeze_long_lived() -> None:
    """What the console built to start lives as long as it runs: move it out of the garbage collector's
    sight, so a full collection later walks only what came since (full collections stalled the GUI thread
    60-90 ms under live load). Done once, after the first data is painted.

    Only the young generations are collected first (about 1 ms): a full collection here found nothing
    unreachable on the demo floor yet walked 136k objects for 58 ms, a stall of its own."""
    gc.collect(1)
    gc.freeze()


def build_window(
    app: QApplication,
    settings: Settings,
    db: Database,
    *,
    wall: bool = False,
    now: Callable[[], datetime] = utcnow,
    runner: TaskRunner | None = None,
    actor: Actor | None = None,
) -> MainWindow:
    """Assemble the context and the window (not yet started: call ``window.start()``).

    ``actor`` is who signed in (:func:`console.identity.sign_in`; signed in here when not given). The wall
    screen acts as a viewer whatever the account's role: it changes nothing.

    Raises:
        NotAUser, AccountDisabled: the account may not use this floor.
    """
    if wall:
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * settings.wall_font_scale)
        app.setFont(font)
    runner = runner or TaskRunner(parent=app)
    if actor is None:
        actor = sign_in(db).actor
    if wall:
        actor = Actor(actor.username, "viewer", actor.host)
    ctx = ConsoleContext(
        db=db,
        runner=runner,
        hub=LiveHub(db, app),
        clock=FloorClock(floor_zone(settings.floor_timezone), now, app),
        settings=settings,
        actor=actor,
        wall=wall,
        timers=not wall,
        audit_check=True,
    )
    window = MainWindow(ctx, user_config_dir() / "layout.ini")
    window.allLoaded.connect(lambda: QTimer.singleShot(FREEZE_AFTER_MS, freeze_long_lived))
    return window


def dispose_window(window: MainWindow) -> None:
    """Delete the window (and its docks and charts) while Qt is still whole.

    Left to the interpreter's exit, the C++ objects die in arbitrary order after ``QApplication`` and the
    process segfaults on the way out (seen with PySide6 6.11 and pyqtgraph's views).
    """
    window.shutdown()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def stop_on_signals(window: MainWindow) -> QTimer:
    """Ctrl+C and SIGTERM close the window like the close button (the layout is saved).

    Qt's event loop does not return to Python on its own, so a timer wakes the interpreter regularly to let
    it run the handler. Keep the returned timer alive.
    """
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: window.close())
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def first_start_demo(
    settings: Settings, db: Database, days: int = 30, runner: TaskRunner | None = None
) -> Outcome:
    """On the very first start on the embedded SQLite file, build the demo floor (a few seconds), off the GUI
    thread, behind a dialog that shows its steps and can cancel it. A configured database is never filled
    behind the user's back.

    The build is all or nothing: cancelled, or failed, it leaves the file as it was (empty), and the next
    start offers it again.
    """
    from console.demo.build import create_demo_floor, has_floor
    from console.demo.progress import BUILD_STEPS

    if not settings.database_is_default or db.read_only_reason or has_floor(db):
        return Outcome.NOT_NEEDED
    dialog = DemoBuildDialog(BUILD_STEPS, days)
    runner = runner or TaskRunner()

    def build() -> str:
        return create_demo_floor(db, days=days, tz_name=settings.floor_timezone, progress=dialog.callback)

    outcome, error = run_build(dialog, lambda done, failed: runner.write(build, done, failed))
    runner.shutdown()
    dialog.deleteLater()
    if error is not None:
        show_failure(error)
    return outcome


class ErrorReporter(QObject):
    """Shows an uncaught error once, without blocking (a dialog the first time, the status bar after).

    The excepthooks may fire on any thread; the signal brings the report to the GUI thread.

    Signals:
        reported(str): an uncaught error's one-line summary.
    """

    reported = Signal(str)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.window: MainWindow | None = None
        self.shown = 0
        self.box: QMessageBox | None = None
        self.reported.connect(self._show)

    def _show(self, summary: str) -> None:
        self.shown += 1
        where = (
            str(self.log_file) if self.log_file else QCoreApplication.translate("Console", "standard error")
        )
        text = QCoreApplication.translate(
            "Console", "An unexpected error occurred: {0}\nThe console keeps running. Details are in {1}."
        ).format(summary, where)
        if self.window is not None:
            self.window.status.showMessage(text.replace("\n", " "), 30_000)
        if self.shown == 1:
            # Kept on self: a parentless box that Python no longer references is deleted at once.
            title = QCoreApplication.translate("Console", "Watchfloor")
            self.box = QMessageBox(QMessageBox.Icon.Warning, title, text)
            self.box.setModal(False)
            self.box.show()


def run_console(settings: Settings, *, wall: bool = False) -> int:
    app = make_app()
    i18n.install(app, settings.language)
    reporter = ErrorReporter(logs.add_file_log(), app)
    logs.install_excepthooks(reporter.reported.emit)
    try:
        db = connect(settings)
    except WatchfloorError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Console", "Watchfloor"), str(exc))
        return 1
    if first_start_demo(settings, db) is Outcome.CANCELLED:
        # Cancelled: nothing was kept, and an empty console could not make a floor; the next start offers
        # the demo again (or configure a shared database first: watchfloor config set database_url …).
        log.info("first start: the demo floor was cancelled; quitting")
        db.dispose()
        return 0
    try:
        signed = sign_in(db)
    except WatchfloorError as exc:
        QMessageBox.critical(None, QCoreApplication.translate("Console", "Watchfloor"), str(exc))
        db.dispose()
        return 1
    if wall:
        db.read_only_reason = QCoreApplication.translate("Console", "wall screen")
    elif db.read_only_reason:
        QMessageBox.warning(None, QCoreApplication.translate("Console", "Watchfloor"), db.read_only_reason)
    window = build_window(app, settings, db, wall=wall, actor=signed.actor)
    if signed.first_admin:
        window.status.showMessage(
            QCoreApplication.translate(
                "Console",
                "This floor had no users yet: {0} is now its first admin (watchfloor user add adds others).",
            ).format(signed.actor.username),
            60_000,
        )
    if wall:
        window.setWindowState(Qt.WindowState.WindowFullScreen)
    window.show()
    window.start()
    window.allLoaded.connect(lambda: log.info("console on %s: every dock has its first data", db.describe()))
    reporter.window = window
    _wake = stop_on_signals(window)
    code = app.exec()
    stuck = window.ctx.runner.busy
    dispose_window(window)
    db.dispose()
    if stuck:
        # A read is still blocked on a dead network connection: Qt would wait for it forever at exit.
        log.warning("exiting with a database read still blocked on a dead connection")
        logging.shutdown()
        os._exit(int(code))
    return int(code)
