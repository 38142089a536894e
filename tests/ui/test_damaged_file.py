"""A SQLite file with a page of garbage in its middle: the commands that open it refuse it in one line within
seconds (it used to take ``self-check`` 63 s and 361 lines), and the console, which opens without the slow
check, runs it after its first paint, turns red with the reason, stops reading and refuses writes (it used
to retry for ever while it said "online")."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from console.connect import open_database
from console.db import integrity
from console.errors import DatabaseDamaged, NotADatabase, ReadOnly
from console.settings import Settings
from tests.conftest import ONE_DAY_DEMO, DemoTemplates
from ui.app import build_window, dispose_window
from ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]
FEW_SECONDS = 15  # two interpreters starting at once on a busy 2-core machine; it used to be 63 s


def damage_middle_page(path: Path) -> int:
    """Overwrite the page in the middle of ``path`` with garbage (as a failing disk or a stray write would);
    returns the page's number."""
    with closing(sqlite3.connect(path)) as conn:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    middle = path.stat().st_size // page_size // 2
    garbage = random.Random(6).randbytes(page_size)
    with path.open("r+b") as f:
        f.seek(middle * page_size)
        f.write(garbage)
    return middle + 1


@pytest.fixture
def damaged(tmp_path: Path, demo_templates: DemoTemplates) -> Path:
    """A copy of the one-day demo floor with its middle page overwritten; SQLite's own check agrees."""
    path = tmp_path / "damaged.db"
    demo_templates.copy_sqlite(ONE_DAY_DEMO, path)
    page = damage_middle_page(path)
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    assert f"Page {page}" in found, found
    return path


def test_self_check_and_db_current_refuse_it_in_one_line(damaged: Path) -> None:
    commands = {"self-check": ["self-check"], "db current": ["db", "current"]}
    started = time.monotonic()
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "ui.main", "--db", str(damaged), *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for name, argv in commands.items()
    }
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - started
        lines = (out + err).strip().splitlines()
        assert proc.returncode == 1, (name, out, err)
        assert len(lines) == 1, (name, lines)
        assert f"The database file {damaged} is damaged (" in lines[0], name
        assert "restore it from a backup" in lines[0]
        assert took < FEW_SECONDS, f"{name} took {took:.1f} s"


def test_a_file_that_is_not_sqlite_inside_is_refused_at_open(tmp_path: Path) -> None:
    garbled = tmp_path / "garbled.db"
    garbled.write_bytes(b"SQLite format 3\x00" + b"x" * 5000)  # the right magic, nothing else right
    with pytest.raises(NotADatabase, match="garbled.db is not a SQLite database file"):
        open_database(str(garbled))


def test_the_check_finds_nothing_on_a_whole_file(tmp_path: Path, demo_templates: DemoTemplates) -> None:
    path = tmp_path / "whole.db"
    demo_templates.copy_sqlite(ONE_DAY_DEMO, path)
    db = open_database(str(path), check_integrity=True)
    assert integrity.quick_check(db) is None
    db.dispose()


def test_the_console_turns_red_stops_reading_and_refuses_writes(qtbot: QtBot, qapp, damaged: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.load(overrides={"database_url": str(damaged)})
    db = open_database(settings.database)  # the console's start does not run the slow check
    assert db.read_only_reason is None
    window = build_window(qapp, settings, db, runner=TaskRunner())
    reasons: list[str] = []
    window.integrity.damaged.connect(reasons.append)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: bool(reasons), timeout=20_000)
    reason = reasons[0]
    assert reason == str(DatabaseDamaged(path=str(damaged), detail=reason.split("(", 1)[1].rsplit(")", 1)[0]))
    status = window.status
    assert " · DAMAGED · " in status.db_label.text()
    assert status.db_label.text().endswith(" · read-only")
    assert "#dc2626" in status.db_label.styleSheet()
    assert reason in status.db_label.toolTip()
    hub = window.ctx.hub
    assert not hub.online
    assert hub.status.reason == reason
    for cover in window.covers:  # every dock veiled under the reason
        assert cover.stale
        assert cover.text().startswith("DAMAGED · data as of ")
        assert cover.text().endswith(f"\n{reason}")
    with pytest.raises(ReadOnly, match="is damaged"), db.writing():
        pass
    # Nothing is read any more: no retry every 2 s, no "online" coming back.
    window.ctx.runner.shutdown()
    qtbot.wait(2500)
    assert not window.ctx.runner.busy
    assert not hub.online
    dispose_window(window)
    db.dispose()
