"""Incidents dock: the open queue, most urgent first, with live SLA countdowns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console import export
from console.alerts import AlertWatch, needs_attention
from console.services.lifecycle import ACTION_TITLES, ACTIONS
from console.views import incident_queue
from console.views.incident_queue import QueueKey, QueuePatch, QueueSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.base import LiveDock
from ui.models.incident_queue import COLUMNS, IncidentQueueModel, export_headers, export_row

# Keys for actions on the chosen incident while the queue has the focus (arrows move between incidents).
ACTION_KEYS = {
    "claim": "C",
    "acknowledge": "A",
    "investigate": "I",
    "escalate": "E",
    "hand_off": "H",
    "resolve": "R",
    "note": "N",
}


class IncidentsDock(LiveDock):
    """Signals (besides LiveDock's):
    alerted(list): incidents that should reach people now (:class:`console.alerts.Alert`, urgent first).
    """

    data_view = incident_queue.VIEW
    alerted = Signal(list)
    chosen = Signal(int)  # the incident the supervisor picked (current row, or a double-click)
    opened = Signal(int)  # a double-click or Enter: show it and bring its detail forward
    actionRequested = Signal(str)  # an action on the chosen incident, from the context menu or a key

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "incidents", parent)
        self.model = IncidentQueueModel(ctx.clock, self)  # sorts itself: the header's clicks go to it
        self.watch = AlertWatch()

        self.summary = QLabel(self)
        self.summary.setObjectName("incidentSummary")
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("sla"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Severity and SLA are badges a selected row keeps (the selection's blue hid a selected P1).
        self.badges = BadgeDelegate(self.view)
        for col in ("severity", "sla"):
            self.view.setItemDelegateForColumn(COLUMNS.index(col), self.badges)
        self._size_columns()

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.retranslate()

        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda index: self._open(index.row()))
        self.view.activated.connect(lambda index: self._open(index.row()))

        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.view.addAction(self.copy_action)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self._ask_export)
        # Actions on the chosen incident (run by the detail dock): a key each while the queue has the focus.
        self.allowed_actions: Callable[[], tuple[str, ...]] = tuple  # set by the window: the detail's state
        self.incident_actions: dict[str, QAction] = {}
        for action in ACTIONS:
            qaction = QAction(self)
            if action in ACTION_KEYS:
                qaction.setShortcut(QKeySequence(ACTION_KEYS[action]))
                qaction.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.view.addAction(qaction)
            qaction.triggered.connect(lambda _=False, a=action: self._request_action(a))
            self.incident_actions[action] = qaction
        self.retranslate()
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        ctx.clock.ticked.connect(self._tick)
        self.model.applied.connect(self._update_summary)  # once per batch, not per row
        self.model.applied.connect(self._check_alerts)

    def _size_columns(self) -> None:
        """Fixed widths from the font for everything but the title, which takes the rest.

        Sized to what the columns hold (``P1``, ``-1:23:45``, ``Acknowledged``) rather than to contents, so a
        long owner name or the wall screen's large type cannot squeeze the title away.
        """
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        samples = {
            "severity": "P1",
            "ref": "INC-261125-00000",
            "age": "88:88:88",
            "sla": "-88:88:88",
            "owner": "Chee Keong T.",
            "status": "Acknowledged",
        }
        for col, sample in samples.items():
            section = COLUMNS.index(col)
            title = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 14) + 18
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(section, width)
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        # The category (and, on the wall, the ref) are in the title's tooltip: the queue keeps to what decides
        # who acts next.
        self.view.setColumnHidden(COLUMNS.index("category"), True)
        self.view.setColumnHidden(COLUMNS.index("ref"), self.ctx.wall)

    def retranslate(self) -> None:
        self._title()
        if hasattr(self, "copy_action"):
            self.copy_action.setText(self.tr("&Copy rows"))
            self.export_action.setText(self.tr("&Export the queue…"))
            for action, qaction in self.incident_actions.items():
                qaction.setText(QCoreApplication.translate("Action", ACTION_TITLES[action]))
        self.model.retranslate()
        self._update_summary()

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> QueueKey:
        return QueueKey()

    def apply_snapshot(self, snapshot: QueueSnapshot) -> None:
        self.model.reset(snapshot.rows)

    def apply_patch(self, patch: QueuePatch) -> None:
        self.model.apply(patch.rows, patch.gone)

    # -- choosing -------------------------------------------------------------------------------------
    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.chosen.emit(self.model.row_at(current.row()).id)

    def _open(self, pos: int) -> None:
        if 0 <= pos < self.model.rowCount():
            incident_id = self.model.row_at(pos).id
            self.chosen.emit(incident_id)
            self.opened.emit(incident_id)

    # -- copy and export ------------------------------------------------------------------------------
    def _request_action(self, action: str) -> None:
        if action in self.allowed_actions():
            self.actionRequested.emit(action)

    def _context_menu(self, pos: QPoint) -> None:
        self.build_context_menu(pos).exec(self.view.viewport().mapToGlobal(pos))

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """The menu for a right-click at ``pos``: the chosen incident's legal actions, copy and export."""
        menu = QMenu(self)
        index = self.view.indexAt(pos)
        if index.isValid():  # right-click on a row chooses it, then offers what its state allows
            self.view.setCurrentIndex(index)
            allowed = self.allowed_actions()
            for action, qaction in self.incident_actions.items():
                if action in allowed:
                    menu.addAction(qaction)
            if allowed:
                menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.export_action)
        return menu

    def copy_selection(self) -> str:
        """The selected rows as the table shows them (visible columns), tab-separated, to the clipboard."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        shown = [c for c in range(len(COLUMNS)) if not self.view.isColumnHidden(c)]
        headers = [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in shown]
        text = export.tsv(headers, [[self.model.index(r, c).data() for c in shown] for r in rows])
        if rows:
            QGuiApplication.clipboard().setText(text)
            self.ctx_status(self.tr("%n incident(s) copied", "", len(rows)))
        return text

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the queue"),
            str(Path.home() / "incident-queue.xlsx"),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the queue as shown (its order), every field with real moments and numbers, on a worker."""
        rows = list(self.model.rows())
        now = self.ctx.clock.now()
        headers = export_headers()
        values = [export_row(r, now) for r in rows]  # translated names: on the GUI thread
        tz = self.ctx.clock.tz

        def done(count: int) -> None:
            self.ctx_status(self.tr("%n incident(s) exported to {0}", "", count).format(path))

        def failed(exc: BaseException) -> None:
            self.ctx_status(str(exc))

        self.ctx.runner.run(lambda: export.write_table(path, headers, values, tz), done, failed)

    def ctx_status(self, text: str) -> None:
        """Say it in the window's status bar (when docked in one) and remember it for tests."""
        self.last_message = text
        window = self.window()
        status = getattr(window, "status", None)
        if status is not None:
            status.showMessage(text, 10_000)

    # -- display --------------------------------------------------------------------------------------
    def _tick(self) -> None:
        self.model.tick()
        self._update_summary()  # SLA breaches come with time
        self._check_alerts()

    @property
    def attention_count(self) -> int:
        """How many incidents are highlighted as needing someone (the model holds which)."""
        return len(self.model.attention)

    def _check_alerts(self) -> None:
        """New P1/P2 and SLAs at 90 % or breached: highlight the rows, tell the window what is new."""
        rows = self.model.rows()
        now = self.ctx.clock.now()
        ids = frozenset(r.id for r in rows if needs_attention(r, now))
        if ids != self.model.attention:
            self.model.set_attention(ids)
            self._title()
        alerts = self.watch.update(rows, now)
        if alerts:
            self.alerted.emit(alerts)

    def _title(self) -> None:
        """The title bar turns red while incidents need attention; the count leads the summary line."""
        self.setWindowTitle(self.tr("Incidents"))
        self.setStyleSheet("QDockWidget::title { background: #fecaca; }" if self.attention_count else "")
        self._update_summary()

    def _update_summary(self, *_: Any) -> None:
        rows = self.model.rows()  # one pass over plain rows: no index or data() call per row
        now = self.ctx.clock.now()
        by_sev = Counter(r.severity for r in rows)
        breached = sum(1 for r in rows if r.sla_due() < now)
        unassigned = sum(1 for r in rows if r.owner is None)
        text = self.tr("Open {0} · P1 {1} · P2 {2} · SLA breached {3} · unassigned {4}").format(
            len(rows), by_sev.get(1, 0), by_sev.get(2, 0), breached, unassigned
        )
        attention = self.attention_count
        if attention:
            text += " · " + self.tr("%n need(s) attention", "", attention)
        if self.summary.text() != text:
            self.summary.setText(text)
            self.summary.setStyleSheet("color: #b91c1c; font-weight: bold;" if attention else "")
