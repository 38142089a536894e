"""The supervisor's shift log: timestamped free-text entries, optionally about an incident, an agent or an
indicator, kept through the shift and handed over with it (:mod:`console.services.handover`).

An entry is written once and never edited: what the log said at the time is what the next shift reads. A
link names something this floor has (an incident by its ref, as people type it; an agent; an indicator), or
the entry is refused with :class:`~console.errors.UnknownLink` saying which; nothing dangles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, Incident, IndicatorName, RiskIndicator, ShiftLogEntry
from console.errors import EmptyLogEntry, InvalidInput, LogEntryTooLong, UnknownLink
from console.floortime import utcnow
from console.names import Names, read_names
from console.services.offline import reachable
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.SHIFT_LOG  # what the feed names when this module's table changes (written by the database)
MAX_LENGTH = 4000  # a log entry is a note, not a report: long enough for a paragraph and a pasted address


@dataclass(frozen=True)
class LogEntry:
    """One entry as the console and the handover show it (links resolved to what people read)."""

    id: int
    at: datetime
    author: str
    body: str
    incident_id: int | None = None
    incident_ref: str | None = None
    agent_id: int | None = None
    agent_name: str | None = None
    indicator_id: int | None = None
    indicator_key: str | None = None
    indicator_name: str | None = None
    indicator_names: Names = ()

    @property
    def key(self) -> int:
        return self.id


def add_entry(
    db: Database,
    actor: Actor,
    body: str,
    *,
    incident_ref: str | None = None,
    agent_id: int | None = None,
    indicator_id: int | None = None,
    at: datetime | None = None,
) -> int:
    """Add an entry to the shift log (``at``: now unless given, e.g. by an import). Returns its id.

    Raises:
        EmptyLogEntry, LogEntryTooLong, UnknownLink, PermissionDenied, DatabaseUnavailable
    """
    text = body.strip()
    if not text:
        raise EmptyLogEntry()
    if len(text) > MAX_LENGTH:
        raise LogEntryTooLong(limit=MAX_LENGTH, length=len(text))
    if at is not None and at.tzinfo is None:
        raise InvalidInput(detail="naive shift log time")
    ref = (incident_ref or "").strip().upper() or None
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.KEEP_SHIFT_LOG) as unit:
        s = unit.session
        incident_id = None
        if ref is not None:
            incident_id = s.scalar(select(Incident.id).where(Incident.ref == ref))
            if incident_id is None:
                raise UnknownLink(what="Incident", key=ref)
        if agent_id is not None and s.get(Agent, agent_id) is None:
            raise UnknownLink(what="Agent", key=agent_id)
        if indicator_id is not None and s.get(RiskIndicator, indicator_id) is None:
            raise UnknownLink(what="Indicator", key=indicator_id)
        entry = ShiftLogEntry(
            at=at,
            author=actor.username,
            body=text,
            incident_id=incident_id,
            agent_id=agent_id,
            indicator_id=indicator_id,
        )
        s.add(entry)
        s.flush()
        links = {"incident": ref, "agent_id": agent_id, "indicator_id": indicator_id}
        unit.audit(
            "shift_log.add",
            "shift_log",
            entry.id,
            at=at.isoformat(),
            **{k: v for k, v in links.items() if v is not None},
        )
        return entry.id


def entries(s: Session, since: datetime, until: datetime, *, ids: list[int] | None = None) -> list[LogEntry]:
    """Entries written in ``[since, until)``, oldest first (only those of ``ids`` when given)."""
    e = ShiftLogEntry
    q = (
        select(e, Incident.ref, Agent.display_name, RiskIndicator.key, RiskIndicator.name)
        .outerjoin(Incident, Incident.id == e.incident_id)
        .outerjoin(Agent, Agent.id == e.agent_id)
        .outerjoin(RiskIndicator, RiskIndicator.id == e.indicator_id)
        .where(e.at >= since, e.at < until)
    )
    if ids is not None:
        q = q.where(e.id.in_(ids))
    rows = s.execute(q.order_by(e.at, e.id)).all()
    names = read_names(s, IndicatorName, {r[0].indicator_id for r in rows if r[0].indicator_id})
    return [
        LogEntry(
            x.id,
            x.at,
            x.author,
            x.body,
            x.incident_id,
            ref,
            x.agent_id,
            agent,
            x.indicator_id,
            key,
            name,
            names.get(x.indicator_id, ()) if x.indicator_id else (),
        )
        for x, ref, agent, key, name in rows
    ]


def incident_ref(s: Session, incident_id: int) -> str | None:
    """The ref of an incident (the console links entries to the incident chosen in the queue by its id)."""
    return s.scalar(select(Incident.ref).where(Incident.id == incident_id))


def agent_by_employee_no(s: Session, employee_no: str) -> int | None:
    """An agent's id from their employee number (as the command line takes it)."""
    return s.scalar(select(Agent.id).where(Agent.employee_no == employee_no.strip().upper()))


def indicator_by_key(s: Session, key: str) -> int | None:
    return s.scalar(select(RiskIndicator.id).where(RiskIndicator.key == key.strip()))
