"""Outages: how soon a silent cut shows as offline, and what catching up afterwards costs the GUI thread.

PostgreSQL: the window reaches the server through a :class:`~ui.bench.proxy.SilentCutProxy`; a cut drops
every packet both ways (nothing refused, nothing reset), as a pulled cable does. SQLite is a local file with
no link to cut: the outage is the hub stopped (``hub.stop()``) and started again from where it was.

During the outage a direct connection (plain SQL, not the proxy) makes the changes: a fifth of them
indicator samples, the rest incidents opened in a few transactions. From the moment the line is restored a
5 ms timer on the GUI thread records its gaps until every new incident is in the queue model and the hub
has applied the newest feed entry; the timer then runs on for :data:`TAIL_S`, so a dock that applies its
part a moment later is seen too (reported separately). The changes are then closed and deleted again.

A catch-up's longest stall varies a lot from one try to the next (on this machine 130-300 ms for the same
1,000 changes), so the benchmark makes several rounds and reports the worst.
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
class CatchUp:
    """One catch-up: from the restore until everything is on screen (``during``), then :data:`TAIL_S`."""

    seconds: float
    during: StallSummary
    tail: StallSummary
    changes: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {"seconds": round(self.seconds, 3), **self.during.as_dict(), "tail": self.tail.as_dict()}


@dataclass
class OutageResult:
    """Every round: the cut's time to offline (PostgreSQL) and its catch-up."""

    offline_s: list[float] = field(default_factory=list)
    catch_ups: list[CatchUp] = field(default_factory=list)
    note: str = ""

    @property
    def max_stall_ms(self) -> float | None:
        return max((c.during.max_ms for c in self.catch_ups), default=None)

    @property
    def catch_up_s(self) -> list[float]:
        return [c.seconds for c in self.catch_ups]


def measure_outage(settings: Settings, target: Target, kind: str, rounds: int, changes: int) -> OutageResult:
    """``rounds`` outages (at least one), each followed by the catch-up of ``changes`` changes."""
    rounds = max(rounds, 1)
    if kind != "sqlite":
        return _postgres(settings, target, rounds, changes)
    result = OutageResult(note=SQLITE_NOTE)
    with open_console(settings) as window:
        hub = window.ctx.hub
        since: dict[str, int] = {}

        def suspend() -> None:
            hub.stop()
            since["seq"] = hub.seq

        for _ in range(rounds if changes else 0):
            result.catch_ups.append(
                catch_up(window, target, changes, suspend, lambda: hub.start(since["seq"]))
            )
    return result


def _postgres(settings: Settings, target: Target, rounds: int, changes: int) -> OutageResult:
    from console.db.engine import normalise_url
    from ui.bench.proxy import SilentCutProxy

    url = normalise_url(target.url)
    proxy = SilentCutProxy((url.host or "127.0.0.1", url.port or 5432))
    via = url.set(port=proxy.port).render_as_string(hide_password=False)
    result = OutageResult()
    try:
        with open_console(settings, via) as window:
            hub = window.ctx.hub
            for n in range(rounds):
                if not wait_until(lambda: hub.online, OFFLINE_TIMEOUT_S):
                    raise BenchError(f"the console is not online before cut {n + 1}: {hub.status.reason}")
                pause(1.0)
                result.offline_s.append(cut_until_offline(hub, proxy.cut))
                if changes:
                    result.catch_ups.append(catch_up(window, target, changes, lambda: None, proxy.restore))
                else:
                    proxy.restore()
    finally:
        proxy.close()
    return result


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
) -> CatchUp:
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
            tidied = db.newest_seq()
    # The window takes in the tidying up before the next round (or before it closes).
    wait_until(lambda: hub.seq >= tidied, CATCH_UP_TIMEOUT_S)
    pause(1.0)
    during, tail = split_at(summary, done - resumed)
    return CatchUp(done - resumed, during, tail, {"incidents": len(ids), "samples": len(samples)})


def split_at(summary: StallSummary, at_s: float) -> tuple[StallSummary, StallSummary]:
    """The gaps that began before ``at_s`` (from the meter's start), and the rest."""
    before, after = StallSummary(), StallSummary()
    for offset, gap in zip(summary.offsets_s, summary.gaps_ms, strict=True):
        part = before if offset - gap / 1000 < at_s else after
        part.offsets_s.append(offset)
        part.gaps_ms.append(gap)
    return before, after
