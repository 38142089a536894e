"""The incident queue at scale: 1,000,000 historic incidents and 5,000 worked ones on PostgreSQL.

Run: ``.venv/bin/python -m tests.bench.queue_scale [--url URL] [--historic 1000000] [--worked 5000]
[--consoles 3] [--claims 60]`` (a scratch schema on the server, dropped afterwards; ``--keep SCHEMA`` loads
once into that schema and reuses it on later runs).

Targets (issue 7) and what each figure is measured beside, in the same run:

- ``open_ms`` <= 300: the dock's first load: the view's read on a worker (``read_ms``), the model reset and
  the alert watch (``apply_ms``), the first paint of the dock (``paint_ms``); baseline ``raw_read_ms``: the
  same rows by plain psycopg (no objects, no rows built).
- ``filter_ms`` / ``sort_ms`` <= 100 each (the worst of several filters / of every column, each with the
  repaint of the rows on screen); baselines: the same filter as a list comprehension and the same order as
  ``sorted()`` over the plain rows.
- ``live_change_ms`` <= 5 on the GUI thread: one changed incident applied (model, alert watch, summary);
  ``tick_ms``: the once-a-second tick with 5,000 rows.
- ``search_ms``: the worst search of the ended incidents (words, a rare word, a ref, what ended today),
  no target given; reported so a slow one shows.
- ``claim_to_console_p95_ms`` <= 100: this process claims incidents one by one through the services while
  ``--consoles`` other processes, each a live queue dock following the feed, note when the claim shows in
  their model; baseline ``notify_p95_ms``: a bare psycopg ``LISTEN`` in another process, commit to wake-up.
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
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg

DEFAULT_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
WORKED = ("open", "acknowledged", "investigating", "escalated", "mitigated")
TITLES = (
    "Credential-stuffing wave on login edge",
    "Withdrawals to fresh addresses spiking",
    "Chargeback burst from one BIN",
    "KYC document reuse across accounts",
    "Sanctions screening hits up",
    "P2P seller reported by several buyers",
    "Case tool latency over 5 s",
    "Card-processor feed silent",
)
CATEGORIES = (
    "ato_wave",
    "withdrawal_anomaly",
    "fraud_wave",
    "kyc_fraud_ring",
    "aml_spike",
    "p2p_scam",
    "tooling_outage",
    "feed_failure",
)


def _sa_url(url: str, schema: str) -> str:
    base = url if "+psycopg" in url else url.replace("postgresql://", "postgresql+psycopg://", 1)
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def _pg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median milliseconds of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return _ms(statistics.median(times)), result


# -- data ------------------------------------------------------------------------------------------------
def load(url: str, schema: str, historic: int, worked: int) -> None:
    """A migrated floor (the small test floor's agents and departments) with ``historic`` closed incidents
    over three years and ``worked`` incidents opened in the last six hours, bulk-loaded in SQL."""
    from console.db import migrate
    from console.db.engine import Database, make_engine
    from tests.factories import build_small_floor, floor_now

    engine = make_engine(_sa_url(url, schema))
    migrate.upgrade(engine)
    db = Database(engine)
    build_small_floor(db, floor_now())
    db.dispose()
    titles = "ARRAY[" + ",".join(f"'{t}'" for t in TITLES) + "]"
    cats = "ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "]"
    statuses = "ARRAY[" + ",".join(f"'{s}'" for s in WORKED) + "]"
    with psycopg.connect(_pg(url), autocommit=True, options=f"-csearch_path={schema}") as conn:
        agents = [r[0] for r in conn.execute("SELECT id FROM agents ORDER BY id")]
        agent_arr = "ARRAY[" + ",".join(map(str, agents)) + "]"
        t0 = time.perf_counter()
        # History is loaded, not lived: no feed entries for it (the feed's triggers are off for this session,
        # which needs a superuser, as the test server's postgres is). Consoles start after it.
        conn.execute("SET session_replication_role = replica")
        conn.execute(
            f"""
            INSERT INTO incidents (ref, title, category, severity, status, summary, owner_agent_id,
                opened_at, ack_due_at, resolve_due_at, acknowledged_at, resolved_at, closed_at, version,
                escalation_level, hit_count)
            SELECT 'INC-' || to_char(t, 'YYMMDD') || '-' || lpad(g::text, greatest(5, length(g::text)), '0'),
                ({titles})[1 + g % 8] || ' #' || g, ({cats})[1 + g % 8], 1 + g % 4,
                'closed', '', ({agent_arr})[1 + g % {len(agents)}], t, t + interval '5 min',
                t + interval '60 min', t + interval '2 min', t + interval '40 min', t + interval '1 day',
                4, 0, 1
            FROM generate_series(1, {historic}) g,
                LATERAL (SELECT now() - interval '1100 days' + g * interval '90 s' AS t) m
            """
        )
        conn.execute(
            f"""
            INSERT INTO incidents (ref, title, category, severity, status, summary, owner_agent_id, opened_at,
                ack_due_at, resolve_due_at, acknowledged_at, version, escalation_level, hit_count)
            SELECT 'INC-' || to_char(t, 'YYMMDD') || '-' || ({historic} + g),
                ({titles})[1 + g % 8] || ' #' || g, ({cats})[1 + g % 8], 1 + g % 4,
                ({statuses})[1 + g % 5],
                '', CASE WHEN g % 5 = 0 THEN NULL ELSE ({agent_arr})[1 + g % {len(agents)}] END,
                t, t + interval '15 min', t + interval '4 hours',
                CASE WHEN g % 5 = 0 THEN NULL ELSE t + interval '3 min' END, 2, 0, 1
            FROM generate_series(1, {worked}) g,
                LATERAL (SELECT now() - interval '6 hours' + g * (interval '6 hours' / {worked}) AS t) m
            """
        )
        dept = conn.execute("SELECT min(id) FROM departments").fetchone()[0]  # type: ignore[index]
        conn.execute(
            f"""
            INSERT INTO incident_handoffs (incident_id, department_id, action, requested_by, requested_at,
                due_at)
            SELECT id, {dept}, 'Freeze and confirm', 'bench', opened_at, opened_at + interval '1 hour'
            FROM incidents WHERE status = 'escalated' AND id % 3 = 0
            """
        )
        conn.execute("SET session_replication_role = origin")
        conn.execute("ANALYZE")
        print(
            f"loaded {historic:,} + {worked:,} incidents in {time.perf_counter() - t0:.1f} s", file=sys.stderr
        )


# -- the figures in this process -------------------------------------------------------------------------
def measure_here(url: str, schema: str) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from console.auth import Actor
    from console.db.engine import Database, make_engine
    from console.views import Patch
    from console.views.incident_queue import ENDED, VIEW, QueueFilter, QueueKey
    from tests.factories import TZ
    from ui.clock import FloorClock
    from ui.context import ConsoleContext
    from ui.docks.incidents import IncidentsDock
    from ui.hub import LiveHub
    from ui.models.incident_queue import COLUMNS
    from ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    db = Database(make_engine(_sa_url(url, schema)))
    now = datetime.now(UTC)
    ctx = ConsoleContext(
        db=db,
        runner=TaskRunner(),
        hub=LiveHub(db),
        clock=FloorClock(TZ, lambda: now),
        settings=__import__("console.settings", fromlist=["Settings"]).Settings.load(overrides={}),
        actor=Actor("supervisor", "supervisor"),
    )
    out: dict[str, Any] = {}

    def read() -> Any:
        with db.reading() as s:
            return VIEW.snapshot(s, QueueKey())

    read()  # warm the pool and the statement cache
    out["read_ms"], snapshot = _timed(read)
    out["rows"] = len(snapshot.rows)
    cols = (
        "i.id, i.ref, i.title, i.category, i.severity, i.status, a.display_name, i.opened_at, i.ack_due_at, "
        "i.resolve_due_at, i.acknowledged_at, i.version, i.owner_agent_id, i.resolved_at, i.closed_at, "
        "i.hit_count"
    )
    worked = ", ".join(f"'{s}'" for s in WORKED)
    with psycopg.connect(_pg(url), options=f"-csearch_path={schema}") as conn:

        def raw() -> int:
            rows = conn.execute(
                f"SELECT {cols} FROM incidents i LEFT JOIN agents a ON a.id = i.owner_agent_id "
                f"WHERE i.status IN ({worked}) ORDER BY i.id"
            ).fetchall()
            conn.execute(
                "SELECT incident_id, department_id, due_at FROM incident_handoffs WHERE closed_at IS NULL"
            ).fetchall()
            return len(rows)

        out["raw_read_ms"], _ = _timed(raw)

    # Searches of the ended incidents (SQL, at most 500 rows): words in the title, a ref, what ended today.
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    searches = {
        "words": QueueKey(scope=ENDED, words="chargeback"),
        "rare_words": QueueKey(scope=ENDED, words="#777777"),
        "today": QueueKey(scope=ENDED, since=today),
    }
    per_search = {}
    with db.reading() as s:
        ref = s.scalar(text("SELECT ref FROM incidents WHERE id = 424242"))
    searches["ref"] = QueueKey(scope=ENDED, words=str(ref).lower())
    for name, key in searches.items():

        def search(key: QueueKey = key) -> Any:
            with db.reading() as s:
                return VIEW.snapshot(s, key)

        per_search[name], _ = _timed(search, 3)
    out["search_detail_ms"] = per_search
    out["search_ms"] = max(per_search.values())

    dock = IncidentsDock(ctx)
    dock.resize(590, 700)
    dock.show()
    app.processEvents()

    def apply() -> None:
        dock.apply_snapshot(snapshot)

    out["apply_ms"], _ = _timed(apply, 3)

    def paint() -> None:
        dock.grab()

    out["paint_ms"], _ = _timed(paint, 3)
    out["open_ms"] = round(out["read_ms"] + out["apply_ms"] + out["paint_ms"], 2)

    plain = list(snapshot.rows)
    filters = {
        "P1": QueueFilter(severities=frozenset({1})),
        "words": QueueFilter(text="withdrawals"),
        "acknowledged": QueueFilter(statuses=frozenset({"acknowledged"})),
        "breaching": QueueFilter(breaching=True),
        "waiting": QueueFilter(waiting=True),
        "none": QueueFilter(),
    }
    per_filter = {}
    for name, f in filters.items():

        def run(f: QueueFilter = f) -> None:
            dock.model.filter = QueueFilter(severities=frozenset({9}))  # force a change each time
            dock.model.set_filter(f)
            dock.view.viewport().repaint()

        per_filter[name], _ = _timed(run)
    out["filter_ms"] = max(per_filter.values())
    out["filter_detail_ms"] = per_filter
    out["plain_filter_ms"], _ = _timed(
        lambda: [r for r in plain if r.severity == 1 or "withdrawals" in r.title]
    )

    per_sort = {}
    for col in COLUMNS:

        def sort(c: int = COLUMNS.index(col)) -> None:
            dock.view.sortByColumn(c, Qt.SortOrder.DescendingOrder)
            dock.view.sortByColumn(c, Qt.SortOrder.AscendingOrder)
            dock.view.viewport().repaint()

        from PySide6.QtCore import Qt

        ms, _ = _timed(sort, 3)
        per_sort[col] = round(ms / 2, 2)  # two sorts per call
    out["sort_ms"] = max(per_sort.values())
    out["sort_detail_ms"] = per_sort
    out["plain_sort_ms"], _ = _timed(lambda: sorted(plain, key=lambda r: (r.title.lower(), r.id)))
    dock.view.sortByColumn(COLUMNS.index("sla"), Qt.SortOrder.AscendingOrder)

    # One live change: an incident claimed elsewhere (status and owner differ), as a patch brings it.
    from dataclasses import replace

    changes = []
    for i, row in enumerate(plain[:50]):
        changed = replace(
            row,
            status="acknowledged" if row.status != "acknowledged" else "investigating",
            version=row.version + 1 + i,
        )
        t0 = time.perf_counter()
        dock.apply_patch(Patch(QueueKey(), (changed,)))
        changes.append(time.perf_counter() - t0)
    out["live_change_ms"] = _ms(statistics.median(changes))
    out["live_change_max_ms"] = _ms(max(changes))
    ticks = []
    for _k in range(20):
        now += timedelta(seconds=1)
        t0 = time.perf_counter()
        dock._tick()
        app.processEvents()
        ticks.append(time.perf_counter() - t0)
    out["tick_ms"] = _ms(statistics.median(ticks))
    ctx.runner.shutdown()
    db.dispose()
    return out


# -- claim to every console ------------------------------------------------------------------------------
def console_child(db_url: str, targets: list[int]) -> None:
    """A live queue dock following the feed: prints READY once loaded, then ``SEEN id wallclock`` when the
    row of a ``targets`` incident arrives acknowledged. Ends when its stdin closes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from console.auth import Actor
    from console.db.engine import Database, make_engine
    from console.feed import last_seq
    from console.settings import Settings
    from tests.factories import TZ
    from ui.clock import FloorClock
    from ui.context import ConsoleContext
    from ui.docks.incidents import IncidentsDock
    from ui.hub import LiveHub
    from ui.tasks import TaskRunner

    app = QApplication([])
    db = Database(make_engine(db_url))
    ctx = ConsoleContext(
        db=db,
        runner=TaskRunner(),
        hub=LiveHub(db),
        clock=FloorClock(TZ),
        settings=Settings.load(overrides={}),
        actor=Actor("supervisor", "supervisor"),
    )
    dock = IncidentsDock(ctx)
    waiting = set(targets)
    ready = [False]

    def applied() -> None:
        stamp = time.time()
        if not ready[0]:
            ready[0] = True
            print("READY", flush=True)
        for key in list(waiting):
            row = dock.model.held(key)
            if row is not None and row.status == "acknowledged":
                waiting.discard(key)
                print(f"SEEN {key} {stamp:.6f}", flush=True)

    dock.model.applied.connect(applied)
    ctx.hub.start(last_seq(db))
    dock.load()
    threading.Thread(target=lambda: (sys.stdin.read(), app.quit()), daemon=True).start()
    app.exec()
    ctx.hub.stop()
    ctx.runner.shutdown()
    db.dispose()


def listen_child(url: str, schema: str) -> None:
    """The baseline: a bare LISTEN on the feed's channel, printing the wall clock of each wake-up."""
    from console.topics import NOTIFY_CHANNEL

    with psycopg.connect(_pg(url), autocommit=True, options=f"-csearch_path={schema}") as conn:
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        print("READY", flush=True)
        for _note in conn.notifies():
            print(f"NOTE {time.time():.6f}", flush=True)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 2)


def claims(url: str, schema: str, consoles: int, count: int) -> dict[str, Any]:
    """Claim ``count`` unacknowledged worked incidents one by one, 150 ms apart, while ``consoles`` queue
    processes and one bare listener watch; milliseconds from each commit to each console's model."""
    from console.db.engine import Database, make_engine
    from console.services import incidents
    from tests.factories import ADMIN

    db = Database(make_engine(_sa_url(url, schema)))
    with db.reading() as s:
        rows = [r for r in incidents.open_queue(s) if r.status == "open"][:count]
        agent = next(r.owner_agent_id for r in incidents.open_queue(s) if r.owner_agent_id is not None)
    targets = ",".join(str(r.id) for r in rows)
    me = [
        sys.executable,
        "-m",
        "tests.bench.queue_scale",
        "--url",
        url,
        "--keep",
        schema,
        "--targets",
        targets,
    ]
    procs = [
        subprocess.Popen(
            [*me, "--child", "console"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(consoles)
    ]
    procs.append(
        subprocess.Popen([*me, "--child", "listen"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    )
    lines: list[list[str]] = [[] for _ in procs]

    def reader(i: int, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines[i].append(line.strip())

    for i, proc in enumerate(procs):
        threading.Thread(target=reader, args=(i, proc), daemon=True).start()
    try:
        deadline = time.time() + 180
        while time.time() < deadline and not all("READY" in ls for ls in lines):
            time.sleep(0.1)
        if not all("READY" in ls for ls in lines):
            raise SystemExit("the console processes did not load in 180 s")
        time.sleep(1.0)
        committed: dict[int, float] = {}
        notes_before: list[int] = []
        for row in rows:
            notes_before.append(sum(1 for ln in lines[-1] if ln.startswith("NOTE")))
            incidents.claim(db, ADMIN, row.id, expected_version=row.version, owner_agent_id=agent)
            committed[row.id] = time.time()
            time.sleep(0.15)
        time.sleep(3.0)
    finally:
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc in procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        db.dispose()
    per_console: list[float] = []
    missing = 0
    for ls in lines[:-1]:
        seen = {int(p[1]): float(p[2]) for p in (ln.split() for ln in ls if ln.startswith("SEEN"))}
        for key, at in committed.items():
            if key in seen:
                per_console.append((seen[key] - at) * 1000)
            else:
                missing += 1
    notes = [float(ln.split()[1]) for ln in lines[-1] if ln.startswith("NOTE")]
    notify = []
    for (_key, at), before in zip(committed.items(), notes_before, strict=True):
        later = [n for n in notes[before:] if n >= at - 0.05]
        if later:
            notify.append(max(0.0, (later[0] - at) * 1000))
    return {
        "consoles": consoles,
        "claims": len(committed),
        "claim_to_console_p50_ms": _p(per_console, 0.5) if per_console else None,
        "claim_to_console_p95_ms": _p(per_console, 0.95) if per_console else None,
        "claim_to_console_max_ms": round(max(per_console), 2) if per_console else None,
        "claims_missing": missing,
        "notify_p50_ms": _p(notify, 0.5) if notify else None,
        "notify_p95_ms": _p(notify, 0.95) if notify else None,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default=DEFAULT_URL)
    p.add_argument("--historic", type=int, default=1_000_000)
    p.add_argument("--worked", type=int, default=5_000)
    p.add_argument("--consoles", type=int, default=3)
    p.add_argument("--claims", type=int, default=60)
    p.add_argument("--keep", help="load into this schema once and reuse it (not dropped)")
    p.add_argument("--child", choices=["console", "listen"], help=argparse.SUPPRESS)
    p.add_argument("--targets", default="", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child == "console":
        # With --keep: the bench's schema on the server; without: --url is the database itself (any backend).
        db_url = _sa_url(args.url, args.keep) if args.keep else args.url
        console_child(db_url, [int(t) for t in args.targets.split(",") if t])
        return
    if args.child == "listen":
        listen_child(args.url, args.keep)
        return
    schema = args.keep or f"wf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_pg(args.url), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
        if not exists:
            conn.execute(f"CREATE SCHEMA {schema}")
    try:
        if not exists:
            load(args.url, schema, args.historic, args.worked)
        result = {"historic": args.historic, "worked": args.worked, **measure_here(args.url, schema)}
        result.update(claims(args.url, schema, args.consoles, args.claims))
        print(json.dumps(result), flush=True)
    finally:
        if not args.keep:
            with psycopg.connect(_pg(args.url), autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
