"""Badge imports: a ZKTeco-style attendance log checked line by line, stored all or nothing, idempotent;
and the ``watchfloor attendance`` commands."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console import cli
from console.auth import SYSTEM, Actor
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AttendanceEvent
from console.errors import InvalidInput, PermissionDenied
from console.identity import os_account
from console.ingest import BadSamples
from console.services import attendance, badge_import
from tests.factories import TZ, SmallFloor, add_users, build_small_floor, floor_now


def _floor(db: Database) -> SmallFloor:
    small = build_small_floor(db, floor_now())
    a = small.agents
    badge_import.set_badges(
        db, Actor("admin", "admin"), {a["Ana"]: "100001", a["Ben"]: "100002", a["Dev"]: "100004"}
    )
    return small


def _local(small: SmallFloor, minutes: float) -> str:
    """The floor time ``minutes`` after the running shift's start, as the export writes it."""
    start = small.now - timedelta(minutes=45)
    return (start + timedelta(minutes=minutes)).astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")


def _badge_events(db: Database) -> int:
    with db.reading() as s:
        return int(
            s.scalar(
                select(func.count()).select_from(AttendanceEvent).where(AttendanceEvent.source == "badge")
            )
            or 0
        )


def test_an_export_is_stored_once_whatever_its_layout(db: Database) -> None:
    small = _floor(db)
    before = _badge_events(db)
    export = (
        "Badge,Time,Device,State\n"
        f"100004,{_local(small, 38)},3,0\n"  # Dev arrives 38 min late (ZKTeco check-in)
        f"100002,{_local(small, 30)},3,2\n"  # Ben's break: ZKTeco break-out …
        f"100002,{_local(small, 42)},3,3\n"  # … and break-in
    )
    done = badge_import.import_punches(db, SYSTEM, io.BytesIO(export.encode()))
    assert (done.stored, done.already, done.read) == (3, 0, 3)
    assert _badge_events(db) == before + 3
    # the same punches again, tab separated without a header, plus one new: only the new one is stored
    again = (
        f"100004\t{_local(small, 38)}\t3\tin\n"
        f"100002\t{_local(small, 30)}\t3\tbreak-out\n"
        f"100002\t{_local(small, 42)}\t3\tbreak-in\t1\t0\n"
        f"100001\t{_local(small, 44)}\t1\tout\n"
    )
    done = badge_import.import_punches(db, SYSTEM, io.BytesIO(again.encode()))
    assert (done.stored, done.already) == (1, 3)
    assert _badge_events(db) == before + 4
    with db.reading() as s:
        (dev,) = attendance.roster(s, agent_ids=[small.agents["Dev"]])
    assert dev.clock_in == small.now - timedelta(minutes=45) + timedelta(minutes=38)  # MYT in, UTC stored
    assert dev.minutes_late == 38


def test_every_bad_line_is_named_and_nothing_is_stored(db: Database) -> None:
    small = _floor(db)
    before = _badge_events(db)
    export = (
        f"100001,{_local(small, -5)},1,in\n"
        f"999999,{_local(small, 1)},1,in\n"  # 2: unknown badge
        "100002,2026-13-01 07:00:00,1,in\n"  # 3: bad time
        f"100002,{_local(small, 2)},1,sideways\n"  # 4: unknown direction
        f"100001,{_local(small, -5)},1,0\n"  # 5: the same punch as line 1
        "100002\n"  # 6: too few columns
        "\n"
        f"100004,{_local(small, 3)},1,9\n"  # 8: unknown punch state
    )
    with pytest.raises(BadSamples) as err:
        badge_import.import_punches(db, SYSTEM, io.BytesIO(export.encode()), source="log.csv")
    lines = [p.line for p in err.value.problems]
    assert lines == [2, 3, 4, 5, 6, 8]
    message = str(err.value)
    assert message.startswith("log.csv: 6 problem(s), nothing was imported.")
    assert "line 2: no agent has the badge “999999”" in message
    assert "line 5: the same punch as line 1" in message
    assert _badge_events(db) == before
    with pytest.raises(BadSamples, match="there are no punches"):
        badge_import.import_punches(db, SYSTEM, io.BytesIO(b"Badge,Time,Device,State\n"))
    with pytest.raises(PermissionDenied):
        badge_import.import_punches(
            db, Actor("wall", "viewer"), io.BytesIO(f"100001,{_local(small, 9)},1,out\n".encode())
        )


def test_a_badge_number_is_one_agents(db: Database) -> None:
    small = _floor(db)
    with pytest.raises(InvalidInput):
        badge_import.set_badges(db, Actor("admin", "admin"), {small.agents["Eve"]: "100001"})


def test_the_attendance_commands(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        small = _floor(db)
        add_users(db, (os_account(), "supervisor"))
        run = ["--db", sqlite_url]
        export = tmp_path / "attlog.csv"
        export.write_text(f"100004,{_local(small, 38)},3,0\n100002,{_local(small, 50)},3,2\n")
        assert cli.main([*run, "attendance", "import", str(export)]) == 0
        assert "2 punches stored, 0 already there" in capsys.readouterr().out
        assert cli.main([*run, "attendance", "import", str(export)]) == 0
        assert "0 punches stored, 2 already there" in capsys.readouterr().out
        export.write_text("100004,yesterday,3,0\n")
        assert cli.main([*run, "attendance", "import", str(export)]) == 1
        assert "line 1: “yesterday” is not a floor time" in capsys.readouterr().err

        assert cli.main([*run, "attendance", "policy"]) == 0
        assert "clock-in more than 5 min after the start (Warning)" in capsys.readouterr().out
        assert cli.main([*run, "attendance", "policy", "late", "10", "info"]) == 0
        assert "clock-in more than 10 min after the start (Info)" in capsys.readouterr().out
        assert cli.main([*run, "attendance", "policy", "overtime", "--off"]) == 0
        assert cli.main([*run, "attendance", "policy", "late"]) == 1
        capsys.readouterr()

        from console.timers import run_due

        run_due(db, small.now)
        assert cli.main([*run, "attendance", "exceptions"]) == 0
        out = capsys.readouterr().out
        assert "KL0002" in out  # Ben: 20 min late
        assert "No-show" in out  # Dev: no clock-in by minute 30 (he came at 38)
        assert cli.main([*run, "attendance", "ledger", "KL0002", "--days", "3"]) == 0
        out = capsys.readouterr().out
        assert "Ben (KL0002)" in out
        assert "Late 20 min · Open" in out
        assert cli.main([*run, "attendance", "ledger", "NOPE"]) == 1
    finally:
        db.dispose()
