"""The attendance exception queue: the small floor's exceptions, worked from the panel, live from the feed;
the work form's checks; the discipline ledger; the pane inside the attendance dock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from console.auth import Actor
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import attendance
from console.services.exception_queue import work_exception
from console.timers import run_due
from tests.factories import SmallFloor
from ui.attendance_forms import RecordPunchDialog, WorkedForm, WorkExceptionDialog
from ui.docks.attendance import AttendanceDock
from ui.docks.attendance_exceptions import ExceptionsPanel
from ui.format import BadgeRole
from ui.ledger import LedgerDialog
from ui.models.attendance_exceptions import COLUMNS, SEVERITY_COLORS

SUPERVISOR = Actor("supervisor", "supervisor")


def shown(panel: ExceptionsPanel) -> dict[str, tuple[str, ...]]:
    """Agent + exception -> the other columns as shown."""
    m = panel.model
    return {
        f"{m.index(r, 1).data()} {m.index(r, 2).data()}": tuple(
            m.index(r, c).data() for c in range(3, len(COLUMNS))
        )
        for r in range(m.rowCount())
    }


@pytest.fixture
def panel(qtbot, on_shift, db: Database, small_floor: SmallFloor) -> ExceptionsPanel:  # type: ignore[no-untyped-def]
    run_due(db, small_floor.now)  # the timer leader finds Ben late and Dev not in
    ctx, _ = on_shift
    p = ExceptionsPanel(ctx)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.updated, timeout=2000):
        p.load()
    return p


def test_the_queue_of_the_small_floor(panel: ExceptionsPanel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(panel.model)
    assert shown(panel) == {
        "Ben Late": ("20", "Warning", "Open", "", "", ""),
        "Dev No-show": ("30", "Critical", "Open", "", "", ""),
    }
    sev = COLUMNS.index("severity")
    colours = {panel.model.index(r, sev).data(BadgeRole).name() for r in range(2)}
    assert colours == {SEVERITY_COLORS["warning"].name(), SEVERITY_COLORS["critical"].name()}
    assert panel.counts.text() == "2 open · 1 critical"


def test_working_an_exception_updates_the_queue_live(  # type: ignore[no-untyped-def]
    panel: ExceptionsPanel, qtbot, db: Database, small_floor: SmallFloor
) -> None:
    ben = next(r for r in panel.model.rows() if r.name == "Ben")
    seq = last_seq(db)
    contacted = small_floor.now + timedelta(minutes=2)
    panel.submit(ben, WorkedForm("transport", contacted, "LRT breakdown at KL Sentral", "resolved"))
    with qtbot.waitSignal(panel.updated, timeout=2000):
        panel.ctx.hub.dispatch(changes_since(db, seq))
    assert list(shown(panel)) == ["Dev No-show"]  # worked: gone from the open queue
    assert panel.counts.text() == "1 open · 1 critical"
    with qtbot.waitSignal(panel.updated, timeout=2000):
        panel.open_only.setChecked(False)
    hm = contacted.astimezone(panel.ctx.clock.tz).strftime("%H:%M")
    assert shown(panel)["Ben Late"] == (
        "20",
        "Warning",
        "Resolved",
        "Transport",
        hm,
        "LRT breakdown at KL Sentral",
    )
    # someone else, at another console, excuses Dev: this panel follows
    dev = next(r for r in panel.model.rows() if r.name == "Dev")
    seq = last_seq(db)
    work_exception(db, SUPERVISOR, dev.id, "sick", None, "Called in sick", "excused")
    with qtbot.waitSignal(panel.updated, timeout=2000):
        panel.ctx.hub.dispatch(changes_since(db, seq))
    assert shown(panel)["Dev No-show"][2:4] == ("Excused", "Sick")
    # a save from a form read before that change is refused, and names who changed it
    errors: list[str] = []
    panel.failed.connect(errors.append)
    panel.submit(dev, WorkedForm("transport", None, None, "resolved"))
    assert errors
    assert "supervisor" in errors[0]


def test_a_new_exception_appears_when_the_leader_finds_it(  # type: ignore[no-untyped-def]
    panel: ExceptionsPanel, qtbot, db: Database, small_floor: SmallFloor
) -> None:
    seq = last_seq(db)
    run_due(db, small_floor.now + timedelta(minutes=27))  # Chen's break passes 30 minutes
    with qtbot.waitSignal(panel.updated, timeout=2000):
        panel.ctx.hub.dispatch(changes_since(db, seq))
    assert shown(panel)["Chen Break overrun"][:3] == ("32", "Warning", "Open")


def test_the_work_form_wants_a_reason_to_close(
    qtbot, panel: ExceptionsPanel, small_floor: SmallFloor
) -> None:  # type: ignore[no-untyped-def]
    row = panel.model.rows()[0]
    form = WorkExceptionDialog(row, panel.ctx.clock.tz, small_floor.now)
    qtbot.addWidget(form)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()  # still open: a note alone may be saved
    form.status.setCurrentIndex(form.status.findData("resolved"))
    assert not save.isEnabled()
    assert "reason" in form.hint.text()
    form.reason.setCurrentIndex(form.reason.findData("forgot_to_punch"))
    assert save.isEnabled()
    form.contacted.setChecked(True)
    value = form.value()
    assert (value.reason_code, value.status) == ("forgot_to_punch", "resolved")
    assert value.contacted_at is not None
    assert abs(value.contacted_at - small_floor.now) < timedelta(minutes=1)


def test_record_punch_form(qtbot, small_floor: SmallFloor) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import TZ

    form = RecordPunchDialog("Dev", TZ, small_floor.now, kind="clock_in")
    qtbot.addWidget(form)
    form.note.setText("forgot badge ")
    value = form.value()
    assert (value.kind, value.note) == ("clock_in", "forgot badge")
    assert abs(value.at - small_floor.now) < timedelta(minutes=1)


def test_the_ledger_lists_and_adds_notes(  # type: ignore[no-untyped-def]
    qtbot, panel: ExceptionsPanel, db: Database, small_floor: SmallFloor
) -> None:
    ben = small_floor.agents["Ben"]
    dialog = LedgerDialog(panel.ctx, ben, "Ben")
    qtbot.addWidget(dialog)
    # Newest first: his late exception, and the adherence misses of the same shift (the late start, and the
    # planned breaks he worked through), from console.services.adherence.
    rows = [[dialog.model.index(r, c).data() for c in range(3)] for r in range(dialog.model.rowCount())]
    assert [(kind, text) for _at, kind, text in rows if kind == "Late"] == [("Late", "20 min · Open")]
    assert ("Adherence", "20 min · Scheduled: Working; actual: Absent") in [(k, t) for _a, k, t in rows]
    # The rest are the planned breaks he worked through so far (how many depends on the hour the test runs).
    assert {kind for _at, kind, _text in rows} == {"Late", "Adherence"}
    before = len(rows)
    dialog.note.setPlainText("Agreed to take the earlier train")
    dialog.add.click()
    assert dialog.model.rowCount() == before + 1
    assert dialog.model.index(0, 2).data() == "Agreed to take the earlier train"
    assert dialog.counts.text() == "1 exceptions · 1 coaching notes"
    dialog.reject()


def test_the_dock_has_the_queue_as_a_tab(qtbot, on_shift, db: Database, small_floor: SmallFloor) -> None:  # type: ignore[no-untyped-def]
    run_due(db, small_floor.now)
    ctx, _ = on_shift
    dock = AttendanceDock(ctx)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.exceptions_panel.updated, timeout=2000):
        dock.load()
    assert [dock.tabs.tabText(i) for i in range(dock.tabs.count())] == [
        "Roster",
        "Timeline",
        "Month",
        "Exceptions",
    ]
    assert dock.exceptions_panel.model.rowCount() == 2
    seq = last_seq(db)
    attendance.record(db, SUPERVISOR, small_floor.agents["Dev"], "clock_in", at=small_floor.now)
    with qtbot.waitSignal(dock.exceptions_panel.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert dock.model.rowCount() == 5  # the roster still works beside it
