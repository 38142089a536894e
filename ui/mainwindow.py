"""The main window: arranges the docks, saves their layout, and starts the live feed."""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSizePolicy, QToolBar, QWidget

from console import __version__, audit
from console.audit import Verdict
from console.errors import NotFound
from console.feed import last_seq
from console.floortime import ShiftPattern, floor_zone
from console.services import floor, rota
from ui import i18n
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.hub import FeedStatus

log = logging.getLogger(__name__)
LAYOUT_VERSION = 1
STAGGER_MS = 40  # between two docks reading a catch-up (ui.docks.base.LARGE_BATCH)
ALERT_BANNER_MS = 60_000  # how long an alert stays on the wall screen's banner
WALL_HIDDEN = ("incident", "handover", "rota")  # docks the wall screen does not show (the room needs none)


@dataclass(frozen=True)
class Boot:
    seq: int
    patterns: list[ShiftPattern]
    floor_id: int | None
    floor_tz: ZoneInfo | None = None  # the floor's own zone (floors.timezone): shifts are found in it


class MainWindow(QMainWindow):
    """Signals:
    allLoaded(): every dock shows its first snapshot (self-check and the start-up benchmark wait on it).
    auditChecked(object): the audit chain was verified in the background (a Verdict, or the exception).
    """

    allLoaded = Signal()
    auditChecked = Signal(object)  # a Verdict, or the exception that stopped the check

    def __init__(self, ctx: ConsoleContext, layout_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.layout_file = layout_file
        self.setObjectName("mainWindow")
        self.setDockNestingEnabled(True)
        self.setCentralWidget(self._central())
        self.docks: list[LiveDock] = self._make_docks()
        from ui.statusbar import FloorStatusBar

        self.status = FloorStatusBar(ctx.db, ctx.clock, self, ctx.actor)
        self.setStatusBar(self.status)
        from ui.docks.audit import AuditDock

        self.audit_dock = AuditDock(ctx, self)  # on demand (View menu): reads only while shown
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.audit_dock)
        self.audit_dock.hide()
        self.audit_banner, self.audit_banner_text = self._banner("auditBanner", "#b91c1c")
        from ui.alerts import AlertCenter

        self.alerts = AlertCenter(ctx.settings, self)
        self.alert_banner, self.alert_banner_text = self._banner("alertBanner", "#c2410c")
        self._alert_timer = QTimer(self)
        self._alert_timer.setSingleShot(True)
        self._alert_timer.timeout.connect(self.alert_banner.hide)
        for dock in self.docks:
            if hasattr(dock, "alerted"):
                dock.alerted.connect(self.alerts.notify)
        self._link_detail()
        self.coverage_banner, self.coverage_banner_text = self._banner("coverageWallBanner", "#b91c1c")
        self._link_coverage()
        self.alerts.alerted.connect(self._show_alerts)
        self.audit_verdict: Verdict | None = None
        self._timer_stop: threading.Event | None = None
        self.timer_leader: Any = None
        self.timer_thread: threading.Thread | None = None  # not joined at shutdown: a cut must not hold it up
        self.auditChecked.connect(self._audit_checked)
        from ui.stale import StaleCover

        self.covers = [StaleCover(d, ctx.clock.tz, stagger_ms=80 * n) for n, d in enumerate(self.docks)]
        for n, dock in enumerate(self.docks):
            dock.stagger_ms = STAGGER_MS * n  # a catch-up is read dock after dock, not all in one turn
        ctx.hub.statusChanged.connect(self._feed_status)
        ctx.runner.error.connect(lambda msg: self.status.showMessage(msg, 10_000))
        from ui.integrity import IntegrityCheck

        # The SQLite file's quick_check, after the first paint (or a failed read): too slow for the start.
        self.integrity = IntegrityCheck(ctx.db, ctx.runner, self)
        self.integrity.damaged.connect(self._damaged)
        self.allLoaded.connect(self.integrity.start)
        for dock in self.docks:
            dock.loaded.connect(self._dock_loaded)
            dock.failed.connect(lambda msg: self.status.showMessage(msg, 10_000))
            dock.failed.connect(lambda _msg: self.integrity.start())
        self._build_menus()
        self.retranslate()
        self.resize(1600, 950)
        self._restored = self.restore_layout()
        self._shown = False
        self._all_loaded = False

    # -- construction ---------------------------------------------------------------------------------
    def _banner(self, name: str, colour: str) -> tuple[QToolBar, QLabel]:
        """A coloured bar across the top (hidden until there is something to say)."""
        bar = QToolBar(self)
        bar.setObjectName(name)
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        label = QLabel(bar)
        label.setObjectName(f"{name}Text")
        label.setWordWrap(True)
        label.setStyleSheet(f"color: white; background: {colour}; padding: 6px 10px; font-weight: bold;")
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        bar.hide()
        return bar, label

    def _link_detail(self) -> None:
        """The incident chosen in the queue shows in the detail dock (hidden on the wall screen)."""
        by_name = {d.objectName(): d for d in self.docks}
        queue, detail = by_name.get("incidents"), by_name.get("incident")
        if queue is None or detail is None:
            return
        queue.chosen.connect(detail.show_incident)  # type: ignore[attr-defined]
        queue.allowed_actions = lambda: (  # type: ignore[attr-defined]
            detail.detail.allowed_actions if detail.detail is not None and detail.may_act else ()  # type: ignore[attr-defined]
        )
        queue.actionRequested.connect(detail.act)  # type: ignore[attr-defined]
        detail.updated.connect(queue.refresh_actions)  # type: ignore[attr-defined]  # the toolbar follows
        indicators = by_name.get("indicators")
        if indicators is not None:

            def chart(indicator_id: int, at: Any, label: str) -> None:
                if indicators.show_indicator_at(indicator_id, at, label):  # type: ignore[attr-defined]
                    self._bring_forward(indicators)

            detail.indicatorRequested.connect(chart)  # type: ignore[attr-defined]

            def incident(incident_id: int) -> None:  # a marker on an indicator's chart
                detail.show_incident(incident_id)  # type: ignore[attr-defined]
                self._bring_forward(detail)

            indicators.incidentRequested.connect(incident)  # type: ignore[attr-defined]
        queue.opened.connect(lambda _id: self._bring_forward(detail))  # type: ignore[attr-defined]
        if self.ctx.wall:
            detail.hide()
        handover = by_name.get("handover")
        if handover is not None:
            # New log entries are about the incident chosen in the queue (while its box stays ticked).
            queue.chosen.connect(handover.set_incident)  # type: ignore[attr-defined]
            if self.ctx.wall:
                handover.hide()  # the supervisor's notes, not for the room
        rota_dock = by_name.get("rota")
        if rota_dock is not None and self.ctx.wall:
            rota_dock.hide()  # planning, not for the room

    def _link_coverage(self) -> None:
        """On the wall screen, the floor's "understaffed for current risk" verdict stays across the top while
        it holds (the coverage dock itself is a tab the room may not be looking at)."""
        coverage = next((d for d in self.docks if d.objectName() == "coverage"), None)
        if coverage is None or not self.ctx.wall:
            return

        def flag(text: str) -> None:
            label = self.coverage_banner_text
            label.setText(text)
            # A wrapped label in a tool bar asks for the height of its narrowest layout: give it its own.
            label.setFixedHeight(label.heightForWidth(max(200, self.width() - 40)))
            self.coverage_banner.setVisible(bool(text))

        coverage.flagChanged.connect(flag)  # type: ignore[attr-defined]

    @staticmethod
    def _bring_forward(dock: QWidget) -> None:
        dock.show()
        dock.raise_()

    def _show_alerts(self, alerts: list[Any]) -> None:
        """On the wall screen, alerts also run as a full-width banner for a minute."""
        if not self.ctx.wall:
            return
        self.alert_banner_text.setText(
            "   ·   ".join(a.message(QCoreApplication.translate) for a in alerts[:3])
        )
        self.alert_banner.show()
        self._alert_timer.start(ALERT_BANNER_MS)

    def _central(self) -> QWidget:
        # The docks are the content; a zero-size central widget lets them take the whole window.
        w = QLabel(self)
        w.setMaximumSize(0, 0)
        return w

    def _make_docks(self) -> list[LiveDock]:
        from ui.docks import registry

        docks = []
        for factory, _area in registry.DOCKS:
            docks.append(factory(self.ctx, self))
        # arrange() adds them in their places: all added in their areas first, they stood one above the
        # other in the left column and the window grew past 1366 x 768 to hold them before it ran.
        registry.arrange(self, docks)
        return docks

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        for dock in self.docks:
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addAction(self.audit_dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.fullscreen_action = QAction(self)
        self.fullscreen_action.setShortcut(QKeySequence.StandardKey.FullScreen)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())
        self.view_menu.addAction(self.fullscreen_action)
        self.reset_action = QAction(self)
        self.reset_action.triggered.connect(self.reset_layout)
        self.view_menu.addAction(self.reset_action)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            action = QAction(name, self)  # each language named in itself
            action.setCheckable(True)
            action.setChecked(code == self.ctx.settings.language)
            action.triggered.connect(lambda _=False, code=code: self.switch_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)
        if self.ctx.wall:
            bar.hide()

    def retranslate(self) -> None:
        title = self.tr("Watchfloor — risk operations floor")
        if self.ctx.wall:
            title = self.tr("Watchfloor wall screen")
        self.setWindowTitle(title)
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.fullscreen_action.setText(self.tr("&Full screen"))
        self.reset_action.setText(self.tr("&Reset layout"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        if hasattr(self, "audit_banner_text"):
            self._show_audit()
        self.about_action.setText(self.tr("&About Watchfloor"))

    def switch_language(self, code: str) -> None:
        """Change the language now: every widget follows (Qt sends them LanguageChange); remembered."""
        app = QCoreApplication.instance()
        if app is None or code == self.ctx.settings.language:
            return
        i18n.install(app, code)
        try:
            self.ctx.settings.set("language", code, save=True)
        except OSError as exc:  # a read-only config folder: the switch still holds for this run
            self.ctx.settings.set("language", code)
            log.warning("language not saved: %s", exc)
        self.language_actions[code].setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.status.retranslate()
        super().changeEvent(event)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Watchfloor"),
            self.tr(
                "Watchfloor {0}\nSupervisor console for the risk operations floor.\nDatabase: {1}"
            ).format(__version__, self.ctx.db.describe()),
        )

    # -- start-up -------------------------------------------------------------------------------------
    def start(self) -> None:
        """Read where the feed stands *before* the first snapshots, then start the hub and load the docks."""
        self.ctx.runner.run(self._fetch_boot, self._booted, self._boot_failed)
        self.integrity.arm()

    def _fetch_boot(self) -> Boot:
        seq = last_seq(self.ctx.db)
        with self.ctx.db.reading() as s:
            patterns = rota.patterns(s)
            try:
                plan = floor.floor_plan(s, self.ctx.settings.floor_code or None)[0]
                floor_id, floor_tz = plan.id, floor_zone(plan.timezone)
            except NotFound:  # an empty database has no floor yet; the floor dock says so
                floor_id, floor_tz = None, None
        return Boot(seq, patterns, floor_id, floor_tz)

    def _booted(self, boot: Boot) -> None:
        self.ctx.floor_id = boot.floor_id
        if boot.floor_tz is not None:  # before the patterns: the running shift is found in the floor's zone
            self.ctx.clock.set_floor_zone(boot.floor_tz)
            self.status.refresh_clock()  # "Floor time" in the floor's zone now, not at the next tick
        self.ctx.clock.set_patterns(boot.patterns)
        self.ctx.hub.start(boot.seq)
        self.ctx.clock.start()
        for dock in self.docks:
            dock.load()

    def _boot_failed(self, exc: BaseException) -> None:
        self.integrity.start()  # a damaged file is a likely reason: say so if it is
        self.status.set_status(FeedStatus(False, str(exc)))
        QMessageBox.critical(self, self.tr("Watchfloor"), self.tr("Cannot read the floor: {0}").format(exc))

    def _feed_status(self, status: FeedStatus) -> None:
        """Offline is loud: the status bar turns red with the reason and every dock greys out "as of"."""
        self.status.set_status(status)
        for cover in self.covers:
            if status.online:
                cover.online()
            else:
                cover.offline(status.as_of, status.reason, damaged=status.damaged)

    def _damaged(self, reason: str) -> None:
        """The SQLite file failed its integrity check: red and read-only for good, no more reads retried."""
        self.ctx.db.read_only_reason = reason  # writes are refused from now on (Database.writing)
        for dock in self.docks:
            dock.halt()
        self.status.set_damaged(reason)
        self.ctx.hub.halt(reason)  # offline with the reason: every dock veiled under it

    def _dock_loaded(self) -> None:
        if all(d.is_loaded for d in self.docks) and not self._all_loaded:
            self._all_loaded = True
            self.allLoaded.emit()
            self.check_audit()
            self.start_timers()

    # -- the floor's timers ---------------------------------------------------------------------------
    def start_timers(self) -> None:
        """Stand for the floor's timer leader on a daemon thread (after the first paint).

        Exactly one process per floor leads (console.timers' election), so every console may stand: the one
        that wins records SLA breaches and escalations; if it closes, another takes over at its next tick.
        A viewer or a read-only database never stands. On the embedded default this needs no set-up.
        """
        if not self.ctx.timers or self._timer_stop is not None:
            return
        from console.timers import Leader

        leader = Leader(self.ctx.db, self.ctx.actor)
        if not leader.eligible:
            return
        self._timer_stop = threading.Event()
        self.timer_leader = leader
        self.timer_thread = threading.Thread(
            target=leader.run, args=(self._timer_stop,), name="timers", daemon=True
        )
        self.timer_thread.start()

    # -- the audit chain ------------------------------------------------------------------------------
    def check_audit(self) -> None:
        """Verify the audit chain after the first paint (it reads the whole log), on a thread of its own.

        Not on the task runner: a check blocked on a dead network connection must not hold up closing the
        console (the runner's workers are waited for at exit), and it may take seconds on a long log. The
        thread is a daemon; its verdict comes back through :attr:`auditChecked` (queued to the GUI thread).
        """
        if not self.ctx.audit_check:
            return
        db = self.ctx.db

        def work() -> None:
            result: Verdict | BaseException
            try:
                result = audit.check_and_keep(db)
            except Exception as exc:  # noqa: BLE001 - offline or closed: reported, checked next start
                result = exc
            with contextlib.suppress(RuntimeError):  # the window was closed (and deleted) meanwhile
                self.auditChecked.emit(result)

        threading.Thread(target=work, name="audit-check", daemon=True).start()

    def _audit_checked(self, verdict: Verdict | BaseException) -> None:
        if isinstance(verdict, BaseException):
            self._audit_unreadable(verdict)
            return
        self.audit_verdict = verdict
        log.info(
            "audit chain: %d records in %.2f s, %s",
            verdict.records,
            verdict.seconds,
            verdict.problem or "intact",
        )
        self._show_audit()

    def _audit_unreadable(self, exc: BaseException) -> None:
        log.warning("audit chain not verified: %s", exc)

    def _show_audit(self) -> None:
        verdict = self.audit_verdict
        if verdict is None or verdict.problem is None:
            self.audit_banner.hide()
            return
        self.audit_banner_text.setText(
            self.tr("The audit log has been tampered with. {0} Tell the floor's admin and Security.").format(
                verdict.problem.message()
            )
        )
        self.audit_banner.show()

    # -- layout persistence ---------------------------------------------------------------------------
    def _store(self) -> QSettings:
        return QSettings(str(self.layout_file), QSettings.Format.IniFormat)

    def _section(self) -> str:
        return "wall" if self.ctx.wall else "console"

    def save_layout(self) -> None:
        store = self._store()
        store.beginGroup(self._section())
        store.setValue("geometry", self.saveGeometry())
        store.setValue("state", self.saveState(LAYOUT_VERSION))
        store.endGroup()
        store.sync()

    def restore_layout(self) -> bool:
        store = self._store()
        store.beginGroup(self._section())
        geometry, state = store.value("geometry"), store.value("state")
        store.endGroup()
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            return bool(self.restoreState(state, LAYOUT_VERSION))
        return False

    def reset_layout(self) -> None:
        from ui.docks import registry

        size = self.size()
        for dock in self.docks:
            dock.setFloating(False)
            dock.setVisible(not (self.ctx.wall and dock.objectName() in WALL_HIDDEN))
        registry.arrange(self, self.docks)
        if self.isVisible() and not self.isMaximized() and not self.isFullScreen():
            # Docks put in their place one by one stand in the left column together for a moment, and the
            # window grows to hold them (820 px at 1366 x 768 with the rota and coverage tabs); once laid out
            # it fits again, so give it back its size when the layout has settled.
            QTimer.singleShot(0, lambda: self.resize(size))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown and not self._restored:
            # Proportions are only right once the window has its real size (full screen on a wall).
            QTimer.singleShot(0, self.reset_layout)
        self._shown = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ctx.wall:
            self.save_layout()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop timers, the follower and the workers; bounded, so closing during a network cut is prompt
        (a worker stuck on a dead connection is left to the process exit, see ``ui.app.run_console``)."""
        if self._timer_stop is not None:
            self._timer_stop.set()  # the leader lets go at once; another console takes over
        self.ctx.clock.stop()
        self.ctx.hub.stop()
        self.ctx.runner.shutdown(msecs=500)
