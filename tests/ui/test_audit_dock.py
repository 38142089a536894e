"""The audit viewer dock, the red banner for a broken chain, and who is signed in on the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from console.auth import SYSTEM
from console.db.engine import Database
from console.services import incidents
from console.topics import ChangeBatch
from console.views import audit as audit_view
from tests.factories import SmallFloor
from ui.docks.audit import COLUMNS, AuditDock
from ui.mainwindow import MainWindow


@pytest.fixture
def dock(qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx):  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    d = AuditDock(ctx)
    qtbot.addWidget(d)
    return d


def texts(dock: AuditDock, column: str) -> list[str]:
    col = COLUMNS.index(column)
    return [dock.model.index(r, col).data() for r in range(dock.model.rowCount())]


def test_nothing_is_read_until_shown_then_newest_first_with_filters(dock: AuditDock) -> None:
    assert dock.model.rowCount() == 0
    dock.show()
    assert dock.model.rowCount() > 5, dock.count_label.text()
    ids = [r.id for r in dock.model.rows]
    assert ids == sorted(ids, reverse=True)
    assert "org.add_user" in texts(dock, "action")
    users = [dock.user_box.itemData(i) for i in range(dock.user_box.count())]
    assert users[0] is None
    assert "admin" in users
    assert "system" in users
    dock.user_box.setCurrentIndex(users.index("system"))
    assert set(texts(dock, "actor")) == {"system"}
    entities = [dock.entity_box.itemData(i) for i in range(dock.entity_box.count())]
    dock.user_box.setCurrentIndex(0)
    dock.entity_box.setCurrentIndex(entities.index("incident"))
    assert {r.entity for r in dock.model.rows} == {"incident"}


def test_before_and_after_and_the_workstation_are_shown(dock: AuditDock, db: Database) -> None:
    dock.show()
    inc = incidents.open_incident(db, SYSTEM, title="x", category="ato_wave", severity=2)
    incidents.transition(db, SYSTEM, inc, "acknowledged", expected_version=1)
    dock.ctx.hub.batch.emit(ChangeBatch())  # what the live feed does after a write
    newest = dock.model.rows[0]
    assert newest.action == "incident.acknowledged"
    assert newest.change.startswith("status: open → acknowledged")
    assert texts(dock, "host")[0] == SYSTEM.host
    assert '"before"' in dock.model.index(0, COLUMNS.index("change")).data(0x0003)  # ToolTipRole


def test_older_pages_come_as_the_list_is_scrolled(dock: AuditDock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_view, "PAGE", 4)
    dock.show()
    assert dock.model.rowCount() == 4
    assert dock.model.canFetchMore(dock.model.index(-1, -1))
    assert "more when scrolled" in dock.count_label.text()
    seen = 4
    while dock.model.canFetchMore(dock.model.index(-1, -1)):
        dock.model.fetchMore(dock.model.index(-1, -1))
        assert dock.model.rowCount() > seen
        seen = dock.model.rowCount()
    ids = [r.id for r in dock.model.rows]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == len(ids)


def test_a_broken_chain_raises_the_red_banner_and_the_status_bar_names_the_user(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 3"))
    ctx = make_ctx(db, small_floor.now)
    ctx.audit_check = True
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    try:
        assert win.audit_banner.isHidden()
        assert win.status.user_label.text() == "supervisor · supervisor"
        with (
            qtbot.waitSignal(win.auditChecked, timeout=10_000),
            qtbot.waitSignal(win.allLoaded, timeout=5000),
        ):
            win.start()
        assert not win.audit_banner.isHidden()
        banner = win.audit_banner_text.text()
        assert "tampered" in banner
        assert "Record 3 " in banner
    finally:
        win.shutdown()
