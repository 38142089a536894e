"""The simulator on SQLite and PostgreSQL: writes through the services, catches up, survives a bad tick."""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from console.db.engine import Database
from console.db.models import (
    AttendanceEvent,
    AuditEntry,
    IndicatorSample,
    RotaAssignment,
    Seat,
    SeatAssignment,
    Zone,
)
from console.demo.schedule import capacity
from console.demo.simulate import Simulator
from console.feed import changes_since, last_seq
from console.services import attendance
from console.services.unit import Unit
from tests.conftest import ONE_DAY_DEMO, DemoFloor, DemoSpec

NOW = ONE_DAY_DEMO.now  # 14:50 in Kuala Lumpur: the evening shift is arriving
INDICATORS = 20


@pytest.fixture
def floor(demo_backend: str, copy_demo: Callable[[str, DemoSpec], DemoFloor]) -> Database:
    """This test's copy of a one-day demo floor (built once per session), on SQLite and on PostgreSQL."""
    return copy_demo(demo_backend, ONE_DAY_DEMO).db


def count(db: Database, model: Any, *where: Any) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def run(sim: Simulator, start: datetime, minutes: float, every: float = 20.0) -> Counter[str]:
    """Tick every ``every`` seconds for ``minutes``; what was written in total."""
    total: Counter[str] = Counter()
    for i in range(int(minutes * 60 / every)):
        total.update(sim.step(start + timedelta(seconds=i * every)))
    return total


def test_ticks_write_through_the_services(floor: Database) -> None:
    seq = last_seq(floor)
    sim = Simulator(floor, rate=1.0, seed=1)
    first = sim.step(NOW + timedelta(seconds=61))
    assert first["samples"] == INDICATORS  # the minute that just started, for every indicator
    assert {c.topic for c in changes_since(floor, seq)} >= {"samples"}

    done = run(sim, NOW + timedelta(minutes=1, seconds=20), minutes=24)  # across the 15:00 shift change
    assert done["clock_in"] > 10
    assert done["clock_out"] > 10
    assert sim.stats["errors"] == 0
    with floor.reading() as s:
        by_sim = Counter(s.scalars(select(AuditEntry.action).where(AuditEntry.actor == "simulator")))
    assert by_sim["attendance.clock_in"] == sim.stats["clock_in"]
    assert by_sim["attendance.clock_out"] == sim.stats["clock_out"]
    assert by_sim["indicator.ingest"] >= 24
    assert count(floor, AttendanceEvent, AttendanceEvent.source == "simulator") == sum(
        sim.stats[k] for k in ("clock_in", "clock_out", "break_start", "break_end")
    )
    assert {c.topic for c in changes_since(floor, seq)} >= {"samples", "attendance"}


def test_a_gap_is_backfilled_a_day_per_tick(floor: Database) -> None:
    sim = Simulator(floor, rate=1.0, seed=2)
    later = NOW + timedelta(days=2, minutes=30)
    assert sim.step(later)["samples"] == 1440 * INDICATORS
    assert sim.step(later + timedelta(seconds=1))["samples"] == 1440 * INDICATORS
    assert sim.step(later + timedelta(seconds=2))["samples"] == 30 * INDICATORS
    assert sim.step(later + timedelta(seconds=3))["samples"] == 0
    with floor.reading() as s:
        latest = s.scalar(select(func.max(IndicatorSample.ts)))
    assert latest == later
    assert sim.stats["errors"] == 0


def test_rate_scales_activity_and_breaks_stay_under_the_cap(floor: Database) -> None:
    mid_shift = NOW + timedelta(days=1) - timedelta(hours=3)  # 11:50 next morning, nobody clocked in yet
    calm = Simulator(floor, rate=1.0, seed=3)
    calm_done = run(calm, mid_shift, minutes=20)
    assert (
        calm_done["clock_in"] > 30
    )  # the morning's arrivals caught up, as a badge system replays its buffer
    busy = Simulator(floor, rate=10.0, seed=3)
    busy_done = Counter[str]()
    for i in range(60):
        now = mid_shift + timedelta(minutes=20, seconds=20 * i)
        busy_done.update(busy.step(now))
        if i % 10 == 0:
            assert_break_cap(floor, now)
    assert busy_done["incident_open"] > 3 * max(calm_done["incident_open"], 1)
    assert busy_done["break_start"] > 0
    assert busy_done["incident_acknowledged"] > 0


def assert_break_cap(db: Database, now: datetime) -> None:
    """No more than 20 % of a zone's people on shift are on break (at least one may always go)."""
    with db.reading() as s:
        running = s.scalars(
            select(RotaAssignment.id).where(RotaAssignment.starts_at <= now, RotaAssignment.ends_at > now)
        )
        lines = [
            ln for ln in attendance.roster(s, rota_ids=list(running)) if ln.clock_in and not ln.clock_out
        ]
        zone_of = {
            agent_id: code
            for agent_id, code in s.execute(
                select(SeatAssignment.agent_id, Zone.code)
                .join(Seat, Seat.id == SeatAssignment.seat_id)
                .join(Zone, Zone.id == Seat.zone_id)
                .where(SeatAssignment.agent_id.in_([ln.agent_id for ln in lines]))
            )
        }
    present, away = Counter[str](), Counter[str]()
    for ln in lines:
        present[zone_of[ln.agent_id]] += 1
        away[zone_of[ln.agent_id]] += ln.on_break_since is not None
    assert all(away[z] <= capacity(present[z]) for z in present), (dict(present), dict(away))


def test_a_database_error_is_logged_and_the_next_tick_catches_up(
    floor: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sim = Simulator(floor, rate=1.0, seed=4)
    samples = count(floor, IndicatorSample)

    @contextmanager
    def locked() -> Iterator[Session]:
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        yield  # pragma: no cover

    with monkeypatch.context() as m:
        m.setattr(floor, "writing", locked)
        with caplog.at_level(logging.WARNING, logger="console.demo"):
            tick = sim.step(NOW + timedelta(minutes=2, seconds=5))
    assert tick["samples"] == 0
    assert sim.stats["errors"] >= 1
    assert "database is locked" in caplog.text
    assert count(floor, IndicatorSample) == samples

    # A failure after the rows went in (here: while auditing them) rolls the whole ingest back.
    def full(self: Unit, *args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(Unit, "audit", full)
        sim.step(NOW + timedelta(minutes=2, seconds=6))
    assert count(floor, IndicatorSample) == samples

    assert sim.step(NOW + timedelta(minutes=2, seconds=7))["samples"] == 2 * INDICATORS
    assert count(floor, IndicatorSample) == samples + 2 * INDICATORS


def test_rota_rolls_forward_a_week_at_a_time(db: Database) -> None:
    """A floor opened long after its demo was made still has a rota: each agent's week repeats."""
    from datetime import timedelta

    from sqlalchemy import select

    from console.auth import SIMULATOR
    from console.db.models import RotaAssignment
    from console.services import rota
    from console.services.rota import RotaEntry
    from tests.factories import ADMIN, TZ, build_small_floor, floor_now

    small = build_small_floor(db, floor_now())
    ana = small.agents["Ana"]
    start = small.shift_date  # Ana is already on this day's shift
    # Ana works five days on, two off, on the same shift; the rota ends after one week.
    rota.assign(
        db, ADMIN, [RotaEntry(ana, small.shift_code, start + timedelta(days=n)) for n in range(1, 5)], TZ
    )
    until = start + timedelta(days=20)
    added = rota.roll_forward(db, SIMULATOR, until, TZ)
    with db.reading() as s:
        days = sorted(
            d
            for d in s.scalars(select(RotaAssignment.shift_date).where(RotaAssignment.agent_id == ana))
            if d >= start
        )
    expected = sorted(start + timedelta(days=n) for n in range(21) if n % 7 < 5)
    assert days == expected
    assert added >= len(expected) - 5
    assert rota.roll_forward(db, SIMULATOR, until, TZ) == 0  # idempotent


def test_simulate_refuses_a_database_without_a_floor(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from console.cli import main
    from console.connect import open_database

    missing = Path(sqlite_url.removeprefix("sqlite:///")).with_name("missing.db")
    assert main(["--db", str(missing), "simulate", "--duration", "1"]) == 1  # no such file: not created
    assert f"There is no database file {missing};" in capsys.readouterr().err
    assert not missing.exists()
    open_database(sqlite_url).dispose()  # an empty floor
    assert main(["--db", sqlite_url, "simulate", "--duration", "1"]) == 2
    assert "run 'watchfloor demo' first" in capsys.readouterr().err


def test_writing_commands_refuse_a_newer_schema_at_once(sqlite_url: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from console.cli import main
    from console.db import migrate
    from console.db.engine import make_engine

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    engine.dispose()
    for command in (["simulate", "--duration", "30"], ["demo", "--days", "1"]):
        assert main(["--db", sqlite_url, *command]) == 1
        err = capsys.readouterr().err
        assert "This database is open read-only" in err
        assert "newer than this Watchfloor knows" in err


def test_simulate_exits_non_zero_when_writes_failed(
    floor: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from console.cli import main
    from console.demo import simulate

    def failing_run(self: Simulator, duration: float | None = None, stop: Any = None) -> None:
        self._guard("samples", NOW, lambda: 1 / 0)  # one write that failed, counted as the real ones are

    monkeypatch.setattr(simulate.Simulator, "run", failing_run)
    url = floor.engine.url.render_as_string(hide_password=False)
    assert main(["--db", url, "simulate", "--duration", "1"]) == 1
    assert "1 simulator writes failed" in capsys.readouterr().err
