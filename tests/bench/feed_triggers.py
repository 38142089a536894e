"""What the database-written feed costs bulk writers: COPY of samples with and without the feed triggers.

Run: ``.venv/bin/python -m tests.bench.feed_triggers [--url URL] [--rows 100000] [--repeat 3]``
(default URL: ``WATCHFLOOR_TEST_PG_URL`` or the local test server). Each repeat uses a fresh schema with the
migrated Watchfloor tables and loads the same rows three ways, in the same run:

- ``copy_plain``: COPY into a copy of ``indicator_samples`` (same keys and foreign key) without the feed
  triggers (the baseline);
- ``copy_fed``: COPY into ``indicator_samples`` itself (statement triggers, one feed entry per indicator);
- ``ingest_service``: ``console.services.indicators.ingest`` (the services' batched INSERT), for scale.

Prints samples/s for each (median over the repeats) and the feed entries the COPY added, as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, datetime, timedelta

import psycopg

from console.auth import SYSTEM
from console.services import indicators
from tests.bench.scratch import scratch_schema
from tests.factories import build_small_floor, floor_now

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _rows(ind_ids: list[int], n: int, start: datetime) -> list[tuple[int, datetime, float]]:
    return [
        (ind_ids[i % len(ind_ids)], start + timedelta(seconds=i // len(ind_ids)), float(i)) for i in range(n)
    ]


def _copy(conn: psycopg.Connection, table: str, rows: list[tuple[int, datetime, float]]) -> float:
    t0 = time.perf_counter()
    with conn.cursor() as cur, cur.copy(f"COPY {table} (indicator_id, ts, value) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    conn.commit()
    return time.perf_counter() - t0


def run_once(url: str, n: int) -> dict[str, float]:
    with scratch_schema(url) as scratch:
        db = scratch.db
        small = build_small_floor(db, floor_now())
        ids = list(small.indicators.values())
        with psycopg.connect(scratch.admin, options=f"-csearch_path={scratch.schema}") as conn:
            # Same columns, keys and foreign key: the only difference is the feed's triggers.
            conn.execute("CREATE TABLE samples_plain (LIKE indicator_samples INCLUDING ALL)")
            conn.execute(
                "ALTER TABLE samples_plain ADD FOREIGN KEY (indicator_id) REFERENCES risk_indicators (id)"
            )
            conn.commit()
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM change_feed").fetchone()[0]  # type: ignore[index]
            plain = _copy(conn, "samples_plain", _rows(ids, n, datetime(2026, 1, 1, tzinfo=UTC)))
            fed = _copy(conn, "indicator_samples", _rows(ids, n, datetime(2026, 1, 1, tzinfo=UTC)))
            entries = conn.execute("SELECT count(*) FROM change_feed WHERE seq > %s", (seq,)).fetchone()[0]  # type: ignore[index]
        t0 = time.perf_counter()
        indicators.ingest(db, SYSTEM, _rows(ids, n, datetime(2026, 2, 1, tzinfo=UTC)), source="bench")
        service = time.perf_counter() - t0
    return {
        "copy_plain": n / plain,
        "copy_fed": n / fed,
        "ingest_service": n / service,
        "feed_entries": entries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [run_once(args.url, args.rows) for _ in range(args.repeat)]
    out = {
        key: round(statistics.median(r[key] for r in runs))
        for key in ("copy_plain", "copy_fed", "ingest_service", "feed_entries")
    }
    print(json.dumps({"rows": args.rows, "samples_per_s": out, "runs": runs}))


if __name__ == "__main__":
    main()
