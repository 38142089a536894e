"""The attendance dock: the small floor's roster exactly, exceptions filter, live per-agent updates, ticks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from sqlalchemy import select

from console.auth import SYSTEM
from console.db.engine import Database
from console.db.models import Team
from console.feed import changes_since, last_seq
from console.services import attendance, org, rota
from console.services.attendance import Presence
from console.services.org import AgentSpec
from console.services.rota import RotaEntry
from tests.factories import ADMIN, TZ
from ui.docks.attendance import AttendanceDock
from ui.models.roster import COLUMNS, ROW_TINTS, AgentIdRole, RosterModel

if TYPE_CHECKING:
    pass

NBSP = "\u00a0"


def hm(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%H:%M")


def roster_rows(model: QAbstractItemModel) -> dict[str, tuple[str, ...]]:
    """Name -> the other columns as shown, in the model's (or proxy's) row order."""
    return {
        model.index(r, 0).data(): tuple(model.index(r, c).data() for c in range(1, len(COLUMNS)))
        for r in range(model.rowCount())
    }


def summary(dock: AttendanceDock) -> str:
    return dock.summary.text().replace(NBSP, " ")


class Recorder:
    """dataChanged announcements as (row, first column, last column), and resets."""

    def __init__(self, model: RosterModel) -> None:
        self.cells: list[tuple[int, int, int]] = []
        self.resets = 0
        model.dataChanged.connect(
            lambda tl, br, *_: self.cells.extend(
                (r, tl.column(), br.column()) for r in range(tl.row(), br.row() + 1)
            )
        )
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


@pytest.fixture
def dock(qtbot, on_shift) -> AttendanceDock:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    d = AttendanceDock(ctx)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=2000):
        d.load()
    return d


def expected(start: datetime) -> dict[str, tuple[str, ...]]:
    s = f"{hm(start)}\u2013{hm(start + timedelta(hours=8))}"  # scheduled start–end
    return {
        "Dev": ("ATO desk", s, "", "", "", "", "Absent", ""),
        "Ben": ("ATO desk", s, hm(start + timedelta(minutes=20)), "", "20", "", "Late", ""),
        "Chen": ("ATO desk", s, hm(start - timedelta(minutes=2)), "", "", "5", "On break", ""),
        "Ana": ("ATO desk", s, hm(start - timedelta(minutes=8)), "", "", "", "Present", ""),
        "Eve": ("ATO desk", s, "", "", "", "", "On leave · annual", ""),  # the leave's type shows
    }


def test_roster_of_the_small_floor(dock: AttendanceDock, qtmodeltester, small_floor) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(dock.model)
    qtmodeltester.check(dock.proxy)
    start = small_floor.now - timedelta(minutes=45)
    assert dock.windowTitle() == "Attendance"
    assert roster_rows(dock.model) == expected(start)
    # Sorted by urgency by default: who needs the supervisor first.
    assert list(roster_rows(dock.proxy)) == ["Dev", "Ben", "Chen", "Ana", "Eve"]
    assert summary(dock) == "Rostered 5 · Present 1 · Late 1 · On break 1 · Absent 1 · Leave 1"


def test_exception_rows_are_highlighted(dock: AttendanceDock, small_floor) -> None:  # type: ignore[no-untyped-def]
    def tint(name: str, role: Qt.ItemDataRole) -> object:
        row = dock.model.row_of(small_floor.agents[name])
        brush = dock.model.index(row, COLUMNS.index("team")).data(role)
        return brush.color() if brush is not None else None

    for name, presence in (("Ben", Presence.LATE), ("Dev", Presence.ABSENT), ("Eve", Presence.LEAVE)):
        assert tint(name, Qt.ItemDataRole.BackgroundRole) == ROW_TINTS[presence][0]
        assert tint(name, Qt.ItemDataRole.ForegroundRole) == ROW_TINTS[presence][1]
    assert tint("Ana", Qt.ItemDataRole.BackgroundRole) is None


def test_exceptions_only(dock: AttendanceDock) -> None:
    dock.exceptions.setChecked(True)
    assert list(roster_rows(dock.proxy)) == ["Dev", "Ben"]
    dock.exceptions.setChecked(False)
    assert dock.proxy.rowCount() == 5


def test_clock_in_updates_only_that_row(
    dock: AttendanceDock, qtbot, qtmodeltester, db: Database, small_floor
) -> None:  # type: ignore[no-untyped-def]
    seen = Recorder(dock.model)
    seq = last_seq(db)
    attendance.record(db, SYSTEM, small_floor.agents["Dev"], "clock_in", at=small_floor.now, source="badge")
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    dev = dock.model.row_of(small_floor.agents["Dev"])
    assert {row for row, _, _ in seen.cells} == {dev}
    assert seen.resets == 0
    start = small_floor.now - timedelta(minutes=45)
    assert roster_rows(dock.model) == expected(start) | {
        "Dev": (
            "ATO desk",
            f"{hm(start)}\u2013{hm(start + timedelta(hours=8))}",
            hm(small_floor.now),
            "",
            "45",
            "",
            "Late",
            "",
        )
    }
    assert summary(dock) == "Rostered 5 · Present 1 · Late 2 · On break 1 · Absent 0 · Leave 1"
    qtmodeltester.check(dock.model)


def test_rota_change_reloads_and_adds_the_new_agent(
    dock: AttendanceDock, qtbot, db: Database, small_floor
) -> None:  # type: ignore[no-untyped-def]
    seq = last_seq(db)
    with db.reading() as s:
        team_id = s.scalar(select(Team.id).where(Team.name == "ATO desk"))
    [fay] = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec(
                "KL0099",
                "Fay Full",
                "Fay",
                team_id,
                "analyst",
                "full_time",
                date(2024, 1, 1),
                {"en": "fluent"},
                {"ato": 1},
            )
        ],
    )
    rota.assign(db, ADMIN, [RotaEntry(fay, small_floor.shift_code, small_floor.shift_date)], TZ)
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.ctx.hub.dispatch(changes_since(db, seq))
    assert roster_rows(dock.model)["Fay"][-2] == "Absent"
    assert dock.model.index(dock.model.row_of(fay), 0).data(AgentIdRole) == fay
    assert summary(dock).startswith("Rostered 6 ·")


def test_tick_turns_not_yet_into_absent(qtbot, shift_ctx, small_floor) -> None:  # type: ignore[no-untyped-def]
    start = small_floor.now - timedelta(minutes=45)
    ctx, hand = shift_ctx(at=start + timedelta(minutes=29))
    dock = AttendanceDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    assert roster_rows(dock.model)["Dev"][-2] == "Not in yet"
    assert summary(dock).endswith("Not in yet 1")
    dock.exceptions.setChecked(True)
    assert "Dev" in roster_rows(dock.proxy)
    seen = Recorder(dock.model)
    ctx.db = None  # a tick must not need the database
    hand.at = start + timedelta(minutes=30)
    ctx.clock.ticked.emit()
    dev = dock.model.row_of(small_floor.agents["Dev"])
    assert (dev, 0, len(COLUMNS) - 1) in seen.cells  # the status and the row colour changed
    assert {row for row, first, last in seen.cells if (first, last) == (0, len(COLUMNS) - 1)} == {dev}
    assert roster_rows(dock.model)["Dev"][-2] == "Absent"
    assert "Dev" in roster_rows(dock.proxy)  # absent is an exception too


def test_tick_counts_a_running_break(dock: AttendanceDock, on_shift, small_floor) -> None:  # type: ignore[no-untyped-def]
    ctx, hand = on_shift
    seen = Recorder(dock.model)
    ctx.clock.ticked.emit()
    assert seen.cells == []  # a second later nothing shown has changed
    hand.at = small_floor.now + timedelta(minutes=2)
    ctx.clock.ticked.emit()
    chen = dock.model.row_of(small_floor.agents["Chen"])
    brk = COLUMNS.index("break")
    assert seen.cells == [(chen, brk, brk)]
    assert roster_rows(dock.model)["Chen"][brk - 1] == "7"


def test_new_shift_reloads(dock: AttendanceDock, on_shift, small_floor) -> None:  # type: ignore[no-untyped-def]
    ctx, hand = on_shift
    hand.at = small_floor.now + timedelta(hours=8)
    ctx.clock.set_patterns(ctx.clock.patterns)  # re-evaluates the running shift, emits shiftChanged
    assert dock.model.rowCount() == 0
    assert summary(dock).startswith("Rostered 0 ·")


def test_narrow_dock_drops_the_least_useful_columns(qtbot, dock: AttendanceDock) -> None:  # type: ignore[no-untyped-def]
    start, team, agent = (COLUMNS.index(c) for c in ("start", "team", "agent"))
    dock.resize(1200, 400)
    dock.show()
    qtbot.waitUntil(lambda: not dock.view.isColumnHidden(start) and dock.view.columnWidth(agent) > 100)
    dock.resize(380, 400)
    qtbot.waitUntil(lambda: dock.view.isColumnHidden(start))
    assert not dock.view.isColumnHidden(agent)
    assert dock.view.columnWidth(agent) >= dock.view.sizeHintForColumn(agent)  # names stay whole


def test_every_visible_string_is_translatable(qtbot, shift_ctx, marking_translator) -> None:  # type: ignore[no-untyped-def]
    ctx, _hand = shift_ctx()
    dock = AttendanceDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    marked = marking_translator.marked
    assert marked(dock.windowTitle())
    assert marked(dock.exceptions.text())
    assert all(marked(dock.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(len(COLUMNS)))
    status = COLUMNS.index("status")
    assert all(marked(dock.model.index(r, status).data()) for r in range(dock.model.rowCount()))
    assert all(marked(part) for part in dock.summary.text().split(" · "))


def test_column_fit_matches_qts_own_measure(qtbot, dock: AttendanceDock) -> None:  # type: ignore[no-untyped-def]
    """The widths come from the widest text's cell only; they must equal what Qt measures over every cell."""
    dock.resize(1200, 400)
    dock.show()
    qtbot.waitUntil(lambda: dock.view.columnWidth(0) > 0)
    widths = dock._content_widths()
    assert widths == {c: dock.view.sizeHintForColumn(c) for c in range(len(COLUMNS))}
