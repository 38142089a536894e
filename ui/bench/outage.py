"""Outages: how soon a silent cut shows as offline, and what catching up afterwards costs the GUI thread.

PostgreSQL: the window reaches the server through a :class:`~ui.bench.proxy.SilentCutProxy`; a cut drops
every packet both ways (nothing refused, nothing reset), as a pulled cable does. SQLite is a local file with
no link to cut: the outage is the hub stopped (``hub.stop()``) and started again from where it was.

During the outage a direct connection (plain SQL, not the proxy) makes the changes: a fifth of them
indicator samples, the rest incidents opened in a few transactions. From the moment the line is restored a
5 ms timer on the GUI thread records its gaps until every new incident is in the queue model and the hub
has applied the newest feed entry; the timer then runs on for :data:`TAIL_S`, so a dock that applies its
part a moment later is seen too (reported separately).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ui.bench.plain import PlainSQL
from ui.bench.spawn import BenchError, Target
from ui.bench.stall import StallMeter, StallSummary
from ui.bench.window import QueueWatcher, incident_model, open_console, pause, wait_until

if TYPE_CHECKING:
    from console.settings import Settings
    from ui.hub import LiveHub
    from ui.mainwindow import MainWindow

OFFLINE_TIMEOUT_S = 15.0
CATCH_UP_TIMEOUT_S = 180.0
TAIL_S = 1.0
TRANSACTIONS = 4  # the incidents are opened in this many transactions
SQLITE_NOTE = "SQLite is a local file: there is no network link to cut"


@dataclass
class OutageResult:
    offline_s: list[float] = field(default_factory=list)
    catch_up_s: float | None = None
    catch_up: StallSummary | None = None  # from the restore until everything is on screen
    tail: StallSummary | None = None  # the TAIL_S after that
    changes: dict[str, int] = field(default_factory=dict)
    note: str = ""


def measure_outage(settings: Settings, target: Target, kind: str, cuts: int, changes: int) -> OutageResult:
    if kind == "sqlite":
        with open_console(settings) as window:
            hub = window.ctx.hub
            since: dict[str, int] = {}

            def suspend() -> None:
                hub.stop()
                since["seq"] = hub.seq

            result = catch_up(window, target, changes, suspend, lambda: hub.start(since["seq"]))
            result.note = SQLITE_NOTE
            return result
    return _postgres(settings, target, cuts, changes)


def _postgres(settings: Settings, target: Target, cuts: int, changes: int) -> OutageResult:
    from console.db.engine import normalise_url
    from ui.bench.proxy import SilentCutProxy

    url = normalise_url(target.url)
    proxy = SilentCutProxy((url.host or "127.0.0.1", url.port or 5432))
    via = url.set(port=proxy.port).render_as_string(hide_password=False)
    try:
        with open_console(settings, via) as window:
            hub = window.ctx.hub
            offline = []
            for n in range(max(cuts, 1 if changes else 0)):
                if not wait_until(lambda: hub.online, OFFLINE_TIMEOUT_S):
                    raise BenchError(
                        f"the console did not come back online after cut {n}: {hub.status.reason}"
                    )
                pause(1.0)
                offline.append(cut_until_offline(hub, proxy.cut))
                if n < cuts - 1 or not changes:
                    proxy.restore()
            if not changes:
                return OutageResult(offline_s=offline[:cuts])
            result = catch_up(window, target, changes, lambda: None, proxy.restore)
            result.offline_s = offline[:cuts]
            return result
    finally:
        proxy.close()


def cut_until_offline(hub: LiveHub, cut: Callable[[], None]) -> float:
    """Seconds from ``cut()`` until the hub says offline."""
    went: list[float] = []

    def on_status(status: Any) -> None:
        if not status.online and not went:
            went.append(time.monotonic())

    hub.statusChanged.connect(on_status)
    try:
        cut_at = time.monotonic()
        cut()
        wait_until(lambda: bool(went), OFFLINE_TIMEOUT_S, poll_ms=10)
    finally:
        hub.statusChanged.disconnect(on_status)
    if not went:
        raise BenchError(f"a silent cut was not noticed within {OFFLINE_TIMEOUT_S:.0f} s")
    return went[0] - cut_at


def catch_up(
    window: MainWindow,
    target: Target,
    changes: int,
    suspend: Callable[[], None],
    resume: Callable[[], None],
) -> OutageResult:
    """``suspend()`` the live link, make ``changes`` changes directly, ``resume()``; time the catch-up."""
    hub = window.ctx.hub
    watcher = QueueWatcher(incident_model(window))
    run = uuid.uuid4().hex[:8]
    suspend()
    with PlainSQL(target.url) as db:
        samples = db.add_samples(changes // 5)
        numbers = list(range(changes - len(samples)))
        size = -(-len(numbers) // TRANSACTIONS) or 1
        ids: set[int] = set()
        for start in range(0, len(numbers), size):
            ids.update(db.open_incidents(run, numbers[start : start + size]))
        final = db.newest_seq()
        advanced: list[float] = []

        def on_advanced(seq: int) -> None:
            if seq >= final:
                advanced.append(time.time())

        hub.advanced.connect(on_advanced)
        meter = StallMeter()
        meter.start()
        resumed = time.time()
        resume()
        try:
            if not wait_until(lambda: watcher.holds(ids) and hub.seq >= final, CATCH_UP_TIMEOUT_S):
                got = len(ids & set(watcher.seen))
                raise BenchError(
                    f"catch-up: {got} of {len(ids)} incidents on screen after {CATCH_UP_TIMEOUT_S} s"
                )
            done = max([watcher.seen[i] for i in ids] + advanced[:1])
            pause(TAIL_S)
            summary = meter.stop()
        finally:
            meter.stop()
            hub.advanced.disconnect(on_advanced)
            watcher.close()
            db.close_incidents(run)
            db.delete_samples(samples)
    pause(1.0)  # the window takes in the tidying up before it closes
    during, tail = split_at(summary, done - resumed)
    return OutageResult(
        catch_up_s=done - resumed,
        catch_up=during,
        tail=tail,
        changes={"incidents": len(ids), "samples": len(samples)},
    )


def split_at(summary: StallSummary, at_s: float) -> tuple[StallSummary, StallSummary]:
    """The gaps that began before ``at_s`` (from the meter's start), and the rest."""
    before, after = StallSummary(), StallSummary()
    for offset, gap in zip(summary.offsets_s, summary.gaps_ms, strict=True):
        part = before if offset - gap / 1000 < at_s else after
        part.offsets_s.append(offset)
        part.gaps_ms.append(gap)
    return before, after
