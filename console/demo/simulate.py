"""Keep the demo floor alive, as the other workstations and upstream systems would on a real floor.

Every tick (about a second, divided by ``rate``) the simulator writes, through the services and as the
``simulator`` system actor: the per-minute indicator samples when a new minute starts (backfilling a gap
since the last sample a day per tick), badge clock-ins, breaks and clock-outs for the shifts around now, the
odd new incident and progress on the open ones. Each write is its own transaction, so a failure never leaves
anything half-written; a failing part of a tick is logged and the next tick tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select

from console.auth import SIMULATOR
from console.db.engine import Database
from console.db.models import IndicatorSample, RiskIndicator
from console.demo.catalog import BY_KEY
from console.demo.episodes import Episode
from console.demo.series import WARM, NoiseState, baseline, generate, minute_floor
from console.demo.sim_floor import FloorActivity
from console.demo.sim_incidents import IncidentFlow
from console.errors import InvalidInput
from console.floortime import DEFAULT_TZ, utcnow
from console.services import indicators, rota

log = logging.getLogger(__name__)

ROTA_AHEAD = timedelta(days=7)  # the rota is kept published this far ahead, as a WFM tool would
ROTA_EVERY = timedelta(hours=1)
MAX_DT_S = 60.0  # a stalled tick (a long backfill, a laptop asleep) does not turn into a burst of events


class SimStats(Counter[str]):
    """What the simulator wrote: samples, each attendance kind, incidents by new status, ticks and errors."""

    def __str__(self) -> str:
        return ", ".join(f"{key} {n:,}" for key, n in sorted(self.items()) if n) or "nothing written"


class SampleFeed:
    """Writes each indicator's per-minute samples up to the current minute, catching up gaps a day at a time.

    Args:
        window: how far back a gap is filled (the demo's history length).
        fresh: how much history to write for an indicator that has no samples at all.
    """

    def __init__(
        self,
        db: Database,
        rng: np.random.Generator,
        tz: ZoneInfo,
        *,
        window: timedelta = timedelta(days=30),
        fresh: timedelta = timedelta(hours=6),
    ) -> None:
        self.db = db
        self.rng = rng
        self.tz = tz
        self.window = window
        self.fresh = fresh
        self._last: dict[int, datetime] | None = None
        self._keys: dict[int, str] = {}
        self._noise = NoiseState()

    def reset(self) -> None:
        """Forget what was written (after an error, or when another writer may have written meanwhile)."""
        self._last = None

    def _load(self, target: datetime) -> None:
        """Read each indicator's newest sample; continue its slow noise from there if it is recent."""
        self._last = {}
        with self.db.reading() as s:
            self._keys = {
                iid: key
                for iid, key in s.execute(select(RiskIndicator.id, RiskIndicator.key))
                if key in BY_KEY
            }
            for iid, key in self._keys.items():
                newest = s.execute(
                    select(IndicatorSample.ts, IndicatorSample.value)
                    .where(IndicatorSample.indicator_id == iid)
                    .order_by(IndicatorSample.ts.desc())
                    .limit(1)
                ).first()
                if newest is None:
                    self._last[iid] = target - self.fresh
                    continue
                ts, value = newest
                self._last[iid] = ts
                if target - ts <= timedelta(hours=2):
                    self._resume(key, ts, value)

    def _resume(self, key: str, ts: datetime, value: float) -> None:
        ind = BY_KEY[key]
        if ind.model.kind == "level":
            expected = float(baseline(ind, ts, 1, self.tz)[0])
            self._noise.level[key] = float(np.clip(value / expected - 1, -0.5, 0.5)) if expected > 0 else 0.0
        elif ind.model.kind == "hourly":
            self._noise.arrivals[key] = np.full(WARM, value / 60.0)

    def step(self, now: datetime, episodes: list[Episode]) -> int:
        target = minute_floor(now)
        if self._last is None:
            self._load(target)
        if not self._last:
            return 0
        last = {iid: max(ts, target - self.window) for iid, ts in self._last.items()}
        start = min(last.values()) + timedelta(minutes=1)
        if start > target:
            return 0
        end = min(target, start + timedelta(minutes=1439))
        n = int((end - start).total_seconds() // 60) + 1
        ids = list(self._keys)
        values = generate(
            self.rng,
            start,
            n,
            self.tz,
            [BY_KEY[self._keys[i]] for i in ids],
            effects=episodes,
            state=self._noise,
        )
        stamps = [start + timedelta(minutes=m) for m in range(n)]
        rows = [
            (iid, stamps[m], float(values[self._keys[iid]][m]))
            for iid in ids
            for m in range(n)
            if stamps[m] > last[iid] and not np.isnan(values[self._keys[iid]][m])
        ]
        written = indicators.ingest(self.db, SIMULATOR, rows, source="simulator") if rows else 0
        self._last = {iid: max(last[iid], end) for iid in ids}
        return written


class Simulator:
    """The whole floor's background activity; :meth:`run` for the command line, :meth:`step` for tests.

    Args:
        db: the database to write to.
        rate: how busy the floor is (10 = ten times the events per second). Shift times stay real.
        seed: for a repeatable run; each rostered shift's attendance plan depends on it and the rota row.
        tz_name: the floor's time zone (for the daily cycles of the indicators).
        clock: returns the current UTC time (tests pass a fake one).
    """

    def __init__(
        self,
        db: Database,
        *,
        rate: float = 1.0,
        seed: int | None = None,
        tz_name: str = DEFAULT_TZ,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if rate <= 0:
            raise InvalidInput(detail=f"simulator rate {rate}")
        self.db = db
        self.rate = rate
        self.seed = seed if seed is not None else int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
        self.clock = clock or utcnow
        tz = ZoneInfo(tz_name)
        self.floor = FloorActivity(db, self.seed, rate)
        self.incidents = IncidentFlow(db, np.random.default_rng([self.seed, 2]), rate, tz)
        self.samples = SampleFeed(db, np.random.default_rng([self.seed, 3]), tz)
        self.stats = SimStats()
        self.tick_seconds = min(1.0, max(0.1, 1.0 / rate))
        self.tz = tz
        self._last: datetime | None = None
        self._rota_checked: datetime | None = None

    def step(self, now: datetime | None = None) -> SimStats:
        """One tick at ``now`` (default: the clock). Returns what it wrote, also added to :attr:`stats`."""
        now = now or self.clock()
        dt = self.tick_seconds if self._last is None else (now - self._last).total_seconds()
        dt = min(max(dt, 0.0), MAX_DT_S)
        self._last = now
        tick = SimStats()
        if self._rota_checked is None or now - self._rota_checked >= ROTA_EVERY:
            # A demo floor opened weeks after it was made still has a rota for today.
            self._guard("rota", now, lambda: tick.update(rota=self._extend_rota(now)))
        if self._guard(
            "samples", now, lambda: tick.update(samples=self.samples.step(now, self.incidents.episodes))
        ):
            self.samples.reset()
        self._guard("attendance", now, lambda: tick.update(self.floor.step(now, dt)))
        self._guard("incidents", now, lambda: tick.update(self.incidents.step(now, dt, self.floor.on_floor)))
        tick += SimStats()  # drops zero counts
        tick["ticks"] = 1
        self.stats.update(tick)
        return tick

    def _extend_rota(self, now: datetime) -> int:
        added = rota.roll_forward(self.db, SIMULATOR, (now + ROTA_AHEAD).astimezone(self.tz).date(), self.tz)
        self._rota_checked = now
        return added

    def _guard(self, part: str, now: datetime, work: Callable[[], None]) -> bool:
        """Run one part of a tick; log and count a failure instead of stopping. True if it failed."""
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - the simulator must outlive a database hiccup
            log.warning(
                "simulator: %s failed at %s: %s: %s",
                part,
                now.isoformat(timespec="seconds"),
                type(exc).__name__,
                str(exc).splitlines()[0] if str(exc) else "",
            )
            self.stats["errors"] += 1
            return True
        return False

    def run(self, duration: float | None = None, stop: threading.Event | None = None) -> None:
        """Tick until ``duration`` seconds have passed (``None``: until Ctrl+C) or ``stop`` is set (a
        signal handler sets it: raising from a handler can land in a finalizer and be swallowed)."""
        started = time.monotonic()
        stop = stop or threading.Event()
        try:
            while (duration is None or time.monotonic() - started < duration) and not stop.is_set():
                t = time.monotonic()
                self.step(self.clock())
                stop.wait(max(0.0, self.tick_seconds - (time.monotonic() - t)))
        except KeyboardInterrupt:
            log.info("simulator stopped: %s", self.stats)
