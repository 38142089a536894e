"""Risk indicators as a table model: latest value and level per indicator, plus its recent series.

The series live in the model (numpy arrays of epoch seconds and values) so the charts and the table read
one source; live batches append points and drop those older than the chart window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from console.services import indicators as svc
from ui.format import LEVEL_COLORS, STALE_INK, BadgeRole
from ui.models.table import FlatTableModel, Index

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


@dataclass(frozen=True)
class IndicatorInfo:
    """What the console needs of a :class:`console.db.models.RiskIndicator` (plain, thread-safe)."""

    id: int
    key: str
    name: str
    name_zh: str
    unit: str
    direction: str
    warning: float
    critical: float
    interval_seconds: int

    def level(self, value: float) -> str:
        return svc.level(self, value)  # type: ignore[arg-type]


@dataclass
class Series:
    info: IndicatorInfo
    xs: np.ndarray = field(default_factory=lambda: np.empty(0))
    ys: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def last_ts(self) -> float | None:
        return float(self.xs[-1]) if len(self.xs) else None

    @property
    def latest(self) -> float | None:
        return float(self.ys[-1]) if len(self.ys) else None


def to_arrays(points: list[tuple[datetime, float]]) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.array([p[0].timestamp() for p in points], dtype=float),
        np.array([p[1] for p in points], dtype=float),
    )


class IndicatorModel(FlatTableModel):
    """Signals:
    seriesChanged(int): the series of this row changed (charts redraw just that curve).
    """

    seriesChanged = Signal(int)

    def __init__(
        self, now: Any, tz: Any, window_hours: float, chinese: bool = False, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.tz = tz
        self.window_s = window_hours * 3600
        self.chinese = chinese
        self._rows: list[Series] = []

    # -- feeding --------------------------------------------------------------------------------------
    def set_series(self, series: list[Series]) -> None:
        self.beginResetModel()
        self._rows = series
        self.endResetModel()

    def append(self, indicator_id: int, points: list[tuple[datetime, float]]) -> None:
        """Add new points to one indicator, keeping only the chart window."""
        row = self.row_of(indicator_id)
        if row is None or not points:
            return
        s = self._rows[row]
        xs, ys = to_arrays(points)
        keep = xs > (s.last_ts or -np.inf)  # never duplicate points already held
        s.xs = np.concatenate([s.xs, xs[keep]])
        s.ys = np.concatenate([s.ys, ys[keep]])
        cut = np.searchsorted(s.xs, self._now().timestamp() - self.window_s)
        if cut:
            s.xs, s.ys = s.xs[cut:], s.ys[cut:]
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        self.seriesChanged.emit(row)

    def row_of(self, indicator_id: int) -> int | None:
        for pos, s in enumerate(self._rows):
            if s.info.id == indicator_id:
                return pos
        return None

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

    def title(self, row: int) -> str:
        info = self._rows[row].info
        return info.name_zh if self.chinese and info.name_zh else info.name

    # -- Qt model API ---------------------------------------------------------------------------------
    columns = COLUMNS

    def rows(self) -> list[Any]:
        return self._rows

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("IndicatorModel", "Indicator"),
            QCoreApplication.translate("IndicatorModel", "Latest"),
            QCoreApplication.translate("IndicatorModel", "Unit"),
            QCoreApplication.translate("IndicatorModel", "Level"),
            QCoreApplication.translate("IndicatorModel", "Updated"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        col = COLUMNS[index.column()]
        level = self.level(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return self.title(index.row())
            if col == "value":
                return "" if s.latest is None else format_value(s.latest)
            if col == "unit":
                return s.info.unit
            if col == "level":
                return self.level_text(index.row(), level)
            return "" if s.last_ts is None else datetime.fromtimestamp(s.last_ts, self.tz).strftime("%H:%M")
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
            return QCoreApplication.translate(
                "IndicatorModel", "{0}: warning {1}, critical {2} ({3})"
            ).format(s.info.key, format_value(s.info.warning), format_value(s.info.critical), s.info.unit)
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
        """The level as the table says it; a silent feed says since when (floor time), an alarm of its own."""
        last = self._rows[row].last_ts
        if level == "stale" and last is not None:
            return QCoreApplication.translate("IndicatorModel", "Silent since {0}").format(
                datetime.fromtimestamp(last, self.tz).strftime("%H:%M")
            )
        return QCoreApplication.translate("IndicatorModel", str(LEVEL_TITLES[level]))


def format_value(value: float) -> str:
    """1,234 / 12.5 / 1.2M: readable across a room."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f}M"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"
