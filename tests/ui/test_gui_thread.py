"""The GUI thread never touches the database once the window is up, and the live feed survives a reconnect."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from console.auth import SYSTEM
from console.db.engine import Database
from console.floortime import floor_zone, utcnow
from console.services import incidents
from ui.clock import FloorClock
from ui.mainwindow import MainWindow
from ui.models.incident_queue import COLUMNS


def _window(qtbot, db: Database, small_floor, make_ctx, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    started = utcnow()
    ctx = make_ctx(db, small_floor.now, threaded=True)
    ctx.clock = FloorClock(floor_zone(), lambda: small_floor.now + (utcnow() - started))
    window = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(window)
    return window


def test_no_database_work_on_the_gui_thread(
    qtbot,
    db: Database,
    small_floor,
    make_ctx,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gui = threading.current_thread()
    on_gui: list[str] = []
    real_reading = Database.reading

    @contextmanager
    def watched(self):  # type: ignore[no-untyped-def]
        if threading.current_thread() is gui:
            on_gui.append("read")
        with real_reading(self) as session:
            yield session

    monkeypatch.setattr(Database, "reading", watched)
    window = _window(qtbot, db, small_floor, make_ctx, tmp_path)
    with qtbot.waitSignal(window.allLoaded, timeout=10_000):
        window.start()
    incidents.open_incident(db, SYSTEM, title="Read off the GUI thread", category="feed_failure", severity=4)
    model = next(d for d in window.docks if d.objectName() == "incidents").model
    qtbot.waitUntil(
        lambda: (
            "Read off the GUI thread"
            in [model.index(r, COLUMNS.index("title")).data() for r in range(model.rowCount())]
        ),
        timeout=3000,
    )
    window.shutdown()
    assert on_gui == []


@pytest.mark.postgres
def test_window_catches_up_after_the_listen_connection_drops(
    qtbot, pg_url: str, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from console.db import migrate
    from console.db.engine import make_engine
    from tests.factories import build_small_floor, floor_now

    db = Database(make_engine(pg_url))
    migrate.upgrade(db.engine)
    small = build_small_floor(db, floor_now())
    window = _window(qtbot, db, small, make_ctx, tmp_path)
    with qtbot.waitSignal(window.allLoaded, timeout=10_000):
        window.start()
    url = db.url
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
    ) as c:
        c.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'watchfloor-listen' AND pid <> pg_backend_pid()"
        )
    # Written while the console's LISTEN connection is gone: the NOTIFY is lost, the feed is not.
    titles = [f"Written during the outage {n}" for n in range(3)]
    for title in titles:
        incidents.open_incident(db, SYSTEM, title=title, category="feed_failure", severity=4)
    model = next(d for d in window.docks if d.objectName() == "incidents").model

    def shown() -> bool:
        held = {model.index(r, COLUMNS.index("title")).data() for r in range(model.rowCount())}
        return set(titles) <= held

    qtbot.waitUntil(shown, timeout=5000)
    assert window.ctx.hub.online
    window.shutdown()
    db.dispose()
