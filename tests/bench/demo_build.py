"""What the demo floor costs to build, and a first start to a living console, each beside a baseline taken in
the same run (the machine is shared and noisy: compare a figure with its baseline, not with another day's).

Run: ``.venv/bin/python -m tests.bench.demo_build [--days 30] [--repeat 3] [--starts 1] [--pg [URL]]``

- ``build_s``: ``create_demo_floor`` on a fresh SQLite file (every service, the audit log, the feed's
  triggers, one transaction), with each step's seconds; ``cpu_s`` is the process's CPU time for it.
- ``baseline_executemany_s``: the build's own samples, read back, written by one plain ``executemany`` in one
  transaction into a fresh file's table of the same columns and key, without the feed's triggers or the
  services: about the least SQLite takes to store them. ``samples_s`` is the build's samples step.
- ``first_start_s``: spawning ``watchfloor`` on an empty embedded file (a fresh data directory) until every
  dock has painted its first data: the interpreter, the schema, the demo build behind the first-start
  dialog, the window. ``start_s``: the same console started again on the floor it just built.
- with ``--pg``: ``pg_build_s`` and ``pg_baseline_copy_s`` (the samples COPYed, row by row from Python, into
  a table of the same columns, key and foreign key without the feed's triggers) in a fresh schema of the
  test server.

Prints the medians as JSON, with every run's figures under ``runs``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.db import migrate
from console.db.engine import Database, make_engine
from console.demo.build import create_demo_floor
from console.demo.progress import Progress

PG_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 25, 6, 37, 12, tzinfo=UTC)
SAMPLES = "SELECT indicator_id, ts, value FROM indicator_samples ORDER BY 1, 2"
PLAIN_TABLE = (
    "CREATE TABLE plain_samples (indicator_id INTEGER NOT NULL, ts DATETIME NOT NULL, value FLOAT NOT NULL, "
    "PRIMARY KEY (indicator_id, ts))"
)


def timed_build(db: Database, days: int) -> dict[str, Any]:
    steps: dict[str, float] = {}

    def progress(p: Progress) -> None:
        if p.finished:
            steps[p.key] = round(p.step_seconds, 3)

    t0, c0 = time.perf_counter(), time.process_time()
    summary = create_demo_floor(db, days=days, now=NOW, progress=progress)
    return {
        "build_s": round(time.perf_counter() - t0, 3),
        "cpu_s": round(time.process_time() - c0, 3),
        "steps_s": steps,
        "summary": summary,
    }


def sqlite_once(workdir: Path, days: int) -> dict[str, Any]:
    path = workdir / f"demo_{uuid.uuid4().hex[:6]}.db"
    engine = make_engine(f"sqlite:///{path}", create=True)  # a scratch file of its own
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        result = timed_build(db, days)
    finally:
        db.dispose()
    with closing(sqlite3.connect(path)) as src:
        rows = src.execute(SAMPLES).fetchall()
    plain = workdir / f"plain_{uuid.uuid4().hex[:6]}.db"
    with closing(sqlite3.connect(plain, isolation_level=None)) as dst:
        dst.execute("PRAGMA journal_mode=WAL")
        dst.execute("PRAGMA synchronous=NORMAL")
        dst.execute(PLAIN_TABLE)
        t0 = time.perf_counter()
        dst.execute("BEGIN IMMEDIATE")
        dst.executemany("INSERT INTO plain_samples (indicator_id, ts, value) VALUES (?, ?, ?)", rows)
        dst.execute("COMMIT")
        baseline = time.perf_counter() - t0
    for f in workdir.glob(f"{path.stem}*"):
        f.unlink()
    for f in workdir.glob(f"{plain.stem}*"):
        f.unlink()
    return {
        **result,
        "samples": len(rows),
        "samples_s": result["steps_s"]["samples"],
        "baseline_executemany_s": round(baseline, 3),
    }


@contextmanager
def environment(**values: str) -> Any:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def first_start_once(workdir: Path) -> dict[str, float]:
    """A console spawned on an empty embedded file (its first start), then again on what it built."""
    from ui.bench.spawn import Child

    home = workdir / f"home_{uuid.uuid4().hex[:6]}"
    home.mkdir()
    argv = [sys.executable, "-m", "ui.main", "bench", "--bench-child", "start"]
    out = {}
    with environment(WATCHFLOOR_DATA_DIR=str(home), WATCHFLOOR_CONFIG_DIR=str(home)):
        for key, params in (("first_start_s", {"first_start": True}), ("start_s", {})):
            child = Child(argv, "start", params, name=key)
            painted = float(child.expect("PAINTED ", 300))
            child.expect("CHARTS ")
            child.wait(30)
            out[key] = round(painted - child.spawned_at, 3)
    for f in sorted(home.rglob("*"), reverse=True):
        f.unlink() if f.is_file() else f.rmdir()
    home.rmdir()
    return out


def pg_once(url: str, days: int) -> dict[str, Any]:
    import psycopg

    from tests.bench.scratch import scratch_schema

    with scratch_schema(url) as scratch:
        result = timed_build(scratch.db, days)
        with psycopg.connect(scratch.admin, options=f"-csearch_path={scratch.schema}") as conn:
            rows = conn.execute(SAMPLES).fetchall()
            # Same columns, keys and foreign key: no feed triggers, no services.
            conn.execute("CREATE TABLE plain_samples (LIKE indicator_samples INCLUDING ALL)")
            conn.execute(
                "ALTER TABLE plain_samples ADD FOREIGN KEY (indicator_id) REFERENCES risk_indicators (id)"
            )
            conn.commit()
            t0 = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY plain_samples FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            conn.commit()
            baseline = time.perf_counter() - t0
    return {
        "pg_build_s": result["build_s"],
        "pg_steps_s": result["steps_s"],
        "pg_samples_s": result["steps_s"]["samples"],
        "pg_baseline_copy_s": round(baseline, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="builds (and baselines) per database")
    parser.add_argument("--starts", type=int, default=1, help="first starts (and ordinary starts)")
    parser.add_argument("--pg", nargs="?", const=PG_URL, help="also on PostgreSQL (default: the test server)")
    args = parser.parse_args()
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="wf_demo_bench_") as tmp:
        work = Path(tmp)
        for n in range(max(args.repeat, args.starts)):
            run: dict[str, Any] = {}
            if n < args.repeat:
                run.update(sqlite_once(work, args.days))
                if args.pg:
                    run.update(pg_once(args.pg, args.days))
            if n < args.starts and args.days == 30:  # a first start builds the default 30 days
                run.update(first_start_once(work))
            print(f"demo_build: run {n + 1}: {json.dumps(run)}", file=sys.stderr, flush=True)
            runs.append(run)
    keys = [
        "build_s",
        "cpu_s",
        "samples_s",
        "baseline_executemany_s",
        "first_start_s",
        "start_s",
        "pg_build_s",
        "pg_samples_s",
        "pg_baseline_copy_s",
    ]
    present = [k for k in keys if any(k in r for r in runs)]
    medians = {k: round(statistics.median(r[k] for r in runs if k in r), 2) for k in present}
    print(json.dumps({"days": args.days, "samples": runs[0].get("samples"), **medians, "runs": runs}))


if __name__ == "__main__":
    main()
