"""Risk indicators: each one's definition and its recent series (the chart window), as numpy arrays.

The key carries the chart window's start and the newest timestamp the dock holds per indicator, so a patch
reads only the samples after those (and the worker never looks at the dock's model).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from console.db.models import Incident, IndicatorName
from console.names import Names, read_names
from console.services import indicators as svc
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named
from console.views.indicator_range import read_samples


@dataclass(frozen=True)
class IndicatorInfo:
    """What the console needs of a :class:`console.db.models.RiskIndicator` (plain, thread-safe)."""

    id: int
    key: str
    name: str
    names: Names  # translations of ``name`` (console.names)
    unit: str
    direction: str
    warning: float
    critical: float
    interval_seconds: int
    area: str = ""  # the catalogue's area (console.catalogue.AREAS): the charts group by it
    sop: str = ""  # a runbook key or an http(s) address

    def level(self, value: float) -> str:
        return svc.level(self, value)  # type: ignore[arg-type]


def to_arrays(points: list[tuple[datetime, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Samples as (epoch seconds, values)."""
    n = len(points)
    return (
        np.fromiter((p[0].timestamp() for p in points), dtype=float, count=n),
        np.fromiter((p[1] for p in points), dtype=float, count=n),
    )


@dataclass(frozen=True)
class IncidentMark:
    """An incident raised on an indicator, for a marker on its chart at the moment it opened."""

    id: int
    ref: str
    severity: int
    at: float  # epoch seconds


@dataclass(frozen=True, eq=False)
class IndicatorSeries:
    """One indicator and its samples inside the chart window (``xs`` epoch seconds, ascending), and the
    incidents raised on it that opened inside the window (oldest first)."""

    info: IndicatorInfo
    xs: np.ndarray
    ys: np.ndarray
    incidents: tuple[IncidentMark, ...] = ()

    @property
    def key(self) -> int:
        return self.info.id

    @property
    def last_ts(self) -> float | None:
        return float(self.xs[-1]) if len(self.xs) else None

    @property
    def latest(self) -> float | None:
        return float(self.ys[-1]) if len(self.ys) else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IndicatorSeries):
            return NotImplemented
        return (
            self.info == other.info
            and self.incidents == other.incidents
            and np.array_equal(self.xs, other.xs)
            and np.array_equal(self.ys, other.ys)
        )

    __hash__ = None  # type: ignore[assignment]

    def since(self, start: float) -> IndicatorSeries:
        """Only the samples after ``start`` (epoch seconds): the chart window moved on."""
        cut = int(np.searchsorted(self.xs, start, side="right"))
        marks = tuple(m for m in self.incidents if m.at > start)
        if cut == 0 and len(marks) == len(self.incidents):
            return self
        return IndicatorSeries(self.info, self.xs[cut:], self.ys[cut:], marks)

    def extended(self, xs: np.ndarray, ys: np.ndarray, start: float) -> IndicatorSeries:
        """New samples appended (never one already held), then only those after ``start``."""
        keep = xs > (self.last_ts if self.last_ts is not None else -np.inf)
        grown = IndicatorSeries(
            self.info,
            np.concatenate([self.xs, xs[keep]]),
            np.concatenate([self.ys, ys[keep]]),
            self.incidents,
        )
        return grown.since(start)


@dataclass(frozen=True, eq=False)
class SamplesAppend:
    """New samples of an indicator the dock already holds, after its newest one."""

    indicator_id: int
    xs: np.ndarray
    ys: np.ndarray


@dataclass(frozen=True)
class BoardKey:
    """The chart window's start, and the newest sample time (epoch seconds) held per indicator."""

    since: datetime
    last: tuple[tuple[int, float | None], ...] = ()

    def last_of(self) -> dict[int, float | None]:
        return dict(self.last)


BoardSnapshot = Snapshot[BoardKey, IndicatorSeries]


@dataclass(frozen=True)
class BoardPatch(Patch[BoardKey, IndicatorSeries]):
    """``rows`` are whole indicators (new or redefined); ``appends`` are new samples of held ones."""

    appends: tuple[SamplesAppend, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.rows or self.gone or self.appends)


def info_of(ind: Any, names: Names = ()) -> IndicatorInfo:
    return IndicatorInfo(
        ind.id,
        ind.key,
        ind.name,
        names,
        ind.unit,
        ind.direction,
        ind.warning,
        ind.critical,
        ind.interval_seconds,
        ind.area,
        ind.sop,
    )


class IndicatorBoardView(View[BoardKey, IndicatorSeries]):
    """Every indicator with its series since ``key.since``. ``INDICATOR`` ids (a definition changed, an
    indicator added or removed) come back whole; ``SAMPLES`` ids of held indicators only as new samples;
    ``INCIDENT`` ids bring back whole the indicators those incidents were raised on (their markers)."""

    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.INDICATOR, Topic.SAMPLES, Topic.INCIDENT})

    def snapshot(self, s: Session, key: BoardKey) -> BoardSnapshot:
        return Snapshot(key, self._whole(s, svc.all_indicators(s), key.since))

    @staticmethod
    def _whole(s: Session, inds: list[Any], since: datetime) -> tuple[IndicatorSeries, ...]:
        ids = [ind.id for ind in inds]
        names = read_names(s, IndicatorName, ids)
        marks = _marks(s, ids, since)
        series = read_samples(s, ids, since)  # one query for all of them, straight into numpy
        return tuple(
            IndicatorSeries(info_of(ind, names[ind.id]), *series[ind.id], marks.get(ind.id, ()))
            for ind in inds
        )

    def patch(self, s: Session, key: BoardKey, batch: Changes) -> BoardSnapshot | BoardPatch:
        ids, reload = named(batch)
        if reload or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        last = key.last_of()
        sampled = ids.get(Topic.SAMPLES, frozenset())
        whole = set(ids.get(Topic.INDICATOR, ())) | {i for i in sampled if i not in last}
        raised = ids.get(Topic.INCIDENT)
        if raised:  # an incident opened, merged or deleted: its indicator's markers
            whole |= {
                i
                for i in s.scalars(
                    select(Incident.indicator_id).where(
                        Incident.id.in_(sorted(raised)), Incident.indicator_id.isnot(None)
                    )
                )
                if i is not None
            }
        rows: tuple[IndicatorSeries, ...] = ()
        gone: frozenset[int] = frozenset()
        if whole:
            found = [ind for ind in svc.all_indicators(s) if ind.id in whole]
            rows = self._whole(s, found, key.since)
            gone = frozenset(whole - {ind.id for ind in found})
        held = sorted(sampled - whole)
        appends = []
        if held:  # one query from the oldest of their newest samples; each keeps only what is newer
            lasts = [last[i] for i in held]
            oldest = min((ts for ts in lasts if ts is not None), default=None)
            since = key.since
            if oldest is not None and all(ts is not None for ts in lasts):
                since = max(key.since, datetime.fromtimestamp(oldest, UTC) - timedelta(microseconds=1))
            news = read_samples(s, held, since)
            for ind_id, ts in zip(held, lasts, strict=True):
                xs, ys = news[ind_id]
                keep = xs > ts if ts is not None else xs > key.since.timestamp()
                if keep.any():
                    appends.append(SamplesAppend(ind_id, xs[keep], ys[keep]))
        return BoardPatch(key, rows, gone, tuple(appends))


def _marks(s: Session, indicator_ids: list[int], since: datetime) -> dict[int, tuple[IncidentMark, ...]]:
    """Incidents raised on these indicators that opened after ``since`` (not the duplicates merged away)."""
    if not indicator_ids:
        return {}
    out: dict[int, list[IncidentMark]] = {}
    for ind, inc_id, ref, severity, opened in s.execute(
        select(Incident.indicator_id, Incident.id, Incident.ref, Incident.severity, Incident.opened_at)
        .where(
            Incident.indicator_id.in_(indicator_ids),
            Incident.opened_at > since,
            Incident.status != "duplicate",
        )
        .order_by(Incident.opened_at, Incident.id)
    ):
        if ind is not None:
            out.setdefault(ind, []).append(IncidentMark(inc_id, ref, severity, opened.timestamp()))
    return {ind: tuple(marks) for ind, marks in out.items()}


VIEW = IndicatorBoardView()
