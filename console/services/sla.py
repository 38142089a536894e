"""SLA targets (per category and severity, configurable) and recording a breach exactly once.

A breach is recorded by whichever process finds it first: the timer leader (:mod:`console.timers`) for an
incident still waiting, or the move that acknowledges or resolves it late. Both use the same conditional
``UPDATE … WHERE ack_breached_at IS NULL``: in one transaction only one writer can see the column empty
(PostgreSQL re-checks the condition after waiting for the row lock, SQLite has one writer at a time), and only
that writer adds the ``sla_breached`` event, so it is on the timeline once however many processes look.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Incident, IncidentSla
from console.errors import InvalidInput
from console.services.once import record_once
from console.services.unit import Unit, unit_of_work

# Severity defaults (acknowledge, resolve): shared/DOMAIN.md. A category without its own row takes these.
DEFAULTS: dict[int, tuple[timedelta, timedelta]] = {
    1: (timedelta(minutes=5), timedelta(hours=1)),
    2: (timedelta(minutes=15), timedelta(hours=4)),
    3: (timedelta(hours=1), timedelta(days=1)),
    4: (timedelta(hours=4), timedelta(days=3)),
}
WHICH = ("ack", "resolve")
_INCIDENTS = cast(Table, Incident.__table__)


def targets(s: Session, category: str, severity: int) -> tuple[timedelta, timedelta]:
    """(acknowledge, resolve) for an incident of ``category`` and ``severity``."""
    row = s.get(IncidentSla, (category, severity))
    if row is None:
        return DEFAULTS[severity]
    return timedelta(minutes=row.ack_minutes), timedelta(minutes=row.resolve_minutes)


def set_targets(
    db: Database, actor: Actor, category: str, severity: int, *, ack_minutes: int, resolve_minutes: int
) -> None:
    """Set the SLA of one category and severity (incidents opened from now on get it)."""
    from console.services.incidents import CATEGORIES

    if category not in CATEGORIES:
        raise InvalidInput(detail=f"incident category {category!r}")
    if severity not in DEFAULTS:
        raise InvalidInput(detail=f"severity P{severity}")
    if not 1 <= ack_minutes <= resolve_minutes <= 60 * 24 * 90:
        raise InvalidInput(detail=f"SLA {ack_minutes} / {resolve_minutes} min")
    with unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        s = unit.session
        row = s.get(IncidentSla, (category, severity))
        before = None if row is None else [row.ack_minutes, row.resolve_minutes]
        if row is None:
            row = IncidentSla(category=category, severity=severity)
            s.add(row)
        row.ack_minutes, row.resolve_minutes = ack_minutes, resolve_minutes
        unit.audit(
            "incident.set_sla",
            "incident_sla",
            f"{category}/P{severity}",
            before=before,
            after=[ack_minutes, resolve_minutes],
        )


def record_breach(unit: Unit, incident_id: int, which: str, due: datetime, now: datetime) -> bool:
    """Record that ``which`` SLA ("ack" or "resolve") of an incident ran out at ``due``, unless someone
    already did. Returns whether this call recorded it (then it also wrote the event and the audit)."""
    column = _INCIDENTS.c[f"{which}_breached_at"]
    return record_once(
        unit,
        update(_INCIDENTS).where(_INCIDENTS.c.id == incident_id, column.is_(None)).values({column.name: due}),
        incident_id=incident_id,
        at=due,
        kind="sla_breached",
        action="incident.sla_breached",
        data={"sla": which, "due_at": due.isoformat(), "recorded_at": now.isoformat()},
        audit={"sla": which, "due_at": due.isoformat()},
    )


def late_breaches(unit: Unit, inc: Incident, now: datetime) -> None:
    """After a move: record the SLAs it met late (acknowledged or resolved after the due time), once."""
    if (
        inc.ack_breached_at is None
        and inc.acknowledged_at is not None
        and inc.acknowledged_at > inc.ack_due_at
    ):
        record_breach(unit, inc.id, "ack", inc.ack_due_at, now)
    if (
        inc.resolve_breached_at is None
        and inc.resolved_at is not None
        and inc.resolved_at > inc.resolve_due_at
    ):
        record_breach(unit, inc.id, "resolve", inc.resolve_due_at, now)


def due_breaches(
    s: Session, now: datetime, open_statuses: tuple[str, ...]
) -> list[tuple[int, str, datetime]]:
    """``(incident id, "ack" | "resolve", due)`` for every worked incident whose SLA ran out unrecorded."""
    i = Incident
    out: list[tuple[int, str, datetime]] = []
    for inc_id, due in s.execute(
        select(i.id, i.ack_due_at).where(
            i.status.in_(open_statuses),
            i.acknowledged_at.is_(None),
            i.ack_breached_at.is_(None),
            i.ack_due_at <= now,
        )
    ):
        out.append((inc_id, "ack", due))
    for inc_id, due in s.execute(
        select(i.id, i.resolve_due_at).where(
            i.status.in_(open_statuses), i.resolve_breached_at.is_(None), i.resolve_due_at <= now
        )
    ):
        out.append((inc_id, "resolve", due))
    return sorted(out)
