"""The SQL that makes the database keep indicator rollups itself, for PostgreSQL and SQLite.

Every sample inserted into ``indicator_samples``, by any writer (the services' bulk COPY and ``executemany``,
``INSERT … ON CONFLICT DO NOTHING``, the simulator, the alert intake, ``psql``), is added to its bucket at
each level of :data:`LEVELS` in ``indicator_rollups`` (count, lowest, highest, sum, newest moment), in the
same transaction, by a trigger, following the change feed's example (:mod:`console.db.feedsql`):

- PostgreSQL: a statement-level ``AFTER INSERT`` trigger with a transition table. It groups the statement's
  rows by the finest bucket, regroups those for the coarser levels and upserts them in one statement, so a
  ``COPY`` of 100,000 samples costs one aggregate, not 100,000 upserts. Rows an ``INSERT … ON CONFLICT DO
  NOTHING`` skipped are not in the transition table: a re-import adds nothing.
- SQLite: a row trigger upserting the row's bucket at each level (SQLite has no statement triggers). A bulk
  series (:func:`console.services.indicators.ingest_series`: the demo's 863,000 samples) turns it off for its
  own transaction and adds the series' rollups itself, grouped with numpy (:func:`sqlite_add_series`): an
  upsert per level and row cost several times the insert.

An ``UPDATE`` of a sample (a correction by hand) recomputes the buckets of its old and new moment from the
samples. A ``DELETE`` (the retention prune, :mod:`console.services.retention`, or by hand) leaves the rollups
as they were: they are the history that outlives the raw samples. While the retention prune deletes (it
marks its transaction: the ``watchfloor.pruning`` setting on PostgreSQL, a ``history_prune`` row on SQLite),
the change feed's delete trigger on the samples stays silent: consoles never hold samples that old, and one
feed entry per indicator per prune batch would make every console re-read its indicators for nothing.

Levels: the floor samples once a minute, so a 1-minute level would repeat the raw samples. 15 minutes and 1
hour give a 1,000-pixel chart 670 points for 7 days, 2,900 for 30 and 2,200 for 90 (raw samples do up to
about three days), and each bucket keeps its lowest and highest, so a spike shorter than a bucket still
shows. A 5-minute level (two points per pixel at 7 days) was measured and dropped: it made 70 % of the
rollup writes and cut the import's storing rate by a third. The coarser level is a multiple of the finer,
and buckets are aligned to the Unix epoch (whole UTC hours, so whole hours in Kuala Lumpur too).
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from console.topics import Topic

# Seconds per bucket at each level, finest first; each a multiple of the first.
LEVELS = (900, 3600)
FINEST = LEVELS[0]
# Days each level is kept by default (0: for ever); step 0 is the raw samples. The raw samples are kept six
# weeks: the seasonal rules read the same minute of the past four weeks, and a backtest reads one more.
DEFAULT_KEEP_DAYS = {0: 42, 900: 400, 3600: 0}
PRUNING_SETTING = "watchfloor.pruning"  # PostgreSQL: set 'on' by the prune, for its transaction only
SAMPLES_DELETE_TRIGGER = "feed_indicator_samples_delete"

_UPSERT_PG = """
    ON CONFLICT (indicator_id, step_s, bucket_s) DO UPDATE SET
        n = r.n + excluded.n, lo = least(r.lo, excluded.lo), hi = greatest(r.hi, excluded.hi),
        total = r.total + excluded.total, last_s = greatest(r.last_s, excluded.last_s)"""


def _levels_pg() -> str:
    return "(VALUES " + ", ".join(f"({s})" for s in LEVELS) + ") AS l(step_s)"


def _levels_sqlite() -> str:
    return "(" + " UNION ALL ".join(f"SELECT {s} AS step_s" for s in LEVELS) + ")"


def _floor_to(value: str, step: str) -> str:
    """``value`` rounded down to a multiple of ``step`` (integers; right for moments before 1970 too)."""
    return f"({value} - ((({value}) % {step}) + {step}) % {step})"


def postgres_rollup_sql(rows: str) -> str:
    """The upsert that adds the samples of ``rows`` (a table or transition table) to every level.

    Each row costs only ``date_bin`` (epoch seconds are taken per bucket, not per row); the buckets are
    upserted in key order, which keeps the primary key's inserts on the pages just written.
    """
    return f"""
    INSERT INTO indicator_rollups AS r (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
    SELECT d.indicator_id, l.step_s, {_floor_to("d.b", "l.step_s")},
           sum(d.n), min(d.lo), max(d.hi), sum(d.total), max(d.last_s)
    FROM (
        SELECT indicator_id, date_part('epoch', bin)::bigint AS b, n, lo, hi, total,
               date_part('epoch', newest) AS last_s
        FROM (
            SELECT indicator_id, date_bin('{FINEST} seconds', ts, timestamptz 'epoch') AS bin, count(*) AS n,
                   min(value) AS lo, max(value) AS hi, sum(value) AS total, max(ts) AS newest
            FROM {rows} GROUP BY 1, 2
        ) AS y
    ) AS d CROSS JOIN {_levels_pg()}
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    {_UPSERT_PG}"""


def _postgres_recompute_sql() -> str:
    """Recompute from the samples the buckets of the moments an UPDATE changed (old and new)."""
    keys = f"""(SELECT DISTINCT t.indicator_id, l.step_s,
                   {_floor_to("floor(date_part('epoch', t.ts))::bigint", "l.step_s")} AS bucket_s
               FROM (SELECT indicator_id, ts FROM old_rows UNION SELECT indicator_id, ts FROM new_rows) AS t
               CROSS JOIN {_levels_pg()})"""
    return f"""
        DELETE FROM indicator_rollups AS r USING {keys} AS k
        WHERE r.indicator_id = k.indicator_id AND r.step_s = k.step_s AND r.bucket_s = k.bucket_s;
        INSERT INTO indicator_rollups (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
        SELECT k.indicator_id, k.step_s, k.bucket_s, count(*), min(s.value), max(s.value), sum(s.value),
               max(date_part('epoch', s.ts))
        FROM {keys} AS k JOIN indicator_samples AS s
          ON s.indicator_id = k.indicator_id
         AND s.ts >= to_timestamp(k.bucket_s) AND s.ts < to_timestamp(k.bucket_s + k.step_s)
        GROUP BY 1, 2, 3;"""


def postgres_install(schema: str) -> list[str]:
    """Statements creating the rollup triggers, the prune function and the quiet delete feed trigger
    (after the tables exist). Trigger functions run as the schema owner, like the feed's (migration 0004)."""
    definer = f'SECURITY DEFINER SET search_path = "{schema}", pg_temp'
    # A bulk insert's buckets are grouped in memory rather than spilled to disk (the default is 4 MB).
    roomy = f"{definer} SET work_mem = '64MB'"
    recompute = _postgres_recompute_sql()
    return [
        f"""CREATE FUNCTION rollup_samples_inserted() RETURNS trigger LANGUAGE plpgsql {roomy} AS $$
        BEGIN
            {postgres_rollup_sql("new_rows")};
            RETURN NULL;
        END $$""",
        f"""CREATE FUNCTION rollup_samples_updated() RETURNS trigger LANGUAGE plpgsql {definer} AS $$
        BEGIN
            {recompute}
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER rollup_samples_insert AFTER INSERT ON indicator_samples
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION rollup_samples_inserted()""",
        """CREATE TRIGGER rollup_samples_update AFTER UPDATE ON indicator_samples
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION rollup_samples_updated()""",
        f"""CREATE FUNCTION prune_indicator_history(
                level integer, ind integer, cutoff_s bigint, batch integer
            ) RETURNS bigint LANGUAGE plpgsql {definer} AS $$
        DECLARE
            keep integer;
            allowed bigint;
            gone bigint := 0;
        BEGIN
            -- Any leader may prune (it runs as the owner), but never past the floor's retention.
            SELECT keep_days INTO keep FROM history_retention WHERE step_s = level;
            IF keep IS NULL OR keep <= 0 THEN
                RETURN 0;
            END IF;
            allowed := floor(date_part('epoch', clock_timestamp()))::bigint - keep::bigint * 86400;
            IF cutoff_s > allowed THEN
                cutoff_s := allowed;
            END IF;
            IF level = 0 THEN
                PERFORM set_config('{PRUNING_SETTING}', 'on', true);
                DELETE FROM indicator_samples WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM indicator_samples
                    WHERE indicator_id = ind AND ts < to_timestamp(cutoff_s) ORDER BY ts LIMIT batch));
                GET DIAGNOSTICS gone = ROW_COUNT;
                PERFORM set_config('{PRUNING_SETTING}', '', true);
            ELSE
                DELETE FROM indicator_rollups WHERE indicator_id = ind AND step_s = level AND bucket_s IN (
                    SELECT bucket_s FROM indicator_rollups
                    WHERE indicator_id = ind AND step_s = level AND bucket_s + level <= cutoff_s
                    ORDER BY bucket_s LIMIT batch);
                GET DIAGNOSTICS gone = ROW_COUNT;
            END IF;
            RETURN gone;
        END $$""",
        f"DROP TRIGGER IF EXISTS {SAMPLES_DELETE_TRIGGER} ON indicator_samples",
        f"""CREATE TRIGGER {SAMPLES_DELETE_TRIGGER} AFTER DELETE ON indicator_samples
            REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT
            WHEN (current_setting('{PRUNING_SETTING}', true) IS DISTINCT FROM 'on')
            EXECUTE FUNCTION feed_collect('{Topic.SAMPLES.value}', 'indicator_id', 'delete')""",
    ]


def postgres_uninstall() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS rollup_samples_insert ON indicator_samples",
        "DROP TRIGGER IF EXISTS rollup_samples_update ON indicator_samples",
        "DROP FUNCTION IF EXISTS rollup_samples_inserted()",
        "DROP FUNCTION IF EXISTS rollup_samples_updated()",
        "DROP FUNCTION IF EXISTS prune_indicator_history(integer, integer, bigint, integer)",
        f"DROP TRIGGER IF EXISTS {SAMPLES_DELETE_TRIGGER} ON indicator_samples",
        f"""CREATE TRIGGER {SAMPLES_DELETE_TRIGGER} AFTER DELETE ON indicator_samples
            REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT
            EXECUTE FUNCTION feed_collect('{Topic.SAMPLES.value}', 'indicator_id', 'delete')""",
    ]


def _sqlite_epoch(ts: str) -> str:
    """A stored moment (naive UTC text) as epoch seconds: whole seconds (integer) for the bucket."""
    return f"CAST(strftime('%s', {ts}) AS INTEGER)"


def _sqlite_moment(ts: str) -> str:
    """A stored moment as epoch seconds with its fraction (SQLite's date functions keep milliseconds)."""
    return f"round((julianday({ts}) - 2440587.5) * 86400.0, 3)"


def _sqlite_recompute(row: str) -> list[str]:
    """The statements (inside a trigger) recomputing the buckets of ``row``'s moment from the samples."""
    key = f"{_floor_to(_sqlite_epoch(f'{row}.ts'), 'l.step_s')}"
    return [
        f"""DELETE FROM indicator_rollups WHERE indicator_id = {row}.indicator_id
            AND (step_s, bucket_s) IN (SELECT l.step_s, {key} FROM {_levels_sqlite()} AS l);""",
        f"""INSERT INTO indicator_rollups (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
            SELECT s.indicator_id, k.step_s, k.bucket_s, count(*), min(s.value), max(s.value), sum(s.value),
                   max({_sqlite_moment("s.ts")})
            FROM (SELECT l.step_s, {key} AS bucket_s FROM {_levels_sqlite()} AS l) AS k
            JOIN indicator_samples AS s ON s.indicator_id = {row}.indicator_id
             AND s.ts >= datetime(k.bucket_s, 'unixepoch')
             AND s.ts < datetime(k.bucket_s + k.step_s, 'unixepoch')
            GROUP BY s.indicator_id, k.step_s, k.bucket_s;""",
    ]


def sqlite_install() -> list[str]:
    """The row triggers, the prune's marker table and the quiet delete feed trigger (SQLite)."""
    bucket = _floor_to("x.e", "l.step_s")
    old, new = _sqlite_recompute("OLD"), _sqlite_recompute("NEW")
    return [
        # Exist only inside the retention prune's transaction, and a bulk series' (inserted at its start,
        # deleted before commit): the prune keeps the feed quiet, the series adds its own rollups at once.
        "CREATE TABLE history_prune (id INTEGER PRIMARY KEY CHECK (id = 1))",
        "CREATE TABLE rollup_bulk (id INTEGER PRIMARY KEY CHECK (id = 1))",
        f"""CREATE TRIGGER rollup_samples_insert AFTER INSERT ON indicator_samples
            WHEN NOT EXISTS (SELECT 1 FROM rollup_bulk)
        BEGIN
            INSERT INTO indicator_rollups (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
            SELECT NEW.indicator_id, l.step_s, {bucket}, 1, NEW.value, NEW.value, NEW.value, x.m
            FROM (SELECT {_sqlite_epoch("NEW.ts")} AS e, {_sqlite_moment("NEW.ts")} AS m) AS x,
                 {_levels_sqlite()} AS l
            WHERE true
            ON CONFLICT (indicator_id, step_s, bucket_s) DO UPDATE SET
                n = n + 1, lo = min(lo, excluded.lo), hi = max(hi, excluded.hi),
                total = total + excluded.total, last_s = max(last_s, excluded.last_s);
        END""",
        f"""CREATE TRIGGER rollup_samples_update AFTER UPDATE ON indicator_samples
        BEGIN
            {old[0]}
            {old[1]}
            {new[0]}
            {new[1]}
        END""",
        f"DROP TRIGGER IF EXISTS {SAMPLES_DELETE_TRIGGER}",
        _sqlite_delete_feed(quiet_while_pruning=True),
    ]


def _sqlite_delete_feed(*, quiet_while_pruning: bool) -> str:
    """The change feed's delete trigger on the samples (as :func:`console.db.feedsql.sqlite_watch` makes
    it), optionally silent while the retention prune runs."""
    topic = Topic.SAMPLES.value
    quiet = " AND NOT EXISTS (SELECT 1 FROM history_prune)" if quiet_while_pruning else ""
    return f"""CREATE TRIGGER {SAMPLES_DELETE_TRIGGER} AFTER DELETE ON indicator_samples
            WHEN OLD.indicator_id IS NOT NULL{quiet} AND NOT EXISTS (
                SELECT 1 FROM change_feed
                WHERE topic = '{topic}' AND entity_id = OLD.indicator_id
                  AND seq > (SELECT since_seq FROM feed_session WHERE id = 1))
            BEGIN
                INSERT INTO change_feed (at, topic, entity_id, op, origin)
                VALUES (strftime('%Y-%m-%d %H:%M:%f000', 'now'), '{topic}', OLD.indicator_id, 'delete',
                        (SELECT origin FROM feed_session WHERE id = 1));
            END"""


def sqlite_uninstall() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS rollup_samples_insert",
        "DROP TRIGGER IF EXISTS rollup_samples_update",
        f"DROP TRIGGER IF EXISTS {SAMPLES_DELETE_TRIGGER}",
        _sqlite_delete_feed(quiet_while_pruning=False),
        "DROP TABLE IF EXISTS history_prune",
        "DROP TABLE IF EXISTS rollup_bulk",
    ]


def backfill_sql(sqlite: bool) -> str:
    """Rollups of every sample already stored (the migration, on an empty rollup table)."""
    if not sqlite:
        return postgres_rollup_sql("indicator_samples")
    return f"""
    INSERT INTO indicator_rollups (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
    SELECT x.indicator_id, l.step_s, {_floor_to("x.e", "l.step_s")} AS bucket_s,
           count(*), min(x.value), max(x.value), sum(x.value), max(x.m)
    FROM (SELECT indicator_id, value, {_sqlite_epoch("ts")} AS e, {_sqlite_moment("ts")} AS m
          FROM indicator_samples) AS x, {_levels_sqlite()} AS l
    GROUP BY x.indicator_id, l.step_s, bucket_s"""


def keep_days(s: Session) -> dict[int, int]:
    """Days of history the floor keeps per level (0: the raw samples; a value of 0: for ever)."""
    out = dict(DEFAULT_KEEP_DAYS)
    out.update({int(step): int(days) for step, days in s.execute(text(_KEEP))})
    return out


_KEEP = "SELECT step_s, keep_days FROM history_retention"


def sqlite_text(t: float) -> str:
    """Epoch seconds as SQLite holds a moment (what SQLAlchemy writes: naive UTC with microseconds)."""
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=round(t * 1e6))
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


_SQLITE_UPSERT = """
    INSERT INTO indicator_rollups (indicator_id, step_s, bucket_s, n, lo, hi, total, last_s)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (indicator_id, step_s, bucket_s) DO UPDATE SET
        n = n + excluded.n, lo = min(lo, excluded.lo), hi = max(hi, excluded.hi),
        total = total + excluded.total, last_s = max(last_s, excluded.last_s)"""


def sqlite_add_series(raw: Any, indicator_id: int, moments: np.ndarray, values: np.ndarray) -> None:
    """Add samples just inserted (``moments`` epoch seconds, ascending) to their buckets at every level, on
    SQLite's connection ``raw``, inside the transaction that inserted them with the row trigger off."""
    for step in LEVELS:
        buckets = np.floor(moments / step).astype(np.int64) * step
        starts = np.concatenate([[0], np.flatnonzero(np.diff(buckets)) + 1])
        ends = np.concatenate([starts[1:], [len(buckets)]])
        raw.executemany(
            _SQLITE_UPSERT,
            zip(
                itertools.repeat(indicator_id),
                itertools.repeat(step),
                buckets[starts].tolist(),
                (ends - starts).tolist(),
                np.minimum.reduceat(values, starts).tolist(),
                np.maximum.reduceat(values, starts).tolist(),
                np.add.reduceat(values, starts).tolist(),
                moments[ends - 1].tolist(),
            ),
        )
