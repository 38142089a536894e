"""An incident's post-incident review as the review dialog and its exports read it: the review, its action
items, the runbook checklist, and the timeline **with the floor as it was at each moment**: who was rostered
and on the floor, the headcount against the rota, how many incidents were open, and the linked indicator's
value then. Plain frozen rows, no Qt.

The context is read with a fixed number of queries whatever the number of events or agents (the incident,
its events, the rota around it, that rota's attendance, the incidents open during it, the indicator and its
samples), then folded in memory per moment.

Approximations, said here so nobody reads more into them: an incident counts as open from ``opened_at`` until
it was first resolved or closed (a reopened incident counts as open throughout); an agent is *on the floor*
when clocked in to the shift that covers the moment, not on a break and not clocked out; the indicator's
value is its latest sample at or before the moment, if not older than :data:`STALE_AFTER`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from console.db.models import (
    Agent,
    AttendanceEvent,
    Incident,
    IncidentEvent,
    IncidentReview,
    IndicatorName,
    IndicatorSample,
    ReviewAction,
    RiskIndicator,
    RotaAssignment,
)
from console.names import Names, read_names
from console.services import indicators, runbooks
from console.services.reviews import ReviewForm, form_of

STALE_AFTER = timedelta(minutes=15)
# How far before the first event the rota and attendance are read (the longest shift, and early clock-ins).
LOOK_BACK = timedelta(hours=16)


@dataclass(frozen=True)
class ReviewRow:
    """The stored review (``None`` in :class:`ReviewData` until someone writes it)."""

    form: ReviewForm
    accounts_affected: int | None
    amount_at_risk_minor: int | None
    amount_lost_minor: int | None
    written_by: str
    updated_at: datetime
    version: int


@dataclass(frozen=True)
class ActionRow:
    id: int
    title: str
    owner: str
    owner_agent_id: int | None
    due_on: date
    status: str  # open | done | deferred
    note: str
    created_by: str
    updated_by: str | None
    updated_at: datetime | None


@dataclass(frozen=True)
class IndicatorAt:
    """The linked indicator's value at a moment (``value`` ``None``: no sample recent enough)."""

    key: str
    name: str
    names: Names
    unit: str
    value: float | None
    level: str | None  # normal | warning | critical


@dataclass(frozen=True)
class FloorMoment:
    """One event of the incident's timeline and the floor at that moment."""

    at: datetime
    kind: str
    actor: str
    message: str
    rostered: tuple[str, ...]  # scheduled on a shift covering the moment (not on leave), by name
    on_floor: tuple[str, ...]  # of those, clocked in, not on a break, not clocked out
    on_break: tuple[str, ...]
    on_leave: int
    open_incidents: int
    indicator: IndicatorAt | None

    @property
    def headcount(self) -> tuple[int, int]:
        """(on the floor, rostered)."""
        return len(self.on_floor), len(self.rostered)


@dataclass(frozen=True)
class ReviewData:
    incident_id: int
    ref: str
    title: str
    category: str
    severity: int
    status: str
    opened_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    owner: str | None
    review: ReviewRow | None
    actions: tuple[ActionRow, ...]
    checklist: tuple[runbooks.ChecklistLine, ...]
    timeline: tuple[FloorMoment, ...]

    @property
    def required(self) -> bool:
        from console.services.reviews import REQUIRED_FOR

        return self.severity in REQUIRED_FOR


def read_review(s: Session, incident_id: int) -> ReviewData | None:
    """Everything the review dialog and the report show, or ``None`` if there is no such incident."""
    row = s.execute(
        select(Incident, Agent.display_name)
        .outerjoin(Agent, Agent.id == Incident.owner_agent_id)
        .where(Incident.id == incident_id)
    ).first()
    if row is None:
        return None
    inc, owner = row
    stored = s.get(IncidentReview, incident_id)
    review = None
    if stored is not None:
        review = ReviewRow(
            form_of(stored),
            stored.accounts_affected,
            stored.amount_at_risk_minor,
            stored.amount_lost_minor,
            stored.written_by,
            stored.updated_at,
            stored.version,
        )
    actions = tuple(
        ActionRow(
            a.id,
            a.title,
            a.owner,
            a.owner_agent_id,
            a.due_on,
            a.status,
            a.note,
            a.created_by,
            a.updated_by,
            a.updated_at,
        )
        for a in s.scalars(
            select(ReviewAction).where(ReviewAction.incident_id == incident_id).order_by(ReviewAction.id)
        )
    )
    return ReviewData(
        inc.id,
        inc.ref,
        inc.title,
        inc.category,
        inc.severity,
        inc.status,
        inc.opened_at,
        inc.resolved_at,
        inc.closed_at,
        owner,
        review,
        actions,
        runbooks.checklist(s, inc.id, inc.category),
        context_timeline(s, inc),
    )


def context_timeline(s: Session, inc: Incident) -> tuple[FloorMoment, ...]:
    """The incident's events, oldest first, each with the floor as it was then (see the module docstring)."""
    events = s.execute(
        select(IncidentEvent.at, IncidentEvent.kind, IncidentEvent.actor, IncidentEvent.message)
        .where(or_(IncidentEvent.incident_id == inc.id, IncidentEvent.merged_from_id == inc.id))
        .order_by(IncidentEvent.at, IncidentEvent.id)
    ).all()
    if not events:
        return ()
    first, last = events[0].at, events[-1].at
    floor = _FloorHistory(s, first, last)
    backlog = _Backlog(s, first, last)
    indicator = _IndicatorHistory(s, inc.indicator_id, first, last) if inc.indicator_id else None
    out = []
    for ev in events:
        rostered, on_floor, on_break, leave = floor.at(ev.at)
        out.append(
            FloorMoment(
                ev.at,
                ev.kind,
                ev.actor,
                ev.message,
                rostered,
                on_floor,
                on_break,
                leave,
                backlog.at(ev.at),
                indicator.at(ev.at) if indicator else None,
            )
        )
    return tuple(out)


class _FloorHistory:
    """The rota around the incident and its attendance edges (two queries); who was where at a moment."""

    def __init__(self, s: Session, first: datetime, last: datetime) -> None:
        r = RotaAssignment
        self.shifts = s.execute(
            select(r.id, r.starts_at, r.ends_at, r.status, Agent.display_name)
            .join(Agent, Agent.id == r.agent_id)
            .where(r.starts_at <= last, r.ends_at > first - LOOK_BACK, r.status != "cancelled")
            .order_by(Agent.display_name, r.id)
        ).all()
        self.edges: dict[int, list[tuple[datetime, str]]] = {}
        ids = [row.id for row in self.shifts]
        if ids:
            for rota_id, at, kind in s.execute(
                select(AttendanceEvent.rota_assignment_id, AttendanceEvent.at, AttendanceEvent.kind)
                .where(AttendanceEvent.rota_assignment_id.in_(ids), AttendanceEvent.at <= last)
                .order_by(AttendanceEvent.at, AttendanceEvent.id)
            ):
                self.edges.setdefault(rota_id or 0, []).append((at, kind))

    def at(self, moment: datetime) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int]:
        rostered: list[str] = []
        on_floor: list[str] = []
        on_break: list[str] = []
        leave = 0
        for row in self.shifts:
            if not (row.starts_at <= moment < row.ends_at):
                continue
            if row.status == "leave":
                leave += 1
                continue
            rostered.append(row.display_name)
            state = _state(self.edges.get(row.id, ()), moment)
            if state == "in":
                on_floor.append(row.display_name)
            elif state == "break":
                on_break.append(row.display_name)
        return tuple(rostered), tuple(on_floor), tuple(on_break), leave


def _state(edges: list[tuple[datetime, str]] | tuple[()], moment: datetime) -> str:
    """``in``, ``break`` or ``out``: one agent's state at ``moment`` from their shift's edges."""
    state = "out"
    for at, kind in edges:
        if at > moment:
            break
        if kind == "clock_in" or (kind == "break_end" and state == "break"):
            state = "in"
        elif kind == "clock_out":
            state = "out"
        elif kind == "break_start" and state == "in":
            state = "break"
    return state


class _Backlog:
    """Incidents open at a moment: opened by then and not yet resolved or closed (one query)."""

    def __init__(self, s: Session, first: datetime, last: datetime) -> None:
        ended = func.coalesce(Incident.resolved_at, Incident.closed_at)
        self.spans = s.execute(
            select(Incident.opened_at, ended).where(
                Incident.opened_at <= last, or_(ended.is_(None), ended > first)
            )
        ).all()

    def at(self, moment: datetime) -> int:
        return sum(
            1 for opened, ended in self.spans if opened <= moment and (ended is None or ended > moment)
        )


class _IndicatorHistory:
    """The linked indicator and its samples over the incident (two queries); the value at a moment."""

    def __init__(self, s: Session, indicator_id: int, first: datetime, last: datetime) -> None:
        self.ind = s.get(RiskIndicator, indicator_id)
        self.names = read_names(s, IndicatorName, [indicator_id]).get(indicator_id, ())
        rows = s.execute(
            select(IndicatorSample.ts, IndicatorSample.value)
            .where(
                IndicatorSample.indicator_id == indicator_id,
                IndicatorSample.ts >= first - STALE_AFTER,
                IndicatorSample.ts <= last,
            )
            .order_by(IndicatorSample.ts)
        ).all()
        self.stamps = [ts for ts, _ in rows]
        self.values = [v for _, v in rows]

    def at(self, moment: datetime) -> IndicatorAt | None:
        ind = self.ind
        if ind is None:
            return None
        i = bisect.bisect_right(self.stamps, moment) - 1
        value = self.values[i] if i >= 0 and moment - self.stamps[i] <= STALE_AFTER else None
        level = indicators.level(ind, value) if value is not None else None
        return IndicatorAt(ind.key, ind.name, self.names, ind.unit, value, level)
