"""The floor clock: floor-local time, the running shift, and a once-a-second tick for ages and SLAs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from console.floortime import ShiftPattern, ShiftSlot, shift_at, utcnow, zone_abbrev


class FloorClock(QObject):
    """The floor's "now", in two zones that normally are one.

    ``floor_tz`` is the floor's own zone (``floors.timezone`` in the database, given by
    :meth:`set_floor_zone` once the floor is read): the shifts are defined in it and found in it. ``tz`` is
    the zone times are *shown* in (the ``floor_timezone`` setting). Computing shifts in the display zone put a
    console whose setting differed on the wrong shift (every seat empty while attendance listed 23 present).
    Until the floor is known both are the setting's zone.

    Signals:
        ticked(): once a second; models refresh what depends on "now" (ages, SLA countdowns, no-shows).
        shiftChanged(object): the running :class:`ShiftSlot` changed (or was first known).
    """

    ticked = Signal()
    shiftChanged = Signal(object)

    def __init__(
        self,
        tz: ZoneInfo,
        now: Callable[[], datetime] = utcnow,
        parent: QObject | None = None,
        *,
        floor_tz: ZoneInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.tz = tz
        self.floor_tz = floor_tz or tz
        self._now = now
        self.patterns: list[ShiftPattern] = []
        self.shift: ShiftSlot | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    def now(self) -> datetime:
        return self._now()

    def local(self) -> datetime:
        """Now in the display zone."""
        return self._now().astimezone(self.tz)

    def floor_local(self) -> datetime:
        """Now in the floor's own zone."""
        return self._now().astimezone(self.floor_tz)

    @property
    def zones_differ(self) -> bool:
        return self.tz.key != self.floor_tz.key

    def set_floor_zone(self, tz: ZoneInfo) -> None:
        """The floor's own zone, read from the database: shifts are found in it from now on."""
        self.floor_tz = tz
        self._update_shift()

    def set_patterns(self, patterns: list[ShiftPattern]) -> None:
        self.patterns = patterns
        self._update_shift()

    def status_text(self) -> str:
        """The status bar's clock: floor time in the floor's zone, and the display zone when it differs."""
        now = self._now()
        floor = QCoreApplication.translate("FloorClock", "Floor time {0} {1}").format(
            self.floor_local().strftime("%Y-%m-%d %H:%M:%S"), zone_abbrev(self.floor_tz, now)
        )
        if not self.zones_differ:
            return floor
        return QCoreApplication.translate("FloorClock", "{0} · times shown in {1} ({2} {3})").format(
            floor, self.tz.key, self.local().strftime("%H:%M:%S"), zone_abbrev(self.tz, now)
        )

    def zone_note(self) -> str:
        """Where the two zones come from (the clock's tooltip)."""
        note = QCoreApplication.translate(
            "FloorClock",
            "The floor's time zone, {0}, comes from the floor in the database; shifts follow it.",
        ).format(self.floor_tz.key)
        if not self.zones_differ:
            return note
        return (
            note
            + "\n"
            + QCoreApplication.translate(
                "FloorClock", "The floor_timezone setting ({0}) only chooses the zone times are shown in."
            ).format(self.tz.key)
        )

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _update_shift(self) -> None:
        slot = shift_at(self.patterns, self._now(), self.floor_tz) if self.patterns else None
        if slot != self.shift:
            self.shift = slot
            self.shiftChanged.emit(slot)

    def _tick(self) -> None:
        self._update_shift()
        self.ticked.emit()
