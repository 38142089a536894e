"""One shift's roster against actual clock-ins, one line per rostered agent.

Any shift: the running one, a past one (final states) or a future one (the plan). A shift is found by its
template and floor date, so a 12-hour shift starting with an 8-hour one is a roster of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy.orm import Session

from console.floortime import ShiftSlot
from console.services import attendance
from console.services.attendance import RosterLine
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named, promote


@dataclass(frozen=True)
class RosterKey:
    """Which shift: the one the dock shows (``None``: none, e.g. between shifts when following the clock)."""

    shift: ShiftSlot | None


@dataclass(frozen=True)
class RosterRow(RosterLine):
    """One rostered agent on the shift, held by agent id (an agent works at most one shift a day)."""

    @property
    def key(self) -> int:
        return self.agent_id


RosterSnapshot = Snapshot[RosterKey, RosterRow]
RosterPatch = Patch[RosterKey, RosterRow]

# Agents named under these topics get their line refetched: their clock (ATTENDANCE), their rostered
# shifts (ROTA: they may join or leave this shift) or their name (AGENT).
AGENT_TOPICS = (Topic.ATTENDANCE, Topic.ROTA, Topic.AGENT)


class RosterView(View[RosterKey, RosterRow]):
    """The roster of one shift. A renamed team (``TEAM``) reloads it: a few dozen lines."""

    topics: ClassVar[frozenset[Topic]] = frozenset({*AGENT_TOPICS, Topic.TEAM})

    def snapshot(self, s: Session, key: RosterKey) -> RosterSnapshot:
        if key.shift is None:
            return Snapshot(key)
        lines = _roster(s, key.shift)
        return Snapshot(key, tuple(promote(RosterRow, line) for line in lines))

    def patch(self, s: Session, key: RosterKey, batch: Changes) -> RosterSnapshot | RosterPatch:
        ids, reload = named(batch)
        if reload or ids.get(Topic.TEAM) or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        agents: set[int] = set()
        for topic in AGENT_TOPICS:
            agents.update(ids.get(topic, ()))
        if key.shift is None or not agents:
            return Patch(key)
        lines = _roster(s, key.shift, sorted(agents))
        rows = tuple(promote(RosterRow, line) for line in lines)
        return Patch(key, rows, frozenset(agents - {r.agent_id for r in rows}))


def _roster(s: Session, shift: ShiftSlot, agent_ids: list[int] | None = None) -> list[RosterLine]:
    return attendance.roster(
        s, template_id=shift.pattern.id, shift_date=shift.shift_date, agent_ids=agent_ids
    )


VIEW = RosterView()
