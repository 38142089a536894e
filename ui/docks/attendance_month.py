"""The attendance dock's Month tab: a month's figures per agent or team, and their Excel export.

The figures are :func:`console.views.attendance_month.month_summary`'s, read on a worker when the tab is
first shown, when another month is picked, and (debounced) when clock-ins or the rota change while the tab is
on screen. The export asks for a file name and writes the workbook on a worker
(:func:`console.attendance_xlsx.write_month`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.floortime import to_floor
from console.topics import ChangeBatch, Topic
from console.views.attendance_month import MonthSummary, month_summary
from ui.context import ConsoleContext
from ui.models.attendance_month import COLUMNS, MonthModel, SortRole, percent

RELOAD_MS = 3000  # live changes: at most one re-read of the month per this many ms


class MonthPanel(QWidget):
    """A month picker, the figures table and the export.

    Signals:
        loaded(): a month's figures are on screen.
        exported(str): the workbook was written (its path).
        failed(str): reading or exporting failed (translated).
    """

    loaded = Signal()
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceMonth")
        self.ctx = ctx
        self.summary: MonthSummary | None = None
        self._wanted: date | None = None  # the month whose read counts
        self.model = MonthModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)

        self.prev_month = QToolButton(self)
        self.prev_month.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_month.clicked.connect(lambda: self.step(-1))
        self.month_edit = QDateEdit(self)
        self.month_edit.setObjectName("monthPicker")
        self.month_edit.setDisplayFormat("yyyy-MM")
        today = to_floor(ctx.clock.now(), ctx.clock.floor_tz).date()
        self.month_edit.setDate(QDate(today.year, today.month, 1))
        self.month_edit.dateChanged.connect(lambda _d: self.load())
        self.next_month = QToolButton(self)
        self.next_month.setArrowType(Qt.ArrowType.RightArrow)
        self.next_month.clicked.connect(lambda: self.step(1))
        self.group_box = QComboBox(self)
        self.group_box.setObjectName("monthGrouping")
        self.group_box.addItems(["", ""])
        self.group_box.currentIndexChanged.connect(self._on_grouping)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportMonth")
        self.export_button.clicked.connect(self.ask_export)
        self.totals = QLabel(self)
        self.totals.setObjectName("monthTotals")
        self.totals.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("monthStatus")
        self.status.setWordWrap(True)

        self.view = QTableView(self)
        self.view.setObjectName("monthTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sortIndicatorChanged.connect(self._schedule_fit)
        self.view.viewport().installEventFilter(self)
        self.model.modelReset.connect(self._schedule_fit)

        row = QHBoxLayout()
        row.setSpacing(4)
        for w in (self.prev_month, self.month_edit, self.next_month, self.group_box):
            row.addWidget(w)
        row.addWidget(self.totals, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.status.hide()

        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(RELOAD_MS)
        self._reload.timeout.connect(self.load)
        ctx.hub.batch.connect(self._on_batch)

    def retranslate(self) -> None:
        self.prev_month.setToolTip(self.tr("The month before"))
        self.next_month.setToolTip(self.tr("The month after"))
        self.month_edit.setToolTip(self.tr("The month (shifts count in the month they start in)"))
        self.group_box.setItemText(0, self.tr("Per agent"))
        self.group_box.setItemText(1, self.tr("Per team"))
        self.export_button.setText(self.tr("Export to Excel…"))
        self.export_button.setToolTip(self.tr("Write the month's figures per agent and team, and its shifts"))
        self.model.retranslate()
        self._update_totals()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._schedule_fit()
        return super().eventFilter(watched, event)

    def _schedule_fit(self) -> None:
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """Columns as wide as their figures and their title (not the sort arrow's room on every one); per
        agent in a narrow dock the team column gives way (the numbers matter more), the name takes the rest.
        """
        header = self.view.horizontalHeader()
        metrics = QFontMetrics(header.font())
        arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 6
        widths = {}
        for c in range(len(COLUMNS)):
            title = str(self.model.headerData(c, Qt.Orientation.Horizontal) or "")
            need = max((metrics.horizontalAdvance(line) for line in title.split("\n")), default=0) + 14
            if c == header.sortIndicatorSection():
                need += arrow
            widths[c] = max(need, self.view.sizeHintForColumn(c))
        room = self.view.viewport().width()
        group = COLUMNS.index("group")
        hide = not self.model.teams and sum(widths.values()) > room
        if hide:
            del widths[group]
        widths[0] += max(0, room - sum(widths.values()))
        self.view.setColumnHidden(group, hide)
        for c, w in widths.items():
            header.resizeSection(c, w)

    # -- reading --------------------------------------------------------------------------------------
    @property
    def month(self) -> date:
        d = self.month_edit.date()
        return date(d.year(), d.month(), 1)

    def set_month(self, month: date) -> None:
        self.month_edit.setDate(QDate(month.year, month.month, 1))

    def _on_grouping(self, index: int) -> None:
        self.model.set_teams(index == 1)

    def step(self, months: int) -> None:
        self.month_edit.setDate(self.month_edit.date().addMonths(months))

    def ensure_loaded(self) -> None:
        if self.summary is None or self.summary.month != self.month:
            self.load()

    def load(self) -> None:
        """Read the picked month's figures on a worker."""
        month = self._wanted = self.month
        db, now = self.ctx.db, self.ctx.clock.now()

        def work() -> MonthSummary:
            with db.reading() as s:
                return month_summary(s, month, now)

        def done(summary: MonthSummary) -> None:
            if month != self._wanted:
                return  # another month was picked meanwhile
            self.summary = summary
            self.model.set_summary(summary)
            self._update_totals()
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            if month == self._wanted:
                self._say(self.tr("Could not read the month: {0}").format(exc), error=True)
                self.failed.emit(str(exc))

        self.ctx.runner.run(work, done, failed)

    def _on_batch(self, batch: ChangeBatch) -> None:
        if self.summary is None or not self.isVisible() or self._reload.isActive():
            return
        if batch.reload or any(batch.get(t) for t in (Topic.ATTENDANCE, Topic.ROTA, Topic.AGENT)):
            self._reload.start()

    def _update_totals(self) -> None:
        if self.summary is None:
            self.totals.setText("")
            return
        f = self.summary.total
        parts = [
            self.tr("Rostered {0}").format(f.rostered),
            self.tr("Worked {0}").format(f.worked),
            self.tr("Absent {0}").format(f.absences),
            self.tr("Attendance {0}").format(percent(f.attendance_rate)),
            self.tr("Punctual {0}").format(percent(f.punctuality)),
        ]
        if f.upcoming:
            parts.append(self.tr("Still to come {0}").format(f.upcoming))
        self.totals.setText(" · ".join(p.replace(" ", "\u00a0") for p in parts))

    # -- export ---------------------------------------------------------------------------------------
    def ask_export(self) -> None:
        default = str(Path.home() / f"attendance-{self.month:%Y-%m}.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the month's attendance"), default, self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            path = Path(name)
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx"))

    def export_to(self, path: Path) -> None:
        """Read the month afresh and write it to ``path``, on a worker; the result shows under the table."""
        from console.attendance_xlsx import write_month

        month, db, now, tz = self.month, self.ctx.db, self.ctx.clock.now(), self.ctx.clock.tz
        self.export_button.setEnabled(False)
        self._say(self.tr("Exporting…"), error=False)

        def work() -> int:
            with db.reading() as s:
                summary = month_summary(s, month, now)
            return write_month(path, summary, tz)

        def done(agents: int) -> None:
            self.export_button.setEnabled(True)
            self._say(self.tr("Wrote {0} agents to {1}").format(agents, path), error=False)
            self.exported.emit(str(path))

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._say(self.tr("Export failed: {0}").format(exc), error=True)
            self.failed.emit(str(exc))

        self.ctx.runner.run(work, done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b91c1c;" if error else "")
        self.status.setVisible(bool(text))
