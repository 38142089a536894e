"""Coverage against live risk load: the day's hour × desk table and, beside it, each desk's load now.

One read is a handful of queries (desks, requirements, the shifts around the day and now with their
attendance, open incidents, the backlog), so a batch naming anything coverage shows is answered with a fresh
snapshot; the dock's model applies it by difference, so only the rows that changed repaint. Indicator
samples matter only when they are the backlog indicator's (the simulator sends samples every second).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import RiskIndicator
from console.floortime import floor_zone
from console.services import coverage, coverage_risk
from console.services.coverage import CoverageLine, Desk, floor_day
from console.services.coverage_risk import Limits, RiskLoad
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named


@dataclass(frozen=True)
class CoverageKey:
    """Which floor day (floor time) and the moment read as "now" (UTC), in the floor's zone."""

    day: date
    now: datetime
    tz: str = "Asia/Kuala_Lumpur"
    floor_code: str | None = None
    limits: Limits = Limits()


@dataclass(frozen=True)
class CoverageSnapshot(Snapshot[CoverageKey, CoverageLine]):
    """The day's lines (rows), the desks, the running hour when the day is today, and the load now."""

    desks: tuple[Desk, ...] = ()
    hour_now: int | None = None
    risk: RiskLoad | None = None


CoveragePatch = Patch[CoverageKey, CoverageLine]


def limits_from(settings: Any) -> Limits:
    """The rule's thresholds: settings ``coverage_incidents_per_agent`` and ``coverage_backlog_per_agent``."""
    return Limits(
        float(getattr(settings, "coverage_incidents_per_agent", coverage_risk.INCIDENTS_PER_AGENT)),
        float(getattr(settings, "coverage_backlog_per_agent", coverage_risk.BACKLOG_PER_AGENT)),
    )


def read(s: Session, key: CoverageKey) -> CoverageSnapshot:
    tz = floor_zone(key.tz)
    day, shifts, reqs, desks = coverage.read_day(s, key.day, key.now, tz, key.floor_code)
    local = key.now.astimezone(tz)
    total, split = coverage_risk.backlog(s, key.now)
    risk = coverage_risk.assess(
        key.now,
        floor_day(key.now, tz),
        local.hour,
        desks,
        reqs,
        shifts,
        coverage_risk.open_incidents(s),
        total,
        split,
        key.limits,
    )
    return CoverageSnapshot(key, day.lines, desks, day.hour_now, risk)


class CoverageView(View[CoverageKey, CoverageLine]):
    topics: ClassVar[frozenset[Topic]] = frozenset(
        {
            Topic.ATTENDANCE,
            Topic.ROTA,
            Topic.AGENT,
            Topic.TEAM,
            Topic.SEAT,
            Topic.ZONE,
            Topic.FLOOR,
            Topic.STAFFING,
            Topic.INCIDENT,
            Topic.SAMPLES,
        }
    )

    def snapshot(self, s: Session, key: CoverageKey) -> CoverageSnapshot:
        return read(s, key)

    def patch(self, s: Session, key: CoverageKey, batch: Changes) -> CoverageSnapshot | CoveragePatch:
        ids, reload = named(batch)
        if reload or any(ids.get(t) for t in self.topics - {Topic.SAMPLES}):
            return read(s, key)
        samples = ids.get(Topic.SAMPLES, frozenset())
        if samples:
            backlog = s.scalar(select(RiskIndicator.id).where(RiskIndicator.key == coverage_risk.BACKLOG_KEY))
            if backlog in samples:
                return read(s, key)
        return Patch(key)


VIEW = CoverageView()
