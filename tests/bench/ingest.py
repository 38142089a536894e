"""``watchfloor ingest`` on PostgreSQL: samples per second from a CSV file to committed rows (target:
50,000/s), beside a plain COPY of the same rows in the same run.

Run: ``.venv/bin/python -m tests.bench.ingest [--samples 500000] [--url URL]`` (a scratch schema, dropped).

- ``parse_per_s``: reading and checking the file (:func:`console.ingest.parse`), line by line;
- ``store_per_s``: :func:`console.services.indicators.ingest_rows` (binary COPY into a temporary table, one
  ``INSERT … SELECT … ON CONFLICT DO NOTHING``, the feed's triggers, one audit line, one transaction);
- ``end_to_end_per_s``: both, as the command does;
- ``reimport_per_s``: the same file again (every sample already there: nothing stored);
- ``copy_per_s``: the baseline, the same rows as binary COPY straight into a table of the same shape with no
  triggers, no conflict check, no audit.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
from datetime import UTC, datetime, timedelta

import psycopg

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--samples", type=int, default=500_000)
    p.add_argument("--url", default=DEFAULT_URL)
    args = p.parse_args()

    import numpy as np

    from console import ingest
    from console.auth import SYSTEM
    from console.services import indicators
    from tests.bench.scratch import scratch_schema
    from tests.factories import build_small_floor, floor_now

    with scratch_schema(args.url) as scratch:
        admin, schema, db = scratch.admin, scratch.schema, scratch.db
        build_small_floor(db, floor_now())
        with db.reading() as s:
            known = {ind.key: ind.id for ind in indicators.all_indicators(s)}
        keys = sorted(known)
        start = datetime(2025, 1, 1, tzinfo=UTC)
        lines = ["indicator,timestamp,value"]
        for i in range(args.samples):
            at = start + timedelta(minutes=i // len(keys))
            lines.append(f"{keys[i % len(keys)]},{at.isoformat()},{(i * 7919) % 10007 / 7}")
        raw = ("\n".join(lines) + "\n").encode()

        t0 = time.perf_counter()
        parsed = ingest.checked(ingest.parse(io.BufferedReader(io.BytesIO(raw)), known), "bench.csv")  # type: ignore[arg-type]
        t1 = time.perf_counter()
        stored, _ = indicators.ingest_rows(
            db, SYSTEM, parsed.ids, parsed.micros, parsed.values, source="bench"
        )
        t2 = time.perf_counter()
        again = ingest.checked(ingest.parse(io.BufferedReader(io.BytesIO(raw)), known), "bench.csv")  # type: ignore[arg-type]
        _, already = indicators.ingest_rows(db, SYSTEM, again.ids, again.micros, again.values, source="bench")
        t3 = time.perf_counter()

        # The baseline: the same rows, binary COPY into a plain table of the same shape.
        fields = [("n", ">i2"), ("l1", ">i4"), ("ind", ">i4"), ("l2", ">i4"), ("ts", ">i8"), ("l3", ">i4")]
        table = np.empty(len(parsed), dtype=np.dtype([*fields, ("v", ">f8")]))
        table["n"], table["l1"], table["l2"], table["l3"] = 3, 4, 8, 8
        table["ind"] = np.asarray(parsed.ids, dtype=np.int32)
        table["ts"] = np.asarray(parsed.micros, dtype=np.int64) - indicators._UNIX_TO_PG_US
        table["v"] = np.asarray(parsed.values, dtype=np.float64)
        payload = indicators._COPY_HEADER + table.tobytes() + indicators._COPY_TRAILER
        with psycopg.connect(admin, options=f"-csearch_path={schema}") as conn:
            conn.execute(
                "CREATE TABLE plain_samples (indicator_id integer, ts timestamptz, value double precision, "
                "PRIMARY KEY (indicator_id, ts))"
            )
            conn.commit()
            t4 = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY plain_samples FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(payload)
            conn.commit()
            t5 = time.perf_counter()
        n = len(parsed)
        print(
            json.dumps(
                {
                    "samples": n,
                    "stored": stored,
                    "already_on_reimport": already,
                    "parse_per_s": round(n / (t1 - t0)),
                    "store_per_s": round(n / (t2 - t1)),
                    "end_to_end_per_s": round(n / (t2 - t0)),
                    "reimport_per_s": round(n / (t3 - t2)),
                    "copy_per_s": round(n / (t5 - t4)),
                }
            )
        )


if __name__ == "__main__":
    main()
