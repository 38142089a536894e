"""Coverage: per floor hour and desk, how many people are required, scheduled and present.

The numbers, for one floor day (floor time) and the moment ``now``:

- **required**: :func:`console.services.staffing.hourly`, per desk and per skill or language row.
- **scheduled**: rota rows with status ``scheduled`` that cover at least half of the hour (a shift from 07:00
  to 15:00 covers the hours 07 … 14; a night shift of the day before covers 00 … 06; a 12-hour shift its
  twelve hours). Leave and cancelled rows are nobody.
- **present**: for an hour that is over, rostered people on the floor (clocked in, not clocked out, not on
  break) for at least half of it, from their attendance events; for the running hour, those on the floor
  *now*; for an hour still to come, nothing (``None``).

A person counts on the desk (zone) where they are seated on their shift's pattern that day
(``seat_assignments``), or else the desk of their team's primary skill (a team lead: the ``lead`` desk).
A skill row counts those with the skill at any level (``agent_skills``); a language row those who speak
it at any level (``agent_languages``). Clock-ins nobody rostered are not counted (no desk to count them at).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from console.db.models import (
    Agent,
    AgentLanguage,
    AgentSkill,
    AttendanceEvent,
    RotaAssignment,
    Seat,
    SeatAssignment,
    Team,
    Zone,
    ZoneName,
)
from console.desks import LEAD_DESK
from console.errors import NotFound
from console.i18n import QT_TRANSLATE_NOOP
from console.names import Names, read_names
from console.services import floor as floor_svc
from console.services import staffing

HOUR = timedelta(hours=1)
HALF = timedelta(minutes=30)
# An attendance edge belongs to a shift that starts up to 4 h after it or ended up to 4 h before it (as
# console.services.attendance links them); a shift is never longer than 16 h.
SLACK = timedelta(hours=4)
LONGEST = timedelta(hours=16)

SKILL_TITLES = {
    "ato": QT_TRANSLATE_NOOP("Coverage", "ATO"),
    "withdrawal": QT_TRANSLATE_NOOP("Coverage", "Withdrawals"),
    "kyc": QT_TRANSLATE_NOOP("Coverage", "KYC"),
    "aml": QT_TRANSLATE_NOOP("Coverage", "AML"),
    "fiat_p2p": QT_TRANSLATE_NOOP("Coverage", "Fiat & P2P"),
    "qa": QT_TRANSLATE_NOOP("Coverage", "QA"),
}
LANGUAGE_TITLES = {
    "en": QT_TRANSLATE_NOOP("Coverage", "English"),
    "zh": QT_TRANSLATE_NOOP("Coverage", "Mandarin"),
    "ms": QT_TRANSLATE_NOOP("Coverage", "Malay"),
    "yue": QT_TRANSLATE_NOOP("Coverage", "Cantonese"),
    "ta": QT_TRANSLATE_NOOP("Coverage", "Tamil"),
}
LANGUAGE_LEVELS = {"native": 3, "fluent": 2, "working": 1}

RowKey = tuple[str, str, str]  # (desk, skill or "", language or "")


@dataclass(frozen=True)
class Person:
    """Someone rostered around the day or now, with what coverage rows ask of them."""

    agent_id: int
    name: str
    employee_no: str
    title: str
    skills: tuple[tuple[str, int], ...]  # (skill, level 1..3)
    languages: tuple[tuple[str, str], ...]  # (language, level)

    def skill_level(self, skill: str) -> int:
        return dict(self.skills).get(skill, 0)

    def language_level(self, language: str) -> int:
        return LANGUAGE_LEVELS.get(dict(self.languages).get(language, ""), 0)

    def counts_for(self, skill: str | None, language: str | None) -> bool:
        """Whether this person counts on a row narrowed to ``skill`` / ``language``."""
        if skill and not self.skill_level(skill):
            return False
        return not (language and not self.language_level(language))


@dataclass(frozen=True)
class Shift:
    """One scheduled rota row: who, where, when, and when they were on the floor (UTC segments; an open
    segment ends ``None``) and their state at ``now``."""

    rota_id: int
    person: Person
    desk: str | None
    starts_at: datetime
    ends_at: datetime
    segments: tuple[tuple[datetime, datetime | None], ...]
    on_floor: bool  # clocked in, not clocked out, not on break, at now
    on_break: bool  # clocked in and on break at now

    def around(self, now: datetime) -> bool:
        """Whether this shift is the one ``now`` belongs to (its edges may come up to 4 h early or late):
        a clock-in left open on an older shift does not make someone present today."""
        return self.starts_at - SLACK <= now <= self.ends_at + SLACK

    def present_now(self, now: datetime) -> bool:
        return self.on_floor and self.around(now)

    def covers(self, t0: datetime, t1: datetime) -> bool:
        """Scheduled for at least half of ``[t0, t1)``."""
        return min(self.ends_at, t1) - max(self.starts_at, t0) >= (t1 - t0) / 2

    def present_for(self, t0: datetime, t1: datetime, now: datetime) -> timedelta:
        """How long this person was on the floor inside ``[t0, t1)`` (up to ``now``)."""
        total = timedelta()
        for start, end in self.segments:
            stop = min(end or now, t1, now)
            if stop > max(start, t0):
                total += stop - max(start, t0)
        return total


@dataclass(frozen=True)
class Cell:
    """One hour of one row."""

    required: int
    scheduled: int
    present: int | None  # None: the hour is still to come

    @property
    def scheduled_gap(self) -> int:
        return max(0, self.required - self.scheduled)

    @property
    def present_gap(self) -> int:
        return 0 if self.present is None else max(0, self.required - self.present)


@dataclass(frozen=True)
class CoverageLine:
    """A row of the heat table: a desk, or one of its skill or language requirements, over 24 hours."""

    desk: str
    skill: str | None
    language: str | None
    cells: tuple[Cell, ...]

    @property
    def key(self) -> RowKey:
        return (self.desk, self.skill or "", self.language or "")

    @property
    def is_desk(self) -> bool:
        return not (self.skill or self.language)

    @property
    def gaps(self) -> int:
        """Hours with fewer scheduled or present than required."""
        return sum(1 for c in self.cells if c.scheduled_gap or c.present_gap)


@dataclass(frozen=True)
class Desk:
    code: str
    name: str
    names: Names
    skill: str | None
    zone_id: int


@dataclass(frozen=True)
class DayCoverage:
    """Coverage of one floor day. ``hour_now`` is the running hour when ``day`` is today (else ``None``)."""

    day: date
    hour_now: int | None
    desks: tuple[Desk, ...]
    lines: tuple[CoverageLine, ...]


def floor_day(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def hour_bounds(day: date, hour: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC start and end of floor hour ``hour`` of ``day``."""
    start = datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)
    return start, start + HOUR


def desks(s: Session, floor_code: str | None = None) -> tuple[Desk, ...]:
    """The desks (zones) of the floor, in plan order; none when there is no floor yet."""
    try:
        _plan, zones = floor_svc.floor_plan(s, floor_code)
    except NotFound:
        return ()
    names = read_names(s, ZoneName, [z.id for z in zones])
    return tuple(Desk(z.code, z.name, names[z.id], z.skill, z.id) for z in zones)


def shifts(
    s: Session, windows: Sequence[tuple[datetime, datetime]], now: datetime, desk_codes: Iterable[str]
) -> list[Shift]:
    """Scheduled rota rows overlapping any of ``windows`` (UTC), with their people, desks and presence."""
    r = RotaAssignment
    q = (
        select(r.id, r.agent_id, r.shift_template_id, r.shift_date, r.starts_at, r.ends_at)
        .where(r.status == "scheduled", or_(*(and_(r.starts_at < hi, r.ends_at > lo) for lo, hi in windows)))
        .order_by(r.starts_at, r.id)
    )
    rows = s.execute(q).all()
    if not rows:
        return []
    agent_ids = sorted({row.agent_id for row in rows})
    people = _people(s, agent_ids)
    seats = _seats(s, agent_ids)
    teams = dict(
        s.execute(
            select(Agent.id, Team.primary_skill)
            .join(Team, Team.id == Agent.team_id)
            .where(Agent.id.in_(agent_ids))
        ).all()
    )
    known = set(desk_codes)
    events: dict[int, list[tuple[datetime, str]]] = {}
    for rota_id, kind, at in s.execute(
        select(AttendanceEvent.rota_assignment_id, AttendanceEvent.kind, AttendanceEvent.at)
        .where(AttendanceEvent.rota_assignment_id.in_([row.id for row in rows]), AttendanceEvent.at <= now)
        .order_by(AttendanceEvent.at, AttendanceEvent.id)
    ):
        events.setdefault(rota_id or 0, []).append((at, kind))
    out = []
    for row in rows:
        person = people[row.agent_id]
        desk = _seat_desk(seats.get(row.agent_id, ()), row.shift_template_id, row.shift_date)
        if desk is None:
            desk = LEAD_DESK if person.title == "team_lead" else teams.get(row.agent_id)
        segments, on_floor, on_break = _segments(events.get(row.id, []))
        out.append(
            Shift(
                row.id,
                person,
                desk if desk in known else None,
                row.starts_at,
                row.ends_at,
                segments,
                on_floor,
                on_break,
            )
        )
    return out


def _people(s: Session, agent_ids: list[int]) -> dict[int, Person]:
    skills: dict[int, list[tuple[str, int]]] = {}
    for agent_id, skill, skill_level in s.execute(
        select(AgentSkill.agent_id, AgentSkill.skill, AgentSkill.level).where(
            AgentSkill.agent_id.in_(agent_ids)
        )
    ):
        skills.setdefault(agent_id, []).append((skill, int(skill_level)))
    languages: dict[int, list[tuple[str, str]]] = {}
    for agent_id, language, level in s.execute(
        select(AgentLanguage.agent_id, AgentLanguage.language, AgentLanguage.level).where(
            AgentLanguage.agent_id.in_(agent_ids)
        )
    ):
        languages.setdefault(agent_id, []).append((language, level))
    return {
        a.id: Person(
            a.id,
            a.display_name,
            a.employee_no,
            a.title,
            tuple(sorted(skills.get(a.id, ()))),
            tuple(sorted(languages.get(a.id, ()))),
        )
        for a in s.execute(
            select(Agent.id, Agent.display_name, Agent.employee_no, Agent.title).where(
                Agent.id.in_(agent_ids)
            )
        )
    }


def _seats(s: Session, agent_ids: list[int]) -> dict[int, list[tuple[int, date, date | None, str]]]:
    """Each agent's seat assignments: (shift pattern, valid from, valid to, the seat's desk)."""
    sa = SeatAssignment
    out: dict[int, list[tuple[int, date, date | None, str]]] = {}
    for agent_id, pattern, valid_from, valid_to, code in s.execute(
        select(sa.agent_id, sa.shift_template_id, sa.valid_from, sa.valid_to, Zone.code)
        .join(Seat, Seat.id == sa.seat_id)
        .join(Zone, Zone.id == Seat.zone_id)
        .where(sa.agent_id.in_(agent_ids), Seat.active.is_(True))
        .order_by(sa.valid_from)
    ):
        out.setdefault(agent_id, []).append((pattern, valid_from, valid_to, code))
    return out


def _seat_desk(seats: Iterable[tuple[int, date, date | None, str]], pattern: int, day: date) -> str | None:
    found = None
    for p, valid_from, valid_to, code in seats:  # ordered by valid_from: the latest valid one wins
        if p == pattern and valid_from <= day and (valid_to is None or valid_to > day):
            found = code
    return found


def _segments(
    events: Sequence[tuple[datetime, str]],
) -> tuple[tuple[tuple[datetime, datetime | None], ...], bool, bool]:
    """On-floor segments from a shift's edges; whether the person is on the floor / on break at the end."""
    segments: list[tuple[datetime, datetime | None]] = []
    clocked = on_break = False
    start: datetime | None = None
    for at, kind in events:
        if kind == "clock_in" and not clocked:
            clocked, on_break, start = True, False, at
        elif kind == "clock_out" and clocked:
            if start is not None:
                segments.append((start, at))
            clocked = on_break = False
            start = None
        elif kind == "break_start" and clocked and not on_break:
            if start is not None:
                segments.append((start, at))
            on_break, start = True, None
        elif kind == "break_end" and clocked and on_break:
            on_break, start = False, at
    if start is not None:
        segments.append((start, None))
    return tuple(segments), clocked and not on_break, clocked and on_break


def day_windows(day: date, now: datetime, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
    """The UTC windows whose shifts a coverage read needs: the floor day, and around now."""
    d0 = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    d1 = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return [(d0, d1), (now - SLACK, now + SLACK)]


def day_coverage(
    day: date,
    now: datetime,
    tz: ZoneInfo,
    desk_rows: Sequence[Desk],
    reqs: Sequence[staffing.Requirement],
    all_shifts: Sequence[Shift],
) -> DayCoverage:
    """The heat table: one line per desk (every desk, required or not) and per skill or language row."""
    need = staffing.hourly(reqs, day)
    keys: list[tuple[str, str | None, str | None]] = []
    for d in desk_rows:
        keys.append((d.code, None, None))
        keys += sorted(
            (k for k in need if k[0] == d.code and (k[1] or k[2])), key=lambda k: (k[1] or "", k[2] or "")
        )
    bounds = [hour_bounds(day, h, tz) for h in range(24)]
    hour_now = next((h for h, (t0, t1) in enumerate(bounds) if t0 <= now < t1), None)
    by_desk: dict[str, list[Shift]] = {}
    for sh in all_shifts:
        if sh.desk is not None:
            by_desk.setdefault(sh.desk, []).append(sh)
    lines = []
    for desk, skill, language in keys:
        required = need.get((desk, skill, language), [0] * 24)
        mine = [sh for sh in by_desk.get(desk, ()) if sh.person.counts_for(skill, language)]
        cells = []
        for h, (t0, t1) in enumerate(bounds):
            # People, not rota rows: someone on a night shift and the next morning counts once an hour.
            scheduled = len({sh.person.agent_id for sh in mine if sh.covers(t0, t1)})
            present: int | None
            if t0 > now:
                present = None
            elif t1 <= now:
                present = len({sh.person.agent_id for sh in mine if sh.present_for(t0, t1, now) >= HALF})
            else:
                present = len({sh.person.agent_id for sh in mine if sh.present_now(now)})
            cells.append(Cell(required[h], scheduled, present))
        lines.append(CoverageLine(desk, skill, language, tuple(cells)))
    return DayCoverage(day, hour_now, tuple(desk_rows), tuple(lines))


def read_day(
    s: Session, day: date, now: datetime, tz: ZoneInfo, floor_code: str | None = None
) -> tuple[DayCoverage, list[Shift], list[staffing.Requirement], tuple[Desk, ...]]:
    """Everything a coverage read needs, in a handful of queries: the day's table, the shifts around the day
    and now (for the live risk load), the requirements and the desks."""
    desk_rows = desks(s, floor_code)
    reqs = staffing.requirements(s, [d.zone_id for d in desk_rows])
    found = shifts(s, day_windows(day, now, tz), now, [d.code for d in desk_rows])
    return day_coverage(day, now, tz, desk_rows, reqs, found), found, reqs, desk_rows
