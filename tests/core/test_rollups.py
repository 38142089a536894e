"""Rollups are what the raw samples say: for random inserts through every write path (the services' ORM
insert, bulk series, the import's insert-or-keep, plain SQL), re-imports, late and out-of-order samples, each
bucket's count, lowest, highest, sum and newest moment equal those of the samples in it (computed here in
numpy from the samples read back). An UPDATE recomputes; a DELETE leaves the history as it was.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.rollupsql import LEVELS, sqlite_text
from console.errors import InvalidInput
from console.services import indicators, org
from console.services.indicators import IndicatorSpec
from tests.factories import ADMIN, add_users

BASE = datetime(2026, 3, 1, tzinfo=UTC)
SPAN_S = 3 * 86400  # samples fall in three days (many buckets at each level, some shared)


def define(db: Database, count: int = 2, interval: int = 60, prefix: str = "t") -> list[int]:
    """``count`` indicators on a floor with its users and one department."""
    add_users(db)
    with db.reading() as s:
        have_dept = s.execute(text("SELECT 1 FROM departments WHERE code = 'risk_mgmt'")).first()
    if not have_dept:
        org.add_departments(db, ADMIN, [("risk_mgmt", "Risk Management", {})])
    specs = [
        IndicatorSpec(f"{prefix}.{i}", f"Ind {i}", (), "n", "higher", 10, 20, "risk_mgmt", interval)
        for i in range(count)
    ]
    return indicators.define(db, ADMIN, specs)


def stamp(db: Database, moment: datetime) -> datetime | str:
    """A moment as plain SQL passes it: timestamptz on PostgreSQL, SQLite's stored text on SQLite."""
    return moment if db.kind == "postgresql" else sqlite_text(moment.timestamp())


def raw(db: Database, ids: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every sample of ``ids`` as (indicator id, epoch seconds, value), read back through the ORM."""
    out = []
    with db.reading() as s:
        for ind in ids:
            out += [
                (ind, ts.timestamp(), v) for ts, v in indicators.series(s, ind, BASE - timedelta(days=400))
            ]
    if not out:
        return np.empty(0, np.int64), np.empty(0), np.empty(0)
    arr = np.array(out, dtype=np.float64)
    return arr[:, 0].astype(np.int64), arr[:, 1], arr[:, 2]


def expected(ids_col: np.ndarray, xs: np.ndarray, vs: np.ndarray) -> dict[tuple[int, int, int], tuple]:
    """(indicator, step, bucket) -> (count, lowest, highest, sum, newest moment), from the samples alone."""
    out: dict[tuple[int, int, int], tuple] = {}
    for step in LEVELS:
        buckets = (np.floor(xs / step) * step).astype(np.int64)
        for ind, bucket in set(zip(ids_col.tolist(), buckets.tolist(), strict=True)):
            sel = (ids_col == ind) & (buckets == bucket)
            v = vs[sel]
            out[(ind, step, bucket)] = (int(sel.sum()), v.min(), v.max(), v.sum(), xs[sel].max())
    return out


def stored(db: Database, ids: list[int]) -> dict[tuple[int, int, int], tuple]:
    marks = ", ".join(map(str, ids))
    with db.reading() as s:
        rows = s.execute(
            text(
                "SELECT indicator_id, step_s, bucket_s, n, lo, hi, total, last_s FROM indicator_rollups "
                f"WHERE indicator_id IN ({marks})"
            )
        ).all()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


def assert_rollups_match(db: Database, ids: list[int]) -> None:
    want = expected(*raw(db, ids))
    got = stored(db, ids)
    assert set(got) == set(want)
    for key, (n, lo, hi, total, last) in want.items():
        g = got[key]
        assert g[0] == n, key
        assert (g[1], g[2]) == (lo, hi), key
        assert math.isclose(g[3], total, rel_tol=1e-9, abs_tol=1e-6), key
        assert math.isclose(g[4], last, abs_tol=2e-3), key  # SQLite's date functions keep milliseconds


# A batch: which path writes it, and its samples as (indicator index, second offset, microseconds, value).
sample = st.tuples(
    st.integers(0, 1),
    st.integers(0, SPAN_S),
    st.sampled_from([0, 0, 0, 1, 500_000, 999_999]),
    st.integers(-1000, 100_000).map(float),
)
batch = st.tuples(
    st.sampled_from(["ingest", "series", "rows", "sql", "reimport"]),
    st.lists(sample, min_size=1, max_size=40),
)


def _write(db: Database, ids: list[int], path: str, items: list, held: set[tuple[int, datetime]]) -> None:
    rows = {
        (ids[i], BASE + timedelta(seconds=sec, microseconds=us)): v for i, sec, us, v in items
    }  # one value per moment within a batch
    if path == "reimport":  # everything again: what is stored is kept, the rest is added
        rows.update({key: -1.0 for key in list(held)[:20]})
    if path in ("rows", "reimport"):
        keys = list(rows)
        micros = [round(ts.timestamp() * 1e6) for _, ts in keys]
        indicators.ingest_rows(db, SYSTEM, [i for i, _ in keys], micros, [rows[k] for k in keys])
        held.update(keys)
        return
    fresh = {k: v for k, v in rows.items() if k not in held}  # a plain insert refuses a stored moment
    if not fresh:
        return
    if path == "ingest":
        indicators.ingest(db, SYSTEM, [(i, ts, v) for (i, ts), v in fresh.items()])
    elif path == "sql":
        with db.writing() as s:
            for (i, ts), v in fresh.items():
                s.execute(
                    text("INSERT INTO indicator_samples (indicator_id, ts, value) VALUES (:i, :ts, :v)"),
                    {"i": i, "ts": stamp(db, ts), "v": v},
                )
    else:  # a regular series per indicator from its first fresh moment, every 7 minutes, NaN where stored
        step = timedelta(minutes=7)
        for ind in ids:
            mine = sorted((ts, v) for (i, ts), v in fresh.items() if i == ind)
            if not mine:
                continue
            grid = [mine[0][0] + k * step for k in range(len(mine))]
            values = np.array([v for _, v in mine])
            values[[(ind, t) in held for t in grid]] = np.nan
            indicators.ingest_series(db, SYSTEM, {ind: values}, grid[0], interval=step)
            held.update((ind, t) for t, v in zip(grid, values, strict=True) if not np.isnan(v))
        return
    held.update(fresh)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.lists(batch, min_size=1, max_size=4))
def test_rollups_equal_aggregates_of_the_raw_samples(db: Database, batches: list) -> None:
    ids = define_once(db)
    with db.writing() as s:  # each example starts from no samples (the floor is the test's)
        s.execute(text("DELETE FROM indicator_samples"))
        s.execute(text("DELETE FROM indicator_rollups"))
    held: set[tuple[int, datetime]] = set()
    for path, items in batches:
        _write(db, ids, path, items, held)
        assert_rollups_match(db, ids)


def define_once(db: Database) -> list[int]:
    with db.reading() as s:
        found = [
            r[0] for r in s.execute(text("SELECT id FROM risk_indicators WHERE key LIKE 'p.%' ORDER BY id"))
        ]
    return found or define(db, 2, prefix="p")


def test_a_reimport_adds_nothing_to_the_rollups(db: Database) -> None:
    ids = define(db, 1)
    micros = [round((BASE + timedelta(minutes=m)).timestamp() * 1e6) for m in range(600)]
    assert indicators.ingest_rows(db, SYSTEM, ids * 600, micros, [float(m) for m in range(600)]) == (600, 0)
    before = stored(db, ids)
    assert indicators.ingest_rows(db, SYSTEM, ids * 600, micros, [9.0] * 600) == (0, 600)
    assert stored(db, ids) == before
    assert before[(ids[0], 3600, int(BASE.timestamp()))][0] == 60


def test_an_update_recomputes_its_buckets_and_a_delete_leaves_them(db: Database) -> None:
    ids = define(db, 1)
    indicators.ingest_series(db, SYSTEM, {ids[0]: np.arange(120.0)}, BASE)
    moment = BASE + timedelta(minutes=61)
    with db.writing() as s:  # a correction by hand: the value, and a moment moved two hours on
        s.execute(text("UPDATE indicator_samples SET value = 1000 WHERE ts = :ts"), {"ts": stamp(db, moment)})
        s.execute(
            text("UPDATE indicator_samples SET ts = :to WHERE ts = :ts"),
            {"ts": stamp(db, BASE), "to": stamp(db, moment + timedelta(hours=2))},
        )
    assert_rollups_match(db, ids)
    hour = stored(db, ids)[(ids[0], 3600, int(BASE.timestamp()) + 3600)]
    assert (hour[0], hour[2]) == (60, 1000.0)
    before = stored(db, ids)
    with db.writing() as s:
        s.execute(text("DELETE FROM indicator_samples"))
    assert stored(db, ids) == before  # the history outlives the samples


def test_ingest_refuses_a_stored_moment_or_a_naive_time_and_stores_nothing(db: Database) -> None:
    ids = define(db, 1)
    indicators.ingest(db, SYSTEM, [(ids[0], BASE, 1.0)])
    with pytest.raises(InvalidInput):
        indicators.ingest(db, SYSTEM, [(ids[0], BASE + timedelta(minutes=1), 2.0), (ids[0], BASE, 3.0)])
    with pytest.raises(InvalidInput, match="naive"):
        indicators.ingest(db, SYSTEM, [(ids[0], BASE.replace(tzinfo=None), 3.0)])
    assert stored(db, ids)[(ids[0], 900, int(BASE.timestamp()))][:4] == (1, 1.0, 1.0, 1.0)
    assert_rollups_match(db, ids)


def test_the_migration_rolls_up_the_samples_already_stored(db_url: str) -> None:
    from console.db import migrate
    from console.db.engine import make_engine

    db = Database(make_engine(db_url))
    try:
        # The floor as 0007 left it, written with plain SQL: the models and services are of the newest
        # schema (0009 added catalogue columns to risk_indicators).
        migrate.upgrade(db.engine, "0007")
        rng = np.random.default_rng(8)
        moments = sorted({int(m) for m in rng.integers(0, SPAN_S, 500)})
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO departments (code, name) VALUES ('risk_mgmt', 'Risk Management')"))
            dept = conn.execute(text("SELECT id FROM departments WHERE code = 'risk_mgmt'")).scalar_one()
            ids = [
                conn.execute(
                    text(
                        "INSERT INTO risk_indicators (key, name, unit, direction, warning, critical, "
                        "interval_seconds, department_id, display_order) "
                        "VALUES (:key, :name, 'n', 'higher', 10, 20, 60, :dept, :order) RETURNING id"
                    ),
                    {"key": f"t.{i}", "name": f"Ind {i}", "dept": dept, "order": i},
                ).scalar_one()
                for i in range(2)
            ]
            conn.execute(
                text("INSERT INTO indicator_samples (indicator_id, ts, value) VALUES (:ind, :ts, :value)"),
                [
                    {
                        "ind": ids[k % 2],
                        "ts": stamp(db, BASE + timedelta(seconds=m)),
                        "value": float(rng.normal(100, 30)),
                    }
                    for k, m in enumerate(moments)
                ],
            )
        migrate.upgrade(db.engine)
        add_users(db)
        assert_rollups_match(db, ids)
        indicators.ingest(db, SYSTEM, [(ids[0], BASE - timedelta(minutes=1), 1.0)])  # and the triggers are on
        assert_rollups_match(db, ids)
        migrate.downgrade(db.engine, "0007")
        migrate.upgrade(db.engine)
        assert_rollups_match(db, ids)
    finally:
        db.dispose()
