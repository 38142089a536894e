"""How long ``watchfloor audit verify`` takes on a long log (the target: 1,000,000 records in 60 s or less).

Run: ``.venv/bin/python -m tests.bench.audit_verify [--records 1000000] [--backend sqlite|postgresql|both]``
(PostgreSQL: ``--url``, default ``WATCHFLOOR_TEST_PG_URL`` or the local test server, in a scratch schema).

Each backend gets a fresh migrated database holding ``--records`` chained records shaped like the floor's
(incident transitions with before/after, sample batches, attendance), bulk-loaded. Then, in the same run:

- ``read_s``: the baseline, the same query read the same way (driver rows in batches), nothing checked;
- ``verify_s``: :func:`console.audit.verify` (reads, recomputes every hash, checks every link and the guards).

Prints one JSON object per backend.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import insert

from console import audit
from console.db import migrate
from console.db.engine import make_engine
from console.db.models import AuditEntry

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
BATCH = 20_000
# The same query verify runs, read the same way (driver rows in batches), with nothing checked.
READ_ALL = (
    "SELECT id, at, actor, role, host, action, entity, entity_id, detail, prev_hash, hash "
    "FROM audit_log ORDER BY id"
)


def _records(n: int) -> list[dict[str, object]]:
    start = datetime(2026, 8, 1, tzinfo=UTC)
    prev = audit.GENESIS
    out: list[dict[str, object]] = []
    statuses = ("open", "acknowledged", "escalated", "resolved", "closed")
    for i in range(1, n + 1):
        at = start + timedelta(seconds=i * 7, microseconds=i % 1000)
        kind = i % 3
        if kind == 0:
            action, entity, detail = (
                "incident.acknowledged",
                "incident",
                {
                    "ref": f"INC-{i:06d}",
                    "status": statuses[i % 5],
                    "version": i % 9 + 1,
                    "before": {"status": "open"},
                    "after": {"status": "acknowledged"},
                },
            )
        elif kind == 1:
            action, entity, detail = "indicator.ingest", "indicator", {"count": 60, "source": "metrics"}
        else:
            action, entity, detail = "attendance.clock_in", "agent", {"at": at.isoformat(), "source": "badge"}
        row = {
            "id": i,
            "at": at,
            "actor": f"lead.{i % 40:02d}",
            "role": "team_lead",
            "host": f"KL-WS{i % 12:02d}",
            "action": action,
            "entity": entity,
            "entity_id": str(i % 5000),
            "detail": detail,
            "prev_hash": prev,
        }
        row["hash"] = prev = audit.record_hash(
            i,
            at,
            str(row["actor"]),
            "team_lead",
            str(row["host"]),
            action,
            entity,
            str(row["entity_id"]),
            detail,
            prev,
        )
        out.append(row)
    return out


def _measure(url: str, records: list[dict[str, object]]) -> dict[str, object]:
    engine = make_engine(url, create=True)  # a scratch file of its own
    migrate.upgrade(engine)
    started = time.perf_counter()
    with engine.begin() as conn:
        for i in range(0, len(records), BATCH):
            conn.execute(insert(AuditEntry), records[i : i + BATCH])
    load_s = time.perf_counter() - started
    with engine.connect() as conn:
        started = time.perf_counter()
        seen = sum(1 for _row in audit._stream(conn, READ_ALL))
        read_s = time.perf_counter() - started
    with engine.connect() as conn:
        verdict = audit.verify(conn)
    engine.dispose()
    return {
        "records": verdict.records,
        "intact": verdict.intact,
        "problem": str(verdict.problem) if verdict.problem else None,
        "load_s": round(load_s, 2),
        "read_s": round(read_s, 2),
        "verify_s": round(verdict.seconds, 2),
        "verify_records_per_s": round(verdict.records / verdict.seconds),
        "baseline_rows_read": seen,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--records", type=int, default=1_000_000)
    p.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL server (a scratch schema is made there)")
    args = p.parse_args()
    made = time.perf_counter()
    records = _records(args.records)
    print(
        json.dumps({"generated_s": round(time.perf_counter() - made, 1), "records": args.records}), flush=True
    )
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            result = _measure(f"sqlite:///{Path(tmp) / 'audit.db'}", records)
        print(json.dumps({"backend": "sqlite", **result}), flush=True)
    if args.backend in ("postgresql", "both"):
        schema = f"wf_bench_{uuid.uuid4().hex[:10]}"
        admin = args.url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            base = (
                args.url
                if "+psycopg" in args.url
                else args.url.replace("postgresql://", "postgresql+psycopg://", 1)
            )
            sep = "&" if "?" in base else "?"
            result = _measure(f"{base}{sep}options=-csearch_path%3D{schema}", records)
            print(json.dumps({"backend": "postgresql", **result}), flush=True)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
