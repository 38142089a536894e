"""How long one coverage read takes on the 30-day demo floor: what the coverage dock's worker runs on each
batch naming attendance, the rota, people, seats, requirements or incidents, and once a minute.

Run: ``.venv/bin/python -m tests.bench.coverage_read [--days 30] [--repeat 20] [--db URL]``

In the same run, on the same floor and the same moment:

- ``roster_ms``: the baseline, the attendance dock's snapshot of the running shift (one query joined with
  the shift's attendance);
- ``coverage_ms``: :func:`console.views.coverage.read` for today (desks, requirements, the shifts around
  the day and now with their people, seats and attendance, open incidents, the backlog, the verdicts and
  moves).

Prints one JSON object with the medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from console.connect import create_database, open_database
from console.demo.build import create_demo_floor
from console.floortime import floor_zone, shift_at, utcnow
from console.services import rota
from console.views import coverage, roster
from console.views.coverage import CoverageKey
from console.views.roster import RosterKey


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", help="an existing demo floor instead of a fresh one")
    args = parser.parse_args(argv)
    if args.db:
        db = open_database(args.db)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='coverage-bench-')) / 'floor.db'}"
        db = create_database(url)
        create_demo_floor(db, days=args.days)
    tz = floor_zone()
    now = utcnow()
    with db.reading() as s:
        slot = shift_at(rota.patterns(s), now, tz)

    def median_ms(read: Callable[[Session], object]) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with db.reading() as s:
                read(s)
            times.append((time.perf_counter() - start) * 1000)
        return round(statistics.median(times), 2)

    key = CoverageKey(now.astimezone(tz).date(), now)
    result = {
        "backend": db.kind,
        "roster_ms": median_ms(lambda s: roster.VIEW.snapshot(s, RosterKey(slot))),
        "coverage_ms": median_ms(lambda s: coverage.read(s, key)),
    }
    print(json.dumps(result))
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
