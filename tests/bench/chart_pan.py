"""The indicators dock's detail chart on 90 days: a pan's redraw, a zoom, and a selection click, each beside a
bare pyqtgraph plot of the same points panned the same way in the same run (target: a pan redraw <= 16 ms).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.chart_pan [--frames 120] [--width 1000]``

The data is what :func:`console.views.indicator_range.read_range` hands the chart: 90 days at the hourly
rollup (2,160 buckets: mean line, low-high envelope) for the range picker's 90 d, and, as the worst case, 90
days of raw per-minute samples (129,600 points: what a chart held if nothing chose a level). Each frame moves
the x range by 1 % of its span (a drag) and paints the view synchronously (``repaint``); the figures are the
median and the 95th percentile of the frames' wall time, and the median of their CPU time on the GUI thread.
``selection_ms``: the detail chart switched to another indicator (its items changed in place, new points set,
painted), beside building a new plot for it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

import numpy as np

DAY = 86400


def _series(step_s: int, days: int, seed: int) -> Any:
    from console.views.indicator_range import RangeSeries

    rng = np.random.default_rng(seed)
    end = 1_800_000_000.0
    xs = np.arange(end - days * DAY, end, step_s or 60, dtype=np.float64)
    daily = 600 + 300 * np.sin(xs / DAY * 2 * np.pi)
    mean = daily + rng.normal(0, 40, len(xs))
    spikes = rng.random(len(xs)) < 0.002
    mean[spikes] *= 5
    lo, hi = (mean * 0.8, mean * 1.3) if step_s else (mean, mean)
    count = np.full(len(xs), max(step_s // 60, 1), dtype=np.int64)
    return RangeSeries(1, step_s, xs, mean, lo, hi, count)


def _frames(widget: Any, plot: Any, frames: int) -> tuple[list[float], list[float]]:
    """Each frame's wall time and the GUI thread's CPU time (ms): on a shared machine the CPU time moves
    less with the other work on it."""
    from PySide6.QtWidgets import QApplication

    x0, x1 = plot.getViewBox().viewRange()[0]
    step = (x1 - x0) / 100
    wall, cpu = [], []
    for n in range(frames):
        shift = -step * (n + 1)
        t, c = time.perf_counter(), time.thread_time()
        plot.setXRange(x0 + shift, x1 + shift, padding=0)
        widget.viewport().repaint()  # the view's viewport is what paints the scene
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    QApplication.processEvents()
    return wall, cpu


def _stats(ms: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    ordered = sorted(ms)
    out = {
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2),
        "max_ms": round(ordered[-1], 2),
    }
    if cpu:
        out["cpu_median_ms"] = round(statistics.median(cpu), 2)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--frames", type=int, default=120)
    p.add_argument("--width", type=int, default=1000)
    p.add_argument("--height", type=int, default=320)
    args = p.parse_args()

    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from console.floortime import floor_zone
    from console.views.indicator_board import IndicatorInfo
    from ui.docks.indicator_charts import DetailChart

    app = QApplication.instance() or QApplication([])
    tz = floor_zone()
    info = IndicatorInfo(1, "ato.failed_logins", "Failed logins", (), "count/min", "higher", 1500, 3000, 60)
    other = IndicatorInfo(2, "wd.amount_usd", "Withdrawal amount", (), "USD/min", "higher", 6e6, 1e7, 60)
    results: dict[str, Any] = {"width_px": args.width, "frames": args.frames}
    for name, step in (("hourly_rollup_90d", 3600), ("raw_90d", 0)):
        series = _series(step, 90, seed=1)
        chart = DetailChart(info, tz)
        chart.resize(args.width, args.height)
        chart.show()
        chart.plot.set_series(series)
        chart.set_window(float(series.xs[0]), float(series.xs[-1]))
        chart.repaint()
        app.processEvents()
        chart_ms, chart_cpu = _frames(chart, chart.plot, args.frames)
        # The baseline: a bare plot of the same mean line (no envelope, bands, thresholds, time axis of ours).
        bare = pg.PlotWidget(background="w")
        bare.resize(args.width, args.height)
        bare.show()
        bare.plot(series.xs, series.mean, pen=pg.mkPen("#1d4ed8", width=1))
        bare.setXRange(float(series.xs[0]), float(series.xs[-1]), padding=0)
        bare.repaint()
        app.processEvents()
        bare_ms, bare_cpu = _frames(bare, bare.getPlotItem(), args.frames)
        results[name] = {
            "points": len(series.xs),
            "chart": _stats(chart_ms, chart_cpu),
            "bare_plot": _stats(bare_ms, bare_cpu),
        }
        # Zoom: the wheel halves the range; the chart fits its value axis to what is in view.
        t = time.perf_counter()
        x0, x1 = chart.shown_range()
        chart.plot.setXRange(x1 - (x1 - x0) / 2, x1, padding=0)
        chart.viewport().repaint()
        results[name]["zoom_ms"] = round((time.perf_counter() - t) * 1000, 2)
        chart.close()
        bare.close()

    # A selection click: the same detail chart shows another indicator (thresholds, unit, points) in place.
    chart = DetailChart(info, tz)
    chart.resize(args.width, args.height)
    chart.show()
    first, second = _series(3600, 90, seed=1), _series(3600, 90, seed=2)
    chart.plot.set_series(first)
    chart.set_window(float(first.xs[0]), float(first.xs[-1]))
    chart.repaint()
    in_place, rebuilt = [], []
    for n in range(20):
        t = time.perf_counter()
        chart.plot.set_info(other if n % 2 == 0 else info)
        chart.plot.set_series(second if n % 2 == 0 else first)
        chart.viewport().repaint()
        in_place.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        fresh = DetailChart(other, tz)
        fresh.resize(args.width, args.height)
        fresh.show()
        fresh.plot.set_series(second)
        fresh.set_window(float(second.xs[0]), float(second.xs[-1]))
        fresh.viewport().repaint()
        rebuilt.append((time.perf_counter() - t) * 1000)
        fresh.close()
        fresh.deleteLater()
        app.processEvents()
    results["selection_ms"] = {"in_place": _stats(in_place), "new_plot": _stats(rebuilt)}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
