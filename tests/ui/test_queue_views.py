"""The queue's filters, saved views, search of ended incidents, SLA bands, toolbar and narrow layout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import handoffs, incidents, org
from tests.factories import ADMIN
from ui.docks.incidents import IncidentsDock
from ui.models.incident_queue import COLUMNS, SlaStateRole, sla_band


def _titles(dock: IncidentsDock) -> list[str]:
    model = dock.view.model()
    return [model.index(r, COLUMNS.index("title")).data() for r in range(model.rowCount())]


def _dock(qtbot: Any, make_ctx: Any, db: Database, now: Any) -> IncidentsDock:
    dock = IncidentsDock(make_ctx(db, now))
    qtbot.addWidget(dock)
    dock.load()
    return dock


def _more(db: Database, floor: Any) -> dict[str, int]:
    """Three more worked incidents: a P2 withdrawal anomaly waiting on Compliance, a P4 AML spike owned by
    Ben, a P1 ATO wave acknowledged by Chen."""
    now = floor.now
    ids = {
        "wd": incidents.open_incident(
            db,
            SYSTEM,
            title="Withdrawals to fresh addresses",
            category="withdrawal_anomaly",
            severity=2,
            at=now - timedelta(minutes=10),
        ),
        "aml": incidents.open_incident(
            db,
            SYSTEM,
            title="Sanctions screening hits up",
            category="aml_spike",
            severity=4,
            at=now - timedelta(hours=1),
        ),
        "ato": incidents.open_incident(
            db,
            SYSTEM,
            title="Login burst from one ASN",
            category="ato_wave",
            severity=1,
            at=now - timedelta(minutes=20),
        ),
    }
    with db.reading() as s:
        compliance = next(d.id for d in org.departments(s) if d.code == "compliance")
    handoffs.request(
        db, SYSTEM, ids["wd"], compliance, "Freeze and file an STR", at=now - timedelta(minutes=9)
    )
    incidents.transition(
        db, SYSTEM, ids["aml"], "acknowledged", expected_version=1, owner_agent_id=floor.agents["Ben"], at=now
    )
    incidents.transition(
        db,
        SYSTEM,
        ids["ato"],
        "acknowledged",
        expected_version=1,
        owner_agent_id=floor.agents["Chen"],
        at=now - timedelta(minutes=18),
    )
    ids["compliance"] = compliance
    return ids


def test_filters_narrow_the_queue_without_reading(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    extra = _more(db, small_floor)
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    assert len(_titles(dock)) == 5
    calls: list[Any] = []
    dock.ctx.runner.run = lambda *a, **k: calls.append(a)  # type: ignore[method-assign]
    dock.severity_buttons[1].setChecked(True)
    assert sorted(_titles(dock)) == ["Credential-stuffing wave on login edge", "Login burst from one ASN"]
    dock.severity_buttons[2].setChecked(True)
    assert len(_titles(dock)) == 3
    dock.search.setText("asn")
    dock._filters_changed()  # what the pause after typing does
    assert _titles(dock) == ["Login burst from one ASN"]
    dock.search.setText("")
    dock.severity_buttons[1].setChecked(False)
    dock.severity_buttons[2].setChecked(False)
    dock.category_box.setCurrentIndex(dock.category_box.findData("aml_spike"))
    assert _titles(dock) == ["Sanctions screening hits up"]
    dock.category_box.setCurrentIndex(0)
    dock.owner_box.setCurrentIndex(dock.owner_box.findData(small_floor.agents["Chen"]))
    assert _titles(dock) == ["Login burst from one ASN"]
    dock.owner_box.setCurrentIndex(1)  # unassigned
    assert sorted(_titles(dock)) == [
        "Credential-stuffing wave on login edge",
        "Withdrawals to fresh addresses",
    ]
    dock.owner_box.setCurrentIndex(0)
    dock.departments = [(extra["compliance"], "Compliance")]
    dock._fill_choices()
    dock.department_box.setCurrentIndex(dock.department_box.findData(extra["compliance"]))
    assert _titles(dock) == ["Withdrawals to fresh addresses"]
    assert "showing 1 of 5" in dock.summary.text()
    # Filtering read no rows (they were all held); only the filter row's department list, once.
    assert [c[0].__qualname__ for c in calls] == ["IncidentsDock._read_choices.<locals>.read"]


def test_sort_on_any_column_keeps_the_filter(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    _more(db, small_floor)
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    dock.view.sortByColumn(COLUMNS.index("title"), Qt.SortOrder.AscendingOrder)
    assert _titles(dock) == sorted(_titles(dock), key=str.lower)
    dock.view.sortByColumn(COLUMNS.index("severity"), Qt.SortOrder.DescendingOrder)
    severities = [dock.model.row_at(r).severity for r in range(dock.model.rowCount())]
    assert severities == sorted(severities, reverse=True)
    dock.status_box.setCurrentIndex(dock.status_box.findData("acknowledged"))
    assert [dock.model.row_at(r).severity for r in range(dock.model.rowCount())] == [4, 3, 1]


def test_saved_views(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    _more(db, small_floor)
    org.add_user(db, ADMIN, "ben", "Ben", "analyst", agent_id=small_floor.agents["Ben"])
    ctx = make_ctx(db, small_floor.now)
    ctx.actor = type(ctx.actor)("ben", "analyst")
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    dock.choose_view("mine")
    assert _titles(dock) == ["Sanctions screening hits up"]
    dock.choose_view("unacknowledged")
    assert sorted(_titles(dock)) == [
        "Credential-stuffing wave on login edge",
        "Withdrawals to fresh addresses",
    ]
    dock.choose_view("waiting")
    assert _titles(dock) == ["Withdrawals to fresh addresses"]
    dock.choose_view("breaching")  # the P1 unacknowledged for 3 of its 5 minutes is at 60 %: not yet
    assert _titles(dock) == []
    dock.ctx.clock._now = lambda: small_floor.now + timedelta(minutes=1, seconds=30)  # type: ignore[attr-defined]
    dock._tick()  # 4.5 of 5 minutes: 90 %
    assert "Credential-stuffing wave on login edge" in _titles(dock)
    dock.choose_view("all")
    assert len(_titles(dock)) == 5


def test_closed_incidents_are_searchable(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    dock.choose_view("closed_today")  # the chargeback burst was resolved an hour ago
    assert _titles(dock) == ["Chargeback burst from one BIN"]
    assert dock.view.model() is dock.history
    assert dock.status_box.findData("resolved") > 0
    assert dock.status_box.findData("open") < 0
    dock.choose_view("history")
    dock.search.setText("kyc")
    dock._filters_changed()
    assert _titles(dock) == []  # the KYC incident is still worked
    # It is resolved at another workstation: the history shown follows.
    seq = last_seq(db)
    incidents.transition(
        db, SYSTEM, small_floor.incidents["p3"], "resolved", expected_version=2, at=small_floor.now
    )
    dock.ctx.hub.dispatch(changes_since(db, seq))
    qtbot.waitUntil(lambda: _titles(dock) == ["KYC rejection rate drifting up"], timeout=2000)
    ref = dock.history.row_at(0).ref
    dock.search.setText(ref.lower())
    dock._filters_changed()
    assert _titles(dock) == ["KYC rejection rate drifting up"]
    dock.choose_view("all")
    assert dock.view.model() is dock.model
    assert "KYC rejection rate drifting up" not in _titles(dock)


@pytest.mark.parametrize(
    ("minutes", "band"),
    [(2.0, "ok"), (2.5, "half"), (3.75, "three_quarters"), (4.5, "near"), (5.0, "breached"), (9, "breached")],
)
def test_sla_bands_at_50_75_90_100_percent(
    qtbot, db: Database, small_floor, make_ctx, minutes: float, band: str
) -> None:  # type: ignore[no-untyped-def]
    # The P1 opened at now - 3 min has 5 minutes to be acknowledged.
    opened = small_floor.now - timedelta(minutes=3)
    dock = _dock(qtbot, make_ctx, db, opened + timedelta(minutes=minutes))
    row = _titles(dock).index("Credential-stuffing wave on login edge")
    assert dock.model.index(row, COLUMNS.index("sla")).data(SlaStateRole) == band
    assert sla_band(minutes / 5) == band


def test_a_handoff_overdue_alerts_once(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    extra = _more(db, small_floor)
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    with db.reading() as s:
        due = next(h.due_at for h in handoffs.rows(s, incident_id=extra["wd"]))
    seen: list[Any] = []
    dock.alerted.connect(seen.extend)
    ctx.clock._now = lambda: due + timedelta(seconds=1)  # type: ignore[attr-defined]
    dock._tick()
    overdue = [a for a in seen if a.kind == "handoff_overdue"]
    assert [a.incident_id for a in overdue] == [extra["wd"]]
    assert extra["wd"] in dock.model.attention
    dock._tick()
    assert len([a for a in seen if a.kind == "handoff_overdue"]) == 1


def test_toolbar_follows_the_chosen_incident(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    asked: list[str] = []
    dock.actionRequested.connect(asked.append)
    dock.allowed_actions = lambda: ("claim", "note")  # what the detail dock says of the chosen incident
    dock.refresh_actions()
    assert dock.incident_actions["claim"].isEnabled()
    assert not dock.incident_actions["resolve"].isEnabled()
    chosen: list[int] = []
    dock.chosen.connect(chosen.append)
    dock.step(1)
    dock.step(1)
    dock.step(-1)
    assert chosen == [dock.model.row_at(0).id, dock.model.row_at(1).id, dock.model.row_at(0).id]
    dock.incident_actions["claim"].trigger()
    dock.incident_actions["resolve"].trigger()  # not allowed: nothing asked
    assert asked == ["claim"]


def test_the_columns_that_matter_stay_at_1366x768(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    dock.resize(590, 300)  # the queue's share of a 1366 x 768 window
    dock.show()
    qtbot.waitExposed(dock)
    shown = [c for c in COLUMNS if not dock.view.isColumnHidden(COLUMNS.index(c))]
    assert {"severity", "title", "sla", "owner", "status"} <= set(shown)
    header = dock.view.horizontalHeader()
    assert header.length() <= dock.view.viewport().width()  # no sideways scrolling
    assert header.sectionSize(COLUMNS.index("title")) >= 150
    dock.resize(1200, 300)
    qtbot.waitUntil(lambda: not dock.view.isColumnHidden(COLUMNS.index("ref")))


def test_the_history_keeps_the_column_layout(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    dock.resize(590, 300)
    dock.show()
    qtbot.waitExposed(dock)
    dock.choose_view("closed_today")
    qtbot.waitUntil(lambda: dock.view.isColumnHidden(COLUMNS.index("category")))
    header = dock.view.horizontalHeader()
    assert header.length() <= dock.view.viewport().width()
    assert header.sectionSize(COLUMNS.index("severity")) < 80


def test_a_history_found_by_dedup_key_keeps_its_rows_when_they_change(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    inc = incidents.open_incident(
        db,
        SYSTEM,
        title="Login burst",
        category="ato_wave",
        severity=2,
        dedup_key="rule:ato.failed_logins/edge-sg",
        at=small_floor.now - timedelta(minutes=30),
    )
    incidents.transition(db, SYSTEM, inc, "resolved", expected_version=1, at=small_floor.now)
    dock = _dock(qtbot, make_ctx, db, small_floor.now)
    dock.choose_view("history")
    dock.search.setText("edge-sg")  # in the dedup key, not the title
    dock._filters_changed()
    assert _titles(dock) == ["Login burst"]
    seq = last_seq(db)
    incidents.add_note(db, SYSTEM, inc, "Reviewed with the ATO lead", at=small_floor.now)
    dock.ctx.hub.dispatch(changes_since(db, seq))
    qtbot.wait(50)
    assert _titles(dock) == ["Login burst"]
