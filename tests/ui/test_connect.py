"""Connecting from the console: on a worker, with the password asked on the GUI thread when needed."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

import console.connect as core_connect
import ui.app as app_module
from console.db.engine import describe_url
from console.errors import DatabaseUnavailable, WrongPassword
from console.settings import Settings
from ui.app import connect


def test_connects_to_the_configured_database(qtbot, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    db = connect(Settings.load(overrides={"database_url": sqlite_url}))
    assert db.is_sqlite
    db.dispose()


def test_unreachable_server_is_a_clear_error(qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseUnavailable, match="PostgreSQL 127.0.0.1:1/floor"):
        connect(Settings.load(overrides={"database_url": "postgresql://nobody@127.0.0.1:1/floor"}))


def test_password_is_asked_on_the_gui_thread_and_retried(
    qtbot, monkeypatch: pytest.MonkeyPatch, pg_url: str
) -> None:  # type: ignore[no-untyped-def]
    """The server refuses until the right password is typed; a wrong one is asked again, up to three tries."""
    from PySide6.QtCore import QCoreApplication, QThread

    real_reachable = core_connect._reachable

    def reachable(db):  # type: ignore[no-untyped-def]
        if db.engine.url.password != "right":
            raise OperationalError("SELECT 1", {}, Exception('password authentication failed for user "x"'))
        real_reachable(db)

    monkeypatch.setattr(core_connect, "_reachable", reachable)
    asked: list[tuple[str, bool]] = []
    typed = iter(["wrong", "right"])

    def ask(reason: str) -> str | None:
        on_gui_thread = QThread.currentThread() == QCoreApplication.instance().thread()  # type: ignore[union-attr]
        asked.append((reason, on_gui_thread))
        return next(typed)

    monkeypatch.setattr(app_module, "ask_password", ask)
    with pytest.raises(Exception, match="older|empty"):  # reached with the right password; schema still empty
        connect(Settings.load(overrides={"database_url": pg_url}))
    assert asked == [
        ("No password is stored for this database.", True),
        (str(WrongPassword(where=describe_url(pg_url))), True),
    ]
    with pytest.raises(WrongPassword):
        core_connect.open_database(pg_url, password="wrong")
