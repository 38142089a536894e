"""The attendance dock beyond the running shift: the shift picker, leave approval showing in the roster, the
timeline, the Month tab and its Excel export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import attendance, leave, rota
from console.services.rota import RotaEntry
from tests.factories import ADMIN, TZ
from ui.docks.attendance import AttendanceDock
from ui.docks.leave_dialog import LeaveDialog
from ui.models.roster import COLUMNS


def names_and_status(dock: AttendanceDock) -> dict[str, str]:
    status = COLUMNS.index("status")
    return {
        dock.model.index(r, 0).data(): dock.model.index(r, status).data()
        for r in range(dock.model.rowCount())
    }


@pytest.fixture
def dock(qtbot, on_shift) -> AttendanceDock:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    d = AttendanceDock(ctx)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=2000):
        d.load()
    return d


def test_picker_shows_another_shift_and_now_follows_again(
    dock: AttendanceDock, db: Database, small_floor
) -> None:  # type: ignore[no-untyped-def]
    running = dock.ctx.clock.shift
    assert running is not None
    assert dock.following
    assert dock.now_button.isChecked()
    assert dock.pattern_box.currentData() == small_floor.shift_code
    # Tomorrow's same shift: Ana and Ben are planned on it.
    tomorrow = small_floor.shift_date + timedelta(days=1)
    rota.assign(
        db,
        ADMIN,
        [RotaEntry(small_floor.agents[n], small_floor.shift_code, tomorrow) for n in ("Ana", "Ben")],
        TZ,
    )
    dock.show_shift(tomorrow, small_floor.shift_code)
    assert not dock.following
    assert not dock.now_button.isChecked()
    assert dock.date_edit.date().toPython() == tomorrow
    assert names_and_status(dock) == {"Ana": "Upcoming", "Ben": "Upcoming"}
    assert dock.shift_label.text() == "planned"
    # A live change to the shown (future) shift reaches it.
    seq = last_seq(db)
    rota.assign(db, ADMIN, [RotaEntry(small_floor.agents["Chen"], small_floor.shift_code, tomorrow)], TZ)
    dock.ctx.hub.dispatch(changes_since(db, seq))
    assert set(names_and_status(dock)) == {"Ana", "Ben", "Chen"}
    # The clock turning to another shift does not take the picked one away.
    dock.ctx.clock.shiftChanged.emit(None)
    assert set(names_and_status(dock)) == {"Ana", "Ben", "Chen"}
    # The template box picks another shift of that date by hand: nobody there.
    other = next(
        i for i in range(dock.pattern_box.count()) if dock.pattern_box.itemData(i) != small_floor.shift_code
    )
    dock.pattern_box.setCurrentIndex(other)
    assert dock.model.rowCount() == 0
    assert dock.make_key().shift is not None
    assert dock.make_key().shift.pattern.code == dock.pattern_box.itemData(other)
    dock.follow_now()
    assert dock.following
    assert dock.make_key().shift == running
    assert len(names_and_status(dock)) == 5
    assert dock.shift_label.text() == "running"


def test_stepping_back_to_a_past_shift_shows_final_states(
    dock: AttendanceDock, db: Database, small_floor
) -> None:  # type: ignore[no-untyped-def]
    yesterday = small_floor.shift_date - timedelta(days=1)
    rota.assign(db, ADMIN, [RotaEntry(small_floor.agents["Dev"], small_floor.shift_code, yesterday)], TZ)
    for _ in range(3):  # three 8-hour shifts back: the same shift yesterday
        dock.step(-1)
    shift = dock.make_key().shift
    assert shift is not None
    assert (shift.shift_date, shift.pattern.code) == (yesterday, small_floor.shift_code)
    assert names_and_status(dock) == {"Dev": "Absent"}  # never "not in yet" once the shift is over
    assert dock.shift_label.text() == "ended"
    for _ in range(3):
        dock.step(1)
    assert len(names_and_status(dock)) == 5


def test_approved_leave_shows_its_type_in_the_roster(
    qtbot, dock: AttendanceDock, db: Database, small_floor
) -> None:  # type: ignore[no-untyped-def]
    ana = small_floor.agents["Ana"]
    seq = last_seq(db)
    dialog = LeaveDialog(dock.ctx, small_floor.shift_date, dock)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    dialog.agent_box.setCurrentIndex(dialog.agent_box.findData(ana))
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("sick"))
    dialog.reason_edit.setText("fever")
    with qtbot.waitSignal(dialog.written):
        dialog.request_button.click()
    assert dialog.message.text() == "Leave requested for Ana (KL0001)."
    assert [(line.agent, line.status) for line in dialog.lines] == [("Ana", "requested")]
    dialog.select_request(dialog.lines[0].id)
    assert dialog.approve_button.isEnabled()
    dialog.approve_button.click()
    assert [(line.agent, line.status) for line in dialog.lines] == [("Ana", "approved")]
    assert dialog.model.index(0, 5).data() == "approved"
    dock.ctx.hub.dispatch(changes_since(db, seq))
    assert names_and_status(dock)["Ana"] == "On leave · sick"
    row = dock.model.row_of(ana)
    tip = dock.model.index(row, COLUMNS.index("status")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Approved leave (sick): not an absence"
    # An overlapping request is refused in words, and nothing is added.
    dialog.agent_box.setCurrentIndex(dialog.agent_box.findData(ana))
    dialog.request_button.click()
    assert dialog.message.text().startswith("Refused: Ana already has leave approved from")
    assert len(dialog.lines) == 1
    # Cancelling the approved leave puts her back on the shift.
    seq = last_seq(db)
    dialog.select_request(dialog.lines[0].id)
    dialog.cancel_button.click()
    dock.ctx.hub.dispatch(changes_since(db, seq))
    assert names_and_status(dock)["Ana"] == "Present"


def test_a_viewer_cannot_decide_leave(qtbot, shift_ctx, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    leave.request(
        db, ADMIN, small_floor.agents["Ben"], "annual", small_floor.shift_date, small_floor.shift_date
    )
    ctx, _ = shift_ctx(wall=True)
    dialog = LeaveDialog(ctx, small_floor.shift_date)
    qtbot.addWidget(dialog)
    dialog.select_request(dialog.lines[0].id)
    assert not dialog.approve_button.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    assert not dialog.request_button.isEnabled()


def test_note_and_clock_out_show(dock: AttendanceDock, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    seq = last_seq(db)
    attendance.record(
        db, SYSTEM, small_floor.agents["Ben"], "clock_out", at=small_floor.now, note="=called home"
    )
    dock.ctx.hub.dispatch(changes_since(db, seq))
    row = dock.model.row_of(small_floor.agents["Ben"])
    assert dock.model.index(row, COLUMNS.index("note")).data() == "=called home"
    assert dock.model.index(row, COLUMNS.index("clock_out")).data() == small_floor.now.astimezone(
        TZ
    ).strftime("%H:%M")
    assert "Note: =called home" in dock.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_timeline_paints_every_rostered_agent(qtbot, dock: AttendanceDock, small_floor) -> None:  # type: ignore[no-untyped-def]
    dock.resize(750, 350)
    dock.show()
    dock.tabs.setCurrentWidget(dock.timeline)
    canvas = dock.timeline.canvas
    qtbot.waitUntil(lambda: len(canvas.lines) == 5)
    assert [line.name for line in canvas.lines] == ["Ana", "Ben", "Chen", "Dev", "Eve"]
    assert canvas.height() >= 5 * 22
    image = canvas.grab().toImage()
    assert not image.isNull()
    eve = next(line for line in canvas.lines if line.name == "Eve")
    assert "Leave: annual" in canvas.tooltip(eve)
    ben = next(line for line in canvas.lines if line.name == "Ben")
    assert "20 min late" in canvas.tooltip(ben)
    assert canvas.row_at(20 + 20 + 22 * 1 + 5) == 1


def test_month_tab_and_export(
    qtbot, qtmodeltester, dock: AttendanceDock, small_floor, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    month = dock.month
    month.set_month(small_floor.shift_date.replace(day=1))
    with qtbot.waitSignal(month.loaded, timeout=3000):
        dock.tabs.setCurrentWidget(month)
    assert not dock.date_edit.isVisible()  # the shift picker is not the month's
    qtmodeltester.check(month.model)
    names = {month.model.index(r, 0).data() for r in range(month.model.rowCount())}
    assert names == {"Ana", "Ben", "Chen", "Dev", "Eve"}
    month.group_box.setCurrentIndex(1)
    assert month.model.rowCount() == 1
    assert month.model.index(0, 0).data() == "ATO desk"
    assert month.model.index(0, 2).data() == "5"  # shifts rostered this month
    target = tmp_path / "month.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "month"), ""))
    with qtbot.waitSignal(month.exported, timeout=5000) as sent:
        month.export_button.click()
    assert sent.args == [str(target)]
    assert month.status.text().startswith("Wrote 5 agents to")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Agents", "Teams", "Shifts"]
    assert book["Agents"].max_row == 6


def test_new_strings_are_translatable(qtbot, shift_ctx, marking_translator) -> None:  # type: ignore[no-untyped-def]
    ctx, _hand = shift_ctx()
    dock = AttendanceDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    marked = marking_translator.marked
    assert all(marked(dock.tabs.tabText(i)) for i in range(dock.tabs.count()))
    assert marked(dock.now_button.text())
    assert marked(dock.leave_button.text())
    assert marked(dock.shift_label.text())
    assert marked(dock.month.export_button.text())
    assert all(marked(dock.pattern_box.itemText(i)) for i in range(dock.pattern_box.count()))
    month_model = dock.month.model
    assert all(
        marked(month_model.headerData(c, Qt.Orientation.Horizontal)) for c in range(month_model.columnCount())
    )
