"""How long the GUI thread stops answering: the gaps between ticks of a 5 ms timer that runs on it.

A timer that should fire every 5 ms fires late when the GUI thread is busy (a slow ``data()``, a re-sort, a
paint, Python holding the GIL elsewhere); the longest gap between two ticks is the longest the window
could not react to input. The first gap runs from :meth:`StallMeter.start`, so work that begins at once
(the catch-up right after a restore) is not missed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer

from ui.bench.stats import percentile

TICK_MS = 5
REPORTED_OVER_MS = 16.0  # gaps longer than a 60 Hz frame are listed one by one in the detail


@dataclass
class StallSummary:
    """The tick gaps of one measurement (milliseconds)."""

    gaps_ms: list[float] = field(default_factory=list)
    offsets_s: list[float] = field(default_factory=list)  # when each gap ended, from the start

    @property
    def max_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)

    @property
    def p99_ms(self) -> float:
        return percentile(self.gaps_ms, 99) if self.gaps_ms else 0.0

    def long_gaps(self, over_ms: float = REPORTED_OVER_MS) -> list[list[float]]:
        """``[offset_s, gap_ms]`` for every gap longer than ``over_ms``, in time order."""
        return [
            [round(t, 3), round(g, 1)]
            for t, g in zip(self.offsets_s, self.gaps_ms, strict=True)
            if g > over_ms
        ]

    def as_dict(self) -> dict[str, object]:
        return {
            "max_ms": round(self.max_ms, 1),
            "p99_ms": round(self.p99_ms, 1),
            "ticks": len(self.gaps_ms),
            f"gaps_over_{int(REPORTED_OVER_MS)}ms": self.long_gaps(),
        }


class StallMeter(QObject):
    """A precise 5 ms timer on the calling (GUI) thread that records the gap before each of its ticks."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._started = self._last = 0.0
        self.summary = StallSummary()

    def start(self) -> None:
        self.summary = StallSummary()
        self._started = self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> StallSummary:
        self._timer.stop()
        return self.summary

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.summary.gaps_ms.append((now - self._last) * 1000)
        self.summary.offsets_s.append(now - self._started)
        self._last = now
