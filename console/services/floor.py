"""The floor plan and seating, and what each seat shows right now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Floor, Seat, SeatAssignment, Zone, ZoneName
from console.errors import NotFound
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


def assign_seat(
    db: Database, actor: Actor, seat_id: int, agent_id: int, shift_template_id: int, valid_from: date
) -> int:
    """Seat an agent on a shift pattern from ``valid_from``; ends whoever held that seat and shift before."""
    with unit_of_work(db, actor, Perm.MANAGE_FLOOR) as unit:
        s = unit.session
        if s.get(Seat, seat_id) is None:
            raise NotFound(what="Seat", key=seat_id)
        for old in s.scalars(
            select(SeatAssignment).where(
                or_(SeatAssignment.seat_id == seat_id, SeatAssignment.agent_id == agent_id),
                SeatAssignment.shift_template_id == shift_template_id,
                SeatAssignment.valid_to.is_(None),
            )
        ):
            old.valid_to = valid_from
        row = SeatAssignment(
            seat_id=seat_id, agent_id=agent_id, shift_template_id=shift_template_id, valid_from=valid_from
        )
        s.add(row)
        s.flush()
        unit.audit("floor.assign_seat", "seat", seat_id, agent_id=agent_id, shift=shift_template_id)
        return row.id


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
    from console.db.models import Agent

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
