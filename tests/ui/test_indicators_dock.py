"""The risk-indicator dock: one row per indicator, levels, live appends, charts with threshold lines."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

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
    # Every indicator has its small chart, under its area's heading; the detail chart shows one of them.
    charts = dock.charts
    assert set(charts.multiples.plots) == set(small_floor.indicators.values())
    assert list(charts.multiples.headings) == ["Account takeover", "Operations"]
    plot = charts.multiples.plots[small_floor.indicators["failed"]]
    lines = sorted(i.value() for i in plot.items if getattr(i, "threshold", None))
    assert lines == [1800, 3600]
    # The warning band lies between the thresholds; the critical band from the critical threshold up.
    assert sorted(plot._bands["warning"].getRegion()) == [1800, 3600]
    assert plot._bands["critical"].getRegion()[0] == 3600
    # Nothing is selected: the detail chart shows the indicator that most calls for attention (a tie here:
    # the first), with the last hour's 60 samples as they are (raw, no rollup at this range).
    assert charts.detail is not None
    assert charts.detail_id == dock.model.series(0).info.id
    assert charts.detail.plot.series.step_s == 0
    assert len(charts.detail.plot.series.xs) == 60
    charts.multiples.flush()
    assert len(plot.curve.xData) == 60


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
    clock = small_floor.now.astimezone(ctx.clock.tz).strftime("%H:%M")
    assert dock.model.display_text(row, COLUMNS.index("level")) == f"Critical since {clock}"


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
    # Following now, the charts read the range again a moment after new samples (a burst is one read) and
    # draw the small charts one per event (one plot per paint, not every plot at once).
    assert charts._live.isActive()
    charts._live.timeout.emit()
    multiples = charts.multiples
    assert multiples.pending() == 2
    qtbot.waitUntil(lambda: multiples.pending() == 1, timeout=1000)
    drawn = [p for p in multiples.plots.values() if len(p.curve.xData) == 61]
    assert len(drawn) == 1
    qtbot.waitUntil(lambda: multiples.pending() == 0, timeout=1000)
    assert all(len(p.curve.xData) == 61 for p in multiples.plots.values())
    # The time axis ends on a whole minute at or after now, so it moves once a minute, not per sample.
    x0, x1 = next(iter(multiples.plots.values())).viewRange()[0]
    assert x1 % 60 == 0
    assert 0 <= x1 - small_floor.now.timestamp() < 60
    assert x1 - x0 == 6 * 3600  # the range picker's default: the nearest to chart_hours


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
        assert "严重" in dock.model.index(failed, 0).data(Qt.ItemDataRole.ToolTipRole)
    finally:
        i18n.install(qapp, "en")
        qapp.processEvents()


def test_a_reload_keeps_the_plots_of_the_same_indicators(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    """A reload (after an outage, say) redraws the curves; rebuilding every plot cost 30 ms of the GUI."""
    ctx = make_ctx(db, small_floor.now)
    dock = IndicatorsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    failed_id = small_floor.indicators["failed"]
    plot = dock.charts.multiples.plots[failed_id]
    detail = dock.charts.detail
    indicators.ingest(db, SYSTEM, [(failed_id, small_floor.now, 4100.0)])
    with qtbot.waitSignal(dock.updated, timeout=2000):
        dock.load()
    assert dock.charts.multiples.plots[failed_id] is plot
    dock.charts.reload()
    qtbot.waitUntil(lambda: dock.charts.multiples.pending() == 0, timeout=1000)
    assert len(plot.curve.xData) == 61
    # Choosing another indicator changes the detail chart's items in place: no plot is made anew.
    approval = _row(dock.model, "ops.auto_approval_rate")
    dock._select_rows([approval])
    assert dock.charts.detail is detail
    assert dock.charts.detail_id == small_floor.indicators["approval"]
    assert detail.plot.info.key == "ops.auto_approval_rate"
    assert sorted(i.value() for i in detail.plot.items if getattr(i, "threshold", None)) == [65, 75]
    assert detail.plot.value_axis.unit == "%"
    assert dock.charts.multiples.plots[failed_id] is plot
    # A lower-is-worse indicator's critical band lies below its critical threshold.
    assert detail.plot._bands["critical"].getRegion()[1] == 65


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
    charts = dock.charts
    assert charts.detail_id == small_floor.indicators["approval"]  # charted large, its row selected
    assert dock._selected_ids() == [small_floor.indicators["approval"]]
    assert charts.detail.plot.mark.value() == at.timestamp()
    assert charts.end is None  # 20 minutes ago: the range still ends now
    # Another indicator chosen later keeps no stale mark; the mark follows its indicator.
    failed = _row(dock.model, "ato.failed_logins")
    dock._select_rows([failed])
    assert charts.detail.plot.mark is None
    assert not dock.show_indicator_at(999_999, at, "nowhere")
    # Three days ago: far past the samples the table holds, the range is centred on that moment.
    long_ago = small_floor.now - timedelta(days=3)
    assert dock.show_indicator_at(small_floor.indicators["failed"], long_ago, "INC-2")
    start, end = charts.range_window()
    assert start < long_ago.timestamp() < end
    assert end < small_floor.now.timestamp()
    assert charts.now_button.isEnabled()
    assert charts.detail.plot.mark.value() == long_ago.timestamp()
    charts.now_button.click()  # back to now
    assert charts.end is None
    assert charts.range_window()[1] >= small_floor.now.timestamp()


def test_incidents_raised_on_an_indicator_stand_on_its_chart_and_open_on_click(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    from console.services import incidents

    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    failed = _row(dock.model, "ato.failed_logins")
    dock._select_rows([failed])
    detail = dock.charts.detail.plot
    small = dock.charts.multiples.plots[small_floor.indicators["failed"]]
    assert detail.incident_lines == small.incident_lines == []
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
    [line] = detail.incident_lines
    assert [x.value() for x in small.incident_lines] == [opened.timestamp()]
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
    qtbot.waitUntil(lambda: detail.incident_lines == [], timeout=2000)
    assert small.incident_lines == []


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
    assert dock.model.rowCount() == 9
    multiples = dock.charts.multiples
    assert len(multiples.plots) == 9  # every indicator has its chart, none left out
    assert list(multiples.headings) == ["Account takeover", "Operations", "Other"]
    cols = multiples._columns
    rows_of_plots = sum(-(-n // cols) for n in (1, 1, 7))  # as many columns as the width holds
    assert multiples.minimumHeight() >= rows_of_plots * multiples.PLOT_PX  # each readable: they scroll
    assert dock.charts.scroller.widget() is multiples
    # Selecting all nine frames them all; the detail chart shows the current one.
    assert not [p for p in multiples.plots.values() if _framed(p)]
    dock._select_rows(list(range(9)))
    assert all(_framed(p) for p in multiples.plots.values())


def _framed(plot) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    border = plot.getViewBox().border
    return border is not None and border.style() != Qt.PenStyle.NoPen


def test_a_click_on_a_small_chart_makes_it_the_detail_chart(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    dock.resize(900, 600)
    dock.show()
    charts = dock.charts
    approval_id = small_floor.indicators["approval"]
    plot = charts.multiples.plots[approval_id]

    class Click:
        def scenePos(self):  # type: ignore[no-untyped-def]
            return plot.sceneBoundingRect().center()

    with qtbot.waitSignal(charts.multiples.chosen, timeout=1000):
        charts.multiples._clicked(Click())
    assert dock._selected_ids() == [approval_id]
    assert charts.detail_id == approval_id
    assert _framed(plot)
    assert not _framed(charts.multiples.plots[small_floor.indicators["failed"]])


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


def test_the_range_picker_reads_rollups_and_the_detail_chart_zooms_to_finer_ones(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    charts = dock.charts
    failed_id = small_floor.indicators["failed"]
    week = 7 * 86400
    charts.buttons.button(week).click()
    start, end = charts.range_window()
    assert end - start == week
    charts.multiples.flush()
    small = charts.multiples.plots[failed_id]
    assert small.series.step_s > 0  # a week at a small chart's width: buckets, not 10,080 samples
    assert small.viewRange()[0] == [start, end]
    detail = charts.detail
    assert detail.plot.series.step_s > 0
    assert detail.shown_range() == (start, end)
    assert not charts.now_button.isEnabled()  # the range ends now
    # Zoomed in to the last hour (a wheel or a drag): once it settles, that hour is read at full detail.
    detail.plot.setXRange(end - 3600, end, padding=0)
    with qtbot.waitSignal(detail.viewChanged, timeout=2000):
        pass
    assert charts.zoom is not None
    assert detail.plot.series.step_s == 0
    assert len(detail.plot.series.xs) == 60
    assert charts.now_button.isEnabled()
    # The small charts keep the week; "Now" undoes the zoom.
    assert small.viewRange()[0] == [start, end]
    charts.now_button.click()
    assert charts.zoom is None
    assert detail.plot.series.step_s > 0


def test_the_crosshair_reads_floor_time_and_value(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    charts = dock.charts
    dock._select_rows([_row(dock.model, "ato.failed_logins")])
    detail = charts.detail
    series = detail.plot.series
    at = float(series.xs[10])
    seen: list[str] = []
    detail.readoutChanged.connect(seen.append)
    text = detail.show_readout_at(at + 5)  # nearest sample
    clock = datetime.fromtimestamp(at, ctx.clock.tz).strftime("%H:%M")
    assert text.startswith(clock)
    assert f"{series.mean[10]:.0f} count/min" in text
    assert detail.crosshair.isVisible()
    assert detail.crosshair.value() == at
    assert seen == [text]
    assert charts.readout.text() == text  # said beside the title
    detail._say("")  # the pointer left
    assert charts.readout.text() == ""


def test_the_normal_band_is_where_past_weeks_lay(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    failed_id = small_floor.indicators["failed"]
    base = small_floor.now.replace(second=0, microsecond=0)
    for weeks, level in ((1, 400.0), (2, 600.0)):
        indicators.ingest(
            db, SYSTEM, [(failed_id, base - timedelta(days=7 * weeks, minutes=m), level) for m in range(60)]
        )
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    dock._select_rows([_row(dock.model, "ato.failed_logins")])
    dock.charts.buttons.button(3600).click()
    band = dock.charts.detail.plot.baseline
    assert band is not None
    xs, lo, hi = band
    inside = (xs > base.timestamp() - 3000) & (xs < base.timestamp() - 600)
    assert inside.any()
    assert (lo[inside] >= 400).all()
    assert (hi[inside] <= 600).all()
    assert "normal" in dock.charts.detail.show_readout_at(base.timestamp() - 1800)


def test_a_backtest_shades_where_a_rule_would_have_fired(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from console.services import rules
    from tests.factories import ADMIN

    failed_id = small_floor.indicators["failed"]
    base = small_floor.now.replace(second=0, microsecond=0)
    # A spike between the minutes 30 and 20 minutes ago (the minutes themselves hold normal samples): the rule
    # fires at its first sample and clears at the next normal one; its 15-minute cooldown keeps it from
    # firing again for the rest of the spike.
    indicators.ingest(
        db, SYSTEM, [(failed_id, base - timedelta(minutes=m, seconds=30), 5000.0) for m in range(30, 20, -1)]
    )
    rule = rules.add_rule(
        db,
        ADMIN,
        indicator_key="ato.failed_logins",
        kind="threshold",
        params={"value": 4000, "for_s": 0},
        name="Failed logins over 4k",
    )
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    dock._select_rows([_row(dock.model, "ato.failed_logins")])
    charts = dock.charts
    got: list = []  # type: ignore[type-arg]
    charts.backtest([rule], got.append)
    [spans] = got
    assert len(spans) == 1
    [region] = charts.detail.plot.spans
    start, end = region.getRegion()
    assert (start, end) == (base.timestamp() - 30.5 * 60, base.timestamp() - 30 * 60)
    assert "Failed logins over 4k would fire" in region.toolTip()
    assert "backtest: fires 1 times" in charts.title.text()
    charts.clear_backtest()
    assert charts.detail.plot.spans == []


def test_the_catalogue_opens_on_the_charted_indicator(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    dock, ctx = _loaded(qtbot, make_ctx, db, small_floor.now)
    dock._select_rows([_row(dock.model, "ops.auto_approval_rate")])
    assert dock.catalogue_button.isVisibleTo(dock)
    dialog = dock.open_catalogue()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dock.open_catalogue() is dialog  # the one already open, raised
    qtbot.waitUntil(lambda: dialog.selected_id() == small_floor.indicators["approval"], timeout=3000)
    dialog.close()
    wall = IndicatorsDock(make_ctx(db, small_floor.now, wall=True))
    qtbot.addWidget(wall)
    assert not wall.catalogue_button.isVisibleTo(wall)
