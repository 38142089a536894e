"""Timed escalation: an incident nobody acknowledged within its SLA goes up, to someone on the floor now.

Levels, each due one acknowledge-SLA after the one before (a P1: 5 minutes, then 10):

1. at the acknowledge due time: the **team lead** of the incident's desk (the lead of a team whose skill is
   the zone's; any team lead for an incident without a desk) rostered on the running shift;
2. one SLA later, still unacknowledged: the **duty manager** (an agent titled supervisor) on the shift.

"On the floor now" is the rota and attendance (:mod:`console.services.attendance`): clocked in and not
clocked out; a lead on a break is called after one at their seat. Whoever is absent, not in yet, on leave or
gone home is skipped, and the timeline says who was skipped and why. A level with nobody available passes to
the next at once; with nobody at all the escalation is still recorded (to nobody), so the floor sees it.

Written by the timer leader (:mod:`console.timers`) with a conditional UPDATE on ``escalation_level``, so
each level is recorded once however many processes evaluate timers. The incident's status and version do not
change: it is still waiting for someone to acknowledge it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from console.db.models import Agent, Incident, RotaAssignment, Team, Zone
from console.services import attendance
from console.services.attendance import Presence, RosterLine
from console.services.lifecycle import OPEN_STATUSES
from console.services.once import record_once
from console.services.unit import Unit

TEAM_LEAD, DUTY_MANAGER = 1, 2
TOP_LEVEL = DUTY_MANAGER
LEVEL_TITLES = {TEAM_LEAD: ("team_lead",), DUTY_MANAGER: ("supervisor",)}
# Who can be called, best first: at their seat (on time or late), then on a break.
AVAILABLE = (Presence.PRESENT, Presence.LATE, Presence.ON_BREAK)
_INCIDENTS = cast(Table, Incident.__table__)


@dataclass(frozen=True)
class Escalation:
    """Who an unacknowledged incident goes to now. ``agent_id`` is ``None`` when nobody is available."""

    level: int
    agent_id: int | None
    name: str | None
    skipped: tuple[tuple[str, str], ...] = ()  # (name, presence) of those passed over


def due_level(opened_at: datetime, ack_due_at: datetime, now: datetime) -> int:
    """The level an incident still unacknowledged at ``now`` should have reached."""
    if now < ack_due_at:
        return 0
    step = max(ack_due_at - opened_at, timedelta(minutes=1))
    return TEAM_LEAD if now < ack_due_at + step else DUTY_MANAGER


def on_shift(
    s: Session, now: datetime, titles: tuple[str, ...], skill: str | None = None
) -> list[RosterLine]:
    """Agents with one of ``titles`` (of a team with ``skill``, if given) rostered on a shift running at
    ``now``, with their attendance."""
    q = (
        select(RotaAssignment.id)
        .join(Agent, Agent.id == RotaAssignment.agent_id)
        .where(
            RotaAssignment.starts_at <= now,
            RotaAssignment.ends_at > now,
            RotaAssignment.status != "cancelled",
            Agent.title.in_(titles),
            Agent.active.is_(True),
        )
    )
    if skill is not None:
        q = q.join(Team, Team.id == Agent.team_id).where(Team.primary_skill == skill)
    ids = list(s.scalars(q))
    return attendance.roster(s, rota_ids=ids) if ids else []


def choose(s: Session, inc: Incident, now: datetime) -> Escalation | None:
    """The next escalation of an unacknowledged incident at ``now``, or ``None`` if none is due."""
    level = due_level(inc.opened_at, inc.ack_due_at, now)
    if level <= inc.escalation_level:
        return None
    skipped: list[tuple[str, str]] = []
    if level == TEAM_LEAD:
        skill = s.scalar(select(Zone.skill).where(Zone.id == inc.zone_id)) if inc.zone_id else None
        found = _first_available(on_shift(s, now, LEVEL_TITLES[TEAM_LEAD], skill), now, skipped)
        if found is not None:
            return Escalation(TEAM_LEAD, found.agent_id, found.name, tuple(skipped))
    found = _first_available(on_shift(s, now, LEVEL_TITLES[DUTY_MANAGER]), now, skipped)
    if found is not None:
        return Escalation(DUTY_MANAGER, found.agent_id, found.name, tuple(skipped))
    return Escalation(DUTY_MANAGER, None, None, tuple(skipped))


def _first_available(
    lines: list[RosterLine], now: datetime, skipped: list[tuple[str, str]]
) -> RosterLine | None:
    ranked = []
    for line in lines:
        presence = line.presence(now)
        if presence in AVAILABLE:
            ranked.append((AVAILABLE.index(presence), line.name, line.agent_id, line))
        else:
            skipped.append((line.name, presence.value))
    return min(ranked)[3] if ranked else None


def due(s: Session, now: datetime) -> list[Incident]:
    """Worked, unacknowledged incidents whose next level is due at ``now``."""
    waiting = s.scalars(
        select(Incident)
        .where(
            Incident.status.in_(OPEN_STATUSES),
            Incident.acknowledged_at.is_(None),
            Incident.ack_due_at <= now,
            Incident.escalation_level < TOP_LEVEL,
        )
        .order_by(Incident.id)
    )
    return [inc for inc in waiting if due_level(inc.opened_at, inc.ack_due_at, now) > inc.escalation_level]


def apply(unit: Unit, inc: Incident, esc: Escalation, now: datetime) -> bool:
    """Record ``esc`` unless the incident was acknowledged or escalated meanwhile. Returns whether it did."""
    t = _INCIDENTS
    return record_once(
        unit,
        update(t)
        .where(
            t.c.id == inc.id,
            t.c.escalation_level == inc.escalation_level,
            t.c.acknowledged_at.is_(None),
            t.c.status.in_(OPEN_STATUSES),
        )
        .values(escalation_level=esc.level, escalated_to_agent_id=esc.agent_id),
        incident_id=inc.id,
        at=now,
        kind="auto_escalated",
        action="incident.auto_escalated",
        message=esc.name or "",
        data={
            "level": esc.level,
            "from_level": inc.escalation_level,
            "to_agent_id": esc.agent_id,
            "to": esc.name,
            "skipped": [list(pair) for pair in esc.skipped],
        },
        audit={"level": esc.level, "to_agent_id": esc.agent_id},
    )
