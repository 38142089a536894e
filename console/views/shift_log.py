"""The shift log dock's read side: the running shift's log entries, and the handover the dock offers.

The handover shown is the newest one prepared for the running shift or the one before it: during a shift
the outgoing supervisor prepares theirs; just after the change the incoming one finds the previous shift's
brief waiting for their sign-off. ``SHIFT_LOG`` ids refetch only those entries (one outside the shift is
gone); any ``HANDOVER`` id re-reads that one handover (a few per shift).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy.orm import Session

from console.floortime import ShiftSlot
from console.services import handover, shiftlog
from console.services.handover import HandoverRecord
from console.services.shiftlog import LogEntry
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named

# How far back the handover offered may start: the shift before the running one (none is longer).
LOOK_BACK = timedelta(hours=16)


@dataclass(frozen=True)
class ShiftLogKey:
    """Which shift: the one running when the GUI thread asked (``None`` between shifts)."""

    shift: ShiftSlot | None

    @property
    def since(self) -> datetime | None:
        return None if self.shift is None else self.shift.starts_at - LOOK_BACK


@dataclass(frozen=True)
class ShiftLogSnapshot(Snapshot[ShiftLogKey, LogEntry]):
    handover: HandoverRecord | None = None


@dataclass(frozen=True)
class ShiftLogPatch(Patch[ShiftLogKey, LogEntry]):
    """Entries new or changed, entries gone, and (``handover_read``) the handover read again."""

    handover_read: bool = False
    handover: HandoverRecord | None = None

    def __bool__(self) -> bool:
        return bool(self.rows or self.gone or self.handover_read)


class ShiftLogView(View[ShiftLogKey, LogEntry]):
    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.SHIFT_LOG, Topic.HANDOVER})

    def snapshot(self, s: Session, key: ShiftLogKey) -> ShiftLogSnapshot:
        if key.shift is None:
            return ShiftLogSnapshot(key)
        rows = shiftlog.entries(s, key.shift.starts_at, key.shift.ends_at)
        return ShiftLogSnapshot(key, tuple(rows), handover.latest(s, key.since))

    def patch(self, s: Session, key: ShiftLogKey, batch: Changes) -> ShiftLogSnapshot | ShiftLogPatch:
        ids, reload = named(batch)
        if reload or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        if key.shift is None:
            return ShiftLogPatch(key)
        wanted = sorted(ids.get(Topic.SHIFT_LOG, ()))
        rows: tuple[LogEntry, ...] = ()
        gone: frozenset[int] = frozenset()
        if wanted:
            rows = tuple(shiftlog.entries(s, key.shift.starts_at, key.shift.ends_at, ids=wanted))
            gone = frozenset(set(wanted) - {r.id for r in rows})
        if ids.get(Topic.HANDOVER):
            return ShiftLogPatch(key, rows, gone, True, handover.latest(s, key.since))
        return ShiftLogPatch(key, rows, gone)


VIEW = ShiftLogView()
