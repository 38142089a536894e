"""The benchmark's options: read defensively from the parsed command line, with their defaults.

``watchfloor``'s parser (``ui.main.build_parser``) declares the ``bench`` options; :func:`add_options` adds
the ones it does not declare yet (it can simply call it), and :func:`read_options` falls back to the
defaults for any option the parser lacks.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

# What can be skipped (--skip), in the order they run.
PARTS = ("start", "latency", "plain", "outage", "stall")


@dataclass(frozen=True)
class BenchOptions:
    json: bool = False
    starts: int = 5  # fresh processes per start figure (console and bare each)
    changes: int = 100  # changes timed per change-to-screen figure (service and plain SQL each)
    stall_seconds: float = 60.0  # per window under the simulator
    catch_up_changes: int = 1000  # made during the outage
    cuts: int = 3  # outage rounds: a silent cut (PostgreSQL) or a stopped hub (SQLite), then a catch-up
    skip: frozenset[str] = field(default_factory=frozenset)

    def runs(self, part: str) -> bool:
        return part not in self.skip


def read_options(args: argparse.Namespace) -> BenchOptions:
    default = BenchOptions()
    skip = getattr(args, "skip", None) or []
    if isinstance(skip, str):
        skip = [skip]
    parts = frozenset(p.strip() for item in skip for p in str(item).split(",") if p.strip())
    unknown = parts - set(PARTS)
    if unknown:
        raise SystemExit(
            f"watchfloor bench: cannot skip {', '.join(sorted(unknown))} (parts: {', '.join(PARTS)})"
        )
    return BenchOptions(
        json=bool(getattr(args, "json", False)),
        starts=int(getattr(args, "starts", None) or default.starts),
        changes=int(getattr(args, "changes", None) or default.changes),
        stall_seconds=float(getattr(args, "stall_seconds", None) or default.stall_seconds),
        catch_up_changes=int(_given(args, "catch_up_changes", default.catch_up_changes)),
        cuts=int(_given(args, "cuts", default.cuts)),
        skip=parts,
    )


def _given(args: argparse.Namespace, name: str, default: int) -> int:
    value = getattr(args, name, None)
    return default if value is None else int(value)


def add_options(bench: argparse.ArgumentParser) -> None:
    """Declare the options ``bench`` needs on its subparser (those already declared are left alone)."""
    have = {opt for action in bench._actions for opt in action.option_strings}
    new = [
        (
            "--stall-seconds",
            float,
            BenchOptions.stall_seconds,
            "seconds of simulator load per window (default 60)",
        ),
        (
            "--catch-up-changes",
            int,
            BenchOptions.catch_up_changes,
            "changes made during the outage (default 1000)",
        ),
        ("--cuts", int, BenchOptions.cuts, "outage rounds, each a silent cut then a catch-up (default 3)"),
    ]
    for flag, kind, default, text in new:
        if flag not in have:
            bench.add_argument(flag, type=kind, default=default, help=text)
    if "--skip" not in have:
        bench.add_argument(
            "--skip",
            action="append",
            metavar="PART",
            help=f"leave out a part, repeatable or comma-separated: {', '.join(PARTS)}",
        )
