"""The adherence dock: the small floor's standings, live when a break starts, an overrun by the clock alone,
the supervisor's re-plan on the write worker, translations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import PlannedBreak
from console.feed import changes_since, last_seq
from console.services import attendance
from ui.docks.adherence import AdherenceDock
from ui.format import BadgeRole
from ui.models.adherence import COLUMNS, FLAG_COLORS, FlagRole

STATUS = COLUMNS.index("status")


def cells(dock: AdherenceDock) -> dict[str, dict[str, str]]:
    model = dock.model
    return {
        model.index(r, 0).data(): {c: model.index(r, i).data() for i, c in enumerate(COLUMNS)}
        for r in range(model.rowCount())
    }


def flag(dock: AdherenceDock, agent_id: int) -> str:
    row = dock.model.row_of(agent_id)
    assert row is not None
    return str(dock.model.index(row, 0).data(FlagRole))


@pytest.fixture
def dock(qtbot, on_shift) -> AdherenceDock:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    d = AdherenceDock(ctx)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=2000):
        d.load()
    return d


def test_the_small_floor_by_agent(dock: AdherenceDock, qtmodeltester, small_floor) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)
    got = cells(dock)
    assert set(got) == {"Ana", "Ben", "Chen", "Dev", "Eve"}
    # Dev never came: absent 45 minutes into the shift, out of adherence in colour and in words.
    assert (got["Dev"]["scheduled"], got["Dev"]["actual"], got["Dev"]["status"]) == (
        "Working",
        "Absent",
        "Out 45 min",
    )
    assert got["Dev"]["adherence"] == "0"
    assert flag(dock, small_floor.agents["Dev"]) == "out"
    row = dock.model.row_of(small_floor.agents["Dev"])
    assert dock.model.index(row, STATUS).data(BadgeRole) == FLAG_COLORS["out"]
    assert (got["Ana"]["actual"], got["Ana"]["status"]) == ("On seat", "In adherence")
    # Chen went on break 5 minutes ago with none planned: off plan, still within the 5-minute threshold.
    assert (got["Chen"]["actual"], got["Chen"]["status"]) == ("On break", "Off plan 5 min")
    assert got["Chen"]["break"] == "5/60"
    assert got["Eve"]["scheduled"] == "Leave"
    assert "ATO desk&nbsp;1/1" in dock.desks.text()  # the desk by its name, not its code


def test_a_break_starting_shows_live_and_turns_into_an_overrun(  # type: ignore[no-untyped-def]
    dock: AdherenceDock, qtbot, qtmodeltester, db: Database, small_floor, on_shift
) -> None:
    _ctx, hand = on_shift
    ana = small_floor.agents["Ana"]
    changed: list[int] = []
    dock.model.dataChanged.connect(lambda tl, br, *_: changed.extend(range(tl.row(), br.row() + 1)))
    seq = last_seq(db)
    attendance.record(db, SYSTEM, ana, "break_start", at=small_floor.now, source="console")
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    assert set(changed) == {dock.model.row_of(ana)}
    assert cells(dock)["Ana"]["actual"] == "On break"
    assert cells(dock)["Ana"]["since"] == small_floor.now.astimezone(dock.ctx.clock.tz).strftime("%H:%M")
    qtmodeltester.check(dock.model)
    # Time alone: Chen's break (no plan: the longest piece of 60, 30 min) passes 30 minutes.
    chen = small_floor.agents["Chen"]
    hand.at = small_floor.now + timedelta(minutes=25)
    dock.ctx.clock.ticked.emit()
    assert flag(dock, chen) == "out"  # off plan for 25 minutes
    announced: list[list[Any]] = []
    dock.alerted.connect(announced.append)
    hand.at = small_floor.now + timedelta(minutes=25, seconds=1)
    dock.ctx.clock.ticked.emit()
    assert flag(dock, chen) == "overrun"
    # The overrun reaches the window's alert centre once, as it begins; the next tick says nothing new.
    [[alert]] = announced
    assert (alert.kind, alert.title, alert.ref) == ("break_overrun", "Chen", "30/30 min")
    assert alert.message() == "Chen: break overrun (30/30 min)"
    hand.at = small_floor.now + timedelta(minutes=27)
    dock.ctx.clock.ticked.emit()
    assert len(announced) == 1
    assert cells(dock)["Chen"]["status"] == "Overrun 32/30 min"
    row = dock.model.row_of(chen)
    assert dock.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "past the planned break of 30 min" in dock.model.index(row, STATUS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert dock.summary.text().replace("\u00a0", " ").startswith("Rostered 5 · Overrun 1")


def test_replan_on_the_write_worker(dock: AdherenceDock, qtbot, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    assert dock.replan_button.isVisibleTo(dock)
    seq = last_seq(db)
    dock.replan()
    plan = dock.last_plan
    assert plan is not None
    assert plan.slots
    assert dock.message.isVisibleTo(dock)
    assert dock.message.text().startswith(f"Planned {len(plan.slots)} breaks.")
    with db.reading() as s:
        assert len(s.scalars(select(PlannedBreak)).all()) == len(plan.slots)
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    ana = dock.model.row_data(dock.model.row_of(small_floor.agents["Ana"]))
    assert ana.facts.planned
    assert dock.timeline.lanes
    assert cells(dock)["Ana"]["next"] != ""


def test_a_viewer_cannot_replan(qtbot, shift_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx, _hand = shift_ctx(wall=True)
    d = AdherenceDock(ctx)
    qtbot.addWidget(d)
    assert not d.replan_button.isVisibleTo(d)


def test_every_visible_string_is_translatable(qtbot, shift_ctx, marking_translator) -> None:  # type: ignore[no-untyped-def]
    ctx, _hand = shift_ctx()
    d = AdherenceDock(ctx)
    qtbot.addWidget(d)
    d.load()
    marked = marking_translator.marked
    assert marked(d.windowTitle())
    assert marked(d.deviations.text())
    assert marked(d.replan_button.text())
    assert all(marked(d.which.itemText(i)) for i in range(d.which.count()))
    assert all(marked(d.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(COLUMNS)))
    for r in range(d.model.rowCount()):
        for c in ("scheduled", "actual", "status"):
            assert marked(d.model.index(r, COLUMNS.index(c)).data())
    assert all(marked(part) for part in d.summary.text().split(" · "))
