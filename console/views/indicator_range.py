"""Indicator history for any range, read for charts: raw samples or rollups, all indicators in one query,
straight into numpy (Qt-free; the indicators dock calls it on a worker).

A chart of ``px`` pixels shows about two points per pixel: :func:`choose_step` picks the raw samples for up
to about three days and the 15-minute or 1-hour rollups (:mod:`console.db.rollupsql`) for longer ranges. The
rollups are kept by the database on every insert, so the newest bucket already holds the newest sample (the
right edge is current); each bucket is drawn at its middle, or at its newest sample while it is still filling.
Where a level has been pruned away (:mod:`console.services.retention`), the next coarser one that still
covers the range is read instead. The values come as numpy columns (:mod:`console.views.columns`): packed
arrays on PostgreSQL, with the epoch seconds computed by the database; parsed by numpy on SQLite.

:func:`read_baseline` gives the normal band (the same moments of past weeks) and :func:`abnormal_since` says
since when an indicator has been at warning or worse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from console.db.rollupsql import DEFAULT_KEEP_DAYS, FINEST, LEVELS, sqlite_text
from console.floortime import utcnow
from console.views import columns

POINTS_PER_PX = 2
WEEK_S = 7 * 86400
DAY_S = 86400
Moment = datetime | float  # an aware datetime, or Unix epoch seconds

_PACKED = (("x", "f8"), ("n", "i4"), ("lo", "f8"), ("hi", "f8"), ("mean", "f8"))
_COLUMNS = (("id", "i4"), ("x", "ts"), ("n", "f8"), ("lo", "f8"), ("hi", "f8"), ("mean", "f8"))


@dataclass(frozen=True, eq=False)
class RangeSeries:
    """One indicator over a range: ``xs`` epoch seconds (ascending), the mean, lowest and highest value and
    the number of samples at each point. ``step_s`` 0: raw samples (``lo == hi == mean``, counts of 1)."""

    indicator_id: int
    step_s: int
    xs: np.ndarray
    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    count: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.xs)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RangeSeries):
            return NotImplemented
        return (self.indicator_id, self.step_s) == (other.indicator_id, other.step_s) and all(
            np.array_equal(a, b)
            for a, b in zip(
                (self.xs, self.mean, self.lo, self.hi, self.count),
                (other.xs, other.mean, other.lo, other.hi, other.count),
                strict=True,
            )
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, eq=False)
class BaselineBand:
    """The normal band of one indicator: at each ``xs`` (epoch seconds, a bucket's middle), the ``lo`` and
    ``hi`` of the same moment in past weeks, and how many past weeks had data there (``weeks``)."""

    indicator_id: int
    step_s: int
    xs: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    weeks: np.ndarray

    def __len__(self) -> int:
        return len(self.xs)


def choose_step(span_s: float, px: int, interval_s: float) -> int:
    """The bucket seconds for ``span_s`` seconds on ``px`` pixels (0: the raw samples): of the raw samples
    (one every ``interval_s``) and the rollup levels coarser than them, the one nearest (by ratio) to two
    points per pixel; the finer of two as near."""
    if not (span_s > 0 and px > 0):
        raise ValueError(f"a chart range needs a positive span and width (got {span_s} s, {px} px)")
    ideal = span_s / (POINTS_PER_PX * px)
    raw = max(float(interval_s), 1.0)
    steps = [(raw, 0)] + [(float(level), level) for level in LEVELS if level > raw]
    return min(steps, key=lambda pair: (abs(np.log(pair[0] / ideal)), pair[0]))[1]


def epoch(moment: Moment) -> float:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise ValueError("naive datetime given where a UTC moment is required")
        return moment.timestamp()
    return float(moment)


def horizons(keep: Mapping[int, int], now: float) -> dict[int, float]:
    """Per level (0: raw), the oldest moment it still covers under the floor's retention (-inf: all)."""
    return {step: (now - days * DAY_S if days > 0 else -np.inf) for step, days in keep.items()}


def covering(step: int, start: float, reach: Mapping[int, float]) -> int:
    """``step``, or the next coarser level when ``step``'s history no longer reaches back to ``start``."""
    order = [0, *LEVELS]
    for level in order[order.index(step) :]:
        if reach.get(level, -np.inf) <= start:
            return level
    return LEVELS[-1]


def read_range(
    s: Session,
    indicator_ids: Iterable[int],
    start: Moment,
    end: Moment,
    px: int,
    *,
    intervals: Mapping[int, int] | None = None,
    now: Moment | None = None,
) -> dict[int, RangeSeries]:
    """Every indicator in ``indicator_ids`` from ``start`` to ``end`` (inclusive), at the step that gives
    about two points per pixel on ``px`` pixels, read in one query for all of them. An indicator with no data
    in the range comes back empty; one that does not exist, too.

    Before the data, one small query reads the indicators' sampling intervals and the floor's retention;
    ``intervals`` (indicator id -> sampling seconds) are then not read. ``now`` is for tests.
    """
    ids = sorted(set(indicator_ids))
    t0, t1 = epoch(start), epoch(end)
    if t1 < t0:
        raise ValueError(f"a chart range ends before it starts ({t0} > {t1})")
    if not ids:
        return {}
    read, keep = _settings(s, ids)
    intervals = intervals if intervals is not None and set(ids) <= set(intervals) else read
    reach = horizons(keep, epoch(now) if now is not None else utcnow().timestamp())
    steps = {i: covering(choose_step(max(t1 - t0, 1.0), px, intervals.get(i, 60)), t0, reach) for i in ids}
    by_step: dict[int, list[int]] = {}
    for i, step in steps.items():
        by_step.setdefault(step, []).append(i)
    pg = s.get_bind().dialect.name == "postgresql"
    parts, params = [], []
    for step, group in sorted(by_step.items()):
        sql, args = (_pg_part if pg else _sqlite_part)(step, group, t0, t1)
        parts.append(sql)
        params += args
    if pg:
        got = columns.fetch_packed(s, " UNION ALL ".join(parts), params, 1, _PACKED)
        got["id"] = got.pop("key0")
    elif set(by_step) == {0}:  # raw samples only (up to a few days): three columns through the driver
        sql, args = _sqlite_part(0, ids, t0, t1, alone=True)
        got = columns.fetch(s, sql, args, _COLUMNS[:2] + _COLUMNS[-1:])
        got.update({name: np.full(len(got["x"]), np.nan) for name in ("n", "lo", "hi")})
    else:
        got = columns.fetch(s, " UNION ALL ".join(parts), params, _COLUMNS)
    raw = np.isnan(got["n"])  # the raw samples' parts leave count, lowest and highest out
    got["n"] = np.where(raw, 1.0, got["n"])
    got["lo"] = np.where(raw, got["mean"], got["lo"])
    got["hi"] = np.where(raw, got["mean"], got["hi"])
    order = np.lexsort((got["x"], got["id"]))
    return _split({name: col[order] for name, col in got.items()}, ids, steps)


def _settings(s: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """The indicators' sampling intervals and the days kept per level, in one query."""
    marks = ", ".join(str(int(i)) for i in ids)
    rows = s.execute(
        text(
            f"SELECT 0, id, interval_seconds FROM risk_indicators WHERE id IN ({marks}) "
            f"UNION ALL SELECT 1, step_s, keep_days FROM history_retention"
        )
    ).all()
    keep = dict(DEFAULT_KEEP_DAYS)
    keep.update({int(k): int(v) for kind, k, v in rows if kind == 1})
    return {int(k): int(v) for kind, k, v in rows if kind == 0}, keep


def _pg_part(step: int, ids: list[int], t0: float, t1: float) -> tuple[str, list[object]]:
    """One indicator a row, its values packed (:func:`console.views.columns.fetch_packed`)."""
    if step == 0:
        x, mean = columns.packed("f8", "date_part('epoch', ts)"), columns.packed("f8", "value")
        return (
            f"SELECT indicator_id, {x}, ''::bytea, ''::bytea, ''::bytea, {mean} FROM indicator_samples "
            "WHERE indicator_id = ANY(%s::integer[]) AND ts >= to_timestamp(%s) AND ts <= to_timestamp(%s) "
            "GROUP BY indicator_id",
            [ids, t0, t1],
        )
    cols = ", ".join(
        columns.packed(kind, expr)
        for kind, expr in (
            ("f8", f"least(bucket_s + {step / 2}::float8, last_s)"),
            ("i4", "n"),
            ("f8", "lo"),
            ("f8", "hi"),
            ("f8", "total / n"),
        )
    )
    return (
        f"SELECT indicator_id, {cols} FROM indicator_rollups "
        "WHERE indicator_id = ANY(%s::integer[]) AND step_s = %s AND bucket_s > %s AND bucket_s <= %s "
        "GROUP BY indicator_id",
        [ids, step, int(np.floor(t0)) - step, int(np.floor(t1))],
    )


def _sqlite_part(
    step: int, ids: list[int], t0: float, t1: float, *, alone: bool = False
) -> tuple[str, list[object]]:
    """The rows of one step's indicators; raw samples leave count, lowest and highest out (NULL, or not
    selected at all when ``alone``: no rollups beside them)."""
    marks = ", ".join(str(int(i)) for i in ids)
    if step == 0:
        nulls = "" if alone else "NULL, NULL, NULL, "
        return (
            f"SELECT indicator_id, ts, {nulls}value FROM indicator_samples "
            f"WHERE indicator_id IN ({marks}) AND ts >= ? AND ts <= ?",
            [sqlite_text(t0), sqlite_text(t1)],
        )
    return (
        f"SELECT indicator_id, min(bucket_s + {step / 2}, last_s), n, lo, hi, total / n "
        f"FROM indicator_rollups WHERE indicator_id IN ({marks}) AND step_s = ? "
        "AND bucket_s > ? AND bucket_s <= ?",
        [step, int(np.floor(t0)) - step, int(np.floor(t1))],
    )


def _split(got: columns.Columns, ids: list[int], steps: Mapping[int, int]) -> dict[int, RangeSeries]:
    """One :class:`RangeSeries` per id from the rows of all of them (ordered by id, then moment)."""
    cuts = np.searchsorted(got["id"], ids, side="left"), np.searchsorted(got["id"], ids, side="right")
    out = {}
    for i, lo, hi in zip(ids, *cuts, strict=True):
        part = slice(int(lo), int(hi))
        out[i] = RangeSeries(
            i,
            steps[i],
            got["x"][part],
            got["mean"][part],
            got["lo"][part],
            got["hi"][part],
            got["n"][part].astype(np.int64),
        )
    return out


def read_samples(
    s: Session, indicator_ids: Iterable[int], since: datetime, until: datetime | None = None
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """The raw samples of every indicator in ``indicator_ids`` after ``since`` (exclusive) and up to
    ``until`` (inclusive), in one query: per id (epoch seconds ascending, values); ids without any, empty."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return {}
    if s.get_bind().dialect.name == "postgresql":
        x = columns.packed("f8", "date_part('epoch', ts)")
        sql = (
            f"SELECT indicator_id, {x}, {columns.packed('f8', 'value')} FROM indicator_samples "
            "WHERE indicator_id = ANY(%s::integer[]) AND ts > %s"
        )
        params: list[object] = [ids, since]
        if until is not None:
            sql += " AND ts <= %s"
            params.append(until)
        got = columns.fetch_packed(s, sql + " GROUP BY indicator_id", params, 1, (("x", "f8"), ("v", "f8")))
        got["id"] = got.pop("key0")
    else:
        marks = ", ".join(str(int(i)) for i in ids)
        sql = (
            "SELECT indicator_id, ts, value FROM indicator_samples "
            f"WHERE indicator_id IN ({marks}) AND ts > ?"
        )
        params = [sqlite_text(epoch(since))]
        if until is not None:
            sql += " AND ts <= ?"
            params.append(sqlite_text(epoch(until)))
        got = columns.fetch(s, sql, params, (("id", "i4"), ("x", "ts"), ("v", "f8")))
    order = np.lexsort((got["x"], got["id"]))
    xs, vs, id_col = got["x"][order], got["v"][order], got["id"][order]
    lo = np.searchsorted(id_col, ids, side="left")
    hi = np.searchsorted(id_col, ids, side="right")
    return {i: (xs[a:b], vs[a:b]) for i, a, b in zip(ids, lo.tolist(), hi.tolist(), strict=True)}


def read_baseline(
    s: Session,
    indicator_ids: Iterable[int],
    start: Moment,
    end: Moment,
    step_s: int,
    weeks: int = 4,
) -> dict[int, BaselineBand]:
    """The normal band from ``start`` to ``end`` at ``step_s`` (0, raw: the finest rollup, 15 minutes): at
    each bucket, the bucket means of the same moment in each of the past ``weeks`` weeks, of which the band
    drops the lowest and the highest quarter (the 2nd lowest and 2nd highest of 4: one bad week of four,
    an incident or a dead feed, moves neither edge; with fewer than four weeks of data, the lowest and the
    highest). One query for all the indicators."""
    ids = sorted(set(indicator_ids))
    t0, t1 = epoch(start), epoch(end)
    if weeks < 1 or t1 < t0:
        raise ValueError(f"a normal band needs at least one past week and a range ({weeks}, {t0}-{t1})")
    step = step_s or FINEST
    if step not in LEVELS:
        raise ValueError(f"no rollup level of {step_s} s (levels: {', '.join(map(str, LEVELS))})")
    if not ids:
        return {}
    pg = s.get_bind().dialect.name == "postgresql"
    lo_b, hi_b = int(np.floor(t0)) - step, int(np.floor(t1))
    parts, params = [], []
    for k in range(1, weeks + 1):
        shift = k * WEEK_S
        if pg:
            moment = columns.packed("i8", f"bucket_s + {shift}")
            parts.append(
                f"SELECT indicator_id, {k}, {moment}, {columns.packed('f8', 'total / n')} "
                "FROM indicator_rollups WHERE indicator_id = ANY(%s::integer[]) AND step_s = %s "
                "AND bucket_s > %s AND bucket_s <= %s GROUP BY indicator_id"
            )
            params += [ids, step, lo_b - shift, hi_b - shift]
        else:
            marks = ", ".join(str(int(i)) for i in ids)
            parts.append(
                f"SELECT indicator_id, {k}, bucket_s + {shift}, total / n FROM indicator_rollups "
                f"WHERE indicator_id IN ({marks}) AND step_s = ? AND bucket_s > ? AND bucket_s <= ?"
            )
            params += [step, lo_b - shift, hi_b - shift]
    sql = " UNION ALL ".join(parts)
    if pg:
        got = columns.fetch_packed(s, sql, params, 2, (("b", "i8"), ("v", "f8")))
        got["id"], got["k"] = got.pop("key0"), got.pop("key1")
    else:
        got = columns.fetch(s, sql, params, (("id", "i4"), ("k", "i4"), ("b", "i8"), ("v", "f8")))
    return _bands(got, ids, step, weeks, (lo_b // step + 1) * step)  # the first bucket on the range


def _bands(
    got: columns.Columns, ids: list[int], step: int, weeks: int, first: int
) -> dict[int, BaselineBand]:
    """Order statistics per (indicator, bucket) over the past weeks: the values go into a grid (indicator,
    week, bucket; NaN where a week has none), each column is sorted (NaN last), and the band's edges are
    picked by the count of weeks that had a value."""
    buckets = (np.asarray(got["b"], dtype=np.int64) - first) // step
    width = int(buckets.max()) + 1 if len(buckets) else 0
    grid = np.full((len(ids), weeks, width), np.nan)
    row = np.searchsorted(ids, got["id"])
    grid[row, np.asarray(got["k"], dtype=np.int64) - 1, buckets] = got["v"]
    grid.sort(axis=1)
    n = np.sum(~np.isnan(grid), axis=1)  # (indicator, bucket)
    trim = n // 4
    lo = np.take_along_axis(grid, trim[:, None, :], axis=1)[:, 0, :]
    hi = np.take_along_axis(grid, np.maximum(n - 1 - trim, 0)[:, None, :], axis=1)[:, 0, :]
    xs = first + np.arange(width, dtype=np.float64) * step + step / 2
    out = {}
    for r, i in enumerate(ids):
        held = n[r] > 0
        out[i] = BaselineBand(i, step, xs[held], lo[r][held], hi[r][held], n[r][held].astype(np.int64))
    return out


def abnormal_since(
    xs: np.ndarray, ys: np.ndarray, warning: float, critical: float, direction: str
) -> float | None:
    """The epoch second the current run of points at warning or worse began (``None``: normal now, or no
    data). ``direction`` is the way the indicator gets worse (``higher`` or ``lower``); NaN counts as normal.
    """
    if direction not in ("higher", "lower"):
        raise ValueError(f"direction {direction!r} (higher or lower)")
    if (critical < warning) if direction == "higher" else (critical > warning):
        raise ValueError(f"critical {critical} is not beyond warning {warning} ({direction} is worse)")
    values = np.asarray(ys, dtype=np.float64)
    if not len(values):
        return None
    bad = values >= warning if direction == "higher" else values <= warning
    if not bad[-1]:
        return None
    normal = np.flatnonzero(~bad)
    first = int(normal[-1]) + 1 if len(normal) else 0
    return float(np.asarray(xs, dtype=np.float64)[first])
