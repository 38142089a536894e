"""Writes that happen once however many processes try them: a conditional ``UPDATE`` (``… WHERE <not yet
done>``), and the timeline line and audit record written only by the transaction whose UPDATE changed the row.

In one transaction only one writer can find the condition still true: PostgreSQL re-checks it after waiting
for the row lock a concurrent writer holds, and SQLite has one writer at a time. So a breach, an escalation
or an overdue handoff is on the timeline once even if two timer evaluators run at the same moment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session

from console.db.models import IncidentEvent
from console.services.unit import Unit


def changed(session: Session, statement: Executable) -> int:
    """Run an UPDATE (or DELETE); how many rows it changed."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def record_once(
    unit: Unit,
    statement: Executable,
    *,
    incident_id: int,
    at: datetime,
    kind: str,
    action: str,
    data: dict[str, Any],
    message: str = "",
    audit: dict[str, Any] | None = None,
) -> bool:
    """Run the conditional ``statement``; if it changed its row, add the timeline event ``kind`` (with
    ``data``) and the audit record ``action`` (with ``audit``). Returns whether it did."""
    if changed(unit.session, statement) != 1:
        return False
    unit.session.add(
        IncidentEvent(
            incident_id=incident_id, at=at, kind=kind, actor=unit.actor.username, message=message, data=data
        )
    )
    unit.audit(action, "incident", incident_id, **(audit or {}))
    return True
