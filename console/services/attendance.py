"""Attendance: clock-ins, clock-outs and breaks, and today's roster against them."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, AttendanceEvent, RotaAssignment, ShiftTemplate, Team
from console.errors import InvalidInput, NotFound
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import unit_of_work
from console.topics import Topic

KINDS = ("clock_in", "clock_out", "break_start", "break_end")
GRACE = timedelta(minutes=5)
NO_SHOW = timedelta(minutes=30)
TOPIC = Topic.ATTENDANCE  # what the feed names when this module's tables change (written by the database)


def record(
    db: Database,
    actor: Actor,
    agent_id: int,
    kind: str,
    *,
    at: datetime | None = None,
    source: str = "console",
    note: str | None = None,
) -> int:
    """Record one attendance edge for ``agent_id``; links it to the shift it belongs to. Returns its id."""
    return record_many(db, actor, [Edge(agent_id, kind, at or utcnow(), source, note)])[0]


@dataclass(frozen=True)
class Edge:
    """One attendance edge for :func:`record_many`."""

    agent_id: int
    kind: str
    at: datetime
    source: str = "console"
    note: str | None = None


def record_many(db: Database, actor: Actor, edges: Sequence[Edge]) -> list[int]:
    """Record many attendance edges in one transaction: all or nothing. Returns their ids in order.

    For badge-reader catch-up, imports and the demo history, where one transaction per edge is too slow
    (about 1 ms each on SQLite, 3 ms on PostgreSQL). Each edge gets the same shift link, audit line and
    change-feed entry as :func:`record` would give it.
    """
    for e in edges:
        if e.kind not in KINDS:
            raise InvalidInput(detail=f"attendance kind {e.kind!r}")
        if e.at.tzinfo is None:
            raise InvalidInput(detail="naive attendance time")
    with unit_of_work(db, actor, Perm.RECORD_ATTENDANCE) as unit:
        if not edges:
            return []
        s = unit.session
        agent_ids = sorted({e.agent_id for e in edges})
        known = set(s.scalars(select(Agent.id).where(Agent.id.in_(agent_ids))))
        for agent_id in agent_ids:
            if agent_id not in known:
                raise NotFound(what="Agent", key=agent_id)
        shifts = _RotaIndex(s, agent_ids, min(e.at for e in edges), max(e.at for e in edges))
        rows = [
            {
                "agent_id": e.agent_id,
                "rota_assignment_id": shifts.rota_id(e.agent_id, e.at),
                "kind": e.kind,
                "at": e.at,
                "source": e.source,
                "note": e.note,
            }
            for e in edges
        ]
        ids = _insert_numbered(s, rows)
        for e in edges:
            unit.audit(f"attendance.{e.kind}", "agent", e.agent_id, at=e.at.isoformat(), source=e.source)
        return ids


def _insert_numbered(s: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert attendance rows as one batch; their new ids, in order.

    SQLite cannot tie the rowids of a batched ``INSERT … RETURNING`` to its parameter sets, so SQLAlchemy
    would send one INSERT per row (15,000 for the demo's history). A writer there holds the file's write
    lock for its whole transaction (``BEGIN IMMEDIATE``), so it numbers the rows itself, as SQLite would
    (``max(id) + 1 …``), and sends one ``executemany``. PostgreSQL returns the ids in order from a batch.
    """
    table = cast(Table, AttendanceEvent.__table__)
    if s.get_bind().dialect.name == "sqlite":
        base = s.scalar(select(func.max(AttendanceEvent.id))) or 0
        ids = list(range(base + 1, base + 1 + len(rows)))
        s.execute(insert(table), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    return list(s.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


class _RotaIndex:
    """Which rostered shift each edge belongs to: one query, then a bisect per edge.

    An edge belongs to the latest-starting shift that starts no more than 4 h after it and ends no more
    than 4 h before it (early clock-ins and late clock-outs still count toward their shift).
    """

    SLACK = timedelta(hours=4)
    LONGEST = timedelta(hours=16)  # no shift template is longer

    def __init__(self, s: Session, agent_ids: list[int], first: datetime, last: datetime) -> None:
        self._by_agent: dict[int, list[tuple[datetime, datetime, int]]] = {}
        r = RotaAssignment
        for rid, agent_id, starts_at, ends_at in s.execute(
            select(r.id, r.agent_id, r.starts_at, r.ends_at)
            .where(
                RotaAssignment.agent_id.in_(agent_ids),
                RotaAssignment.starts_at <= last + self.SLACK,
                RotaAssignment.ends_at >= first - self.SLACK,
            )
            .order_by(RotaAssignment.agent_id, RotaAssignment.starts_at)
        ):
            self._by_agent.setdefault(agent_id, []).append((starts_at, ends_at, rid))

    def rota_id(self, agent_id: int, at: datetime) -> int | None:
        """The latest-starting shift with ``starts_at <= at + 4 h`` and ``ends_at >= at - 4 h``."""
        rows = self._by_agent.get(agent_id, [])
        i = bisect.bisect_right(rows, at + self.SLACK, key=lambda r: r[0])
        while i > 0:
            i -= 1
            starts_at, ends_at, rid = rows[i]
            if ends_at >= at - self.SLACK:
                return rid
            if starts_at + self.LONGEST < at - self.SLACK:
                return None
        return None


class Presence(enum.Enum):
    """Where a rostered agent stands now. Values are stable keys; titles are translated by the UI."""

    PRESENT = "present"
    LATE = "late"
    ON_BREAK = "on_break"
    NOT_YET = "not_yet"  # shift started, inside the no-show window, not clocked in
    ABSENT = "absent"
    LEAVE = "leave"
    LEFT = "left"  # clocked out
    UPCOMING = "upcoming"


PRESENCE_TITLES = {
    Presence.PRESENT: QT_TRANSLATE_NOOP("Presence", "Present"),
    Presence.LATE: QT_TRANSLATE_NOOP("Presence", "Late"),
    Presence.ON_BREAK: QT_TRANSLATE_NOOP("Presence", "On break"),
    Presence.NOT_YET: QT_TRANSLATE_NOOP("Presence", "Not in yet"),
    Presence.ABSENT: QT_TRANSLATE_NOOP("Presence", "Absent"),
    Presence.LEAVE: QT_TRANSLATE_NOOP("Presence", "On leave"),
    Presence.LEFT: QT_TRANSLATE_NOOP("Presence", "Clocked out"),
    Presence.UPCOMING: QT_TRANSLATE_NOOP("Presence", "Upcoming"),
}


@dataclass(frozen=True)
class RosterLine:
    """One rostered agent on a shift, with what their clock says."""

    rota_id: int
    agent_id: int
    employee_no: str
    name: str
    team: str
    shift_code: str
    starts_at: datetime
    ends_at: datetime
    rota_status: str
    clock_in: datetime | None
    clock_out: datetime | None
    on_break_since: datetime | None
    break_minutes: float
    leave_type: str | None = None  # annual | sick | emergency, for a shift on leave
    note: str = ""  # the notes of the shift's attendance edges, in order, joined
    breaks: tuple[tuple[datetime, datetime | None], ...] = ()  # (start, end or None while running)

    def presence(self, now: datetime) -> Presence:
        """Where the agent stands at ``now``; once the shift is over, its final state.

        A break still open when the shift ended counts as ended with the shift (a missed punch is an
        exception, not a state), so a past shift never shows "on break" or "not in yet".
        """
        if self.rota_status == "leave":
            return Presence.LEAVE
        if self.clock_out is not None and (self.clock_in is None or self.clock_out >= self.clock_in):
            return Presence.LEFT
        if self.clock_in is None:
            if now < self.starts_at:
                return Presence.UPCOMING
            return Presence.ABSENT if now >= self.starts_at + NO_SHOW else Presence.NOT_YET
        if self.on_break_since is not None and now < self.ends_at:
            return Presence.ON_BREAK
        return Presence.LATE if self.minutes_late > 0 else Presence.PRESENT

    @property
    def on_time(self) -> bool:
        """Clocked in within the grace period (to the second)."""
        return self.clock_in is not None and self.clock_in <= self.starts_at + GRACE

    @property
    def minutes_early(self) -> int:
        """Whole minutes clocked out before the shift's end (0 when not early or not out)."""
        if self.clock_out is None or self.clock_out >= self.ends_at:
            return 0
        return int((self.ends_at - self.clock_out).total_seconds() // 60)

    @property
    def overtime_minutes(self) -> int:
        """Whole minutes clocked out after the shift's end (0 when not)."""
        if self.clock_out is None or self.clock_out <= self.ends_at:
            return 0
        return int((self.clock_out - self.ends_at).total_seconds() // 60)

    def break_minutes_at(self, now: datetime) -> float:
        """Finished breaks plus the one running at ``now`` (a running break stops at the shift's end)."""
        if self.on_break_since is None:
            return self.break_minutes
        running = (min(now, self.ends_at) - self.on_break_since).total_seconds() / 60
        return self.break_minutes + max(0.0, running)

    @property
    def minutes_late(self) -> int:
        """Whole minutes past the grace period at clock-in (0 when on time)."""
        if self.clock_in is None or self.clock_in <= self.starts_at + GRACE:
            return 0
        return int((self.clock_in - self.starts_at).total_seconds() // 60)


def roster(
    s: Session,
    *,
    rota_ids: list[int] | None = None,
    starts_at: datetime | None = None,
    agent_ids: list[int] | None = None,
    template_id: int | None = None,
    shift_date: date | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[RosterLine]:
    """Roster lines for one shift (by its UTC start, or its template and floor date), for given rota rows,
    for agents on that shift, or for every shift of the floor days ``first_day .. last_day``."""
    r = RotaAssignment
    # Plain columns, not ORM entities: a month of the demo floor (2,600 shifts, 10,000 edges) loads in a
    # third of the time.
    q = (
        select(
            r.id,
            r.agent_id,
            Agent.employee_no,
            Agent.display_name,
            Team.name,
            ShiftTemplate.code,
            r.starts_at,
            r.ends_at,
            r.status,
            r.leave_type,
        )
        .join(Agent, Agent.id == RotaAssignment.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .join(ShiftTemplate, ShiftTemplate.id == RotaAssignment.shift_template_id)
        .where(RotaAssignment.status != "cancelled")
    )
    if rota_ids is not None:
        q = q.where(RotaAssignment.id.in_(rota_ids))
    if starts_at is not None:
        q = q.where(RotaAssignment.starts_at == starts_at)
    if agent_ids is not None:
        q = q.where(RotaAssignment.agent_id.in_(agent_ids))
    if template_id is not None:
        q = q.where(RotaAssignment.shift_template_id == template_id)
    if shift_date is not None:
        q = q.where(RotaAssignment.shift_date == shift_date)
    if first_day is not None:
        q = q.where(RotaAssignment.shift_date >= first_day)
    if last_day is not None:
        q = q.where(RotaAssignment.shift_date <= last_day)
    rows = s.execute(q.order_by(Agent.display_name, RotaAssignment.starts_at)).all()
    if not rows:
        return []
    events: dict[int, list[tuple[str, datetime, str | None]]] = {}
    ids = [row[0] for row in rows]
    e = AttendanceEvent
    for chunk in range(0, len(ids), 5000):  # a month of a large floor: keep the IN list bounded
        for rid, kind, at, note in s.execute(
            select(e.rota_assignment_id, e.kind, e.at, e.note)
            .where(e.rota_assignment_id.in_(ids[chunk : chunk + 5000]))
            .order_by(e.at, e.id)
        ):
            events.setdefault(rid or 0, []).append((kind, at, note))
    return [_line(row, events.get(row[0], [])) for row in rows]


def _line(row: Any, events: list[tuple[str, datetime, str | None]]) -> RosterLine:
    rota_id, agent_id, employee_no, name, team, code, starts_at, ends_at, status, leave_type = row
    clock_in = clock_out = break_since = None
    break_seconds = 0.0
    breaks: list[tuple[datetime, datetime | None]] = []
    notes: list[str] = []
    for kind, at, note in events:
        if note:
            notes.append(note)
        if kind == "clock_in" and clock_in is None:
            clock_in = at
        elif kind == "clock_out":
            clock_out = at
        elif kind == "break_start":
            break_since = at
        elif kind == "break_end" and break_since is not None:
            break_seconds += (at - break_since).total_seconds()
            breaks.append((break_since, at))
            break_since = None
    if break_since is not None:
        breaks.append((break_since, None))
    return RosterLine(
        rota_id=rota_id,
        agent_id=agent_id,
        employee_no=employee_no,
        name=name,
        team=team,
        shift_code=code,
        starts_at=starts_at,
        ends_at=ends_at,
        rota_status=status,
        clock_in=clock_in,
        clock_out=clock_out,
        on_break_since=break_since,
        break_minutes=break_seconds / 60,
        leave_type=leave_type if status == "leave" else None,
        note=" · ".join(notes),
        breaks=tuple(breaks),
    )
