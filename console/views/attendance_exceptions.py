"""The attendance exception queue for a period: one row per stored exception, with its agent.

Fed by the change feed's attendance topic (agent ids: their edges, their exceptions, their coaching notes).
A patch refetches the rows of the named agents in the period; :class:`ExceptionsPatch` says which agents it
covers, so a row of theirs it no longer holds (withdrawn by the timer leader, or worked out of an open-only
queue) is removed by the panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import Agent, AttendanceException, RotaAssignment, ShiftTemplate, Team
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named


@dataclass(frozen=True)
class ExceptionsKey:
    """Exceptions that happened in ``[first, last)``; ``open_only``: those still to be worked."""

    first: datetime
    last: datetime
    open_only: bool = False


@dataclass(frozen=True)
class ExceptionRow:
    id: int
    agent_id: int
    employee_no: str
    name: str
    team: str
    shift_code: str
    shift_starts_at: datetime
    kind: str
    severity: str
    at: datetime
    minutes: int | None
    status: str
    reason_code: str | None
    contacted_at: datetime | None
    note: str | None
    resolved_by: str | None
    updated_by: str | None
    version: int

    @property
    def key(self) -> int:
        return self.id


@dataclass(frozen=True)
class ExceptionsPatch(Patch[ExceptionsKey, ExceptionRow]):
    """A patch that covers every row of ``agents``: their rows not in :attr:`rows` are gone."""

    agents: frozenset[int] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.rows or self.gone or self.agents)


ExceptionsSnapshot = Snapshot[ExceptionsKey, ExceptionRow]


def read_rows(s: Session, key: ExceptionsKey, agent_ids: list[int] | None = None) -> list[ExceptionRow]:
    """The exceptions of ``key``'s period (of ``agent_ids`` only, when given), oldest first."""
    x = AttendanceException
    q = (
        select(
            x, Agent.employee_no, Agent.display_name, Team.name, ShiftTemplate.code, RotaAssignment.starts_at
        )
        .join(Agent, Agent.id == x.agent_id)
        .join(Team, Team.id == Agent.team_id)
        .join(RotaAssignment, RotaAssignment.id == x.rota_assignment_id)
        .join(ShiftTemplate, ShiftTemplate.id == RotaAssignment.shift_template_id)
        .where(x.at >= key.first, x.at < key.last)
    )
    if key.open_only:
        q = q.where(x.status == "open")
    if agent_ids is not None:
        q = q.where(x.agent_id.in_(agent_ids))
    return [
        ExceptionRow(
            e.id,
            e.agent_id,
            no,
            name,
            team,
            code,
            starts,
            e.kind,
            e.severity,
            e.at,
            e.minutes,
            e.status,
            e.reason_code,
            e.contacted_at,
            e.note,
            e.resolved_by,
            e.updated_by,
            e.version,
        )
        for e, no, name, team, code, starts in s.execute(q.order_by(x.at, x.id))
    ]


class ExceptionsView(View[ExceptionsKey, ExceptionRow]):
    """The queue of a period. A renamed agent or team reloads it (it holds a few hundred rows at most)."""

    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.ATTENDANCE, Topic.AGENT, Topic.TEAM, Topic.ROTA})

    def snapshot(self, s: Session, key: ExceptionsKey) -> ExceptionsSnapshot:
        return Snapshot(key, tuple(read_rows(s, key)))

    def patch(self, s: Session, key: ExceptionsKey, batch: Changes) -> ExceptionsSnapshot | ExceptionsPatch:
        ids, reload = named(batch)
        if reload or ids.get(Topic.TEAM) or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        agents = (
            set(ids.get(Topic.ATTENDANCE, ())) | set(ids.get(Topic.AGENT, ())) | set(ids.get(Topic.ROTA, ()))
        )
        if not agents:
            return ExceptionsPatch(key)
        rows = tuple(read_rows(s, key, sorted(agents)))
        return ExceptionsPatch(key, rows, agents=frozenset(agents))


VIEW = ExceptionsView()
