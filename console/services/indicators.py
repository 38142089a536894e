"""Risk indicators: define them, ingest their samples, read series back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Department, IndicatorName, IndicatorSample, RiskIndicator
from console.errors import InvalidInput, NotFound
from console.names import Names, write_names
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.SAMPLES  # what the feed names when this module's tables change (written by the database)
DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    names: Names  # translations of ``name``: (language, name) pairs, see console.names
    unit: str
    direction: str
    warning: float
    critical: float
    department: str
    interval_seconds: int = 60


def define(db: Database, actor: Actor, specs: list[IndicatorSpec]) -> list[int]:
    """Create indicators; thresholds must be ordered the way the indicator gets worse."""
    for spec in specs:
        if spec.direction not in DIRECTIONS:
            raise InvalidInput(detail=f"{spec.key}: direction {spec.direction!r}")
        worse = spec.critical > spec.warning if spec.direction == "higher" else spec.critical < spec.warning
        if not worse:
            raise InvalidInput(detail=f"{spec.key}: critical threshold must be beyond warning")
    with unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        depts = {d.code: d.id for d in s.scalars(select(Department))}
        ids = []
        for order, spec in enumerate(specs):
            if spec.department not in depts:
                raise NotFound(what="Department", key=spec.department)
            ind = RiskIndicator(
                key=spec.key,
                name=spec.name,
                unit=spec.unit,
                direction=spec.direction,
                warning=spec.warning,
                critical=spec.critical,
                department_id=depts[spec.department],
                interval_seconds=spec.interval_seconds,
                display_order=order,
            )
            s.add(ind)
            s.flush()
            write_names(s, IndicatorName, ind.id, spec.names)
            ids.append(ind.id)
            unit.audit("indicator.define", "indicator", ind.id, key=spec.key)
        return ids


def ingest(
    db: Database, actor: Actor, samples: Iterable[tuple[int, datetime, float]], *, source: str = "feed"
) -> int:
    """Store samples ``(indicator_id, ts, value)`` in one transaction; one audit line per batch.

    The change feed gets one entry per indicator touched (not per sample): consoles then fetch what is new
    for that indicator since the last point they hold.
    """
    with unit_of_work(db, actor, Perm.INGEST_SAMPLES) as unit:
        s = unit.session
        rows: list[dict[str, Any]] = []
        touched_ids: set[int] = set()
        for ind_id, ts, value in samples:
            rows.append({"indicator_id": ind_id, "ts": ts, "value": float(value)})
            touched_ids.add(ind_id)
        if not rows:
            return 0
        for chunk in range(0, len(rows), 20_000):
            s.execute(insert(IndicatorSample), rows[chunk : chunk + 20_000])
        touched = sorted(touched_ids)
        unit.audit(
            "indicator.ingest", "indicator", None, samples=len(rows), indicators=len(touched), source=source
        )
        return len(rows)


def all_indicators(s: Session) -> list[RiskIndicator]:
    return list(s.scalars(select(RiskIndicator).order_by(RiskIndicator.display_order, RiskIndicator.id)))


def series(
    s: Session, indicator_id: int, since: datetime, until: datetime | None = None
) -> list[tuple[datetime, float]]:
    """Samples of one indicator after ``since`` (exclusive), oldest first."""
    q = select(IndicatorSample.ts, IndicatorSample.value).where(
        IndicatorSample.indicator_id == indicator_id, IndicatorSample.ts > since
    )
    if until is not None:
        q = q.where(IndicatorSample.ts <= until)
    return [(ts, v) for ts, v in s.execute(q.order_by(IndicatorSample.ts))]


def latest_ts(s: Session, indicator_id: int | None = None) -> datetime | None:
    q = select(func.max(IndicatorSample.ts))
    if indicator_id is not None:
        q = q.where(IndicatorSample.indicator_id == indicator_id)
    return s.scalar(q)


def level(ind: RiskIndicator, value: float) -> str:
    """``normal``, ``warning`` or ``critical`` for a value of this indicator."""
    higher = ind.direction == "higher"
    if (value >= ind.critical) if higher else (value <= ind.critical):
        return "critical"
    if (value >= ind.warning) if higher else (value <= ind.warning):
        return "warning"
    return "normal"


def get(s: Session, key: str) -> RiskIndicator:
    ind = s.scalars(select(RiskIndicator).where(RiskIndicator.key == key)).first()
    if ind is None:
        raise NotFound(what="Indicator", key=key)
    return ind
