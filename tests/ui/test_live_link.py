"""The live link: a follower that dies is restarted, a silent cut is loud within 3 s, stopping is prompt."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QDockWidget, QLabel

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import FeedFollower, last_seq
from console.floortime import floor_zone
from console.services import incidents
from console.topics import ChangeBatch, Topic
from ui.hub import FeedStatus, LiveHub
from ui.stale import StaleCover


def _open(db: Database, title: str) -> int:
    return incidents.open_incident(db, SYSTEM, title=title, category="feed_failure", severity=4)


def _batches(hub: LiveHub) -> list[ChangeBatch]:
    got: list[ChangeBatch] = []
    hub.batch.connect(got.append)
    return got


def test_a_follower_that_dies_is_logged_restarted_and_nothing_is_lost(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    hub = LiveHub(db)
    statuses: list[FeedStatus] = []
    hub.statusChanged.connect(statuses.append)
    got = _batches(hub)
    real_step = FeedFollower.step
    calls = {"n": 0}

    def flaky(self: FeedFollower, timeout: float = 0.5) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("injected follower bug")
        return real_step(self, 0.05)

    monkeypatch.setattr(FeedFollower, "step", flaky)
    hub.start(last_seq(db))
    qtbot.waitUntil(lambda: any(not s.online for s in statuses), timeout=5000)
    assert "injected follower bug" in statuses[-1].reason
    assert "injected follower bug" in caplog.text  # with its traceback, in the log
    inc = _open(db, "after the restart")
    qtbot.waitUntil(lambda: any(inc in b.get(Topic.INCIDENT) for b in got), timeout=5000)
    assert hub.online
    assert any(b.reload for b in got)  # the docks were told to reload after the restart
    hub.stop()


def test_own_writes_are_recognised(qtbot: Any, db: Database) -> None:
    hub = LiveHub(db)
    got = _batches(hub)
    hub.start(last_seq(db))
    inc = _open(db, "mine")
    qtbot.waitUntil(lambda: any(inc in b.get(Topic.INCIDENT) for b in got), timeout=5000)
    assert any(inc in b.own.get(Topic.INCIDENT, frozenset()) for b in got)
    hub.stop()


@pytest.mark.postgres
def test_a_silent_cut_greys_every_dock_within_3_s_and_stopping_is_prompt(
    qtbot: Any, pg_behind_proxy: tuple[Database, Any, Database]
) -> None:
    direct, proxy, via = pg_behind_proxy
    hub = LiveHub(via)
    dock = QDockWidget()
    dock.setWidget(QLabel("rows"))
    qtbot.addWidget(dock)
    cover = StaleCover(dock, floor_zone())
    statuses: list[FeedStatus] = []
    hub.statusChanged.connect(statuses.append)
    hub.statusChanged.connect(lambda s: cover.online() if s.online else cover.offline(s.as_of, s.reason))
    got = _batches(hub)
    try:
        hub.start(last_seq(direct))
        first = _open(direct, "before")
        qtbot.waitUntil(lambda: any(first in b.get(Topic.INCIDENT) for b in got), timeout=5000)
        proxy.cut()
        cut_at = time.monotonic()
        qtbot.waitUntil(lambda: not hub.online, timeout=5000)
        assert time.monotonic() - cut_at < 3.0
        assert cover.stale
        assert "OFFLINE" in cover.band.text()
        as_of = statuses[-1].as_of
        assert as_of is not None
        assert as_of.astimezone(floor_zone()).strftime("%H:%M:%S") in cover.band.text()
        assert datetime.now(UTC) - as_of < timedelta(seconds=5)
        stop_at = time.monotonic()
        hub.stop()
        assert time.monotonic() - stop_at < 1.0  # the follower may be mid-wait on the dead link
    finally:
        hub.stop()


def test_back_online_lifts_the_cover_once_caught_up(qtbot: Any) -> None:
    dock = QDockWidget()
    dock.setWidget(QLabel("rows"))
    qtbot.addWidget(dock)
    cover = StaleCover(dock, floor_zone())
    cover.offline(datetime(2026, 11, 25, 2, 3, 4, tzinfo=UTC), "the database does not answer")
    assert cover.band.isVisibleTo(dock)
    assert "10:03:04" in cover.band.text()  # floor time (MYT)
    assert cover.faded
    cover.online()
    assert cover.stale
    qtbot.waitUntil(lambda: "catching up" in cover.band.text(), timeout=1000)
    qtbot.waitUntil(lambda: not cover.stale, timeout=4000)
    assert not cover.band.isVisibleTo(dock)
    assert not cover.faded


def test_band_and_veil_lie_over_the_content_and_follow_it(qtbot: Any) -> None:
    """The content is faded by a sheet painted over it and the band lies over its top: nothing is laid out
    again when they come and go (a graphics effect re-rendered the dock into a pixmap on every repaint,
    and a band in the layout resized the charts, which then regenerated every axis)."""
    from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

    dock = QDockWidget()
    body = QWidget()
    table = QTableView(body)
    QVBoxLayout(body).addWidget(table)
    dock.setWidget(body)
    qtbot.addWidget(dock)
    dock.resize(500, 300)
    dock.show()
    qtbot.waitExposed(dock)
    before = table.geometry()
    cover = StaleCover(dock, floor_zone())
    cover.offline(None, "the database does not answer")
    assert all(w.graphicsEffect() is None for w in [body, *body.findChildren(QWidget)])

    def covering() -> bool:
        return (
            cover.faded
            and cover.veil.geometry() == body.rect()
            and cover.band.geometry().top() == 0
            and cover.band.width() == body.width()
            and cover.band.height() > 0
        )

    qtbot.waitUntil(covering, timeout=1000)
    assert table.geometry() == before  # the content did not move
    dock.resize(700, 450)
    qtbot.waitUntil(covering, timeout=1000)
    cover.clear()
    assert not cover.faded
    assert not cover.band.isVisible()
