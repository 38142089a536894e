"""What the attendance exceptions cost: the timer leader's read each tick, detection over a month, and a badge
import, each beside a same-run baseline.

Run: ``.venv/bin/python -m tests.bench.attendance_exceptions --db FLOOR.db`` on a copy of a demo floor (it
writes: the import deletes then re-imports the newest ``--punches`` badge edges). Prints one JSON object:

- ``tick_ms`` (:func:`console.services.exceptions.detect` over the leader's 40-hour look-back plus the stored
  rows it compares with) beside ``tick_read_ms`` (the same rota and attendance rows read, nothing derived);
- ``month_s``: detection over 31 days, beside ``month_read_s``;
- ``import_s``: :func:`console.services.badge_import.import_punches` of ``--punches`` lines, beside
  ``record_many_s``: the same edges given to :func:`console.services.attendance.record_many` directly.
"""

from __future__ import annotations

import argparse
import io
import json
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from console.auth import SYSTEM
from console.db.engine import Database, make_engine
from console.db.models import Agent, AttendanceEvent, RotaAssignment
from console.floortime import utcnow
from console.services import attendance, badge_import, exceptions

STATES = {"clock_in": "0", "clock_out": "1", "break_start": "2", "break_end": "3"}


def _read(s: Session, first: datetime, last: datetime) -> int:
    ids = list(
        s.scalars(
            select(RotaAssignment.id).where(
                RotaAssignment.starts_at >= first, RotaAssignment.starts_at < last
            )
        )
    )
    n = 0
    for i in range(0, len(ids), 900):
        n += len(
            s.execute(
                select(AttendanceEvent.kind, AttendanceEvent.at).where(
                    AttendanceEvent.rota_assignment_id.in_(ids[i : i + 900])
                )
            ).all()
        )
    return n


def _timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="a copy of a demo floor (SQLite file or URL)")
    parser.add_argument("--punches", type=int, default=5000)
    args = parser.parse_args()
    db = Database(make_engine(args.db))
    now = utcnow()
    out: dict[str, object] = {}
    with db.reading() as s:
        policy = exceptions.load_policy(s)
        first = now - exceptions.LOOKBACK
        out["tick_read_ms"] = round(1000 * min(_timed(lambda: _read(s, first, now)) for _ in range(5)), 1)
        out["tick_ms"] = round(
            1000
            * min(
                _timed(
                    lambda: (exceptions.detect(s, first, now, policy, now=now), exceptions._stored(s, first))
                )
                for _ in range(5)
            ),
            1,
        )
        month = now - timedelta(days=31)
        out["month_read_s"] = round(_timed(lambda: _read(s, month, now)), 3)
        out["month_s"] = round(_timed(lambda: exceptions.detect(s, month, now, policy, now=now)), 3)
        newest = s.execute(
            select(
                AttendanceEvent.id,
                AttendanceEvent.agent_id,
                AttendanceEvent.kind,
                AttendanceEvent.at,
                Agent.badge_no,
            )
            .join(Agent, Agent.id == AttendanceEvent.agent_id)
            .where(AttendanceEvent.source == "badge")
            .order_by(AttendanceEvent.at.desc())
            .limit(args.punches)
        ).all()
    tz = ZoneInfo("Asia/Kuala_Lumpur")
    export = "\n".join(
        f"{b},{at.astimezone(tz):%Y-%m-%d %H:%M:%S},7,{STATES[k]}" for _, _, k, at, b in newest
    ).encode()
    edges = [
        attendance.Edge(a, k, at, source="badge") for _, a, k, at, _ in sorted(newest, key=lambda r: r[3])
    ]

    def forget() -> None:
        with db.writing() as s:
            s.execute(delete(AttendanceEvent).where(AttendanceEvent.id.in_([r[0] for r in newest])))
            s.execute(
                delete(AttendanceEvent).where(
                    AttendanceEvent.source == "badge", AttendanceEvent.at >= min(r[3] for r in newest)
                )
            )

    forget()
    out["record_many_s"] = round(_timed(lambda: attendance.record_many(db, SYSTEM, edges)), 2)
    forget()
    out["import_s"] = round(_timed(lambda: badge_import.import_punches(db, SYSTEM, io.BytesIO(export))), 2)
    out["punches"] = len(newest)
    out["at"] = datetime.now(UTC).isoformat(timespec="seconds")
    print(json.dumps(out))
    db.dispose()


if __name__ == "__main__":
    main()
