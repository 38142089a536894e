"""``watchfloor bench``: cold start to first painted live data, and change-to-screen latency.

Start: the median over fresh processes of the time from spawning ``watchfloor`` until its window has painted
every dock's first snapshot. Change-to-screen: a second process opens incidents through the services, one
every ~100 ms, printing the wall-clock time of each commit; this process, with the window open, notes when
each one lands in the incident queue model. Both processes share the machine's clock.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

from console.settings import Settings

CHILD_TIMEOUT_S = 120


def _self_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "ui.main"]


def bench(args: argparse.Namespace, settings: Settings) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.bench_child == "start":
        return _child_start(settings)
    if args.bench_child == "writer":
        return _child_writer(settings, args.changes)
    from console.connect import open_database
    from console.demo.build import has_floor

    db = open_database(settings.database)
    if not has_floor(db):
        print(f"{db.describe()} has no floor: run 'watchfloor demo' on it first.", file=sys.stderr)
        return 2
    kind = db.kind
    db.dispose()
    starts = [_time_start(settings) for _ in range(args.starts)]
    latencies = _change_to_screen(settings, args.changes)
    result = {
        "db": kind,
        "start_s": round(statistics.median(starts), 3),
        "change_to_screen_ms": {
            "p50": round(_pct(latencies, 50), 1),
            "p95": round(_pct(latencies, 95), 1),
        },
        "detail": {"starts_s": [round(s, 3) for s in starts], "changes": len(latencies)},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"database: {kind} ({settings.database.split('@')[-1]})")
        print(f"cold start to painted data: median {result['start_s']} s over {len(starts)} runs {starts}")
        print(
            f"change to screen: p50 {result['change_to_screen_ms']['p50']} ms, "
            f"p95 {result['change_to_screen_ms']['p95']} ms over {len(latencies)} changes"
        )
    return 0


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _child_args(settings: Settings, *extra: str) -> list[str]:
    return [*_self_command(), "--db", settings.database, *extra]


def _time_start(settings: Settings) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        _child_args(settings, "bench", "--bench-child", "start"),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0 or "PAINTED" not in proc.stdout:
        raise SystemExit(f"start benchmark child failed: {proc.stderr.strip()[-500:]}")
    return elapsed


def _child_start(settings: Settings) -> int:
    """Open the window, wait for every dock's first data, paint it, report, exit."""
    from console.connect import open_database
    from ui.app import build_window, dispose_window, make_app

    app = make_app()
    db = open_database(settings.database)
    window = build_window(app, settings, db)

    def painted() -> None:
        window.grab()  # forces a full paint of the window with its data
        print("PAINTED", flush=True)
        window.shutdown()
        app.quit()

    window.allLoaded.connect(painted)
    window.show()
    window.start()
    app.exec()
    dispose_window(window)
    db.dispose()
    return 0


def _child_writer(settings: Settings, count: int) -> int:
    """Open ``count`` incidents one by one, printing ``<title> <commit wall time>``; then close them."""
    from console.auth import SIMULATOR
    from console.connect import open_database
    from console.services import incidents

    db = open_database(settings.database)
    run = sys.stdin.readline().strip() or uuid.uuid4().hex[:8]
    ids = []
    for n in range(count):
        inc = incidents.open_incident(
            db,
            SIMULATOR,
            title=f"BENCH {run} {n}",
            category="tooling_outage",
            severity=4,
            summary="watchfloor bench: synthetic change",
        )
        print(f"{n} {time.time():.6f}", flush=True)
        ids.append(inc)
        time.sleep(0.1)
    for inc in ids:
        incidents.transition(db, SIMULATOR, inc, "resolved", expected_version=1, message="bench done")
    return 0


def _change_to_screen(settings: Settings, count: int) -> list[float]:
    from PySide6.QtCore import QEventLoop, QTimer

    from console.connect import open_database
    from ui.app import build_window, dispose_window, make_app
    from ui.docks.incidents import IncidentsDock

    app = make_app()
    db = open_database(settings.database)
    window = build_window(app, settings, db)
    loop = QEventLoop()
    window.allLoaded.connect(loop.quit)
    window.show()
    window.start()
    loop.exec()
    queue = next(d for d in window.docks if isinstance(d, IncidentsDock)).model
    run = uuid.uuid4().hex[:8]
    prefix = f"BENCH {run} "
    seen: dict[int, float] = {}

    def rows_inserted(_parent: Any, first: int, last: int) -> None:
        now = time.time()
        for r in range(first, last + 1):
            title = queue.row_at(r).title
            if title.startswith(prefix):
                seen[int(title[len(prefix) :])] = now
        if len(seen) >= count:
            loop.quit()

    queue.rowsInserted.connect(rows_inserted)
    writer = subprocess.Popen(
        _child_args(settings, "bench", "--bench-child", "writer", "--changes", str(count)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert writer.stdin is not None
    assert writer.stdout is not None
    writer.stdin.write(run + "\n")
    writer.stdin.close()
    committed: dict[int, float] = {}

    def read_writer() -> None:
        for line in writer.stdout:  # type: ignore[union-attr]
            n, t = line.split()
            committed[int(n)] = float(t)

    reader = threading.Thread(target=read_writer, daemon=True)
    reader.start()
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(count * 100 + 30_000)
    loop.exec()
    writer.wait(CHILD_TIMEOUT_S)
    reader.join(5)
    dispose_window(window)
    db.dispose()
    missing = sorted(set(range(count)) - set(seen))
    if missing:
        raise SystemExit(f"{len(missing)} of {count} changes never reached the window (first: {missing[:5]})")
    return [(seen[n] - committed[n]) * 1000 for n in range(count)]
