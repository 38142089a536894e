"""A query's result straight into numpy columns, on PostgreSQL and SQLite, without a Python object per value
on PostgreSQL.

PostgreSQL (:func:`fetch_packed`): each group's values come packed into one ``bytea`` per column
(``string_agg`` of ``float8send``…), a few rows for thousands of values, each column one
``numpy.frombuffer``. It takes about half the time of a binary ``COPY`` of the same values, which libpq hands
over a row at a time. SQLite (:func:`fetch`): the driver's tuples go into one 2-D float array (SQLite hands
numbers over as Python numbers anyway; there is no bulk interface), whose columns are then cast.

Queries run on the session's own connection and transaction (the caller's snapshot). Rows come in no
particular order: callers sort the columns (``numpy.lexsort``), which costs less than a sort in the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

# Column kinds: (numpy type as PostgreSQL's *send functions write it, the native type handed back).
KINDS = {"i4": (">i4", np.int32), "i8": (">i8", np.int64), "f8": (">f8", np.float64)}

Columns = dict[str, np.ndarray]


def fetch(s: Session, sql: str, params: Sequence[Any], columns: Sequence[tuple[str, str]]) -> Columns:
    """SQLite: run ``sql`` (``?`` placeholders) and return its columns, named and typed by ``columns``
    (``(name, "i4" | "i8" | "f8" | "ts")`` in select order). A ``ts`` column holds moments as SQLite stores
    them (naive UTC text) or epoch seconds, and comes back as epoch seconds: numpy parses the text, exactly
    to the microsecond and far faster than SQLite's date functions."""
    raw: Any = s.connection().connection.driver_connection
    rows = raw.execute(sql, tuple(params)).fetchall()
    if not rows:
        return {
            name: np.empty(0, dtype=np.float64 if kind == "ts" else KINDS[kind][1]) for name, kind in columns
        }
    out = {}
    for i, (name, kind) in enumerate(columns):
        values = [row[i] for row in rows]
        out[name] = moments(values) if kind == "ts" else np.array(values, dtype=KINDS[kind][1])
    return out


def moments(values: Sequence[str | float]) -> np.ndarray:
    """Epoch seconds of moments given as SQLite's text or already as numbers (a mix: rollups and samples)."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return np.array(values, dtype="datetime64[us]").astype(np.int64) / 1e6
    if str not in kinds:
        return np.array(values, dtype=np.float64)
    return np.array([moments([v])[0] if isinstance(v, str) else float(v) for v in values])


def packed(kind: str, expr: str) -> str:
    """SQL (PostgreSQL): every value of ``expr`` in a group, packed big-endian into one ``bytea`` (the
    aggregates of one group see its rows in the same order, so packed columns stay aligned)."""
    send = {"i4": "int4send", "i8": "int8send", "f8": "float8send"}[kind]
    return f"string_agg({send}({expr}), ''::bytea)"


def fetch_packed(
    s: Session, sql: str, params: Sequence[Any], keys: int, columns: Sequence[tuple[str, str]]
) -> Columns:
    """PostgreSQL: run ``sql``, whose rows are ``keys`` integer columns then one :func:`packed` column per
    entry of ``columns`` (an empty ``bytea`` for a column a row leaves out), and return the columns of all
    rows concatenated (as float64; NaN where a row left a column out), with the keys repeated per value as
    ``key0``, ``key1`` …

    A few rows of whole arrays instead of a row per value: no Python object per value, and about half the
    time of a binary COPY of the same values (which libpq hands over a row at a time).
    """
    raw: Any = s.connection().connection.driver_connection
    with raw.cursor(binary=True) as cur:
        rows = cur.execute(sql, tuple(params)).fetchall()
    out: dict[str, list[np.ndarray]] = {name: [] for name, _ in columns}
    key_parts: list[list[np.ndarray]] = [[] for _ in range(keys)]
    for row in rows:
        arrays = [np.frombuffer(row[keys + i], dtype=KINDS[kind][0]) for i, (_, kind) in enumerate(columns)]
        n = max(len(a) for a in arrays)
        for i, (name, _) in enumerate(columns):
            out[name].append(arrays[i].astype(np.float64) if len(arrays[i]) else np.full(n, np.nan))
        for k in range(keys):
            key_parts[k].append(np.full(n, row[k], dtype=np.int64))
    result = {name: np.concatenate(parts) if parts else np.empty(0) for name, parts in out.items()}
    for k in range(keys):
        result[f"key{k}"] = np.concatenate(key_parts[k]) if key_parts[k] else np.empty(0, dtype=np.int64)
    return result
