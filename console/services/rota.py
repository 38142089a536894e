"""Shift patterns and the rota."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import RotaAssignment, ShiftTemplate
from console.errors import Conflict, InvalidInput, NotFound
from console.floortime import ShiftPattern
from console.services.unit import unit_of_work

TOPIC = "rota"


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
        unit.changed(TOPIC, t.id, "insert")
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
        for r in rows:
            unit.changed(TOPIC, r.id, "insert")
        return len(rows)
