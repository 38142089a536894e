"""``watchfloor log`` and ``watchfloor handover`` on a SQLite floor (the services behind them are tested on
both databases in test_handover.py): an entry added with its links, the brief printed and written as Markdown,
sign-off refused to the preparer, and unknown links refused in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from console import cli
from console.db import migrate
from console.db.engine import Database, make_engine
from console.identity import os_account
from console.services import handover, shiftlog
from tests.factories import add_users, build_small_floor, floor_now


def test_log_and_handover_from_the_command_line(
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
    assert cli.main([*run, "log", "add", "Dev called in sick", "--agent", "kl0004"]) == 0
    assert "shift log entry" in capsys.readouterr().out
    assert cli.main([*run, "log", "add", "About a ghost", "--indicator", "no.such"]) == 1
    assert "The log entry names Indicator no.such" in capsys.readouterr().err
    assert cli.main([*run, "log", "add", "   "]) == 1
    assert "needs some text" in capsys.readouterr().err
    assert cli.main([*run, "log", "show"]) == 0
    assert f"{os_account()} [Dev]: Dev called in sick" in capsys.readouterr().out

    assert cli.main([*run, "handover", "brief"]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("# Shift handover: ")
    assert "Dev called in sick" in printed.out
    hid = int(printed.err.split()[1])
    target = tmp_path / "brief.md"
    assert cli.main([*run, "handover", "show", str(hid), "--markdown", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == printed.out
    assert cli.main([*run, "handover", "sign-off", str(hid)]) == 1
    assert "the incoming supervisor signs it off" in capsys.readouterr().err

    db = Database(make_engine(sqlite_url))
    try:
        with db.reading() as s:
            assert handover.get(s, hid).prepared_by == os_account()
            [entry] = shiftlog.entries(s, floor_now().replace(year=2000), floor_now().replace(year=2100))
        assert entry.agent_name == "Dev"
    finally:
        db.dispose()
