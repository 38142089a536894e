"""The seat map's full status refresh on a floor of 1,000 seats (target <= 16 ms, one frame), beside a bare
QGraphicsScene recolouring 1,000 rectangles in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench.seat_refresh [--seats 1000] [--rounds 20]``

The floor is built offscreen (no database): 1,000 seats in 20 zones, each seat held by a rostered agent, in
the floor dock's own pieces (:class:`SeatMapModel`, :class:`FloorScene`, :class:`FloorView`, the legend and
the unseated list when the dock has them) shown at 1,366 x 768's dock size (760 x 430). Each round changes
every seat's state in one batch (everyone clocks in, goes on break, comes back late, ...), exactly as a
reload or a catch-up after an outage hands the model its rows, and times, on the GUI thread: the batch
applied to the model and the events that follow it processed: the scene's dirty items, the legend's and the
zone headers' once-per-turn refresh and the view's paint of the whole floor (the scene is on screen as it now
is; each seat is painted once per round, counted by :func:`paints_per_round`). The baseline builds
1,000 ``QGraphicsRectItem`` in a bare scene in a view of the same size and, per round, sets every rectangle's
brush and processes events the same way. Figures: median and worst wall time of the rounds and the median
CPU time of the GUI thread (steadier on a busy machine), milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

ZONES = 20
VIEW_SIZE = (760, 430)


def _floor(seats: int, now: datetime) -> tuple[list[Any], list[Any]]:
    """Zones and seat rows of a big floor: ``ZONES`` desks in a grid, seats in rows of ten inside each."""
    from console.services.attendance import RosterLine
    from console.views.seat_map import SeatRow, ZoneRow

    per_zone = -(-seats // ZONES)
    rows_per_zone = -(-per_zone // 10)
    zones, rows = [], []
    for z in range(ZONES):
        zx, zy = (z % 5) * 12.0, (z // 5) * (rows_per_zone + 2.0)
        code = f"Z{z:02d}"
        zones.append(ZoneRow(code, f"Desk {z + 1}", (), zx, zy, 11.0, rows_per_zone + 1.5))
        for i in range(per_zone):
            n = z * per_zone + i
            if n >= seats:
                break
            line = RosterLine(
                n + 1, n + 1, f"E{n:05d}", f"Agent {n}", "Team", "M",
                now - timedelta(hours=1), now + timedelta(hours=7), "planned",
                None, None, None, 0.0,
            )  # fmt: skip
            rows.append(
                SeatRow(
                    n + 1, f"{code}-{i:02d}", code, zx + 1 + i % 10, zy + 1.2 + i // 10, n + 1,
                    f"Agent Number {n}", line,
                )
            )  # fmt: skip
    return zones, rows


def _states(rows: list[Any], now: datetime, round_: int) -> list[Any]:
    """Every seat in a new state: clocked in on time, late, on break or clocked out, turn by turn."""
    out = []
    for i, row in enumerate(rows):
        line = row.line
        pick = (i + round_) % 4
        if pick == 0:
            line = replace(line, clock_in=line.starts_at, on_break_since=None, clock_out=None)
        elif pick == 1:
            line = replace(line, clock_in=line.starts_at + timedelta(minutes=20), on_break_since=None)
        elif pick == 2:
            line = replace(line, clock_in=line.starts_at, on_break_since=now - timedelta(minutes=3))
        else:
            line = replace(line, clock_in=line.starts_at, clock_out=now - timedelta(minutes=1))
        out.append(replace(row, line=line, agent_name=f"{row.agent_name[:20]}{round_ % 2}"))
    return out


def seat_map(seats: int, rounds: int, size: tuple[int, int] = VIEW_SIZE) -> dict[str, float]:
    """Median and worst milliseconds of a full status refresh of the floor dock's map."""
    from PySide6.QtWidgets import QApplication

    from console.floortime import floor_zone
    from console.views import promote
    from ui.clock import FloorClock
    from ui.docks.floor import PresenceLegend
    from ui.docks.floor_map import FloorScene, FloorView
    from ui.models.seats import SeatMapModel, ZoneShape

    app = QApplication.instance() or QApplication([])
    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    clock = FloorClock(floor_zone(), lambda: now)
    zones, rows = _floor(seats, now)
    model = SeatMapModel(clock)
    scene = FloorScene(model)
    view = FloorView(scene)
    legend = PresenceLegend(model)
    view.resize(*size)
    view.show()
    legend.show()
    model.set_floor([promote(ZoneShape, z) for z in zones], rows)
    app.processEvents()
    view.viewport().repaint()
    times, cpu = [], []
    for r in range(rounds):
        batch = _states(rows, now, r)
        start, start_cpu = time.perf_counter(), time.thread_time()
        model.apply(batch)
        app.processEvents()  # the scene's dirty items, the legend's turn, the view's paint
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    legend.close()
    view.close()
    return _stats(times, cpu)


def _stats(times: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times), 2),
        "max_ms": round(max(times), 2),
        "median_cpu_ms": round(statistics.median(cpu), 2),
    }


def bare_scene(seats: int, rounds: int, size: tuple[int, int] = VIEW_SIZE) -> dict[str, float]:
    """The baseline: a bare scene's 1,000 rectangles given new brushes and repainted."""
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    app = QApplication.instance() or QApplication([])
    scene = QGraphicsScene()
    items = [scene.addRect(i % 50 * 100, i // 50 * 100, 90, 90) for i in range(seats)]
    view = QGraphicsView(scene)
    view.resize(*size)
    view.show()
    view.fitInView(scene.sceneRect())
    app.processEvents()
    colors = [QBrush(QColor(c)) for c in ("#009e73", "#e69f00", "#56b4e9", "#4b5563")]
    times, cpu = [], []
    for r in range(rounds):
        start, start_cpu = time.perf_counter(), time.thread_time()
        for i, item in enumerate(items):
            item.setBrush(colors[(i + r) % 4])
        app.processEvents()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    view.close()
    return _stats(times, cpu)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seats", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument(
        "--size", default="760x430", help="the view's size (the dock at 1366x768; 1920x1080: a wall)"
    )
    args = p.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    results = {
        "seats": args.seats,
        "rounds": args.rounds,
        "target_ms": 16,
        "view": args.size,
        "seat_map": seat_map(args.seats, args.rounds, size),  # type: ignore[arg-type]
        "bare_scene_baseline": bare_scene(args.seats, args.rounds, size),  # type: ignore[arg-type]
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
