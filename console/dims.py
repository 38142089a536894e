"""Dimensions of a sample (region, channel, …) and their canonical text, the key of a breakdown series.

A sample split by dimensions is stored once per indicator, moment and *combination* of dimensions
(``indicator_breakdown``), the combination written one way only: ``name=value`` pairs sorted by name, joined
by ``;`` (``channel=app;region=MY``). So ``region=MY,channel=app`` and ``channel=app,region=MY`` are the same
series, and a re-import finds what it stored before.

Names are lower-case identifiers (``region``, ``channel``, ``asset_class``); values are text without ``;``,
``=`` or control characters, case kept (``MY``, ``app``). The reasons a name or a value is refused are
marked in :mod:`console.ingest`, which names the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_VALUE = 64
MAX_DIMS = 4
# Fields of a sample itself: never dimensions.
RESERVED = frozenset({"indicator", "timestamp", "value", "dims"})

Pairs = tuple[tuple[str, str], ...]


def valid_name(name: str) -> bool:
    return bool(NAME.fullmatch(name)) and name not in RESERVED


def valid_value(value: str) -> bool:
    """A stripped, non-empty value that the canonical text can hold unambiguously."""
    return (
        0 < len(value) <= MAX_VALUE
        and value == value.strip()
        and not any(c in ";=" or not c.isprintable() for c in value)
    )


def canonical(pairs: Iterable[tuple[str, str]]) -> str:
    """``channel=app;region=MY``: the pairs sorted by name (names and values already checked)."""
    return ";".join(f"{name}={value}" for name, value in sorted(pairs))


def split(text: str) -> Pairs:
    """The pairs of a canonical text (``""``: none, the headline series)."""
    if not text:
        return ()
    return tuple((name, value) for name, _, value in (part.partition("=") for part in text.split(";")))
