"""Leave requests and their approval: an approved leave is not an absence, and its type shows.

A request names one agent, a leave type and a range of floor days (both ends included). Approving it marks
the agent's rota assignments in the range ``status='leave'`` with the request's type (it creates nothing
else: days the agent is not rostered stay as they are). Cancelling an approved leave puts the assignments
it marked back on ``scheduled``. Two open requests (requested or approved) of one agent may not overlap.

Who may do what: anyone who records attendance (team leads, analysts, supervisors) may ask for leave and
withdraw a request still waiting; approving, rejecting and cancelling an approved leave change the rota and
need :attr:`Perm.MANAGE_ROTA`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, LeaveRequest, RotaAssignment
from console.errors import Conflict, InvalidInput, NotFound, WatchfloorError
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.ROTA  # leave_requests feed the rota topic, keyed by agent (migration 0012)

LEAVE_TYPES = ("annual", "sick", "emergency")
LEAVE_TITLES = {
    "annual": QT_TRANSLATE_NOOP("Leave", "annual"),
    "sick": QT_TRANSLATE_NOOP("Leave", "sick"),
    "emergency": QT_TRANSLATE_NOOP("Leave", "emergency"),
}
STATUSES = ("requested", "approved", "rejected", "cancelled")
STATUS_TITLES = {
    "requested": QT_TRANSLATE_NOOP("Leave", "requested"),
    "approved": QT_TRANSLATE_NOOP("Leave", "approved"),
    "rejected": QT_TRANSLATE_NOOP("Leave", "rejected"),
    "cancelled": QT_TRANSLATE_NOOP("Leave", "cancelled"),
}
OPEN = ("requested", "approved")
LONGEST_DAYS = 92  # a request longer than a quarter is a typing error, not a leave


class LeaveOverlaps(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{agent} already has leave {status} from {first} to {last} (request {id}): "
        "change or cancel that one instead.",
    )
    translated_fields = {"status": "Leave"}


class LeaveNotOpen(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Leave request {id} is {status}: it can no longer be {action}.")
    translated_fields = {"status": "Leave", "action": "Leave"}


# The actions LeaveNotOpen names, marked for lupdate.
ACTIONS = {
    "approve": QT_TRANSLATE_NOOP("Leave", "approved"),
    "reject": QT_TRANSLATE_NOOP("Leave", "rejected"),
    "cancel": QT_TRANSLATE_NOOP("Leave", "cancelled"),
}


@dataclass(frozen=True)
class LeaveLine:
    """One leave request as lists show it."""

    id: int
    agent_id: int
    agent: str
    leave_type: str
    first_day: date
    last_day: date
    status: str
    reason: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def request(
    db: Database,
    actor: Actor,
    agent_id: int,
    leave_type: str,
    first_day: date,
    last_day: date,
    reason: str = "",
) -> int:
    """Ask for leave for ``agent_id``; returns the request's id.

    Raises:
        InvalidInput: an unknown type, a range that ends before it starts or is longer than 92 days.
        NotFound: no such agent.
        LeaveOverlaps: the agent already has an open request touching one of these days.
    """
    if leave_type not in LEAVE_TYPES:
        raise InvalidInput(detail=f"leave type {leave_type!r} (annual, sick or emergency)")
    if last_day < first_day:
        raise InvalidInput(detail=f"leave ends {last_day} before it starts {first_day}")
    if (last_day - first_day).days + 1 > LONGEST_DAYS:
        raise InvalidInput(detail=f"leave of {(last_day - first_day).days + 1} days (at most {LONGEST_DAYS})")
    reason = reason.strip()
    if len(reason) > 200:
        raise InvalidInput(detail="reason longer than 200 characters")
    with unit_of_work(db, actor, Perm.RECORD_ATTENDANCE) as unit:
        s = unit.session
        agent = s.get(Agent, agent_id)
        if agent is None:
            raise NotFound(what="Agent", key=agent_id)
        _refuse_overlap(s, agent, first_day, last_day)
        row = LeaveRequest(
            agent_id=agent_id,
            leave_type=leave_type,
            first_day=first_day,
            last_day=last_day,
            status="requested",
            reason=reason,
            requested_by=actor.username,
            requested_at=utcnow(),
        )
        s.add(row)
        s.flush()
        unit.audit(
            "leave.request",
            "leave_request",
            row.id,
            agent_id=agent_id,
            leave_type=leave_type,
            first_day=first_day.isoformat(),
            last_day=last_day.isoformat(),
        )
        return row.id


def _refuse_overlap(
    s: Session, agent: Agent, first_day: date, last_day: date, *, but: int | None = None
) -> None:
    q = select(LeaveRequest).where(
        LeaveRequest.agent_id == agent.id,
        LeaveRequest.status.in_(OPEN),
        LeaveRequest.first_day <= last_day,
        LeaveRequest.last_day >= first_day,
    )
    if but is not None:
        q = q.where(LeaveRequest.id != but)
    other = s.scalars(q.order_by(LeaveRequest.first_day).limit(1)).first()
    if other is not None:
        raise LeaveOverlaps(
            agent=agent.display_name,
            status=other.status,
            first=other.first_day.isoformat(),
            last=other.last_day.isoformat(),
            id=other.id,
        )


def approve(db: Database, actor: Actor, request_id: int) -> int:
    """Approve a waiting request: the agent's rostered shifts in its range become leave of its type.

    Returns how many rota assignments were marked.
    """
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        row = _open(s, request_id, "approve", ("requested",))
        agent = s.get(Agent, row.agent_id)
        assert agent is not None
        _refuse_overlap(s, agent, row.first_day, row.last_day, but=row.id)
        row.status = "approved"
        row.decided_by = actor.username
        row.decided_at = utcnow()
        marked = _count(
            s,
            update(RotaAssignment)
            .where(
                RotaAssignment.agent_id == row.agent_id,
                RotaAssignment.shift_date >= row.first_day,
                RotaAssignment.shift_date <= row.last_day,
                RotaAssignment.status == "scheduled",
            )
            .values(status="leave", leave_type=row.leave_type),
        )
        unit.audit("leave.approve", "leave_request", row.id, agent_id=row.agent_id, shifts=marked)
        return marked


def reject(db: Database, actor: Actor, request_id: int) -> None:
    """Turn a waiting request down; nothing else changes."""
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        row = _open(unit.session, request_id, "reject", ("requested",))
        row.status = "rejected"
        row.decided_by = actor.username
        row.decided_at = utcnow()
        unit.audit("leave.reject", "leave_request", row.id, agent_id=row.agent_id)


def cancel(db: Database, actor: Actor, request_id: int) -> int:
    """Withdraw a request. An approved one puts the shifts it marked back on the rota (``scheduled``).

    Withdrawing a waiting request needs only :attr:`Perm.RECORD_ATTENDANCE`; cancelling an approved leave
    changes the rota and needs :attr:`Perm.MANAGE_ROTA`. Returns how many assignments were restored.
    """
    with db.reading() as s:
        row = s.get(LeaveRequest, request_id)
        status = row.status if row is not None else None
    perm = Perm.MANAGE_ROTA if status == "approved" else Perm.RECORD_ATTENDANCE
    with unit_of_work(db, actor, perm) as unit:
        s = unit.session
        row = _open(s, request_id, "cancel", OPEN)
        if row.status != status:  # approved between our read and this write: someone else acted
            raise Conflict(what=f"Leave request {request_id}", who=row.decided_by or row.requested_by)
        restored = 0
        if row.status == "approved":
            restored = _count(
                s,
                update(RotaAssignment)
                .where(
                    RotaAssignment.agent_id == row.agent_id,
                    RotaAssignment.shift_date >= row.first_day,
                    RotaAssignment.shift_date <= row.last_day,
                    RotaAssignment.status == "leave",
                    RotaAssignment.leave_type == row.leave_type,
                )
                .values(status="scheduled", leave_type=None),
            )
        row.status = "cancelled"
        row.decided_by = actor.username
        row.decided_at = utcnow()
        unit.audit("leave.cancel", "leave_request", row.id, agent_id=row.agent_id, shifts=restored)
        return restored


def _count(s: Session, statement: Update) -> int:
    """Rows an UPDATE changed."""
    return int(cast(CursorResult[Any], s.execute(statement)).rowcount or 0)


def _open(s: Session, request_id: int, action: str, allowed: tuple[str, ...]) -> LeaveRequest:
    row = s.get(LeaveRequest, request_id, with_for_update=True)
    if row is None:
        raise NotFound(what="Leave request", key=request_id)
    if row.status not in allowed:
        raise LeaveNotOpen(id=request_id, status=row.status, action=ACTIONS[action])
    return row


def requests(
    s: Session,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
    statuses: tuple[str, ...] | None = None,
    agent_ids: list[int] | None = None,
) -> list[LeaveLine]:
    """Leave requests touching ``first_day .. last_day`` (either end open); waiting ones first, by day."""
    q = select(LeaveRequest, Agent.display_name).join(Agent, Agent.id == LeaveRequest.agent_id)
    if first_day is not None:
        q = q.where(LeaveRequest.last_day >= first_day)
    if last_day is not None:
        q = q.where(LeaveRequest.first_day <= last_day)
    if statuses is not None:
        q = q.where(LeaveRequest.status.in_(statuses))
    if agent_ids is not None:
        q = q.where(LeaveRequest.agent_id.in_(agent_ids))
    rows = s.execute(q.order_by(LeaveRequest.first_day, Agent.display_name, LeaveRequest.id)).all()
    lines = [
        LeaveLine(
            id=r.id,
            agent_id=r.agent_id,
            agent=name,
            leave_type=r.leave_type,
            first_day=r.first_day,
            last_day=r.last_day,
            status=r.status,
            reason=r.reason,
            requested_by=r.requested_by,
            requested_at=r.requested_at,
            decided_by=r.decided_by,
            decided_at=r.decided_at,
        )
        for r, name in rows
    ]
    return sorted(lines, key=lambda line: line.status != "requested")  # stable: by day within each


def agent_choices(s: Session) -> list[tuple[int, str, str]]:
    """``(id, display name, employee number)`` of every agent, by name: whom leave may be asked for."""
    return [
        (i, name, no)
        for i, name, no in s.execute(
            select(Agent.id, Agent.display_name, Agent.employee_no).order_by(Agent.display_name)
        )
    ]
