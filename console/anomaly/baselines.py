"""Two simple detectors scored beside the real one, so its figure stands next to a baseline from the same run.

- ``null``: always 0 (NAB's null detector: it never fires, so its score is the normalisation's zero).
- ``windowedGaussian``: like NAB's ``windowedGaussian_detector.py``: the mean and standard deviation of the
  previous 1000 values; the score grows with the distance from the mean in standard deviations,
  ``z / (1 + z)``. NAB turns ``z`` into a normal tail probability instead, which rounds to exactly 1.0 beyond
  8 standard deviations and so ties every large deviation; ``z / (1 + z)`` orders them the same way without
  the ties (any increasing function of ``z`` scores the same under one threshold).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt


class NullDetector:
    name = "null"

    def update(self, timestamp: float, value: float) -> float:
        return 0.0

    def scores(self, timestamps: Iterable[float], values: Iterable[float]) -> npt.NDArray[np.float64]:
        return np.fromiter((self.update(t, v) for t, v in zip(timestamps, values, strict=True)), np.float64)


class WindowedGaussian:
    name = "windowedGaussian"

    def __init__(self, window: int = 1000) -> None:
        self.window = window
        self.kept: deque[float] = deque()
        self.total = 0.0
        self.squares = 0.0

    def update(self, timestamp: float, value: float) -> float:
        score = 0.0
        n = len(self.kept)
        if n:
            mean = self.total / n
            std = math.sqrt(max(self.squares / n - mean * mean, 0.0)) or 1e-6
            z = abs(value - mean) / std
            score = z / (1.0 + z)
        self.kept.append(value)
        self.total += value
        self.squares += value * value
        if len(self.kept) > self.window:
            old = self.kept.popleft()
            self.total -= old
            self.squares -= old * old
        return score

    def scores(self, timestamps: Iterable[float], values: Iterable[float]) -> npt.NDArray[np.float64]:
        return np.fromiter((self.update(t, v) for t, v in zip(timestamps, values, strict=True)), np.float64)
