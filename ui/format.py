"""Small display helpers shared by the docks (durations, floor times, colours)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtGui import QColor

from console.services.attendance import Presence

# Colour-blind-safe-ish palette, readable on a dark wall screen too.
PRESENCE_COLORS: dict[Presence | None, QColor] = {
    Presence.PRESENT: QColor("#2e9d5b"),
    Presence.LATE: QColor("#e3a008"),
    Presence.ON_BREAK: QColor("#3b82f6"),
    Presence.NOT_YET: QColor("#a3a3a3"),
    Presence.ABSENT: QColor("#dc2626"),
    Presence.LEAVE: QColor("#8b5cf6"),
    Presence.LEFT: QColor("#6b7280"),
    Presence.UPCOMING: QColor("#cbd5e1"),
    None: QColor("#e5e7eb"),
}
SEVERITY_COLORS = {1: QColor("#b91c1c"), 2: QColor("#ea580c"), 3: QColor("#ca8a04"), 4: QColor("#4b5563")}
LEVEL_COLORS = {"normal": QColor("#2e9d5b"), "warning": QColor("#e3a008"), "critical": QColor("#dc2626")}


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
