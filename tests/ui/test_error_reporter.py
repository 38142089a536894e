"""An uncaught error is shown once, without blocking; later ones go to the status bar only."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QStatusBar

from ui.app import ErrorReporter


class FakeWindow:
    def __init__(self) -> None:
        self.status = QStatusBar()


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_first_error_is_a_non_modal_dialog_then_only_the_status_bar(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reporter = ErrorReporter(tmp_path / "watchfloor.log")
    window = FakeWindow()
    reporter.window = window  # type: ignore[assignment]
    worker = threading.Thread(target=lambda: reporter.reported.emit("KeyError: 'dock state'"))
    worker.start()  # the excepthooks fire on any thread
    worker.join()
    qtbot.waitUntil(lambda: len(_boxes()) == 1, timeout=2000)
    box = _boxes()[0]
    assert not box.isModal()
    assert "KeyError: 'dock state'" in box.text()
    assert str(tmp_path / "watchfloor.log") in box.text()
    assert "KeyError" in window.status.currentMessage()
    reporter.reported.emit("ValueError: again")
    assert len(_boxes()) == 1  # shown once
    assert "ValueError: again" in window.status.currentMessage()
    box.close()
