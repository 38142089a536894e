"""Floor time: store UTC, show the floor's zone, and find the shift a moment belongs to.

The floor's zone is the floor's own (``floors.timezone`` in the database): shifts are defined and found in it.
A console may show times in another zone (the ``floor_timezone`` setting), but never computes shifts in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Kuala_Lumpur"


def utcnow() -> datetime:
    return datetime.now(UTC)


def floor_zone(name: str = DEFAULT_TZ) -> ZoneInfo:
    return ZoneInfo(name)


# Abbreviations the tz database does not carry (it calls Kuala Lumpur "+08").
ZONE_ABBREVIATIONS = {"Asia/Kuala_Lumpur": "MYT", "Asia/Singapore": "SGT"}


def zone_abbrev(tz: ZoneInfo, moment: datetime) -> str:
    """``MYT``, ``GMT``, ``UTC+08``: how a clock labels its zone at ``moment``."""
    if tz.key in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[tz.key]
    name = to_floor(moment, tz).tzname() or tz.key
    return f"UTC{name}" if name[:1] in "+-" else name


def to_floor(moment: datetime, tz: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz)


# The floor-time window a shift must reach into to be a night shift (a 19:00–07:00 shift does, 15:00–23:00
# does not): one definition for the rota's rules, its fairness, the docks. Minutes after midnight.
NIGHT_FROM, NIGHT_TO = 0, 5 * 60


def is_night_shift(start: time, minutes: int) -> bool:
    """Whether a shift starting at floor time ``start`` and lasting ``minutes`` works any of 00:00–05:00
    (of its own day or the next)."""
    first = start.hour * 60 + start.minute
    last = first + minutes
    return any(first < midnight + NIGHT_TO and last > midnight + NIGHT_FROM for midnight in (0, 1440))


@dataclass(frozen=True)
class ShiftPattern:
    """A shift as the floor knows it: starts at a local time, lasts some minutes.

    A shift belongs to the floor date on which it starts (the 23:00 night shift of 25 Nov runs into 26 Nov).
    """

    id: int
    code: str
    name: str
    start: time
    minutes: int

    @property
    def is_night(self) -> bool:
        return is_night_shift(self.start, self.minutes)

    def bounds(self, shift_date: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """UTC start and end of this shift on ``shift_date``."""
        start = datetime.combine(shift_date, self.start, tzinfo=tz).astimezone(UTC)
        return start, start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class ShiftSlot:
    pattern: ShiftPattern
    shift_date: date
    starts_at: datetime
    ends_at: datetime


def shift_at(patterns: list[ShiftPattern], moment: datetime, tz: ZoneInfo) -> ShiftSlot | None:
    """The shift running at ``moment`` (UTC), or ``None`` if no pattern covers it.

    Where patterns overlap (8-hour and 12-hour shifts on one floor: 07:00 Morning and 07:00–19:00 Day both
    run at 08:00), the shortest covering one is the floor's running shift, the latest started among equals:
    the 8-hour shifts tile the day, so the handover and the clock keep following them.
    """
    local_day = to_floor(moment, tz).date()
    found: list[ShiftSlot] = []
    for day in (local_day, local_day - timedelta(days=1)):
        for pattern in patterns:
            start, end = pattern.bounds(day, tz)
            if start <= moment < end:
                found.append(ShiftSlot(pattern, day, start, end))
    if not found:
        return None
    return min(found, key=lambda slot: (slot.pattern.minutes, -slot.starts_at.timestamp(), slot.pattern.id))
