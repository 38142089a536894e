"""Adherence for one shift: each rostered agent's plan and clock, and the desks' break limits.

Rows carry what does not change by time alone (the shift, its planned breaks, the attendance edges, the
floor's rules, the desk's minimum per hour); the dock's model works out each agent's standing at every
clock tick with :func:`console.services.adherence.standing`, so a running break turns into an overrun on
screen without a database read. A clock-in, a break edge, a rota change or a re-plan (``planned_breaks``
feed under the rota topic) names agents: only their rows are refetched. A renamed team, changed rules
(the floor topic) or changed staffing requirements reload the shift.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy.orm import Session

from console.floortime import ShiftSlot
from console.services import adherence, breaks
from console.services.adherence import ShiftFacts
from console.services.breaks import Rules
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named


@dataclass(frozen=True)
class AdherenceKey:
    """Which shift: the one the dock has chosen (``None``: no shift)."""

    shift: ShiftSlot | None


@dataclass(frozen=True)
class AdherenceRow:
    """One rostered agent on the shift, held by agent id."""

    facts: ShiftFacts
    rules: Rules
    desk_minimum: tuple[int, ...]  # the desk's required headcount per hour of the shift (from its start)

    @property
    def key(self) -> int:
        return self.facts.agent_id

    def minimum_at(self, at: datetime) -> int:
        hour = int((at - self.facts.starts_at) / timedelta(hours=1))
        return self.desk_minimum[hour] if 0 <= hour < len(self.desk_minimum) else 0

    def max_away(self, rostered: int, at: datetime) -> int:
        """How many of the desk's ``rostered`` people may be on break at ``at``: its share, and never below
        its minimum (the model counts the desk's rows: a patch names only the agents that changed)."""
        return max(0, min(self.rules.capacity(rostered), rostered - self.minimum_at(at)))


AdherenceSnapshot = Snapshot[AdherenceKey, AdherenceRow]
AdherencePatch = Patch[AdherenceKey, AdherenceRow]
AGENT_TOPICS = (Topic.ATTENDANCE, Topic.ROTA, Topic.AGENT)


def _rows(s: Session, shift: ShiftSlot, agent_ids: list[int] | None = None) -> tuple[AdherenceRow, ...]:
    rules = breaks.rules(s)
    everyone = adherence.facts(s, starts_at=shift.starts_at)
    desks = {f.desk for f in everyone}
    minimum = breaks.minimum_for(s)
    hours = int((shift.ends_at - shift.starts_at) / timedelta(hours=1))
    per_desk = {
        desk: tuple(minimum(desk, shift.starts_at + timedelta(hours=h)) for h in range(hours))
        for desk in desks
    }
    chosen = everyone if agent_ids is None else [f for f in everyone if f.agent_id in set(agent_ids)]
    return tuple(AdherenceRow(f, rules, per_desk.get(f.desk, ())) for f in chosen)


class AdherenceView(View[AdherenceKey, AdherenceRow]):
    """The agents of one shift with their plan and clock; a few dozen rows."""

    topics: ClassVar[frozenset[Topic]] = frozenset({*AGENT_TOPICS, Topic.TEAM, Topic.FLOOR, Topic.STAFFING})

    def snapshot(self, s: Session, key: AdherenceKey) -> AdherenceSnapshot:
        if key.shift is None:
            return Snapshot(key)
        return Snapshot(key, _rows(s, key.shift))

    def patch(self, s: Session, key: AdherenceKey, batch: Changes) -> AdherenceSnapshot | AdherencePatch:
        ids, reload = named(batch)
        if reload or ids.get(Topic.TEAM) or ids.get(Topic.FLOOR) or ids.get(Topic.STAFFING):
            return self.snapshot(s, key)
        agents: set[int] = set()
        for topic in AGENT_TOPICS:
            agents.update(ids.get(topic, ()))
        if key.shift is None or not agents:
            return Patch(key)
        if len(agents) > self.reload_over:
            return self.snapshot(s, key)
        rows = _rows(s, key.shift, sorted(agents))
        return Patch(key, rows, frozenset(agents - {r.key for r in rows}))


VIEW = AdherenceView()
