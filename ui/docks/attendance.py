"""Attendance dock: the running shift's roster against actual clock-ins, exceptions easy to pick out.

A clock-in or break, a rota change or a renamed agent names agents; only their lines are refetched (a rota
change can add an agent to the shift or drop one from it). A renamed team reloads the shift (a few dozen
lines). The reading is :mod:`console.views.roster`'s.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.floortime import ShiftSlot
from console.services.attendance import Presence
from console.views import roster
from console.views.roster import RosterKey, RosterPatch, RosterSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.attendance_exceptions import attach_exceptions
from ui.docks.base import LiveDock
from ui.models.roster import COLUMNS, RosterFilter, RosterModel

GIVE_WAY = ("start", "team")  # columns hidden, in this order, when the dock is too narrow for all


class AttendanceDock(LiveDock):
    data_view = roster.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "attendance", parent)
        self._shift: ShiftSlot | None = None
        self._fetched = False
        self.model = RosterModel(ctx.clock, self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        self.summary = QLabel(body)
        self.summary.setObjectName("attendanceSummary")
        self.summary.setWordWrap(True)
        self.exceptions = QCheckBox(body)
        self.exceptions.setObjectName("exceptionsOnly")
        self.exceptions.toggled.connect(self.proxy.set_exceptions_only)
        self.view = QTableView(body)
        self.view.setObjectName("rosterTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.badges = BadgeDelegate(self.view)  # the status keeps its colour in a selected row
        self.view.setItemDelegateForColumn(COLUMNS.index("status"), self.badges)
        self.view.viewport().installEventFilter(self)  # its width changes with the scroll bar too
        self._fit_pending = False

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.exceptions, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        # -- attendance exceptions (attx): the roster and the exception queue as tabs, a roster context menu
        self.exceptions_panel = attach_exceptions(self, body)
        self.retranslate()

        ctx.clock.ticked.connect(self.model.tick)
        ctx.clock.shiftChanged.connect(self._on_shift_changed)
        self.model.applied.connect(self._update_summary)  # once per batch or tick, not per row
        for signal in (self.model.modelReset, self.model.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._schedule_fit)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attendance"))
        self.exceptions.setText(self.tr("Exceptions only"))
        self.exceptions.setToolTip(self.tr("Show only agents who are late, absent or not in yet"))
        self.model.retranslate()
        self._update_summary()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._schedule_fit()
        return super().eventFilter(watched, event)

    def _schedule_fit(self, *_: Any) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._fit_columns)

    def _fit_columns(self) -> None:
        """Names stay readable: each column gets its content width and the agent column what is left.

        When the dock is too narrow (wall type size, a small dock) the columns that say least give way:
        shift start (the same on every row), then team; after that the table scrolls.
        """
        self._fit_pending = False
        header = self.view.horizontalHeader()
        want = {c: max(header.sectionSizeHint(c), width) for c, width in self._content_widths().items()}
        room = self.view.viewport().width()
        shown = set(want)
        for name in GIVE_WAY:
            if sum(want[c] for c in shown) <= room:
                break
            shown.discard(COLUMNS.index(name))
        agent = COLUMNS.index("agent")
        want[agent] += max(0, room - sum(want[c] for c in shown))
        for column, width in want.items():
            self.view.setColumnHidden(column, column not in shown)
            header.resizeSection(column, width)

    def _content_widths(self) -> dict[int, int]:
        """Each column's content width, as ``sizeHintForColumn`` gives it, for a fraction of the cost.

        ``sizeHintForColumn`` asks the delegate about every cell (80 lines x 7 columns: 15-25 ms of the GUI
        thread on each reload). The text decides the width, so the widest text of each column is found in
        the plain lines (measured in bold, the widest any row is drawn in) and only its cell is asked.
        """
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        measured: dict[str, int] = {}
        widest: dict[int, tuple[int, int]] = {}  # column -> (text width, proxy row)
        for prow in range(self.proxy.rowCount()):
            row = self.proxy.mapToSource(self.proxy.index(prow, 0)).row()
            for column in range(len(COLUMNS)):
                text = self.model.display_text(row, column)
                width = measured.get(text)
                if width is None:
                    width = measured[text] = metrics.horizontalAdvance(text)
                if width > widest.get(column, (-1, 0))[0]:
                    widest[column] = (width, prow)
        grid = 1 if self.view.showGrid() else 0
        return {
            column: self.view.sizeHintForIndex(self.proxy.index(widest[column][1], column)).width() + grid
            if column in widest
            else 0
            for column in range(len(COLUMNS))
        }

    def _update_summary(self, *_: Any) -> None:
        if self._fetched and self._shift is None:
            text = self.tr("No shift is running now.")
        else:
            counts = self.model.counts()
            parts = [
                self.tr("Rostered {0}").format(self.model.rowCount()),
                self.tr("Present {0}").format(counts[Presence.PRESENT]),
                self.tr("Late {0}").format(counts[Presence.LATE]),
                self.tr("On break {0}").format(counts[Presence.ON_BREAK]),
                self.tr("Absent {0}").format(counts[Presence.ABSENT]),
                self.tr("Leave {0}").format(counts[Presence.LEAVE]),
            ]
            # Rarer states appear only when someone is in them, so the usual line stays short.
            for presence, label in (
                (Presence.NOT_YET, self.tr("Not in yet {0}")),
                (Presence.LEFT, self.tr("Clocked out {0}")),
                (Presence.UPCOMING, self.tr("Upcoming {0}")),
            ):
                if counts[presence]:
                    parts.append(label.format(counts[presence]))
            # Wrap only between the counts, never between a label and its number.
            text = " · ".join(part.replace(" ", "\u00a0") for part in parts)
        if self.summary.text() != text:
            self.summary.setText(text)

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> RosterKey:
        """The running shift, read on the GUI thread; the worker only gets this plain value."""
        return RosterKey(self.ctx.clock.shift)

    def _on_shift_changed(self, _slot: object) -> None:
        if self._started:
            self.load()

    def apply_snapshot(self, snapshot: RosterSnapshot) -> None:
        self._shift = snapshot.key.shift
        self._fetched = True
        self.model.reset(snapshot.rows)
        self._update_summary()
        if snapshot.key.shift != self.ctx.clock.shift:  # the shift turned while we were reading
            self.load()

    def apply_patch(self, patch: RosterPatch) -> None:
        self.model.apply(patch.rows, patch.gone)
