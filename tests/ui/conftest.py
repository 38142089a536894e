"""UI fixtures: a console context over a test database, with synchronous tasks and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from console.auth import Actor
from console.db.engine import Database
from console.floortime import floor_zone
from console.settings import Settings
from tests.factories import SmallFloor, build_small_floor, floor_now
from ui.clock import FloorClock
from ui.context import ConsoleContext
from ui.hub import LiveHub
from ui.tasks import InlineRunner, TaskRunner


@pytest.fixture
def small_floor(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


@pytest.fixture
def make_ctx(qapp: QApplication) -> Iterator[Callable[..., ConsoleContext]]:
    """Build a :class:`ConsoleContext`; tasks run inline unless ``threaded=True``; the hub is not started."""
    made: list[ConsoleContext] = []

    def make(db: Database, now: datetime, *, threaded: bool = False, wall: bool = False,
             language: str = "en") -> ConsoleContext:
        runner: TaskRunner = TaskRunner() if threaded else InlineRunner()
        clock = FloorClock(floor_zone(), lambda: now)
        ctx = ConsoleContext(db=db, runner=runner, hub=LiveHub(db), clock=clock,
                             settings=Settings.load(overrides={"language": language}),
                             actor=Actor("supervisor", "supervisor"), wall=wall)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.hub.stop()
        ctx.runner.shutdown()


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    """Fail a test that leaves pool work running (it would touch a closed database later)."""
    yield
    assert QThreadPool.globalInstance().waitForDone(5000), "a global pool job was still running"
