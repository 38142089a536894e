"""Risk indicators dock: a table of every indicator's latest level, and live charts of the chosen ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alerts import FeedWatch
from console.views import indicator_board
from console.views.indicator_board import BoardKey, BoardPatch, BoardSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.base import LiveDock
from ui.format import clock_text
from ui.models.indicators import COLUMNS, IndicatorModel, SortRole

if TYPE_CHECKING:
    from ui.docks.charts import IndicatorCharts

DEFAULT_CHARTS = 4
MAX_CHARTS = 60  # the whole catalogue: the charts scroll (see IndicatorCharts.PLOT_MIN_PX)


class IndicatorsDock(LiveDock):
    """Signals:
    chartsReady(): the charts exist (made just after the first data is on screen).
    """

    chartsReady = Signal()
    incidentRequested = Signal(int)  # an incident marker on a chart was clicked
    alerted = Signal(list)  # feeds fallen silent (console.alerts.FeedWatch): the window's alert centre
    data_view = indicator_board.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "indicators", parent)
        self.model = IndicatorModel(ctx.clock.now, ctx.clock.tz, ctx.settings.chart_hours, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)

        self.summary = QLabel(self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # The level is a badge a selected row keeps: the selection's blue used to hide a critical level.
        self.badges = BadgeDelegate(self.table)
        self.table.setItemDelegateForColumn(COLUMNS.index("level"), self.badges)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # widths: _size_columns
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The time of the newest point is in the chart; the table keeps to name, value, unit, level.
        self.table.setColumnHidden(COLUMNS.index("updated"), True)
        self.table.setColumnHidden(COLUMNS.index("unit"), ctx.wall)  # the wall's charts carry the unit
        # The charts (pyqtgraph, about 0.2 s to import) come just after the first data is on screen: the
        # table does not wait for them. Until then a blank stands in their place.
        self._charts: IndicatorCharts | None = None
        self._chart_slot = QWidget(self)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self._chart_slot)
        self._split = split
        # The table first: a silent feed's "Silent since 17:54" badge must not squeeze the names away.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.setWidget(body)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.feeds = FeedWatch()
        self.model.applied.connect(self._check_feeds)
        self.model.applied.connect(self._update_summary)  # once per batch, not per indicator
        self.model.applied.connect(self._size_columns)
        ctx.clock.ticked.connect(self._tick)
        self._ticks = 0
        self.retranslate()
        self.loaded.connect(lambda: QTimer.singleShot(0, self, self._make_charts))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Risk indicators"))
        self.model.retranslate()
        self._size_columns()
        if self._charts is not None:
            self._charts.retranslate()  # titles carry the indicator names
        self._update_summary()

    # -- data -----------------------------------------------------------------------------------------
    def _since(self) -> datetime:
        return self.ctx.clock.now() - timedelta(hours=self.ctx.settings.chart_hours)

    def make_key(self) -> BoardKey:
        """The chart window, on the GUI thread."""
        return BoardKey(self._since())

    def patch_key(self) -> BoardKey:
        """The chart window and the newest sample held per indicator, read from the model here on the GUI
        thread, so the worker reads only newer samples without touching the model."""
        return BoardKey(self._since(), tuple(self.model.last_points().items()))

    def reconcile_key(self) -> BoardKey:
        return self.make_key()

    def apply_snapshot(self, snapshot: BoardSnapshot) -> None:
        chosen = [self.model.series(r).info.id for r in self._selected_rows()]
        self.model.reset(snapshot.rows)
        self._select_rows([r for r in (self.model.row_of(i) for i in chosen) if r is not None])

    def apply_patch(self, patch: BoardPatch) -> None:
        rows = self.model.rowCount()
        self.model.apply_samples(patch.rows, patch.gone, patch.appends)
        if patch.gone or self.model.rowCount() != rows:  # rows came or went: chart what is chosen now
            self._selection_changed()

    def reconcile_snapshot(self, snapshot: BoardSnapshot) -> int:
        self.model.trim(snapshot.key.since.timestamp())  # the window moved on: not a difference
        return self.model.sync(snapshot.rows)

    def _size_columns(self, *_: object) -> None:
        """Value, unit and level as wide as their widest text now (in bold, with the badge's margins), the
        name taking the rest: what ResizeToContents gave, measured on the plain rows after each batch.
        Sized to contents by the header, every cell was re-measured through ``data()`` on each live batch
        (600 calls, 5-17 ms of the GUI thread)."""
        header = self.table.horizontalHeader()
        plain = QFontMetrics(self.table.font())
        bold_font = QFont(self.table.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        cell = 12  # the item view's own text margins
        badge = 2 * (BadgeDelegate.PAD_X + BadgeDelegate.MARGIN_X) + 2
        # (metrics, padding): a value in alarm is bold; a level is a bold badge; a unit is plain text.
        measure = {"value": (bold, cell), "unit": (plain, cell), "level": (bold, badge)}
        for col, (metrics, pad) in measure.items():
            section = COLUMNS.index(col)
            title = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
            texts = {self.model.display_text(row, section) for row in range(self.model.rowCount())}
            content = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            width = max(content + pad, plain.horizontalAdvance(title) + 24)
            if header.sectionSize(section) != width:
                header.resizeSection(section, width)

    # -- charts ---------------------------------------------------------------------------------------
    @property
    def charts(self) -> IndicatorCharts:
        """The charts, made now if they are not yet (they are made once the first data is shown)."""
        if self._charts is None:
            from ui.docks.charts import IndicatorCharts

            self._charts = IndicatorCharts(self.model, columns=1, parent=self)
            self._charts.incidentClicked.connect(self.incidentRequested)
            # However many are chosen, each chart keeps a readable height: past what the dock holds, the
            # charts scroll (a seventh chosen indicator used to be left out without a word).
            self.chart_scroll = QScrollArea(self)
            self.chart_scroll.setObjectName("chartScroll")
            self.chart_scroll.setWidgetResizable(True)
            self.chart_scroll.setFrameShape(QFrame.Shape.NoFrame)
            self.chart_scroll.setWidget(self._charts)
            sizes = self._split.sizes()
            self._split.replaceWidget(1, self.chart_scroll)
            self._split.setSizes(sizes)  # the table keeps its share (the charts' size hint is larger)
            self._chart_slot.deleteLater()
            self._charts.show_rows(self._selected_rows()[:MAX_CHARTS] or self.worst_rows())
            self.chartsReady.emit()
        return self._charts

    def _chart(self, rows: list[int]) -> None:
        if self._charts is not None:
            self._charts.show_rows(rows)

    def _make_charts(self) -> None:
        _ = self.charts

    # -- selection and display ------------------------------------------------------------------------
    # Nothing is selected at start: the charts show the worst indicators until the supervisor selects rows,
    # then they follow the selection (kept across a reload); clearing the selection returns to the worst.
    def _selected_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})

    def worst_rows(self) -> list[int]:
        """The rows charted while nothing is selected: critical, warning, silent, then display order."""
        rank = {"critical": 0, "warning": 1, "stale": 2}
        order = sorted(range(self.model.rowCount()), key=lambda r: (rank.get(self.model.level(r), 3), r))
        return order[:DEFAULT_CHARTS]

    def _select_rows(self, rows: list[int]) -> None:
        """Select exactly these rows (the supervisor's choice, restored) and chart them."""
        sel = self.table.selectionModel()
        sel.blockSignals(True)
        sel.clearSelection()
        for r in rows:
            sel.select(
                self.proxy.mapFromSource(self.model.index(r, 0)),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        sel.blockSignals(False)
        self.table.viewport().update()
        self._chart(rows[:MAX_CHARTS] or self.worst_rows())

    def show_indicator_at(self, indicator_id: int, at: datetime, label: str) -> bool:
        """Chart ``indicator_id`` alone with ``at`` marked (an incident's time, named by ``label``). False if
        the board has no such indicator. A moment before the chart's window is said in the summary line (the
        window is the last ``chart_hours``)."""
        row = self.model.row_of(indicator_id)
        if row is None:
            return False
        self.charts.mark(indicator_id, at.timestamp(), label)
        self._select_rows([row])
        self.table.scrollTo(self.proxy.mapFromSource(self.model.index(row, 0)))
        if at < self._since():
            self.summary.setText(
                self.tr("{0} is before the charts' window (the last {1} h)").format(
                    label, self.ctx.settings.chart_hours
                )
            )
        return True

    def _selection_changed(self) -> None:
        self._chart(self._selected_rows()[:MAX_CHARTS] or self.worst_rows())

    def _check_feeds(self) -> None:
        """Heartbeats: a feed that fell silent since the last look is announced (once per silence)."""
        now = self.ctx.clock.now().timestamp()
        levels = []
        for row in range(self.model.rowCount()):
            s = self.model.series(row)
            level = self.model.level(row)
            since = ""
            if level == "stale" and s.last_ts is not None:
                since = clock_text(timedelta(seconds=now - s.last_ts))
            levels.append((s.info.id, self.model.title(row), level, since or "—"))
        alerts = self.feeds.update(levels)
        if alerts:
            self.alerted.emit(alerts)

    def _tick(self) -> None:
        # Staleness and the chart's time window move with the clock; a few seconds' step is plenty.
        self._ticks += 1
        if self._ticks % 5 == 0:
            changed = self.model.tick()
            self._check_feeds()  # against what the watch saw last, not the model's last tick
            if changed:
                self._update_summary()  # a feed falls silent with time
                self._size_columns()  # "Silent since 17:54" is wider than "Normal"

    def _update_summary(self, *_: object) -> None:
        levels = [self.model.level(r) for r in range(self.model.rowCount())]  # plain Python: no index
        text = self.tr("{0} indicators · critical {1} · warning {2} · no data {3}").format(
            len(levels), levels.count("critical"), levels.count("warning"), levels.count("stale")
        )
        if self.summary.text() != text:
            self.summary.setText(text)
