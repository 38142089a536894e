"""UI fixtures: a console context over a test database, with synchronous tasks and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, QTranslator
from PySide6.QtWidgets import QApplication

from console.auth import Actor
from console.db.engine import Database
from console.floortime import floor_zone
from console.settings import Settings
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now
from ui.clock import FloorClock
from ui.context import ConsoleContext
from ui.hub import LiveHub
from ui.tasks import InlineRunner, TaskRunner


@pytest.fixture(autouse=True)
def _writers(request: pytest.FixtureRequest) -> None:
    """The standard users on a test database (the services refuse writers the users table does not know)."""
    if "db" in request.fixturenames:
        add_users(request.getfixturevalue("db"))


@pytest.fixture
def small_floor(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


@pytest.fixture
def make_ctx(qapp: QApplication) -> Iterator[Callable[..., ConsoleContext]]:
    """Build a :class:`ConsoleContext`; tasks run inline unless ``threaded=True``; the hub is not started."""
    made: list[ConsoleContext] = []

    def make(
        db: Database, now: datetime, *, threaded: bool = False, wall: bool = False, language: str = "en"
    ) -> ConsoleContext:
        runner: TaskRunner = TaskRunner() if threaded else InlineRunner()
        clock = FloorClock(floor_zone(), lambda: now)
        ctx = ConsoleContext(
            db=db,
            runner=runner,
            hub=LiveHub(db),
            clock=clock,
            settings=Settings.load(overrides={"language": language}),
            # As ui.app.build_window: the wall screen acts as a viewer, who may change nothing.
            actor=Actor("wall", "viewer") if wall else Actor("supervisor", "supervisor"),
            wall=wall,
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.hub.stop()
        ctx.runner.shutdown()


@pytest.fixture(autouse=True)
def no_leftover_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves pool work running (it would touch a closed database later).

    Checks the global pool and both pools (reads and writes) of every :class:`TaskRunner` made during the
    test, whoever made it (``make_ctx``, the app's ``build_window``, first start...): each gets 5 s to finish.
    """
    runners: list[TaskRunner] = []
    made = TaskRunner.__init__

    def tracked(self: TaskRunner, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        runners.append(self)

    monkeypatch.setattr(TaskRunner, "__init__", tracked)
    yield
    running = [] if QThreadPool.globalInstance().waitForDone(5000) else ["the global pool"]
    for n, runner in enumerate(runners):
        if not shiboken6.isValid(runner):
            continue  # deleted with its parent; a QThreadPool waits for its threads when destroyed
        for name, pool in (("pool", runner.pool), ("writer", runner.writer)):
            if shiboken6.isValid(pool) and not pool.waitForDone(5000):
                running.append(f"{type(runner).__name__} #{n + 1}'s {name} ({pool.activeThreadCount()} busy)")
    assert not running, f"work was still running after the test: {', '.join(running)}"


class ClockHand:
    """The "now" a test floor clock reads; move ``at`` and emit ``clock.ticked`` to let time pass."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def shift_ctx(
    db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> Callable[..., tuple[ConsoleContext, ClockHand]]:
    """A context as the main window leaves it after start-up on the small floor: shift patterns known (so
    ``clock.shift`` is the running shift) and ``floor_id`` set; its clock reads a movable :class:`ClockHand`.
    """

    def make(at: datetime | None = None, **kwargs: object) -> tuple[ConsoleContext, ClockHand]:
        from console.services import rota

        ctx = make_ctx(db, small_floor.now, **kwargs)
        hand = ClockHand(at or small_floor.now)
        ctx.clock = FloorClock(floor_zone(), hand)
        with db.reading() as s:
            ctx.clock.set_patterns(rota.patterns(s))
        ctx.floor_id = small_floor.floor_id
        return ctx, hand

    return make


class MarkingTranslator(QTranslator):
    """Wraps every translation in ⟦…⟧, so a test can see which strings went through tr()/translate()."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return f"⟦{source}⟧"

    @staticmethod
    def marked(text: str) -> bool:
        return "⟦" in text and "⟧" in text


@pytest.fixture
def marking_translator(qapp: QApplication) -> Iterator[MarkingTranslator]:
    translator = MarkingTranslator()
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.fixture
def on_shift(shift_ctx: Callable[..., tuple[ConsoleContext, ClockHand]]) -> tuple[ConsoleContext, ClockHand]:
    """A context on the small floor's running shift; ``on_shift[1]`` moves its clock."""
    return shift_ctx()
