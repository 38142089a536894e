"""The floor plan and seating, and what each seat shows right now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, Floor, Seat, SeatAssignment, ShiftTemplate, Zone, ZoneName
from console.errors import NotFound, WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP
from console.names import Names, write_names
from console.services import attendance
from console.services.attendance import Presence
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.SEAT  # what the feed names when this module's tables change (written by the database)


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name: str
    names: Names  # translations of ``name``: (language, name) pairs, see console.names
    skill: str | None
    x: float
    y: float
    width: float
    height: float
    seats: list[tuple[str, float, float]]  # (code, x, y)


def create_floor(
    db: Database, actor: Actor, code: str, name: str, timezone: str, zones: list[ZoneSpec]
) -> int:
    """Create a floor with its zones and seats in one transaction."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        floor = Floor(code=code, name=name, timezone=timezone)
        s.add(floor)
        s.flush()
        for spec in zones:
            zone = Zone(
                floor_id=floor.id,
                code=spec.code,
                name=spec.name,
                skill=spec.skill,
                x=spec.x,
                y=spec.y,
                width=spec.width,
                height=spec.height,
            )
            zone.seats = [Seat(code=c, x=x, y=y) for c, x, y in spec.seats]
            s.add(zone)
            s.flush()
            write_names(s, ZoneName, zone.id, spec.names)
        s.flush()
        unit.audit("floor.create", "floor", floor.id, code=code, zones=len(zones))
        return floor.id


class SeatInactive(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Seat {seat} is out of use: nobody can be seated there.")


class SeatTaken(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "Seat {seat} is taken on the {shift} shift by {agent}: move or unseat them first."
    )


class AgentSeated(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{agent} already sits at seat {seat} on the {shift} shift: drag them from that seat to move them.",
    )


def _current(s: Session, shift_template_id: int, on: date) -> Any:
    """Seatings in force on ``on`` for a shift pattern (a where-clause)."""
    return (
        (SeatAssignment.shift_template_id == shift_template_id)
        & (SeatAssignment.valid_from <= on)
        & or_(SeatAssignment.valid_to.is_(None), SeatAssignment.valid_to > on)
    )


def _end(s: Session, row: SeatAssignment, on: date) -> None:
    """End a seating from ``on``; one that would start that day or later never happened: it goes."""
    if row.valid_from >= on:
        s.delete(row)
    else:
        row.valid_to = on


def assign_seat(
    db: Database,
    actor: Actor,
    seat_id: int,
    agent_id: int,
    shift_template_id: int,
    valid_from: date,
    *,
    move: bool = True,
    replace: bool = True,
) -> int:
    """Seat an agent on a shift pattern from ``valid_from``.

    ``move``: an agent seated elsewhere on that pattern leaves that seat (else :class:`AgentSeated`).
    ``replace``: whoever held this seat on that pattern is unseated (else :class:`SeatTaken`). The console's
    drag and drop refuses both unless the agent was dragged from their own seat (a move); the CLI and the
    demo replace. Raises :class:`SeatInactive` for a seat out of use.
    """
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        seat = s.get(Seat, seat_id)
        if seat is None:
            raise NotFound(what="Seat", key=seat_id)
        agent = s.get(Agent, agent_id)
        if agent is None:
            raise NotFound(what="Agent", key=agent_id)
        if not seat.active:
            raise SeatInactive(seat=seat.code)
        pattern = s.get(ShiftTemplate, shift_template_id)
        if pattern is None:
            raise NotFound(what="Shift", key=shift_template_id)
        held = list(
            s.scalars(
                select(SeatAssignment).where(
                    or_(SeatAssignment.seat_id == seat_id, SeatAssignment.agent_id == agent_id),
                    _current(s, shift_template_id, valid_from),
                )
            )
        )
        if any(h.seat_id == seat_id and h.agent_id == agent_id for h in held):
            return next(h.id for h in held if h.seat_id == seat_id and h.agent_id == agent_id)
        for old in held:
            if old.seat_id == seat_id and not replace:
                other = s.get(Agent, old.agent_id)
                raise SeatTaken(
                    seat=seat.code, shift=pattern.name, agent=other.display_name if other else "?"
                )
            if old.agent_id == agent_id and not move:
                elsewhere = s.get(Seat, old.seat_id)
                raise AgentSeated(
                    agent=agent.display_name, seat=elsewhere.code if elsewhere else "?", shift=pattern.name
                )
        for old in held:
            _end(s, old, valid_from)
        s.flush()
        row = SeatAssignment(
            seat_id=seat_id, agent_id=agent_id, shift_template_id=shift_template_id, valid_from=valid_from
        )
        s.add(row)
        s.flush()
        unit.audit("floor.assign_seat", "seat", seat_id, agent_id=agent_id, shift=shift_template_id)
        return row.id


def unassign_seat(db: Database, actor: Actor, seat_id: int, shift_template_id: int, on: date) -> bool:
    """Nobody sits at the seat on that pattern from ``on``. Returns whether someone did."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        held = list(
            s.scalars(
                select(SeatAssignment).where(
                    SeatAssignment.seat_id == seat_id, _current(s, shift_template_id, on)
                )
            )
        )
        for row in held:
            _end(s, row, on)
        if held:
            unit.audit("floor.unassign_seat", "seat", seat_id, shift=shift_template_id)
        return bool(held)


def floor_plan(s: Session, floor_code: str | None = None) -> tuple[Floor, list[Zone]]:
    q = select(Floor).order_by(Floor.id)
    if floor_code:
        q = q.where(Floor.code == floor_code)
    floor = s.scalars(q.limit(1)).first()
    if floor is None:
        raise NotFound(what="Floor", key=floor_code or "")
    zones = list(s.scalars(select(Zone).where(Zone.floor_id == floor.id).order_by(Zone.id)))
    return floor, zones


@dataclass(frozen=True)
class SeatView:
    """A seat as the floor map shows it on one shift."""

    seat_id: int
    code: str
    zone_code: str
    x: float
    y: float
    agent_id: int | None
    agent_name: str | None
    line: attendance.RosterLine | None

    def presence(self, now: datetime) -> Presence | None:
        """``None`` when nobody is seated here this shift."""
        if self.agent_id is None:
            return None
        if self.line is None:  # seated on this pattern but not rostered today (rest day)
            return None
        return self.line.presence(now)


def seat_views(
    s: Session,
    floor_id: int,
    shift_template_id: int,
    shift_date: date,
    starts_at: datetime,
    seat_ids: list[int] | None = None,
) -> list[SeatView]:
    """Seats of a floor with who sits there on the given shift and their roster line."""
    q = (
        select(Seat, Zone.code, SeatAssignment.agent_id, Agent.display_name)
        .join(Zone, Zone.id == Seat.zone_id)
        .outerjoin(
            SeatAssignment,
            (SeatAssignment.seat_id == Seat.id)
            & (SeatAssignment.shift_template_id == shift_template_id)
            & (SeatAssignment.valid_from <= shift_date)
            & (or_(SeatAssignment.valid_to.is_(None), SeatAssignment.valid_to > shift_date)),
        )
        .outerjoin(Agent, Agent.id == SeatAssignment.agent_id)
        .where(Zone.floor_id == floor_id, Seat.active.is_(True))
        .order_by(Seat.id)
    )
    if seat_ids is not None:
        q = q.where(Seat.id.in_(seat_ids))
    rows = s.execute(q).all()
    agent_ids = [r[2] for r in rows if r[2] is not None]
    lines = (
        {line.agent_id: line for line in attendance.roster(s, starts_at=starts_at, agent_ids=agent_ids)}
        if agent_ids
        else {}
    )
    return [
        SeatView(seat.id, seat.code, zone_code, seat.x, seat.y, agent_id, name, lines.get(agent_id or -1))
        for seat, zone_code, agent_id, name in rows
    ]


def seats_of_agents(s: Session, agent_ids: list[int], shift_template_id: int, shift_date: date) -> list[int]:
    """Seat ids where these agents sit on the given shift (to refresh only those seats)."""
    return list(
        s.scalars(
            select(SeatAssignment.seat_id).where(
                SeatAssignment.agent_id.in_(agent_ids),
                SeatAssignment.shift_template_id == shift_template_id,
                SeatAssignment.valid_from <= shift_date,
                or_(SeatAssignment.valid_to.is_(None), SeatAssignment.valid_to > shift_date),
            )
        )
    )


def seated_agents(s: Session, agent_ids: list[int], shift_template_id: int, shift_date: date) -> set[int]:
    """Which of these agents have a seat on the given shift."""
    return set(
        s.scalars(
            select(SeatAssignment.agent_id).where(
                SeatAssignment.agent_id.in_(agent_ids), _current(s, shift_template_id, shift_date)
            )
        )
    )


def unseated(
    s: Session, shift_template_id: int, shift_date: date, starts_at: datetime
) -> list[attendance.RosterLine]:
    """Rostered on the shift yet seated nowhere on its pattern: they count on the floor all the same."""
    lines = attendance.roster(s, starts_at=starts_at)
    if not lines:
        return []
    seated = seated_agents(s, [ln.agent_id for ln in lines], shift_template_id, shift_date)
    return [ln for ln in lines if ln.agent_id not in seated]


def rostered(s: Session, starts_at: datetime, agent_ids: list[int]) -> bool:
    """Whether any of these agents is rostered on the shift starting ``starts_at``."""
    from console.db.models import RotaAssignment

    return bool(
        s.scalar(
            select(RotaAssignment.id)
            .where(RotaAssignment.starts_at == starts_at, RotaAssignment.agent_id.in_(agent_ids))
            .limit(1)
        )
    )


@dataclass(frozen=True)
class AgentCard:
    """What the hover card says about an agent: who, what they do and speak, and their day so far."""

    agent_id: int
    name: str
    full_name: str
    employee_no: str
    team: str
    title: str
    skills: tuple[tuple[str, int], ...]
    languages: tuple[tuple[str, str], ...]
    line: attendance.RosterLine | None
    events: tuple[tuple[datetime, str], ...]  # today's clock and break events, oldest first


def agent_card(s: Session, agent_id: int, starts_at: datetime | None) -> AgentCard:
    """The agent's details and, when they are rostered on the shift starting ``starts_at``, its events."""
    from console.db.models import AgentLanguage, AgentSkill, AttendanceEvent, Team

    agent = s.get(Agent, agent_id)
    if agent is None:
        raise NotFound(what="Agent", key=agent_id)
    team = s.get(Team, agent.team_id)
    skills = tuple(
        (k.skill, k.level)
        for k in s.scalars(
            select(AgentSkill).where(AgentSkill.agent_id == agent_id).order_by(AgentSkill.skill)
        )
    )
    languages = tuple(
        (lg.language, lg.level)
        for lg in s.scalars(
            select(AgentLanguage).where(AgentLanguage.agent_id == agent_id).order_by(AgentLanguage.id)
        )
    )
    lines = attendance.roster(s, starts_at=starts_at, agent_ids=[agent_id]) if starts_at is not None else []
    line = lines[0] if lines else None
    events: tuple[tuple[datetime, str], ...] = ()
    if line is not None:
        events = tuple(
            (ev.at, ev.kind)
            for ev in s.scalars(
                select(AttendanceEvent)
                .where(AttendanceEvent.rota_assignment_id == line.rota_id)
                .order_by(AttendanceEvent.at, AttendanceEvent.id)
            )
        )
    return AgentCard(
        agent.id,
        agent.display_name,
        agent.full_name,
        agent.employee_no,
        team.name if team else "",
        agent.title,
        skills,
        languages,
        line,
        events,
    )


# -- auto-assign ---------------------------------------------------------------------------------------------
SPREAD_LANGUAGE = "zh"  # Mandarin speakers are needed on every desk for China-facing counterparts


@dataclass(frozen=True)
class Candidate:
    """An agent to seat: their team's primary skill, their own skills and whether they speak Mandarin."""

    agent_id: int
    team_skill: str
    skills: frozenset[str]
    spreads: bool  # speaks the language to spread over the desks


@dataclass(frozen=True)
class FreeSeat:
    seat_id: int
    zone_code: str
    zone_skill: str | None


def plan_seating(
    candidates: list[Candidate], free: list[FreeSeat], speakers: dict[str, int] | None = None
) -> list[tuple[int, int]]:
    """Who goes where: ``(agent_id, seat_id)`` pairs, no seat or agent twice.

    Each agent goes to the desk that matches their team's primary skill, else one of their own skills, else
    a desk with no skill, else anywhere free; among equal desks a Mandarin speaker goes where fewest
    Mandarin speakers sit already (``speakers``: per zone, counted before), others where most seats are free.
    Agents with the rarest match go first so a common skill does not take a scarce desk's seats.
    """
    speakers = dict(speakers or {})
    by_zone: dict[str, list[FreeSeat]] = {}
    for seat in sorted(free, key=lambda f: f.seat_id):
        by_zone.setdefault(seat.zone_code, []).append(seat)
    skill_of = {seat.zone_code: seat.zone_skill for seat in free}
    seats_for = {}
    for c in candidates:
        seats_for[c.agent_id] = sum(len(v) for z, v in by_zone.items() if skill_of[z] == c.team_skill)
    order = sorted(candidates, key=lambda c: (seats_for[c.agent_id], not c.spreads, c.agent_id))
    plan: list[tuple[int, int]] = []
    for c in order:
        best: tuple[Any, ...] | None = None
        for zone, seats in by_zone.items():
            if not seats:
                continue
            skill = skill_of[zone]
            rank = 0 if skill == c.team_skill else 1 if skill in c.skills else 2 if skill is None else 3
            spread = speakers.get(zone, 0) if c.spreads else 0
            score = (rank, spread, -len(seats), seats[0].seat_id)
            if best is None or score < best[0]:
                best = (score, zone)
        if best is None:
            break  # no seat left
        zone = best[1]
        seat = by_zone[zone].pop(0)
        if c.spreads:
            speakers[zone] = speakers.get(zone, 0) + 1
        plan.append((c.agent_id, seat.seat_id))
    return plan


def auto_assign(
    db: Database, actor: Actor, floor_id: int, shift_template_id: int, shift_date: date, starts_at: datetime
) -> list[tuple[int, int]]:
    """Seat every agent rostered on the coming shift who has no seat on its pattern, in one transaction.

    Returns the ``(agent_id, seat_id)`` pairs made (:func:`plan_seating` decides). Seats taken on the
    pattern stay as they are; agents left over when the floor is full stay unseated (and listed).
    """
    from console.db.models import AgentLanguage, AgentSkill, Team

    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        waiting = unseated(s, shift_template_id, shift_date, starts_at)
        if not waiting:
            return []
        ids = [ln.agent_id for ln in waiting]
        team_skill = dict(
            s.execute(
                select(Agent.id, Team.primary_skill)
                .join(Team, Team.id == Agent.team_id)
                .where(Agent.id.in_(ids))
            ).all()
        )
        skills: dict[int, set[str]] = {}
        for agent_id, skill in s.execute(
            select(AgentSkill.agent_id, AgentSkill.skill).where(AgentSkill.agent_id.in_(ids))
        ):
            skills.setdefault(agent_id, set()).add(skill)
        speaks = set(
            s.scalars(
                select(AgentLanguage.agent_id).where(
                    AgentLanguage.agent_id.in_(ids), AgentLanguage.language == SPREAD_LANGUAGE
                )
            )
        )
        taken = select(SeatAssignment.seat_id).where(_current(s, shift_template_id, shift_date))
        free = [
            FreeSeat(seat_id, zone_code, zone_skill)
            for seat_id, zone_code, zone_skill in s.execute(
                select(Seat.id, Zone.code, Zone.skill)
                .join(Zone, Zone.id == Seat.zone_id)
                .where(Zone.floor_id == floor_id, Seat.active.is_(True), Seat.id.not_in(taken))
            )
        ]
        speakers: dict[str, int] = {}
        for (zone_code,) in s.execute(
            select(Zone.code)
            .join(Seat, Seat.zone_id == Zone.id)
            .join(SeatAssignment, SeatAssignment.seat_id == Seat.id)
            .join(AgentLanguage, AgentLanguage.agent_id == SeatAssignment.agent_id)
            .where(
                Zone.floor_id == floor_id,
                AgentLanguage.language == SPREAD_LANGUAGE,
                _current(s, shift_template_id, shift_date),
            )
        ):
            speakers[zone_code] = speakers.get(zone_code, 0) + 1
        candidates = [
            Candidate(a, team_skill.get(a, ""), frozenset(skills.get(a, ())), a in speaks) for a in ids
        ]
        plan = plan_seating(candidates, free, speakers)
        for agent_id, seat_id in plan:
            s.add(
                SeatAssignment(
                    seat_id=seat_id,
                    agent_id=agent_id,
                    shift_template_id=shift_template_id,
                    valid_from=shift_date,
                )
            )
        s.flush()
        unit.audit(
            "floor.auto_assign",
            "floor",
            floor_id,
            shift=shift_template_id,
            seated=len(plan),
            waiting=len(ids),
        )
        return plan
