"""The indicators dock's two kinds of chart: the detail chart of one indicator (zoom and pan in time, a
crosshair reading value and floor time) and the small multiples of every indicator, grouped by area."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from console.views.indicator_board import IndicatorInfo
from ui.docks.indicator_plot import IndicatorPlot
from ui.format import unit_text
from ui.models.indicators import format_value

SETTLE_MS = 250  # a zoom or pan is read anew this long after the last wheel step or drag move
# One small plot redrawn per event, this far apart: a live batch touching every plot used to repaint all of
# them in one paint event (8-24 ms here); one plot at a time stays a few milliseconds.
PACE_MS = 25
DAY = 86400


def when_text(at: float, tz: tzinfo, span_s: float, step_s: int = 0) -> str:
    """A moment as the crosshair says it in floor time: ``14:32`` within a day's range, ``12-05 14:32``
    beyond it; a bucket says its extent (``14:00–15:00``)."""
    fmt = "%H:%M" if span_s <= DAY else "%m-%d %H:%M"
    start = datetime.fromtimestamp(at, tz)
    if not step_s:
        return start.strftime(fmt)
    end = datetime.fromtimestamp(at + step_s, tz)
    return f"{start.strftime(fmt)}–{end.strftime('%H:%M')}"


class DetailChart(pg.PlotWidget):
    """One indicator, large: the wheel zooms and a drag pans in time; the crosshair reads the nearest point.

    Signals:
        viewChanged(float, float): the supervisor zoomed or panned to this range (epoch seconds), once it
            settled (not on every wheel step).
        incidentClicked(int): an incident's marker was clicked.
        readoutChanged(str): what the crosshair reads (floor time, value, the bucket's low and high, the
            normal band), empty when the pointer left the plot.
    """

    viewChanged = Signal(float, float)
    incidentClicked = Signal(int)
    readoutChanged = Signal(str)

    def __init__(self, info: IndicatorInfo, tz: tzinfo, parent: QWidget | None = None) -> None:
        self.plot = IndicatorPlot(info, tz, detail=True)
        super().__init__(parent=parent, background="w", plotItem=self.plot)
        self.tz = tz
        self.plot.incidentClicked.connect(self.incidentClicked)
        self._programmatic = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.plot.sigXRangeChanged.connect(self._moved)
        self.crosshair = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen("#6b7280", width=1, style=Qt.PenStyle.DashLine)
        )
        self.crosshair.setZValue(50)
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)
        self.readout = ""  # said beside the chart's title (inside a narrow plot it hid the curve)
        self._mouse = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=60, slot=self._mouse_moved)

    def set_window(self, start: float, end: float) -> None:
        """Show this range (the range picker, live following): not a zoom of the supervisor's."""
        self._programmatic = True
        try:
            self.plot.set_window(start, end)
        finally:
            self._programmatic = False

    def shown_range(self) -> tuple[float, float]:
        x0, x1 = self.plot.getViewBox().viewRange()[0]
        return float(x0), float(x1)

    def _moved(self, *_: Any) -> None:
        self.plot.fit_y()  # the value range follows what is in view
        if not self._programmatic:
            self._settle.start()

    def _settled(self) -> None:
        self.viewChanged.emit(*self.shown_range())

    # -- crosshair ------------------------------------------------------------------------------------
    def _mouse_moved(self, event: Sequence[Any]) -> None:
        pos = event[0]
        if not self.plot.getViewBox().sceneBoundingRect().contains(pos):
            self._say("")
            return
        self.show_readout_at(self.plot.getViewBox().mapSceneToView(pos).x())

    def show_readout_at(self, x: float) -> str:
        """Put the crosshair on the point nearest to ``x`` and say its floor time and value; returns the
        text (empty where there is no point)."""
        series = self.plot.series
        if series is None or not len(series.xs):
            self._say("")
            return ""
        i = int(np.clip(np.searchsorted(series.xs, x), 1, len(series.xs) - 1)) if len(series.xs) > 1 else 0
        if i and abs(series.xs[i - 1] - x) <= abs(series.xs[i] - x):
            i -= 1
        at = float(series.xs[i])
        x0, x1 = self.plot.getViewBox().viewRange()[0]
        unit = unit_text(self.plot.info.unit)
        lines = [
            f"{when_text(at, self.tz, x1 - x0, series.step_s)}  {format_value(float(series.mean[i]))} {unit}"
        ]
        if series.step_s:
            lines.append(
                QCoreApplication.translate("IndicatorCharts", "low {0} · high {1} · {2} samples").format(
                    format_value(float(series.lo[i])), format_value(float(series.hi[i])), int(series.count[i])
                )
            )
        if self.plot.baseline is not None:
            bx, blo, bhi = self.plot.baseline
            j = int(np.searchsorted(bx, at, side="right")) - 1
            if 0 <= j < len(bx):
                lines.append(
                    QCoreApplication.translate("IndicatorCharts", "normal {0}–{1}").format(
                        format_value(float(blo[j])), format_value(float(bhi[j]))
                    )
                )
        self.crosshair.setValue(at)
        self.crosshair.show()
        text = " · ".join(lines)
        self._say(text)
        return text

    def _say(self, text: str) -> None:
        if not text:
            self.crosshair.hide()
        if text != self.readout:
            self.readout = text
            self.readoutChanged.emit(text)

    def leaveEvent(self, event: Any) -> None:
        self._say("")
        super().leaveEvent(event)


class SmallMultiples(pg.GraphicsLayoutWidget):
    """Every indicator's small plot over the chosen range, under a heading per area, as many columns as the
    width holds. A click on a plot chooses its indicator.

    Signals:
        chosen(int): an indicator's plot was clicked.
        incidentClicked(int): an incident's marker was clicked.
        laidOut(): the plots were made anew (other indicators, another number of columns) or their width
            changed: titles (fitted to the width) and incident markers are to be set on them again.
        caughtUp(): every plot with new points has drawn them.
    """

    chosen = Signal(int)
    incidentClicked = Signal(int)
    laidOut = Signal()
    caughtUp = Signal()
    PLOT_PX = 118  # a small plot's height: more of them scroll
    COLUMN_PX = 230  # at least this wide per column

    def __init__(self, tz: tzinfo, frame: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.tz = tz
        # The width the columns are fitted to: the scroll area's viewport (our own width follows the
        # plots' minimum widths, so fitting to it could only ever grow).
        self.frame = frame
        self.setBackground("w")
        self.plots: dict[int, IndicatorPlot] = {}
        self.headings: dict[str, pg.LabelItem] = {}
        self._groups: tuple[tuple[str, tuple[IndicatorInfo, ...]], ...] = ()
        self._columns = 0
        self._highlit: set[int] = set()
        self._dirty: list[int] = []
        self._data: dict[int, Any] = {}
        self._window = (0.0, 1.0)
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.setInterval(PACE_MS)
        self._pace.timeout.connect(self._redraw_next)
        self._reflow = QTimer(self)
        self._reflow.setSingleShot(True)
        self._reflow.setInterval(150)
        self._reflow.timeout.connect(self._maybe_reflow)
        if frame is not None:
            frame.installEventFilter(self)
        self.scene().sigMouseClicked.connect(self._clicked)

    # -- layout ---------------------------------------------------------------------------------------
    def columns_for(self, width: int) -> int:
        return max(1, width // self.COLUMN_PX)

    def available_width(self) -> int:
        return self.frame.width() if self.frame is not None else self.width()

    def column_px(self) -> int:
        """How wide one small plot's title may be: its column less the layout's and the plot's margins."""
        return max(self.available_width() // max(self._columns, 1) - 64, 60)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.frame and event.type() == event.Type.Resize:
            self._reflow.start()
        return False

    def set_groups(self, groups: Sequence[tuple[str, Sequence[IndicatorInfo]]]) -> None:
        """The indicators by area (heading, indicators in order). The same indicators in the same places keep
        their plots (a changed threshold or unit is set on them in place); otherwise the layout is made
        anew."""
        frozen = tuple((title, tuple(infos)) for title, infos in groups)
        same_places = [(t, [i.id for i in infos]) for t, infos in frozen] == [
            (t, [i.id for i in infos]) for t, infos in self._groups
        ]
        columns = self.columns_for(self.available_width())
        if same_places and self.plots and columns == self._columns:
            for _title, infos in frozen:
                for info in infos:
                    if self.plots[info.id].info != info:
                        self.plots[info.id].set_info(info)
            self._groups = frozen
            return
        self._groups = frozen
        self._build(columns)

    def _build(self, columns: int) -> None:
        self.clear()
        self.plots.clear()
        self.headings.clear()
        self._columns = columns
        row = 0
        plots = 0
        for title, infos in self._groups:
            heading = self.addLabel(
                title, row=row, col=0, colspan=columns, justify="left", bold=True, color="#374151"
            )
            self.headings[title] = heading
            row += 1
            for n, info in enumerate(infos):
                plot = IndicatorPlot(info, self.tz)
                plot.incidentClicked.connect(self.incidentClicked)
                self.addItem(plot, row=row + n // columns, col=n % columns)
                self.plots[info.id] = plot
            row += -(-len(infos) // columns)
            plots += -(-len(infos) // columns)
        self.setMinimumHeight(plots * self.PLOT_PX + len(self._groups) * 24)
        self.highlight(self._highlit)
        self._dirty.clear()
        for ind_id in self.plots:  # a rebuild is rare (a resize, a new indicator): drawn at once
            if ind_id in self._data:
                self.redraw(ind_id)
        self.laidOut.emit()

    def _maybe_reflow(self) -> None:
        if self._groups and self.columns_for(self.available_width()) != self._columns:
            self._build(self.columns_for(self.available_width()))
        else:
            self.laidOut.emit()

    # -- data -----------------------------------------------------------------------------------------
    def set_data(self, series: dict[int, Any], start: float, end: float) -> None:
        """New points for these indicators over ``start``-``end``: drawn one plot per event, PACE_MS apart."""
        window_moved = (start, end) != self._window
        self._window = (start, end)
        self._data.update(series)
        for ind_id in self.plots if window_moved else series:
            self._queue(ind_id)

    def _queue(self, ind_id: int) -> None:
        if ind_id in self.plots and ind_id not in self._dirty:
            self._dirty.append(ind_id)
            if not self._pace.isActive():
                self._pace.start()

    def _redraw_next(self) -> None:
        if self._dirty:
            self.redraw(self._dirty.pop(0))
        if self._dirty:
            self._pace.start()
        else:
            self.caughtUp.emit()

    def redraw(self, ind_id: int) -> None:
        plot = self.plots.get(ind_id)
        if plot is None:
            return
        plot.set_series(self._data.get(ind_id))
        plot.set_window(*self._window)

    @property
    def window(self) -> tuple[float, float]:
        """The range the small plots show (epoch seconds)."""
        return self._window

    def pending(self) -> int:
        """Plots whose new points are not drawn yet (they are, PACE_MS apart)."""
        return len(self._dirty)

    def flush(self) -> None:
        """Draw everything pending now (tests, a grab)."""
        self._pace.stop()
        while self._dirty:
            self.redraw(self._dirty.pop(0))
        self.caughtUp.emit()

    # -- choosing -------------------------------------------------------------------------------------
    def highlight(self, ids: set[int]) -> None:
        """Frame the plots of the indicators chosen in the table."""
        self._highlit = set(ids)
        for ind_id, plot in self.plots.items():
            plot.getViewBox().setBorder(pg.mkPen(QColor("#1d4ed8"), width=2) if ind_id in ids else None)

    def _clicked(self, event: Any) -> None:
        for ind_id, plot in self.plots.items():
            if plot.sceneBoundingRect().contains(event.scenePos()):
                self.chosen.emit(ind_id)
                return
