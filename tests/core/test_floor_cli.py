"""``watchfloor floor export|import|auto-assign`` on a SQLite floor (the services behind them are tested on
both databases in test_seating.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console import cli
from console.db import migrate
from console.db.engine import Database, make_engine
from console.identity import os_account
from tests.factories import add_users, build_small_floor, floor_now


def test_floor_file_from_the_command_line(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_small_floor(db, floor_now())
        add_users(db, (os_account(), "supervisor"))
    finally:
        db.dispose()
    run = ["--db", sqlite_url]
    target = tmp_path / "floor.json"
    assert cli.main([*run, "floor", "export", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [z["code"] for z in data["zones"]] == ["ato", "kyc"]
    data["zones"][0]["seats"][0]["x"] = "far left"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    capsys.readouterr()
    assert cli.main([*run, "floor", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "zones[0].seats[0].x: must be a number" in err
    assert cli.main([*run, "floor", "import", str(target)]) == 0
    assert cli.main([*run, "floor", "auto-assign"]) == 0
    assert "agents seated: 1" in capsys.readouterr().err  # Eve, rostered without a seat
