"""A claim made from one console's queue reaches every other open console (other processes, each a live
queue following the change feed), on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from console.auth import Actor
from console.db.engine import Database
from console.floortime import floor_zone, utcnow
from console.services import org
from tests.factories import ADMIN
from ui.clock import FloorClock
from ui.docks.incident_detail import IncidentDetailDock
from ui.docks.incidents import IncidentsDock

ROOT = Path(__file__).resolve().parents[2]
CONSOLES = 2


def test_a_claim_from_the_queue_reaches_every_open_console(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    p1 = small_floor.incidents["p1"]
    org.add_user(db, ADMIN, "ana", "Ana", "supervisor", agent_id=small_floor.agents["Ana"])
    url = db.url.render_as_string(hide_password=False)
    others = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.bench.queue_scale",
                "--url",
                url,
                "--child",
                "console",
                "--targets",
                str(p1),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        for _ in range(CONSOLES)
    ]
    lines: list[list[str]] = [[] for _ in others]

    def read(i: int) -> None:
        stdout = others[i].stdout
        assert stdout is not None
        for line in stdout:
            lines[i].append(line.strip())

    readers = [threading.Thread(target=read, args=(i,), daemon=True) for i in range(CONSOLES)]
    for reader in readers:
        reader.start()
    try:
        started = utcnow()
        ctx = make_ctx(db, small_floor.now, threaded=True)
        ctx.clock = FloorClock(floor_zone(), lambda: small_floor.now + (utcnow() - started))
        ctx.actor = Actor("ana", "supervisor")
        queue, detail = IncidentsDock(ctx), IncidentDetailDock(ctx)
        for dock in (queue, detail):
            qtbot.addWidget(dock)
        # As the window links them: the queue chooses, the detail knows what the state allows and acts.
        queue.chosen.connect(detail.show_incident)
        queue.allowed_actions = lambda: detail.detail.allowed_actions if detail.detail is not None else ()
        queue.actionRequested.connect(detail.act)
        queue.load()
        qtbot.waitUntil(lambda: queue.is_loaded, timeout=10_000)
        qtbot.waitUntil(lambda: all("READY" in ls for ls in lines), timeout=60_000)

        row = next(r for r in range(queue.model.rowCount()) if queue.model.row_at(r).id == p1)
        queue.view.setCurrentIndex(queue.model.index(row, 2))
        qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.header.id == p1, timeout=5000)
        queue.view.setFocus()
        clicked = time.time()
        queue.incident_actions["claim"].trigger()  # what C or the toolbar's Claim does
        qtbot.waitUntil(lambda: all(any(ln.startswith("SEEN") for ln in ls) for ls in lines), timeout=5000)
        for ls in lines:
            seen = next(ln for ln in ls if ln.startswith("SEEN"))
            _, key, at = seen.split()
            assert int(key) == p1
            assert float(at) - clicked < 2.0
    finally:
        for proc in others:
            assert proc.stdin is not None
            proc.stdin.close()
        for proc in others:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for reader in readers:
            reader.join(5)
        for proc in others:
            assert proc.stdout is not None
            proc.stdout.close()
