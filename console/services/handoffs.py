"""Closed-loop handoffs: the floor asks a department (Risk Management, Compliance, Customer Service,
Security, …) to do something for an incident and follows it until the loop is closed.

    request (floor) → acknowledge (department) → respond (department) → close (floor)

The due time comes from the department's handoff SLA. A department's acknowledgement and answer are recorded
by one of its users, or entered by someone on the floor for them with ``confirmed_by`` naming who confirmed
it (on the phone, in chat). Every step is on the incident's timeline and in the audit log. A handoff is
*overdue* while its due time has passed without an answer (:func:`overdue`, a query); the timer leader also
writes a ``handoff_overdue`` event once (:func:`record_overdue`). An incident with an open handoff is
resolved only with an override reason (:func:`console.services.incidents.transition`).

Versions: a request bumps the incident's version (it changes whether the incident may be resolved, so a
resolve racing it loses with :class:`Conflict`); acknowledgements, answers and closing do not. Each step is
taken once: the second workstation to acknowledge or answer the same handoff gets :class:`Conflict` naming
the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Department, Incident, IncidentEvent, IncidentHandoff
from console.errors import (
    Conflict,
    HandoffClosed,
    HandoffUnanswered,
    IllegalTransition,
    InvalidInput,
    NotFound,
)
from console.floortime import utcnow
from console.services import incidents
from console.services.lifecycle import HAND_OFF_VERB, OPEN_STATUSES, STATUSES
from console.services.offline import reachable
from console.services.once import changed, record_once
from console.services.unit import Unit, unit_of_work

# Handoff SLA by department code when the department has none of its own: (minutes, for a P1 incident).
DEFAULT_MINUTES = {
    "risk_mgmt": (30, None),
    "compliance": (60, 15),
    "customer_service": (120, None),
    "cs": (120, None),
}
FALLBACK_MINUTES = 60
_HANDOFFS = cast(Table, IncidentHandoff.__table__)


def sla_minutes(dept: Department, severity: int) -> int:
    """How long ``dept`` has to answer a handoff of an incident of ``severity``."""
    default, default_p1 = DEFAULT_MINUTES.get(dept.code, (FALLBACK_MINUTES, None))
    minutes = dept.handoff_minutes or default
    if severity == 1:
        return dept.handoff_p1_minutes or default_p1 or minutes
    return minutes


def set_sla(
    db: Database, actor: Actor, department_id: int, minutes: int, p1_minutes: int | None = None
) -> None:
    """Set a department's handoff SLA (``p1_minutes`` for P1 incidents, if shorter)."""
    if not 1 <= minutes <= 60 * 24 * 30 or (p1_minutes is not None and not 1 <= p1_minutes <= minutes):
        raise InvalidInput(detail=f"handoff SLA {minutes} / {p1_minutes} min")
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        dept = unit.session.get(Department, department_id)
        if dept is None:
            raise NotFound(what="Department", key=department_id)
        before = [dept.handoff_minutes, dept.handoff_p1_minutes]
        dept.handoff_minutes, dept.handoff_p1_minutes = minutes, p1_minutes
        unit.audit("org.set_handoff_sla", "department", dept.id, before=before, after=[minutes, p1_minutes])


def request(
    db: Database,
    actor: Actor,
    incident_id: int,
    department_id: int,
    action: str,
    *,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> int:
    """Hand ``action`` (what the floor asks for) to a department. Returns the handoff's id.

    Only while the incident is worked. Bumps the incident's version (checked against ``expected_version``
    when given).
    """
    action = action.strip()
    if not action:
        raise InvalidInput(detail="empty handoff request")
    at = at or utcnow()
    with incidents._conflicts_named(db, incident_id), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        s = unit.session
        inc = incidents._load(unit, incident_id, expected_version)
        if inc.status not in OPEN_STATUSES:
            raise IllegalTransition(
                ref=inc.ref, status=STATUSES.get(inc.status, inc.status), verb=HAND_OFF_VERB
            )
        dept = s.get(Department, department_id)
        if dept is None:
            raise NotFound(what="Department", key=department_id)
        handoff = IncidentHandoff(
            incident_id=inc.id,
            department_id=dept.id,
            action=action,
            requested_by=actor.username,
            requested_at=at,
            due_at=at + timedelta(minutes=sla_minutes(dept, inc.severity)),
        )
        s.add(handoff)
        s.flush()
        _event(unit, handoff, "handoff_request", at, action, due_at=handoff.due_at.isoformat())
        incidents._finish(
            unit, inc, "incident.handoff_request", None, handoff_id=handoff.id, department=dept.code
        )
        return handoff.id


def acknowledge(
    db: Database,
    actor: Actor,
    handoff_id: int,
    *,
    confirmed_by: str | None = None,
    at: datetime | None = None,
) -> None:
    """The department has seen the handoff (``confirmed_by``: who of it, when entered for them)."""
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        handoff = _open(unit, handoff_id)
        _once(unit, handoff, "acknowledged", {"acknowledged_at": at, "acknowledged_by": actor.username})
        _confirm(handoff, confirmed_by)
        _event(unit, handoff, "handoff_ack", at, "", confirmed_by=confirmed_by)


def respond(
    db: Database,
    actor: Actor,
    handoff_id: int,
    response: str,
    *,
    confirmed_by: str | None = None,
    at: datetime | None = None,
) -> None:
    """The department's answer (acknowledging it too, if that was not recorded). An answer after the due
    time records the handoff overdue, once, if the timer leader had not yet."""
    response = response.strip()
    if not response:
        raise InvalidInput(detail="empty handoff response")
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        handoff = _open(unit, handoff_id)
        _once(
            unit,
            handoff,
            "responded",
            {"response": response, "responded_at": at, "responded_by": actor.username},
        )
        if handoff.acknowledged_at is None:
            handoff.acknowledged_at, handoff.acknowledged_by = at, actor.username
        _confirm(handoff, confirmed_by)
        _event(unit, handoff, "handoff_response", at, response, confirmed_by=confirmed_by)
        if at > handoff.due_at:
            record_overdue(unit, handoff.id, handoff.incident_id, handoff.due_at, at)


def close(
    db: Database, actor: Actor, handoff_id: int, *, reason: str = "", at: datetime | None = None
) -> None:
    """Close the loop: the floor has what it asked for. A handoff never answered closes only with a
    ``reason`` (withdrawn, overtaken by events), else :class:`HandoffUnanswered`."""
    reason = reason.strip()
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        handoff = _open(unit, handoff_id)
        if handoff.responded_at is None and not reason:
            raise HandoffUnanswered(
                department=_department(unit.session, handoff), ref=_ref(unit.session, handoff)
            )
        _once(
            unit,
            handoff,
            "closed",
            {"closed_at": at, "closed_by": actor.username, "close_note": reason or None},
        )
        _event(unit, handoff, "handoff_closed", at, reason, answered=handoff.responded_at is not None)


def record_overdue(unit: Unit, handoff_id: int, incident_id: int, due: datetime, now: datetime) -> bool:
    """Record that a handoff went unanswered past its due time, unless someone already did (a conditional
    UPDATE: once, however many processes look). Returns whether this call recorded it."""
    t = _HANDOFFS
    return record_once(
        unit,
        update(t).where(t.c.id == handoff_id, t.c.overdue_at.is_(None)).values(overdue_at=due),
        incident_id=incident_id,
        at=due,
        kind="handoff_overdue",
        action="handoff.overdue",
        data={"handoff_id": handoff_id, "due_at": due.isoformat(), "recorded_at": now.isoformat()},
        audit={"handoff_id": handoff_id, "due_at": due.isoformat()},
    )


def due_overdue(s: Session, now: datetime) -> list[tuple[int, int, datetime]]:
    """(handoff id, incident id, due) of open, unanswered handoffs past due and not yet recorded overdue."""
    h = IncidentHandoff
    return [
        (hid, inc, due)
        for hid, inc, due in s.execute(
            select(h.id, h.incident_id, h.due_at)
            .where(h.closed_at.is_(None), h.due_at <= now, h.responded_at.is_(None), h.overdue_at.is_(None))
            .order_by(h.id)
        )
    ]


@dataclass(frozen=True)
class HandoffRow:
    """A handoff as a console shows it."""

    id: int
    incident_id: int
    incident_ref: str
    department_id: int
    department_code: str
    department: str
    action: str
    requested_by: str
    requested_at: datetime
    due_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    response: str | None
    responded_at: datetime | None
    responded_by: str | None
    confirmed_by: str | None
    closed_at: datetime | None
    closed_by: str | None
    close_note: str | None
    overdue_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self, now: datetime) -> bool:
        """Past its due time without an answer (and not closed)."""
        return self.is_open and self.responded_at is None and now >= self.due_at


def rows(s: Session, *, incident_id: int | None = None, open_only: bool = False) -> list[HandoffRow]:
    """Handoffs (of one incident, or all), oldest first."""
    h = IncidentHandoff
    where = [] if incident_id is None else [h.incident_id == incident_id]
    if open_only:
        where.append(h.closed_at.is_(None))
    return _select(s, *where)


def overdue(s: Session, now: datetime) -> list[HandoffRow]:
    """Every open handoff past its due time without an answer (what "Waiting on departments" flags)."""
    h = IncidentHandoff
    return _select(s, h.closed_at.is_(None), h.responded_at.is_(None), h.due_at <= now)


def _select(s: Session, *where: Any) -> list[HandoffRow]:
    h = IncidentHandoff
    q = (
        select(h, Incident.ref, Department.code, Department.name)
        .join(Incident, Incident.id == h.incident_id)
        .join(Department, Department.id == h.department_id)
        .where(*where)
        .order_by(h.id)
    )
    return [_row(x, ref, code, name) for x, ref, code, name in s.execute(q)]


def _row(h: IncidentHandoff, ref: str, code: str, name: str) -> HandoffRow:
    return HandoffRow(
        h.id,
        h.incident_id,
        ref,
        h.department_id,
        code,
        name,
        h.action,
        h.requested_by,
        h.requested_at,
        h.due_at,
        h.acknowledged_at,
        h.acknowledged_by,
        h.response,
        h.responded_at,
        h.responded_by,
        h.confirmed_by,
        h.closed_at,
        h.closed_by,
        h.close_note,
        h.overdue_at,
    )


def _open(unit: Unit, handoff_id: int) -> IncidentHandoff:
    handoff = unit.session.get(IncidentHandoff, handoff_id)
    if handoff is None:
        raise NotFound(what="Handoff", key=handoff_id)
    if handoff.closed_at is not None:
        raise HandoffClosed(ref=_ref(unit.session, handoff), department=_department(unit.session, handoff))
    return handoff


def _once(unit: Unit, handoff: IncidentHandoff, step: str, values: dict[str, Any]) -> None:
    """Take ``step`` ("acknowledged", "responded", "closed") if nobody has: a conditional UPDATE, so of two
    workstations at once exactly one does; the other gets :class:`Conflict` naming the first."""
    t = _HANDOFFS
    s = unit.session
    taken = update(t).where(t.c.id == handoff.id, t.c[f"{step}_at"].is_(None), t.c.closed_at.is_(None))
    if changed(s, taken.values(values)) != 1:
        s.refresh(handoff)
        who = getattr(handoff, f"{step}_by") or handoff.closed_by or "?"
        raise Conflict(what=f"{_ref(s, handoff)} → {_department(s, handoff)}", who=who)
    s.refresh(handoff)


def _confirm(handoff: IncidentHandoff, confirmed_by: str | None) -> None:
    name = (confirmed_by or "").strip()[:120]
    if name:
        handoff.confirmed_by = name


def _event(unit: Unit, handoff: IncidentHandoff, kind: str, at: datetime, message: str, **data: Any) -> None:
    unit.session.add(
        IncidentEvent(
            incident_id=handoff.incident_id,
            at=at,
            kind=kind,
            actor=unit.actor.username,
            department_id=handoff.department_id,
            message=message,
            data={"handoff_id": handoff.id, **{k: v for k, v in data.items() if v is not None}},
        )
    )
    if kind != "handoff_request":
        unit.audit(
            f"handoff.{kind.removeprefix('handoff_')}", "incident", handoff.incident_id, handoff_id=handoff.id
        )


def _ref(s: Session, handoff: IncidentHandoff) -> str:
    return s.scalar(select(Incident.ref).where(Incident.id == handoff.incident_id)) or "?"


def _department(s: Session, handoff: IncidentHandoff) -> str:
    return s.scalar(select(Department.name).where(Department.id == handoff.department_id)) or "?"
