"""The task runner hands results back on the GUI thread, one per turn of the event loop."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from ui.tasks import TaskRunner


def test_results_arriving_together_are_handed_over_one_per_turn(qtbot: Any) -> None:
    """After an outage every dock's reload comes back at once; the window repaints between two hand-overs
    (a repaint is a posted event, like the marker here), so the docks' applies do not add up to one stall."""
    runner = TaskRunner()
    seen: list[str] = []

    def first(result: object) -> None:
        seen.append(str(result))
        QTimer.singleShot(0, lambda: seen.append("posted in between"))

    runner._pending[1] = (first, None)
    runner._pending[2] = (lambda r: seen.append(str(r)), None)
    runner._pending[3] = (lambda r: seen.append("unused"), lambda exc: seen.append(f"failed: {exc}"))
    runner._on_done(1, "first")
    runner._on_done(2, "second")
    runner._on_failed(3, ValueError("third"))
    assert seen == ["first"]
    assert runner.busy
    with qtbot.waitSignal(runner.idle, timeout=1000):
        pass
    assert seen == ["first", "posted in between", "second", "failed: third"]
    assert not runner.busy
    runner.shutdown()


def test_shutdown_drops_what_was_not_handed_over(qtbot: Any) -> None:
    runner = TaskRunner()
    seen: list[object] = []
    runner._pending[1] = (seen.append, None)
    runner._pending[2] = (seen.append, None)
    runner._on_done(1, "first")
    runner._on_done(2, "second")
    runner.shutdown()
    assert not runner.busy
    qtbot.wait(20)
    assert seen == ["first"]


def test_real_jobs_come_back(qtbot: Any) -> None:
    runner = TaskRunner()
    got: list[int] = []
    for n in range(5):
        runner.run(lambda n=n: n * n, got.append)
    qtbot.waitUntil(lambda: len(got) == 5, timeout=2000)
    assert sorted(got) == [0, 1, 4, 9, 16]
    runner.shutdown()
