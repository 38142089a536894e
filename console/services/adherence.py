"""Real-time adherence: what each agent is scheduled to do against what their clock says, to the second.

Scheduled activity (:class:`Activity`): working, on a planned break, on leave, or off shift. Actual state
(:class:`State`): on seat (clocked in, not on break), on break, or absent (not clocked in, or clocked out).
Working wants on seat, a planned break wants on break, leave wants absent; off shift wants nothing. A
stretch where they differ is tolerated up to the floor's threshold (``break_rules.adherence_minutes``, 5 by
default); longer, the whole stretch is a *miss* (out of adherence), as Calabrio and NICE count it. An
agent's adherence for a shift is the scheduled time not inside a miss over the scheduled time (so far).
:func:`misses` lists the misses of one agent over a period, for the discipline ledger.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import Agent, AttendanceEvent, RotaAssignment, ShiftTemplate, Team
from console.desks import desk_of
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.services import breaks
from console.services.breaks import Rules, Slot


class Activity(enum.Enum):
    """What the schedule says an agent does at a moment."""

    WORK = "work"
    BREAK = "break"
    LEAVE = "leave"
    OFF = "off"


class State(enum.Enum):
    """What the agent's clock says."""

    SEAT = "seat"
    BREAK = "break"
    ABSENT = "absent"


ACTIVITY_TITLES = {
    Activity.WORK: QT_TRANSLATE_NOOP("Adherence", "Working"),
    Activity.BREAK: QT_TRANSLATE_NOOP("Adherence", "Planned break"),
    Activity.LEAVE: QT_TRANSLATE_NOOP("Adherence", "Leave"),
    Activity.OFF: QT_TRANSLATE_NOOP("Adherence", "Off shift"),
}
STATE_TITLES = {
    State.SEAT: QT_TRANSLATE_NOOP("Adherence", "On seat"),
    State.BREAK: QT_TRANSLATE_NOOP("Adherence", "On break"),
    State.ABSENT: QT_TRANSLATE_NOOP("Adherence", "Absent"),
}
MISS_TEXT = QT_TRANSLATE_NOOP("Adherence", "Scheduled: {scheduled}; actual: {actual}")
WANTS = {Activity.WORK: State.SEAT, Activity.BREAK: State.BREAK, Activity.LEAVE: State.ABSENT}


def adherent(scheduled: Activity, actual: State) -> bool:
    """Whether ``actual`` is what ``scheduled`` asks for (off shift asks for nothing)."""
    want = WANTS.get(scheduled)
    return want is None or want is actual


@dataclass(frozen=True)
class Segment:
    """A stretch of one shift with one scheduled activity and one actual state."""

    start: datetime
    end: datetime
    scheduled: Activity
    actual: State

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class Miss:
    """A stretch out of adherence longer than the threshold (for the discipline ledger)."""

    agent_id: int
    rota_id: int
    start: datetime
    end: datetime
    scheduled: Activity
    actual: State

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60

    # What the discipline ledger (console.services.ledger) reads of a miss: when, how long, what.
    @property
    def at(self) -> datetime:
        return self.start

    kind = "adherence"

    @property
    def text(self) -> str:
        """ "Scheduled: Working; actual: On break", in the current language."""
        return translate("Adherence", MISS_TEXT).format(
            scheduled=translate("Adherence", ACTIVITY_TITLES[self.scheduled]),
            actual=translate("Adherence", STATE_TITLES[self.actual]),
        )


@dataclass(frozen=True)
class ShiftFacts:
    """Everything adherence reads of one rostered shift: its bounds, its plan, its clock."""

    rota_id: int
    agent_id: int
    starts_at: datetime
    ends_at: datetime
    status: str  # scheduled | leave
    planned: tuple[Slot, ...]
    events: tuple[tuple[str, datetime], ...]  # (kind, at) in time order
    allowance: int = 60
    name: str = ""
    desk: str = ""


def _schedule(f: ShiftFacts) -> list[tuple[datetime, Activity]]:
    """Change points of the scheduled activity inside the shift."""
    if f.status == "leave":
        return [(f.starts_at, Activity.LEAVE)]
    out = [(f.starts_at, Activity.WORK)]
    for slot in sorted(f.planned, key=lambda s: s.starts_at):
        start, end = max(slot.starts_at, f.starts_at), min(slot.ends_at, f.ends_at)
        if start < end:
            out += [(start, Activity.BREAK), (end, Activity.WORK)]
    return out


def _actual(f: ShiftFacts) -> list[tuple[datetime, State]]:
    """Change points of the actual state, from the first edge on (absent before it)."""
    out: list[tuple[datetime, State]] = [(datetime.min.replace(tzinfo=f.starts_at.tzinfo), State.ABSENT)]
    clocked = on_break = False
    for kind, at in f.events:
        if kind == "clock_in":
            clocked = True
        elif kind == "clock_out":
            clocked = on_break = False
        elif kind == "break_start":
            on_break = True
        elif kind == "break_end":
            on_break = False
        out.append((at, State.BREAK if on_break else State.SEAT if clocked else State.ABSENT))
    return out


def timeline(f: ShiftFacts, until: datetime) -> list[Segment]:
    """The shift from its start to ``until`` (at most its end) as segments of constant (scheduled, actual)."""
    end = min(until, f.ends_at)
    if end <= f.starts_at:
        return []
    sched, actual = _schedule(f), _actual(f)
    cuts = sorted(
        {f.starts_at, end}
        | {t for t, _ in sched if f.starts_at < t < end}
        | {t for t, _ in actual if f.starts_at < t < end}
    )
    out: list[Segment] = []
    si = ai = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        while si + 1 < len(sched) and sched[si + 1][0] <= a:
            si += 1
        while ai + 1 < len(actual) and actual[ai + 1][0] <= a:
            ai += 1
        seg = Segment(a, b, sched[si][1], actual[ai][1])
        if out and (out[-1].scheduled, out[-1].actual) == (seg.scheduled, seg.actual):
            out[-1] = Segment(out[-1].start, b, seg.scheduled, seg.actual)
        else:
            out.append(seg)
    return out


def stretches(segments: Sequence[Segment], threshold: timedelta) -> list[Segment]:
    """The segments out of adherence for longer than ``threshold`` (a second more is a miss)."""
    return [g for g in segments if not adherent(g.scheduled, g.actual) and g.end - g.start > threshold]


@dataclass(frozen=True)
class Standing:
    """One agent on a shift at a moment: what the dock shows."""

    scheduled: Activity
    actual: State
    since: datetime | None  # when the actual state began (None: absent since before the shift)
    out_since: datetime | None  # when the current difference began (None: in adherence now)
    out: bool  # the current difference is longer than the threshold
    percent: float | None  # adherence so far (None: nothing scheduled yet, or leave)
    break_used: float  # minutes
    next_break: datetime | None  # the next planned break not begun yet
    overrun: tuple[float, str] | None  # (limit minutes, reason) when the running break overruns


def percent(segments: Sequence[Segment], threshold: timedelta) -> float | None:
    """Scheduled time not inside a miss, over the scheduled time (working and planned breaks), in %."""
    scheduled = sum(g.seconds for g in segments if g.scheduled in (Activity.WORK, Activity.BREAK))
    if scheduled <= 0:
        return None
    missed = sum(g.seconds for g in stretches(segments, threshold) if g.scheduled is not Activity.LEAVE)
    return 100.0 * (scheduled - missed) / scheduled


def standing(f: ShiftFacts, rules: Rules, now: datetime) -> Standing:
    """Where ``f``'s agent stands at ``now``."""
    threshold = timedelta(minutes=rules.adherence_minutes)
    segs = timeline(f, now)
    if f.starts_at <= now < f.ends_at:
        scheduled = next((a for t, a in reversed(_schedule(f)) if t <= now), Activity.WORK)
    else:
        scheduled = Activity.OFF
    actual_points = [(t, st) for t, st in _actual(f) if t <= now]
    actual = actual_points[-1][1]
    since = None
    for t, st in reversed(actual_points):
        if st is not actual:
            break
        since = t if t.year > 1 else None
    out_since = None
    if segs and not adherent(segs[-1].scheduled, segs[-1].actual) and segs[-1].end >= now:
        out_since = segs[-1].start
    spans = breaks.break_spans(f.events, now)
    used = sum(((end or now) - start).total_seconds() for start, end in spans) / 60
    begun = {m.starts_at for m in breaks.match_slots(spans, f.planned) if m is not None}
    upcoming = [sl.starts_at for sl in f.planned if sl.starts_at not in begun and sl.ends_at > now]
    return Standing(
        scheduled=scheduled,
        actual=actual,
        since=since,
        out_since=out_since,
        out=out_since is not None and now - out_since > threshold,
        percent=None if f.status == "leave" else percent(segs, threshold),
        break_used=used,
        next_break=min(upcoming) if upcoming else None,
        overrun=breaks.overrun_of(f.events, f.planned, f.allowance, rules, now)
        if f.status == "scheduled"
        else None,
    )


# -- reading --------------------------------------------------------------------------------------------


def facts(
    s: Session,
    *,
    starts_at: datetime | None = None,
    agent_ids: Sequence[int] | None = None,
    first: datetime | None = None,
    last: datetime | None = None,
) -> list[ShiftFacts]:
    """The shifts (not cancelled) starting at ``starts_at`` or overlapping ``[first, last)``, of these
    agents, with their planned breaks and attendance edges."""
    r = RotaAssignment
    q = (
        select(
            r.id, r.agent_id, r.starts_at, r.ends_at, r.status, ShiftTemplate.break_minutes,
            Agent.display_name, Agent.title, Team.primary_skill,
        )
        .join(Agent, Agent.id == r.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .join(ShiftTemplate, ShiftTemplate.id == r.shift_template_id)
        .where(r.status != "cancelled")
    )  # fmt: skip
    if starts_at is not None:
        q = q.where(r.starts_at == starts_at)
    if agent_ids is not None:
        q = q.where(r.agent_id.in_(list(agent_ids)))
    if first is not None:
        q = q.where(r.ends_at > first)
    if last is not None:
        q = q.where(r.starts_at < last)
    rows = s.execute(q.order_by(r.starts_at, Agent.display_name)).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    events: dict[int, list[tuple[str, datetime]]] = {}
    for rid, kind, at in s.execute(
        select(AttendanceEvent.rota_assignment_id, AttendanceEvent.kind, AttendanceEvent.at)
        .where(AttendanceEvent.rota_assignment_id.in_(ids))
        .order_by(AttendanceEvent.at, AttendanceEvent.id)
    ):
        events.setdefault(rid or 0, []).append((kind, at))
    planned: dict[int, list[Slot]] = {}
    for slot in breaks.slots_of(s, ids):
        planned.setdefault(slot.rota_id, []).append(slot)
    return [
        ShiftFacts(
            rid,
            aid,
            start,
            end,
            status,
            tuple(replace(p, desk=desk_of(title, skill)) for p in planned.get(rid, ())),
            tuple(events.get(rid, ())),
            allowance,
            name,
            desk_of(title, skill),
        )
        for rid, aid, start, end, status, allowance, name, title, skill in rows
    ]


def misses(
    s: Session, agent_id: int, first: datetime, last: datetime, *, now: datetime | None = None
) -> list[Miss]:
    """``agent_id``'s stretches out of adherence (longer than the floor's threshold) that begin in
    ``[first, last)``, in time order; a shift still running counts up to now."""
    now = now or utcnow()
    threshold = timedelta(minutes=breaks.rules(s).adherence_minutes)
    out = []
    for f in facts(s, agent_ids=[agent_id], first=first, last=last):
        for g in stretches(timeline(f, min(now, f.ends_at)), threshold):
            if first <= g.start < last:
                out.append(Miss(f.agent_id, f.rota_id, g.start, g.end, g.scheduled, g.actual))
    return out
