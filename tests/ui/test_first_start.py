"""First start on the embedded SQLite file builds the demo floor; a configured database is left alone."""

from __future__ import annotations

from console.connect import open_database
from console.demo.build import has_floor
from console.settings import Settings
from ui.app import first_start_demo


def test_first_start_fills_the_embedded_database_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.load()  # no database_url: the embedded file in the (test) user data dir
    db = open_database(settings.database)
    assert not has_floor(db)
    assert first_start_demo(settings, db, days=1) is True
    assert has_floor(db)
    assert first_start_demo(settings, db, days=1) is False  # never twice
    db.dispose()


def test_a_configured_database_is_never_filled(qtbot, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    settings = Settings.load(overrides={"database_url": sqlite_url})
    db = open_database(settings.database)
    assert first_start_demo(settings, db, days=1) is False
    assert not has_floor(db)
    db.dispose()
