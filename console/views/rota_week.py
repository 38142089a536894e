"""The rota dock's week: every agent's shift per day, grouped by desk, with the rules it breaks, each
desk's coverage per day against its requirements, and the open swaps.

One read answers everything (a week of 150 agents, the two weeks before it for the rules, the checker):
a patch is a fresh snapshot, as a change of one shift can move a rest, a run of nights or a desk's gap.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from sqlalchemy.orm import Session

from console.rota.check import scheduled_counts
from console.services import rota, staffing, swaps
from console.services.swaps import SwapRow
from console.topics import Topic
from console.views import Changes, Snapshot, View

DAYS = 7


@dataclass(frozen=True)
class RotaWeekKey:
    """The week shown: its first day (the dock starts weeks on Monday)."""

    first: date


@dataclass(frozen=True)
class Cell:
    """One agent-day: the template code (``None``: off), the row's status and leave type, the rules broken."""

    code: str | None = None
    status: str = ""
    leave_type: str | None = None
    night: bool = False
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgentWeek:
    key: int  # agent id
    name: str
    desk: str
    team: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DeskDay:
    """One desk on one day: the fewest scheduled against the requirement at that hour, and the gaps."""

    scheduled: int
    required: int
    gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RotaWeek(Snapshot[RotaWeekKey, AgentWeek]):
    desks: tuple[tuple[str, tuple[DeskDay, ...]], ...] = ()
    swaps: tuple[SwapRow, ...] = ()
    templates: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # violations by kind this week


class RotaWeekView(View[RotaWeekKey, AgentWeek]):
    topics: ClassVar[frozenset[Topic]] = frozenset(
        {Topic.ROTA, Topic.AGENT, Topic.TEAM, Topic.STAFFING, Topic.SHIFT}
    )

    def snapshot(self, s: Session, key: RotaWeekKey) -> RotaWeek:
        first = key.first
        last = first + timedelta(days=DAYS - 1)
        days = [first + timedelta(days=i) for i in range(DAYS)]
        agents = rota.agents(s)
        templates = rota.templates(s)
        rows = rota.shifts(s, first - timedelta(days=rota.CONTEXT_DAYS), last)
        found = rota._check(s, rows, first, last)
        by_cell: dict[tuple[int, date], list[str]] = defaultdict(list)
        by_desk: dict[tuple[str, date], list[str]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for v in found:
            counts[v.kind] += 1
            if v.agent_id is not None:
                by_cell[v.agent_id, v.day].append(v.describe())
            else:
                by_desk[v.desk or "", v.day].append(v.describe())
        mine = {(r.agent_id, r.day): r for r in rows if r.day >= first}
        out = []
        for a in sorted(agents.values(), key=lambda a: (a.desk, a.team, a.name)):
            cells = []
            for d in days:
                r = mine.get((a.id, d))
                cells.append(
                    Cell(
                        r.code if r else None,
                        r.status if r else "",
                        r.leave_type if r else None,
                        bool(r and templates[r.code].is_night),
                        tuple(by_cell.get((a.id, d), ())),
                    )
                )
            out.append(AgentWeek(a.id, a.name, a.desk, a.team, tuple(cells)))
        reqs = staffing.requirements(s)
        desks = sorted({a.desk for a in agents.values()})
        have = scheduled_counts(rows, agents, [(d, None, None) for d in desks], templates, days)
        desk_rows = []
        for desk in desks:
            per_day = []
            for d in days:
                need = staffing.hourly(reqs, d).get((desk, None, None), [0] * 24)
                got = have[(desk, None, None), d]
                worst = min(range(24), key=lambda h: (got[h] - need[h], h))
                per_day.append(DeskDay(got[worst], need[worst], tuple(by_desk.get((desk, d), ()))))
            desk_rows.append((desk, tuple(per_day)))
        return RotaWeek(
            key,
            tuple(out),
            desks=tuple(desk_rows),
            swaps=tuple(swaps.swaps(s, open_only=True)),
            templates=tuple(templates),
            counts=dict(counts),
        )

    def patch(self, s: Session, key: RotaWeekKey, batch: Changes) -> RotaWeek:
        return self.snapshot(s, key)


VIEW = RotaWeekView()
