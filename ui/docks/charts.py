"""The indicator charts' axes: floor time that fits the range (minutes to months), values as people
write them."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

import pyqtgraph as pg


class FloorTimeAxis(pg.AxisItem):
    """A time axis in the floor's zone: ticks on whole minutes or hours of floor time, ``HH:MM`` labels
    (``MM-DD`` at midnight).

    pyqtgraph's ``DateAxisItem`` asks Qt for the system time zone once per tick candidate, and Qt re-reads
    the zone files each time: regenerating four axes took 5-12 ms of the GUI thread. This one needs the
    floor's UTC offset once per regeneration.
    """

    DAY = 86400
    SPACINGS = (
        60,
        120,
        300,
        600,
        900,
        1800,
        3600,
        7200,
        10800,
        21600,
        43200,
        DAY,
        2 * DAY,
        7 * DAY,
        14 * DAY,
    )
    LABEL_PX = 70  # at least this far apart, labelled ticks
    MINOR_PX = 12
    # Weeks start on Monday: the Unix epoch (1970-01-01) was a Thursday, four days after the Monday before.
    WEEK_SHIFT = 4 * DAY

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
            shift = self.WEEK_SHIFT if step % (7 * self.DAY) == 0 else 0
            first = math.ceil((minVal + offset - shift) / step) * step - offset + shift
            return [first + n * step for n in range(int((maxVal - first) // step) + 1)]

        levels = [(float(major), ticks(major))]
        if minor is not None:
            levels.append((float(minor), ticks(minor)))
        return levels

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for value in values:
            local = datetime.fromtimestamp(value, self.tz)
            midnight = (local.hour, local.minute) == (0, 0)
            out.append(local.strftime("%m-%d" if midnight or spacing >= self.DAY else "%H:%M"))
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
