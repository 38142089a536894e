"""The floor clock: floor-local time, the running shift, and a once-a-second tick for ages and SLAs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from console.floortime import ShiftPattern, ShiftSlot, shift_at, utcnow


class FloorClock(QObject):
    """Signals:
    ticked(): once a second; models refresh what depends on "now" (ages, SLA countdowns, no-shows).
    shiftChanged(object): the running :class:`ShiftSlot` changed (or was first known).
    """

    ticked = Signal()
    shiftChanged = Signal(object)

    def __init__(
        self, tz: ZoneInfo, now: Callable[[], datetime] = utcnow, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self._now = now
        self.patterns: list[ShiftPattern] = []
        self.shift: ShiftSlot | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def now(self) -> datetime:
        return self._now()

    def local(self) -> datetime:
        return self._now().astimezone(self.tz)

    def set_patterns(self, patterns: list[ShiftPattern]) -> None:
        self.patterns = patterns
        self._update_shift()

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _update_shift(self) -> None:
        slot = shift_at(self.patterns, self._now(), self.tz) if self.patterns else None
        if slot != self.shift:
            self.shift = slot
            self.shiftChanged.emit(slot)

    def _tick(self) -> None:
        self._update_shift()
        self.ticked.emit()
