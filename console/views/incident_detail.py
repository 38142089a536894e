"""One incident in detail, for the pane beside the queue: its header (state, owner, SLAs, escalation,
duplicates), its timeline, its handoffs and the actions legal in its state. Plain frozen rows, no Qt.

A duplicate's pane shows the timeline it had before it was merged (those lines now belong to the surviving
incident and carry ``merged_from_ref``), so nothing disappears from either side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from console.db.models import Agent, Department, Incident, IncidentEvent, IncidentReview, ReviewAction
from console.services import handoffs, runbooks
from console.services.handoffs import HandoffRow
from console.services.incidents import QueueRow, queue_row
from console.services.lifecycle import allowed_actions
from console.services.runbooks import ChecklistLine
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named


@dataclass(frozen=True)
class IncidentHeader(QueueRow):
    """What the top of the pane shows: the queue's row (owner id, resolved and closed moments and hit count
    among its keyword fields) and the rest of the incident."""

    summary: str
    zone_id: int | None
    indicator_id: int | None
    ack_breached_at: datetime | None
    resolve_breached_at: datetime | None
    escalation_level: int
    escalated_to: str | None
    duplicate_of_id: int | None
    duplicate_of_ref: str | None
    dedup_key: str | None
    last_seen_at: datetime | None


@dataclass(frozen=True)
class TimelineLine:
    """One event, oldest first. ``data`` holds what the kind records (who was escalated to, the SLA …)."""

    id: int
    at: datetime
    kind: str
    actor: str
    message: str
    department_id: int | None
    department: str | None
    data: Mapping[str, Any]
    merged_from_ref: str | None


@dataclass(frozen=True)
class IncidentDetail:
    header: IncidentHeader
    timeline: tuple[TimelineLine, ...]
    handoffs: tuple[HandoffRow, ...]  # every handoff, oldest first; see open_handoffs
    allowed_actions: tuple[str, ...]
    duplicates: tuple[tuple[int, str], ...]  # (id, ref) of the incidents merged into this one
    checklist: tuple[ChecklistLine, ...] = ()  # the category's runbook with this incident's ticks
    review_version: int | None = None  # the post-incident review's version; None: not written yet
    open_review_actions: int = 0  # its action items neither done nor deferred

    @property
    def key(self) -> int:
        return self.header.id

    @property
    def open_handoffs(self) -> tuple[HandoffRow, ...]:
        return tuple(h for h in self.handoffs if h.is_open)


def read_detail(s: Session, incident_id: int) -> IncidentDetail | None:
    """The incident ``incident_id`` in detail, or ``None`` if there is no such incident."""
    owner, target, original = aliased(Agent), aliased(Agent), aliased(Incident)
    row = s.execute(
        select(Incident, owner.display_name, target.display_name, original.ref)
        .outerjoin(owner, owner.id == Incident.owner_agent_id)
        .outerjoin(target, target.id == Incident.escalated_to_agent_id)
        .outerjoin(original, original.id == Incident.duplicate_of_id)
        .where(Incident.id == incident_id)
    ).first()
    if row is None:
        return None
    inc, owner_name, target_name, duplicate_of_ref = row
    header = IncidentHeader(
        **{f.name: getattr(queue_row(inc, owner_name), f.name) for f in fields(QueueRow)},
        summary=inc.summary,
        zone_id=inc.zone_id,
        indicator_id=inc.indicator_id,
        ack_breached_at=inc.ack_breached_at,
        resolve_breached_at=inc.resolve_breached_at,
        escalation_level=inc.escalation_level,
        escalated_to=target_name,
        duplicate_of_id=inc.duplicate_of_id,
        duplicate_of_ref=duplicate_of_ref,
        dedup_key=inc.dedup_key,
        last_seen_at=inc.last_seen_at,
    )
    duplicates = tuple(
        (i, ref)
        for i, ref in s.execute(
            select(Incident.id, Incident.ref).where(Incident.duplicate_of_id == inc.id).order_by(Incident.id)
        )
    )
    open_actions = s.scalar(
        select(func.count())
        .select_from(ReviewAction)
        .where(ReviewAction.incident_id == inc.id, ReviewAction.status == "open")
    )
    return IncidentDetail(
        header,
        _timeline(s, inc.id),
        tuple(handoffs.rows(s, incident_id=inc.id)),
        tuple(allowed_actions(inc.status)),
        duplicates,
        runbooks.checklist(s, inc.id, inc.category),
        s.scalar(select(IncidentReview.version).where(IncidentReview.incident_id == inc.id)),
        int(open_actions or 0),
    )


def _timeline(s: Session, incident_id: int) -> tuple[TimelineLine, ...]:
    source = aliased(Incident)
    rows = s.execute(
        select(IncidentEvent, Department.name, source.ref)
        .outerjoin(Department, Department.id == IncidentEvent.department_id)
        .outerjoin(source, source.id == IncidentEvent.merged_from_id)
        .where(or_(IncidentEvent.incident_id == incident_id, IncidentEvent.merged_from_id == incident_id))
        .order_by(IncidentEvent.at, IncidentEvent.id)
    ).all()
    return tuple(
        TimelineLine(
            ev.id,
            ev.at,
            ev.kind,
            ev.actor,
            ev.message,
            ev.department_id,
            dept,
            dict(ev.data or {}),
            merged_from if ev.merged_from_id != incident_id else None,
        )
        for ev, dept, merged_from in rows
    )


@dataclass(frozen=True)
class DetailKey:
    """Which incident the pane shows."""

    incident_id: int


DetailSnapshot = Snapshot[DetailKey, IncidentDetail]


class IncidentDetailView(View[DetailKey, IncidentDetail]):
    """One incident: a snapshot holds its detail (or nothing once it is gone); a batch naming it, or any
    agent or department (a renamed owner or department), reads it again whole (one incident is cheap)."""

    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.INCIDENT, Topic.AGENT, Topic.DEPARTMENT})

    def snapshot(self, s: Session, key: DetailKey) -> DetailSnapshot:
        detail = read_detail(s, key.incident_id)
        return Snapshot(key, () if detail is None else (detail,))

    def patch(
        self, s: Session, key: DetailKey, batch: Changes
    ) -> DetailSnapshot | Patch[DetailKey, IncidentDetail]:
        ids, reload = named(batch)
        if (
            reload
            or key.incident_id in ids.get(Topic.INCIDENT, ())
            or ids.get(Topic.AGENT)
            or ids.get(Topic.DEPARTMENT)
        ):
            return self.snapshot(s, key)
        return Patch(key)


VIEW = IncidentDetailView()
