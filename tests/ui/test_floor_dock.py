"""The floor dock: the small floor's seats exactly, live seat-by-seat updates, no-show on the tick, legend."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import attendance, floor
from tests.factories import ADMIN
from ui import i18n
from ui.docks.floor import FloorDock
from ui.format import PRESENCE_COLORS
from ui.models.seats import COLUMNS, PresenceRole, SeatIdRole, SeatMapModel

if TYPE_CHECKING:
    pass

SMALL_FLOOR = {
    "A1": ("ATO desk", "Ana", "Present"),
    "A2": ("ATO desk", "Ben", "Late"),
    "A3": ("ATO desk", "", "Empty seat"),
    "B1": ("KYC review", "Chen", "On break"),
    "B2": ("KYC review", "Dev", "Absent"),
    "B3": ("KYC review", "", "Empty seat"),
}


def seat_rows(model: SeatMapModel) -> dict[str, tuple[str, str, str]]:
    cell = lambda r, c: model.index(r, COLUMNS.index(c)).data()  # noqa: E731
    return {
        cell(r, "seat"): (cell(r, "zone"), cell(r, "agent"), cell(r, "state"))
        for r in range(model.rowCount())
    }


def tip(dock: FloorDock, seat_id: int) -> str:
    """The seat's hover text (made when hovered)."""
    row = dock.model.row_of(seat_id)
    assert row is not None
    return dock.model.tooltip(row)


class Recorder:
    """What a model announced: rows named by dataChanged, and resets."""

    def __init__(self, model: SeatMapModel) -> None:
        self.rows: list[int] = []
        self.resets = 0
        model.dataChanged.connect(lambda tl, br, *_: self.rows.extend(range(tl.row(), br.row() + 1)))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


@pytest.fixture
def dock(qtbot, on_shift) -> FloorDock:  # type: ignore[no-untyped-def]
    """The floor dock loaded on the small floor's running shift (``on_shift[1]`` moves its clock)."""
    ctx, _ = on_shift
    d = FloorDock(ctx)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=2000):
        d.load()
    return d


def test_seat_map_shows_the_small_floor(dock: FloorDock, qtmodeltester, small_floor) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dock.model)
    assert dock.windowTitle() == "Floor"
    assert seat_rows(dock.model) == SMALL_FLOOR
    assert dock.notice.isHidden()
    assert not dock.view.isHidden()
    # One item per seat, coloured by presence; two zones.
    assert len(dock.scene.zones) == 2
    assert {z.title for z in dock.scene.zones} == {"ATO desk", "KYC review"}
    assert set(dock.scene.seats) == set(small_floor.seats.values())
    b2 = dock.scene.seats[small_floor.seats["B2"]]
    assert (b2.code, b2.name, b2.key) == ("B2", "Dev", "absent")
    assert not dock.scene.seats[small_floor.seats["A2"]].toolTip()  # made on hover, not per refresh
    ben = tip(dock, small_floor.seats["A2"])
    assert "Ben" in ben
    assert "Seat A2 · ATO desk" in ben
    assert "State: Late" in ben
    assert "20 min late" in ben
    clock_in = (small_floor.now - timedelta(minutes=25)).astimezone(dock.ctx.clock.tz).strftime("%H:%M")
    assert f"Clocked in {clock_in}" in ben
    assert "Nobody seated here" in tip(dock, small_floor.seats["A3"])


def test_legend_counts_people_seated_or_not(dock: FloorDock, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dock.legend.count_text("leave") == "On leave 1")  # refreshed once per turn
    texts = {key: dock.legend.count_text(key) for key in dock.legend.texts}
    assert texts == {
        "present": "Present 1",
        "late": "Late 1",
        "on_break": "On break 1",
        "not_yet": "Not in yet 0",
        "absent": "Absent 1",
        "leave": "On leave 1",  # Eve has no seat, and counts
        "left": "Clocked out 0",
        "upcoming": "Upcoming 0",
        "empty": "Empty seat 2",
    }
    assert dock.legend.entries["upcoming"].isHidden()  # only shown before a shift starts


def test_clock_in_updates_only_that_seat(
    dock: FloorDock,
    qtbot,
    qtmodeltester,
    db: Database,  # type: ignore[no-untyped-def]
    small_floor,
) -> None:
    seen = Recorder(dock.model)
    items = dict(dock.scene.seats)
    seq = last_seq(db)
    attendance.record(db, SYSTEM, small_floor.agents["Dev"], "clock_in", at=small_floor.now, source="badge")
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    b2_row = dock.model.row_of(small_floor.seats["B2"])
    assert set(seen.rows) == {b2_row}
    assert seen.resets == 0
    assert seat_rows(dock.model) == SMALL_FLOOR | {"B2": ("KYC review", "Dev", "Late")}
    assert dock.scene.seats == items  # same items, repainted, nothing rebuilt
    assert items[small_floor.seats["B2"]].key == "late"
    assert "45 min late" in tip(dock, small_floor.seats["B2"])
    qtbot.waitUntil(lambda: dock.legend.count_text("late") == "Late 2")
    assert dock.legend.count_text("absent") == "Absent 0"
    qtmodeltester.check(dock.model)


def test_seating_change_fills_an_empty_seat(dock: FloorDock, qtbot, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    seen = Recorder(dock.model)
    seq = last_seq(db)
    pattern_id = dock.ctx.clock.shift.pattern.id
    floor.assign_seat(
        db, ADMIN, small_floor.seats["A3"], small_floor.agents["Eve"], pattern_id, small_floor.shift_date
    )
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    assert seat_rows(dock.model)["A3"] == ("ATO desk", "Eve", "On leave")
    assert set(seen.rows) == {dock.model.row_of(small_floor.seats["A3"])}
    assert seen.resets == 0
    assert dock.scene.seats[small_floor.seats["A3"]].key == "leave"
    qtbot.waitUntil(lambda: dock.legend.count_text("empty") == "Empty seat 1")
    assert dock.unseated.names() == []  # Eve has a seat now
    assert dock.legend.count_text("leave") == "On leave 1"  # counted once, not twice


def test_no_show_turns_absent_on_the_tick_without_the_database(qtbot, shift_ctx, small_floor) -> None:  # type: ignore[no-untyped-def]
    start = small_floor.now - timedelta(minutes=45)
    ctx, hand = shift_ctx(at=start + timedelta(minutes=29))
    dock = FloorDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    assert seat_rows(dock.model)["B2"][2] == "Not in yet"
    seen = Recorder(dock.model)
    ctx.db = None  # a tick must not need the database
    ctx.clock.ticked.emit()
    assert seen.rows == []  # nothing changed yet, nothing announced
    hand.at = start + timedelta(minutes=30)
    ctx.clock.ticked.emit()
    b2_row = dock.model.row_of(small_floor.seats["B2"])
    assert seen.rows == [b2_row]
    assert dock.model.index(b2_row, 0).data(PresenceRole) == "absent"
    assert dock.scene.seats[small_floor.seats["B2"]].key == "absent"


def test_new_shift_reloads_the_map(dock: FloorDock, on_shift, small_floor) -> None:  # type: ignore[no-untyped-def]
    seen = Recorder(dock.model)
    on_shift[1].at = small_floor.now + timedelta(hours=8)  # the next shift: nobody seated or rostered
    dock.ctx.clock.set_patterns(dock.ctx.clock.patterns)  # re-evaluates the shift, emits shiftChanged
    assert seen.resets == 1
    assert {state for _, _, state in seat_rows(dock.model).values()} == {"Empty seat"}
    assert all(item.key == "empty" for item in dock.scene.seats.values())


def test_seat_colours_come_from_the_palette(dock: FloorDock, small_floor) -> None:  # type: ignore[no-untyped-def]
    from console.services.attendance import Presence

    row = dock.model.row_of(small_floor.seats["B1"])
    state = dock.model.index(row, COLUMNS.index("state"))
    assert state.data(Qt.ItemDataRole.DecorationRole) == PRESENCE_COLORS[Presence.ON_BREAK]
    assert dock.model.index(row, 0).data(SeatIdRole) == small_floor.seats["B1"]


def test_empty_database_says_how_to_get_a_floor(qtbot, db: Database, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from console.floortime import utcnow

    ctx = make_ctx(db, utcnow())
    dock = FloorDock(ctx)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(dock.loaded, timeout=2000):
        dock.load()
    assert not dock.notice.isHidden()
    assert dock.notice.text() == "No floor in this database yet — run 'watchfloor demo'"
    assert dock.view.isHidden()
    assert dock.legend.isHidden()
    assert dock.model.rowCount() == 0


def test_zone_names_follow_the_ui_language(qapp, dock: FloorDock) -> None:  # type: ignore[no-untyped-def]
    """Zone names are data (zone_names rows); switching the language at run time switches them too."""
    i18n.install(qapp, "zh_CN")
    try:
        qapp.processEvents()  # LanguageChange reaches the dock
        assert {z.title for z in dock.scene.zones} == {"盗号处置席", "KYC 审核"}
        assert seat_rows(dock.model)["A1"][0] == "盗号处置席"
    finally:
        i18n.install(qapp, "en")
        qapp.processEvents()
    assert {z.title for z in dock.scene.zones} == {"ATO desk", "KYC review"}


def test_every_visible_string_is_translatable(qtbot, shift_ctx, marking_translator) -> None:  # type: ignore[no-untyped-def]
    ctx, _hand = shift_ctx()
    dock = FloorDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    marked = marking_translator.marked
    assert marked(dock.windowTitle())
    assert all(marked(dock.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(COLUMNS)))
    assert all(
        marked(dock.model.index(r, COLUMNS.index("state")).data()) for r in range(dock.model.rowCount())
    )
    assert all(marked(label.text()) for label in dock.legend.texts.values())
    assert all(marked(tip(dock, seat_id).splitlines()[-1]) for seat_id in dock.scene.seats)


def test_between_shifts_the_floor_is_drawn_empty(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)  # no shift patterns known: no shift running
    ctx.floor_id = small_floor.floor_id
    dock = FloorDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    assert dock.notice.text() == "No shift is running now: the seats are shown empty."
    assert not dock.view.isHidden()
    assert {seat: state for seat, (_, _, state) in seat_rows(dock.model).items()} == dict.fromkeys(
        SMALL_FLOOR, "Empty seat"
    )


def test_wheel_zooms_in_and_double_click_shows_the_whole_floor(qtbot, dock: FloorDock) -> None:  # type: ignore[no-untyped-def]
    dock.resize(800, 600)
    dock.show()
    view = dock.view
    view.fit()
    fitted = view.transform().m11()
    view.zoom(2.0)
    assert view.zoomed
    assert view.transform().m11() == pytest.approx(fitted * 2)
    view.zoom(100.0)  # capped
    assert view.transform().m11() == pytest.approx(fitted * view.MAX_ZOOM)
    view.zoom(0.01)  # zooming out past the whole floor just shows the whole floor
    assert not view.zoomed
    assert view.transform().m11() == pytest.approx(fitted)


def test_reconciliation_of_an_unchanged_floor_finds_nothing(dock: FloorDock, qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    seen = Recorder(dock.model)
    with qtbot.assertNotEmitted(dock.updated), caplog.at_level(logging.WARNING, "ui.docks.base"):
        dock.reconcile()
    assert caplog.records == []
    assert (seen.rows, seen.resets) == ([], 0)
