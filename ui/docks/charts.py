"""pyqtgraph charts for the indicators dock: one plot per chosen indicator, threshold lines, floor time."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from ui.format import LEVEL_COLORS, SEVERITY_COLORS, unit_text
from ui.models.indicators import IndicatorInfo, IndicatorModel

CTX = "IndicatorCharts"
# One chart redrawn per event, this far apart: a live batch touching every charted indicator used to repaint
# all the plots in one paint event (8-24 ms here); one plot at a time stays a few milliseconds.
PACE_MS = 25
# The time axis ends on the next whole minute, so it moves (and pyqtgraph regenerates its ticks and grid)
# once a minute, not on every new sample.
X_STEP_S = 60


class FloorTimeAxis(pg.AxisItem):
    """A time axis in the floor's zone: ticks on whole minutes or hours of floor time, ``HH:MM`` labels
    (``MM-DD`` at midnight).

    pyqtgraph's ``DateAxisItem`` asks Qt for the system time zone once per tick candidate, and Qt re-reads
    the zone files each time: regenerating four axes took 5-12 ms of the GUI thread. This one needs the
    floor's UTC offset once per regeneration.
    """

    SPACINGS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
    LABEL_PX = 70  # at least this far apart, labelled ticks
    MINOR_PX = 12

    def __init__(self, tz: tzinfo) -> None:
        super().__init__(orientation="bottom")
        self.tz = tz

    def _offset(self, at: float) -> float:
        offset = datetime.fromtimestamp(at, self.tz).utcoffset()
        return offset.total_seconds() if offset is not None else 0.0

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return []
        px = size / span
        major = next((s for s in self.SPACINGS if s * px >= self.LABEL_PX), self.SPACINGS[-1])
        minor = next(
            (s for s in reversed(self.SPACINGS) if s < major and major % s == 0 and s * px >= self.MINOR_PX),
            None,
        )
        offset = self._offset(maxVal)

        def ticks(step: int) -> list[float]:
            first = math.ceil((minVal + offset) / step) * step - offset
            return [first + n * step for n in range(int((maxVal - first) // step) + 1)]

        levels = [(float(major), ticks(major))]
        if minor is not None:
            levels.append((float(minor), ticks(minor)))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for value in values:
            local = datetime.fromtimestamp(value, self.tz)
            out.append(local.strftime("%m-%d" if (local.hour, local.minute) == (0, 0) else "%H:%M"))
        return out


def _decimals(step: float) -> int:
    """Decimals that tell ticks ``step`` apart (2.5 -> 1, 0.25 -> 2, 5 -> 0), at most 3."""
    if step <= 0:
        return 0
    for decimals in range(4):
        if abs(round(step, decimals) - step) < step * 1e-6:
            return decimals
    return 3


def compact(value: float, step: float = 0.0, unit: str = "") -> str:
    """A value as a supervisor reads it on an axis: ``950``, ``1.2k``, ``35k``, ``1.2M``, ``3.5B``; a
    percentage with its sign (``35%``). ``step`` (the tick spacing) decides how many decimals tell ticks
    apart."""
    if unit == "%":
        return f"{value:.{_decimals(step)}f}%"
    size = abs(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            decimals = _decimals(step / limit) if step else 1
            return f"{value / limit:.{decimals}f}{suffix}"
    return f"{value:.{_decimals(step) if step else (0 if float(value).is_integer() else 1)}f}"


class ValueAxis(pg.AxisItem):
    """The value axis in figures that fit: ``1.2M``, ``35k``, ``35%``, never ``1e+07`` or a ``(x1e+06)``
    scale note."""

    def __init__(self, unit: str = "") -> None:
        super().__init__(orientation="left")
        self.unit = unit
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [compact(v * scale, spacing * scale, self.unit) for v in values]


class IndicatorCharts(pg.GraphicsLayoutWidget):
    """Plots for the indicators the supervisor picked, held by indicator id.

    A new set of indicators (or a redefined one: thresholds, unit) builds the plots anew; the same set
    after a reload or a re-sort keeps its plots and only redraws their curves, PACE_MS apart. Incidents
    raised on an indicator stand on its time axis as dotted lines in their severity's colour, labelled with
    their ref's number; a click on one asks for that incident (:attr:`incidentClicked`).
    """

    incidentClicked = Signal(int)
    PLOT_MIN_PX = 120  # a chart never gets shorter than this: more of them scroll

    def __init__(self, model: IndicatorModel, *, columns: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.model = model
        self.columns = columns
        self.setBackground("w")
        self._shown: tuple[IndicatorInfo, ...] = ()  # what the plots were built for, in order
        self._curves: dict[int, pg.PlotDataItem] = {}  # by indicator id
        self._plots: dict[int, pg.PlotItem] = {}
        self._dirty: list[int] = []  # charted indicators whose series changed, redrawn one per PACE_MS
        self._marks: dict[int, tuple[float, str]] = {}  # indicator id -> (moment, label): an incident's time
        self._incident_lines: dict[int, list[pg.InfiniteLine]] = {}  # indicator id -> its incidents' markers
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.setInterval(PACE_MS)
        self._pace.timeout.connect(self._redraw_next)
        model.seriesChanged.connect(lambda row: self._queue(self.model.series(row).info.id))
        model.modelReset.connect(lambda: self.show_rows(self.rows))

    @property
    def ids(self) -> list[int]:
        return [info.id for info in self._shown]

    @property
    def rows(self) -> list[int]:
        """The model rows charted now, in chart order."""
        return [r for r in (self.model.row_of(i) for i in self.ids) if r is not None]

    def plot_of(self, row: int) -> pg.PlotItem:
        return self._plots[self.model.series(row).info.id]

    def curve_of(self, row: int) -> pg.PlotDataItem:
        return self._curves[self.model.series(row).info.id]

    def show_rows(self, rows: list[int], *, rebuild: bool = False) -> None:
        """Chart these model rows (in this order). The same indicators as now keep their plots."""
        infos = tuple(self.model.series(r).info for r in rows if 0 <= r < self.model.rowCount())
        if infos == self._shown and self._plots and not rebuild:
            for info in infos:  # a reload may have brought other points
                self._queue(info.id)
            return
        self.clear()
        self._curves.clear()
        self._plots.clear()
        self._incident_lines.clear()
        self._dirty.clear()
        self._shown = infos
        rows_of_plots = -(-len(infos) // self.columns) if infos else 0
        self.setMinimumHeight(rows_of_plots * self.PLOT_MIN_PX)
        if not infos:
            self.addLabel(
                QCoreApplication.translate("IndicatorCharts", "Select indicators to chart"), row=0, col=0
            )
            return
        for n, info in enumerate(infos):
            axis = FloorTimeAxis(self.model.tz)
            plot = self.addPlot(
                row=n // self.columns,
                col=n % self.columns,
                axisItems={"bottom": axis, "left": ValueAxis(info.unit)},
            )
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            for value, level in ((info.warning, "warning"), (info.critical, "critical")):
                pen = QPen(LEVEL_COLORS[level])
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setWidthF(1.5)
                pen.setCosmetic(True)
                line = pg.InfiniteLine(pos=value, angle=0, pen=pen, movable=False)
                plot.addItem(line)
            curve = plot.plot(pen=pg.mkPen(QColor("#1d4ed8"), width=1.5))
            if info.id in self._marks:
                self._add_mark(plot, *self._marks[info.id])
            self._curves[info.id] = curve
            self._plots[info.id] = plot
            self._redraw(info.id)
        self.retranslate()

    def mark(self, indicator_id: int, at: float, label: str) -> None:
        """Mark a moment (epoch seconds) on an indicator's chart, e.g. when an incident opened; one mark per
        indicator, kept while it is charted."""
        self._marks = {indicator_id: (at, label)}
        for plot in self._plots.values():
            for item in [i for i in plot.items if getattr(i, "is_mark", False)]:
                plot.removeItem(item)
        plot = self._plots.get(indicator_id)
        if plot is not None:
            self._add_mark(plot, at, label)

    def _show_incidents(self, indicator_id: int, plot: pg.PlotItem, marks: tuple[Any, ...]) -> None:
        """The indicator's incident markers, as the series holds them now (old ones taken away)."""
        for line in self._incident_lines.pop(indicator_id, []):
            plot.removeItem(line)
        lines = []
        for mark in marks:
            pen = QPen(SEVERITY_COLORS.get(mark.severity, SEVERITY_COLORS[4]))
            pen.setStyle(Qt.PenStyle.DotLine)  # the thresholds are dashed: an incident is not a level
            pen.setWidthF(2)
            pen.setCosmetic(True)
            line = pg.InfiniteLine(
                pos=mark.at,
                angle=90,
                pen=pen,
                hoverPen=pg.mkPen(SEVERITY_COLORS.get(mark.severity, SEVERITY_COLORS[4]), width=3),
                movable=False,
                label=mark.ref.rsplit("-", 1)[-1],
                # The ref's number in dark ink (a P3's yellow would not read on white), on the line's foot.
                labelOpts={"position": 0.08, "color": "#1f2937"},
            )
            line.incident_id = mark.id
            line.setToolTip(
                QCoreApplication.translate("IndicatorCharts", "{0} (P{1}): click to open it").format(
                    mark.ref, mark.severity
                )
            )
            line.sigClicked.connect(lambda _line, _ev, inc=mark.id: self.incidentClicked.emit(inc))
            plot.addItem(line)
            lines.append(line)
        self._incident_lines[indicator_id] = lines

    def incident_lines(self, indicator_id: int) -> list[pg.InfiniteLine]:
        return list(self._incident_lines.get(indicator_id, []))

    def marked(self) -> dict[int, tuple[float, str]]:
        return dict(self._marks)

    @staticmethod
    def _add_mark(plot: pg.PlotItem, at: float, label: str) -> None:
        pen = QPen(QColor("#7c3aed"))
        pen.setWidthF(1.5)
        pen.setCosmetic(True)
        line = pg.InfiniteLine(
            pos=at,
            angle=90,
            pen=pen,
            movable=False,
            label=label,
            labelOpts={"position": 0.9, "color": "#7c3aed"},
        )
        line.is_mark = True
        line.setToolTip(label)
        plot.addItem(line)

    def retranslate(self) -> None:
        """Titles (the indicator's name and unit) and threshold tooltips in the current language."""
        size = f"{self.font().pointSizeF():.0f}pt"
        for info in self._shown:
            row = self.model.row_of(info.id)
            plot = self._plots.get(info.id)
            if row is None or plot is None:
                continue
            plot.setTitle(f"{self.model.title(row)} ({unit_text(info.unit)})", size=size)
            for item in plot.items:
                if (
                    isinstance(item, pg.InfiniteLine)
                    and not getattr(item, "is_mark", False)
                    and not hasattr(item, "incident_id")
                ):
                    level = "warning" if item.value() == info.warning else "critical"
                    item.setToolTip(
                        QCoreApplication.translate("IndicatorCharts", "{0} threshold").format(
                            QCoreApplication.translate("IndicatorModel", level.capitalize())
                        )
                    )

    def _queue(self, indicator_id: int) -> None:
        if indicator_id in self._curves and indicator_id not in self._dirty:
            self._dirty.append(indicator_id)
            if not self._pace.isActive():
                self._pace.start()

    def _redraw_next(self) -> None:
        if self._dirty:
            self._redraw(self._dirty.pop(0))
        if self._dirty:
            self._pace.start()

    def pending(self) -> int:
        """Charted indicators whose new points are not drawn yet (they are, PACE_MS apart)."""
        return len(self._dirty)

    def _redraw(self, indicator_id: int) -> None:
        curve = self._curves.get(indicator_id)
        row = self.model.row_of(indicator_id)
        if curve is None or row is None:
            return
        s = self.model.series(row)
        curve.setData(s.xs, s.ys)
        plot = self._plots[indicator_id]
        self._show_incidents(indicator_id, plot, s.incidents)
        if len(s.ys):
            info = s.info
            # Keep both thresholds in view so "how close to warning" reads at a glance.
            lo = min(float(s.ys.min()), info.warning, info.critical)
            hi = max(float(s.ys.max()), info.warning, info.critical)
            pad = (hi - lo) * 0.08 or 1.0
            plot.setYRange(max(0.0, lo - pad) if lo >= 0 else lo - pad, hi + pad, padding=0)
            end = math.ceil(self.model._now().timestamp() / X_STEP_S) * X_STEP_S
            plot.setXRange(end - self.model.window_s, end, padding=0)
