"""Samples split by dimensions (region, channel, …: :mod:`console.dims`): stored beside the indicator's
headline series, in the same transaction, and read back as the latest value of each breakdown series.

``indicator_breakdown`` holds one value per indicator, moment and combination of dimensions (their canonical
text); the feed names its changes under the samples topic, keyed by the indicator, as for the headline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import IndicatorBreakdown
from console.dims import Pairs
from console.dims import split as dims_split
from console.errors import InvalidInput
from console.services.indicators import _COPY_HEADER, _COPY_TRAILER, _UNIX_TO_PG_US, require_known
from console.services.unit import unit_of_work
from console.topics import Topic

TOPIC = Topic.SAMPLES  # what the feed names when this module's table changes (written by the database)


@dataclass(frozen=True)
class Stored:
    """What :func:`ingest_dimensioned` stored, and found already there, of each series kind."""

    samples: int
    samples_already: int
    breakdown: int
    breakdown_already: int


def ingest_dimensioned(
    db: Database,
    actor: Actor,
    ids: Sequence[int],
    micros: Sequence[int],
    values: Sequence[float],
    dims: Sequence[str],
    *,
    source: str = "import",
) -> Stored:
    """Store samples given column by column as :func:`ingest_rows` does, each with its dimensions as canonical
    text (:func:`console.dims.canonical`): ``""`` goes to the headline series (``indicator_samples``), the
    rest to ``indicator_breakdown``; both in one transaction with one audit line. A sample already stored
    for the same indicator, moment and dimensions is kept (a re-import changes nothing).

    PostgreSQL: each kind is COPYed (binary, laid out by numpy; the dimensions as small integers with their
    texts beside them) into a temporary table and moved with one ``INSERT … SELECT … ON CONFLICT DO
    NOTHING``. SQLite: one prepared ``INSERT OR IGNORE`` per kind.
    """
    import numpy as np

    total = len(ids)
    if not (total == len(micros) == len(values) == len(dims)):
        raise InvalidInput(detail="samples of unequal columns")
    if not total:
        return Stored(0, 0, 0, 0)
    plain = np.fromiter((not d for d in dims), dtype=bool, count=total)
    cols = (np.asarray(ids, dtype=np.int64), np.asarray(micros, dtype=np.int64), np.asarray(values, float))
    head = [c[plain] for c in cols]
    split = [c[~plain] for c in cols]
    split_dims = [d for d in dims if d]
    with unit_of_work(db, actor, Perm.INGEST_SAMPLES) as unit:
        s = unit.session
        wanted = require_known(s, ids)
        raw = s.connection().connection.driver_connection
        if db.kind == "postgresql":
            stored_head = _copy_headline(raw, *head) if len(head[0]) else 0
            stored_split = _copy_breakdown(raw, split[0], split[1], split[2], split_dims) if split_dims else 0
        else:
            stored_head = _sqlite_insert(raw, "indicator_samples (indicator_id, ts, value)", *head)
            stored_split = _sqlite_insert(
                raw, "indicator_breakdown (indicator_id, ts, value, dims)", *split, split_dims
            )
        stored = Stored(stored_head, len(head[0]) - stored_head, stored_split, len(split_dims) - stored_split)
        unit.audit(
            "indicator.ingest",
            "indicator",
            None,
            samples=stored.samples,
            already=stored.samples_already,
            breakdown=stored.breakdown,
            breakdown_already=stored.breakdown_already,
            indicators=len(wanted),
            source=source,
        )
        return stored


def _binary_rows(ids: Any, micros: Any, values: Any, codes: Any = None) -> bytes:
    """Rows of (indicator int4, ts timestamptz[, dims code int4], value float8) in PostgreSQL's binary COPY
    format, laid out by numpy."""
    import numpy as np

    fields = [("n", ">i2"), ("l1", ">i4"), ("ind", ">i4"), ("l2", ">i4"), ("ts", ">i8")]
    if codes is not None:
        fields += [("l4", ">i4"), ("d", ">i4")]
    table = np.empty(len(ids), dtype=np.dtype([*fields, ("l3", ">i4"), ("v", ">f8")]))
    table["n"], table["l1"], table["l2"], table["l3"] = (3 if codes is None else 4), 4, 8, 8
    table["ind"] = ids
    table["ts"] = np.asarray(micros, dtype=np.int64) - _UNIX_TO_PG_US
    if codes is not None:
        table["l4"], table["d"] = 4, codes
    table["v"] = values
    return _COPY_HEADER + table.tobytes() + _COPY_TRAILER


def _copy_headline(raw: Any, ids: Any, micros: Any, values: Any) -> int:
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS ingest_headline "
            "(indicator_id integer, ts timestamptz, value double precision) ON COMMIT DELETE ROWS"
        )
        with cur.copy("COPY ingest_headline (indicator_id, ts, value) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_binary_rows(ids, micros, values))
        cur.execute(
            "INSERT INTO indicator_samples (indicator_id, ts, value) "
            "SELECT indicator_id, ts, value FROM ingest_headline ON CONFLICT DO NOTHING"
        )
        return int(cur.rowcount)


def _copy_breakdown(raw: Any, ids: Any, micros: Any, values: Any, dims: Sequence[str]) -> int:
    texts: dict[str, int] = {}
    codes = [texts.setdefault(d, len(texts)) for d in dims]
    with raw.cursor() as cur:
        cur.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS ingest_dims (d integer, dims text) ON COMMIT DELETE ROWS"
        )
        cur.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS ingest_breakdown "
            "(indicator_id integer, ts timestamptz, d integer, value double precision) ON COMMIT DELETE ROWS"
        )
        with cur.copy("COPY ingest_dims (d, dims) FROM STDIN") as copy:
            for text, code in texts.items():
                copy.write_row((code, text))
        sql = "COPY ingest_breakdown (indicator_id, ts, d, value) FROM STDIN (FORMAT BINARY)"
        with cur.copy(sql) as copy:
            copy.write(_binary_rows(ids, micros, values, codes))
        cur.execute(
            "INSERT INTO indicator_breakdown (indicator_id, ts, dims, value) "
            "SELECT b.indicator_id, b.ts, n.dims, b.value "
            "FROM ingest_breakdown b JOIN ingest_dims n USING (d) ON CONFLICT DO NOTHING"
        )
        return int(cur.rowcount)


def _sqlite_insert(raw: Any, into: str, ids: Any, micros: Any, values: Any, *more: Sequence[str]) -> int:
    """One prepared ``INSERT OR IGNORE``; times as SQLAlchemy stores them on SQLite (naive UTC text)."""
    import numpy as np

    if not len(ids):
        return 0
    moments = np.datetime64("1970-01-01T00:00:00", "us") + np.asarray(micros, dtype=np.int64).astype(
        "timedelta64[us]"
    )
    stamps = [t.replace("T", " ") for t in np.datetime_as_string(moments, unit="us").tolist()]
    marks = ", ".join("?" * (3 + len(more)))
    cursor = raw.cursor()
    try:  # rowcount: the rows this statement inserted (not the feed rows its triggers wrote)
        cursor.executemany(
            f"INSERT OR IGNORE INTO {into} VALUES ({marks})",
            zip(ids.tolist(), stamps, values.tolist(), *more, strict=True),
        )
        return int(cursor.rowcount)
    finally:
        cursor.close()


@dataclass(frozen=True)
class BreakdownRow:
    """The latest sample of one breakdown series: its dimensions (canonical text and pairs), moment, value."""

    dims: str
    pairs: Pairs
    ts: datetime
    value: float


def breakdown(s: Session, indicator_id: int, since: datetime, by: Sequence[str] = ()) -> list[BreakdownRow]:
    """The latest value of each breakdown series of an indicator that has a sample after ``since``, sorted
    by its dimensions' values. With ``by`` (dimension names), only the series split by exactly those
    dimensions: ``by=("region",)`` is the breakdown by region, not by region and channel."""
    b = IndicatorBreakdown
    latest = (
        select(b.dims, func.max(b.ts).label("ts"))
        .where(b.indicator_id == indicator_id, b.ts > since)
        .group_by(b.dims)
        .subquery()
    )
    rows = s.execute(
        select(b.dims, b.ts, b.value)
        .join(latest, (b.dims == latest.c.dims) & (b.ts == latest.c.ts))
        .where(b.indicator_id == indicator_id)
    ).all()
    wanted = set(by)
    out = []
    for text, ts, value in rows:
        pairs = dims_split(text)
        if wanted and {n for n, _ in pairs} != wanted:
            continue
        out.append(BreakdownRow(text, pairs, ts, value))
    order = list(by)
    return sorted(out, key=lambda r: ([dict(r.pairs).get(n, "") for n in order], r.pairs))
