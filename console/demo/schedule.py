"""The demo rota and how each rostered shift actually went (clock-in, breaks, clock-out).

:func:`shift_plan` is shared with the simulator, so the history and the live floor behave alike: about 90 %
clock in between 15 minutes early and 4 minutes late, ~7 % are properly late (6-45 minutes, long tail), ~3 %
never show; breaks add up to about an hour in two or three pieces of at most 25 minutes (the odd one runs
over).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np

from console.demo.people import AgentPlan
from console.services.rota import RotaEntry

ON_TIME, LATE, NO_SHOW = "on_time", "late", "no_show"
P_LATE, P_NO_SHOW = 0.07, 0.03
# Break pieces (minutes) and where they fall in the shift (fraction of its length). No piece is meant to
# pass the floor's 30-minute single-break limit (console.services.exceptions): only the odd overrun does.
BREAK_SHAPES = (
    (0.50, (25, 25), (0.35, 0.65)),
    (0.25, (20, 20, 20), (0.22, 0.5, 0.78)),
    (0.25, (15, 25, 15), (0.22, 0.5, 0.78)),
)


@dataclass(frozen=True)
class ShiftPlan:
    """How one rostered shift goes; ``clock_in`` is ``None`` for a no-show."""

    outcome: str
    clock_in: datetime | None
    breaks: tuple[tuple[datetime, datetime], ...]
    clock_out: datetime | None
    nominal: tuple[int, ...] = ()  # each break's length as the team lead planned it (minutes)

    def events(self) -> list[tuple[str, datetime]]:
        """The attendance edges in time order."""
        if self.clock_in is None:
            return []
        out = [("clock_in", self.clock_in)]
        for start, end in self.breaks:
            out += [("break_start", start), ("break_end", end)]
        if self.clock_out is not None:
            out.append(("clock_out", self.clock_out))
        return out


def _seconds(minutes: float) -> timedelta:
    return timedelta(seconds=round(minutes * 60))


def shift_plan(rng: np.random.Generator, starts_at: datetime, ends_at: datetime) -> ShiftPlan:
    """Draw one shift's attendance."""
    u = rng.random()
    if u < P_NO_SHOW:
        return ShiftPlan(NO_SHOW, None, (), None)
    if u < P_NO_SHOW + P_LATE:
        outcome, offset = LATE, 6 + min(float(rng.exponential(9.0)), 39.0)
    else:
        outcome, offset = ON_TIME, float(rng.triangular(-15, -7, 4))
    clock_in = starts_at + _seconds(offset)
    length = (ends_at - starts_at).total_seconds() / 60
    weights = np.array([s[0] for s in BREAK_SHAPES])
    _, pieces, where = BREAK_SHAPES[int(rng.choice(len(BREAK_SHAPES), p=weights / weights.sum()))]
    breaks: list[tuple[datetime, datetime]] = []
    nominal: list[int] = []
    earliest = clock_in + timedelta(minutes=45)
    for minutes, frac in zip(pieces, where, strict=True):
        dur = max(8.0, minutes + float(rng.normal(0, 1.5)))
        if rng.random() < 0.02:  # the odd overrun a supervisor notices
            dur += float(rng.uniform(8, 25))
        start = starts_at + _seconds(length * frac + float(np.clip(rng.normal(0, 20), -40, 40)) - dur / 2)
        start = max(start, earliest)
        end = start + _seconds(dur)
        if end > ends_at - timedelta(minutes=20):
            break
        breaks.append((start, end))
        nominal.append(minutes)
        earliest = end + timedelta(minutes=40)
    stay = float(rng.exponential(4.0)) if rng.random() > 0.015 else float(rng.uniform(30, 90))  # overtime
    return ShiftPlan(outcome, clock_in, tuple(breaks), ends_at + _seconds(min(stay, 90.0)), tuple(nominal))


@dataclass
class Leave:
    """Days an agent is away: annual leave blocks are booked ahead, sick days only happen in the past."""

    days: dict[date, str] = field(default_factory=dict)  # day -> leave type


def plan_leave(
    rng: np.random.Generator, agents: list[AgentPlan], days: list[date], today: date
) -> dict[int, Leave]:
    """Leave per agent (keyed by position in ``agents``): ~4 % annual, ~1.5 % sick of working days."""
    out: dict[int, Leave] = {}
    for i, a in enumerate(agents):
        leave = Leave()
        work = [d for d in days if a.works_on(d)]
        for _ in range(int(rng.poisson(len(work) * 0.04 / 2))):  # blocks of 1-3 days
            first = int(rng.integers(len(work)))
            for d in work[first : first + int(rng.integers(1, 4))]:
                leave.days[d] = "annual"
        for d in work:
            if d <= today and rng.random() < 0.015:
                leave.days.setdefault(d, "sick")
        out[i] = leave
    return out


def rota_entries(agents: list[AgentPlan], days: list[date], leave: dict[int, Leave]) -> list[RotaEntry]:
    """Five on, two off on each agent's own pattern; leave days stay on the rota with ``status="leave"``."""
    entries = []
    for i, a in enumerate(agents):
        for d in days:
            if not a.works_on(d):
                continue
            kind = leave[i].days.get(d)
            entries.append(
                RotaEntry(
                    a.agent_id, a.team.pattern, d, status="leave" if kind else "scheduled", leave_type=kind
                )
            )
    return entries


# Drawn independently, everyone's lunch lands around mid-shift and half a desk is away together; a team
# lead staggers breaks. Each break keeps its length and moves later until the desk has room for it; a break
# that no longer fits before the end of the shift is dropped (a short-staffed shift loses breaks first).
BREAK_SHARE = 0.20
GAP = timedelta(minutes=30)  # between one person's breaks
LAST_BREAK_END = timedelta(minutes=20)  # before the end of the shift


def capacity(present: int) -> int:
    """How many of ``present`` people may be on break at the same moment (always at least one)."""
    return max(1, math.floor(BREAK_SHARE * present))


def _busiest(taken: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    """The most breaks in ``taken`` running at one moment inside ``[start, end)``."""
    points = [start] + [s for s, _ in taken if start < s < end]
    return max(sum(1 for s, e in taken if s <= p < e) for p in points)


def stagger(plans: list[ShiftPlan], ends_at: datetime) -> list[ShiftPlan]:
    """The same plans with breaks moved so at most :func:`capacity` of those clocked in overlap."""
    cap = capacity(sum(1 for p in plans if p.clock_in is not None))
    wanted = sorted(
        (start, end, i, p.nominal[j] if j < len(p.nominal) else 0)
        for i, p in enumerate(plans)
        for j, (start, end) in enumerate(p.breaks)
    )
    taken: list[tuple[datetime, datetime]] = []
    kept: dict[int, list[tuple[datetime, datetime]]] = {i: [] for i in range(len(plans))}
    kept_nominal: dict[int, list[int]] = {i: [] for i in range(len(plans))}
    for start, end, i, nominal in wanted:
        length = end - start
        if kept[i]:
            start = max(start, kept[i][-1][1] + GAP)
        while start + length <= ends_at - LAST_BREAK_END and _busiest(taken, start, start + length) >= cap:
            start = min(e for s, e in taken if s < start + length and start < e)
        if start + length > ends_at - LAST_BREAK_END:
            continue
        taken.append((start, start + length))
        kept[i].append((start, start + length))
        kept_nominal[i].append(nominal)
    return [
        replace(p, breaks=tuple(kept[i]), nominal=tuple(kept_nominal[i])) if p.breaks else p
        for i, p in enumerate(plans)
    ]


def planned_slots(
    rng: np.random.Generator, plan: ShiftPlan, *, exact: bool = False
) -> list[tuple[datetime, int]]:
    """The break plan the taken breaks followed: each on the 5-minute grid near where it was taken, with
    its planned length. Most people go within a couple of minutes of their slot; about one break in ten
    was planned 8-15 minutes away from when it was taken (gone early, or held back by a busy desk), which
    shows as an adherence miss beside the overruns :func:`shift_plan` draws. ``exact``: every break on the
    slot nearest it (the demo's one overrun is late only in its length)."""
    out = []
    for (start, _end), minutes in zip(plan.breaks, plan.nominal, strict=True):
        shift = float(rng.normal(0, 1.5))
        if rng.random() < 0.1:
            shift = float(rng.uniform(8, 15)) * (1 if rng.random() < 0.5 else -1)
        if exact:
            shift = 0.0
        at = start + _seconds(shift)
        grid = at.replace(second=0, microsecond=0)
        grid -= timedelta(minutes=grid.minute % 5)
        if at - grid >= timedelta(minutes=2, seconds=30):
            grid += timedelta(minutes=5)
        out.append((grid, minutes))
    return out


OVERRUN_SO_FAR = timedelta(minutes=37)  # the demo's running shift shows one break this long, planned for 30


def _overrunning(plan: ShiftPlan, now: datetime) -> ShiftPlan | None:
    """``plan`` with a 30-minute break begun 37 minutes before ``now`` and still running (its earlier
    breaks kept, its later ones dropped), or None when the shift's rules leave no room for it."""
    start = now - OVERRUN_SO_FAR
    if plan.clock_in is None or plan.clock_in > start - timedelta(minutes=60):
        return None
    keep = [(b, n) for b, n in zip(plan.breaks, plan.nominal, strict=True) if b[1] + GAP <= start]
    if sum(n for _, n in keep) + 30 > 60:
        return None
    return replace(
        plan,
        breaks=(*(b for b, _ in keep), (start, now + timedelta(minutes=15))),
        nominal=(*(n for _, n in keep), 30),
    )


def _one_overrunning(
    staggered: list[tuple[RotaRow, ShiftPlan]], now: datetime, events: list[tuple[int, str, datetime]]
) -> tuple[list[tuple[RotaRow, ShiftPlan]], int | None]:
    """Make one person of the running shift (an hour and a half in, an hour to go) overrun a break right
    now, so the demo floor shows what an overrun looks like; ``events`` is rewritten for them to match.
    Returns the shifts and the rota id of the one changed (None: no shift had room for it)."""
    for pos, (row, plan) in enumerate(staggered):
        if not (row.starts_at + timedelta(minutes=100) <= now <= row.ends_at - timedelta(minutes=60)):
            continue
        if any(s <= now < e for s, e in plan.breaks):
            continue
        changed = _overrunning(plan, now)
        if changed is None:
            continue
        events[:] = [
            e for e in events if e[0] != row.agent_id or not row.starts_at - timedelta(hours=4) <= e[2]
        ]
        events += [(row.agent_id, kind, at) for kind, at in changed.events() if at <= now]
        events.sort(key=lambda e: (e[2], e[0]))
        return [*staggered[:pos], (row, changed), *staggered[pos + 1 :]], row.rota_id
    return staggered, None


@dataclass(frozen=True)
class RotaRow:
    """A rota row as stored (with its id and UTC bounds)."""

    rota_id: int
    agent_id: int
    shift_date: date
    starts_at: datetime
    ends_at: datetime
    status: str


@dataclass(frozen=True)
class Worked:
    """A shift someone actually worked, for finding who was on the floor at a moment."""

    agent_id: int
    since: datetime
    until: datetime


def attendance_history(
    rng: np.random.Generator,
    rows: list[RotaRow],
    now: datetime,
    zone_of: dict[int, str],
    planned: list[tuple[int, int, datetime, int]] | None = None,
) -> tuple[list[tuple[int, str, datetime]], list[Worked], dict[str, int]]:
    """Attendance events up to ``now`` for every scheduled shift that has started.

    Breaks are staggered per zone and shift (:func:`stagger`). Returns the events
    ``(agent_id, kind, at)`` sorted by time, the worked intervals and outcome counts; ``planned`` (when
    given) receives each shift's planned breaks ``(rota_id, agent_id, starts_at, minutes)``, the running
    shift's later ones too (drawn after every shift's attendance, so they change none of it).
    """
    groups: dict[tuple[str, datetime], list[tuple[RotaRow, ShiftPlan]]] = {}
    for row in sorted(rows, key=lambda r: (r.starts_at, r.agent_id)):
        if row.status == "scheduled" and row.starts_at <= now:
            plan = shift_plan(rng, row.starts_at, row.ends_at)
            groups.setdefault((zone_of.get(row.agent_id, ""), row.starts_at), []).append((row, plan))
    events: list[tuple[int, str, datetime]] = []
    worked: list[Worked] = []
    outcomes = {ON_TIME: 0, LATE: 0, NO_SHOW: 0}
    staggered: list[tuple[RotaRow, ShiftPlan]] = []
    for members in groups.values():
        plans = stagger([plan for _, plan in members], members[0][0].ends_at)
        staggered += [(row, plan) for (row, _), plan in zip(members, plans, strict=True)]
        for (row, _), plan in zip(members, plans, strict=True):
            if plan.clock_in is not None and plan.clock_in > now:
                continue  # still on the way in: the simulator decides
            outcomes[plan.outcome] += 1
            if plan.clock_in is None:
                continue
            events += [(row.agent_id, kind, at) for kind, at in plan.events() if at <= now]
            worked.append(Worked(row.agent_id, plan.clock_in, min(plan.clock_out or now, now)))
    events.sort(key=lambda e: (e[2], e[0]))
    if planned is not None:
        staggered, forced = _one_overrunning(staggered, now, events)
        for row, plan in staggered:
            if plan.clock_in is not None:
                slots = planned_slots(rng, plan, exact=row.rota_id == forced)
                planned += [(row.rota_id, row.agent_id, at, m) for at, m in slots]
    return events, worked, outcomes
