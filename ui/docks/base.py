"""What every live dock shares: a first snapshot, then patches for what the hub's batches name.

A dock declares its :attr:`LiveDock.data_view` (a Qt-free view of :mod:`console.views`) and builds the view's
*key* on the GUI thread (:meth:`LiveDock.make_key`); the worker gets only that plain value and runs
``view.snapshot`` / ``view.patch`` inside ``with db.reading() as s:``. Results come back on the GUI thread,
where the dock applies plain rows to its keyed model.

Every request carries a generation number; only the result of the latest request is applied, so a reload
started while a refetch was running makes the refetch's result stale (it is dropped: the reload reads
everything after it anyway). One request runs at a time; batches that arrive meanwhile wait and go out
together in the next one.

Failures are contained: a failed read keeps its ids pending and retries; an exception while a result is
applied on the GUI thread is logged with its traceback, reported once through :attr:`LiveDock.failed`,
and the dock reloads its snapshot, so the batch is not lost. Every :attr:`LiveDock.RECONCILE_MS` the dock
re-reads its snapshot and applies only what differs, logging a warning when anything did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from console.topics import ChangeBatch, Topic
from console.views import Snapshot, View
from ui.context import ConsoleContext

log = logging.getLogger(__name__)

RETRY_MS = 2000
# A batch naming more ids than this is a catch-up (after an outage, a bulk load): each dock waits its
# ``stagger_ms`` before reading it, so the docks' applies and repaints land in different turns of the
# event loop instead of one long stall. Ordinary live batches are read at once.
LARGE_BATCH = 200


class LiveDock(QDockWidget):
    """A dock fed from the database through its view and the task runner.

    Subclasses set :attr:`data_view` and implement :meth:`make_key` (GUI thread), :meth:`apply_snapshot` and
    :meth:`apply_patch` (GUI thread, plain rows in). :meth:`patch_key` and :meth:`reconcile_key` default
    to the key of the snapshot held; :meth:`reconcile_snapshot` defaults to ``self.model.sync(rows)``.

    Signals:
        loaded(): the first snapshot is on screen.
        updated(): a batch of live changes (or a reload, or a reconciliation that found differences)
            has been applied.
        failed(str): a read failed (the database may be offline; the dock keeps what it shows and
            retries) or applying a result failed (the dock reloads); translated, for the user.
    """

    loaded = Signal()
    updated = Signal()
    failed = Signal(str)

    data_view: ClassVar[View[Any, Any]]  # what the dock reads (``view`` is usually its widget)
    RECONCILE_MS: ClassVar[int] = 60_000
    RETRY_MS: ClassVar[int] = RETRY_MS
    RECONCILE_TRIES: ClassVar[int] = 3  # busy reconciliations put off before one is applied regardless

    def __init__(self, ctx: ConsoleContext, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(object_name)
        self.is_loaded = False
        self._started = False  # load() was asked for: batches matter from now on
        self._key: Hashable | None = None  # the key of the snapshot held (or being read)
        self._pending: dict[Topic, set[int]] = {}
        self._generation = 0
        self._awaited: int | None = None  # the generation whose result counts; None: nothing in flight
        self._apply_failures = 0  # in a row; only the first is reported
        self._reload_wanted = False
        self._reconcile_tries = 0
        self._halted = False  # halt(): the database cannot be trusted any more; read nothing
        self.stagger_ms = 0  # set by the window: this dock's delay before reading a large batch
        self._staggered = QTimer(self)
        self._staggered.setSingleShot(True)
        self._staggered.timeout.connect(self._flush)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._on_retry)
        self._reconciler = QTimer(self)
        self._reconciler.setInterval(self.RECONCILE_MS)
        self._reconciler.timeout.connect(self.reconcile)
        ctx.hub.batch.connect(self.on_batch)
        if ctx.wall:
            self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)

    # -- to implement ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Set every text the dock shows in the current language (at start and on a language switch)."""

    def make_key(self) -> Hashable:
        """On the GUI thread: what the next snapshot reads (a frozen plain value)."""
        raise NotImplementedError

    def patch_key(self) -> Hashable:
        """On the GUI thread: the key a patch reads with (by default that of the snapshot held)."""
        return self._key

    def reconcile_key(self) -> Hashable:
        """On the GUI thread: the key a reconciliation re-reads the snapshot with."""
        return self._key

    def apply_snapshot(self, snapshot: Any) -> None:
        raise NotImplementedError

    def apply_patch(self, patch: Any) -> None:
        raise NotImplementedError

    def reconcile_snapshot(self, snapshot: Any) -> int:
        """Bring the model to ``snapshot`` by its differences; returns how many rows differed."""
        return int(self.model.sync(snapshot.rows))  # type: ignore[attr-defined]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- requests -------------------------------------------------------------------------------------
    def halt(self) -> None:
        """Read nothing more, for good (the database file is damaged): no retries, no reconciliation, no
        batches; what the dock shows stays, under the window's red band."""
        self._halted = True
        for timer in (self._retry, self._reconciler, self._staggered):
            timer.stop()

    def load(self) -> None:
        """(Re)load the whole snapshot, e.g. at start, when the shift changes or a batch says so."""
        if self._halted:
            return
        self._started = True
        self._reload_wanted = False
        key = self._key = self.make_key()
        self._pending.clear()  # committed before this read starts: the snapshot has them
        view = self.data_view
        self._request(lambda s: view.snapshot(s, key), self._snapshot_failed)

    def _snapshot_failed(self) -> None:
        self._reload_wanted = True
        # A result that keeps failing to apply waits longer each time (up to a minute): the log gets one
        # traceback per try, not a stream of them.
        backoff = 2 ** max(0, self._apply_failures - 1)
        self._retry.start(min(self.RETRY_MS * backoff, 60_000))

    def on_batch(self, batch: ChangeBatch) -> None:
        """A hub batch: queue the ids of this view's topics for the next patch, or reload on request."""
        if not self._started or self._halted:
            return  # the first load, still to come, reads everything
        if batch.reload:
            log.info("%s: reloading (%s)", self.objectName(), batch.reload)
            if self.stagger_ms:
                QTimer.singleShot(self.stagger_ms, self, self.load)
            else:
                self.load()
            return
        named = 0
        for topic in self.data_view.topics:
            ids = batch.get(topic)
            if ids:
                self._pending.setdefault(topic, set()).update(ids)
                named += len(ids)
        if named > LARGE_BATCH and self.stagger_ms:
            if not self._staggered.isActive():
                self._staggered.start(self.stagger_ms)
        elif named:
            self._flush()

    def _flush(self) -> None:
        """Start one patch for everything pending; batches arriving meanwhile wait for the next one."""
        if self._awaited is not None or not self._pending or not self.is_loaded:
            return
        ids = {topic: frozenset(named) for topic, named in self._pending.items()}
        self._pending.clear()
        batch = ChangeBatch(ids=ids)
        key = self.patch_key()
        view = self.data_view

        def requeue() -> None:  # a failed read keeps its ids for the next try: nothing is skipped
            for topic, named in ids.items():
                self._pending.setdefault(topic, set()).update(named)
            self._retry.start(self.RETRY_MS)

        self._request(lambda s: view.patch(s, key, batch), requeue)

    def reconcile(self) -> None:
        """Re-read the snapshot and apply only what differs (a safety net under the live batches)."""
        if not self.is_loaded or self._awaited is not None or self._pending:
            return  # busy: the next round
        key = self.reconcile_key()
        view = self.data_view
        self._request(lambda s: view.snapshot(s, key), lambda: None, reconciling=True)

    def _on_retry(self) -> None:
        if self._reload_wanted:
            self.load()
        else:
            self._flush()

    def _request(
        self, read: Callable[[Any], Any], on_fail: Callable[[], None], *, reconciling: bool = False
    ) -> None:
        """Run ``read(session)`` on a worker; apply its result if no later request was started since."""
        if self._halted:
            return
        self._generation += 1
        generation = self._awaited = self._generation
        db = self.ctx.db

        def work() -> Any:  # on a worker: the database and plain values only, never a Qt object
            with db.reading() as s:
                return read(s)

        def done(result: Any) -> None:
            if generation != self._awaited:
                log.debug("%s: dropped the result of a stale request", self.objectName())
                return
            self._awaited = None
            self._take(result, reconciling)
            self._flush()

        def failed(exc: BaseException) -> None:
            if generation != self._awaited or self._halted:
                return
            self._awaited = None
            log.warning("%s: read failed: %s", self.objectName(), exc)
            on_fail()
            if not reconciling:
                self.failed.emit(QCoreApplication.translate("LiveDock", "Could not refresh: {0}").format(exc))

        self.ctx.runner.run(work, done, failed)

    # -- results --------------------------------------------------------------------------------------
    def _take(self, result: Any, reconciling: bool) -> None:
        """Apply a result on the GUI thread; an exception here is contained (logged, reported, reloaded)."""
        first = not self.is_loaded
        try:
            if reconciling:
                changed = self._reconciled(result)
            elif isinstance(result, Snapshot):
                self.apply_snapshot(result)
                changed = True
            else:
                self.apply_patch(result)
                changed = True
        except Exception as exc:  # noqa: BLE001 - contained: logged with its traceback, then reloaded
            self._apply_failed(result, exc)
            return
        self._apply_failures = 0
        if first and isinstance(result, Snapshot):
            self.is_loaded = True
            self._reconciler.start(self.RECONCILE_MS)
            self.loaded.emit()
        elif changed:
            self.updated.emit()

    def _reconciled(self, snapshot: Any) -> bool:
        if self._pending and self._reconcile_tries < self.RECONCILE_TRIES:
            # Batches arrived during the read: differences now may be theirs, not misses. Try again soon.
            self._reconcile_tries += 1
            QTimer.singleShot(self.RETRY_MS // 2, self, self.reconcile)
            return False
        self._reconcile_tries = 0
        differed = self.reconcile_snapshot(snapshot)
        if differed:
            log.warning("%s: reconciliation found %d rows out of date", self.objectName(), differed)
        return bool(differed)

    def _apply_failed(self, result: Any, exc: Exception) -> None:
        log.exception("%s: applying %s failed", self.objectName(), type(result).__name__)
        self._apply_failures += 1
        if self._apply_failures == 1:
            self.failed.emit(QCoreApplication.translate("LiveDock", "Could not refresh: {0}").format(exc))
        if isinstance(result, Snapshot) or self._apply_failures > 1:
            self._snapshot_failed()  # reloading again at once could fail the same way: pause first
        else:
            self.load()  # the snapshot holds the batch that failed: nothing is lost
