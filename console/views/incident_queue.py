"""The open incident queue: every open incident, and the current state of the incidents a batch names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import Incident
from console.services import incidents
from console.services.incidents import QueueRow
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named, promote


@dataclass(frozen=True)
class QueueKey:
    """The queue is the same for every console: nothing to choose."""


@dataclass(frozen=True)
class IncidentRow(QueueRow):
    """An incident as the queue shows it, held by its id."""

    @property
    def key(self) -> int:
        return self.id


QueueSnapshot = Snapshot[QueueKey, IncidentRow]
QueuePatch = Patch[QueueKey, IncidentRow]


class IncidentQueueView(View[QueueKey, IncidentRow]):
    """Open incidents. A patch holds the named incidents still open; the others (closed, resolved,
    deleted) are ``gone``. An agent named under ``AGENT`` (renamed) refreshes the incidents they own."""

    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.INCIDENT, Topic.AGENT})

    def snapshot(self, s: Session, key: QueueKey) -> QueueSnapshot:
        return Snapshot(key, tuple(promote(IncidentRow, r) for r in incidents.open_queue(s)))

    def patch(self, s: Session, key: QueueKey, batch: Changes) -> QueueSnapshot | QueuePatch:
        ids, reload = named(batch)
        if reload or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        asked = set(ids.get(Topic.INCIDENT, ()))
        owners = ids.get(Topic.AGENT)
        if owners:
            asked.update(
                s.scalars(
                    select(Incident.id).where(
                        Incident.owner_agent_id.in_(sorted(owners)),
                        Incident.status.in_(incidents.OPEN_STATUSES),
                    )
                )
            )
        if not asked:
            return Patch(key)
        rows = [promote(IncidentRow, r) for r in incidents.rows_by_id(s, sorted(asked)) if r.is_open]
        return Patch(key, tuple(rows), frozenset(asked - {r.id for r in rows}))


VIEW = IncidentQueueView()
