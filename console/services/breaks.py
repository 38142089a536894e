"""Breaks: the floor's break rules, the staggered break plan of each shift, and overruns.

A shift's allowance is its template's ``break_minutes`` (60 per 8 h, 90 per 12 h on the demo floor), taken
in at most :attr:`Rules.max_breaks` pieces, none in the first or last hour. :func:`stagger` (the planner
without a database, :mod:`console.services.stagger`) places every rostered agent's pieces on a 5-minute
grid so that at every step no desk has more than :attr:`Rules.max_share_pct` of its rostered people away
(at least one may always go) and never fewer left than its staffing requirement
(:func:`console.services.staffing.hourly`, the desk's headcount rows); what it cannot place it reports
with the reason. Agents belong to the desk named by their team's ``primary_skill`` (team leads: ``lead``).

The timer leader plans each shift start once, shortly before it (:func:`plan_due`); a supervisor may plan
again (:func:`replan`), which keeps the slots already begun. An agent on a break longer than its planned
slot, or past the shift's allowance, is overrunning (:func:`overruns`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, text
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
from console.desks import desk_of
from console.errors import InvalidInput, NotFound
from console.floortime import DEFAULT_TZ, utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services import staffing
from console.services.stagger import (
    GAP,
    REASONS,
    STEP,
    BreakPlan,
    Minimum,
    Rostered,
    Rules,
    Slot,
    Unplaced,
    stagger,
)
from console.services.unit import Unit, unit_of_work

__all__ = [  # the planner's names, used through this module by the CLI, the views and the dock
    "GAP",
    "REASONS",
    "STEP",
    "BreakPlan",
    "Rostered",
    "Rules",
    "Slot",
    "Unplaced",
    "stagger",
]

LEAD = timedelta(minutes=30)  # the leader plans a shift this long before it starts
# ... or this long after, if it was down then (no break falls in the first hour, so none is lost).
CATCH_UP = timedelta(hours=1)

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


# -- reading the floor ----------------------------------------------------------------------------------


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


# Two-key advisory lock class (PostgreSQL) serialising the planning of one shift start: "WB" + "RK".
PLAN_LOCK_CLASS = 0x5742_524B


def plan_due(db: Database, actor: Actor, now: datetime) -> int:
    """The timer leader's part: plan every shift start that is due and not yet planned, each once (the
    ``break_plan_runs`` row is the record). Two evaluators at once (a leader handing over) serialise on an
    advisory lock on PostgreSQL and the second finds the first's row; SQLite has one writer at a time.
    Returns how many shift starts it planned."""
    with db.reading() as s:
        due = due_starts(s, now)
    planned = 0
    for starts_at in due:
        with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
            if unit.session.get_bind().dialect.name == "postgresql":
                unit.session.execute(
                    text("SELECT pg_advisory_xact_lock(:cls, hashtext(:key))"),
                    {"cls": PLAN_LOCK_CLASS, "key": starts_at.isoformat()},
                )
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
