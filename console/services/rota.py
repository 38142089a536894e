"""Shift patterns and the rota."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import RotaAssignment, ShiftTemplate
from console.errors import Conflict, InvalidInput, NotFound
from console.floortime import ShiftPattern
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.ROTA  # what the feed names when this module's tables change (written by the database)


def patterns(s: Session) -> list[ShiftPattern]:
    return [
        ShiftPattern(t.id, t.code, t.name, t.starts_local, t.minutes)
        for t in s.scalars(select(ShiftTemplate).order_by(ShiftTemplate.starts_local))
    ]


def add_shift_template(
    db: Database,
    actor: Actor,
    code: str,
    name: str,
    starts_local: time,
    minutes: int,
    break_minutes: int = 60,
) -> int:
    if not 60 <= minutes <= 16 * 60:
        raise InvalidInput(detail=f"shift length {minutes} min")
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        t = ShiftTemplate(
            code=code, name=name, starts_local=starts_local, minutes=minutes, break_minutes=break_minutes
        )
        unit.session.add(t)
        unit.session.flush()
        unit.audit("rota.add_shift_template", "shift_template", t.id, code=code)
        return t.id


@dataclass(frozen=True)
class RotaEntry:
    agent_id: int
    shift_code: str
    shift_date: date
    status: str = "scheduled"
    leave_type: str | None = None


def assign(db: Database, actor: Actor, entries: list[RotaEntry], tz: ZoneInfo) -> int:
    """Put agents on shifts (one transaction for the batch). An agent works at most one shift a day."""
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        by_code = {p.code: p for p in patterns(s)}
        rows = []
        for e in entries:
            pattern = by_code.get(e.shift_code)
            if pattern is None:
                raise NotFound(what="Shift", key=e.shift_code)
            start, end = pattern.bounds(e.shift_date, tz)
            rows.append(
                RotaAssignment(
                    agent_id=e.agent_id,
                    shift_template_id=pattern.id,
                    shift_date=e.shift_date,
                    starts_at=start,
                    ends_at=end,
                    status=e.status,
                    leave_type=e.leave_type,
                )
            )
        keys = {(r.agent_id, r.shift_date) for r in rows}
        if len(keys) != len(rows):
            raise Conflict(what="Rota")
        s.add_all(rows)
        s.flush()
        unit.audit("rota.assign", "rota", None, count=len(rows))
        return len(rows)


def roll_forward(db: Database, actor: Actor, until: date, tz: ZoneInfo) -> int:
    """Extend every agent's rota to ``until`` by repeating their week: on day *d* an agent works the shift
    they worked (or were on leave from) on *d - 7*. This is what a WFM tool publishing a standing rota does.

    Only days after an agent's last rostered day are added, so running it again adds nothing. Returns the
    number of shifts added.
    """
    with db.reading() as s:
        last: dict[int, date] = {
            agent: day
            for agent, day in s.execute(
                select(RotaAssignment.agent_id, func.max(RotaAssignment.shift_date)).group_by(
                    RotaAssignment.agent_id
                )
            )
        }
        if not last:
            return 0
        oldest = min(last.values()) - timedelta(days=7)
        codes = {t.id: t.code for t in s.scalars(select(ShiftTemplate))}
        worked = {
            (agent, day): codes[template]
            for agent, day, template in s.execute(
                select(
                    RotaAssignment.agent_id, RotaAssignment.shift_date, RotaAssignment.shift_template_id
                ).where(RotaAssignment.shift_date >= oldest, RotaAssignment.status != "cancelled")
            )
        }
    entries = []
    for agent, last_day in last.items():
        day = last_day + timedelta(days=1)
        while day <= until:
            code = worked.get((agent, day - timedelta(days=7)))
            if code is not None:
                worked[(agent, day)] = code
                entries.append(RotaEntry(agent, code, day))
            day += timedelta(days=1)
    return assign(db, actor, entries, tz) if entries else 0
