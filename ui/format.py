"""Small display helpers shared by the docks (durations, floor times, colours).

The palettes are chosen to stay apart under deuteranopia and protanopia as well as for normal vision
(``tests/ui/test_palette.py`` simulates both on the rendered colours); where two states could still be
confused, their badge text or seat letter tells them apart, never the colour alone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from console.i18n import QT_TRANSLATE_NOOP
from console.services.attendance import Presence

# The colour of a cell's badge (a QColor), drawn by ui.delegates.BadgeDelegate over the row's ordinary
# background or selection highlight. A cell without it is painted as usual.
BadgeRole = Qt.ItemDataRole.UserRole + 64

# Seat and roster states, after Okabe & Ito's colour-blind-safe set: going from calm to alarming by hue *and*
# lightness (yellow not in yet, amber late, dark red absent), the greys apart by lightness.
PRESENCE_COLORS: dict[Presence | None, QColor] = {
    Presence.PRESENT: QColor("#009e73"),  # bluish green
    Presence.LATE: QColor("#e69f00"),  # amber
    Presence.ON_BREAK: QColor("#56b4e9"),  # sky blue
    Presence.NOT_YET: QColor("#f0e442"),  # yellow
    Presence.ABSENT: QColor("#b91c1c"),  # dark red
    Presence.LEAVE: QColor("#cc79a7"),  # reddish purple
    Presence.LEFT: QColor("#4b5563"),  # dark grey
    Presence.UPCOMING: QColor("#b6c2d4"),  # light slate
    None: QColor("#f3f4f6"),  # empty seat (dashed outline on the map)
}
# Incident severity: P1 dark red, P2 orange, P3 yellow, P4 slate; apart in lightness as well as hue.
SEVERITY_COLORS = {1: QColor("#b91c1c"), 2: QColor("#e66100"), 3: QColor("#f0e442"), 4: QColor("#64748b")}
# Indicator levels that call for attention. "stale" (a silent feed) is an alarm of its own: magenta, which
# stays apart from the red and the amber for colour-blind eyes too. A normal level has no badge.
LEVEL_COLORS = {"warning": QColor("#e69f00"), "critical": QColor("#b91c1c"), "stale": QColor("#a21caf")}
# SLA countdown badges by the share of the target gone (50 / 75 / 90 / 100 %: ui.models.incident_queue);
# under half gone has none. Calm to alarming by lightness as well as hue (yellow, amber, vermilion, dark red).
SLA_COLORS = {
    "half": QColor("#f0e442"),
    "three_quarters": QColor("#e69f00"),
    "near": QColor("#d55e00"),
    "breached": QColor("#7f1d1d"),
}
# The last value of a silent feed: greyed, so it does not read as current.
STALE_INK = QColor("#9ca3af")


# Indicator units are catalogue data; the ones the catalogue uses are translated for display.
UNITS = {
    "count/min": QT_TRANSLATE_NOOP("Unit", "count/min"),
    "count/h": QT_TRANSLATE_NOOP("Unit", "count/h"),
    "USD/min": QT_TRANSLATE_NOOP("Unit", "USD/min"),
    "%": QT_TRANSLATE_NOOP("Unit", "%"),
    "cases": QT_TRANSLATE_NOOP("Unit", "cases"),
    "queue": QT_TRANSLATE_NOOP("Unit", "queue"),
    "s": QT_TRANSLATE_NOOP("Unit", "s"),
}


def unit_text(unit: str) -> str:
    """An indicator's unit in the UI language (a unit the catalogue does not know is shown as it is)."""
    return QCoreApplication.translate("Unit", UNITS[unit]) if unit in UNITS else unit


def ink_for(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on ``fill`` (relative luminance, WCAG-style)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * channel(fill.redF()) + 0.7152 * channel(fill.greenF()) + 0.0722 * channel(fill.blueF())
    return QColor("#111827") if lum > 0.179 else QColor("white")  # equal-contrast point


def clock_text(delta: timedelta) -> str:
    """``1:05:09`` / ``4:09`` / ``-0:30``: how a countdown reads on the floor."""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rem = divmod(total, 3600)
    minutes, seconds = divmod(rem, 60)
    if hours >= 48:
        return f"{sign}{hours // 24}d {hours % 24}h"
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


def floor_hm(moment: datetime | None, tz: object) -> str:
    if moment is None:
        return ""
    return moment.astimezone(tz).strftime("%H:%M")  # type: ignore[arg-type]
