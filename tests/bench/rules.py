"""Indicator rules per tick: 200 rules over 60 indicators (target: 20 ms per tick), on PostgreSQL.

Run: ``.venv/bin/python -m tests.bench.rules [--indicators 60] [--rules 200] [--url URL]`` (a scratch schema).

Each indicator gets 5 weeks of per-minute samples (so the seasonal rules have their past weeks); the rules mix
every kind (threshold, rate, absence, seasonal, anomaly). Figures (median of 20 ticks, nothing firing):

- ``evaluate_ms``: the evaluation alone (:func:`console.rules.evaluate` for every rule, samples in memory);
- ``tick_ms``: :func:`console.services.rules.evaluate_due` as the timer leader runs it: load the rules, their
  states and silences, read the samples every rule needs in one query, evaluate;
- ``read_baseline_ms``: the same samples read with plain psycopg (the floor of the read).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, datetime, timedelta

import psycopg

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
KINDS = (
    ("threshold", {"value": 1e9, "for_s": 180}),
    ("rate", {"change": 50.0, "window_s": 600}),
    ("absence", {"intervals": 3}),
    ("seasonal", {"weeks": 4, "factor": 1e6}),
    ("anomaly", {"window_s": 3600, "score": 0.999999999}),
)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--indicators", type=int, default=60)
    p.add_argument("--rules", type=int, default=200)
    p.add_argument("--url", default=DEFAULT_URL)
    args = p.parse_args()

    import numpy as np

    from console import rules as engine
    from console.auth import SYSTEM
    from console.services import indicators, rules
    from console.services.indicators import IndicatorSpec
    from tests.bench.scratch import scratch_schema
    from tests.factories import ADMIN, build_small_floor, floor_now

    with scratch_schema(args.url) as scratch:
        admin, schema, db = scratch.admin, scratch.schema, scratch.db
        build_small_floor(db, floor_now())
        specs = [
            IndicatorSpec(f"bench.i{i:02d}", f"Bench {i}", (), "count/min", "higher", 1e9, 2e9, "risk_mgmt")
            for i in range(args.indicators)
        ]
        ids = indicators.define(db, ADMIN, specs)
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        minutes = 5 * 7 * 1440
        first = now - timedelta(minutes=minutes - 1)
        rng = np.random.default_rng(7)
        for ind in ids:
            indicators.ingest_series(db, SYSTEM, {ind: 100 + rng.normal(0, 5, minutes)}, first)
        for n in range(args.rules):
            kind, params = KINDS[n % len(KINDS)]
            rules.add_rule(
                db, ADMIN, indicator_key=f"bench.i{n % args.indicators:02d}", kind=kind, params=dict(params)
            )
        with db.reading() as s:
            loaded = rules.load(s, now)
            data = rules.samples(s, loaded, now)

        def evaluate() -> None:
            t = now.timestamp()
            for item in loaded:
                engine.evaluate(item.rule, item.state, data[item.rule.indicator_id], t)

        def tick() -> None:
            moved = rules.evaluate_due(db, SYSTEM, now)
            assert moved == rules.RuleStats(), moved

        since = now - timedelta(hours=1)
        with psycopg.connect(admin, options=f"-csearch_path={schema}") as conn:

            def read() -> None:
                conn.execute(
                    "SELECT indicator_id, ts, value FROM indicator_samples "
                    "WHERE ts >= %s AND indicator_id = ANY(%s) ORDER BY indicator_id, ts",
                    (since, ids),
                ).fetchall()

            figures = {}
            for name, fn in (("evaluate_ms", evaluate), ("tick_ms", tick), ("read_baseline_ms", read)):
                fn()
                times = []
                for _ in range(20):
                    t0 = time.perf_counter()
                    fn()
                    times.append(time.perf_counter() - t0)
                figures[name] = round(statistics.median(times) * 1000, 2)
        print(json.dumps({"indicators": args.indicators, "rules": args.rules, **figures}))


if __name__ == "__main__":
    main()
