"""The incident detail dock: follows the queue's choice, offers the actions the state allows, runs them on the
write worker, and says who won when someone else changed the incident first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from console.auth import SYSTEM
from console.db.engine import Database
from console.services import incidents
from tests.factories import SmallFloor
from ui.docks.incident_detail import IncidentDetailDock
from ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx, tmp_path: Path):  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    win = MainWindow(ctx, tmp_path / "layout.ini")
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.allLoaded, timeout=5000):
        win.start()
    yield win
    win.shutdown()


def _docks(win: MainWindow) -> tuple[object, IncidentDetailDock]:
    by_name = {d.objectName(): d for d in win.docks}
    return by_name["incidents"], by_name["incident"]  # type: ignore[return-value]


def _choose(queue: object, incident_id: int) -> None:
    pos = queue.model.row_of(incident_id)  # type: ignore[attr-defined]
    queue.view.setCurrentIndex(queue.model.index(pos, 0))  # type: ignore[attr-defined]


def visible_actions(detail: IncidentDetailDock) -> list[str]:
    return [a for a, b in detail.buttons.items() if not b.isHidden()]


def test_choosing_in_the_queue_shows_the_incident_and_its_legal_actions(
    window: MainWindow, small_floor: SmallFloor
) -> None:
    queue, detail = _docks(window)
    assert detail.detail is None
    assert "Choose an incident" in detail.header.text()
    p1 = small_floor.incidents["p1"]
    _choose(queue, p1)
    assert detail.detail is not None
    assert detail.detail.header.id == p1
    assert "P1" in detail.header.text()
    assert detail.detail.header.ref in detail.header.text()
    assert visible_actions(detail) == list(detail.detail.allowed_actions)
    assert "claim" in visible_actions(detail)
    assert "close" not in visible_actions(detail)  # an open incident cannot be closed
    assert detail.timeline.rowCount() >= 1


def test_an_action_runs_and_the_pane_shows_the_new_state(
    window: MainWindow, small_floor: SmallFloor, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue, detail = _docks(window)
    p1 = small_floor.incidents["p1"]
    _choose(queue, p1)
    detail.act("acknowledge")
    assert "done" in detail.last_message
    assert detail.detail is not None
    assert detail.detail.header.status == "acknowledged"
    assert "investigate" in visible_actions(detail)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Called the ATO desk lead", True))
    detail.act("note")
    assert any(line.message == "Called the ATO desk lead" for line in detail.detail.timeline)


def test_a_stale_pane_is_told_who_changed_the_incident_and_shows_the_new_state(
    window: MainWindow, small_floor: SmallFloor, db: Database
) -> None:
    queue, detail = _docks(window)
    p1 = small_floor.incidents["p1"]
    _choose(queue, p1)
    incidents.transition(db, SYSTEM, p1, "escalated", expected_version=1)  # another workstation, first
    detail.act("acknowledge")  # with the version this pane saw
    assert "refused" in detail.last_message
    assert "system" in detail.last_message  # who changed it
    assert detail.detail is not None
    assert detail.detail.header.status == "escalated"  # read again


def test_a_viewer_sees_the_incident_but_no_actions(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now, wall=True)
    detail = IncidentDetailDock(ctx)
    qtbot.addWidget(detail)
    detail.load()
    detail.show_incident(small_floor.incidents["p1"])
    assert detail.detail is not None
    assert visible_actions(detail) == []
    assert "read-only" in detail.header.text()


def test_keys_and_the_context_menu_act_on_the_chosen_incident(
    window: MainWindow, small_floor: SmallFloor, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt

    queue, detail = _docks(window)
    window.show()
    p1 = small_floor.incidents["p1"]
    _choose(queue, p1)
    window.activateWindow()
    queue.view.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(queue.view.hasFocus, timeout=3000)  # type: ignore[attr-defined]
    qtbot.keyClick(queue.view, Qt.Key.Key_A)  # type: ignore[attr-defined]  # acknowledge
    assert detail.detail is not None
    assert detail.detail.header.status == "acknowledged"
    qtbot.keyClick(queue.view, Qt.Key.Key_A)  # type: ignore[attr-defined]  # no longer legal: nothing happens
    assert detail.detail.header.status == "acknowledged"

    pos = queue.model.row_of(p1)  # type: ignore[attr-defined]
    rect = queue.view.visualRect(queue.model.index(pos, 2))  # type: ignore[attr-defined]
    menu = queue.build_context_menu(rect.center())  # type: ignore[attr-defined]
    offered = [a.text() for a in menu.actions() if a.text()]
    assert "Investigate" in offered
    assert "Acknowledge" not in offered
    assert offered[-2:] == ["&Copy rows", "&Export the queue…"]
    queue.incident_actions["escalate"].trigger()  # type: ignore[attr-defined]
    assert detail.detail.header.status == "escalated"


def test_the_header_links_to_the_indicator_chart_and_related_incidents(
    window: MainWindow, db: Database, small_floor: SmallFloor, qtbot: QtBot
) -> None:
    raised = incidents.open_incident(
        db,
        SYSTEM,
        title="Failed logins climbing on the EU edge",
        category="ato_wave",
        severity=2,
        indicator_id=small_floor.indicators["failed"],
        at=small_floor.now,
    )
    incidents.mark_duplicate(db, SYSTEM, small_floor.incidents["p1"], raised, expected_version=1)
    queue, detail = _docks(window)
    queue.load()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: queue.model.row_of(raised) is not None, timeout=3000)  # type: ignore[attr-defined]
    _choose(queue, raised)
    qtbot.waitUntil(lambda: detail.detail is not None and detail.detail.header.id == raised, timeout=3000)
    header = detail.header.text()
    assert f"incident:{small_floor.incidents['p1']}" in header  # the incident merged into it
    assert f"indicator:{small_floor.indicators['failed']}" in header
    indicators = {d.objectName(): d for d in window.docks}["indicators"]
    detail.follow_link(f"indicator:{small_floor.indicators['failed']}")
    assert indicators.charts.detail_id == small_floor.indicators["failed"]  # type: ignore[attr-defined]
    marks = indicators.charts.marked()  # type: ignore[attr-defined]
    assert marks[small_floor.indicators["failed"]][0] == small_floor.now.timestamp()
    detail.follow_link(f"incident:{small_floor.incidents['p1']}")
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.header.id == small_floor.incidents["p1"]
    )
    assert "duplicate of" in detail.header.text()


def test_a_marker_clicked_on_a_chart_opens_its_incident(
    window: MainWindow, small_floor: SmallFloor, qtbot: QtBot
) -> None:
    _queue, detail = _docks(window)
    indicators = {d.objectName(): d for d in window.docks}["indicators"]
    indicators.incidentRequested.emit(small_floor.incidents["p3"])  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.header.id == small_floor.incidents["p3"]
    )
