"""A streaming anomaly detector: how rare the newest value is against everything the series has shown, how
unusual that rarity is for this series, and one alarm per episode.

Three steps, each with one reason behind it:

1. **Rarity of the value** (multi-resolution). The share of past values within ±b of the new one, for
   b = 2.5 %, 5 % and 10 % of the series' robust range (its 1st to 99th percentile; never narrower than the
   step-to-step noise): ``p = (count + 1) / (n + 1)``. The three resolutions are combined by their geometric
   mean, so no single bin width decides. A value the series has never come near (a new level, a drop to
   where it never goes, a stuck value between its usual modes) gets ``p ≈ 1 / n``.
2. **Likelihood of that rarity** (adaptive normalisation). ``u = −log10 p`` is compared with this series'
   own history of ``u``: the empirical share of past rows at least as surprising, with an exponential tail
   fitted to the top 5 % beyond them (peaks over threshold). A spiky series, where rare values are routine,
   is discounted; a calm one that suddenly leaves its range is not. Score = ``(u − log10 p₂) / 20`` in [0, 1].
3. **One alarm per episode** (suppression). A score is kept only when it exceeds every score of the previous
   300 rows, otherwise 0: whatever threshold is later chosen, an episode raises it once, and again only if it
   gets clearly worse.

Strictly causal: the score of row i reads rows ≤ i only (state is updated after scoring). The same
parameters for every series; nothing depends on the series' length, sampling interval or timestamps (the
timestamp is part of the interface for callers that have one). Memory and time per row grow with the kept
history (at most :attr:`Params.history` values, ~20-60 µs per row here).
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Params:
    """The detector's parameters: one set for every series (see the module for what each step does)."""

    bands: tuple[float, ...] = (0.025, 0.05, 0.1)  # half-widths of the neighbourhood, shares of the range
    warmup: int = 300  # rows before the first score (the range and noise need some history)
    history: int = 50_000  # values kept (the rarity's memory, and the likelihood's)
    noise_rows: int = 2000  # step-to-step differences the noise level is the median of
    tail_share: float = 0.05  # the top share of past surprises the exponential tail is fitted to
    tail_floor: float = 0.3  # least tail scale, in decades of p (a series whose surprises never vary)
    tail_warmup: int = 200  # surprises seen before their likelihood is trusted
    decades: float = 20.0  # score 1.0 = rarity and likelihood together at 10^-20
    suppress_rows: int = 300  # an alarm must beat every score of this many rows before it


class SortedHistory:
    """The last ``size`` numbers, kept sorted, for counts in a range and order statistics."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.sorted: list[float] = []
        self.fifo: deque[float] = deque()

    def __len__(self) -> int:
        return len(self.sorted)

    def add(self, value: float) -> None:
        bisect.insort(self.sorted, value)
        self.fifo.append(value)
        if len(self.fifo) > self.size:
            old = self.fifo.popleft()
            del self.sorted[bisect.bisect_left(self.sorted, old)]

    def count_within(self, low: float, high: float) -> int:
        return bisect.bisect_right(self.sorted, high) - bisect.bisect_left(self.sorted, low)

    def at_least(self, value: float) -> int:
        return len(self.sorted) - bisect.bisect_left(self.sorted, value)

    def quantile(self, q: float) -> float:
        return self.sorted[min(len(self.sorted) - 1, int(q * len(self.sorted)))]


class UpperTail:
    """P(a past value ≥ r): empirical inside the history, an exponential tail fitted to the top
    ``share`` beyond it (so a surprise larger than any seen still gets a graded, smaller probability)."""

    def __init__(self, size: int, share: float, floor: float, warmup: int) -> None:
        self.history = SortedHistory(size)
        self.share, self.floor, self.warmup = share, floor, warmup

    def probability(self, r: float) -> float:
        h = self.history
        n = len(h)
        if n < self.warmup:
            return 1.0
        k = max(5, int(self.share * n))
        edge = h.sorted[n - k]
        if r <= edge:
            return (h.at_least(r) + 1) / (n + 1)
        scale = max(math.fsum(h.sorted[n - k :]) / k - edge, self.floor)
        return k / (n + 1) * math.exp(-(r - edge) / scale)

    def add(self, r: float) -> None:
        self.history.add(r)


class RarityDetector:
    """``update(timestamp, value) -> score`` in [0, 1], one series at a time (see the module)."""

    name = "rarity"

    def __init__(self, params: Params | None = None) -> None:
        self.params = p = params or Params()
        self.values = SortedHistory(p.history)
        self.steps = SortedHistory(p.noise_rows)
        self.tail = UpperTail(p.history, p.tail_share, p.tail_floor, p.tail_warmup)
        self.previous: float | None = None
        self.recent: deque[tuple[int, float]] = deque()  # (row, score): the running max of past scores
        self.row = 0

    def surprise(self, value: float) -> float:
        """``u = −log10 p``: how rare ``value`` is among the values kept (0 during the warm-up)."""
        h, p = self.values, self.params
        n = len(h)
        if n < p.warmup:
            return 0.0
        spread = h.quantile(0.99) - h.quantile(0.01)
        noise = 1.4826 * self.steps.quantile(0.5) if len(self.steps) > 10 else 0.0
        floor = max(noise, 1e-3 * spread, 1e-9)
        total = 0.0
        for band in p.bands:
            half = max(band * spread, floor)
            total += math.log10((h.count_within(value - half, value + half) + 1) / (n + 1))
        return -total / len(p.bands)

    def update(self, timestamp: float, value: float) -> float:
        """The score of ``value`` (at ``timestamp``, Unix seconds; unused here), then learn it."""
        if not math.isfinite(value):
            raise ValueError(f"not a finite value: {value!r}")
        p = self.params
        u = self.surprise(value)
        likely = self.tail.probability(u)
        raw = min(1.0, max(0.0, (u - math.log10(max(likely, 1e-300))) / p.decades))
        while self.recent and self.recent[0][0] < self.row - p.suppress_rows:
            self.recent.popleft()
        best = self.recent[0][1] if self.recent else -1.0
        score = raw if raw > best else 0.0
        while self.recent and self.recent[-1][1] <= raw:
            self.recent.pop()
        self.recent.append((self.row, raw))
        self.tail.add(u)
        self.values.add(value)
        if self.previous is not None:
            self.steps.add(abs(value - self.previous))
        self.previous = value
        self.row += 1
        return score

    def scores(self, timestamps: Iterable[float], values: Iterable[float]) -> npt.NDArray[np.float64]:
        """:meth:`update` over a whole series, in order: the same scores as row by row."""
        return np.fromiter(
            (self.update(float(t), float(v)) for t, v in zip(timestamps, values, strict=True)),
            dtype=np.float64,
        )
