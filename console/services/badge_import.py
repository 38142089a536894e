"""Badge-system exports (a ZKTeco attendance log and the like) as attendance edges: checked line by line,
stored all or nothing, harmless to import twice.

A line is ``badge id, timestamp, device id, direction`` (comma, semicolon or tab separated; further columns,
as ZKTeco's verify mode and work code, are ignored; a header line is optional). The timestamp is floor time,
``YYYY-MM-DD HH:MM:SS``. The direction is ``in`` / ``out`` (also ``check-in``, ``check-out``,
``break-out``, ``break-in``) or ZKTeco's punch state: 0 check-in, 1 check-out, 2 break-out, 3 break-in.

Every problem is found before anything is written, each with its line number: an unknown badge, a bad time,
an unknown direction, a line given twice, too few columns. A punch already stored (from an earlier import of
the same export, or an overlapping one) is skipped and counted as already there; the database's unique index
on badge punches (migration 0011) refuses a copy a concurrent import would write.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, AttendanceEvent, Floor
from console.errors import NotFound
from console.floortime import DEFAULT_TZ
from console.i18n import QT_TRANSLATE_NOOP
from console.ingest import BadSamples, Problem
from console.services import attendance
from console.services.unit import unit_of_work

# ZKTeco punch states and the words exports use, as attendance edge kinds.
DIRECTIONS = {
    "0": "clock_in",
    "1": "clock_out",
    "2": "break_start",
    "3": "break_end",
    "in": "clock_in",
    "out": "clock_out",
    "i": "clock_in",
    "o": "clock_out",
    "check-in": "clock_in",
    "check-out": "clock_out",
    "checkin": "clock_in",
    "checkout": "clock_out",
    "break-out": "break_start",
    "break-in": "break_end",
    "breakout": "break_start",
    "breakin": "break_end",
}
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# Why a line is refused (context "Ingest", like the sample import's reasons: the same message shape).
TOO_FEW = QT_TRANSLATE_NOOP(
    "Ingest", "expected badge id, timestamp, device and direction; found {found} column(s)"
)
UNKNOWN_BADGE = QT_TRANSLATE_NOOP("Ingest", "no agent has the badge “{badge}”")
BAD_TIME = QT_TRANSLATE_NOOP("Ingest", "“{text}” is not a floor time like 2026-12-01 07:58:12")
UNKNOWN_DIRECTION = QT_TRANSLATE_NOOP(
    "Ingest", "“{text}” is not a direction (in, out, or the punch state 0, 1, 2 or 3)"
)
DUPLICATE = QT_TRANSLATE_NOOP("Ingest", "the same punch as line {first}")
NO_PUNCHES = QT_TRANSLATE_NOOP("Ingest", "there are no punches")
NOT_TEXT = QT_TRANSLATE_NOOP("Ingest", "the line is not UTF-8 text")


@dataclass(frozen=True)
class Punch:
    line: int
    agent_id: int
    kind: str
    at: datetime  # UTC
    device: str


@dataclass(frozen=True)
class Imported:
    """What an import did: punches stored, punches already there, lines read."""

    stored: int
    already: int
    read: int


def _delimiter(line: str) -> str:
    if "\t" in line:
        return "\t"
    if ";" in line and "," not in line:
        return ";"
    return ","


def _is_header(fields: list[str]) -> bool:
    """A first line naming columns (no timestamp and a word where the badge goes)."""
    if len(fields) < 2:
        return False
    try:
        datetime.strptime(fields[1].strip(), TIME_FORMAT)
        return False
    except ValueError:
        return any(c.isalpha() for c in fields[0])


def parse(stream: BinaryIO, badges: dict[str, int], tz: ZoneInfo) -> tuple[list[Punch], list[Problem]]:
    """Every punch of an export, and every problem with its line number (nothing is read from the database:
    ``badges`` maps badge numbers to agent ids)."""
    punches: list[Punch] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, datetime], int] = {}
    delimiter: str | None = None
    for number, raw in enumerate(stream, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip("\r\n")
        except UnicodeDecodeError:
            problems.append(Problem(number, NOT_TEXT))
            continue
        if not text.strip():
            continue
        delimiter = delimiter or _delimiter(text)
        fields = [f.strip() for f in next(csv.reader(io.StringIO(text), delimiter=delimiter))]
        if number == 1 and _is_header(fields):
            continue
        if len(fields) < 4:
            problems.append(Problem(number, TOO_FEW, {"found": len(fields)}))
            continue
        badge, stamp, device, direction = fields[:4]
        bad = False
        agent_id = badges.get(badge)
        if agent_id is None:
            problems.append(Problem(number, UNKNOWN_BADGE, {"badge": badge}))
            bad = True
        try:
            local = datetime.strptime(stamp, TIME_FORMAT)
        except ValueError:
            problems.append(Problem(number, BAD_TIME, {"text": stamp}))
            bad = True
        kind = DIRECTIONS.get(direction.lower())
        if kind is None:
            problems.append(Problem(number, UNKNOWN_DIRECTION, {"text": direction}))
            bad = True
        if bad or agent_id is None or kind is None:
            continue
        at = local.replace(tzinfo=tz).astimezone(UTC)
        key = (badge, kind, at)
        if key in seen:
            problems.append(Problem(number, DUPLICATE, {"first": seen[key]}))
            continue
        seen[key] = number
        punches.append(Punch(number, agent_id, kind, at, device))
    if not punches and not problems:
        problems.append(Problem(1, NO_PUNCHES))
    return punches, problems


def floor_tz(db: Database) -> ZoneInfo:
    with db.reading() as s:
        name = s.scalar(select(Floor.timezone).order_by(Floor.id).limit(1))
    return ZoneInfo(name or DEFAULT_TZ)


def import_punches(db: Database, actor: Actor, stream: BinaryIO, *, source: str = "badges") -> Imported:
    """Check a whole export, then store its new punches as badge edges in one transaction.

    Raises:
        BadSamples: the export's problems by line (nothing stored).
        PermissionDenied: ``actor`` may not record attendance.
    """
    tz = floor_tz(db)
    with db.reading() as s:
        badges = {
            str(b): i
            for b, i in s.execute(select(Agent.badge_no, Agent.id).where(Agent.badge_no.is_not(None)))
        }
    punches, problems = parse(stream, badges, tz)
    if problems:
        raise BadSamples(source=source, problems=problems)
    with db.reading() as s:
        there = _stored(s, punches)
    new = [p for p in punches if (p.agent_id, p.kind, p.at) not in there]
    new.sort(key=lambda p: (p.at, p.line))
    attendance.record_many(
        db, actor, [attendance.Edge(p.agent_id, p.kind, p.at, source="badge") for p in new]
    )
    return Imported(len(new), len(punches) - len(new), len(punches))


def _stored(s: Session, punches: list[Punch]) -> set[tuple[int, str, datetime]]:
    """The badge punches among ``punches`` the database holds already."""
    if not punches:
        return set()
    agents = sorted({p.agent_id for p in punches})
    first = min(p.at for p in punches) - timedelta(seconds=1)
    last = max(p.at for p in punches) + timedelta(seconds=1)
    e = AttendanceEvent
    out: set[tuple[int, str, datetime]] = set()
    for chunk in (agents[i : i + 900] for i in range(0, len(agents), 900)):
        out.update(
            (a, k, at)
            for a, k, at in s.execute(
                select(e.agent_id, e.kind, e.at).where(
                    e.source == "badge", e.agent_id.in_(chunk), e.at >= first, e.at <= last
                )
            )
        )
    return out


def set_badges(db: Database, actor: Actor, badges: dict[int, str | None]) -> None:
    """Give agents their badge numbers (``None`` takes one away). Audited; a number already held by another
    agent is refused by the database's unique index."""
    with unit_of_work(db, actor, Perm.MANAGE_ORG) as unit:
        for agent_id, badge in badges.items():
            agent = unit.session.get(Agent, agent_id)
            if agent is None:
                raise NotFound(what="Agent", key=agent_id)
            before = agent.badge_no
            agent.badge_no = (badge or "").strip() or None
            unit.session.flush()
            unit.audit("org.badge", "agent", agent_id, before=before, after=agent.badge_no)
