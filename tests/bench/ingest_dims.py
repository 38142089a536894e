"""``watchfloor ingest`` of samples with dimensions on PostgreSQL, beside the same number of samples without
any (the headline path, :func:`console.services.indicators.ingest_rows`) and beside a plain COPY of the
dimensioned rows, all in the same run.

Run: ``.venv/bin/python -m tests.bench.ingest_dims [--samples 500000] [--url URL]`` (a scratch schema,
dropped).

The file has ``region`` and ``channel`` columns: one line in eight carries neither (the headline series),
the others one or both (seven series per indicator). Figures, samples per second:

- ``dims_parse_per_s`` / ``dims_store_per_s`` / ``dims_end_to_end_per_s``: reading and checking the file, and
  :func:`console.services.breakdown.ingest_dimensioned` (binary COPY into temporary tables, dimensions as
  small integers beside their texts, one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per table, the feed's
  triggers, one audit line, one transaction);
- ``dims_reimport_per_s``: the same file again (everything already there);
- ``plain_end_to_end_per_s``: a file of as many samples without dimensions, as the command stores it;
- ``copy_per_s``: the baseline, the dimensioned rows as a text COPY straight into a plain table of the same
  key, with no triggers, no conflict check, no audit.
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
# (region, channel) of each line in turn: one line in eight is the headline, seven series per indicator.
SPLITS = [
    ("", ""),
    ("MY", ""),
    ("SG", ""),
    ("", "app"),
    ("MY", "app"),
    ("SG", "app"),
    ("MY", "web"),
    ("SG", "web"),
]


def _csv(keys: list[str], samples: int, start: datetime, with_dims: bool) -> bytes:
    lines = ["indicator,timestamp,value,region,channel" if with_dims else "indicator,timestamp,value"]
    per_minute = len(keys) * (len(SPLITS) if with_dims else 1)
    for i in range(samples):
        at = start + timedelta(minutes=i // per_minute)
        key = keys[i % len(keys)]
        value = (i * 7919) % 10007 / 7
        if with_dims:
            region, channel = SPLITS[(i // len(keys)) % len(SPLITS)]
            lines.append(f"{key},{at.isoformat()},{value},{region},{channel}")
        else:
            lines.append(f"{key},{at.isoformat()},{value}")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--samples", type=int, default=500_000)
    p.add_argument("--url", default=DEFAULT_URL)
    args = p.parse_args()

    from console import ingest
    from console.auth import SYSTEM
    from console.services import breakdown, indicators
    from tests.bench.scratch import scratch_schema
    from tests.factories import build_small_floor, floor_now

    def parse(raw: bytes, known: dict[str, int]) -> ingest.Parsed:
        return ingest.checked(ingest.parse(io.BufferedReader(io.BytesIO(raw)), known), "bench.csv")  # type: ignore[arg-type]

    with scratch_schema(args.url) as scratch:
        admin, schema, db = scratch.admin, scratch.schema, scratch.db
        build_small_floor(db, floor_now())
        with db.reading() as s:
            known = {ind.key: ind.id for ind in indicators.all_indicators(s)}
        keys = sorted(known)
        dims_raw = _csv(keys, args.samples, datetime(2025, 1, 1, tzinfo=UTC), True)
        plain_raw = _csv(keys, args.samples, datetime(2024, 1, 1, tzinfo=UTC), False)

        t0 = time.perf_counter()
        parsed = parse(dims_raw, known)
        t1 = time.perf_counter()
        stored = breakdown.ingest_dimensioned(
            db, SYSTEM, parsed.ids, parsed.micros, parsed.values, parsed.dims, source="bench"
        )
        t2 = time.perf_counter()
        again = parse(dims_raw, known)
        repeat = breakdown.ingest_dimensioned(
            db, SYSTEM, again.ids, again.micros, again.values, again.dims, source="bench"
        )
        t3 = time.perf_counter()
        plain = parse(plain_raw, known)
        plain_stored, _ = indicators.ingest_rows(
            db, SYSTEM, plain.ids, plain.micros, plain.values, source="bench"
        )
        t4 = time.perf_counter()

        # The baseline: the dimensioned rows as a text COPY into a plain table of the same key.
        text = io.StringIO()
        epoch = datetime(1970, 1, 1, tzinfo=UTC)
        for ind, us, value, dims in zip(parsed.ids, parsed.micros, parsed.values, parsed.dims, strict=True):
            if dims:
                text.write(f"{ind}\t{(epoch + timedelta(microseconds=us)).isoformat()}\t{dims}\t{value!r}\n")
        payload = text.getvalue()
        with psycopg.connect(admin, options=f"-csearch_path={schema}") as conn:
            conn.execute(
                "CREATE TABLE plain_breakdown (indicator_id integer, ts timestamptz, dims varchar(400), "
                "value double precision, PRIMARY KEY (indicator_id, ts, dims))"
            )
            conn.commit()
            t5 = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY plain_breakdown FROM STDIN") as copy:
                copy.write(payload)
            conn.commit()
            t6 = time.perf_counter()
        n = len(parsed)
        split = stored.breakdown
        print(
            json.dumps(
                {
                    "samples": n,
                    "stored": {"headline": stored.samples, "by_dimension": split},
                    "already_on_reimport": repeat.samples_already + repeat.breakdown_already,
                    "dims_parse_per_s": round(n / (t1 - t0)),
                    "dims_store_per_s": round(n / (t2 - t1)),
                    "dims_end_to_end_per_s": round(n / (t2 - t0)),
                    "dims_reimport_per_s": round(n / (t3 - t2)),
                    "plain_stored": plain_stored,
                    "plain_end_to_end_per_s": round(len(plain) / (t4 - t3)),
                    "copy_per_s": round(split / (t6 - t5)),
                }
            )
        )


if __name__ == "__main__":
    main()
