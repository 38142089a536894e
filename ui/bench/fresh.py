"""Measurements made in fresh processes: start-up, and GUI-thread stalls under the simulator's load.

Each is made for the console and for the bare window (:mod:`ui.bench.bare`) in the same run, so what this
machine costs anyway (its other users, the simulator's own CPU) is visible beside the console's figures.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from ui.bench.spawn import BenchError, Child, Target, console_command, light_command, simulator_command

SIM_RATE = 10.0
SIM_WARM_UP_S = 3.0  # the simulator's first ticks backfill samples since it last ran: not the steady load


def time_start(target: Target, *, bare: bool) -> tuple[float, float]:
    """Seconds from spawning a child until it has painted its window with every dock's first data, and
    until its charts are drawn too (the bare window draws its plot with the rest)."""
    child = Child(light_command(target), "bare-start") if bare else Child(console_command(target), "start")
    painted = float(child.expect("PAINTED "))
    charted = painted if bare else float(child.expect("CHARTS "))
    child.wait(30)
    return painted - child.spawned_at, charted - child.spawned_at


@dataclass
class Starts:
    console: list[float] = field(default_factory=list)  # to the first data painted
    charts: list[float] = field(default_factory=list)  # to the charts drawn as well
    bare: list[float] = field(default_factory=list)


def time_starts(target: Target, count: int) -> Starts:
    """``count`` console starts and ``count`` bare starts, interleaved (ABBA) so drift hits both alike."""
    starts = Starts()
    for n in range(count):
        for is_bare in (False, True) if n % 2 == 0 else (True, False):
            painted, charted = time_start(target, bare=is_bare)
            if is_bare:
                starts.bare.append(painted)
            else:
                starts.console.append(painted)
                starts.charts.append(charted)
    return starts


@dataclass
class LoadStalls:
    console: dict[str, object] = field(default_factory=dict)
    bare: dict[str, object] = field(default_factory=dict)
    simulator: str = ""


def stalls_under_load(target: Target, seconds: float, rate: float = SIM_RATE) -> LoadStalls:
    """Run ``watchfloor simulate --rate`` and measure the console, then the bare window, ``seconds`` each."""
    sim = Child(simulator_command(target, rate), name="simulate")
    try:
        sim.expect("Simulating on", 60)
        time.sleep(SIM_WARM_UP_S)
        result = LoadStalls(
            console=_stall(target, seconds, bare=False), bare=_stall(target, seconds, bare=True)
        )
        if sim.proc.poll() is not None:
            raise BenchError(f"the simulator stopped during the measurement{sim.stderr_tail()}")
    finally:
        sim.terminate()
    stopped = [line for line in sim.stdout_lines() if line.startswith("Simulator stopped")]
    result.simulator = stopped[-1] if stopped else ""
    return result


def _stall(target: Target, seconds: float, *, bare: bool) -> dict[str, object]:
    params = {"seconds": seconds}
    if bare:
        child = Child(light_command(target), "bare-stall", params)
    else:
        child = Child(console_command(target), "stall", params)
    summary = json.loads(child.expect("RESULT ", seconds + 180))
    child.wait(30)
    assert isinstance(summary, dict)
    return summary
