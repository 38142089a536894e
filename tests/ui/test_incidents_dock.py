"""The incident queue dock: exact rows for a known floor, live upserts, SLA countdown."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import incidents
from ui.docks.incidents import IncidentsDock
from ui.models.incident_queue import COLUMNS, IdRole, SlaStateRole


def _titles(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, COLUMNS.index("title")).data() for r in range(model.rowCount())]


def test_queue_holds_open_incidents(qtbot, qtmodeltester, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    assert sorted(_titles(dock.model)) == [
        "Credential-stuffing wave on login edge",
        "KYC rejection rate drifting up",
    ]
    row = _titles(dock.model).index("Credential-stuffing wave on login edge")
    cell = lambda col: dock.model.index(row, COLUMNS.index(col)).data()  # noqa: E731
    assert (cell("severity"), cell("age"), cell("sla"), cell("owner"), cell("status")) == (
        "P1",
        "3:00",
        "2:00",
        "unassigned",
        "Open",
    )
    assert dock.model.index(row, 0).data(SlaStateRole) == "due_soon"
    assert "Open 2 · P1 1" in dock.summary.text()


def test_live_changes_insert_update_and_drop_rows(
    qtbot, qtmodeltester, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    seq = last_seq(db)
    new_id = incidents.open_incident(
        db,
        SYSTEM,
        title="Withdrawals to new addresses spiking",
        category="withdrawal_anomaly",
        severity=2,
        at=small_floor.now,
    )
    incidents.transition(
        db,
        SYSTEM,
        small_floor.incidents["p1"],
        "acknowledged",
        expected_version=1,
        owner_agent_id=small_floor.agents["Ben"],
        at=small_floor.now,
    )
    incidents.transition(
        db, SYSTEM, small_floor.incidents["p3"], "resolved", expected_version=2, at=small_floor.now
    )
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    ids = {dock.model.index(r, 0).data(IdRole) for r in range(dock.model.rowCount())}
    assert ids == {new_id, small_floor.incidents["p1"]}
    p1_row = [dock.model.index(r, 0).data(IdRole) for r in range(dock.model.rowCount())].index(
        small_floor.incidents["p1"]
    )
    assert dock.model.index(p1_row, COLUMNS.index("owner")).data() == "Ben"
    # Acknowledged: the countdown now runs against the 1-hour resolve SLA.
    assert dock.model.index(p1_row, COLUMNS.index("sla")).data() == "57:00"


def test_sorting_by_severity(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now + timedelta(minutes=10))
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    dock.view.sortByColumn(COLUMNS.index("severity"), Qt.SortOrder.DescendingOrder)
    assert [dock.proxy.index(r, 0).data() for r in range(dock.proxy.rowCount())] == ["P3", "P1"]
    # Ten minutes on, the P1's 5-minute acknowledge SLA is breached.
    p1 = [dock.proxy.index(r, 0).data() for r in range(dock.proxy.rowCount())].index("P1")
    assert dock.proxy.index(p1, COLUMNS.index("sla")).data() == "-8:00"
    assert dock.proxy.index(p1, 0).data(SlaStateRole) == "breached"
