"""Breaks: the floor's break rules, the staggered break plan of each shift, and overruns.

A shift's allowance is its template's ``break_minutes`` (60 per 8 h, 90 per 12 h on the demo floor), taken in
at most :attr:`Rules.max_breaks` pieces, none in the first or last hour. :func:`stagger` places every
rostered agent's pieces on a 5-minute grid so that at every step no desk has more than
:attr:`Rules.max_share_pct` of its rostered people away (at least one may always go) and never fewer left
than its staffing requirement (:func:`console.services.staffing.hourly`, the desk's headcount rows); what
it cannot place it reports with the reason. Agents belong to the desk named by their team's
``primary_skill`` (team leads: ``lead``).

The timer leader plans each shift start once, shortly before it (:func:`plan_due`); a supervisor may plan
again (:func:`replan`), which keeps the slots already begun. An agent on a break longer than its planned
slot, or past the shift's allowance, is overrunning (:func:`overruns`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import (
    Agent,
    AttendanceEvent,
    BreakPlanRun,
    BreakRules,
    Floor,
    PlannedBreak,
    RotaAssignment,
    ShiftTemplate,
    Team,
)
from console.errors import InvalidInput, NotFound
from console.floortime import DEFAULT_TZ, utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services import staffing
from console.services.unit import Unit, unit_of_work

STEP = timedelta(minutes=5)  # the planning grid
GAP = timedelta(minutes=30)  # at least this between one person's breaks
LEAD = timedelta(minutes=30)  # the leader plans a shift this long before it starts
CATCH_UP = timedelta(
    hours=1
)  # ... or this long after, if it was down then (no break falls in the first hour)
LEAD_DESK = "lead"

# Why a slot could not be placed (stable keys; the titles are translated by the UI and the CLI).
REASONS = {
    "minimum": QT_TRANSLATE_NOOP("Breaks", "the desk would drop below its minimum"),
    "share": QT_TRANSLATE_NOOP("Breaks", "too many of the desk already on break"),
    "window": QT_TRANSLATE_NOOP("Breaks", "no room in the shift outside its first and last hour"),
}
BAD_RULE = QT_TRANSLATE_NOOP(
    "Errors", "Break rule {name} must be a whole number from {low} to {high} (got {value})."
)
UNKNOWN_RULE = QT_TRANSLATE_NOOP("Errors", "Unknown break rule {name}: use one of {known}.")
BOUNDS = {
    "max_breaks": (1, 6),
    "edge_minutes": (0, 240),
    "max_share_pct": (1, 100),
    "adherence_minutes": (0, 60),
}


@dataclass(frozen=True)
class Rules:
    """How breaks may be taken on a floor (``break_rules``; these defaults when the floor has no row)."""

    max_breaks: int = 3
    edge_minutes: int = 60
    max_share_pct: int = 20
    adherence_minutes: int = 5

    @property
    def edge(self) -> timedelta:
        return timedelta(minutes=self.edge_minutes)

    def capacity(self, rostered: int) -> int:
        """How many of ``rostered`` people on a desk may be on break at once: the share, at least one (a
        desk of four would otherwise never break; its minimum still holds it back)."""
        return max(1, rostered * self.max_share_pct // 100)

    def pieces(self, allowance: int) -> list[int]:
        """The allowance split into planned breaks (minutes): 60 → 15 + 30 + 15, 90 → 20 + 50 + 20, in at
        most :attr:`max_breaks` pieces on whole 5 minutes."""
        if allowance <= 0:
            return []
        k = max(1, min(self.max_breaks, allowance // 10))
        if k == 1:
            return [allowance]
        if k == 2:
            first = 5 * round(allowance / 10)
            return [first, allowance - first]
        short = 5 * max(1, allowance // 2 // (k - 1) // 5)
        middle = allowance - short * (k - 1)
        out = [short] * (k - 1)
        out.insert(k // 2, middle)
        return out

    def longest(self, allowance: int) -> int:
        """The longest single break the allowance plans (the limit of a break that matched no slot)."""
        return max(self.pieces(allowance), default=0)


def rules(s: Session, floor_id: int | None = None) -> Rules:
    """The rules of ``floor_id`` (default: the first floor), or the defaults."""
    if floor_id is None:
        floor_id = s.scalar(select(Floor.id).order_by(Floor.id).limit(1))
    row = s.get(BreakRules, floor_id) if floor_id is not None else None
    if row is None:
        return Rules()
    return Rules(row.max_breaks, row.edge_minutes, row.max_share_pct, row.adherence_minutes)


def set_rules(db: Database, actor: Actor, floor_code: str | None = None, **values: int) -> Rules:
    """Change some of a floor's break rules; audited before → after. Returns the rules now in force."""
    for name, value in values.items():
        if name not in BOUNDS:
            raise InvalidInput(UNKNOWN_RULE, name=name, known=", ".join(BOUNDS))
        low, high = BOUNDS[name]
        if not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(BAD_RULE, name=name, low=low, high=high, value=value)
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        q = select(Floor).order_by(Floor.id).limit(1)
        if floor_code is not None:
            q = select(Floor).where(Floor.code == floor_code)
        fl = s.scalar(q)
        if fl is None:
            raise NotFound(what="Floor", key=floor_code or "")
        before = rules(s, fl.id)
        after = replace(before, **values)
        row = s.get(BreakRules, fl.id)
        if row is None:
            row = BreakRules(floor_id=fl.id)
            s.add(row)
        for name in BOUNDS:
            setattr(row, name, getattr(after, name))
        s.flush()
        unit.audit(
            "breaks.rules",
            "floor",
            fl.id,
            before={k: getattr(before, k) for k in values},
            after={k: getattr(after, k) for k in values},
        )
        return after


# -- the planner (pure) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rostered:
    """One person on a desk for a stretch of time. ``allowance`` 0: counts toward the desk, plans nothing."""

    rota_id: int
    agent_id: int
    desk: str
    starts_at: datetime
    ends_at: datetime
    allowance: int = 0
    name: str = ""


@dataclass(frozen=True)
class Slot:
    """A planned break."""

    rota_id: int
    agent_id: int
    desk: str
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Unplaced:
    """A break the planner could not place, and why (a key of :data:`REASONS`)."""

    rota_id: int
    agent_id: int
    desk: str
    minutes: int
    reason: str
    name: str = ""


@dataclass(frozen=True)
class BreakPlan:
    """The planned breaks of the shifts starting at ``starts_at``, and those that found no room."""

    starts_at: datetime
    slots: tuple[Slot, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    kept: tuple[Slot, ...] = field(default=())  # slots already begun when re-planned, left as they were


Minimum = Callable[[str, datetime], int]


def _grid(t: datetime) -> datetime:
    """``t`` rounded up to the planning grid (whole 5 minutes of the epoch)."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    steps = math.ceil((t - epoch) / STEP)
    return epoch + steps * STEP


class _Desks:
    """Rostered and on-break counts per desk per grid step."""

    def __init__(self, people: Iterable[Rostered], rules: Rules, minimum: Minimum) -> None:
        self.rules = rules
        self.minimum = minimum
        self.rostered: dict[str, Counter[datetime]] = {}
        self.away: dict[str, Counter[datetime]] = {}
        for p in people:
            counts = self.rostered.setdefault(p.desk, Counter())
            t = _grid(p.starts_at)
            while t < p.ends_at:
                counts[t] += 1
                t += STEP
            self.away.setdefault(p.desk, Counter())

    def take(self, desk: str, start: datetime, minutes: int) -> None:
        away = self.away.setdefault(desk, Counter())
        for t in _steps(start, minutes):
            away[t] += 1

    def blocked(self, desk: str, start: datetime, minutes: int) -> str | None:
        """Why one more person of ``desk`` cannot be away from ``start`` for ``minutes`` (None: they can)."""
        rostered, away = self.rostered.get(desk, Counter()), self.away.get(desk, Counter())
        for t in _steps(start, minutes):
            n, off = rostered[t], away[t]
            if n - off - 1 < self.minimum(desk, t):
                return "minimum"
            if off + 1 > self.rules.capacity(n):
                return "share"
        return None


def _steps(start: datetime, minutes: int) -> list[datetime]:
    return [start + i * STEP for i in range(math.ceil(timedelta(minutes=minutes) / STEP))]


def stagger(
    people: Sequence[Rostered],
    rules: Rules,
    minimum: Minimum,
    *,
    others: Sequence[Rostered] = (),
    fixed: Sequence[Slot] = (),
    earliest: datetime | None = None,
) -> BreakPlan:
    """Plan the breaks of ``people``.

    Args:
        people: who to plan (their ``allowance`` split by :meth:`Rules.pieces`, less what ``fixed`` already
            gives them).
        rules: the floor's rules.
        minimum: the desk's required headcount at a moment.
        others: people on the same desks at the same time who are not planned now (another shift pattern);
            they count toward the desk.
        fixed: breaks already planned that stay (others' breaks, slots begun before a re-plan).
        earliest: no new slot starts before this (a re-plan during the shift).

    Every person's pieces are placed in rounds (everyone's longest first, then the next), each at the grid
    step nearest its ideal moment (the pieces spread evenly over the shift's middle) where the desk keeps
    its minimum and share and the person keeps :data:`GAP` from their other breaks.
    """
    desks = _Desks([*people, *others], rules, minimum)
    own: dict[int, list[Slot]] = {}
    for slot in fixed:
        desks.take(slot.desk, slot.starts_at, slot.minutes)
        own.setdefault(slot.rota_id, []).append(slot)
    wanted: list[tuple[int, int, Rostered, int, datetime]] = []  # (round, order, person, minutes, ideal)
    for order, p in enumerate(sorted(people, key=lambda p: (p.desk, p.starts_at, p.agent_id))):
        mine = own.get(p.rota_id, [])
        left = p.allowance - sum(s.minutes for s in mine)
        count = rules.max_breaks - len(mine)
        pieces = replace(rules, max_breaks=count).pieces(left) if left > 0 and count > 0 else []
        span = (p.ends_at - p.starts_at) - 2 * rules.edge
        gap = (span - timedelta(minutes=sum(pieces))) / (len(pieces) + 1)
        at = p.starts_at + rules.edge
        ideals: list[tuple[int, datetime]] = []
        for minutes in pieces:
            at += gap
            ideals.append((minutes, at))
            at += timedelta(minutes=minutes)
        by_length = sorted(range(len(ideals)), key=lambda i: -ideals[i][0])
        for rnd, i in enumerate(by_length):
            wanted.append((rnd, order, p, *ideals[i]))
    slots: list[Slot] = []
    unplaced: list[Unplaced] = []
    for _rnd, _order, p, minutes, ideal in sorted(wanted, key=lambda w: (w[0], w[1])):
        lo = _grid(max(p.starts_at + rules.edge, earliest or p.starts_at))
        hi = p.ends_at - rules.edge - timedelta(minutes=minutes)
        candidates: list[datetime] = []
        t = lo
        while t <= hi:
            candidates.append(t)
            t += STEP
        candidates.sort(key=lambda c: (abs((c - ideal).total_seconds()), c))
        why: Counter[str] = Counter()
        placed = None
        for c in candidates:
            end = c + timedelta(minutes=minutes)
            if any(c < s.ends_at + GAP and s.starts_at < end + GAP for s in own.get(p.rota_id, [])):
                why["window"] += 1
                continue
            reason = desks.blocked(p.desk, c, minutes)
            if reason is None:
                placed = Slot(p.rota_id, p.agent_id, p.desk, c, minutes)
                break
            why[reason] += 1
        if placed is None:
            reason = "window" if not candidates else max(("minimum", "share", "window"), key=lambda r: why[r])
            unplaced.append(Unplaced(p.rota_id, p.agent_id, p.desk, minutes, reason, p.name))
            continue
        desks.take(p.desk, placed.starts_at, minutes)
        own.setdefault(p.rota_id, []).append(placed)
        slots.append(placed)
    starts = min((p.starts_at for p in people), default=earliest or utcnow())
    slots.sort(key=lambda s: (s.starts_at, s.desk, s.agent_id))
    return BreakPlan(starts, tuple(slots), tuple(unplaced))


# -- reading the floor ----------------------------------------------------------------------------------


def desk_of(title: str, primary_skill: str) -> str:
    """The desk an agent counts toward: team leads the lead desk, everyone else their team's skill."""
    return LEAD_DESK if title == "team_lead" else primary_skill


def rostered(s: Session, first: datetime, last: datetime) -> list[tuple[Rostered, datetime]]:
    """Everyone scheduled (not on leave, not cancelled) on a shift overlapping ``[first, last)``, each with
    the start of their shift."""
    r = RotaAssignment
    rows = s.execute(
        select(
            r.id,
            r.agent_id,
            r.starts_at,
            r.ends_at,
            Agent.title,
            Team.primary_skill,
            Agent.display_name,
            ShiftTemplate.break_minutes,
        )
        .join(Agent, Agent.id == r.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .join(ShiftTemplate, ShiftTemplate.id == r.shift_template_id)
        .where(r.status == "scheduled", r.starts_at < last, r.ends_at > first)
        .order_by(r.starts_at, r.agent_id)
    ).all()
    return [
        (Rostered(rid, aid, desk_of(title, skill), start, end, allowance, name), start)
        for rid, aid, start, end, title, skill, name, allowance in rows
    ]


def slots_of(s: Session, rota_ids: Iterable[int]) -> list[Slot]:
    """The planned breaks of these rota rows, in time order (``desk`` left empty)."""
    ids = list(rota_ids)
    if not ids:
        return []
    pb = PlannedBreak
    return [
        Slot(rid, aid, "", start, minutes)
        for rid, aid, start, minutes in s.execute(
            select(pb.rota_assignment_id, pb.agent_id, pb.starts_at, pb.minutes)
            .where(pb.rota_assignment_id.in_(ids))
            .order_by(pb.starts_at, pb.id)
        )
    ]


def floor_tz(s: Session) -> ZoneInfo:
    name = s.scalar(select(Floor.timezone).order_by(Floor.id).limit(1))
    return ZoneInfo(name or DEFAULT_TZ)


def minimum_for(s: Session) -> Minimum:
    """The desks' headcount requirements as a function of (desk, moment), floor days read once each."""
    reqs = staffing.requirements(s)
    tz = floor_tz(s)
    days: dict[date, dict[tuple[str, str | None, str | None], list[int]]] = {}

    def minimum(desk: str, at: datetime) -> int:
        local = at.astimezone(tz)
        hours = days.get(local.date())
        if hours is None:
            hours = days[local.date()] = staffing.hourly(reqs, local.date())
        counts = hours.get((desk, None, None))
        return counts[local.hour] if counts else 0

    return minimum


def plan_breaks(s: Session, starts_at: datetime, *, earliest: datetime | None = None) -> BreakPlan:
    """The break plan of the shifts starting at ``starts_at`` (every template starting then), against the
    desks as rostered (people of overlapping shifts count, with their planned breaks). With ``earliest``
    (a re-plan during the shift), slots already begun by then are kept and the rest placed after it."""
    people_at = rostered(s, starts_at, starts_at + timedelta(hours=16))
    people = [p for p, start in people_at if start == starts_at]
    if not people:
        return BreakPlan(starts_at)
    first, last = starts_at, max(p.ends_at for p in people)
    around = [p for p, start in rostered(s, first, last) if start != starts_at]
    desk = {p.rota_id: p.desk for p in [*people, *around]}
    kept: list[Slot] = []
    fixed: list[Slot] = []
    own_ids = {p.rota_id for p in people}
    for slot in slots_of(s, desk):
        slot = replace(slot, desk=desk[slot.rota_id])
        if slot.rota_id not in own_ids:
            fixed.append(slot)
        elif earliest is not None and slot.starts_at < earliest:
            kept.append(slot)
    plan = stagger(people, rules(s), minimum_for(s), others=around, fixed=[*fixed, *kept], earliest=earliest)
    return replace(plan, starts_at=starts_at, kept=tuple(kept))


def _write(unit: Unit, plan: BreakPlan, now: datetime) -> None:
    s = unit.session
    rota_ids = [
        p.rota_id
        for p, start in rostered(s, plan.starts_at, plan.starts_at + STEP)
        if start == plan.starts_at
    ]
    keep = {(k.rota_id, k.starts_at) for k in plan.kept}
    for row in s.scalars(select(PlannedBreak).where(PlannedBreak.rota_assignment_id.in_(rota_ids))):
        if (row.rota_assignment_id, row.starts_at) not in keep:
            s.delete(row)
    s.flush()
    s.add_all(
        PlannedBreak(
            agent_id=x.agent_id, rota_assignment_id=x.rota_id, starts_at=x.starts_at, minutes=x.minutes
        )
        for x in plan.slots
    )
    run = s.get(BreakPlanRun, plan.starts_at)
    if run is None:
        run = BreakPlanRun(starts_at=plan.starts_at)
        s.add(run)
    run.planned_at, run.planned_by, run.unplaced = now, unit.actor.username, len(plan.unplaced)
    s.flush()
    unit.audit(
        "breaks.plan",
        "shift",
        None,
        starts_at=plan.starts_at.isoformat(),
        slots=len(plan.slots),
        kept=len(plan.kept),
        unplaced=len(plan.unplaced),
    )


def replan(db: Database, actor: Actor, starts_at: datetime, now: datetime | None = None) -> BreakPlan:
    """Plan the breaks of the shifts starting at ``starts_at`` again (a supervisor's action): slots already
    begun at ``now`` stay, the rest are placed anew after it. Audited."""
    now = now or utcnow()
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        plan = plan_breaks(unit.session, starts_at, earliest=now if now > starts_at else None)
        _write(unit, plan, now)
        return plan


def due_starts(s: Session, now: datetime) -> list[datetime]:
    """Shift starts from :data:`CATCH_UP` ago to :data:`LEAD` ahead that have not been planned."""
    r = RotaAssignment
    starts = set(
        s.scalars(
            select(r.starts_at)
            .where(r.status == "scheduled", r.starts_at > now - CATCH_UP, r.starts_at <= now + LEAD)
            .distinct()
        )
    )
    if not starts:
        return []
    done = set(s.scalars(select(BreakPlanRun.starts_at).where(BreakPlanRun.starts_at.in_(list(starts)))))
    return sorted(starts - done)


def plan_due(db: Database, actor: Actor, now: datetime) -> int:
    """The timer leader's part: plan every shift start that is due and not yet planned, each once (the
    ``break_plan_runs`` row is the record; a second leader at the same moment fails on its key and tries
    again next tick, finding it done). Returns how many shift starts it planned."""
    with db.reading() as s:
        due = due_starts(s, now)
    planned = 0
    for starts_at in due:
        with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
            if unit.session.get(BreakPlanRun, starts_at) is not None:
                continue
            plan = plan_breaks(unit.session, starts_at, earliest=now if now > starts_at else None)
            _write(unit, plan, now)
            planned += 1
    return planned


# -- overruns -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overrun:
    """An agent on a break past its planned slot (``reason`` "slot") or past the allowance ("allowance")."""

    agent_id: int
    rota_id: int
    name: str
    since: datetime
    limit_minutes: float
    reason: str

    def minutes(self, now: datetime) -> float:
        return (now - self.since).total_seconds() / 60


def break_spans(
    events: Sequence[tuple[str, datetime]], now: datetime
) -> list[tuple[datetime, datetime | None]]:
    """The breaks in a shift's attendance edges (time order): (start, end or ``None`` while running)."""
    out: list[tuple[datetime, datetime | None]] = []
    since: datetime | None = None
    for kind, at in events:
        if at > now:
            break
        if kind == "break_start" and since is None:
            since = at
        elif kind in ("break_end", "clock_out") and since is not None:
            out.append((since, at))
            since = None
    if since is not None:
        out.append((since, None))
    return out


def match_slots(
    spans: Sequence[tuple[datetime, datetime | None]], planned: Sequence[Slot]
) -> list[Slot | None]:
    """Each taken break's planned slot: the unused slot whose start is nearest the break's."""
    free = list(planned)
    out: list[Slot | None] = []
    for start, _end in spans:
        if not free:
            out.append(None)
            continue
        best = min(free, key=lambda sl: abs((sl.starts_at - start).total_seconds()))
        free.remove(best)
        out.append(best)
    return out


def overrun_of(
    events: Sequence[tuple[str, datetime]],
    planned: Sequence[Slot],
    allowance: int,
    rules: Rules,
    now: datetime,
) -> tuple[float, str] | None:
    """Whether the break running at ``now`` overruns: (its limit in minutes, "slot" | "allowance"), or None.

    The limit of a break is its matched planned slot's length (without a plan: the longest piece the
    allowance would plan), and no more than what is left of the allowance. Past the limit by one second is
    an overrun; at it exactly, not yet.
    """
    spans = break_spans(events, now)
    if not spans or spans[-1][1] is not None:
        return None
    start = spans[-1][0]
    slot = match_slots(spans, planned)[-1]
    used = sum(((end or now) - s0).total_seconds() for s0, end in spans[:-1]) / 60
    slot_limit = float(slot.minutes if slot is not None else rules.longest(allowance))
    left = max(0.0, allowance - used)
    limit, reason = (slot_limit, "slot") if slot_limit <= left else (left, "allowance")
    if (now - start).total_seconds() > limit * 60:
        return limit, reason
    return None


def overruns(s: Session, now: datetime | None = None) -> list[Overrun]:
    """Everyone on a break now that has run past its planned slot or the shift's allowance."""
    now = now or utcnow()
    people = rostered(s, now, now + timedelta(seconds=1))
    if not people:
        return []
    by_rota = {p.rota_id: p for p, _ in people}
    events: dict[int, list[tuple[str, datetime]]] = {}
    for rid, kind, at in s.execute(
        select(AttendanceEvent.rota_assignment_id, AttendanceEvent.kind, AttendanceEvent.at)
        .where(AttendanceEvent.rota_assignment_id.in_(list(by_rota)))
        .order_by(AttendanceEvent.at, AttendanceEvent.id)
    ):
        events.setdefault(rid or 0, []).append((kind, at))
    planned: dict[int, list[Slot]] = {}
    for slot in slots_of(s, by_rota):
        planned.setdefault(slot.rota_id, []).append(slot)
    rule = rules(s)
    out = []
    for rid, p in by_rota.items():
        evs = events.get(rid, [])
        over = overrun_of(evs, planned.get(rid, []), p.allowance, rule, now)
        if over is not None:
            since = break_spans(evs, now)[-1][0]
            out.append(Overrun(p.agent_id, rid, p.name, since, over[0], over[1]))
    return sorted(out, key=lambda o: o.since)


def store_plans(
    db: Database, actor: Actor, slots: Sequence[tuple[int, int, datetime, int]], now: datetime | None = None
) -> int:
    """Keep break plans made elsewhere (the demo's history, an import): ``(rota_id, agent_id, starts_at,
    minutes)`` rows, added as they are, and each of their shift starts marked planned. One transaction,
    one audit line. Returns how many slots were kept."""
    now = now or utcnow()
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        if slots:  # one executemany (the demo keeps ~10,000), no ORM objects
            s.execute(
                insert(PlannedBreak),
                [
                    {"agent_id": agent_id, "rota_assignment_id": rota_id, "starts_at": at, "minutes": minutes}
                    for rota_id, agent_id, at, minutes in slots
                ],
            )
        rota_ids = sorted({row[0] for row in slots})
        starts: set[datetime] = set()
        for i in range(0, len(rota_ids), 500):
            chunk = rota_ids[i : i + 500]
            starts.update(s.scalars(select(RotaAssignment.starts_at).where(RotaAssignment.id.in_(chunk))))
        done = set(s.scalars(select(BreakPlanRun.starts_at)))
        s.add_all(
            BreakPlanRun(starts_at=at, planned_at=now, planned_by=actor.username, unplaced=0)
            for at in sorted(starts - done)
        )
        s.flush()
        unit.audit("breaks.store", "shift", None, slots=len(slots), shifts=len(starts))
        return len(slots)
