"""The main window: every dock loads, the layout persists, the View menu toggles docks, Chinese titles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from console.db.engine import Database
from console.db.models import AuditEntry, Incident
from console.errors import PermissionDenied, ReadOnly
from console.identity import login_name
from console.services import attendance, incidents
from console.settings import Settings
from tests.factories import SmallFloor, add_users
from ui import i18n
from ui.app import build_window
from ui.mainwindow import MainWindow
from ui.tasks import InlineRunner

EXPECTED_DOCKS = {
    "floor",
    "attendance",
    "adherence",
    "handover",
    "coverage",
    "incidents",
    "incident",
    "indicators",
    "rota",
}
ZH_TITLES = {
    "floor": "现场座位",
    "attendance": "考勤",
    "adherence": "排班遵从度",
    "handover": "值班日志与交接班",
    "incidents": "风险事件",
    "incident": "事件详情",
    "indicators": "风险指标",
    "coverage": "人力覆盖",  # the glossary's coverage
    "rota": "排班表",
}


@pytest.fixture
def window(qtbot, db: Database, small_floor, make_ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.allLoaded, timeout=5000):
        win.start()
    yield win
    win.shutdown()


def test_every_dock_loads(window: MainWindow) -> None:
    assert {d.objectName() for d in window.docks} == EXPECTED_DOCKS
    assert all(d.is_loaded for d in window.docks)
    assert "SQLite" in window.status.db_label.text() or "PostgreSQL" in window.status.db_label.text()
    assert "online" in window.status.db_label.text()
    assert "shift" in window.status.shift_label.text()


def test_view_menu_toggles_docks_and_layout_is_restored(
    qtbot,
    window: MainWindow,
    db: Database,
    small_floor,  # type: ignore[no-untyped-def]
    make_ctx,
    tmp_path: Path,
) -> None:
    window.show()
    actions = {a.text(): a for a in window.view_menu.actions()}
    incidents = next(d for d in window.docks if d.objectName() == "incidents")
    actions[incidents.windowTitle()].trigger()
    assert not incidents.isVisible()
    window.save_layout()
    again = MainWindow(make_ctx(db, small_floor.now), tmp_path / "layout.ini")
    qtbot.addWidget(again)
    again.show()
    restored = {d.objectName(): d.isVisible() for d in again.docks}
    assert restored["incidents"] is False
    assert restored["floor"] is True


def test_a_layout_saved_before_the_handover_dock_gets_it_as_a_tab_behind_the_floor(
    qtbot,
    window: MainWindow,
    db: Database,
    small_floor,
    make_ctx,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """A layout saved by an older console (five docks): restoring it keeps it, and the new dock keeps its
    default place (a tab behind the floor map) instead of a column of its own."""
    window.show()
    by_name = {d.objectName(): d for d in window.docks}
    window.removeDockWidget(by_name["handover"])
    window.save_layout()
    again = MainWindow(make_ctx(db, small_floor.now), tmp_path / "layout.ini")
    qtbot.addWidget(again)
    again.show()
    docks = {d.objectName(): d for d in again.docks}
    assert again._restored
    assert docks["handover"] in again.tabifiedDockWidgets(docks["floor"])
    assert docks["floor"].isVisible()
    # The adherence dock, newer than that layout too, is a tab behind attendance, which stays in front.
    assert docks["adherence"] in again.tabifiedDockWidgets(docks["attendance"])
    assert docks["attendance"].isVisible()


def test_chinese_dock_titles(qtbot, db: Database, small_floor, make_ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    installed = i18n.install(app, "zh_CN")  # type: ignore[arg-type]
    try:
        assert installed, "the zh_CN catalogue did not load (run the build to compile translations)"
        win = MainWindow(make_ctx(db, small_floor.now, language="zh_CN"), tmp_path / "layout.ini")
        qtbot.addWidget(win)
        assert {d.objectName(): d.windowTitle() for d in win.docks} == ZH_TITLES
        assert win.view_menu.title().startswith("视图")
    finally:
        for tr in installed:
            app.removeTranslator(tr)  # type: ignore[union-attr]
        i18n.install(app, "en")  # type: ignore[arg-type]


def test_language_switches_at_run_time_from_the_view_menu(window: MainWindow, qapp) -> None:  # type: ignore[no-untyped-def]
    """View → Language: every dock, menu, header and the status bar follow at once, and back to English."""
    english = {d.objectName(): d.windowTitle() for d in window.docks}
    incidents = next(d for d in window.docks if d.objectName() == "incidents")
    header = incidents.model.headerData(0, Qt.Orientation.Horizontal)
    try:
        window.language_actions["zh_CN"].trigger()
        qapp.processEvents()
        assert {d.objectName(): d.windowTitle() for d in window.docks} == ZH_TITLES
        assert window.view_menu.title().startswith("视图")
        assert window.language_menu.title().startswith("语言")
        assert incidents.model.headerData(0, Qt.Orientation.Horizontal) != header
        assert "在线" in window.status.db_label.text()
        assert window.ctx.settings.language == "zh_CN"
        assert 'language = "zh_CN"' in window.ctx.settings.path.read_text(encoding="utf-8")  # remembered
    finally:
        window.language_actions["en"].trigger()
        qapp.processEvents()
    assert {d.objectName(): d.windowTitle() for d in window.docks} == english
    assert incidents.model.headerData(0, Qt.Orientation.Horizontal) == header
    assert "online" in window.status.db_label.text()


def test_wall_mode_is_read_only_and_has_no_menus(
    qtbot: QtBot, qapp: QApplication, db: Database, small_floor: SmallFloor
) -> None:
    """The wall window as the app assembles it (``build_window``): no menus, no closable docks, and a write
    through the services with the window's own database and actor is refused, leaving nothing behind."""
    font = QFont(qapp.font())
    add_users(db, (login_name(db), "supervisor"))  # whatever the account's role, the wall only views
    win = build_window(
        qapp, Settings.load(), db, wall=True, now=lambda: small_floor.now, runner=InlineRunner()
    )
    try:
        qtbot.addWidget(win)
        assert win.menuBar().isHidden()
        assert all(not d.features() & d.DockWidgetFeature.DockWidgetClosable for d in win.docks)

        ctx = win.ctx
        with db.reading() as s:
            before = s.scalar(select(func.count()).select_from(AuditEntry))
        with pytest.raises((PermissionDenied, ReadOnly)):
            incidents.open_incident(
                ctx.db, ctx.actor, title="From the wall", category="ato_wave", severity=1, at=small_floor.now
            )
        with pytest.raises((PermissionDenied, ReadOnly)):
            attendance.record(ctx.db, ctx.actor, small_floor.agents["Dev"], "clock_in", at=small_floor.now)
        with db.reading() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
            assert "From the wall" not in set(s.scalars(select(Incident.title)))
    finally:
        win.shutdown()
        win.ctx.hub.deleteLater()  # parented to the application by build_window
        win.ctx.clock.deleteLater()
        qapp.setFont(font)  # build_window enlarges the application's type for the wall
