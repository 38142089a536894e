"""Risk indicators dock: a table of every indicator's latest level, and live charts of the chosen ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolButton,
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
    from ui.docks.chart_panel import ChartPanel


class IndicatorsDock(LiveDock):
    """Signals:
    chartsReady(): the charts have drawn their first data (they are made just after the first data is on
        screen: pyqtgraph's import is not on the way to it).
    incidentRequested(int): an incident marker on a chart was clicked.
    alerted(list): feeds fallen silent (console.alerts.FeedWatch), for the window's alert centre.
    """

    chartsReady = Signal()
    incidentRequested = Signal(int)
    alerted = Signal(list)
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
        self._charts: ChartPanel | None = None
        self._chart_slot = QWidget(self)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self._chart_slot)
        self._split = split
        # The table first: a silent feed's "Silent since 17:54" badge must not squeeze the names away.
        split.setStretchFactor(0, 0)  # the table keeps its width; the charts take what the dock gains
        split.setStretchFactor(1, 1)
        split.setSizes([400, 600])
        self.table.setMinimumWidth(180)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self._header = QHBoxLayout()
        self._header.setContentsMargins(0, 0, 0, 0)
        self._header.addWidget(self.summary, 1)
        # The catalogue (thresholds, units, areas, SOPs): editable by who may manage indicators, read-only
        # for the others; not on the wall screen, which is looked at, not worked.
        self.catalogue_button = QToolButton(self)
        self.catalogue_button.setAutoRaise(True)
        self.catalogue_button.clicked.connect(self.open_catalogue)
        self.catalogue_button.setVisible(not ctx.wall)
        self._header.addWidget(self.catalogue_button)
        layout.addLayout(self._header)
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
        self.catalogue_button.setText(self.tr("Catalogue…"))
        self.catalogue_button.setToolTip(
            self.tr("The indicator catalogue: names, units, thresholds, areas and SOPs")
        )
        self.model.retranslate()
        self._size_columns()
        if self._charts is not None:
            self._charts.retranslate()  # titles carry the indicator names, headings the areas
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
        chosen = self._selected_ids()
        self.model.reset(snapshot.rows)
        self._sync_charts()
        self._select_rows([r for r in (self.model.row_of(i) for i in chosen) if r is not None])

    def apply_patch(self, patch: BoardPatch) -> None:
        self.model.apply_samples(patch.rows, patch.gone, patch.appends)
        if patch.rows or patch.gone:  # indicators came, went or were redefined; incidents on them changed
            self._sync_charts()
            self._selection_changed()
        elif self._charts is not None:
            self._charts.refresh_titles()  # "Critical since 14:32" moves with the samples

    def reconcile_snapshot(self, snapshot: BoardSnapshot) -> int:
        self.model.trim(snapshot.key.since.timestamp())  # the window moved on: not a difference
        changed = self.model.sync(snapshot.rows)
        if changed:
            self._sync_charts()
        return changed

    def _sync_charts(self) -> None:
        if self._charts is not None:
            self._charts.sync_indicators()

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
    def charts(self) -> ChartPanel:
        """The charts, made now if they are not yet (they are made once the first data is shown)."""
        if self._charts is None:
            from ui.docks.chart_panel import ChartPanel

            self._charts = ChartPanel(self.ctx, self.model, self)
            self._charts.incidentClicked.connect(self.incidentRequested)
            self._charts.chosen.connect(self._choose)
            self._charts.drawn.connect(self.chartsReady)
            total = sum(self._split.sizes())
            self._split.replaceWidget(1, self._charts)
            # The table as wide as its columns need (names: 150 px at least), at most half; charts the rest.
            header = self.table.horizontalHeader()
            shown = [c for c in range(1, header.count()) if not header.isSectionHidden(c)]
            fixed = sum(header.sectionSize(c) for c in shown)
            table = min(fixed + 150 + self.table.verticalScrollBar().sizeHint().width() + 4, total // 2)
            self._split.setSizes([table, total - table])  # not the charts' size hint
            self._chart_slot.deleteLater()
            self._header.addWidget(self._charts.controls)
            self._charts.sync_indicators()
            self._charts.show_detail(self._detail_id())
            self._charts.multiples.highlight(set(self._selected_ids()))
            self._charts.reload()
        return self._charts

    def _make_charts(self) -> None:
        _ = self.charts

    def open_catalogue(self) -> QWidget:
        """The catalogue dialog, on the indicator the detail chart shows."""
        from ui.catalogue import open_catalogue

        return open_catalogue(self.ctx, self, self._detail_id())

    # -- selection and display ------------------------------------------------------------------------
    # Nothing is selected at start: the detail chart shows the worst indicator until the supervisor selects
    # a row (or clicks a small chart), then it follows the selection (kept across a reload).
    def _selected_rows(self) -> list[int]:
        return sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})

    def _selected_ids(self) -> list[int]:
        return [self.model.series(r).info.id for r in self._selected_rows()]

    def worst_rows(self) -> list[int]:
        """Rows by how much they call for attention: critical, warning, silent, then display order."""
        rank = {"critical": 0, "warning": 1, "stale": 2}
        return sorted(range(self.model.rowCount()), key=lambda r: (rank.get(self.model.level(r), 3), r))

    def _detail_id(self) -> int | None:
        """The indicator the detail chart shows: the current row if one is selected, else the worst."""
        current = self.table.selectionModel().currentIndex()
        chosen = self._selected_rows()
        if current.isValid() and self.proxy.mapToSource(current).row() in chosen:
            return self.model.series(self.proxy.mapToSource(current).row()).info.id
        if chosen:
            return self.model.series(chosen[0]).info.id
        worst = self.worst_rows()
        return self.model.series(worst[0]).info.id if worst else None

    def _select_rows(self, rows: list[int]) -> None:
        """Select exactly these rows (the supervisor's choice, restored) and chart them."""
        sel = self.table.selectionModel()
        sel.blockSignals(True)
        sel.clearSelection()
        for r in rows:
            index = self.proxy.mapFromSource(self.model.index(r, 0))
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            sel.select(index, flags)
            if r == rows[0]:
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        sel.blockSignals(False)
        self.table.viewport().update()
        self._selection_changed()

    def _choose(self, indicator_id: int) -> None:
        """A small chart was clicked: its row is selected, and it becomes the detail chart."""
        row = self.model.row_of(indicator_id)
        if row is not None:
            self._select_rows([row])
            self.table.scrollTo(self.proxy.mapFromSource(self.model.index(row, 0)))

    def show_indicator_at(self, indicator_id: int, at: datetime, label: str) -> bool:
        """Chart ``indicator_id`` with ``at`` marked (an incident's time, named by ``label``), the range
        centred on it however long ago it was. False if the board has no such indicator."""
        row = self.model.row_of(indicator_id)
        if row is None:
            return False
        self.charts.mark(indicator_id, at.timestamp(), label)
        self._select_rows([row])
        self.table.scrollTo(self.proxy.mapFromSource(self.model.index(row, 0)))
        self.charts.look_at(at.timestamp())
        return True

    def _selection_changed(self, *_: object) -> None:
        if self._charts is not None:
            self._charts.show_detail(self._detail_id())
            self._charts.multiples.highlight(set(self._selected_ids()))

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
            if self._charts is not None:
                self._charts.tick()
            changed = self.model.tick()
            self._check_feeds()  # against what the watch saw last, not the model's last tick
            if changed:
                self._update_summary()  # a feed falls silent with time
                self._size_columns()  # "Silent since 17:54" is wider than "Normal"
                if self._charts is not None:
                    self._charts.refresh_titles()

    def _update_summary(self, *_: object) -> None:
        levels = [self.model.level(r) for r in range(self.model.rowCount())]  # plain Python: no index
        text = self.tr("{0} indicators · critical {1} · warning {2} · no data {3}").format(
            len(levels), levels.count("critical"), levels.count("warning"), levels.count("stale")
        )
        if self.summary.text() != text:
            self.summary.setText(text)
