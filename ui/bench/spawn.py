"""Child processes of the benchmark: the console, the bare window, the writers and the simulator.

A child's role and parameters travel in one environment variable (:data:`CHILD_ENV`, JSON), so any
``watchfloor bench`` invocation can become a child without new command-line options. The console's own
children go through the real entry point (``watchfloor … bench``), so a start time includes everything a
user's start pays; the bare window and the plain writer run ``python -m ui.bench.child`` and import nothing
of Watchfloor they do not need. Every child writes result lines to stdout (``PAINTED``, ``CHANGE``, …).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CHILD_ENV = "WATCHFLOOR_BENCH_CHILD"
CHILD_TIMEOUT_S = 120.0


class BenchError(Exception):
    """A measurement could not be made (a child failed, a change never arrived)."""


@dataclass(frozen=True)
class Target:
    """What every child is pointed at: the database URL, the settings file and the language."""

    url: str
    config: str | None = None
    lang: str | None = None

    def global_args(self, url: str | None = None) -> list[str]:
        args = ["--db", url or self.url]
        if self.config:
            args += ["--config", self.config]
        if self.lang:
            args += ["--lang", self.lang]
        return args


def _entry() -> list[str]:
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "ui.main"]


def console_command(target: Target, url: str | None = None) -> list[str]:
    """``watchfloor --db URL bench --bench-child start``: the real entry point, the role in the env."""
    return [*_entry(), *target.global_args(url), "bench", "--bench-child", "start"]


def light_command(target: Target) -> list[str]:
    """A child that needs neither settings nor the console (a frozen build has no ``-m``: the entry point)."""
    if getattr(sys, "frozen", False):
        return console_command(target)
    return [sys.executable, "-m", "ui.bench.child"]


def simulator_command(target: Target, rate: float) -> list[str]:
    return [*_entry(), *target.global_args(), "simulate", "--rate", str(rate)]


class Child:
    """A running child; its stdout lines are read on a thread (``on_line`` sees each one there too).

    Attributes:
        spawned_at: wall-clock time just before the process was created (children report wall-clock times).
    """

    def __init__(
        self,
        argv: list[str],
        role: str | None = None,
        params: dict[str, Any] | None = None,
        on_line: Callable[[str], None] | None = None,
        name: str | None = None,
    ) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        env.pop(CHILD_ENV, None)
        if role is not None:
            env[CHILD_ENV] = json.dumps({"role": role, **(params or {})})
        self.role = name or role or " ".join(argv[-3:])
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - read and closed once the child has ended
        self._stderr_text = ""
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._on_line = on_line
        self.spawned_at = time.time()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr, text=True, env=env
        )
        self._reader = threading.Thread(target=self._read, name=f"bench-{self.role}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.rstrip("\n")
            if self._on_line is not None:
                self._on_line(line)
            self._lines.put(line)
        self._lines.put(None)

    def expect(self, prefix: str, timeout: float = CHILD_TIMEOUT_S) -> str:
        """The rest of the next stdout line that starts with ``prefix`` (other lines are skipped)."""
        end = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                self.kill()
                raise BenchError(
                    f"{self.role}: no {prefix!r} within {timeout:.0f} s{self.stderr_tail()}"
                ) from None
            if line is None:
                self.kill()  # it has ended (its stdout closed): collect it
                raise BenchError(
                    f"{self.role}: exited with {self.proc.returncode} before {prefix!r}{self.stderr_tail()}"
                )
            if line.startswith(prefix):
                return line[len(prefix) :].strip()

    def wait(self, timeout: float = CHILD_TIMEOUT_S) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise BenchError(
                f"{self.role}: still running after {timeout:.0f} s{self.stderr_tail()}"
            ) from None
        self._release()
        if code != 0:
            raise BenchError(f"{self.role}: exited with {code}{self.stderr_tail()}")
        return code

    def terminate(self, tries: int = 4, wait_s: float = 3.0) -> None:
        """SIGTERM (the simulator stops cleanly on it), again if it was lost; killed if it does not stop.

        The simulator turns SIGTERM into ``KeyboardInterrupt``, which is swallowed when it lands in a
        finalizer ("Exception ignored in ... _cleanup"): one signal is not always enough.
        """
        for _ in range(tries):
            if self.proc.poll() is not None:
                break
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(wait_s)
        if self.proc.poll() is None:
            self.kill()
        self._release()

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self._release()

    def _release(self) -> None:
        """The child has ended: keep its stderr for messages, close the pipe and the file."""
        self._reader.join(5)
        if not self._stderr.closed:
            self._stderr.seek(0)
            self._stderr_text = self._stderr.read().decode(errors="replace").strip()
            self._stderr.close()
        if self.proc.stdout is not None and not self._reader.is_alive():
            self.proc.stdout.close()

    def stdout_lines(self) -> list[str]:
        """Every line read and not yet taken by :meth:`expect`."""
        out: list[str] = []
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                return out
            if line is not None:
                out.append(line)

    def stderr_tail(self, chars: int = 800) -> str:
        text = self._stderr_text
        if not self._stderr.closed:
            self._stderr.seek(0)
            text = self._stderr.read().decode(errors="replace").strip()
        return f":\n{text[-chars:]}" if text else ""
