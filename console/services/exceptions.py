"""Attendance exceptions: the floor's policies, what they find on the rota, and the stored queue.

:func:`detect` is a pure reading: for every rostered shift starting in a period, the exceptions its
attendance edges show under a :class:`Policy` at a moment ``now``. Boundaries are exact to the second and
strict: clocking in 5 min 00 s after the start with a 5-minute grace is on time, 5 min 01 s is late. A rota
row with status ``leave`` is never an absence (its leave type shows instead).

:func:`sync` stores what :func:`detect` finds in ``attendance_exceptions`` (one row per shift and kind). It is
run by the timer leader, once per floor (:func:`console.timers.run_due`), never by each console: new rows
are inserted, the minutes of open rows follow the edges (a break still running grows), and a row whose cause
went away (a clock-in recorded late by hand, a policy switched off) is removed while nobody has worked it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import (
    AttendanceEvent,
    AttendanceException,
    AttendancePolicy,
    RotaAssignment,
    ShiftTemplate,
)
from console.errors import InvalidInput
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.unit import Unit, unit_of_work

LATE = "late"
NO_SHOW = "no_show"
EARLY_LEAVE = "early_leave"
MISSED_PUNCH = "missed_punch"
UNSCHEDULED_ABSENCE = "unscheduled_absence"
BREAK_OVERRUN = "break_overrun"
OVERTIME = "overtime"
KINDS = (LATE, NO_SHOW, EARLY_LEAVE, MISSED_PUNCH, UNSCHEDULED_ABSENCE, BREAK_OVERRUN, OVERTIME)

KIND_TITLES = {
    LATE: QT_TRANSLATE_NOOP("ExceptionKind", "Late"),
    NO_SHOW: QT_TRANSLATE_NOOP("ExceptionKind", "No-show"),
    EARLY_LEAVE: QT_TRANSLATE_NOOP("ExceptionKind", "Early leave"),
    MISSED_PUNCH: QT_TRANSLATE_NOOP("ExceptionKind", "Missed punch"),
    UNSCHEDULED_ABSENCE: QT_TRANSLATE_NOOP("ExceptionKind", "Unscheduled absence"),
    BREAK_OVERRUN: QT_TRANSLATE_NOOP("ExceptionKind", "Break overrun"),
    OVERTIME: QT_TRANSLATE_NOOP("ExceptionKind", "Overtime"),
}
# What each kind's minutes mean (for the CLI's policy list and the panel's tooltips).
KIND_RULES = {
    LATE: QT_TRANSLATE_NOOP("ExceptionKind", "clock-in more than {minutes} min after the start"),
    NO_SHOW: QT_TRANSLATE_NOOP("ExceptionKind", "no clock-in {minutes} min after the start"),
    EARLY_LEAVE: QT_TRANSLATE_NOOP("ExceptionKind", "clock-out more than {minutes} min before the end"),
    MISSED_PUNCH: QT_TRANSLATE_NOOP(
        "ExceptionKind", "no clock-out {minutes} min after the end, or a break edge without its pair"
    ),
    UNSCHEDULED_ABSENCE: QT_TRANSLATE_NOOP(
        "ExceptionKind", "no clock-in at all and no approved leave, {minutes} min after the end"
    ),
    BREAK_OVERRUN: QT_TRANSLATE_NOOP(
        "ExceptionKind", "breaks more than {minutes} min over the allowance, or one break over {cap} min"
    ),
    OVERTIME: QT_TRANSLATE_NOOP("ExceptionKind", "clock-out more than {minutes} min after the end"),
}

SEVERITIES = ("info", "warning", "critical")
SEVERITY_TITLES = {
    "info": QT_TRANSLATE_NOOP("ExceptionSeverity", "Info"),
    "warning": QT_TRANSLATE_NOOP("ExceptionSeverity", "Warning"),
    "critical": QT_TRANSLATE_NOOP("ExceptionSeverity", "Critical"),
}


@dataclass(frozen=True)
class Rule:
    """One kind's threshold (minutes), severity, and whether it is on. ``cap``: longest single break."""

    minutes: int
    severity: str
    enabled: bool = True
    cap: int | None = None


DEFAULT_RULES: dict[str, Rule] = {
    LATE: Rule(5, "warning"),
    NO_SHOW: Rule(30, "critical"),
    EARLY_LEAVE: Rule(5, "warning"),
    MISSED_PUNCH: Rule(60, "warning"),
    UNSCHEDULED_ABSENCE: Rule(0, "critical"),
    BREAK_OVERRUN: Rule(5, "warning", cap=30),
    OVERTIME: Rule(30, "info"),
}


@dataclass(frozen=True)
class Policy:
    """The floor's rules, one per kind (the defaults where the floor has set none)."""

    rules: tuple[tuple[str, Rule], ...] = tuple(DEFAULT_RULES.items())
    _by_kind: dict[str, Rule] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_kind", dict(self.rules))  # looked up ~20 times per shift

    def rule(self, kind: str) -> Rule:
        return self._by_kind[kind]

    def on(self, kind: str) -> bool:
        return self.rule(kind).enabled

    def with_rule(self, kind: str, rule: Rule) -> Policy:
        return Policy(tuple((k, rule if k == kind else r) for k, r in self.rules))


def load_policy(s: Session) -> Policy:
    """The floor's policy: its stored rules over the defaults."""
    stored = {
        p.kind: Rule(p.minutes, p.severity, p.enabled, p.cap_minutes)
        for p in s.scalars(select(AttendancePolicy))
        if p.kind in DEFAULT_RULES
    }
    return Policy(tuple((k, stored.get(k, r)) for k, r in DEFAULT_RULES.items()))


def set_policy(
    db: Database,
    actor: Actor,
    kind: str,
    *,
    minutes: int | None = None,
    severity: str | None = None,
    enabled: bool = True,
    cap: int | None = None,
) -> Rule:
    """Change one rule of the floor's policy (audited before and after). Returns the rule now in force."""
    if kind not in DEFAULT_RULES:
        raise InvalidInput(detail=f"exception kind {kind!r} (one of {', '.join(KINDS)})")
    if severity is not None and severity not in SEVERITIES:
        raise InvalidInput(detail=f"severity {severity!r} (one of {', '.join(SEVERITIES)})")
    for value in (minutes, cap):
        if value is not None and not 0 <= value <= 24 * 60:
            raise InvalidInput(detail=f"{value} minutes (0 to 1440)")
    with unit_of_work(db, actor, Perm.SET_ATTENDANCE_POLICY) as unit:
        s = unit.session
        before = load_policy(s).rule(kind)
        after = Rule(
            before.minutes if minutes is None else minutes,
            before.severity if severity is None else severity,
            enabled,
            (cap if cap is not None else before.cap) if kind == BREAK_OVERRUN else None,
        )
        row = s.get(AttendancePolicy, kind)
        if row is None:
            row = AttendancePolicy(kind=kind)
            s.add(row)
        row.minutes, row.severity, row.enabled, row.cap_minutes = (
            after.minutes,
            after.severity,
            after.enabled,
            after.cap,
        )
        row.updated_by, row.updated_at = actor.username, utcnow()
        unit.audit(
            "attendance.policy",
            "attendance_policy",
            kind,
            before=_rule_detail(before),
            after=_rule_detail(after),
        )
        return after


def _rule_detail(rule: Rule) -> dict[str, object]:
    return {"minutes": rule.minutes, "severity": rule.severity, "enabled": rule.enabled, "cap": rule.cap}


@dataclass(frozen=True)
class Found:
    """One exception :func:`detect` found: on which rostered shift, what, when, how many minutes."""

    rota_id: int
    agent_id: int
    kind: str
    severity: str
    at: datetime
    minutes: int | None


@dataclass(frozen=True)
class _Shift:
    rota_id: int
    agent_id: int
    starts_at: datetime
    ends_at: datetime
    status: str
    break_minutes: int


def _minutes(delta: timedelta) -> int:
    """Whole minutes, rounded down (a 37 min 40 s break is 37 minutes)."""
    return int(delta.total_seconds() // 60)


def detect(
    s: Session, first: datetime, last: datetime, policy: Policy, *, now: datetime | None = None
) -> list[Found]:
    """Every exception of the shifts starting in ``[first, last)``, as they stand at ``now``.

    A shift still running shows only what is already certain at ``now`` (late, a no-show past its window,
    a break over its limit so far); what depends on the end (early leave, missed punch, absence, overtime)
    shows once the end (plus the rule's minutes) has passed.
    """
    now = now or utcnow()
    r = RotaAssignment
    shifts = [
        _Shift(rid, agent_id, starts_at, ends_at, status, brk)
        for rid, agent_id, starts_at, ends_at, status, brk in s.execute(
            select(r.id, r.agent_id, r.starts_at, r.ends_at, r.status, ShiftTemplate.break_minutes)
            .join(ShiftTemplate, ShiftTemplate.id == r.shift_template_id)
            .where(r.starts_at >= first, r.starts_at < last, r.status != "cancelled", r.starts_at <= now)
            .order_by(r.starts_at, r.id)
        )
    ]
    if not shifts:
        return []
    edges: dict[int, list[tuple[str, datetime]]] = {}
    ids = [sh.rota_id for sh in shifts]
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):  # SQLite's bound-parameter limit
        for rid, kind, at in s.execute(
            select(AttendanceEvent.rota_assignment_id, AttendanceEvent.kind, AttendanceEvent.at)
            .where(AttendanceEvent.rota_assignment_id.in_(chunk))
            .order_by(AttendanceEvent.at, AttendanceEvent.id)
        ):
            if rid is not None:
                edges.setdefault(rid, []).append((kind, at))
    out: list[Found] = []
    for sh in shifts:
        out += shift_exceptions(
            sh.rota_id,
            sh.agent_id,
            sh.starts_at,
            sh.ends_at,
            sh.status,
            sh.break_minutes,
            edges.get(sh.rota_id, []),
            policy,
            now,
        )
    return out


def shift_exceptions(
    rota_id: int,
    agent_id: int,
    starts_at: datetime,
    ends_at: datetime,
    status: str,
    break_allowance: int,
    edges: Iterable[tuple[str, datetime]],
    policy: Policy,
    now: datetime,
) -> list[Found]:
    """The exceptions of one rostered shift, from its edges in time order (no database: unit-testable)."""
    if status == "leave":  # approved leave: not an absence, whatever the clock says
        return []
    found: list[Found] = []

    def add(kind: str, at: datetime, minutes: int | None) -> None:
        if policy.on(kind):
            found.append(Found(rota_id, agent_id, kind, policy.rule(kind).severity, at, minutes))

    clock_in: datetime | None = None
    clock_out: datetime | None = None
    breaks: list[tuple[datetime, datetime]] = []
    open_break: datetime | None = None
    unmatched: datetime | None = None  # the first break edge without its pair
    for kind, at in edges:
        if kind == "clock_in":
            clock_in = at if clock_in is None else clock_in
        elif kind == "clock_out":
            clock_out = at
        elif kind == "break_start":
            if open_break is not None and unmatched is None:
                unmatched = open_break  # a second start without an end between
            open_break = at
        elif kind == "break_end":
            if open_break is None:
                unmatched = unmatched or at
            else:
                breaks.append((open_break, at))
                open_break = None
    ended = now >= ends_at

    rule = policy.rule(LATE)
    if clock_in is not None and clock_in > starts_at + timedelta(minutes=rule.minutes):
        add(LATE, clock_in, _minutes(clock_in - starts_at))
    # A shift over without any clock-in is an unscheduled absence, which takes the no-show's place (the
    # stored no-show row becomes the absence, keeping how it was worked: :func:`store`).
    rule = policy.rule(UNSCHEDULED_ABSENCE)
    absent = clock_in is None and clock_out is None and now >= ends_at + timedelta(minutes=rule.minutes)
    if absent:
        add(UNSCHEDULED_ABSENCE, starts_at, _minutes(ends_at - starts_at))
    rule = policy.rule(NO_SHOW)
    window = starts_at + timedelta(minutes=rule.minutes)
    if (
        now >= window
        and (clock_in is None or clock_in > window)
        and not (absent and policy.on(UNSCHEDULED_ABSENCE))
    ):
        add(NO_SHOW, window, rule.minutes)
    if clock_out is not None and (clock_in is None or clock_out >= clock_in):
        rule = policy.rule(EARLY_LEAVE)
        if clock_out < ends_at - timedelta(minutes=rule.minutes):
            add(EARLY_LEAVE, clock_out, _minutes(ends_at - clock_out))
        rule = policy.rule(OVERTIME)
        if clock_out > ends_at + timedelta(minutes=rule.minutes):
            add(OVERTIME, ends_at, _minutes(clock_out - ends_at))
    rule = policy.rule(MISSED_PUNCH)
    due = ends_at + timedelta(minutes=rule.minutes)
    if now >= due:
        if open_break is not None and unmatched is None:
            unmatched = open_break
        if clock_in is not None and clock_out is None:
            add(MISSED_PUNCH, due, None)
        elif unmatched is not None:
            add(MISSED_PUNCH, unmatched, None)
    # Breaks: the running one counts up to now (an overrun shows while it happens), never past the end.
    rule = policy.rule(BREAK_OVERRUN)
    running = [(open_break, min(now, ends_at))] if open_break is not None and not ended else []
    pieces = [(a, b) for a, b in breaks + running if b > a]
    if pieces:
        total = sum((b - a for a, b in pieces), timedelta())
        longest = max(pieces, key=lambda p: p[1] - p[0])
        cap = rule.cap if rule.cap is not None else 24 * 60
        if longest[1] - longest[0] > timedelta(minutes=cap):
            add(BREAK_OVERRUN, longest[0], _minutes(longest[1] - longest[0]))
        elif total > timedelta(minutes=break_allowance + rule.minutes):
            add(BREAK_OVERRUN, pieces[-1][0], _minutes(total))
    return found


@dataclass(frozen=True)
class SyncStats:
    added: int = 0
    updated: int = 0
    withdrawn: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.withdrawn)


# The timer leader looks this far back for shifts whose exceptions may still change (a 12-hour night shift,
# the missed-punch wait, a clock-out recorded by hand the next morning).
LOOKBACK = timedelta(hours=40)
# Two-key advisory lock class (PostgreSQL) serialising the queue's writers: "WA" + "TX".
SYNC_LOCK_CLASS = 0x5741_5458


def sync_due(db: Database, actor: Actor, now: datetime, *, lookback: timedelta = LOOKBACK) -> SyncStats:
    """Bring the stored queue in line with :func:`detect` for the shifts of the last ``lookback``.

    Reads first and writes only when something changed (the usual tick: a few reads, no write).
    """
    first = now - lookback
    with db.reading() as s:
        found = detect(s, first, now + timedelta(seconds=1), load_policy(s), now=now)
        stored = _stored(s, first)
    if not _differs(found, stored):
        return SyncStats()
    with unit_of_work(db, actor, Perm.WORK_EXCEPTIONS) as unit:
        if unit.session.get_bind().dialect.name == "postgresql":
            # Two evaluators at once (a leader handing over, two timer workers) would both insert the same
            # new rows: serialise them here, and the second re-reads what the first stored (its statements
            # after the lock see the first's commit). SQLite has one writer at a time.
            unit.session.execute(text("SELECT pg_advisory_xact_lock(:cls, 0)"), {"cls": SYNC_LOCK_CLASS})
        found = detect(unit.session, first, now + timedelta(seconds=1), load_policy(unit.session), now=now)
        return store(unit, found, first, now)


def _stored(s: Session, first: datetime) -> dict[tuple[int, str], AttendanceException]:
    x = AttendanceException
    rows = s.scalars(
        select(x)
        .join(RotaAssignment, RotaAssignment.id == x.rota_assignment_id)
        .where(RotaAssignment.starts_at >= first)
    )
    return {(row.rota_assignment_id, row.kind): row for row in rows}


def _worked(row: AttendanceException) -> bool:
    return row.status != "open" or bool(row.reason_code or row.note or row.contacted_at)


def _differs(found: list[Found], stored: dict[tuple[int, str], AttendanceException]) -> bool:
    keys = {(f.rota_id, f.kind) for f in found}
    for f in found:
        row = stored.get((f.rota_id, f.kind))
        if row is None or (row.status == "open" and (row.minutes, row.severity) != (f.minutes, f.severity)):
            return True
    return any(key not in keys and not _worked(row) for key, row in stored.items())


def store(unit: Unit, found: list[Found], first: datetime, now: datetime) -> SyncStats:
    """Write ``found`` over the stored rows of shifts starting from ``first`` (in the caller's unit)."""
    s = unit.session
    stored = _stored(s, first)
    added = updated = 0
    for f in found:  # a no-show whose shift ended without a clock-in becomes the absence, work and all
        promoted = stored.get((f.rota_id, NO_SHOW))
        if f.kind == UNSCHEDULED_ABSENCE and promoted is not None and (f.rota_id, f.kind) not in stored:
            del stored[(f.rota_id, NO_SHOW)]
            promoted.kind = UNSCHEDULED_ABSENCE
            promoted.severity, promoted.at, promoted.minutes = f.severity, f.at, f.minutes
            promoted.version += 1
            stored[(f.rota_id, f.kind)] = promoted
            updated += 1
    new: list[dict[str, object]] = []
    for f in found:
        row = stored.get((f.rota_id, f.kind))
        if row is None:
            new.append(
                {
                    "agent_id": f.agent_id,
                    "rota_assignment_id": f.rota_id,
                    "kind": f.kind,
                    "severity": f.severity,
                    "at": f.at,
                    "detected_at": now,
                    "minutes": f.minutes,
                    "status": "open",
                    "version": 1,
                }
            )
        elif row.status == "open" and (row.minutes, row.severity, row.at) != (f.minutes, f.severity, f.at):
            row.minutes, row.severity, row.at = f.minutes, f.severity, f.at
            row.version += 1
            updated += 1
    if new:
        s.execute(AttendanceException.__table__.insert(), new)  # type: ignore[attr-defined]
        added = len(new)
    keys = {(f.rota_id, f.kind) for f in found}
    gone = [row.id for key, row in stored.items() if key not in keys and not _worked(row)]
    if gone:
        s.execute(delete(AttendanceException).where(AttendanceException.id.in_(gone)))
    stats = SyncStats(added, updated, len(gone))
    if stats:
        unit.audit("attendance.exceptions", "attendance_exceptions", None, **vars(replace(stats)))
    return stats
