"""The live hub: follows the core change feed on a background thread and re-emits it per topic.

One hub per window; docks connect to :attr:`LiveHub.changed` and refetch only the rows named.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from PySide6.QtCore import QObject, QThread, Signal

from console.db.engine import Database
from console.feed import ChangeRecord, FeedFollower

log = logging.getLogger(__name__)


class _FollowThread(QThread):
    received = Signal(list)
    onlineChanged = Signal(bool)

    def __init__(self, follower: FeedFollower, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.follower = follower

    def run(self) -> None:
        online = True
        while not self.isInterruptionRequested():
            changes = self.follower.wait(timeout=0.25)
            if self.follower.online != online:
                online = self.follower.online
                self.onlineChanged.emit(online)
            if changes:
                self.received.emit(changes)
        self.follower.close()


class LiveHub(QObject):
    """Signals:
    changed(str, list): a topic and the entity ids changed in it (deduplicated, in feed order).
    onlineChanged(bool): the database went away or came back.
    advanced(int): the newest feed sequence applied.
    """

    changed = Signal(str, list)
    onlineChanged = Signal(bool)
    advanced = Signal(int)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.seq = 0
        self.online = True
        self._thread: _FollowThread | None = None

    def start(self, since: int) -> None:
        """Follow changes after sequence ``since`` (read it *before* loading the docks' first snapshot)."""
        self.seq = since
        self._thread = _FollowThread(FeedFollower(self.db, since), self)
        self._thread.received.connect(self._dispatch)
        self._thread.onlineChanged.connect(self._set_online)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.requestInterruption()
            self._thread.wait(3000)
            self._thread = None

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.onlineChanged.emit(online)

    def _dispatch(self, changes: list[ChangeRecord]) -> None:
        self.dispatch(changes)

    def dispatch(self, changes: list[ChangeRecord]) -> None:
        """Group a batch by topic and emit once per topic (also used by tests to inject changes)."""
        by_topic: dict[str, dict[int, None]] = defaultdict(dict)
        for change in changes:
            by_topic[change.topic][change.entity_id] = None
        for topic, ids in by_topic.items():
            self.changed.emit(topic, list(ids))
        if changes:
            self.seq = max(self.seq, changes[-1].seq)
            self.advanced.emit(self.seq)
