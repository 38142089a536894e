"""Seating from the floor dock: drag an agent onto a seat, conflicts refused, the editor's drag saved."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent
from sqlalchemy import select

from console.db.engine import Database
from console.db.models import Seat, SeatAssignment
from tests.factories import SmallFloor
from ui.docks.floor import FloorDock
from ui.docks.floor_map import agent_mime
from ui.docks.floor_seat import UNIT


@pytest.fixture
def dock(qtbot, on_shift) -> FloorDock:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    d = FloorDock(ctx)
    qtbot.addWidget(d)
    d.resize(760, 430)
    d.show()
    with qtbot.waitSignal(d.loaded, timeout=2000):
        d.load()
    return d


def drop(dock: FloorDock, agent_id: int, from_seat: int | None, seat_id: int) -> None:
    """Drop the agent on the seat through the view's own drop handling, as a QDrag would."""
    item = dock.scene.seats[seat_id]
    point = dock.view.mapFromScene(item.scenePos())
    mime = agent_mime(agent_id, from_seat)  # held here: the event does not own it
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dock.view.dropEvent(event)
    assert event.isAccepted()


def seated(db: Database, seat_id: int) -> set[int]:
    with db.reading() as s:
        return set(
            s.scalars(
                select(SeatAssignment.agent_id).where(
                    SeatAssignment.seat_id == seat_id, SeatAssignment.valid_to.is_(None)
                )
            )
        )


def test_unseated_agent_is_listed_and_dragged_onto_a_seat(
    dock: FloorDock, qtbot, db: Database, small_floor: SmallFloor
) -> None:  # type: ignore[no-untyped-def]
    assert dock.unseated.names() == ["Eve"]
    assert dock.unseated_title.text() == "Unseated (1):"
    mime = dock.unseated.mime_for(0)
    assert json.loads(bytes(mime.data("application/x-watchfloor-agent").data())) == {
        "agent": small_floor.agents["Eve"],
        "seat": None,
    }
    drop(dock, small_floor.agents["Eve"], None, small_floor.seats["A3"])
    qtbot.waitUntil(lambda: dock.unseated.names() == [])
    assert seated(db, small_floor.seats["A3"]) == {small_floor.agents["Eve"]}
    assert dock.scene.seats[small_floor.seats["A3"]].key == "leave"
    assert dock.last_message == "Seated."


def test_a_taken_seat_is_refused_with_the_reason(dock: FloorDock, qtbot, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    drop(dock, small_floor.agents["Eve"], None, small_floor.seats["A1"])
    qtbot.waitUntil(lambda: "taken" in dock.last_message)
    assert "Seat A1 is taken" in dock.last_message
    assert "Ana" in dock.last_message
    assert not dock.message.isHidden()
    assert seated(db, small_floor.seats["A1"]) == {small_floor.agents["Ana"]}


def test_an_agent_dragged_from_their_seat_moves(dock: FloorDock, qtbot, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    drop(dock, small_floor.agents["Ben"], small_floor.seats["A2"], small_floor.seats["B3"])
    qtbot.waitUntil(lambda: dock.scene.seats[small_floor.seats["B3"]].name == "Ben")
    assert dock.scene.seats[small_floor.seats["A2"]].key == "empty"
    assert seated(db, small_floor.seats["B3"]) == {small_floor.agents["Ben"]}


def test_a_viewer_cannot_drag(qtbot, on_shift) -> None:  # type: ignore[no-untyped-def]
    from console.auth import Actor

    ctx, _ = on_shift
    ctx.actor = Actor("viewer", "viewer")
    d = FloorDock(ctx)
    qtbot.addWidget(d)
    assert not d.view.can_seat
    assert d.buttons["auto"].isHidden()
    assert d.buttons["edit"].isHidden()
    assert not d.buttons["list"].isHidden()  # the list by zone is for everyone


def test_editor_drag_saves_the_seat_position(dock: FloorDock, qtbot, db: Database, small_floor) -> None:  # type: ignore[no-untyped-def]
    dock.buttons["edit"].click()
    assert dock.scene.editing
    assert not dock.buttons["save"].isEnabled()
    item = dock.scene.seats[small_floor.seats["A3"]]
    start = dock.view.mapFromScene(item.scenePos())
    end = dock.view.mapFromScene(item.scenePos() + QPointF(0.0, 1.0 * UNIT))
    viewport = dock.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=(start + end) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert dock.scene.seat_positions()[small_floor.seats["A3"]] == (2.5, 1.5)  # snapped to the grid
    assert dock.buttons["save"].isEnabled()
    dock.buttons["save"].click()
    qtbot.waitUntil(lambda: dock.last_message.startswith("Layout saved"))
    with db.reading() as s:
        assert s.scalars(select(Seat.y).where(Seat.id == small_floor.seats["A3"])).one() == 1.5


def test_zone_headers_show_present_of_rostered(dock: FloorDock) -> None:
    headers = {z.code: (z.present, z.required, z.count_text()) for z in dock.scene.zones}
    assert headers == {"ato": (2, 2, "2 / 2"), "kyc": (0, 2, "0 / 2")}  # Chen on break, Dev absent


def test_hover_card_tells_who_and_their_day(dock: FloorDock, small_floor) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    dock.show_card(small_floor.seats["B1"], QPoint(10, 10))
    card = dock.last_card
    assert "Chen Full" in card
    assert "Languages: en (fluent), zh (native)" in card
    assert "Skills: ato 2" in card
    assert "Team: ATO desk" in card
    assert "break started" in card


def test_list_by_zone_shows_the_people_in_words(dock: FloorDock, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert dock.people.proxy.sourceModel() is None  # hidden: it follows nothing
    dock.buttons["list"].click()
    assert dock.pages.currentWidget() is dock.people
    proxy = dock.people.proxy
    qtmodeltester.check(proxy)
    rows = [tuple(proxy.index(r, c).data() for c in range(4)) for r in range(proxy.rowCount())]
    assert rows == [
        ("A1", "ATO desk", "Ana", "Present"),
        ("A2", "ATO desk", "Ben", "Late"),
        ("B1", "KYC review", "Chen", "On break"),
        ("B2", "KYC review", "Dev", "Absent"),
    ]
    dock.buttons["list"].click()
    assert dock.pages.currentWidget() is dock.view
    assert proxy.sourceModel() is None


def test_auto_assign_seats_the_coming_shift_before_it_starts(
    dock: FloorDock, qtbot, db: Database, small_floor: SmallFloor
) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from console.auth import Actor
    from console.db.models import Team
    from console.floortime import shift_at
    from console.services import org, rota
    from console.services.org import AgentSpec
    from tests.factories import ADMIN, TZ

    clock = dock.ctx.clock
    coming = shift_at(clock.patterns, clock.shift.ends_at, clock.floor_tz)
    assert coming is not None
    with db.reading() as s:
        team = s.scalar(select(Team.id))
    [fay] = org.add_agents(
        db,
        ADMIN,
        [
            AgentSpec(
                "KL0099", "Fay Full", "Fay", team, "analyst", "full_time", date(2024, 1, 1), {}, {"ato": 2}
            )
        ],
    )
    rota.assign(
        db,
        Actor("supervisor", "supervisor"),
        [rota.RotaEntry(fay, coming.pattern.code, coming.shift_date)],
        TZ,
    )
    assert [a.text() for a in dock.auto_menu.actions()] == ["This shift", "The coming shift"]
    dock.auto_coming.trigger()
    qtbot.waitUntil(lambda: (dock.last_message or "").startswith("1 agents seated for the shift starting"))
    with db.reading() as s:
        row = s.scalar(select(SeatAssignment).where(SeatAssignment.agent_id == fay))
    assert row is not None
    assert row.shift_template_id == coming.pattern.id
