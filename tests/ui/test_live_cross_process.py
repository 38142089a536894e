"""Live across processes: another process writes through the services; the open window shows it in < 2 s.

The window here runs for real: worker threads, the live hub following the change feed (SQLite
``data_version`` / PostgreSQL ``LISTEN``), no injected changes.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from console.db.engine import Database
from console.floortime import floor_zone, utcnow
from console.services.attendance import Presence
from ui.clock import FloorClock
from ui.mainwindow import MainWindow
from ui.models.incident_queue import COLUMNS as INCIDENT_COLUMNS
from ui.models.roster import AgentIdRole
from ui.models.seats import AgentIdRole as SeatAgentRole
from ui.models.seats import PresenceRole as SeatPresenceRole

WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from console.auth import SIMULATOR
    from console.db.engine import Database
    from console.services import attendance, incidents
    db = Database.open(sys.argv[1])
    at = datetime.fromisoformat(sys.argv[3])
    incidents.open_incident(db, SIMULATOR, title="Sanctions hits spiking on TRC-20 deposits",
                            category="aml_spike", severity=2, at=at)
    attendance.record(db, SIMULATOR, int(sys.argv[2]), "clock_in", at=at, source="badge")
    print("committed", flush=True)
""")


def test_changes_from_another_process_reach_every_dock(
    qtbot,
    db: Database,
    small_floor,
    make_ctx,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    started = utcnow()
    ctx = make_ctx(db, small_floor.now, threaded=True)
    # The floor's clock runs from the small floor's moment, in real time.
    ctx.clock = FloorClock(floor_zone(), lambda: small_floor.now + (utcnow() - started))
    window = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.allLoaded, timeout=10_000):
        window.start()
    docks = {d.objectName(): d for d in window.docks}
    dev = small_floor.agents["Dev"]
    at = small_floor.now + (utcnow() - started)

    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            db.url.render_as_string(hide_password=False),
            str(dev),
            at.isoformat(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "committed" in out
    committed = time.monotonic()

    def incident_shown() -> bool:
        model = docks["incidents"].model
        titles = [model.index(r, INCIDENT_COLUMNS.index("title")).data() for r in range(model.rowCount())]
        return "Sanctions hits spiking on TRC-20 deposits" in titles

    def attendance_shown() -> bool:
        model = docks["attendance"].model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(AgentIdRole) == dev)
        return model.presence_at(row) is Presence.LATE

    def seat_shown() -> bool:
        model = docks["floor"].model
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(SeatAgentRole) == dev)
        return model.index(row, 0).data(SeatPresenceRole) == Presence.LATE.value

    qtbot.waitUntil(lambda: incident_shown() and attendance_shown() and seat_shown(), timeout=2000)
    assert time.monotonic() - committed < 2.0
    window.shutdown()
