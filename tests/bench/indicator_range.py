"""Indicator charts at scale: any range of 60 indicators read for a 1,000-pixel chart (target: 300 ms), each
beside baselines measured in the same run.

Run: ``.venv/bin/python -m tests.bench.indicator_range [--days 90] [--indicators 60] [--keep SCHEMA]
[--sqlite-days 14]`` (a scratch PostgreSQL schema, dropped afterwards; ``--keep SCHEMA`` loads once into that
schema and reuses it on later runs).

Loads ``--indicators`` indicators × ``--days`` days of per-minute samples (60 × 90: 7.8 M rows) through
:func:`console.services.indicators.ingest_series` (binary COPY; the database's triggers build the rollups as
they would for any insert), then for each range ending at the newest sample (1 h, 6 h, 24 h, 7 d, 30 d,
90 d), median of ``--repeat``:

- ``read_range_ms``: :func:`console.views.indicator_range.read_range`, all ids, 1,000 px (with ``points``);
- ``psycopg_ms``: plain psycopg fetching the same rows (the raw samples or the rollups) as tuples;
- ``per_indicator_ms``: the old path (up to ``--old-upto`` days): one query per indicator through the ORM,
  a datetime and a ``.timestamp()`` per row (one run: it is slow; 90 days took 65 s in issue 8).

Also the board snapshot for 6 h (the indicators dock's live table and charts) beside the old board code, and
the normal band (:func:`read_baseline`, four past weeks) for 7, 30 and 90 days at two steps. With
``--sqlite-days N`` the same on a SQLite file with N days (the load, bulk series adding their rollups at
once, timed beside a plain ``executemany`` of the same rows into a table without triggers).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

from console.auth import SYSTEM
from console.db import migrate, rollupsql
from console.db.engine import Database, make_engine
from console.services import indicators, org
from console.services.indicators import IndicatorSpec
from console.views import indicator_board, indicator_range
from console.views.indicator_board import BoardKey, IndicatorSeries, info_of, to_arrays
from tests.factories import ADMIN, add_users

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
RANGES = (
    ("1h", 3600),
    ("6h", 6 * 3600),
    ("24h", 86400),
    ("7d", 7 * 86400),
    ("30d", 30 * 86400),
    ("90d", 90 * 86400),
)
PX = 1000


def _sa_url(url: str, schema: str) -> str:
    base = url if "+psycopg" in url else url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 1), result


def load(db: Database, count: int, days: int, end: datetime) -> dict[str, float]:
    """``count`` indicators with ``days`` of per-minute samples up to ``end`` (a daily cycle and noise)."""
    add_users(db)
    org.add_departments(db, ADMIN, [("risk_mgmt", "Risk Management", {})])
    specs = [
        IndicatorSpec(f"bench.{i:02d}", f"Indicator {i}", (), "n", "higher", 900, 1200, "risk_mgmt")
        for i in range(count)
    ]
    ids = indicators.define(db, ADMIN, specs)
    n = days * 1440
    first = end - timedelta(minutes=n - 1)
    rng = np.random.default_rng(7)
    minutes = np.arange(n)
    t0 = time.perf_counter()
    for chunk in range(0, count, 10):  # ten indicators a transaction: bounded memory
        series = {
            ind: 500 + 200 * np.sin(2 * np.pi * minutes / 1440 + k) + rng.normal(0, 20, n)
            for k, ind in enumerate(ids[chunk : chunk + 10])
        }
        indicators.ingest_series(db, SYSTEM, series, first, source="bench")
    seconds = time.perf_counter() - t0
    return {"load_s": round(seconds, 1), "load_per_s": round(count * n / seconds)}


def old_board(s: Any, since: datetime) -> tuple[IndicatorSeries, ...]:
    """The board snapshot as it was read before (one query and a ``.timestamp()`` per row per indicator)."""
    from console.db.models import IndicatorName
    from console.names import read_names

    inds = indicators.all_indicators(s)
    names = read_names(s, IndicatorName, [ind.id for ind in inds])
    marks = indicator_board._marks(s, [ind.id for ind in inds], since)
    out = []
    for ind in inds:
        xs, ys = to_arrays(indicators.series(s, ind.id, since))
        out.append(IndicatorSeries(info_of(ind, names[ind.id]), xs, ys, marks.get(ind.id, ())))
    return tuple(out)


def measure(
    db: Database, plain: Callable[[str, list[Any]], int], repeat: int, old_upto: float
) -> dict[str, Any]:
    with db.reading() as s:
        ids = [ind.id for ind in indicators.all_indicators(s)]
        newest = indicators.latest_ts(s)
    assert newest is not None
    end = newest.timestamp()
    out: dict[str, Any] = {}
    for name, span in RANGES:
        start = end - span
        with db.reading() as s:
            ms, got = _timed(
                lambda start=start: indicator_range.read_range(s, ids, start, end, PX, now=end), repeat
            )
        step = next(iter(got.values())).step_s
        row: dict[str, Any] = {
            "read_range_ms": ms,
            "step_s": step,
            "points": sum(len(v) for v in got.values()),
        }
        if step == 0:
            sql = (
                "SELECT indicator_id, ts, value FROM indicator_samples WHERE indicator_id = ANY(%s) "
                "AND ts >= to_timestamp(%s) AND ts <= to_timestamp(%s) ORDER BY 1, 2"
            )
            args = [ids, start, end]
        else:
            sql = (
                "SELECT indicator_id, bucket_s, n, lo, hi, total, last_s FROM indicator_rollups "
                "WHERE indicator_id = ANY(%s) AND step_s = %s AND bucket_s > %s AND bucket_s <= %s "
                "ORDER BY 1, 2"
            )
            args = [ids, step, int(start) - step, int(end)]
        row["psycopg_ms"], row["psycopg_rows"] = _timed(lambda sql=sql, args=args: plain(sql, args), repeat)
        if span <= old_upto * 86400:
            since = datetime.fromtimestamp(start, UTC)
            with db.reading() as s:
                row["per_indicator_ms"], _ = _timed(
                    lambda since=since: [to_arrays(indicators.series(s, i, since)) for i in ids], 1
                )
        out[name] = row
        print(f"  {name}: {row}", flush=True)
    key = BoardKey(datetime.fromtimestamp(end - 6 * 3600, UTC))
    with db.reading() as s:
        out["board_6h_ms"], snap = _timed(lambda: indicator_board.VIEW.snapshot(s, key), repeat)
        out["board_6h_old_ms"], old = _timed(lambda: old_board(s, key.since), max(1, repeat // 2))
    assert snap.rows == old, "the board reads the same series as before"
    bands = (
        ("band_7d_15m", 7 * 86400, 900),
        ("band_7d_1h", 7 * 86400, 3600),
        ("band_30d_15m", 30 * 86400, 900),
        ("band_30d_1h", 30 * 86400, 3600),
        ("band_90d_1h", 90 * 86400, 3600),
    )
    for name, span, step in bands:
        with db.reading() as s:
            ms, band = _timed(
                lambda span=span, step=step: indicator_range.read_baseline(s, ids, end - span, end, step),
                repeat,
            )
        out[name] = {"ms": ms, "points": sum(len(b) for b in band.values())}
    return out


def run_pg(args: argparse.Namespace) -> dict[str, Any]:
    admin = args.url.replace("postgresql+psycopg://", "postgresql://")
    schema = args.keep or f"wf_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
        if not exists:
            conn.execute(f"CREATE SCHEMA {schema}")
    db = Database(make_engine(_sa_url(args.url, schema)))
    result: dict[str, Any] = {"schema": schema}
    try:
        migrate.upgrade(db.engine)
        if not exists:
            end = datetime.now(UTC).replace(second=0, microsecond=0)
            result.update(load(db, args.indicators, args.days, end))
            print(f"loaded: {result}", flush=True)
        with psycopg.connect(admin, options=f"-csearch_path={schema}") as conn:
            with psycopg.connect(admin, autocommit=True, options=f"-csearch_path={schema}") as auto:
                auto.execute("VACUUM ANALYZE indicator_samples")
                auto.execute("VACUUM ANALYZE indicator_rollups")

            def plain(sql: str, params: list[Any]) -> int:
                with conn.cursor() as cur:
                    cur.execute(sql, params)
                    return len(cur.fetchall())

            result.update(measure(db, plain, args.repeat, args.old_upto))
    finally:
        db.dispose()
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return result


def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    import sqlite3

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        db = Database(make_engine(f"sqlite:///{path}", create=True))
        migrate.upgrade(db.engine)
        end = datetime.now(UTC).replace(second=0, microsecond=0)
        result: dict[str, Any] = load(db, args.indicators, args.sqlite_days, end)
        plain_db = sqlite3.connect(Path(tmp) / "plain.db")
        plain_db.execute(
            "CREATE TABLE samples (indicator_id INTEGER NOT NULL, ts DATETIME NOT NULL, "
            "value FLOAT NOT NULL, PRIMARY KEY (indicator_id, ts))"
        )
        rows = (
            sqlite3.connect(path).execute("SELECT indicator_id, ts, value FROM indicator_samples").fetchall()
        )
        t0 = time.perf_counter()
        plain_db.executemany("INSERT INTO samples VALUES (?, ?, ?)", rows)
        plain_db.commit()
        result["plain_executemany_per_s"] = round(len(rows) / (time.perf_counter() - t0))
        del rows
        conn = sqlite3.connect(path)

        def plain(sql: str, params: list[Any]) -> int:
            ids = params[0]
            marks = ",".join(map(str, ids))
            if "indicator_samples" in sql:
                q = (
                    f"SELECT indicator_id, ts, value FROM indicator_samples WHERE indicator_id IN ({marks}) "
                    "AND ts >= ? AND ts <= ? ORDER BY 1, 2"
                )
                args = [rollupsql.sqlite_text(params[1]), rollupsql.sqlite_text(params[2])]
            else:
                q = (
                    "SELECT indicator_id, bucket_s, n, lo, hi, total, last_s FROM indicator_rollups "
                    f"WHERE indicator_id IN ({marks}) AND step_s = ? AND bucket_s > ? AND bucket_s <= ? "
                    "ORDER BY 1, 2"
                )
                args = params[1:]
            return len(conn.execute(q, args).fetchall())

        result.update(measure(db, plain, args.repeat, args.old_upto))
        conn.close()
        plain_db.close()
        db.dispose()
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default=DEFAULT_URL)
    p.add_argument("--indicators", type=int, default=60)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument(
        "--old-upto", type=float, default=7, help="time the old per-indicator read up to this many days"
    )
    p.add_argument("--keep", help="load into this schema once and reuse it (not dropped)")
    p.add_argument("--sqlite-days", type=int, default=0, help="also on SQLite with this many days (0: not)")
    p.add_argument("--skip-pg", action="store_true")
    args = p.parse_args()
    out: dict[str, Any] = {"indicators": args.indicators, "px": PX}
    if not args.skip_pg:
        out["postgresql"] = {"days": args.days, **run_pg(args)}
    if args.sqlite_days:
        out["sqlite"] = {"days": args.sqlite_days, **run_sqlite(args)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
