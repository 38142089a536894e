"""One indicator's plot over a range: the series (a mean line, and the low-high envelope where rollup buckets
stand for many samples), the warning and critical bands, the normal band, incidents, a marked moment and
where a rule would have fired.

The same plot serves the small multiples and the detail chart; changing which indicator it shows changes its
items in place (no plot is rebuilt on a selection click).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from console.views.indicator_board import IncidentMark, IndicatorInfo
from ui.docks.charts import FloorTimeAxis, ValueAxis
from ui.format import LEVEL_COLORS, SEVERITY_COLORS

# Fills are opaque where they can be: blending a translucent fill over the plot on every frame of a pan cost
# more than drawing the curve (tests.bench.chart_pan).
LINE = QColor("#1d4ed8")
ENVELOPE = QColor("#cfdaf8")  # the line's blue, light: the low-high of each bucket
NORMAL = QColor(100, 116, 139, 80)  # slate, see-through: where the same moments of past weeks lay
BANDS = {"warning": QColor("#fdf5e4"), "critical": QColor("#fbeaea")}
BACKTEST = QColor(124, 58, 237, 40)
GRID = QColor("#e5e7eb")


@dataclass(frozen=True)
class Span:
    """Where a rule would have fired (``end`` None: still firing at the range's end), for a backtest."""

    start: float
    end: float | None
    label: str


def _cosmetic(color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color)
    pen.setWidthF(width)
    pen.setStyle(style)
    pen.setCosmetic(True)
    return pen


class Band(QGraphicsPathItem):
    """A filled band between a low and a high line over the same times, built as one polygon with numpy
    (pyqtgraph's FillBetweenItem joined the two curves' polygons in Python: 8 ms per change here)."""

    def __init__(self, color: QColor) -> None:
        super().__init__()
        self.setBrush(QBrush(color))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.points = 0

    def set_band(self, xs: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        keep = ~(np.isnan(lo) | np.isnan(hi))
        xs, lo, hi = xs[keep], lo[keep], hi[keep]
        self.points = len(xs)
        if not len(xs):
            self.setPath(QPainterPath())
            return
        ring_x = np.concatenate([xs, xs[::-1]])
        ring_y = np.concatenate([hi, lo[::-1]])
        path = pg.arrayToQPath(ring_x, ring_y, connect="all")
        path.closeSubpath()
        self.setPath(path)

    def clear(self) -> None:
        self.points = 0
        self.setPath(QPainterPath())


def _curve(pen: Any) -> pg.PlotDataItem:
    """A long series drawn cheaply: only what is in view, peaks kept when there are more points than
    pixels, no per-point symbols, no finite check per draw."""
    curve = pg.PlotDataItem(pen=pen)
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method="peak")
    curve.setSkipFiniteCheck(True)
    return curve


class IndicatorPlot(pg.PlotItem):
    """A plot of one indicator (see the module's docstring).

    Signals:
        incidentClicked(int): an incident's marker was clicked.
    """

    incidentClicked = Signal(int)

    def __init__(self, info: IndicatorInfo, tz: tzinfo, *, detail: bool = False) -> None:
        self.value_axis = ValueAxis(info.unit)
        super().__init__(axisItems={"bottom": FloorTimeAxis(tz), "left": self.value_axis})
        self.info = info
        self.detail = detail
        # Value lines to read by (the time labels are enough): drawn as plain lines at the value axis's major
        # ticks, not by pyqtgraph's axis grid, whose picture cost 10-13 ms of every frame of a pan here.
        self._grid: list[pg.InfiniteLine] = []
        self.hideButtons()
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=detail, y=False)  # the detail chart zooms and pans in time
        self.getViewBox().enableAutoRange(x=False, y=False)  # ranges are set: see fit_y
        self.series: Any = None  # console.views.indicator_range.RangeSeries, or None before data
        self._window = (0.0, 1.0)
        self._bands = {
            level: pg.LinearRegionItem(
                orientation="horizontal", movable=False, brush=color, pen=pg.mkPen(None)
            )
            for level, color in BANDS.items()
        }
        self._lines = {
            level: pg.InfiniteLine(
                angle=0, movable=False, pen=_cosmetic(LEVEL_COLORS[level], 1.2, Qt.PenStyle.DashLine)
            )
            for level in BANDS
        }
        for level in BANDS:
            self._bands[level].setZValue(-30)
            self._lines[level].threshold = level
            self.addItem(self._bands[level], ignoreBounds=True)
            self.addItem(self._lines[level], ignoreBounds=True)
        # Buckets are about two per pixel already: the bands are drawn whole, not clipped and downsampled
        # again on every pan.
        self.normal_band = Band(NORMAL)
        self.normal_band.setZValue(-20)
        self.envelope = Band(ENVELOPE)
        self.envelope.setZValue(-10)
        # A pan only moves them: Qt redraws them from a pixmap until the scale or the band changes (filling
        # the polygon afresh on every frame was two-thirds of a pan's cost).
        for band in (self.normal_band, self.envelope):
            band.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.addItem(self.normal_band, ignoreBounds=True)
        self.addItem(self.envelope, ignoreBounds=True)
        self.curve = _curve(_cosmetic(LINE, 1.0))
        self.addItem(self.curve)
        self.baseline: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.incident_lines: list[pg.InfiniteLine] = []
        self.spans: list[pg.LinearRegionItem] = []
        self._mark: pg.InfiniteLine | None = None
        self._title = ""
        self.set_info(info)

    # -- what it shows --------------------------------------------------------------------------------
    def set_info(self, info: IndicatorInfo) -> None:
        """Show this indicator's definition (thresholds, unit): a selection click reuses the plot."""
        self.info = info
        self.value_axis.unit = info.unit
        self.value_axis.picture = None  # its tick labels are redrawn in the new unit
        for level, value in (("warning", info.warning), ("critical", info.critical)):
            self._lines[level].setValue(value)
            self._lines[level].setToolTip(
                QCoreApplication.translate("IndicatorCharts", "{0} threshold: {1}").format(
                    QCoreApplication.translate("IndicatorModel", level.capitalize()), f"{value:g}"
                )
            )
        self._place_bands()

    def set_series(self, series: Any) -> None:
        """The indicator's points over the range (a ``RangeSeries``; None or empty: nothing yet)."""
        self.series = series
        empty = np.empty(0)
        if series is None or not len(series.xs):
            self.curve.setData(empty, empty)
            self.envelope.clear()
            return
        self.curve.setData(series.xs, series.mean)
        if series.step_s:  # buckets: each one's low and high around the mean
            self.envelope.set_band(series.xs, series.lo, series.hi)
        else:
            self.envelope.clear()
        self.fit_y()

    def set_baseline(
        self, xs: np.ndarray | None, lo: np.ndarray | None = None, hi: np.ndarray | None = None
    ) -> None:
        """The normal band: where the same moments of past weeks lay (None: no band)."""
        if xs is None or lo is None or hi is None or not len(xs):
            self.baseline = None
            self.normal_band.clear()
        else:
            self.baseline = (xs, lo, hi)
            self.normal_band.set_band(xs, lo, hi)
        self.fit_y()

    def set_window(self, start: float, end: float) -> None:
        """The time range shown (epoch seconds)."""
        self._window = (start, end)
        self.setXRange(start, end, padding=0)
        self.fit_y()

    def set_title_text(
        self, title: str, note: str = "", note_color: QColor | None = None, size: str = "", max_px: int = 0
    ) -> None:
        """The plot's title, with a note after it (e.g. "Critical since 14:32") in its colour; within
        ``max_px`` the name is elided first, then the note (a small plot's title must not widen its
        column)."""
        if max_px > 0:
            font = QFont(self.font())
            if size.endswith("pt"):
                font.setPointSizeF(float(size[:-2]))
            metrics = QFontMetrics(font)
            bold = QFont(font)
            bold.setBold(True)
            note = (
                QFontMetrics(bold).elidedText(note, Qt.TextElideMode.ElideRight, max_px * 2 // 3)
                if note
                else ""
            )
            room = max_px - (QFontMetrics(bold).horizontalAdvance(f" · {note}") if note else 0)
            title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 40))
        text = html.escape(title)
        if note:
            color = (note_color or QColor("#374151")).name()
            text += f" · <span style='color:{color}; font-weight:bold'>{html.escape(note)}</span>"
        if text != self._title:
            self._title = text
            self.setTitle(text, size=size or None, color="#1f2937")
            if max_px > 0:  # elided to fit: the label must not hold the column wider than that
                self.titleLabel.setMinimumWidth(0)

    # -- the y range: the data in view, the thresholds and the normal band ---------------------------
    def fit_y(self) -> None:
        x0, x1 = self.getViewBox().viewRange()[0] if self.detail else self._window
        lows, highs = [self.info.warning, self.info.critical], [self.info.warning, self.info.critical]
        for xs, lo, hi in self._in_view():
            i, j = np.searchsorted(xs, x0, side="left"), np.searchsorted(xs, x1, side="right")
            if j > i:
                lows.append(float(np.nanmin(lo[i:j])))
                highs.append(float(np.nanmax(hi[i:j])))
        lo_v, hi_v = min(lows), max(highs)
        pad = (hi_v - lo_v) * 0.08 or 1.0
        bottom = max(0.0, lo_v - pad) if lo_v >= 0 else lo_v - pad
        self.setYRange(bottom, hi_v + pad, padding=0)
        self._place_bands(bottom, hi_v + pad)
        self._place_grid(bottom, hi_v + pad)

    def _place_grid(self, bottom: float, top: float) -> None:
        """A light line at each of the value axis's major ticks (kept, moved, shown or hidden; never made
        anew on a pan)."""
        height = self.getViewBox().height() or 200.0
        levels = self.value_axis.tickValues(bottom, top, height)
        values = [v for v in (levels[0][1] if levels else []) if bottom <= v <= top]
        while len(self._grid) < len(values):
            line = pg.InfiniteLine(angle=0, movable=False, pen=_cosmetic(GRID, 1.0))
            line.setZValue(-25)
            self.addItem(line, ignoreBounds=True)
            self._grid.append(line)
        for n, line in enumerate(self._grid):
            if n < len(values):
                if line.value() != values[n]:
                    line.setValue(values[n])
                line.show()
            else:
                line.hide()

    def _in_view(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = []
        if self.series is not None and len(self.series.xs):
            s = self.series
            out.append((s.xs, s.lo, s.hi) if s.step_s else (s.xs, s.mean, s.mean))
        if self.baseline is not None:
            out.append(self.baseline)
        return out

    def _place_bands(self, bottom: float | None = None, top: float | None = None) -> None:
        """Warning: between the two thresholds; critical: beyond the critical one, to the edge of the view."""
        info = self.info
        if bottom is None or top is None:
            (bottom, top) = self.getViewBox().viewRange()[1]
        span = abs(top - bottom) + abs(info.critical) + 1.0
        self._bands["warning"].setRegion(sorted((info.warning, info.critical)))
        if info.direction == "higher":
            self._bands["critical"].setRegion((info.critical, max(top, info.critical) + span))
        else:
            self._bands["critical"].setRegion((min(bottom, info.critical) - span, info.critical))

    # -- marks on the time axis -----------------------------------------------------------------------
    def set_incidents(self, marks: Sequence[IncidentMark]) -> None:
        """Incidents raised on the indicator, as dotted lines in their severity's colour labelled with their
        ref's number; a click asks for the incident."""
        for line in self.incident_lines:
            self.removeItem(line)
        self.incident_lines = []
        for mark in marks:
            color = SEVERITY_COLORS.get(mark.severity, SEVERITY_COLORS[4])
            line = pg.InfiniteLine(
                pos=mark.at,
                angle=90,
                pen=_cosmetic(color, 2, Qt.PenStyle.DotLine),  # the thresholds are dashed
                hoverPen=pg.mkPen(color, width=3),
                movable=False,
                label=mark.ref.rsplit("-", 1)[-1],
                labelOpts={"position": 0.08, "color": "#1f2937"},  # dark ink: a P3's yellow would not read
            )
            line.incident_id = mark.id
            line.setToolTip(
                QCoreApplication.translate("IndicatorCharts", "{0} (P{1}): click to open it").format(
                    mark.ref, mark.severity
                )
            )
            line.sigClicked.connect(lambda _line, _ev, inc=mark.id: self.incidentClicked.emit(inc))
            self.addItem(line, ignoreBounds=True)
            self.incident_lines.append(line)

    def set_mark(self, at: float | None, label: str = "") -> None:
        """Mark a moment (an incident's opening, when the chart was opened from it); None takes it away."""
        if self._mark is not None:
            self.removeItem(self._mark)
            self._mark = None
        if at is None:
            return
        line = pg.InfiniteLine(
            pos=at,
            angle=90,
            pen=_cosmetic(QColor("#7c3aed"), 1.5),
            movable=False,
            label=label,
            labelOpts={"position": 0.9, "color": "#7c3aed"},
        )
        line.is_mark = True
        line.setToolTip(label)
        self.addItem(line, ignoreBounds=True)
        self._mark = line

    @property
    def mark(self) -> pg.InfiniteLine | None:
        return self._mark

    def set_spans(self, spans: Sequence[Span], end: float) -> None:
        """Where a rule would have fired (a backtest), shaded across the plot; an open span runs to
        ``end``."""
        for item in self.spans:
            self.removeItem(item)
        self.spans = []
        for span in spans:
            stop = span.end if span.end is not None else end
            region = pg.LinearRegionItem(
                values=(span.start, max(stop, span.start + 1.0)),
                orientation="vertical",
                movable=False,
                brush=BACKTEST,
                pen=_cosmetic(QColor("#7c3aed"), 1.0),
            )
            region.setZValue(-25)
            region.setToolTip(span.label)
            self.addItem(region, ignoreBounds=True)
            self.spans.append(region)
