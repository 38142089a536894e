"""The seat refresh benchmark's blocks on a tiny floor, so ``tests/bench/seat_refresh.py`` cannot rot."""

from __future__ import annotations

from typing import Any

from tests.bench import seat_refresh


def test_the_seat_refresh_benchmark_measures(qapp: Any) -> None:
    ours = seat_refresh.seat_map(seats=60, rounds=3)
    bare = seat_refresh.bare_scene(seats=60, rounds=3)
    for figures in (ours, bare):
        assert set(figures) == {"median_ms", "max_ms", "median_cpu_ms"}
        assert 0 < figures["median_ms"] <= figures["max_ms"]


def test_every_round_changes_every_seat() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    _zones, rows = seat_refresh._floor(40, now)
    first, second = seat_refresh._states(rows, now, 0), seat_refresh._states(rows, now, 1)
    assert len({r.seat_id for r in rows}) == 40
    assert all(a.presence(now) != b.presence(now) for a, b in zip(first, second, strict=True))
