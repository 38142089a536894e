"""The live floor for the simulator: badge clock-ins, breaks and clock-outs of whoever is rostered now.

Each rostered shift follows :func:`console.demo.schedule.shift_plan`, drawn from the simulator's seed and the
rota row, so a restarted simulator keeps the same plan. Edges are written as they fall due (``at`` = now);
when a running shift has no attendance at all (the floor was left alone for a while), its clock-ins (and
clock-outs) are caught up at their planned times, like a badge system replaying its buffer. Breaks start
only live, and only while at most 20 % of a zone's people on shift are away. A shift with a break plan
(``planned_breaks``) takes its breaks at their slots, mostly within a couple of minutes and about their
planned length; now and then one goes late or runs over, which the adherence dock shows.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import func, select

from console.auth import SIMULATOR
from console.db.engine import Database
from console.db.models import (
    Agent,
    AttendanceEvent,
    PlannedBreak,
    RotaAssignment,
    Seat,
    SeatAssignment,
    Team,
    Zone,
)
from console.demo.schedule import ShiftPlan, capacity, shift_plan
from console.services import attendance
from console.services.attendance import Edge, RosterLine

log = logging.getLogger(__name__)

LOOK_AHEAD = timedelta(minutes=20)  # early birds badge in up to 15 minutes before their shift
LOOK_BACK = timedelta(hours=2)  # people who stay late still need to clock out
LATEST_CLOCK_IN = timedelta(minutes=45)  # later than this after the start and they are a no-show today
SOURCE = "simulator"


@dataclass(frozen=True)
class OnFloor:
    """Someone clocked in and at their desk (not on break): can take ownership of an incident."""

    agent_id: int
    zone: str
    title: str


class FloorActivity:
    """Writes attendance for the rostered shifts around now; remembers who is on the floor."""

    def __init__(self, db: Database, seed: int, rate: float) -> None:
        self.db = db
        self.seed = seed
        self.rate = rate
        self.rng = np.random.default_rng([seed, 1])
        self.on_floor: list[OnFloor] = []
        self._plans: dict[int, ShiftPlan] = {}
        self._slots: dict[int, list[tuple[datetime, int]]] = {}  # rota id -> planned breaks, from _read

    def plan(self, line: RosterLine) -> ShiftPlan:
        """The shift's attendance plan: fixed by seed and rota row, so dropping the cache is safe."""
        plan = self._plans.get(line.rota_id)
        if plan is None:
            if len(self._plans) > 5000:  # weeks of running: forget old shifts
                self._plans.clear()
            plan = shift_plan(np.random.default_rng([self.seed, line.rota_id]), line.starts_at, line.ends_at)
            self._plans[line.rota_id] = plan
        return plan

    def step(self, now: datetime, dt: float) -> Counter[str]:
        """One tick: decide each rostered person's next edge and write it (one transaction per person)."""
        lines, zone_of, title_of, breaks_taken = self._read(now)
        self.on_floor = [
            OnFloor(ln.agent_id, zone_of.get(ln.agent_id, ""), title_of.get(ln.agent_id, "analyst"))
            for ln in lines
            if ln.clock_in and not ln.clock_out and ln.on_break_since is None
        ]
        counts: Counter[str] = Counter()
        away, present = Counter[str](), Counter[str]()
        for ln in lines:
            if ln.clock_in and not ln.clock_out:
                present[zone_of.get(ln.agent_id, "")] += 1
                away[zone_of.get(ln.agent_id, "")] += ln.on_break_since is not None
        started = [ln for ln in lines if ln.starts_at <= now]
        silent_shifts = {ln.starts_at for ln in started} - {ln.starts_at for ln in started if ln.clock_in}
        for ln in lines:
            zone = zone_of.get(ln.agent_id, "")
            if ln.starts_at in silent_shifts and now - ln.starts_at > LATEST_CLOCK_IN:
                edges = [  # catch up arrivals (and departures); breaks start live, within the desk's cap
                    Edge(ln.agent_id, k, at, SOURCE)
                    for k, at in self.plan(ln).events()
                    if at <= now and k in ("clock_in", "clock_out")
                ]
            else:
                may_break = away[zone] + 1 <= capacity(present[zone])
                edges = self._next_edges(ln, now, dt, breaks_taken.get(ln.rota_id, 0), may_break)
            if not edges:
                continue
            try:
                attendance.record_many(self.db, SIMULATOR, edges)
            except Exception as exc:  # noqa: BLE001 - one person's failure must not stop the floor
                log.warning("simulator: attendance for agent %s failed: %s", ln.agent_id, exc)
                counts["errors"] += 1
                continue
            for e in edges:
                counts[e.kind] += 1
                if e.kind == "break_start":
                    away[zone] += 1
        return counts

    def _next_edges(
        self, ln: RosterLine, now: datetime, dt: float, taken: int, may_break: bool
    ) -> list[Edge]:
        plan = self.plan(ln)
        if ln.clock_in is None:
            if ln.clock_out is not None or plan.clock_in is None or plan.clock_in > now:
                return []
            if now - ln.starts_at > LATEST_CLOCK_IN and now - plan.clock_in > timedelta(minutes=2):
                return []  # missed their window: absent today
            return [Edge(ln.agent_id, "clock_in", now, SOURCE)]
        if ln.clock_out is not None:
            return []
        out_at = plan.clock_out or ln.ends_at
        if now >= out_at:
            edges = [Edge(ln.agent_id, "break_end", now, SOURCE)] if ln.on_break_since else []
            return edges + [Edge(ln.agent_id, "clock_out", now, SOURCE)]
        slots = self._slots.get(ln.rota_id)
        if slots:
            return self._planned_edges(ln, now, taken, slots, may_break)
        if ln.on_break_since is not None:
            length = self._break_length(plan, taken)
            if now - ln.on_break_since >= length or now >= ln.ends_at - timedelta(minutes=10):
                return [Edge(ln.agent_id, "break_end", now, SOURCE)]
            return []
        wanted = max(len(plan.breaks), 1)
        latest = ln.ends_at - timedelta(minutes=45)
        if not may_break or taken >= wanted or ln.break_minutes >= 55 or now >= latest:
            return []
        if now - ln.clock_in < timedelta(minutes=60):
            return []
        hazard = (wanted - taken) / max((latest - now).total_seconds(), 60.0)
        if self.rng.random() < 1 - math.exp(-hazard * dt * self.rate):
            return [Edge(ln.agent_id, "break_start", now, SOURCE)]
        return []

    def _planned_edges(
        self, ln: RosterLine, now: datetime, taken: int, slots: list[tuple[datetime, int]], may_break: bool
    ) -> list[Edge]:
        """Breaks by the plan: the n-th planned slot starts the n-th break, a little off now and then
        (drawn from the seed, the rota row and the slot, so a restarted simulator keeps them)."""
        n = taken - 1 if ln.on_break_since is not None else taken
        if n >= len(slots):
            return [Edge(ln.agent_id, "break_end", now, SOURCE)] if ln.on_break_since else []
        rng = np.random.default_rng([self.seed, ln.rota_id, 100 + n])
        late = float(rng.normal(0, 1.2)) + (float(rng.uniform(6, 12)) if rng.random() < 0.08 else 0.0)
        over = float(rng.normal(0, 1.5)) + (float(rng.uniform(8, 20)) if rng.random() < 0.06 else 0.0)
        start, minutes = slots[n]
        if ln.on_break_since is not None:
            length = timedelta(minutes=max(5.0, minutes + over))
            if now - ln.on_break_since >= length or now >= ln.ends_at - timedelta(minutes=10):
                return [Edge(ln.agent_id, "break_end", now, SOURCE)]
            return []
        if now >= start + timedelta(minutes=late) and (may_break or now >= start + timedelta(minutes=20)):
            return [Edge(ln.agent_id, "break_start", now, SOURCE)]
        return []

    @staticmethod
    def _break_length(plan: ShiftPlan, taken: int) -> timedelta:
        if 0 < taken <= len(plan.breaks):
            start, end = plan.breaks[taken - 1]
            return end - start
        return timedelta(minutes=15)

    def _read(self, now: datetime) -> tuple[list[RosterLine], dict[int, str], dict[int, str], dict[int, int]]:
        """Roster lines around now, each agent's zone and title, and breaks taken per rota row."""
        with self.db.reading() as s:
            rota_ids = list(
                s.scalars(
                    select(RotaAssignment.id).where(
                        RotaAssignment.status == "scheduled",
                        RotaAssignment.starts_at <= now + LOOK_AHEAD,
                        RotaAssignment.ends_at >= now - LOOK_BACK,
                    )
                )
            )
            if not rota_ids:
                return [], {}, {}, {}
            lines = attendance.roster(s, rota_ids=rota_ids)
            agent_ids = [ln.agent_id for ln in lines]
            zone_of: dict[int, str] = {
                agent_id: zone
                for agent_id, zone in s.execute(
                    select(SeatAssignment.agent_id, Zone.code)
                    .join(Seat, Seat.id == SeatAssignment.seat_id)
                    .join(Zone, Zone.id == Seat.zone_id)
                    .where(SeatAssignment.agent_id.in_(agent_ids), SeatAssignment.valid_to.is_(None))
                )
            }
            title_of: dict[int, str] = {}
            for agent_id, title, skill in s.execute(
                select(Agent.id, Agent.title, Team.primary_skill).join(Team).where(Agent.id.in_(agent_ids))
            ):
                title_of[agent_id] = title
                zone_of.setdefault(agent_id, skill)
            breaks = {
                int(rota_id): int(n)
                for rota_id, n in s.execute(
                    select(AttendanceEvent.rota_assignment_id, func.count())
                    .where(
                        AttendanceEvent.rota_assignment_id.in_(rota_ids),
                        AttendanceEvent.kind == "break_start",
                    )
                    .group_by(AttendanceEvent.rota_assignment_id)
                )
                if rota_id is not None
            }
            self._slots = {}
            for rota_id, at, minutes in s.execute(
                select(PlannedBreak.rota_assignment_id, PlannedBreak.starts_at, PlannedBreak.minutes)
                .where(PlannedBreak.rota_assignment_id.in_(rota_ids))
                .order_by(PlannedBreak.starts_at)
            ):
                self._slots.setdefault(rota_id, []).append((at, minutes))
        return lines, zone_of, title_of, breaks
