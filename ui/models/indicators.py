"""Risk indicators as a table model: latest value and level per indicator, plus its recent series.

The series live in the model (numpy arrays of epoch seconds and values) so the charts and the table read
one source; live batches append points and drop those older than the chart window.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from console.names import pick
from console.views.indicator_board import (  # noqa: F401 - re-exported for the dock and the charts
    IndicatorInfo,
    IndicatorSeries,
    SamplesAppend,
    to_arrays,
)
from console.views.indicator_range import abnormal_since
from ui import i18n
from ui.format import LEVEL_COLORS, STALE_INK, BadgeRole, unit_text
from ui.models.keyed import Index, KeyedTableModel

CTX = "IndicatorModel"
IdRole = Qt.ItemDataRole.UserRole + 1
LevelRole = Qt.ItemDataRole.UserRole + 2  # "normal" | "warning" | "critical" | "stale"
KeyRole = Qt.ItemDataRole.UserRole + 3
SortRole = Qt.ItemDataRole.UserRole + 4
COLUMNS = ("name", "value", "unit", "level", "updated")
LEVEL_TITLES = {
    "normal": QT_TRANSLATE_NOOP("IndicatorModel", "Normal"),
    "warning": QT_TRANSLATE_NOOP("IndicatorModel", "Warning"),
    "critical": QT_TRANSLATE_NOOP("IndicatorModel", "Critical"),
    "stale": QT_TRANSLATE_NOOP("IndicatorModel", "No data"),
}
LEVEL_SINCE = {
    "warning": QT_TRANSLATE_NOOP("IndicatorModel", "Warning since {0}"),
    "critical": QT_TRANSLATE_NOOP("IndicatorModel", "Critical since {0}"),
}
LEVEL_BEFORE = {  # the run goes back past the samples held (the table's window)
    "warning": QT_TRANSLATE_NOOP("IndicatorModel", "Warning since before {0}"),
    "critical": QT_TRANSLATE_NOOP("IndicatorModel", "Critical since before {0}"),
}


Series = IndicatorSeries  # a row: frozen, replaced whole when its samples change


# The roles data() answers; a paint asks each cell for about ten.
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        IdRole,
        KeyRole,
        LevelRole,
        SortRole,
        Qt.ItemDataRole.ToolTipRole,
        BadgeRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)


class IndicatorModel(KeyedTableModel):
    """Indicators held by id (rows of :mod:`console.views.indicator_board`), each with its series in the
    chart window.

    Signals:
        seriesChanged(int): the series of this row changed (charts redraw just that curve).
    """

    seriesChanged = Signal(int)
    columns = COLUMNS

    def __init__(self, now: Any, tz: Any, window_hours: float, parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self.tz = tz
        self.window_s = window_hours * 3600
        self._ticked: dict[int, str] = {}  # each indicator's level at the last tick
        self._since: dict[int, tuple[Series, float | None]] = {}  # abnormal_since, by the series it was of

    # -- feeding --------------------------------------------------------------------------------------
    def window_start(self) -> float:
        """Epoch seconds where the chart window starts now: samples at or before it are dropped."""
        return float(self._now().timestamp() - self.window_s)

    def apply(self, rows: Iterable[Series], gone: Iterable[Hashable] = ()) -> int:
        rows = list(rows)
        before = {r.key: self._rows[p] for r in rows if (p := self._index.get(r.key)) is not None}
        changed = super().apply(rows, gone)
        for r in rows:
            pos = self._index.get(r.key)
            if pos is not None and self._rows[pos] is not before.get(r.key):
                self.seriesChanged.emit(pos)
        return changed

    def apply_samples(
        self, rows: Iterable[Series], gone: Iterable[Hashable], appends: Iterable[SamplesAppend]
    ) -> int:
        """One live batch: whole indicators (new or redefined), dropped ones, and new samples of held ones,
        keeping only the chart window. One ``dataChanged`` per contiguous run of rows that changed."""
        start = self.window_start()
        grown = [
            self._rows[pos].extended(a.xs, a.ys, start)
            for a in appends
            if (pos := self._index.get(a.indicator_id)) is not None
        ]
        return self.apply([*rows, *grown], gone)

    def trim(self, start: float) -> None:
        """Drop the samples at or before ``start`` from every series (the window moved on)."""
        self.apply([s.since(start) for s in self._rows])

    def series(self, row: int) -> Series:
        return self._rows[row]

    def last_points(self) -> dict[int, float | None]:
        return {s.info.id: s.last_ts for s in self._rows}

    def level(self, row: int) -> str:
        s = self._rows[row]
        if s.latest is None or (self._now().timestamp() - (s.last_ts or 0)) > 3 * max(
            s.info.interval_seconds, 60
        ):
            return "stale"
        return s.info.level(s.latest)

    def tick(self) -> bool:
        """Time moved: announce only the rows whose level changed with it (a feed falling silent).
        Returns whether any did. (Announcing every row re-measured and repainted the whole table.)"""
        levels = {s.info.id: self.level(r) for r, s in enumerate(self._rows)}
        changed = [
            r
            for r, s in enumerate(self._rows)
            if self._ticked.get(s.info.id, levels[s.info.id]) != levels[s.info.id]
        ]
        self._ticked = levels
        level = COLUMNS.index("level")
        for r in changed:
            self.dataChanged.emit(self.index(r, 0), self.index(r, level))
        return bool(changed)

    def title(self, row: int) -> str:
        info = self._rows[row].info
        return pick(info.names, i18n.current_language(), info.name)

    # -- Qt model API ---------------------------------------------------------------------------------
    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("IndicatorModel", "Indicator"),
            QCoreApplication.translate("IndicatorModel", "Latest"),
            QCoreApplication.translate("IndicatorModel", "Unit"),
            QCoreApplication.translate("IndicatorModel", "Level"),
            QCoreApplication.translate("IndicatorModel", "Updated"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None  # a view asks every cell for a dozen roles: those not served cost nothing
        s = self._rows[index.row()]
        col = COLUMNS[index.column()]
        level = self.level(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(index.row(), index.column())
        if role == IdRole:
            return s.info.id
        if role == KeyRole:
            return s.info.key
        if role == LevelRole:
            return level
        if role == SortRole:
            order = {"critical": 0, "warning": 1, "stale": 2, "normal": 3}
            return {
                "name": index.row(),
                "value": s.latest or 0.0,
                "unit": s.info.unit,
                "level": order[level],
                "updated": s.last_ts or 0.0,
            }[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = QCoreApplication.translate("IndicatorModel", "{0}: warning {1}, critical {2} ({3})")
            return tip.format(
                self.title(index.row()),
                format_value(s.info.warning),
                format_value(s.info.critical),
                unit_text(s.info.unit),
            )
        if role == BadgeRole and col == "level":  # drawn by ui.delegates.BadgeDelegate, over any selection
            return LEVEL_COLORS.get(level)  # a normal level has no badge: the alarms stand out
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == "level" and level == "normal":
                return QBrush(QColor("#6b7280"))
            if col == "value" and level == "stale":  # the last value of a silent feed is not current
                return QBrush(STALE_INK)
        if role == Qt.ItemDataRole.FontRole and (
            (col == "value" and level in ("warning", "critical")) or (col == "level" and level != "normal")
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("value", "updated"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def level_text(self, row: int, level: str) -> str:
        """The level as the table says it; a silent feed says since when (floor time), an alarm of its own,
        and so does a warning or critical level: since the first sample of the run that is still abnormal
        (``before HH:MM`` when the run goes back past the samples held)."""
        s = self._rows[row]
        last = s.last_ts
        if level == "stale" and last is not None:
            return self.silent_text(datetime.fromtimestamp(last, self.tz).strftime("%H:%M"))
        if level in ("warning", "critical"):
            since = self.abnormal_since(row)
            if since is not None:
                clock = datetime.fromtimestamp(since, self.tz).strftime("%H:%M")
                first = float(s.xs[0])
                cut_off = since <= first <= self.window_start() + 2 * max(s.info.interval_seconds, 60)
                template = (LEVEL_BEFORE if cut_off else LEVEL_SINCE)[level]
                return QCoreApplication.translate("IndicatorModel", str(template)).format(clock)
        return QCoreApplication.translate("IndicatorModel", str(LEVEL_TITLES[level]))

    def abnormal_since(self, row: int) -> float | None:
        """When the indicator's current run at warning or worse began (epoch seconds), None if it is normal
        now; worked out once per series held (a series is replaced whole when it changes)."""
        s = self._rows[row]
        cached = self._since.get(s.info.id)
        if cached is not None and cached[0] is s:
            return cached[1]
        info = s.info
        since = abnormal_since(s.xs, s.ys, info.warning, info.critical, info.direction)
        self._since[s.info.id] = (s, since)
        return since

    @staticmethod
    def silent_text(since: str) -> str:
        return QCoreApplication.translate("IndicatorModel", "Silent since {0}").format(since)

    def display_text(self, row: int, column: int) -> str:
        """What ``data()`` shows in this cell, without a model index (column sizing reads every row)."""
        s = self._rows[row]
        col = COLUMNS[column]
        if col == "name":
            return self.title(row)
        if col == "value":
            return "" if s.latest is None else format_value(s.latest)
        if col == "unit":
            return unit_text(s.info.unit)
        if col == "level":
            return self.level_text(row, self.level(row))
        return "" if s.last_ts is None else datetime.fromtimestamp(s.last_ts, self.tz).strftime("%H:%M")


def format_value(value: float) -> str:
    """1,234 / 12.5 / 1.2M: readable across a room."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f}M"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"
