"""The staffing requirements dialog: it lists what the service stored, a requirement added through the form
is stored and the coverage dock follows it, a refused one shows the service's words and stores nothing, and a
viewer sees it read-only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from console.auth import Actor
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import staffing
from tests.factories import TZ, SmallFloor
from ui.context import ConsoleContext
from ui.docks.coverage import CoverageDock
from ui.staffing_dialog import StaffingDialog

SUPERVISOR = Actor("supervisor", "supervisor")


def make_dialog(qtbot: QtBot, ctx: ConsoleContext) -> StaffingDialog:
    dialog = StaffingDialog(ctx)
    qtbot.addWidget(dialog)
    return dialog


def rows(dialog: StaffingDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def stored(db: Database) -> list[tuple[str, int, int, int, str | None, str | None, int]]:
    with db.reading() as s:
        return [
            (r.zone_code, r.from_hour, r.to_hour, r.weekdays, r.skill, r.language, r.min_count)
            for r in staffing.requirements(s)
        ]


def test_the_table_lists_what_was_stored(
    qtbot: QtBot,
    qtmodeltester,
    db: Database,
    small_floor: SmallFloor,
    make_ctx: Callable[..., ConsoleContext],
) -> None:  # type: ignore[no-untyped-def]
    staffing.set_requirement(db, SUPERVISOR, "kyc", 7, 15, 3)
    staffing.set_requirement(db, SUPERVISOR, "kyc", 23, 7, 1, language="zh", weekdays=0b0100001)
    staffing.set_requirement(db, SUPERVISOR, "ato", 9, 18, 2, skill="aml", weekdays=0b0011111)
    dialog = make_dialog(qtbot, make_ctx(db, small_floor.now))
    qtmodeltester.check(dialog.model)
    assert dialog.model.headers() == ["Desk", "Window", "Days", "Skill", "Language", "At least"]
    table = sorted(rows(dialog))
    assert ["KYC review", "07:00–15:00", "Every day", "", "", "3"] in table
    assert ["KYC review", "23:00–07:00 (next day)", "Mon, Sat", "", "Mandarin", "1"] in table
    assert any(r[1:] == ["09:00–18:00", "Mon–Fri", "AML", "", "2"] for r in table)
    assert len(table) == 3
    assert dialog.note.isHidden()
    # Choosing a row fills the form with it.
    index = dialog.model.index(dialog.model.row_of(stored_id(db, "kyc", 23)) or 0, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    dialog.table.selectionModel().setCurrentIndex(index, flags)
    assert dialog.values() == ("kyc", 23, 7, 0b0100001, None, "zh", 1)
    assert dialog.remove_button.isEnabled()


def stored_id(db: Database, desk: str, start: int) -> int:
    with db.reading() as s:
        return next(r.id for r in staffing.requirements(s) if r.zone_code == desk and r.from_hour == start)


def test_adding_through_the_form_stores_it_and_the_coverage_dock_follows(
    qtbot: QtBot, on_shift, db: Database, small_floor: SmallFloor
) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    hour = small_floor.now.astimezone(TZ).hour
    dock = CoverageDock(ctx)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.loaded, timeout=3000):
        dock.load()

    def kyc_now() -> str:
        row = dock.model.row_of(("kyc", "", ""))
        return "" if row is None else str(dock.model.index(row, hour).data())

    assert kyc_now() == "0/0\ns2"  # nobody required at the KYC desk yet (and nobody there)
    assert dock.requirements_button.text() == "Requirements…"
    dock.requirements_button.click()
    dialog = dock.findChild(StaffingDialog)
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dock.open_requirements() is dialog  # a second click raises the one already open
    dialog.desk_combo.setCurrentIndex(dialog.desk_combo.findData("kyc"))
    dialog.from_combo.setCurrentIndex(hour)
    dialog.to_combo.setCurrentIndex(hour)  # ends at hour + 1
    dialog.count_spin.setValue(4)
    seq = last_seq(db)
    with qtbot.waitSignal(dialog.changed, timeout=3000):
        dialog.set_button.click()
    assert stored(db) == [("kyc", hour, hour + 1, 127, None, None, 4)]
    assert "at least 4 set" in dialog.last_message
    assert rows(dialog) == [["KYC review", f"{hour:02d}:00–{hour + 1:02d}:00", "Every day", "", "", "4"]]
    # The same desk, window, days, skill and language again: its count changes, no second row.
    dialog.count_spin.setValue(2)
    with qtbot.waitSignal(dialog.changed, timeout=3000):
        dialog.set_button.click()
    assert stored(db) == [("kyc", hour, hour + 1, 127, None, None, 2)]
    # The coverage dock reads the change from the feed: KYC needs two now.
    with qtbot.waitSignal(dock.updated, timeout=3000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert kyc_now() == "0/2!\ns2"
    # Remove deletes the chosen one.
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.changed, timeout=3000):
        dialog.remove_button.click()
    assert stored(db) == []
    assert dialog.model.rowCount() == 0


@pytest.mark.parametrize(
    ("days", "count", "error"),
    [
        ((), 3, "Choose at least one weekday."),
        ((0,), 501, "A required headcount is a whole number from 0 to 500 (got 501)."),
    ],
)
def test_a_bad_requirement_shows_the_error_and_stores_nothing(
    qtbot: QtBot,
    db: Database,
    small_floor: SmallFloor,
    make_ctx: Callable[..., ConsoleContext],
    days: tuple[int, ...],
    count: int,
    error: str,
) -> None:
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 1)
    dialog = make_dialog(qtbot, make_ctx(db, small_floor.now))
    before = stored(db)
    for n, box in enumerate(dialog.day_boxes):
        box.setChecked(n in days)
    dialog.count_spin.setMaximum(1000)  # the form stops at 500; the service's own check is what is tested
    dialog.count_spin.setValue(count)
    dialog.set_button.click()
    qtbot.waitUntil(lambda: bool(dialog.last_message), timeout=3000)
    assert dialog.last_message == f"Refused: {error}"
    assert "font-weight: bold" in dialog.message.styleSheet()
    assert stored(db) == before
    assert dialog.model.rowCount() == 1


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_viewer_or_analyst_sees_it_read_only(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext], role: str
) -> None:
    staffing.set_requirement(db, SUPERVISOR, "ato", 7, 15, 1)
    ctx = make_ctx(db, small_floor.now)
    ctx.actor = Actor("someone", role)
    dialog = make_dialog(qtbot, ctx)
    dialog.show()
    assert dialog.model.rowCount() == 1
    assert not dialog.note.isHidden()
    assert dialog.note.text() == (
        f"Read-only: someone ({role}) may not change staffing requirements; team leads, supervisors and "
        "admins do."
    )
    assert not dialog.form.isEnabled()
    assert not dialog.set_button.isVisible()
    assert not dialog.remove_button.isVisible()
    dialog.save()  # even called directly, nothing is written
    dialog.table.selectRow(0)
    dialog.remove_chosen()
    assert stored(db) == [("ato", 7, 15, 127, None, None, 1)]


def test_every_string_is_translated(
    qtbot: QtBot,
    db: Database,
    small_floor: SmallFloor,
    make_ctx: Callable[..., ConsoleContext],
    marking_translator,
) -> None:  # type: ignore[no-untyped-def]
    staffing.set_requirement(db, SUPERVISOR, "ato", 23, 7, 1, language="ta", weekdays=0b1000000)
    dialog = make_dialog(qtbot, make_ctx(db, small_floor.now))
    dialog.retranslate()
    marked = marking_translator.marked
    assert marked(dialog.windowTitle())
    assert marked(dialog.form.title())
    assert marked(dialog.set_button.text())
    assert all(marked(h) for h in dialog.model.headers())
    row = [dialog.model.index(0, c).data() for c in (1, 2, 4)]
    assert all(marked(t) for t in row), row
    assert marked(dialog.skill_combo.itemText(0))
    assert marked(dialog.language_combo.itemText(1))
