"""Alerts reach people: a new P1 is highlighted and announced (tray, sound, wall banner) until acted on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import incidents
from tests.factories import SmallFloor
from ui.mainwindow import MainWindow
from ui.models.incident_queue import ATTENTION_FILL


def _deliver(win: MainWindow, db: Database, since: int) -> None:
    """What the live hub does: the change feed since ``since`` as a batch, to every dock."""
    win.ctx.hub.dispatch(changes_since(db, since))


def test_a_new_p1_is_highlighted_announced_and_cleared_when_acknowledged(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.allLoaded, timeout=5000):
            win.start()
        dock = next(d for d in win.docks if d.objectName() == "incidents")
        before = dock.attention_count  # the small floor's own P1 (unacknowledged): highlighted, not announced
        assert before >= 1
        assert win.alerts.history == []
        seq = last_seq(db)
        inc = incidents.open_incident(
            db,
            SYSTEM,
            title="Withdrawal spike to new addresses",
            category="withdrawal_anomaly",
            severity=1,
            at=small_floor.now,
        )
        with qtbot.waitSignal(dock.alerted, timeout=5000) as got:
            _deliver(win, db, seq)
        (alert,) = got.args[0]
        assert (alert.incident_id, alert.kind) == (inc, "new")
        assert win.alerts.history[-1] == alert
        assert win.alerts.sounded == 1  # P1 and P2 sound by default
        pos = dock.model.row_of(inc)
        assert dock.model.index(pos, 2).data(Qt.ItemDataRole.BackgroundRole) == ATTENTION_FILL
        assert dock.attention_count == before + 1
        assert "need" in dock.summary.text()
        assert win.alert_banner.isHidden()  # the banner is the wall screen's

        seq = last_seq(db)
        incidents.transition(db, SYSTEM, inc, "acknowledged", expected_version=1, at=small_floor.now)
        _deliver(win, db, seq)
        pos = dock.model.row_of(inc)
        assert dock.model.index(pos, 2).data(Qt.ItemDataRole.BackgroundRole) is None
        assert dock.attention_count == before
    finally:
        win.shutdown()


def test_the_wall_screen_runs_alerts_as_a_banner_and_sound_can_be_off(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now, wall=True)
    ctx.settings.set("alert_sound", "off")
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.allLoaded, timeout=5000):
            win.start()
        dock = next(d for d in win.docks if d.objectName() == "incidents")
        seq = last_seq(db)
        incidents.open_incident(
            db, SYSTEM, title="KYC forgery ring", category="kyc_fraud_ring", severity=2, at=small_floor.now
        )
        with qtbot.waitSignal(dock.alerted, timeout=5000):
            _deliver(win, db, seq)
        assert not win.alert_banner.isHidden()
        assert "New P2" in win.alert_banner_text.text()
        assert "KYC forgery ring" in win.alert_banner_text.text()
        assert win.alerts.sounded == 0
    finally:
        win.shutdown()


def test_the_console_stands_for_timer_leader_and_records_a_breach_once(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """On the embedded default no worker is needed: the console leads the floor's timers (console.timers)."""
    import time
    from datetime import timedelta

    from sqlalchemy import func, select

    from console.db.models import IncidentEvent
    from console.floortime import utcnow

    late = incidents.open_incident(
        db, SYSTEM, title="Unanswered P1", category="ato_wave", severity=1, at=utcnow() - timedelta(hours=2)
    )
    ctx = make_ctx(db, small_floor.now)
    ctx.timers = True
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    try:
        with qtbot.waitSignal(win.allLoaded, timeout=5000):
            win.start()
        assert win.timer_leader is not None

        def breaches() -> int:
            with db.reading() as s:
                return int(
                    s.scalar(
                        select(func.count())
                        .select_from(IncidentEvent)
                        .where(IncidentEvent.incident_id == late, IncidentEvent.kind == "sla_breached")
                    )
                    or 0
                )

        deadline = time.monotonic() + 15
        while breaches() < 2 and time.monotonic() < deadline:  # acknowledge and resolve SLAs both passed
            qtbot.wait(200)
        assert breaches() == 2
        assert win.timer_leader.leading
        from console.timers import run_due

        run_due(db, utcnow())  # another round (any process's): nothing is recorded twice
        assert breaches() == 2
    finally:
        win.shutdown()
        if win.timer_thread is not None:  # let it finish its round and let go before the database closes
            win.timer_thread.join(10)
