"""First start on the embedded SQLite file builds the demo floor; a configured database is left alone.

The build itself is tested in tests/core/test_demo.py; here the builder is stood in for by a restore of the
session's demo floor (built once), so what is tested is first start's part: that it fills the embedded file
once, off the GUI thread, with the settings' time zone, and never a configured database.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest
from pytestqt.qtbot import QtBot

from console.connect import open_database
from console.db.engine import Database
from console.demo import build
from console.demo.build import has_floor
from console.settings import Settings
from tests.conftest import ONE_DAY_DEMO, DemoTemplates
from ui.app import first_start_demo


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, demo_templates: DemoTemplates) -> list[dict[str, object]]:
    """Every call of the demo builder; each restores the session's one-day floor into the database."""
    template, summary = demo_templates.sqlite_template(ONE_DAY_DEMO)
    calls: list[dict[str, object]] = []

    def restore(db: Database, **kwargs: object) -> str:
        calls.append({**kwargs, "on_gui_thread": threading.current_thread() is threading.main_thread()})
        assert db.url.database
        with closing(sqlite3.connect(template)) as src, closing(sqlite3.connect(db.url.database)) as dst:
            src.backup(dst)
        return summary

    monkeypatch.setattr(build, "create_demo_floor", restore)
    return calls


def test_first_start_fills_the_embedded_database_once(qtbot: QtBot, builds: list[dict[str, object]]) -> None:
    settings = Settings.load()  # no database_url: the embedded file in the (test) user data dir
    assert settings.database_is_default
    db = open_database(settings.database, create=True)
    assert not has_floor(db)
    assert first_start_demo(settings, db, days=1) is True
    assert has_floor(db)
    assert builds == [{"days": 1, "tz_name": settings.floor_timezone, "on_gui_thread": False}]
    assert first_start_demo(settings, db, days=1) is False  # never twice
    assert len(builds) == 1
    db.dispose()


def test_a_configured_database_is_never_filled(
    qtbot: QtBot, sqlite_url: str, builds: list[dict[str, object]]
) -> None:
    settings = Settings.load(overrides={"database_url": sqlite_url})
    db = open_database(settings.database)
    assert first_start_demo(settings, db, days=1) is False
    assert not has_floor(db)
    assert builds == []
    db.dispose()
