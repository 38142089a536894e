"""First start on the embedded SQLite file builds the demo floor behind a dialog that shows its steps and
can cancel it; a configured database is left alone.

The build itself is tested in tests/core/test_demo*.py; the first tests stand the builder in by a restore of
the session's demo floor (built once), so what they test is first start's part: that it fills the embedded
file once, off the GUI thread, with the settings' time zone, and never a configured database. The dialog's
tests run the real build of a one-day floor, and cancel it half-way.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from typing import Any, ClassVar

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from console.connect import open_database
from console.db.engine import Database
from console.db.models import Base
from console.demo import build
from console.demo.build import has_floor, is_demo_floor
from console.demo.progress import BUILD_STEPS, Progress
from console.errors import Cancelled
from console.settings import Settings
from tests.conftest import ONE_DAY_DEMO, DemoTemplates
from ui import app
from ui.app import first_start_demo
from ui.firststart import DemoBuildDialog, Outcome


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, demo_templates: DemoTemplates) -> list[dict[str, object]]:
    """Every call of the demo builder; each restores the session's one-day floor into the database."""
    template, summary = demo_templates.sqlite_template(ONE_DAY_DEMO)
    calls: list[dict[str, object]] = []

    def restore(db: Database, progress: object = None, **kwargs: object) -> str:
        assert callable(progress)
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
    assert first_start_demo(settings, db, days=1) is Outcome.BUILT
    assert has_floor(db)
    assert builds == [{"days": 1, "tz_name": settings.floor_timezone, "on_gui_thread": False}]
    assert first_start_demo(settings, db, days=1) is Outcome.NOT_NEEDED  # never twice
    assert len(builds) == 1
    db.dispose()


def test_a_configured_database_is_never_filled(
    qtbot: QtBot, sqlite_url: str, builds: list[dict[str, object]]
) -> None:
    settings = Settings.load(overrides={"database_url": sqlite_url})
    db = open_database(settings.database, create=True)
    assert first_start_demo(settings, db, days=1) is Outcome.NOT_NEEDED
    assert not has_floor(db)
    assert builds == []
    db.dispose()


# -- the dialog, over the real build ----------------------------------------------------------------------
class Watched(DemoBuildDialog):
    """The first-start dialog, kept for the test to look at; optionally presses Cancel (as a user would, on
    the GUI thread) once the build reports ``cancel_at``."""

    made: ClassVar[list[Watched]] = []
    cancel_at: ClassVar[str | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[Progress] = []
        self.shown_at_cancel: dict[str, str] = {}
        Watched.made.append(self)

    def _show(self, p: Progress) -> None:
        super()._show(p)
        self.seen.append(p)
        if p.key == Watched.cancel_at and not self.cancel_requested.is_set():
            self.shown_at_cancel = {
                key: row[0].text() + " " + row[2].text() for key, row in self.rows.items()
            }
            button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            assert button.isEnabled()
            button.click()
            assert not button.isEnabled()
            assert "Cancelling" in self.note.text()


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> type[Watched]:
    Watched.made.clear()
    Watched.cancel_at = None
    monkeypatch.setattr(app, "DemoBuildDialog", Watched)
    return Watched


def table_rows(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


def test_the_dialog_shows_each_step_as_the_build_goes(qtbot: QtBot, watched: type[Watched]) -> None:
    settings = Settings.load()
    db = open_database(settings.database, create=True)
    assert first_start_demo(settings, db, days=1) is Outcome.BUILT
    assert is_demo_floor(db)
    [dialog] = watched.made
    assert [p.key for p in dialog.seen if p.finished] == list(BUILD_STEPS)
    assert any(p.key == "samples" and 0 < p.done < p.total for p in dialog.seen)  # figures as it goes
    for key, (mark, _title, _figures, took) in dialog.rows.items():
        assert mark.text() == "✓", key
        assert took.text().endswith(" s"), key
    assert dialog.rows["samples"][2].text().endswith(" samples")
    assert dialog.bar.value() == 1000
    assert dialog.result() == QDialog.DialogCode.Accepted
    db.dispose()


@pytest.mark.parametrize("step", ["attendance", "samples", "incidents"])
def test_cancel_leaves_nothing_behind(qtbot: QtBot, watched: type[Watched], step: str) -> None:
    settings = Settings.load()
    db = open_database(settings.database, create=True)
    before = table_rows(db)
    watched.cancel_at = step
    assert first_start_demo(settings, db, days=1) is Outcome.CANCELLED
    [dialog] = watched.made
    assert dialog.shown_at_cancel[step].startswith("▸")  # it was under way when Cancel was pressed
    assert dialog.shown_at_cancel["organisation"].startswith("✓")
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert table_rows(db) == before  # not a row: no floor, no samples, no audit or feed entries
    assert not has_floor(db)
    db.dispose()


def test_after_a_cancel_the_console_quits_cleanly(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """No window is built on the empty file: the next start offers the demo again."""
    monkeypatch.setattr(app, "first_start_demo", lambda settings, db: Outcome.CANCELLED)
    monkeypatch.setattr(app, "build_window", lambda *a, **k: pytest.fail("a window was built"))
    monkeypatch.setattr(app.logs, "install_excepthooks", lambda report: None)
    assert app.run_console(Settings.load()) == 0


def test_closing_the_dialog_is_cancel_and_waits_for_the_rollback(qtbot: QtBot) -> None:
    dialog = DemoBuildDialog(BUILD_STEPS, 1)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.close()  # still building: the close asks the build to stop, the dialog stays
    assert dialog.cancel_requested.is_set()
    assert dialog.isVisible()
    with pytest.raises(Cancelled):
        dialog.callback(Progress("samples", 4, BUILD_STEPS, 10, 100, 1.0, False))  # the worker's next report
    dialog.finish(built=False)  # the worker has rolled back
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
