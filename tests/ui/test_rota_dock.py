"""The Rota dock: the week grid grouped by desk with each desk's coverage, a rule broken highlighted and named
in its cell's tooltip, a hand edit from the cell menu (a breaking one refused until a reason is given), the
Generate… dialog solving on the worker and publishing, and a swap approved from the list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import RotaAssignment
from console.services import rota, swaps
from tests.rota_floor import FIRST, NOW, SUPERVISOR, RotaFloor, build_rota_floor
from ui.context import ConsoleContext
from ui.docks.rota import RotaDock
from ui.models.rota import AGENT_ROLE, PROBLEMS_ROLE


@pytest.fixture
def fl(db: Database) -> RotaFloor:
    return build_rota_floor(db)


@pytest.fixture
def make_dock(
    qtbot: QtBot, db: Database, fl: RotaFloor, make_ctx: Callable[..., ConsoleContext]
) -> Callable[..., RotaDock]:
    def make(**kwargs: object) -> RotaDock:
        ctx = make_ctx(db, NOW, **kwargs)
        dock = RotaDock(ctx)
        qtbot.addWidget(dock)
        with qtbot.waitSignal(dock.loaded, timeout=10000):
            dock.load()
        return dock

    return make


def _agent_cell(dock: RotaDock, agent_id: int, column: int) -> QModelIndex:
    m = dock.model
    for r in range(m.rowCount()):
        desk = m.index(r, 0)
        for c in range(m.rowCount(desk)):
            if m.index(c, 0, desk).data(AGENT_ROLE) == agent_id:
                return m.index(c, column, desk)
    raise AssertionError(f"agent {agent_id} not shown")


def test_the_week_grid_groups_agents_by_desk_with_coverage(
    qtmodeltester, make_dock: Callable[..., RotaDock], fl: RotaFloor
) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock()
    m = dock.model
    assert dock.first == FIRST - timedelta(days=7)  # the week of "now" (a Sunday), from its Monday
    desks = [m.index(r, 0).data() for r in range(m.rowCount())]
    assert desks == ["ATO desk (6)", "KYC review (3)"]
    assert dock.tree.isExpanded(m.index(0, 0))
    # Ana worked mornings the week before the period (five on, two off): her cells say M on the days on.
    codes = {_agent_cell(dock, fl.agents["Ana"], c).data() for c in range(1, 8)}
    assert codes == {"M", ""}
    # The desk's row: the fewest on it at any hour against the requirement then, per day.
    assert all("/" in (m.index(0, c).data() or "") for c in range(1, 8))
    assert m.headerData(1, Qt.Orientation.Horizontal).startswith("Mon 15/3")
    qtmodeltester.check(m)


def test_a_broken_rule_is_highlighted_and_named(
    qtbot: QtBot, make_dock: Callable[..., RotaDock], db: Database, fl: RotaFloor
) -> None:
    ana = fl.agents["Ana"]
    rota.set_shift(db, SUPERVISOR, ana, FIRST, "E", now=NOW)
    rota.set_shift(db, SUPERVISOR, ana, FIRST + timedelta(days=1), "M", reason="short-staffed", now=NOW)
    dock = make_dock()
    with qtbot.waitSignal(dock.loaded, timeout=10000, raising=False):
        dock.show_week(FIRST)
    cell = _agent_cell(dock, ana, 2)  # Tuesday: 8 h after Monday's evening
    assert cell.data() == "⚠ M"
    assert "Too little rest" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert _agent_cell(dock, ana, 1).data() == "E"
    assert "rule problems" in dock.summary.text()
    # The desk rows show the gaps of the empty week, highlighted, the gap named in the tooltip.
    ato_monday = dock.model.index(0, 1)
    assert ato_monday.data(PROBLEMS_ROLE)
    assert ato_monday.data(Qt.ItemDataRole.BackgroundRole) is not None
    menu = dock.cell_menu(cell)
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("⚠ Too little rest") for t in texts)
    assert "Off" in texts


def test_a_hand_edit_from_the_menu_is_stored_and_a_breaking_one_asks_for_a_reason(
    qtbot: QtBot,
    make_dock: Callable[..., RotaDock],
    db: Database,
    fl: RotaFloor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.docks import rota as rota_dock

    ana = fl.agents["Ana"]
    dock = make_dock()
    dock.show_week(FIRST)
    dock.set_shift(ana, FIRST, "E")
    asked: list[str] = []

    def answer(_parent: object, _title: str, label: str) -> tuple[str, bool]:
        asked.append(label)
        return ("covering", True)

    monkeypatch.setattr(rota_dock.QInputDialog, "getText", answer)
    dock.set_shift(ana, FIRST + timedelta(days=1), "M")
    assert asked
    assert "Too little rest" in asked[0]
    with db.reading() as s:
        rows = {r.shift_date for r in s.scalars(select(RotaAssignment).where(RotaAssignment.agent_id == ana))}
    assert {FIRST, FIRST + timedelta(days=1)} <= rows
    assert dock.message.text().startswith("Stored")


def test_generate_dialog_solves_shows_fairness_and_publishes(
    qtbot: QtBot, make_dock: Callable[..., RotaDock], db: Database, fl: RotaFloor
) -> None:
    dock = make_dock()
    dialog = dock.open_generate()
    qtbot.addWidget(dialog)
    assert dialog.start.date().toString("yyyy-MM-dd") == FIRST.isoformat()
    dialog.weeks.setValue(1)
    assert not dialog.publish_button.isEnabled()
    with qtbot.waitSignal(dialog.generated, timeout=60000):
        dialog.run_button.click()
    text = dialog.report.toPlainText()
    assert "Nights" in text
    assert "ATO desk" in text
    assert "Every requirement is covered." in text
    with qtbot.waitSignal(dialog.published, timeout=10000) as published:
        dialog.publish_button.click()
    assert published.args[0]["added"] == len(dialog.plan.shifts)
    assert rota.check_period(db, FIRST, FIRST + timedelta(days=6)) == []
    dialog.close()


def test_a_swap_is_approved_from_the_list(
    qtbot: QtBot, make_dock: Callable[..., RotaDock], db: Database, fl: RotaFloor
) -> None:
    ana, ben = fl.agents["Ana"], fl.agents["Ben"]
    day1, day2 = FIRST + timedelta(days=1), FIRST + timedelta(days=3)
    rota.set_shift(db, SUPERVISOR, ana, day1, "M", now=NOW)
    rota.set_shift(db, SUPERVISOR, ben, day2, "M", now=NOW)
    with db.reading() as s:
        mine, theirs = rota.row_id(s, ana, day1), rota.row_id(s, ben, day2)
    sid = swaps.request(db, Actor("ana", "analyst"), mine, theirs, now=NOW)
    swaps.accept(db, Actor("ben", "analyst"), sid)
    dock = make_dock()
    assert dock.swap_model.rowCount() == 1
    assert "Open swap requests: 1" in dock.swaps_label.text()
    dock.swaps.selectRow(0)
    assert dock.approve_button.isEnabled()
    dock.approve_button.click()
    assert "approved" in dock.message.text()
    with db.reading() as s:
        assert s.get(RotaAssignment, mine).agent_id == ben


def test_a_viewer_cannot_edit(make_dock: Callable[..., RotaDock], fl: RotaFloor) -> None:
    dock = make_dock(wall=True)
    assert not dock.generate_button.isEnabled()
    menu = dock.cell_menu(_agent_cell(dock, fl.agents["Ana"], 1))
    assert menu is not None
    assert not any(a.isEnabled() for a in menu.actions() if a.text() != "")
