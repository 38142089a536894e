"""``watchfloor bench``: measure, don't assert.

What a supervisor feels, on the configured database (SQLite or PostgreSQL), each beside a baseline measured
in the same run so the noise of the machine shows:

- ``start_s``: spawn to every dock's first data painted (median over fresh processes); ``bare_start_s`` the
  same for a bare window of the same shape (:mod:`ui.bench.bare`), and ``start_ratio``.
- ``change_to_screen_ms`` / ``plain_sql_to_screen_ms``: another process commits an incident through the
  services / with plain SQL; until the open window's queue holds it (:mod:`ui.bench.latency`).
- ``offline_detect_s``, ``catch_up_max_stall_ms``, ``catch_up_s``: a silent network cut, and the GUI thread
  while 1,000 changes made meanwhile come in (:mod:`ui.bench.outage`).
- ``gui_max_stall_ms`` (and p99) with ``watchfloor simulate --rate 10`` running, beside
  ``bare_gui_max_stall_ms`` under the same load (:mod:`ui.bench.fresh`).

``detail`` holds the raw figures. Child processes are this same command with a role in the environment
(:mod:`ui.bench.spawn`, :mod:`ui.bench.child`). This module imports nothing heavy: a child that only builds
the bare window pays for no more than the bare window.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from console.settings import Settings

__all__ = ["bench"]


def bench(args: argparse.Namespace, settings: Settings) -> int:
    from ui.bench.spawn import CHILD_ENV

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    spec = os.environ.pop(CHILD_ENV, None)
    legacy = getattr(args, "bench_child", None)
    if spec or legacy:
        from ui.bench.child import run_child

        if spec:
            return run_child(json.loads(spec), settings)
        # ``--bench-child`` on its own, as earlier versions spawned it.
        return run_child({"role": legacy, "count": args.changes, "run": "manual", "interval": 0.1}, settings)
    return _parent(args, settings)


def _parent(args: argparse.Namespace, settings: Settings) -> int:
    from console.connect import open_database
    from console.demo.build import has_floor
    from console.errors import WatchfloorError
    from ui.bench.options import read_options
    from ui.bench.run import format_text, print_progress, run_all
    from ui.bench.spawn import BenchError

    opts = read_options(args)
    try:
        db = open_database(settings.database, create=settings.database_is_default)
    except WatchfloorError as exc:
        print(f"watchfloor bench: {exc}", file=sys.stderr)
        return 1
    try:
        if not has_floor(db):
            print(f"{db.describe()} has no floor: run 'watchfloor demo' on it first.", file=sys.stderr)
            return 2
        kind = db.kind
    finally:
        db.dispose()
    try:
        result = run_all(settings, opts, kind, print_progress)
    except BenchError as exc:
        print(f"watchfloor bench: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result) if opts.json else format_text(result))
    return 0
