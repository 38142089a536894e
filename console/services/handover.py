"""The shift handover (交接班): the outgoing supervisor prepares a brief of the shift, the incoming one signs
it off.

The brief is read in one transaction and stored as plain JSON (:attr:`Handover.brief`): the open incidents
with their SLA (time left or breached) and owners, the handoffs still waiting on departments (overdue
flagged), the indicators in warning or critical or gone silent, the staffing of the shift against its rota
per desk with the exceptions (late, absent, on leave, not in yet), what the next shift has rostered, and the
shift's log entries. It holds codes and every language's names, not sentences, so it reads exactly as it was
when prepared, in whichever language it is shown later (:mod:`console.services.handover_text` renders it).

A brief can be prepared as often as wanted (on demand during the shift, again at its end); each is kept.
The incoming supervisor signs one off: someone other than the preparer, once (a conditional UPDATE, so of
two sign-offs at once exactly one wins), audited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, select, text, update
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import DepartmentName, Floor, Handover, IndicatorName, IndicatorSample
from console.errors import HandoverSignedOff, InvalidInput, NoShift, NotFound, OwnHandover
from console.floortime import DEFAULT_TZ, ShiftSlot, floor_zone, shift_at, utcnow
from console.names import read_names
from console.services import attendance, handoffs, incidents, indicators, rota, shiftlog
from console.services.attendance import NO_SHOW, Presence
from console.services.offline import reachable
from console.services.once import changed
from console.services.unit import Unit, unit_of_work
from console.topics import Topic

TOPIC = Topic.HANDOVER  # what the feed names when this module's table changes (written by the database)
BRIEF_VERSION = 1
# An indicator with no sample for this many of its intervals is silent (as the indicator board says).
SILENT_INTERVALS = 3
_HANDOVERS = cast(Table, Handover.__table__)


@dataclass(frozen=True)
class HandoverRecord:
    """A stored handover: the brief as prepared, and its sign-off."""

    id: int
    shift_start: datetime
    shift_end: datetime
    prepared_by: str
    prepared_at: datetime
    brief: dict[str, Any]
    signed_off_by: str | None
    signed_off_at: datetime | None
    sign_note: str | None

    @property
    def key(self) -> int:
        return self.id

    @property
    def signed(self) -> bool:
        return self.signed_off_at is not None


# -- which shift -------------------------------------------------------------------------------------
def floor_tz_name(s: Session) -> str:
    """The floor's own zone (shifts are found in it), the first floor's; the default on an empty database."""
    return s.scalar(select(Floor.timezone).order_by(Floor.id).limit(1)) or DEFAULT_TZ


def shift_for(s: Session, at: datetime, *, previous: bool = False) -> ShiftSlot:
    """The shift running at ``at``, or (``previous``) the one that ended when it began: the shift to hand
    over just after a change of shift."""
    tz = floor_zone(floor_tz_name(s))
    patterns = rota.patterns(s)
    slot = shift_at(patterns, at, tz)
    if slot is not None and previous:
        slot = shift_at(patterns, slot.starts_at - timedelta(microseconds=1), tz)
    if slot is None:
        raise NoShift(at=at.astimezone(tz).strftime("%Y-%m-%d %H:%M"))
    return slot


# -- the brief ---------------------------------------------------------------------------------------
def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def build_brief(s: Session, slot: ShiftSlot, as_of: datetime) -> dict[str, Any]:
    """Everything the next shift needs to know about ``slot``, as of ``as_of``, as plain JSON values."""
    return {
        "version": BRIEF_VERSION,
        "as_of": as_of.isoformat(),
        "tz": floor_tz_name(s),
        "shift": _shift(slot),
        "incidents": _incidents(s, as_of),
        "handoffs": _handoffs(s, as_of),
        "indicators": _indicators(s, as_of),
        "staffing": _staffing(s, slot, as_of),
        "log": _log(s, slot),
    }


def _shift(slot: ShiftSlot) -> dict[str, Any]:
    return {
        "code": slot.pattern.code,
        "name": slot.pattern.name,
        "date": slot.shift_date.isoformat(),
        "start": slot.starts_at.isoformat(),
        "end": slot.ends_at.isoformat(),
    }


def _incidents(s: Session, as_of: datetime) -> list[dict[str, Any]]:
    """Open incidents, breached first, then by severity and by how soon their SLA runs out."""
    out = []
    for row in incidents.open_queue(s):
        due = row.sla_due()
        left = (due - as_of).total_seconds()
        out.append(
            {
                "ref": row.ref,
                "title": row.title,
                "category": row.category,
                "severity": row.severity,
                "status": row.status,
                "owner": row.owner,
                "opened_at": row.opened_at.isoformat(),
                "sla": "ack" if row.acknowledged_at is None else "resolve",
                "due_at": due.isoformat(),
                "seconds_left": int(left),
                "breached": left < 0,
            }
        )
    out.sort(key=lambda r: (not r["breached"], r["severity"], r["seconds_left"]))
    return out


def _handoffs(s: Session, as_of: datetime) -> list[dict[str, Any]]:
    """Handoffs still waiting on a department's answer, overdue first."""
    waiting = [h for h in handoffs.rows(s, open_only=True) if h.responded_at is None]
    names = read_names(s, DepartmentName, {h.department_id for h in waiting})
    out = [
        {
            "ref": h.incident_ref,
            "department": h.department,
            "department_names": [list(n) for n in names.get(h.department_id, ())],
            "action": h.action,
            "requested_at": h.requested_at.isoformat(),
            "due_at": h.due_at.isoformat(),
            "acknowledged": h.acknowledged_at is not None,
            "overdue": h.is_overdue(as_of),
        }
        for h in waiting
    ]
    out.sort(key=lambda r: (not r["overdue"], r["due_at"]))
    return out


def _indicators(s: Session, as_of: datetime) -> list[dict[str, Any]]:
    """Indicators in critical, warning or silent (no sample for :data:`SILENT_INTERVALS` intervals)."""
    inds = indicators.all_indicators(s)
    names = read_names(s, IndicatorName, [i.id for i in inds])
    order = {"critical": 0, "warning": 1, "silent": 2}
    out: list[dict[str, Any]] = []
    for ind in inds:
        latest = s.execute(
            select(IndicatorSample.ts, IndicatorSample.value)
            .where(IndicatorSample.indicator_id == ind.id, IndicatorSample.ts <= as_of)
            .order_by(IndicatorSample.ts.desc())
            .limit(1)
        ).first()
        quiet = timedelta(seconds=SILENT_INTERVALS * max(ind.interval_seconds, 60))
        if latest is None or as_of - latest.ts > quiet:
            level = "silent"
        else:
            level = indicators.level(ind, latest.value)
        if level not in order:
            continue
        out.append(
            {
                "key": ind.key,
                "name": ind.name,
                "names": [list(n) for n in names.get(ind.id, ())],
                "unit": ind.unit,
                "level": level,
                "value": None if latest is None else float(latest.value),
                "last_at": None if latest is None else latest.ts.isoformat(),
                "warning": ind.warning,
                "critical": ind.critical,
            }
        )
    out.sort(key=lambda r: order[r["level"]])
    return out


def _exception(line: attendance.RosterLine, moment: datetime) -> str | None:
    """What is out of the ordinary about a rostered agent over the shift so far (``None``: nothing)."""
    if line.rota_status == "leave":
        return "leave"
    if line.clock_in is None:
        if moment >= line.starts_at + NO_SHOW:
            return "absent"
        return "not_yet" if moment >= line.starts_at else None
    return "late" if line.minutes_late > 0 else None


def _staffing(s: Session, slot: ShiftSlot, as_of: datetime) -> dict[str, Any]:
    """Present against the rota per desk (team), the exceptions by name, and the next shift's rota."""
    moment = min(as_of, slot.ends_at)
    lines = attendance.roster(s, starts_at=slot.starts_at)
    teams: dict[str, Counter[str]] = {}
    exceptions: list[dict[str, Any]] = []
    for line in lines:
        count = teams.setdefault(line.team, Counter())
        kind = _exception(line, moment)
        if kind != "leave":
            count["rostered"] += 1
            count["came_in"] += line.clock_in is not None
            on_floor = line.presence(moment) in (Presence.PRESENT, Presence.LATE, Presence.ON_BREAK)
            count["on_floor"] += on_floor
        if kind is not None:
            count[kind] += 1
            exceptions.append(
                {
                    "name": line.name,
                    "employee_no": line.employee_no,
                    "team": line.team,
                    "kind": kind,
                    "minutes_late": line.minutes_late,
                    "clock_in": _iso(line.clock_in),
                }
            )
    order = {"absent": 0, "not_yet": 1, "late": 2, "leave": 3}
    exceptions.sort(key=lambda e: (order[e["kind"]], e["team"], e["name"]))
    keys = ("rostered", "came_in", "on_floor", "late", "absent", "not_yet", "leave")
    desks = [{"team": team, **{k: teams[team][k] for k in keys}} for team in sorted(teams)]
    return {"desks": desks, "exceptions": exceptions, "next": _next_shift(s, slot)}


def _next_shift(s: Session, slot: ShiftSlot) -> dict[str, Any] | None:
    tz = floor_zone(floor_tz_name(s))
    nxt = shift_at(rota.patterns(s), slot.ends_at, tz)
    if nxt is None:
        return None
    lines = attendance.roster(s, starts_at=nxt.starts_at)
    desks: dict[str, Counter[str]] = {}
    for line in lines:
        desks.setdefault(line.team, Counter())["leave" if line.rota_status == "leave" else "rostered"] += 1
    return {
        **_shift(nxt),
        "desks": [
            {"team": t, "rostered": desks[t]["rostered"], "leave": desks[t]["leave"]} for t in sorted(desks)
        ],
        "on_leave": sorted(line.name for line in lines if line.rota_status == "leave"),
    }


def _log(s: Session, slot: ShiftSlot) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at.isoformat(),
            "author": e.author,
            "body": e.body,
            "incident_ref": e.incident_ref,
            "agent": e.agent_name,
            "indicator": e.indicator_name,
            "indicator_names": [list(n) for n in e.indicator_names],
        }
        for e in shiftlog.entries(s, slot.starts_at, slot.ends_at)
    ]


# -- writes ------------------------------------------------------------------------------------------
def prepare(
    db: Database,
    actor: Actor,
    *,
    at: datetime | None = None,
    previous: bool = False,
) -> int:
    """Prepare and store the brief of the shift running at ``at`` (now unless given), or of the one before
    it (``previous``: just after a change of shift). Returns the handover's id."""
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.KEEP_SHIFT_LOG) as unit:
        slot = shift_for(unit.session, at, previous=previous)
        return _store(unit, slot, at)


def _store(unit: Unit, slot: ShiftSlot, at: datetime, *, automatic: bool = False) -> int:
    s = unit.session
    brief = build_brief(s, slot, at)
    record = Handover(
        shift_start=slot.starts_at,
        shift_end=slot.ends_at,
        prepared_by=unit.actor.username,
        prepared_at=at,
        brief=brief,
    )
    s.add(record)
    s.flush()
    extra = {"automatic": True} if automatic else {}
    unit.audit(
        "handover.prepare",
        "handover",
        record.id,
        shift=slot.pattern.code,
        shift_date=slot.shift_date.isoformat(),
        incidents=len(brief["incidents"]),
        log_entries=len(brief["log"]),
        **extra,
    )
    return record.id


# -- at shift end, once per floor (the timer leader: console.timers) ------------------------------------
AUTOMATIC_WITHIN = timedelta(hours=1)  # a shift that ended longer ago than this is not briefed by itself
# Two-key advisory lock class (PostgreSQL) serialising automatic briefs of one shift: "WH" + "OV".
AUTOMATIC_LOCK_CLASS = 0x5748_4F56


def due_automatic(s: Session, now: datetime) -> ShiftSlot | None:
    """The shift that ended within the last hour and has no handover yet (none prepared before its end or
    since), or ``None``."""
    try:
        slot = shift_for(s, now, previous=True)
    except NoShift:
        return None
    if not slot.ends_at <= now <= slot.ends_at + AUTOMATIC_WITHIN:
        return None
    there = s.scalar(select(Handover.id).where(Handover.shift_start == slot.starts_at).limit(1))
    return None if there is not None else slot


def prepare_automatic(unit: Unit, now: datetime) -> int | None:
    """Prepare the brief of the shift that just ended, if nobody did (in the caller's unit of work, whose
    actor keeps the shift log). Once per shift however many evaluate it: PostgreSQL serialises them on an
    advisory lock and the second finds the first's handover; SQLite has one writer at a time. Returns the
    handover's id, or ``None`` when there was nothing to do."""
    s = unit.session
    try:
        slot = shift_for(s, now, previous=True)
    except NoShift:
        return None
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_advisory_xact_lock(:cls, hashtext(:key))"),
            {"cls": AUTOMATIC_LOCK_CLASS, "key": slot.starts_at.isoformat()},
        )
    if due_automatic(s, now) is None:
        return None
    return _store(unit, slot, now, automatic=True)


def sign_off(
    db: Database, actor: Actor, handover_id: int, *, note: str = "", at: datetime | None = None
) -> None:
    """The incoming supervisor takes the shift over on this brief: someone other than its preparer, once.

    Raises:
        OwnHandover, HandoverSignedOff, NotFound, PermissionDenied, DatabaseUnavailable
    """
    note = note.strip()
    if len(note) > shiftlog.MAX_LENGTH:
        raise InvalidInput(detail=f"sign-off note of {len(note)} characters")
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.KEEP_SHIFT_LOG) as unit:
        s = unit.session
        record = s.get(Handover, handover_id)
        if record is None:
            raise NotFound(what="Handover", key=handover_id)
        if record.prepared_by == actor.username:
            raise OwnHandover(user=actor.username)
        t = _HANDOVERS
        taken = (
            update(t)
            .where(t.c.id == handover_id, t.c.signed_off_at.is_(None))
            .values(signed_off_by=actor.username, signed_off_at=at, sign_note=note or None)
        )
        if changed(s, taken) != 1:
            s.refresh(record)
            tz = floor_zone(record.brief.get("tz") or DEFAULT_TZ)
            signed = record.signed_off_at.astimezone(tz) if record.signed_off_at else None
            raise HandoverSignedOff(
                shift=record.brief.get("shift", {}).get("name", "?"),
                who=record.signed_off_by or "?",
                at=signed.strftime("%Y-%m-%d %H:%M") if signed else "?",
            )
        unit.audit("handover.sign_off", "handover", handover_id, prepared_by=record.prepared_by, note=note)


# -- reads -------------------------------------------------------------------------------------------
def _record(h: Handover) -> HandoverRecord:
    return HandoverRecord(
        h.id,
        h.shift_start,
        h.shift_end,
        h.prepared_by,
        h.prepared_at,
        dict(h.brief),
        h.signed_off_by,
        h.signed_off_at,
        h.sign_note,
    )


def get(s: Session, handover_id: int) -> HandoverRecord:
    h = s.get(Handover, handover_id)
    if h is None:
        raise NotFound(what="Handover", key=handover_id)
    return _record(h)


def latest(s: Session, since_shift_start: datetime | None = None) -> HandoverRecord | None:
    """The newest handover prepared (of a shift that started at or after ``since_shift_start``)."""
    q = select(Handover)
    if since_shift_start is not None:
        q = q.where(Handover.shift_start >= since_shift_start)
    h = s.scalars(q.order_by(Handover.prepared_at.desc(), Handover.id.desc()).limit(1)).first()
    return None if h is None else _record(h)
