"""The coverage dock: a gap shows (coloured and marked), the verdict and who could move, live updates when
an agent clocks in or comes back from break, desk rows that open, the day picker, the wall's flag."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import attendance, staffing
from tests.factories import TZ, SmallFloor
from ui.docks.coverage import CoverageDock
from ui.models.coverage import PRESENT_GAP, GapRole, RowKeyRole

SUPERVISOR = Actor("supervisor", "supervisor")


@pytest.fixture
def hour(small_floor: SmallFloor) -> int:
    return small_floor.now.astimezone(TZ).hour


@pytest.fixture
def needs(db: Database, small_floor: SmallFloor, hour: int) -> None:
    """The KYC desk needs two people, one of them a Mandarin speaker, in the running hour; ATO one."""
    end = hour + 1
    staffing.set_requirement(db, SUPERVISOR, "kyc", hour, end, 2)
    staffing.set_requirement(db, SUPERVISOR, "kyc", hour, end, 1, language="zh")
    staffing.set_requirement(db, SUPERVISOR, "ato", hour, end, 1)


def make_dock(qtbot, ctx) -> CoverageDock:  # type: ignore[no-untyped-def]
    dock = CoverageDock(ctx)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.loaded, timeout=3000):
        dock.load()
    return dock


def cell(dock: CoverageDock, key: tuple[str, str, str], hour: int) -> tuple[str, str]:
    row = dock.model.row_of(key)
    assert row is not None
    index = dock.model.index(row, hour)
    return index.data(), index.data(GapRole)


def test_gap_is_coloured_and_marked_and_updates_live(
    qtbot, qtmodeltester, on_shift, db: Database, small_floor: SmallFloor, hour: int, needs: None
) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    announced: list[list[Any]] = []
    dock = CoverageDock(ctx)
    qtbot.addWidget(dock)
    dock.alerted.connect(announced.append)
    with qtbot.waitSignal(dock.loaded, timeout=3000):
        dock.load()
    for model in (dock.model, dock.loads, dock.moves):
        qtmodeltester.check(model)
    # Understaffed from the first look: the tab says so (it sits behind the floor map), nothing is announced.
    assert dock.windowTitle() == "⚠ Coverage"
    assert announced == []
    assert dock.model.hour_now == hour
    # Chen (on break) and Dev (absent) are the KYC desk: nobody there now. The mark says so, not only colour.
    assert cell(dock, ("kyc", "", ""), hour) == ("0/2!\ns2", "present")
    index = dock.model.index(dock.model.row_of(("kyc", "", "")), hour)
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == PRESENT_GAP[0]
    assert "Gap: 2 fewer present than required" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert cell(dock, ("ato", "", ""), hour) == ("2/1\ns2", "")
    assert dock.banner.text() == (
        "Understaffed for current risk — KYC review: 0 present, 2 required now; "
        "0 Mandarin speakers present, 1 required now"
    )
    # Ana and Ben have no KYC skill (and Ana owns an incident): nobody can go.
    assert dock.moves.rowCount() == 1
    assert dock.moves.index(0, 0).data() == "→ KYC review\nNobody can move without opening a gap"

    seq = last_seq(db)
    attendance.record(db, SYSTEM, small_floor.agents["Dev"], "clock_in", at=small_floor.now, source="badge")
    with qtbot.waitSignal(dock.updated, timeout=3000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert cell(dock, ("kyc", "", ""), hour) == ("1/2!\ns2", "present")
    assert dock.banner.text().startswith(
        "Understaffed for current risk — KYC review: 1 present, 2 required now"
    )

    seq = last_seq(db)
    attendance.record(
        db, SYSTEM, small_floor.agents["Chen"], "break_end", at=small_floor.now - timedelta(seconds=1)
    )
    with qtbot.waitSignal(dock.updated, timeout=3000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert cell(dock, ("kyc", "", ""), hour) == ("2/2\ns2", "")
    assert dock.banner.text() == "Staffing covers the current risk: 4 present, 3 required now."
    assert dock.windowTitle() == "Coverage"
    assert dock.moves.rowCount() == 0
    for model in (dock.model, dock.loads, dock.moves):
        qtmodeltester.check(model)
    # Chen goes on break again: the floor turns understaffed, and that is announced once.
    seq = last_seq(db)
    attendance.record(db, SYSTEM, small_floor.agents["Chen"], "break_start", at=small_floor.now)
    with qtbot.waitSignal(dock.updated, timeout=3000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert dock.windowTitle() == "⚠ Coverage"
    [[alert]] = announced
    assert alert.kind == "understaffed"
    assert alert.message().startswith("Coverage: Understaffed for current risk — KYC review: 1 present")


def test_desk_rows_open_and_the_day_picker(
    qtbot, on_shift, small_floor: SmallFloor, hour: int, needs: None
) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    dock = make_dock(qtbot, ctx)
    keys = [dock.model.index(r, 0).data(RowKeyRole) for r in range(dock.model.rowCount())]
    assert keys == [("ato", "", ""), ("kyc", "", "")]
    header = dock.model.headerData(1, Qt.Orientation.Vertical)
    assert header == "▸ KYC review"
    dock.table.verticalHeader().sectionClicked.emit(1)
    assert dock.model.rowCount() == 3
    assert dock.model.headerData(2, Qt.Orientation.Vertical) == "  · Mandarin speakers"
    assert cell(dock, ("kyc", "", "zh"), hour) == ("0/1!\ns1", "present")
    # Yesterday: every hour is over, nothing is running now; Now brings today back.
    yesterday = small_floor.now.astimezone(TZ).date() - timedelta(days=1)
    with qtbot.waitSignal(dock.updated, timeout=3000):
        dock.set_day(yesterday)
    assert dock.model.hour_now is None
    assert dock.now_button.isEnabled()
    assert dock.day_edit.date().toPython() == yesterday
    with qtbot.waitSignal(dock.updated, timeout=3000):
        dock.now_button.click()
    assert dock.model.hour_now == hour
    assert not dock.now_button.isEnabled()


def test_the_wall_raises_the_flag(qtbot, shift_ctx, needs: None) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = shift_ctx(wall=True)
    dock = CoverageDock(ctx)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.flagChanged, timeout=3000) as flag:
        dock.load()
    assert flag.args[0].startswith("Understaffed for current risk — KYC review")
    assert dock.day_edit.isHidden()
    assert dock.now_button.isHidden()


def test_the_wall_window_shows_the_flag_across_the_top(
    qtbot, qapp, db: Database, small_floor: SmallFloor, needs: None
) -> None:  # type: ignore[no-untyped-def]
    """The wall window as the app builds it: the verdict runs across the top while it holds, though the
    coverage dock is a tab behind the floor map."""
    from PySide6.QtGui import QFont

    from console.identity import login_name
    from console.settings import Settings
    from tests.factories import add_users
    from ui.app import build_window
    from ui.tasks import InlineRunner

    font = QFont(qapp.font())
    add_users(db, (login_name(db), "viewer"))
    win = build_window(
        qapp, Settings.load(), db, wall=True, now=lambda: small_floor.now, runner=InlineRunner()
    )
    try:
        qtbot.addWidget(win)
        win.show()
        with qtbot.waitSignal(win.allLoaded, timeout=10_000):
            win.start()
        assert win.coverage_banner.isVisible()
        assert win.coverage_banner_text.text().startswith("Understaffed for current risk — KYC review")
        coverage = next(d for d in win.docks if d.objectName() == "coverage")
        floor = next(d for d in win.docks if d.objectName() == "floor")
        assert coverage in win.tabifiedDockWidgets(floor)
    finally:
        win.shutdown()
        win.ctx.hub.deleteLater()  # parented to the application by build_window
        win.ctx.clock.deleteLater()
        qapp.setFont(font)  # build_window enlarges the application's type for the wall
