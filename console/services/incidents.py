"""Incidents: open one, work it through its states, and read the queue.

The full lifecycle (claim locking, handoffs, reviews) grows here in later issues; the shape is set now:
every transition checks the role and the row's ``version`` and writes a timeline event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, Incident, IncidentEvent
from console.errors import Conflict, InvalidInput, NotFound
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import Unit, unit_of_work
from console.topics import Topic

TOPIC = Topic.INCIDENT  # what the feed names when this module's tables change (written by the database)

# Default SLAs per severity: (acknowledge, resolve). Shared/DOMAIN.md; configurable later.
SLA: dict[int, tuple[timedelta, timedelta]] = {
    1: (timedelta(minutes=5), timedelta(hours=1)),
    2: (timedelta(minutes=15), timedelta(hours=4)),
    3: (timedelta(hours=1), timedelta(days=1)),
    4: (timedelta(hours=4), timedelta(days=3)),
}

CATEGORIES = {
    "ato_wave": QT_TRANSLATE_NOOP("Category", "Credential stuffing / ATO wave"),
    "withdrawal_anomaly": QT_TRANSLATE_NOOP("Category", "Withdrawal anomaly"),
    "fraud_wave": QT_TRANSLATE_NOOP("Category", "Deposit / chargeback fraud wave"),
    "kyc_fraud_ring": QT_TRANSLATE_NOOP("Category", "KYC document-fraud ring"),
    "aml_spike": QT_TRANSLATE_NOOP("Category", "Sanctions / AML alert spike"),
    "p2p_scam": QT_TRANSLATE_NOOP("Category", "P2P scam wave"),
    "tooling_outage": QT_TRANSLATE_NOOP("Category", "Internal tooling outage"),
    "feed_failure": QT_TRANSLATE_NOOP("Category", "Data feed failure"),
    "policy_breach": QT_TRANSLATE_NOOP("Category", "Insider / policy breach"),
}

STATUSES = {
    "open": QT_TRANSLATE_NOOP("Status", "Open"),
    "acknowledged": QT_TRANSLATE_NOOP("Status", "Acknowledged"),
    "escalated": QT_TRANSLATE_NOOP("Status", "Escalated"),
    "resolved": QT_TRANSLATE_NOOP("Status", "Resolved"),
    "closed": QT_TRANSLATE_NOOP("Status", "Closed"),
}
OPEN_STATUSES = ("open", "acknowledged", "escalated")

# Allowed transitions: status -> statuses it may move to.
TRANSITIONS = {
    "open": {"acknowledged", "escalated", "resolved"},
    "acknowledged": {"escalated", "resolved"},
    "escalated": {"acknowledged", "resolved"},
    "resolved": {"closed", "open"},
    "closed": {"open"},
}


def open_incident(
    db: Database,
    actor: Actor,
    *,
    title: str,
    category: str,
    severity: int,
    summary: str = "",
    indicator_id: int | None = None,
    zone_id: int | None = None,
    at: datetime | None = None,
) -> int:
    """Open a new incident with SLA due times from its severity. Returns its id."""
    title = title.strip()
    if not title:
        raise InvalidInput(detail="empty incident title")
    if category not in CATEGORIES:
        raise InvalidInput(detail=f"incident category {category!r}")
    if severity not in SLA:
        raise InvalidInput(detail=f"severity P{severity}")
    at = at or utcnow()
    ack, resolve = SLA[severity]
    with unit_of_work(db, actor, Perm.OPEN_INCIDENT) as unit:
        s = unit.session
        inc = Incident(
            ref="pending",
            title=title[:200],
            category=category,
            severity=severity,
            status="open",
            summary=summary,
            indicator_id=indicator_id,
            zone_id=zone_id,
            opened_at=at,
            ack_due_at=at + ack,
            resolve_due_at=at + resolve,
            version=1,
        )
        s.add(inc)
        s.flush()
        inc.ref = f"INC-{at:%y%m%d}-{inc.id:05d}"
        s.add(IncidentEvent(incident_id=inc.id, at=at, kind="opened", actor=actor.username, message=title))
        unit.audit("incident.open", "incident", inc.id, ref=inc.ref, severity=severity, category=category)
        return inc.id


def transition(
    db: Database,
    actor: Actor,
    incident_id: int,
    to_status: str,
    *,
    expected_version: int,
    owner_agent_id: int | None = None,
    department_id: int | None = None,
    message: str = "",
    at: datetime | None = None,
) -> int:
    """Move an incident to ``to_status`` (acknowledge, escalate, resolve, close, reopen). Returns new version.

    ``expected_version`` is the version the caller saw (required): if someone changed the incident since,
    or changes it concurrently, this raises :class:`Conflict` naming who, and writes nothing.
    """
    at = at or utcnow()
    try:
        return _transition(
            db, actor, incident_id, to_status, expected_version, owner_agent_id, department_id, message, at
        )
    except Conflict as exc:
        if "who" not in exc.fields:
            raise _conflict(db, incident_id, exc.fields.get("what", incident_id)) from exc
        raise


def _transition(
    db: Database,
    actor: Actor,
    incident_id: int,
    to_status: str,
    expected_version: int,
    owner_agent_id: int | None,
    department_id: int | None,
    message: str,
    at: datetime,
) -> int:
    with unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        inc = _load(unit, incident_id, expected_version)
        if owner_agent_id is not None:
            _check_agent(unit.session, owner_agent_id)
        if to_status not in TRANSITIONS.get(inc.status, set()):
            raise InvalidInput(detail=f"{inc.ref}: {inc.status} → {to_status}")
        kind = {
            "acknowledged": "acknowledged",
            "escalated": "escalated",
            "resolved": "resolved",
            "closed": "closed",
            "open": "reopened",
        }[to_status]
        before = {"status": inc.status, "owner_agent_id": inc.owner_agent_id}
        if to_status == "acknowledged":
            inc.acknowledged_at = inc.acknowledged_at or at
            if owner_agent_id is not None:
                inc.owner_agent_id = owner_agent_id
        elif to_status == "resolved":
            inc.resolved_at = at
        elif to_status == "closed":
            inc.closed_at = at
        elif to_status == "open":
            inc.resolved_at = inc.closed_at = None
        inc.status = to_status
        data: dict[str, Any] = {}
        if owner_agent_id is not None:
            data["owner_agent_id"] = owner_agent_id
        unit.session.add(
            IncidentEvent(
                incident_id=inc.id,
                at=at,
                kind=kind,
                actor=actor.username,
                department_id=department_id,
                message=message,
                data=data or None,
            )
        )
        return _finish(unit, inc, f"incident.{kind}", before)


def _check_agent(s: Session, agent_id: int) -> None:
    if s.get(Agent, agent_id) is None:
        raise NotFound(what="Agent", key=agent_id)


def _load(unit: Unit, incident_id: int, expected_version: int) -> Incident:
    inc = unit.session.get(Incident, incident_id)
    if inc is None:
        raise NotFound(what="Incident", key=incident_id)
    if inc.version != expected_version:
        raise Conflict(what=inc.ref)
    return inc


def _conflict(db: Database, incident_id: int, what: object) -> Conflict:
    """The conflict as the loser should hear it: who made the change that won, read after the rollback."""
    with db.reading() as s:
        row = s.execute(
            select(Incident.ref, IncidentEvent.actor)
            .join(IncidentEvent, IncidentEvent.incident_id == Incident.id)
            .where(Incident.id == incident_id)
            .order_by(IncidentEvent.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return Conflict(what=what)
    return Conflict(what=row.ref, who=row.actor)


def _finish(unit: Unit, inc: Incident, action: str, before: dict[str, Any] | None = None) -> int:
    """Bump the version (optimistic lock) and audit the change, with what it changed ``before`` → after."""
    ref = inc.ref  # read now: a failed flush rolls back and expires the object
    inc.version += 1
    try:
        unit.session.flush()
    except StaleDataError as exc:
        raise Conflict(what=ref) from exc
    extra: dict[str, Any] = {}
    if before is not None:
        after = {"status": inc.status, "owner_agent_id": inc.owner_agent_id}
        changed = [k for k in before if before[k] != after[k]]
        extra = {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}
    unit.audit(action, "incident", inc.id, ref=inc.ref, status=inc.status, version=inc.version, **extra)
    return inc.version


@dataclass(frozen=True)
class QueueRow:
    """An incident as the queue shows it."""

    id: int
    ref: str
    title: str
    category: str
    severity: int
    status: str
    owner: str | None
    opened_at: datetime
    ack_due_at: datetime
    resolve_due_at: datetime
    acknowledged_at: datetime | None
    version: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def sla_due(self) -> datetime:
        """The next SLA that matters: acknowledge while unacknowledged, then resolve."""
        return self.ack_due_at if self.acknowledged_at is None else self.resolve_due_at


def _queue_select() -> Any:
    return select(Incident, Agent.display_name).outerjoin(Agent, Agent.id == Incident.owner_agent_id)


def _row(inc: Incident, owner: str | None) -> QueueRow:
    return QueueRow(
        inc.id,
        inc.ref,
        inc.title,
        inc.category,
        inc.severity,
        inc.status,
        owner,
        inc.opened_at,
        inc.ack_due_at,
        inc.resolve_due_at,
        inc.acknowledged_at,
        inc.version,
    )


def open_queue(s: Session) -> list[QueueRow]:
    rows = s.execute(_queue_select().where(Incident.status.in_(OPEN_STATUSES)).order_by(Incident.id)).all()
    return [_row(i, o) for i, o in rows]


def rows_by_id(s: Session, ids: list[int]) -> list[QueueRow]:
    """Current state of the given incidents, open or not (the queue drops the ones no longer open)."""
    rows = s.execute(_queue_select().where(Incident.id.in_(ids)).order_by(Incident.id)).all()
    return [_row(i, o) for i, o in rows]


def count_by_status(s: Session) -> dict[str, int]:
    return {
        status: n for status, n in s.execute(select(Incident.status, func.count()).group_by(Incident.status))
    }
