"""The indicators dock's charts: a range picker, the detail chart of the chosen indicator and the small
multiples of every indicator grouped by area, read over any range through the rollups.

Reads go through :mod:`console.views.indicator_range` on the task runner (one query for all the small
multiples, one for the detail chart and its normal band), about two points per pixel; only the latest
request's result is drawn. While the range follows now, new samples bring a fresh read a moment later.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.catalogue import AREAS, area_of_key, area_title
from console.views import rule_backtest
from console.views.indicator_board import IndicatorInfo
from ui.context import ConsoleContext
from ui.docks.indicator_charts import DetailChart, SmallMultiples
from ui.docks.indicator_plot import Span
from ui.format import LEVEL_COLORS, unit_text
from ui.models.indicators import IndicatorModel

RANGES: tuple[tuple[int, object], ...] = (  # QT_TRANSLATE_NOOP gives its text back
    (3600, QT_TRANSLATE_NOOP("IndicatorCharts", "1 h")),
    (6 * 3600, QT_TRANSLATE_NOOP("IndicatorCharts", "6 h")),
    (24 * 3600, QT_TRANSLATE_NOOP("IndicatorCharts", "24 h")),
    (7 * 86400, QT_TRANSLATE_NOOP("IndicatorCharts", "7 d")),
    (30 * 86400, QT_TRANSLATE_NOOP("IndicatorCharts", "30 d")),
    (90 * 86400, QT_TRANSLATE_NOOP("IndicatorCharts", "90 d")),
)
FOLLOW_STEP_S = 60  # following now, the range ends on the next whole minute: it moves once a minute
# New samples are read this long after they arrive (a burst is one read): a second on ranges drawn from the
# raw samples; half a minute where a point is a 15-minute or hourly bucket, which a minute's samples hardly
# move (a 90-day read of 60 indicators is ~100 ms of the database's time: not once a second per console).
LIVE_DELAY_MS = 1000
LIVE_DELAY_ROLLUPS_MS = 30_000


def area_of(info: IndicatorInfo) -> str:
    """The indicator's area in the catalogue (its key's prefix for a definition that names none)."""
    area = getattr(info, "area", None)
    return str(area) if area in AREAS else area_of_key(info.key)


@dataclass(frozen=True)
class ChartData:
    """What one read brings: series by indicator id (``RangeSeries``), the normal band by id."""

    start: float
    end: float
    series: dict[int, Any]
    baseline: dict[int, Any]


def read_charts(db: Any, ids: list[int], start: float, end: float, px: int, baseline: bool) -> ChartData:
    """On a worker: the indicators' series over the range in one query, and their normal band."""
    from console.views import indicator_range as rng

    first, last = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
    with db.reading() as s:
        series = rng.read_range(s, ids, first, last, px)
        bands: dict[int, Any] = {}
        if baseline and ids:
            # Hourly past a week (four past weeks of 15-minute buckets cost more than the curve itself).
            step = 3600 if end - start > 7 * 86400 else max((sr.step_s for sr in series.values()), default=0)
            bands = rng.read_baseline(s, ids, first, last, step)
    return ChartData(start, end, series, bands)


class ChartPanel(QWidget):
    """Range picker, detail chart and small multiples (see the module's docstring).

    Signals:
        chosen(int): an indicator's small plot was clicked (the dock selects its row).
        incidentClicked(int): an incident marker was clicked.
        drawn(): the first data of the small multiples and the detail chart is drawn.
    """

    chosen = Signal(int)
    incidentClicked = Signal(int)
    drawn = Signal()

    def __init__(self, ctx: ConsoleContext, model: IndicatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = model
        hours = ctx.settings.chart_hours
        self.span_s = min((s for s, _ in RANGES), key=lambda s: abs(s - hours * 3600))
        self.end: float | None = None  # None: the range follows now
        self.zoom: tuple[float, float] | None = None  # the supervisor's zoom or pan in the detail chart
        self.detail_id: int | None = None
        self._mark: tuple[int, float, str] | None = None
        self._spans: list[Span] = []
        self._generation = {"multiples": 0, "detail": 0}
        self._drawn = {"multiples": False, "detail": False}
        self.is_drawn = False

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        # The range picker and its buttons stand in the dock's header row (``controls``), beside the summary:
        # over the charts they took the width the table needs at 1366 x 768.
        self.controls = QWidget(self)
        top = QHBoxLayout(self.controls)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        for span, _text in RANGES:
            button = QToolButton(self.controls)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setChecked(span == self.span_s)
            self.buttons.addButton(button, span)
            top.addWidget(button)
        self.buttons.idClicked.connect(self.set_range)
        self.now_button = QToolButton(self.controls)
        self.now_button.setAutoRaise(True)
        self.now_button.clicked.connect(self.follow_now)
        top.addWidget(self.now_button)
        self.backtest_button = QToolButton(self.controls)
        self.backtest_button.setAutoRaise(True)
        self.backtest_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.backtest_menu = QMenu(self.backtest_button)
        self.backtest_menu.aboutToShow.connect(self._fill_backtest_menu)
        self.backtest_button.setMenu(self.backtest_menu)
        top.addWidget(self.backtest_button)
        # The wall screen is looked at, not worked: it follows now over the chosen range, with no buttons.
        self.controls.setVisible(not ctx.wall)

        self.scroller = QScrollArea(self)
        self.multiples = SmallMultiples(model.tz, self.scroller.viewport(), self)
        self.multiples.chosen.connect(self.chosen)
        self.multiples.incidentClicked.connect(self.incidentClicked)
        self.multiples.laidOut.connect(self._decorate_multiples)
        self.multiples.caughtUp.connect(lambda: self._caught_up("multiples"))
        self.scroller.setObjectName("chartScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # columns fit the width
        self.scroller.setWidget(self.multiples)
        self.detail: DetailChart | None = None
        self._detail_slot = QWidget(self)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self._detail_slot)
        self.split.addWidget(self.scroller)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 6)
        self.split.setSizes([220, 260])
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.readout = QLabel(self)
        self.readout.setObjectName("chartReadout")
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.readout)
        layout.addLayout(head)
        layout.addWidget(self.split, 1)

        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_DELAY_MS)
        self._live.timeout.connect(self.reload)
        model.seriesChanged.connect(self._samples_arrived)
        self.retranslate()

    # -- the range ------------------------------------------------------------------------------------
    def range_window(self) -> tuple[float, float]:
        """The chosen range (epoch seconds): ending now (on the next whole minute) while following."""
        end = self.end
        if end is None:
            end = math.ceil(self.ctx.clock.now().timestamp() / FOLLOW_STEP_S) * FOLLOW_STEP_S
        return end - self.span_s, end

    def set_range(self, span_s: int) -> None:
        """Show the last ``span_s`` seconds (or, looking at a moment in the past, as much around it)."""
        if self.end is not None:  # keep the moment looked at in the middle
            middle = self.end - self.span_s / 2
            now = self.ctx.clock.now().timestamp()
            self.end = None if middle + span_s / 2 >= now else middle + span_s / 2
        self.span_s = span_s
        self.zoom = None
        button = self.buttons.button(span_s)
        if button is not None and not button.isChecked():
            button.setChecked(True)
        self.reload()

    def follow_now(self) -> None:
        """Back to the range ending now, no zoom."""
        self.end = None
        self.zoom = None
        self.reload()

    def look_at(self, at: float) -> None:
        """Centre the range on a moment (an incident's time); it stops following now unless the moment is
        within the last half of the range."""
        now = self.ctx.clock.now().timestamp()
        self.end = None if at + self.span_s / 2 >= now else at + self.span_s / 2
        self.zoom = None
        self.reload()

    def tick(self) -> None:
        """Time moved: following now, the range moves on at each whole minute (the small charts' range; a
        zoomed detail chart keeps its zoom)."""
        moved = self.range_window()[1] != self.multiples.window[1]
        if self.end is None and self._drawn["multiples"] and moved:
            self.reload()

    def _samples_arrived(self, row: int) -> None:
        if self.end is None and not self._live.isActive():
            self._live.start(LIVE_DELAY_MS if self.span_s <= 86400 else LIVE_DELAY_ROLLUPS_MS)

    # -- reading --------------------------------------------------------------------------------------
    def _ids(self) -> list[int]:
        return [self.model.series(r).info.id for r in range(self.model.rowCount())]

    def reload(self) -> None:
        self._live.stop()
        self._update_controls()
        self._load("multiples", self._ids(), *self.range_window(), max(self.multiples.COLUMN_PX, 200), False)
        if self.detail_id is not None:
            start, end = self.zoom or self.range_window()
            self._load("detail", [self.detail_id], start, end, max(self.split.width(), 400), True)

    def _load(self, which: str, ids: list[int], start: float, end: float, px: int, baseline: bool) -> None:
        self._generation[which] += 1
        generation = self._generation[which]
        db = self.ctx.db

        def done(data: ChartData) -> None:
            if generation == self._generation[which]:
                self._apply(which, data)

        def failed(exc: BaseException) -> None:  # the status bar says offline; what is drawn stays
            if generation == self._generation[which]:
                self.title.setToolTip(
                    QCoreApplication.translate("IndicatorCharts", "The charts could not be read: {0}").format(
                        exc
                    )
                )

        self.ctx.runner.run(lambda: read_charts(db, ids, start, end, px, baseline), done, failed)

    def _apply(self, which: str, data: ChartData) -> None:
        if which == "multiples":
            self.multiples.set_data(data.series, data.start, data.end)
            if not self.multiples.pending():
                self._caught_up("multiples")
            return
        if self.detail is not None and self.detail_id in data.series:
            plot = self.detail.plot
            plot.set_series(data.series[self.detail_id])
            band = data.baseline.get(self.detail_id)
            plot.set_baseline(*((band.xs, band.lo, band.hi) if band is not None else (None,)))
            if self.zoom is None:
                self.detail.set_window(data.start, data.end)
            plot.set_spans(self._spans, data.end)
        self._caught_up("detail")

    def _caught_up(self, which: str) -> None:
        """The first data is drawn once the small charts have all drawn theirs and the detail chart its."""
        self._drawn[which] = True
        if (
            not self.is_drawn
            and self._drawn["multiples"]
            and (self._drawn["detail"] or self.detail_id is None)
        ):
            self.is_drawn = True
            self.drawn.emit()

    # -- the detail chart -----------------------------------------------------------------------------
    def show_detail(self, indicator_id: int | None) -> None:
        """Chart this indicator large (the same plot, its items changed in place)."""
        if indicator_id == self.detail_id:
            return
        row = self.model.row_of(indicator_id) if indicator_id is not None else None
        self.detail_id = indicator_id if row is not None else None
        self._spans = []
        if row is None:
            return
        info = self.model.series(row).info
        row_id = info.id
        if self.detail is None:
            self.detail = DetailChart(info, self.model.tz, self)
            self.detail.viewChanged.connect(self._zoomed)
            self.detail.incidentClicked.connect(self.incidentClicked)
            self.detail.readoutChanged.connect(self._show_readout)
            self.split.replaceWidget(0, self.detail)
            self._detail_slot.deleteLater()
        plot = self.detail.plot
        plot.set_info(info)
        plot.set_series(None)
        plot.set_baseline(None)
        plot.set_spans([], 0.0)
        plot.set_incidents(self.model.series(row).incidents)
        mark = self._mark if self._mark is not None and self._mark[0] == indicator_id else None
        plot.set_mark(mark[1] if mark else None, mark[2] if mark else "")
        self.refresh_titles()
        start, end = self.zoom or self.range_window()
        self._load("detail", [row_id], start, end, max(self.split.width(), 400), True)

    def _show_readout(self, text: str) -> None:
        """The crosshair's reading in place of the title's note while the pointer is on the chart."""
        self.readout.setText(text)
        # Where the title and the reading do not both fit on the line, the reading has it.
        needed = self.title.sizeHint().width() + self.readout.sizeHint().width() + 12
        self.title.setVisible(not text or needed <= self.width())

    def mark(self, indicator_id: int, at: float, label: str) -> None:
        """Mark a moment on an indicator's detail chart (kept while it is the one charted)."""
        self._mark = (indicator_id, at, label)
        if self.detail is not None and self.detail_id == indicator_id:
            self.detail.plot.set_mark(at, label)

    def marked(self) -> dict[int, tuple[float, str]]:
        return {self._mark[0]: (self._mark[1], self._mark[2])} if self._mark else {}

    def _zoomed(self, start: float, end: float) -> None:
        """The supervisor zoomed or panned the detail chart: read that range at its own level of detail."""
        self.zoom = (start, end)
        self._update_controls()
        if self.detail_id is not None:
            self._load("detail", [self.detail_id], start, end, max(self.split.width(), 400), True)

    # -- backtest -------------------------------------------------------------------------------------
    def _fill_backtest_menu(self) -> None:
        menu = self.backtest_menu
        menu.clear()
        if self.detail_id is None:
            return
        db, ind_id = self.ctx.db, self.detail_id

        def read() -> list[rule_backtest.RuleRow]:
            with db.reading() as s:
                return rule_backtest.rules_of(s, ind_id)

        def fill(rules: list[rule_backtest.RuleRow]) -> None:
            menu.clear()
            if not rules:
                menu.addAction(
                    QCoreApplication.translate("IndicatorCharts", "No rules on this indicator")
                ).setEnabled(False)
            for rule in rules:
                state = "" if rule.enabled else QCoreApplication.translate("IndicatorCharts", " (disabled)")
                action = menu.addAction(f"{rule.name}{state}")
                action.triggered.connect(lambda _=False, rid=rule.id: self.backtest([rid]))
            if self._spans:
                menu.addSeparator()
                menu.addAction(
                    QCoreApplication.translate("IndicatorCharts", "Clear the backtest"), self.clear_backtest
                )

        self.ctx.runner.run(read, fill)

    def backtest(self, rule_ids: list[int], on_done: Callable[[list[Span]], None] | None = None) -> None:
        """Shade where these rules would have fired over the detail chart's range."""
        if self.detail is None:
            return
        start, end = self.zoom or self.range_window()
        db = self.ctx.db

        def read() -> list[rule_backtest.FiredSpan]:
            with db.reading() as s:
                return rule_backtest.spans(s, rule_ids, start, end)

        def show(fired: list[rule_backtest.FiredSpan]) -> None:
            self._spans = [Span(f.start, f.end, self._span_text(f)) for f in fired]
            if self.detail is not None:
                self.detail.plot.set_spans(self._spans, end)
            self.refresh_titles()
            if on_done is not None:
                on_done(self._spans)

        self.ctx.runner.run(read, show)

    def _span_text(self, fired: rule_backtest.FiredSpan) -> str:
        tz = self.model.tz
        start = datetime.fromtimestamp(fired.start, tz).strftime("%m-%d %H:%M")
        if fired.end is None:
            return QCoreApplication.translate("IndicatorCharts", "{0} would fire from {1}").format(
                fired.rule_name, start
            )
        end = datetime.fromtimestamp(fired.end, tz).strftime("%m-%d %H:%M")
        return QCoreApplication.translate("IndicatorCharts", "{0} would fire {1} to {2}").format(
            fired.rule_name, start, end
        )

    def clear_backtest(self) -> None:
        self._spans = []
        if self.detail is not None:
            self.detail.plot.set_spans([], 0.0)
        self.refresh_titles()

    # -- words ----------------------------------------------------------------------------------------
    def groups(self) -> list[tuple[str, list[IndicatorInfo]]]:
        by_area: dict[str, list[IndicatorInfo]] = {}
        for r in range(self.model.rowCount()):
            info = self.model.series(r).info
            by_area.setdefault(area_of(info), []).append(info)
        return [(area_title(area), by_area[area]) for area in AREAS if area in by_area]

    def sync_indicators(self) -> None:
        """The catalogue as the model holds it now: small multiples by area, the detail chart's definition."""
        self.multiples.set_groups(self.groups())
        if self.detail is not None and self.detail_id is not None:
            row = self.model.row_of(self.detail_id)
            if row is None:
                self.detail_id = None
            else:
                self.detail.plot.set_info(self.model.series(row).info)
                self.detail.plot.set_incidents(self.model.series(row).incidents)
        self._decorate_multiples()

    def _decorate_multiples(self) -> None:
        """Incident markers and titles on the small plots (after they were made anew too)."""
        for ind_id, plot in self.multiples.plots.items():
            row = self.model.row_of(ind_id)
            if row is not None:
                plot.set_incidents(self.model.series(row).incidents)
        self.refresh_titles()

    def refresh_titles(self) -> None:
        """Each plot's title: the indicator's name and unit, and since when it is abnormal."""
        size = f"{max(self.font().pointSizeF() - 1, 7):.0f}pt"
        width = self.multiples.column_px()
        for ind_id, plot in self.multiples.plots.items():
            row = self.model.row_of(ind_id)
            if row is not None:
                plot.set_title_text(self.model.title(row), *self._note(row), size=size, max_px=width)
        if self.detail_id is not None and (row := self.model.row_of(self.detail_id)) is not None:
            info = self.model.series(row).info
            note, color = self._note(row)
            text = f"<b>{_escape(self.model.title(row))}</b> ({_escape(unit_text(info.unit))})"
            if note:
                ink = (color or QColor("#374151")).name()
                text += f" · <span style='color:{ink}'><b>{_escape(note)}</b></span>"
            if self._spans:
                text += " · " + _escape(
                    QCoreApplication.translate("IndicatorCharts", "backtest: fires {0} times").format(
                        len(self._spans)
                    )
                )
            self.title.setText(text)

    def _note(self, row: int) -> tuple[str, QColor | None]:
        level = self.model.level(row)
        if level == "normal":
            return "", None
        return self.model.level_text(row, level), LEVEL_COLORS.get(level)

    def _update_controls(self) -> None:
        following = self.end is None and self.zoom is None
        self.now_button.setEnabled(not following)

    def retranslate(self) -> None:
        for span, text in RANGES:
            button = self.buttons.button(span)
            button.setText(QCoreApplication.translate("IndicatorCharts", str(text)))
            button.setToolTip(
                QCoreApplication.translate("IndicatorCharts", "Show the last {0}").format(
                    QCoreApplication.translate("IndicatorCharts", str(text))
                )
            )
        self.now_button.setText(QCoreApplication.translate("IndicatorCharts", "Now"))
        self.now_button.setToolTip(
            QCoreApplication.translate("IndicatorCharts", "Back to the range ending now (undo zoom and pan)")
        )
        self.backtest_button.setText(QCoreApplication.translate("IndicatorCharts", "Backtest"))
        self.backtest_button.setToolTip(
            QCoreApplication.translate(
                "IndicatorCharts", "Shade where a rule on this indicator would have fired in this range"
            )
        )
        self._update_controls()
        if self.multiples.plots:
            self.multiples.set_groups(self.groups())  # the area headings: the plots are laid out anew
        self.refresh_titles()


def _escape(text: str) -> str:
    import html

    return html.escape(text)
