"""Per-minute indicator series, generated with numpy: daily and weekly cycles, slow drift, noise, episodes.

The smooth part (cycles and drift) depends only on the moment and the indicator, never on the random seed,
so the simulator's live samples join the demo's history without a step. Noise comes from the caller's
generator. Episodes (see :mod:`console.demo.episodes`) multiply, shift or silence parts of a series.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import numpy as np

from console.demo.catalog import INDICATORS, Indicator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Relative user activity by floor hour (MYT): quiet 04:00-06:00, Asia-evening peak around 21:00.
ACTIVITY = np.array(
    [
        0.62,
        0.48,
        0.36,
        0.26,
        0.18,
        0.16,
        0.20,
        0.30,
        0.42,
        0.52,
        0.60,
        0.64,
        0.66,
        0.66,
        0.68,
        0.70,
        0.72,
        0.75,
        0.80,
        0.88,
        0.96,
        1.00,
        0.94,
        0.80,
    ]
)
# Weekly factor by floor weekday (Mon..Sun), milder than the daily cycle: retail trades more at weekends.
WEEKLY = np.array([0.97, 0.99, 1.0, 1.0, 1.02, 1.06, 1.07])


class Effect(Protocol):
    """What an episode does to the series: multiply, add to or silence parts of them."""

    def apply(
        self,
        minutes: np.ndarray,
        rates: dict[str, np.ndarray],
        shifts: dict[str, np.ndarray],
        silent: dict[str, np.ndarray],
    ) -> None: ...


def minute_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def epoch_minutes(moment: datetime) -> int:
    return int((minute_floor(moment) - EPOCH).total_seconds() // 60)


def _local_minutes(start: datetime, n: int, tz: ZoneInfo) -> np.ndarray:
    """Floor-local minutes since the epoch for ``n`` minutes from ``start`` (UTC offset looked up hourly)."""
    utc = epoch_minutes(start) + np.arange(n, dtype=np.int64)
    hours = (n + 59) // 60 + 1
    offsets = np.array(
        [
            int(
                ((start + timedelta(hours=h)).astimezone(tz).utcoffset() or timedelta()).total_seconds() // 60
            )
            for h in range(hours)
        ],
        dtype=np.int64,
    )
    return utc + offsets[np.arange(n) // 60]


def _activity(local_min: np.ndarray) -> np.ndarray:
    """Activity 0..1 from the hourly profile, interpolated per minute and wrapped at midnight."""
    hour = (local_min % 1440) / 60.0
    knots = np.concatenate([ACTIVITY, ACTIVITY[:1]])
    a = np.interp(hour, np.arange(25), knots)
    return (a - ACTIVITY.min()) / (ACTIVITY.max() - ACTIVITY.min())


def _weekly(local_min: np.ndarray) -> np.ndarray:
    days = local_min / 1440.0 + 3.0  # 1970-01-01 was a Thursday (Monday = 0)
    pos = np.mod(days - 0.5, 7.0)  # weekday centres at noon
    return np.interp(pos, np.arange(8), np.concatenate([WEEKLY, WEEKLY[:1]]))


def _drift(key: str, utc_min: np.ndarray) -> np.ndarray:
    """Slow wander of a few percent, fixed per indicator (phases from the key, not from the seed)."""
    h = zlib.crc32(key.encode())
    p1, p2 = (h % 1000) / 1000 * 2 * np.pi, (h // 1000 % 1000) / 1000 * 2 * np.pi
    t = utc_min.astype(float)
    return 1 + 0.04 * np.sin(2 * np.pi * t / (31 * 60) + p1) + 0.03 * np.sin(2 * np.pi * t / (79 * 60) + p2)


def baseline(ind: Indicator, start: datetime, n: int, tz: ZoneInfo) -> np.ndarray:
    """The noiseless expected value of one indicator, per minute (per-hour rate for ``hourly``)."""
    m = ind.model
    local = _local_minutes(start, n, tz) - int(m.lag_h * 60)
    act = _activity(local)
    if m.inverse:
        act = 1 - act
    utc = epoch_minutes(start) + np.arange(n, dtype=np.int64)
    if m.kind == "percent":  # a share or an average: cycles move it inside its range, not out of it
        span = m.hi - m.lo
        return (
            m.lo
            + span * act * (2 - _weekly(local)) ** (-1 if m.inverse else 1)
            + span * 0.6 * (_drift(ind.spec.key, utc) - 1)
        )
    return (m.lo + (m.hi - m.lo) * act) * _weekly(local) * _drift(ind.spec.key, utc)


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float, level: float | None = None) -> np.ndarray:
    """Stationary AR(1) noise with standard deviation ``sd`` (for queues that move slowly), from ``level``."""
    shocks = rng.normal(0, sd * np.sqrt(1 - phi * phi), n)
    out = np.empty(n)
    if level is None:
        level = float(rng.normal(0, sd))
    for i in range(n):  # a plain loop: 1440 steps per day, fast enough and obviously right
        level = phi * level + shocks[i]
        out[i] = level
    return out


@dataclass
class NoiseState:
    """Where the slow noise stood after the last minute generated, so the next call continues it.

    Without it a minute-by-minute writer (the simulator) would redraw queue levels and per-hour rates from
    scratch every minute and its charts would jitter eight times more than the history's.
    """

    level: dict[str, float] = field(default_factory=dict)  # last AR(1) value per ``level`` indicator
    arrivals: dict[str, np.ndarray] = field(default_factory=dict)  # last hour's arrivals per ``hourly`` one


WARM = 59  # per-hour rates need the hour before the first sample


def generate(
    rng: np.random.Generator,
    start: datetime,
    n: int,
    tz: ZoneInfo,
    indicators: Sequence[Indicator] = INDICATORS,
    effects: Iterable[Effect] = (),
    state: NoiseState | None = None,
) -> dict[str, np.ndarray]:
    """Each indicator's values for ``n`` minutes from ``start`` (on the minute); NaN while a feed is dead.

    Pass the same ``state`` to consecutive calls to continue the slow noise across them.
    """
    start = minute_floor(start)
    minutes = epoch_minutes(start) - WARM + np.arange(n + WARM, dtype=np.int64)
    rates = {i.spec.key: baseline(i, start - timedelta(minutes=WARM), n + WARM, tz) for i in indicators}
    shifts = {k: np.zeros(n + WARM) for k in rates}
    silent = {k: np.zeros(n + WARM, dtype=bool) for k in rates}
    for effect in effects:
        effect.apply(minutes, rates, shifts, silent)
    state = state if state is not None else NoiseState()
    out: dict[str, np.ndarray] = {}
    for ind in indicators:
        key, m = ind.spec.key, ind.model
        mean = np.maximum(rates[key][WARM:], 0)
        if m.kind == "count":
            v = rng.poisson(mean * rng.lognormal(0, 0.04, n)).astype(float)
        elif m.kind == "amount":
            v = np.round(mean * rng.lognormal(-(m.noise**2) / 2, m.noise, n))
        elif m.kind == "hourly":
            per_min = rng.poisson(np.maximum(rates[key], 0) / 60.0).astype(float)
            if key in state.arrivals:
                per_min[:WARM] = state.arrivals[key]
            state.arrivals[key] = per_min[-WARM:]
            v = np.convolve(per_min, np.ones(60), mode="full")[WARM : WARM + n]
        elif m.kind == "level":
            noise = _ar1(rng, n, 0.98, m.noise, state.level.get(key))
            state.level[key] = float(noise[-1])
            v = np.round(mean * (1 + noise))
        else:  # percent-like: a share or an average with Gaussian noise
            v = np.round(mean + rng.normal(0, m.noise, n), m.decimals)
        v = np.maximum(np.round(v + shifts[key][WARM:], m.decimals), 0)
        if ind.spec.unit == "%":
            v = np.minimum(v, 100)
        v[silent[key][WARM:]] = np.nan
        out[key] = v
    return out
