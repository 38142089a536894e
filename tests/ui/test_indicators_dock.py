"""The risk-indicator dock: one row per indicator, levels, live appends, charts with threshold lines."""

from __future__ import annotations

import logging
from datetime import timedelta

import pyqtgraph as pg

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import indicators
from ui.docks.indicators import IndicatorsDock
from ui.models.indicators import COLUMNS, KeyRole, LevelRole


def _row(model, key: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(KeyRole) == key)


def _loaded(qtbot, make_ctx, db: Database, now):  # type: ignore[no-untyped-def]
    """An indicators dock on ``db`` at ``now``, loaded; and its context."""
    ctx = make_ctx(db, now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    return dock, ctx


def test_rows_levels_and_charts(qtbot, qtmodeltester, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    assert dock.model.rowCount() == 2
    failed = _row(dock.model, "ato.failed_logins")
    assert dock.model.index(failed, COLUMNS.index("name")).data() == "Failed logins"
    assert dock.model.index(failed, COLUMNS.index("value")).data() == "501"  # newest sample: 1 min ago
    assert dock.model.index(failed, 0).data(LevelRole) == "normal"
    assert len(dock.model.series(failed).xs) == 60
    # Both indicators are charted, each with its warning and critical line.
    assert sorted(dock.charts.rows) == [0, 1]
    plot = dock.charts.plot_of(failed)
    lines = sorted(i.value() for i in plot.items if isinstance(i, pg.InfiniteLine))
    assert lines == [1800, 3600]


def test_live_samples_append_and_change_level(
    qtbot, qtmodeltester, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    seq = last_seq(db)
    ind = small_floor.indicators["failed"]
    indicators.ingest(db, SYSTEM, [(ind, small_floor.now, 4100.0)])
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    row = _row(dock.model, "ato.failed_logins")
    assert dock.model.index(row, 0).data(LevelRole) == "critical"
    assert dock.model.index(row, COLUMNS.index("value")).data() == "4,100"
    assert len(dock.model.series(row).xs) == 61
    assert "critical 1" in dock.summary.text()


def test_stale_feed_is_flagged(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now + timedelta(minutes=10))
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    assert {dock.model.index(r, 0).data(LevelRole) for r in range(2)} == {"stale"}


def test_reconciliation_of_unchanged_series_finds_nothing(
    qtbot, caplog, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    with qtbot.assertNotEmitted(dock.updated), caplog.at_level(logging.WARNING, "ui.docks.base"):
        dock.reconcile()
    assert caplog.records == []
    # A sample no batch named is found and charted.
    ind = small_floor.indicators["approval"]
    indicators.ingest(db, SYSTEM, [(ind, small_floor.now, 60.0)])
    with qtbot.waitSignal(dock.updated, timeout=2000), caplog.at_level(logging.WARNING, "ui.docks.base"):
        dock.reconcile()
    assert [r.getMessage() for r in caplog.records] == ["indicators: reconciliation found 1 rows out of date"]
    row = _row(dock.model, "ops.auto_approval_rate")
    assert dock.model.index(row, 0).data(LevelRole) == "critical"
    assert len(dock.model.series(row).xs) == 61


def test_one_batch_of_samples_is_one_announcement(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    with qtbot.waitSignal(dock.chartsReady, timeout=2000):  # the charts follow the first data
        pass
    charts = dock.charts
    changed: list[tuple[int, int]] = []
    dock.model.dataChanged.connect(lambda tl, br, *_: changed.append((tl.row(), br.row())))
    applied: list[None] = []
    dock.model.applied.connect(lambda: applied.append(None))
    seq = last_seq(db)
    indicators.ingest(
        db,
        SYSTEM,
        [
            (small_floor.indicators["failed"], small_floor.now, 700.0),
            (small_floor.indicators["approval"], small_floor.now, 80.0),
        ],
    )
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    assert changed == [(0, 1)]  # both rows, one run
    assert len(applied) == 1
    # Both charts get the new point, one per event (one plot per paint, not every plot at once).
    assert charts.pending() == 2
    qtbot.waitUntil(lambda: charts.pending() == 1, timeout=1000)
    drawn = [r for r in charts.rows if len(charts.curve_of(r).xData) == 61]
    assert len(drawn) == 1
    qtbot.waitUntil(lambda: charts.pending() == 0, timeout=1000)
    assert all(len(charts.curve_of(r).xData) == 61 for r in charts.rows)
    # The time axis ends on a whole minute at or after now, so it moves once a minute, not per sample.
    x0, x1 = charts.plot_of(charts.rows[0]).viewRange()[0]
    assert x1 % 60 == 0
    assert 0 <= x1 - small_floor.now.timestamp() < 60


def test_tooltips_and_units_speak_the_ui_language_not_internal_keys(
    qtbot, qapp, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from ui import i18n

    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    failed = _row(dock.model, "ato.failed_logins")
    tip = dock.model.index(failed, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "ato.failed_logins" not in tip
    assert tip.startswith("Failed logins:")
    i18n.install(qapp, "zh_CN")
    try:
        qapp.processEvents()
        assert dock.model.index(failed, COLUMNS.index("name")).data() == "登录失败次数"
        assert dock.model.index(failed, COLUMNS.index("unit")).data() == "次/分钟"
        assert "紧急" in dock.model.index(failed, 0).data(Qt.ItemDataRole.ToolTipRole)
    finally:
        i18n.install(qapp, "en")
        qapp.processEvents()


def test_a_reload_keeps_the_plots_of_the_same_indicators(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """A reload (after an outage, say) redraws the curves; rebuilding every plot cost 30 ms of the GUI."""
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    failed = _row(dock.model, "ato.failed_logins")
    plot = dock.charts.plot_of(failed)
    indicators.ingest(db, SYSTEM, [(small_floor.indicators["failed"], small_floor.now, 4100.0)])
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.load()
    failed = _row(dock.model, "ato.failed_logins")
    assert dock.charts.plot_of(failed) is plot
    qtbot.waitUntil(lambda: dock.charts.pending() == 0, timeout=1000)
    assert len(dock.charts.curve_of(failed).xData) == 61
    # Another choice of indicators builds its plots anew.
    dock._select_rows([failed])
    assert dock.charts.rows == [failed]
    assert dock.charts.plot_of(failed) is not plot


def test_columns_fit_what_they_hold_without_measuring_every_cell(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    """Value, unit and level are as wide as their texts (a silent feed's badge included) after each batch;
    the header no longer re-measures every cell (ResizeToContents did, on every live batch)."""
    from PySide6.QtWidgets import QHeaderView

    ctx = make_ctx(db, small_floor.now + timedelta(minutes=10))  # both feeds silent: the widest level text
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.resize(900, 400)
    dock.show()
    dock.load()
    header = dock.table.horizontalHeader()
    for col in ("value", "unit", "level"):
        section = COLUMNS.index(col)
        assert header.sectionResizeMode(section) == QHeaderView.ResizeMode.Interactive
        needed = max(
            dock.table.sizeHintForIndex(dock.proxy.index(r, section)).width()
            for r in range(dock.proxy.rowCount())
        )
        assert header.sectionSize(section) >= needed, col
    assert "Silent since" in dock.model.display_text(0, COLUMNS.index("level"))


def test_an_incident_opens_its_indicator_chart_at_its_time(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    at = small_floor.now - timedelta(minutes=20)
    assert dock.show_indicator_at(small_floor.indicators["approval"], at, "INC-1 opened")
    approval = dock.model.row_of(small_floor.indicators["approval"])
    assert dock.charts.rows == [approval]  # charted alone, its row selected
    marks = [i for i in dock.charts.plot_of(approval).items if getattr(i, "is_mark", False)]
    assert [m.value() for m in marks] == [at.timestamp()]
    # Another indicator chosen later keeps no stale mark; the mark follows its indicator.
    failed = _row(dock.model, "ato.failed_logins")
    dock._select_rows([failed])
    assert not [i for i in dock.charts.plot_of(failed).items if getattr(i, "is_mark", False)]
    assert not dock.show_indicator_at(999_999, at, "nowhere")
    assert dock.show_indicator_at(
        small_floor.indicators["failed"], small_floor.now - timedelta(days=3), "INC-2"
    )
    assert "before the charts' window" in dock.summary.text()


def test_incidents_raised_on_an_indicator_stand_on_its_chart_and_open_on_click(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    from console.services import incidents

    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    failed = _row(dock.model, "ato.failed_logins")
    dock._select_rows([failed])
    assert dock.charts.incident_lines(small_floor.indicators["failed"]) == []
    seq = last_seq(db)
    opened = small_floor.now - timedelta(minutes=10)
    inc = incidents.open_incident(
        db,
        SYSTEM,
        title="Failed logins climbing on the EU edge",
        category="ato_wave",
        severity=1,
        indicator_id=small_floor.indicators["failed"],
        at=opened,
    )
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    qtbot.waitUntil(lambda: dock.charts.pending() == 0, timeout=2000)
    [line] = dock.charts.incident_lines(small_floor.indicators["failed"])
    assert line.value() == opened.timestamp()
    assert "P1" in line.toolTip()
    with qtbot.waitSignal(dock.incidentRequested, timeout=1000) as clicked:
        line.sigClicked.emit(line, None)
    assert clicked.args == [inc]
    # Merged away as a duplicate: its marker goes.
    other = incidents.open_incident(
        db, SYSTEM, title="ATO wave", category="ato_wave", severity=1, at=small_floor.now
    )
    seq = last_seq(db)
    incidents.mark_duplicate(db, SYSTEM, inc, other, expected_version=1)
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    qtbot.waitUntil(lambda: dock.charts.incident_lines(small_floor.indicators["failed"]) == [], timeout=2000)


def test_no_chosen_indicator_is_left_out_past_six(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from console.services.indicators import IndicatorSpec
    from tests.factories import ADMIN

    specs = [
        IndicatorSpec(f"extra.i{i}", f"Extra {i}", (), "count/min", "higher", 100, 200, "risk_mgmt")
        for i in range(7)
    ]
    indicators.define(db, ADMIN, specs)
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.resize(900, 400)
    dock.load()
    every = list(range(dock.model.rowCount()))
    assert len(every) == 9
    dock._select_rows(every)
    assert sorted(dock.charts.rows) == every  # all nine charted
    assert dock.charts.minimumHeight() >= 9 * dock.charts.PLOT_MIN_PX  # each readable: the charts scroll
    assert dock.chart_scroll.widget() is dock.charts


def test_a_feed_falling_silent_reaches_the_alert_centre_once(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    seen: list = []  # type: ignore[type-arg]
    dock.alerted.connect(seen.extend)
    ctx.clock._now = lambda: small_floor.now + timedelta(minutes=10)  # type: ignore[attr-defined]
    for _ in range(10):  # levels are looked at every fifth tick
        dock._tick()
    assert sorted(a.title for a in seen) == ["Auto-approval rate", "Failed logins"]
    assert {a.kind for a in seen} == {"feed_silent"}
    for _ in range(10):
        dock._tick()
    assert len(seen) == 2
