"""A query's result straight into numpy columns, on PostgreSQL and SQLite, without a Python object per value.

PostgreSQL: the query runs as ``COPY (…) TO STDOUT (FORMAT BINARY)``; every column is a fixed-width number
and never NULL, so each row has the same size and the whole answer is one ``numpy.frombuffer`` (big-endian,
converted once). SQLite: the driver's tuples go into one 2-D float array (SQLite hands numbers over as
Python numbers anyway; there is no bulk interface), whose columns are then cast.

The query runs on the session's own connection and transaction (the caller's snapshot).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

# PostgreSQL's binary COPY: 11-byte signature, 4 bytes of flags, 4 of header extension; -1 (2 bytes) ends it.
_HEADER = 19
_TRAILER = 2
# Column kinds: (numpy type as PostgreSQL sends it, the native type handed back, the SQL cast that makes it).
KINDS = {
    "i4": (">i4", np.int32, "integer"),
    "i8": (">i8", np.int64, "bigint"),
    "f8": (">f8", np.float64, "double precision"),
}

Columns = dict[str, np.ndarray]


def pg_cast(kind: str) -> str:
    """The SQL type a column of ``kind`` must have (cast each selected expression to it)."""
    return KINDS[kind][2]


def _empty(columns: Sequence[tuple[str, str]]) -> Columns:
    return {name: np.empty(0, dtype=KINDS[kind][1]) for name, kind in columns}


def fetch(s: Session, sql: str, params: Sequence[Any], columns: Sequence[tuple[str, str]]) -> Columns:
    """Run ``sql`` (in the session's dialect: ``%s`` placeholders on PostgreSQL, ``?`` on SQLite) and return
    its columns, named and typed by ``columns`` (``(name, "i4" | "i8" | "f8")`` in select order).

    On PostgreSQL every selected expression must already have the column's type (see :func:`pg_cast`) and
    no value may be NULL: the binary rows are read by position.
    """
    raw: Any = s.connection().connection.driver_connection
    if s.get_bind().dialect.name == "postgresql":
        return _fetch_pg(raw, sql, params, columns)
    rows = raw.execute(sql, tuple(params)).fetchall()
    if not rows:
        return _empty(columns)
    table = np.array(rows, dtype=np.float64)
    return {name: table[:, i].astype(KINDS[kind][1]) for i, (name, kind) in enumerate(columns)}


def _fetch_pg(raw: Any, sql: str, params: Sequence[Any], columns: Sequence[tuple[str, str]]) -> Columns:
    fields: list[tuple[str, str]] = [("_count", ">i2")]
    for name, kind in columns:
        fields += [(f"_len_{name}", ">i4"), (name, KINDS[kind][0])]
    row = np.dtype(fields)
    chunks = bytearray()
    with raw.cursor() as cur, cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)", tuple(params)) as copy:
        for block in copy:
            chunks += block
    size = len(chunks) - _HEADER - _TRAILER
    if size <= 0:
        return _empty(columns)
    if size % row.itemsize:
        raise ValueError(f"binary COPY of {len(columns)} fixed columns: {size} bytes is not whole rows")
    table = np.frombuffer(chunks, dtype=row, count=size // row.itemsize, offset=_HEADER)
    whole = np.all(table["_count"] == len(columns)) and all(
        np.all(table[f"_len_{name}"] == np.dtype(KINDS[kind][0]).itemsize) for name, kind in columns
    )
    if not whole:
        raise ValueError("binary COPY rows of unexpected shape (a NULL, or a column of another type)")
    return {name: table[name].astype(KINDS[kind][1]) for name, kind in columns}
