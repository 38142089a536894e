"""How far a demo build has got, for whoever shows it: the command line and the first-start dialog.

The build calls a :data:`ProgressCallback` with a :class:`Progress` at the start of each step, as it goes
(often enough to answer a cancel within a fraction of a second) and at the end of the step. The callback
runs on the building thread; raising from it stops the build, and the build's one transaction is rolled
back (raise :class:`console.errors.Cancelled` to say it was cancelled). No Qt here: the dialog marshals the
figures to its own thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from console.i18n import QT_TRANSLATE_NOOP, translate

CTX = "DemoBuild"


@dataclass(frozen=True)
class StepKind:
    """One step of a build: its title, how its figures read while running and when done, and its weight
    (roughly its share of the build's time, for an overall bar)."""

    key: str
    title: str
    running: str  # "{done} of {total} …"
    finished: str  # "{total} …"
    weight: float


STEP_KINDS = {
    s.key: s
    for s in (
        StepKind(
            "clearing",
            QT_TRANSLATE_NOOP("DemoBuild", "Clearing the old demo floor"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} tables"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} tables emptied"),
            1.0,
        ),
        StepKind(
            "organisation",
            QT_TRANSLATE_NOOP("DemoBuild", "Organisation"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} agents"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} agents"),
            0.3,
        ),
        StepKind(
            "rota",
            QT_TRANSLATE_NOOP("DemoBuild", "Seating and rota"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} shifts"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} shifts"),
            0.5,
        ),
        StepKind(
            "attendance",
            QT_TRANSLATE_NOOP("DemoBuild", "Attendance"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} badge events"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} badge events"),
            1.0,
        ),
        StepKind(
            "samples",
            QT_TRANSLATE_NOOP("DemoBuild", "Risk indicator samples"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} samples"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} samples"),
            3.0,
        ),
        StepKind(
            "incidents",
            QT_TRANSLATE_NOOP("DemoBuild", "Incidents"),
            QT_TRANSLATE_NOOP("DemoBuild", "{done} of {total} incidents"),
            QT_TRANSLATE_NOOP("DemoBuild", "{total} incidents"),
            0.8,
        ),
        StepKind(
            "saving",
            QT_TRANSLATE_NOOP("DemoBuild", "Saving"),
            QT_TRANSLATE_NOOP("DemoBuild", "committing"),
            QT_TRANSLATE_NOOP("DemoBuild", "saved"),
            0.3,
        ),
    )
}
BUILD_STEPS = ("organisation", "rota", "attendance", "samples", "incidents", "saving")
RESET_STEPS = ("clearing", *BUILD_STEPS)


@dataclass(frozen=True)
class Progress:
    """Where a build is: step ``index`` (1-based) of ``steps``, ``done`` of its ``total`` items."""

    key: str
    index: int
    steps: tuple[str, ...]
    done: int
    total: int
    elapsed: float  # seconds since the build began
    finished: bool  # this step is complete
    began: float = 0.0  # when this step began, in seconds since the build began

    @property
    def step_seconds(self) -> float:
        """How long this step has taken so far."""
        return self.elapsed - self.began

    @property
    def kind(self) -> StepKind:
        return STEP_KINDS[self.key]

    def title(self) -> str:
        return translate(CTX, self.kind.title)

    def figures(self) -> str:
        """``431,000 of 863,337 samples`` while running, ``863,337 samples`` when done (translated)."""
        pattern = self.kind.finished if self.finished else self.kind.running
        return translate(CTX, pattern).format(done=f"{self.done:,}", total=f"{self.total:,}")

    def fraction(self) -> float:
        """The whole build's share done, by the steps' weights (0..1)."""
        weights = [STEP_KINDS[k].weight for k in self.steps]
        before = sum(weights[: self.index - 1])
        part = 1.0 if self.finished else (self.done / self.total if self.total else 0.0)
        return min(1.0, (before + weights[self.index - 1] * part) / sum(weights))


ProgressCallback = Callable[[Progress], None]


class StepClock:
    """The build's side: names the steps as they come and times them from the build's start."""

    def __init__(self, callback: ProgressCallback | None, steps: tuple[str, ...]) -> None:
        self.callback = callback
        self.steps = steps
        self.t0 = time.perf_counter()
        self.key = steps[0]
        self.total = 0
        self.began = 0.0

    def begin(self, key: str, total: int) -> None:
        self.key, self.total, self.began = key, total, self.elapsed()
        self._tell(0, finished=False)

    def advance(self, done: int) -> None:
        self._tell(done, finished=False)

    def finish(self, total: int | None = None) -> None:
        if total is not None:
            self.total = total
        self._tell(self.total, finished=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def _tell(self, done: int, *, finished: bool) -> None:
        if self.callback is not None:
            index = self.steps.index(self.key) + 1
            elapsed = self.elapsed()
            self.callback(
                Progress(self.key, index, self.steps, done, self.total, elapsed, finished, self.began)
            )


SECONDS = QT_TRANSLATE_NOOP("DemoBuild", "{0} s")
LINE = QT_TRANSLATE_NOOP("DemoBuild", "[{index}/{steps}] {title}: {figures} ({elapsed})")


def seconds(value: float) -> str:
    """``4.2 s`` (translated)."""
    return translate(CTX, SECONDS).format(f"{value:.1f}")


class TerminalProgress:
    """Prints a build's progress to a terminal (stderr): one line per finished step; on a tty, the running
    step's figures on one line rewritten in place (at most ten times a second)."""

    CLEAR_LINE = "\r\x1b[K"  # back to the line's start and erase it (wide characters included)

    def __init__(self, stream: TextIO, *, tty: bool | None = None, every: float = 0.1) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.every = every
        self._shown: float | None = None  # when the open line was last rewritten (None: no line open)

    def __call__(self, p: Progress) -> None:
        line = translate(CTX, LINE).format(
            index=p.index,
            steps=len(p.steps),
            title=p.title(),
            figures=p.figures(),
            elapsed=seconds(p.elapsed),
        )
        if p.finished:
            self.stream.write((self.CLEAR_LINE if self.tty else "") + line + "\n")
            self._shown = None
        elif self.tty and (self._shown is None or p.done == 0 or p.elapsed - self._shown >= self.every):
            self.stream.write(f"{self.CLEAR_LINE}{line} …")
            self._shown = p.elapsed
        else:
            return
        self.stream.flush()

    def abandon(self) -> None:
        """End a line left open (the build stopped)."""
        if self._shown is not None:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = None
