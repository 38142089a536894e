"""One benchmark run: every part in turn, the figures in one dictionary (what ``--json`` prints)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ui.bench import fresh, latency, outage
from ui.bench.options import BenchOptions
from ui.bench.spawn import Target
from ui.bench.stats import median, p50_p95, rounded

if TYPE_CHECKING:
    from console.settings import Settings

log = logging.getLogger(__name__)


def run_all(
    settings: Settings, opts: BenchOptions, kind: str, progress: Callable[[str], None]
) -> dict[str, Any]:
    target = Target(
        settings.database,
        config=str(settings.path) if settings.path.exists() else None,
        lang=settings.language,
    )
    result: dict[str, Any] = {"db": kind}
    detail: dict[str, Any] = {"skipped": sorted(opts.skip)}

    if opts.runs("start"):
        progress(f"start: {opts.starts} console and {opts.starts} bare processes")
        starts = fresh.time_starts(target, opts.starts)
        start_s, bare_s = median(starts.console), median(starts.bare)
        result.update(
            start_s=start_s,
            start_charts_s=median(starts.charts),
            bare_start_s=bare_s,
            start_ratio=round(start_s / bare_s, 2) if start_s and bare_s else None,
        )
        detail.update(
            starts_s=rounded(starts.console),
            charts_s=rounded(starts.charts),
            bare_starts_s=rounded(starts.bare),
        )

    if opts.runs("latency") or opts.runs("plain"):
        from ui.bench.window import open_console

        with open_console(settings) as window:
            for part, plain, key in (
                ("latency", False, "change_to_screen_ms"),
                ("plain", True, "plain_sql_to_screen_ms"),
            ):
                if opts.runs(part):
                    progress(f"{key}: {opts.changes} changes")
                    ms = latency.change_to_screen(window, target, opts.changes, plain=plain)
                    result[key] = p50_p95(ms)
                    detail[key] = rounded(ms, 1)
                    if not plain:
                        detail["changes"] = len(ms)  # as before the raw lists were added

    if opts.runs("outage"):
        progress(f"outage: {opts.cuts} rounds, {opts.catch_up_changes} changes to catch up after each")
        out = outage.measure_outage(settings, target, kind, opts.cuts, opts.catch_up_changes)
        result["offline_detect_s"] = median(out.offline_s)
        if out.note:
            result["offline_detect_note"] = out.note
        stall = out.max_stall_ms
        result["catch_up_max_stall_ms"] = round(stall, 1) if stall is not None else None
        result["catch_up_s"] = median(out.catch_up_s)
        detail.update(
            offline_detect_s=rounded(out.offline_s),
            catch_up_changes=out.catch_ups[0].changes if out.catch_ups else {},
            catch_up_rounds=[c.as_dict() for c in out.catch_ups],
        )

    if opts.runs("stall"):
        progress(f"gui stalls: simulate --rate {fresh.SIM_RATE:g}, {opts.stall_seconds:g} s per window")
        load = fresh.stalls_under_load(target, opts.stall_seconds)
        result.update(
            gui_max_stall_ms=load.console.get("max_ms"),
            gui_p99_stall_ms=load.console.get("p99_ms"),
            bare_gui_max_stall_ms=load.bare.get("max_ms"),
            bare_gui_p99_stall_ms=load.bare.get("p99_ms"),
        )
        detail.update(
            gui_stall=load.console,
            bare_gui_stall=load.bare,
            stall_seconds=opts.stall_seconds,
            simulator=load.simulator,
        )
    result["detail"] = detail
    return result


def print_progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def format_text(result: dict[str, Any]) -> str:
    """The figures for people, one line each (``--json`` has the raw lists)."""

    def pair(key: str) -> str:
        v = result.get(key) or {}
        return f"p50 {v.get('p50')} ms, p95 {v.get('p95')} ms" if v else "skipped"

    lines = [f"database: {result['db']}"]
    if "start_s" in result:
        lines.append(
            f"spawn to painted data: {result['start_s']} s (bare window {result['bare_start_s']} s, "
            f"ratio {result['start_ratio']}); charts drawn at {result.get('start_charts_s')} s"
        )
    lines.append(f"change to screen (services): {pair('change_to_screen_ms')}")
    lines.append(f"change to screen (plain SQL): {pair('plain_sql_to_screen_ms')}")
    if "catch_up_s" in result:
        offline = result.get("offline_detect_s")
        lines.append(
            f"silent cut to offline: {offline} s"
            if offline is not None
            else f"offline detection: {result.get('offline_detect_note')}"
        )
        lines.append(
            f"catch-up after the outage: {result['catch_up_s']} s, "
            f"longest GUI stall {result['catch_up_max_stall_ms']} ms"
        )
    if "gui_max_stall_ms" in result:
        lines.append(
            f"GUI stall under the simulator: max {result['gui_max_stall_ms']} ms, "
            f"p99 {result['gui_p99_stall_ms']} ms (bare window: max {result['bare_gui_max_stall_ms']} ms, "
            f"p99 {result['bare_gui_p99_stall_ms']} ms)"
        )
    return "\n".join(lines)
