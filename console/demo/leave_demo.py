"""The demo floor's leave requests and attendance notes, so the attendance dock has them to show.

Every block of leave already on the demo rota gets the request behind it (approved by the supervisor; sick
days asked for on the day, annual leave a week or two ahead), a few agents have requests waiting for the
coming fortnight (one turned down), and about a third of the late clock-ins carry the reason the supervisor
noted. Written in one unit each, inside the demo's single transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import select, update

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import AttendanceEvent, LeaveRequest, RotaAssignment
from console.demo.people import AgentPlan
from console.demo.schedule import Leave
from console.services.attendance import GRACE
from console.services.unit import unit_of_work

LATE_REASONS = (
    "Traffic on the Federal Highway",
    "LRT Kelana Jaya line delay",
    "Heavy rain, Grab cancelled twice",
    "Took child to clinic, called ahead",
    "Badge reader at lobby gate down",
    "Overslept after night shift swap",
)
SICK_REASONS = ("Fever, MC to follow", "Food poisoning", "Migraine", "Dental emergency")
ANNUAL_REASONS = ("Family trip", "Wedding in Penang", "Hari Raya visit home", "Personal matters", "")
WAITING_REASONS = ("Cousin's wedding in Ipoh", "Moving house", "Exam leave", "Family visit from Sabah")


def blocks(leave: Leave) -> Iterator[tuple[str, date, date]]:
    """Runs of consecutive days of one leave type: ``(type, first, last)``."""
    run: list[date] = []
    kind = ""
    for day in sorted(leave.days):
        if run and (leave.days[day] != kind or (day - run[-1]).days > 3):
            yield kind, run[0], run[-1]
            run = []
        kind = leave.days[day]
        run.append(day)
    if run:
        yield kind, run[0], run[-1]


def add_leave_requests(
    db: Database,
    actor: Actor,
    rng: np.random.Generator,
    agents: list[AgentPlan],
    leave: dict[int, Leave],
    today: date,
) -> int:
    """The requests behind the rota's leave, and a few waiting; returns how many were filed."""

    def moment(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=UTC)

    rows: list[LeaveRequest] = []
    for i, a in enumerate(agents):
        for kind, first, last in blocks(leave.get(i, Leave())):
            asked = first if kind == "sick" else first - timedelta(days=int(rng.integers(7, 21)))
            reasons = SICK_REASONS if kind == "sick" else ANNUAL_REASONS
            rows.append(
                LeaveRequest(
                    agent_id=a.agent_id,
                    leave_type=kind,
                    first_day=first,
                    last_day=last,
                    status="approved",
                    reason=str(reasons[int(rng.integers(len(reasons)))]),
                    requested_by=actor.username,
                    requested_at=moment(asked, 1),
                    decided_by=actor.username,
                    decided_at=moment(asked, 2),
                )
            )
    booked = {(r.agent_id, d) for r in rows for d in _days(r.first_day, r.last_day)}
    waiting = [
        a for a in agents if not any((a.agent_id, today + timedelta(days=k)) in booked for k in range(21))
    ]
    for n, pick in enumerate(rng.choice(len(waiting), size=min(5, len(waiting)), replace=False)):
        a = waiting[int(pick)]
        first = today + timedelta(days=int(rng.integers(3, 12)))
        rows.append(
            LeaveRequest(
                agent_id=a.agent_id,
                leave_type="annual" if n else "emergency",
                first_day=first,
                last_day=first + timedelta(days=int(rng.integers(0, 3))),
                status="rejected" if n == 4 else "requested",
                reason=WAITING_REASONS[n % len(WAITING_REASONS)],
                requested_by=actor.username,
                requested_at=moment(today - timedelta(days=1), 3),
                decided_by=actor.username if n == 4 else None,
                decided_at=moment(today, 1) if n == 4 else None,
            )
        )
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        unit.session.add_all(rows)
        unit.audit("leave.demo", "leave_request", None, count=len(rows))
    return len(rows)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def note_late_arrivals(db: Database, actor: Actor, rng: np.random.Generator, share: float = 0.35) -> int:
    """The supervisor's reason on about ``share`` of the late clock-ins; returns how many were noted."""
    with unit_of_work(db, actor, Perm.RECORD_ATTENDANCE) as unit:
        s = unit.session
        late = [
            event_id
            for event_id, at, starts_at in s.execute(
                select(AttendanceEvent.id, AttendanceEvent.at, RotaAssignment.starts_at)
                .join(RotaAssignment, RotaAssignment.id == AttendanceEvent.rota_assignment_id)
                .where(AttendanceEvent.kind == "clock_in")
                .order_by(AttendanceEvent.id)
            )
            if at > starts_at + GRACE
        ]
        noted = [i for i in late if rng.random() < share]
        for event_id in noted:
            reason = LATE_REASONS[int(rng.integers(len(LATE_REASONS)))]
            s.execute(update(AttendanceEvent).where(AttendanceEvent.id == event_id).values(note=reason))
        unit.audit("attendance.demo_notes", "attendance", None, count=len(noted))
        return len(noted)
