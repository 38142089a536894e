"""Incidents dock: the open queue, most urgent first, with live SLA countdowns."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from console.views import incident_queue
from console.views.incident_queue import QueueKey, QueuePatch, QueueSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.base import LiveDock
from ui.models.incident_queue import COLUMNS, IncidentQueueModel


class IncidentsDock(LiveDock):
    data_view = incident_queue.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "incidents", parent)
        self.model = IncidentQueueModel(ctx.clock, self)  # sorts itself: the header's clicks go to it

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

        ctx.clock.ticked.connect(self._tick)
        self.model.applied.connect(self._update_summary)  # once per batch, not per row

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
        self.setWindowTitle(self.tr("Incidents"))
        self.model.retranslate()
        self._update_summary()

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> QueueKey:
        return QueueKey()

    def apply_snapshot(self, snapshot: QueueSnapshot) -> None:
        self.model.reset(snapshot.rows)

    def apply_patch(self, patch: QueuePatch) -> None:
        self.model.apply(patch.rows, patch.gone)

    # -- display --------------------------------------------------------------------------------------
    def _tick(self) -> None:
        self.model.tick()
        self._update_summary()  # SLA breaches come with time

    def _update_summary(self, *_: Any) -> None:
        rows = self.model.rows()  # one pass over plain rows: no index or data() call per row
        now = self.ctx.clock.now()
        by_sev = Counter(r.severity for r in rows)
        breached = sum(1 for r in rows if r.sla_due() < now)
        unassigned = sum(1 for r in rows if r.owner is None)
        text = self.tr("Open {0} · P1 {1} · P2 {2} · SLA breached {3} · unassigned {4}").format(
            len(rows), by_sev.get(1, 0), by_sev.get(2, 0), breached, unassigned
        )
        if self.summary.text() != text:
            self.summary.setText(text)
