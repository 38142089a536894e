"""The floor's retention of indicator history: the timer leader prunes raw samples and rollup levels past
it, whole hours at a time, in bounded batches, once; the rollups of what it prunes stay as they were, the
change feed stays quiet, seasonal rules keep what they read, and nobody prunes past the floor's setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import func, select, text

from console.auth import SYSTEM, Actor
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import IndicatorSample
from console.db.rollupsql import LEVELS, sqlite_text
from console.errors import InvalidInput, PermissionDenied
from console.floortime import utcnow
from console.services import indicators, retention, rules
from console.timers import run_due
from tests.core.test_db_roles import floor_url, logins  # noqa: F401 - fixtures
from tests.core.test_rollups import define, stored
from tests.factories import ADMIN

DAY_S = 86400


def five_days(db: Database, count: int = 2) -> tuple[list[int], float]:
    """``count`` indicators with five days of per-minute samples up to the last whole hour; (ids, now)."""
    ids = define(db, count)
    now = utcnow()
    last_hour = now.replace(minute=0, second=0, microsecond=0)
    first = last_hour - timedelta(days=5)
    indicators.ingest_series(db, SYSTEM, {i: np.arange(5 * 1440, dtype=float) for i in ids}, first)
    return ids, now.timestamp()


def samples(db: Database) -> tuple[int, float]:
    with db.reading() as s:
        n, oldest = s.execute(select(func.count(), func.min(IndicatorSample.ts))).one()
    return n, oldest.timestamp()


def feed_entries(db: Database, after: int) -> list[tuple[str, str]]:
    with db.reading() as s:
        return [
            tuple(r)
            for r in s.execute(text("SELECT topic, op FROM change_feed WHERE seq > :s"), {"s": after})
        ]


def max_seq(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(text("SELECT coalesce(max(seq), 0) FROM change_feed")) or 0)


def test_the_leader_prunes_raw_samples_past_the_retention_once_and_quietly(db: Database) -> None:
    ids, now = five_days(db)
    retention.set_keep_days(db, ADMIN, 0, 2)
    history, seq = stored(db, ids), max_seq(db)
    cutoff = (int(now) - 2 * DAY_S) // 3600 * 3600
    with db.reading() as s:
        due = s.scalar(text("SELECT count(*) FROM indicator_samples WHERE ts < :c"), {"c": _at(db, cutoff)})
    assert due > 0

    stats = run_due(db, utcnow(), SYSTEM)
    assert stats.pruned_samples == due
    count, oldest = samples(db)
    assert count == 2 * 5 * 1440 - due
    assert oldest >= cutoff
    assert stored(db, ids) == history  # the rollups of what went are untouched
    assert feed_entries(db, seq) == []  # no console re-reads anything
    assert run_due(db, utcnow(), SYSTEM).pruned_samples == 0  # once
    with db.reading() as s:
        audited = s.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'history.prune'"))
    assert audited == 1


def _at(db: Database, epoch: int) -> object:
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment if db.kind == "postgresql" else sqlite_text(epoch)


def test_the_prune_is_bounded_and_goes_on_next_round(db: Database) -> None:
    ids, _ = five_days(db)
    retention.set_keep_days(db, ADMIN, 0, 1)
    history = stored(db, ids)
    first = retention.prune_due(db, SYSTEM, utcnow(), batch=1000)
    assert first.samples == 1000
    total = first.samples
    while stats := retention.prune_due(db, SYSTEM, utcnow(), batch=5000):
        assert stats.samples <= 5000
        total += stats.samples
    count, _ = samples(db)
    assert count + total == 2 * 5 * 1440
    assert count >= 2 * 1440
    assert stored(db, ids) == history


def test_a_rollup_level_past_its_retention_goes_and_the_others_stay(db: Database) -> None:
    ids, now = five_days(db, 1)
    retention.set_keep_days(db, ADMIN, 900, 2)
    before = stored(db, ids)
    stats = retention.prune_due(db, SYSTEM, utcnow())
    after = stored(db, ids)
    cutoff = (int(now) - 2 * DAY_S) // 3600 * 3600
    gone = {k for k in before if k not in after}
    assert stats.rollups == len(gone) > 0
    assert all(step == 900 and bucket + 900 <= cutoff for _, step, bucket in gone)
    assert all(after[k] == before[k] for k in after)
    assert samples(db)[0] == 5 * 1440  # the raw samples are kept six weeks


def test_seasonal_rules_keep_the_samples_they_read(db: Database) -> None:
    ids, _ = five_days(db, 1)
    with db.reading() as s:
        key = s.scalar(text("SELECT key FROM risk_indicators WHERE id = :i"), {"i": ids[0]})
    rules.add_rule(db, ADMIN, indicator_key=key, kind="seasonal", params={"weeks": 1})
    retention.set_keep_days(db, ADMIN, 0, 1)
    assert not retention.prune_due(db, SYSTEM, utcnow())  # a week and two days are kept
    assert samples(db)[0] == 5 * 1440


@pytest.mark.postgres
def test_postgres_prune_function_never_goes_past_the_floors_retention(pg_url: str) -> None:
    pg_db = Database(make_engine(pg_url))
    migrate.upgrade(pg_db.engine)
    ids, now = five_days(pg_db, 1)
    retention.set_keep_days(pg_db, ADMIN, 0, 3)
    with pg_db.writing() as s:  # any login may call it, asking for everything
        gone = s.scalar(
            text("SELECT prune_indicator_history(0, :i, :c, 1000000)"), {"i": ids[0], "c": int(now)}
        )
    count, oldest = samples(pg_db)
    assert gone == 5 * 1440 - count
    assert oldest >= now - 3 * DAY_S - 60
    pg_db.dispose()


def test_retention_settings_are_checked_and_for_admins(db: Database) -> None:
    define(db, 1)
    with pytest.raises(InvalidInput, match="history level"):
        retention.set_keep_days(db, ADMIN, 60, 10)
    with pytest.raises(InvalidInput, match="1 to"):
        retention.set_keep_days(db, ADMIN, 0, 0)
    with pytest.raises(InvalidInput, match="less long"):
        retention.set_keep_days(db, ADMIN, 3600, 30)  # shorter than the 15-minute level's 400 days
    with pytest.raises(PermissionDenied):
        retention.set_keep_days(db, Actor("supervisor", "supervisor"), 0, 10)
    retention.set_keep_days(db, ADMIN, 3600, 800)
    with db.reading() as s:
        assert retention.keep_days(s) == {0: 42, 900: 400, 3600: 800}


def test_db_history_retention_command(sqlite_url: str) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "console", "db", "history-retention", *args, "--db", sqlite_url],
            capture_output=True,
            text=True,
            timeout=60,
        )

    shown = run().stdout
    assert "raw samples: 42 days" in shown
    assert "1h rollups: for ever" in shown
    assert "raw samples: 60 days" in run("raw", "60").stdout
    refused = run("1h", "30")  # less than the 15-minute level's 400 days
    assert refused.returncode != 0
    assert "less long" in refused.stderr
    assert run("raw").returncode == 2


@pytest.mark.postgres
def test_history_by_role_on_postgres(floor_url: str) -> None:  # noqa: F811 - the fixture
    """Samples written by an ingest login get their rollups (the triggers run as the owner); a supervisor
    login, which may lead the timers, prunes through the function and cannot delete history itself; only an
    admin changes the retention."""
    import psycopg

    from tests.core.test_db_roles import as_login, libpq

    old = "now() - interval '100 days'"
    with psycopg.connect(libpq(as_login(floor_url, "system")), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO indicator_samples (indicator_id, ts, value) "
            f"SELECT id, {old}, 7 FROM risk_indicators ORDER BY id LIMIT 1"
        )
        buckets = conn.execute("SELECT count(*) FROM indicator_rollups WHERE lo = 7").fetchone()[0]
        assert buckets == len(LEVELS)
    with psycopg.connect(libpq(as_login(floor_url, "supervisor")), autocommit=True) as conn:
        for stmt in (
            "DELETE FROM indicator_samples",
            "DELETE FROM indicator_rollups",
            "UPDATE indicator_rollups SET n = 0",
            "UPDATE history_retention SET keep_days = 1",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
                conn.execute(stmt)  # type: ignore[arg-type]
        ind = conn.execute("SELECT min(indicator_id) FROM indicator_samples").fetchone()[0]
        gone = conn.execute(
            "SELECT prune_indicator_history(0, %s, extract(epoch FROM now())::bigint, 1000)", (ind,)
        ).fetchone()[0]
        assert gone == 1  # only the sample past the 42 days
        buckets = conn.execute("SELECT count(*) FROM indicator_rollups WHERE lo = 7").fetchone()[0]
        assert buckets == len(LEVELS)
    with psycopg.connect(libpq(as_login(floor_url, "admin")), autocommit=True) as conn:
        conn.execute("UPDATE history_retention SET keep_days = 60 WHERE step_s = 0")
