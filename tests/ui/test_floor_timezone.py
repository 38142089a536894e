"""The floor's time zone comes from the floor in the database; the ``floor_timezone`` setting only chooses the
zone times are shown in.

Reproduces the report: with the setting on another zone the console computed the running shift in that
zone, landed on the wrong shift pattern (UTC's 07:00 "Morning" is Kuala Lumpur's 15:00 "Evening"), and the
seat map showed every seat empty while the attendance roster, which goes by the shift's start instant, listed
the people present.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from console.db.engine import Database
from console.floortime import floor_zone
from console.services.attendance import Presence
from console.settings import Settings
from ui.clock import FloorClock
from ui.mainwindow import MainWindow
from ui.models import roster, seats


def start_window(qtbot: Any, ctx: Any, tmp_path: Path) -> MainWindow:
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.allLoaded, timeout=10_000):
        win.start()
    return win


def presence_by_agent(model: Any, agent_role: int, presence_role: int) -> dict[int, str]:
    out = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(agent_role) is not None:
            out[index.data(agent_role)] = index.data(presence_role)
    return out


@pytest.mark.parametrize("display_zone", ["UTC", "America/New_York"])
def test_seat_map_and_roster_agree_when_the_setting_names_another_zone(
    qtbot: Any, db: Database, small_floor: Any, make_ctx: Any, tmp_path: Path, display_zone: str
) -> None:
    ctx = make_ctx(db, small_floor.now)
    ctx.settings = Settings.load(overrides={"floor_timezone": display_zone})
    # As ui.app.build_window makes it: the clock starts in the setting's zone.
    ctx.clock = FloorClock(floor_zone(display_zone), lambda: small_floor.now)
    win = start_window(qtbot, ctx, tmp_path)
    try:
        docks: dict[str, Any] = {d.objectName(): d for d in win.docks}
        on_map = presence_by_agent(docks["floor"].model, seats.AgentIdRole, seats.PresenceRole)
        on_roster = presence_by_agent(docks["attendance"].model, roster.AgentIdRole, roster.PresenceRole)
        agents = small_floor.agents
        assert on_roster == {
            agents["Ana"]: Presence.PRESENT.value,
            agents["Ben"]: Presence.LATE.value,
            agents["Chen"]: Presence.ON_BREAK.value,
            agents["Dev"]: Presence.ABSENT.value,
            agents["Eve"]: Presence.LEAVE.value,
        }
        # Every seated agent is on the map in the state the roster gives them (Eve, on leave, has no seat).
        assert on_map == {a: p for a, p in on_roster.items() if a != agents["Eve"]}
        # The running shift is the floor's, found in the floor's own zone (Asia/Kuala_Lumpur in the database).
        assert ctx.clock.floor_tz.key == "Asia/Kuala_Lumpur"
        assert ctx.clock.shift is not None
        assert (ctx.clock.shift.pattern.code, ctx.clock.shift.shift_date) == (
            small_floor.shift_code,
            small_floor.shift_date,
        )
        # Times are shown in the display zone, and the status bar says both zones.
        start = ctx.clock.shift.starts_at.astimezone(ctx.clock.tz)
        end = ctx.clock.shift.ends_at.astimezone(ctx.clock.tz)
        assert roster_start_column(docks["attendance"].model) == {f"{start:%H:%M}–{end:%H:%M}"}
        clock_text = win.status.clock_label.text()
        floor_now = small_floor.now.astimezone(floor_zone("Asia/Kuala_Lumpur"))
        assert f"Floor time {floor_now:%Y-%m-%d %H:%M:%S} MYT" in clock_text
        assert f"times shown in {display_zone}" in clock_text
        assert "floor_timezone" in win.status.clock_label.toolTip()
    finally:
        win.shutdown()


def roster_start_column(model: Any) -> set[str]:
    column = roster.COLUMNS.index("start")
    return {model.index(row, column).data() for row in range(model.rowCount())}


def test_same_zone_shows_floor_time_alone(
    qtbot: Any, db: Database, small_floor: Any, make_ctx: Any, tmp_path: Path
) -> None:
    win = start_window(qtbot, make_ctx(db, small_floor.now), tmp_path)
    try:
        text = win.status.clock_label.text()
        local = small_floor.now.astimezone(floor_zone("Asia/Kuala_Lumpur"))
        assert text == f"Floor time {local:%Y-%m-%d %H:%M:%S} MYT"
    finally:
        win.shutdown()


def test_clock_finds_shifts_in_the_floor_zone(small_floor: Any, db: Database) -> None:
    """Without a window: the clock moves to the floor's shift as soon as it learns the floor's zone."""
    from console.services import rota

    clock = FloorClock(floor_zone("UTC"), lambda: small_floor.now)
    with db.reading() as s:
        clock.set_patterns(rota.patterns(s))
    assert clock.shift is not None
    assert clock.shift.pattern.code != small_floor.shift_code  # the bug: UTC's shift, not the floor's
    clock.set_floor_zone(floor_zone("Asia/Kuala_Lumpur"))
    assert clock.shift is not None
    assert clock.shift.pattern.code == small_floor.shift_code
    assert clock.local().tzinfo == floor_zone("UTC")
    assert isinstance(clock.floor_local(), datetime)
