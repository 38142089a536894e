"""Risk indicators: define them, edit the catalogue, ingest their samples, read series back (samples split
by dimensions: :mod:`console.services.breakdown`)."""

from __future__ import annotations

import functools
import itertools
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy import update as sa_update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.auth import Actor, Perm
from console.catalogue import (
    EDITABLE,
    KEY_TAKEN,
    BadDefinition,
    CatalogueChanged,
    Definition,
    IndicatorConflict,
    area_of_key,
    changed,
    check,
    check_key,
)
from console.db import rollupsql
from console.db.engine import Database
from console.db.models import (
    Department,
    DepartmentName,
    IndicatorName,
    IndicatorSample,
    RiskIndicator,
)
from console.errors import InvalidInput, NotFound
from console.floortime import utcnow
from console.names import Names, as_names, read_names, write_names
from console.services.offline import reachable
from console.services.unit import unit_of_work
from console.topics import Topic

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

TOPIC = Topic.SAMPLES  # what the feed names when this module's tables change (written by the database)
DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    names: Names  # translations of ``name``: (language, name) pairs, see console.names
    unit: str
    direction: str
    warning: float
    critical: float
    department: str
    interval_seconds: int = 60
    area: str = ""  # "" : from the key's prefix (console.catalogue.area_of_key)
    sop: str = ""  # a runbook key (console/runbooks) or an http(s) address


def define(db: Database, actor: Actor, specs: list[IndicatorSpec]) -> list[int]:
    """Create indicators; thresholds must be ordered the way the indicator gets worse."""
    for spec in specs:
        if spec.direction not in DIRECTIONS:
            raise InvalidInput(detail=f"{spec.key}: direction {spec.direction!r}")
        worse = spec.critical > spec.warning if spec.direction == "higher" else spec.critical < spec.warning
        if not worse:
            raise InvalidInput(detail=f"{spec.key}: critical threshold must be beyond warning")
    with unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        depts = {d.code: d.id for d in s.scalars(select(Department))}
        ids = []
        for order, spec in enumerate(specs):
            if spec.department not in depts:
                raise NotFound(what="Department", key=spec.department)
            ind = RiskIndicator(
                key=spec.key,
                name=spec.name,
                unit=spec.unit,
                direction=spec.direction,
                warning=spec.warning,
                critical=spec.critical,
                department_id=depts[spec.department],
                interval_seconds=spec.interval_seconds,
                display_order=order,
                area=spec.area or area_of_key(spec.key),
                sop=spec.sop,
            )
            s.add(ind)
            s.flush()
            write_names(s, IndicatorName, ind.id, spec.names)
            ids.append(ind.id)
            unit.audit("indicator.define", "indicator", ind.id, key=spec.key)
        return ids


def ingest(
    db: Database, actor: Actor, samples: Iterable[tuple[int, datetime, float]], *, source: str = "feed"
) -> int:
    """Store samples ``(indicator_id, ts, value)`` in one transaction; one audit line per batch.

    The change feed gets one entry per indicator touched (not per sample): consoles then fetch what is new
    for that indicator since the last point they hold.
    """
    with unit_of_work(db, actor, Perm.INGEST_SAMPLES) as unit:
        s = unit.session
        rows: list[dict[str, Any]] = []
        touched_ids: set[int] = set()
        for ind_id, ts, value in samples:
            if ts.tzinfo is None:
                raise InvalidInput(detail=f"naive sample time {ts}")
            rows.append({"indicator_id": ind_id, "ts": ts, "value": float(value)})
            touched_ids.add(ind_id)
        if not rows:
            return 0
        if db.kind == "postgresql":  # one binary COPY: the triggers (feed, rollups) fire once, not per row
            _copy_rows(s, rows)
        else:
            for chunk in range(0, len(rows), 20_000):
                s.execute(insert(IndicatorSample), rows[chunk : chunk + 20_000])
        touched = sorted(touched_ids)
        unit.audit(
            "indicator.ingest", "indicator", None, samples=len(rows), indicators=len(touched), source=source
        )
        return len(rows)


def ingest_series(
    db: Database,
    actor: Actor,
    series: Mapping[int, ArrayLike],
    first: datetime,
    *,
    interval: timedelta = timedelta(minutes=1),
    source: str = "feed",
) -> int:
    """Store regular series: ``values[i]`` of each indicator at ``first + i * interval``; NaN is no sample.

    For history loads and backfills (the demo's 30 days are 863,000 samples): the rows go to the database in
    bulk, not through the ORM (COPY on PostgreSQL, a prepared ``executemany`` on SQLite), in one transaction
    with one audit line, and the feed's triggers fire as for any insert. Returns the samples stored.
    """
    if first.tzinfo is None:
        raise InvalidInput(detail="naive series start")
    step_us = interval // timedelta(microseconds=1)
    if step_us <= 0:
        raise InvalidInput(detail=f"series interval {interval}")
    with unit_of_work(db, actor, Perm.INGEST_SAMPLES) as unit:
        s = unit.session
        known = set(s.scalars(select(RiskIndicator.id).where(RiskIndicator.id.in_(list(series)))))
        for ind_id in series:
            if ind_id not in known:
                raise NotFound(what="Indicator", key=ind_id)
        bulk = _copy_series if db.kind == "postgresql" else _executemany_series
        total = sum(bulk(s, ind_id, first, step_us, values) for ind_id, values in series.items())
        unit.audit(
            "indicator.ingest", "indicator", None, samples=total, indicators=len(series), source=source
        )
        return total


_PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# PostgreSQL's binary COPY: signature, flags, header extension; each row 3 fields of (length, value); -1 ends.
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)


def _copy_series(s: Session, ind_id: int, first: datetime, step_us: int, values: ArrayLike) -> int:
    """COPY one series in PostgreSQL's binary format: numpy lays the rows out, no Python loop per row."""
    import numpy as np

    vals = np.asarray(values, dtype=np.float64)
    keep = np.flatnonzero(~np.isnan(vals))
    if not len(keep):
        return 0
    fields = [("n", ">i2"), ("l1", ">i4"), ("ind", ">i4"), ("l2", ">i4"), ("ts", ">i8"), ("l3", ">i4")]
    row = np.dtype([*fields, ("v", ">f8")])
    rows = np.empty(len(keep), dtype=row)
    rows["n"], rows["l1"], rows["ind"], rows["l2"], rows["l3"] = 3, 4, ind_id, 8, 8
    rows["ts"] = (first - _PG_EPOCH) // timedelta(microseconds=1) + keep.astype(np.int64) * step_us
    rows["v"] = vals[keep]
    raw = s.connection().connection.driver_connection
    sql = "COPY indicator_samples (indicator_id, ts, value) FROM STDIN (FORMAT BINARY)"
    with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
        copy.write(_COPY_HEADER + rows.tobytes() + _COPY_TRAILER)
    return len(keep)


def _executemany_series(s: Session, ind_id: int, first: datetime, step_us: int, values: ArrayLike) -> int:
    """One prepared INSERT for the series; times as SQLAlchemy stores them on SQLite (naive UTC text)."""
    import numpy as np

    vals = np.asarray(values, dtype=np.float64)
    keep = np.flatnonzero(~np.isnan(vals))
    if not len(keep):
        return 0
    grid = _sqlite_stamps(first, step_us, len(vals))
    stamps = grid if len(keep) == len(vals) else [grid[i] for i in keep.tolist()]
    raw: Any = s.connection().connection.driver_connection  # the session's own connection and transaction
    # The rollup trigger is off for this insert (a plain INSERT: all or nothing, every row new); the series'
    # rollups are added at once (console.db.rollupsql).
    raw.execute("INSERT INTO rollup_bulk (id) VALUES (1)")
    raw.executemany(
        "INSERT INTO indicator_samples (indicator_id, ts, value) VALUES (?, ?, ?)",
        zip(itertools.repeat(ind_id), stamps, vals[keep].tolist()),
    )
    raw.execute("DELETE FROM rollup_bulk")
    start_us = (first - _UNIX_EPOCH) // timedelta(microseconds=1)
    moments = (start_us + keep.astype(np.int64) * step_us) / 1e6
    rollupsql.sqlite_add_series(raw, ind_id, moments, vals[keep])
    return len(keep)


@functools.lru_cache(maxsize=2)
def _sqlite_stamps(first: datetime, step_us: int, n: int) -> tuple[str, ...]:
    """The ``n`` times of a series as SQLite columns hold them; series that share a grid format it once."""
    import numpy as np

    start = np.datetime64(first.astimezone(UTC).replace(tzinfo=None), "us")
    moments = start + np.arange(n, dtype=np.int64) * np.timedelta64(step_us, "us")
    return tuple(t.replace("T", " ") for t in np.datetime_as_string(moments, unit="us").tolist())


def _copy_rows(s: Session, rows: list[dict[str, Any]]) -> None:
    """COPY samples given as rows straight into ``indicator_samples`` (binary); a sample already stored is
    refused like an INSERT's duplicate (:class:`InvalidInput`, and nothing is stored)."""
    import psycopg

    micros = [(row["ts"] - _UNIX_EPOCH) // timedelta(microseconds=1) for row in rows]
    payload = _binary_rows([r["indicator_id"] for r in rows], micros, [r["value"] for r in rows])
    raw = s.connection().connection.driver_connection
    sql = "COPY indicator_samples (indicator_id, ts, value) FROM STDIN (FORMAT BINARY)"
    try:
        with raw.cursor() as cur, cur.copy(sql) as copy:  # type: ignore[union-attr]
            copy.write(payload)
    except psycopg.errors.IntegrityError as exc:
        raise InvalidInput(detail=str(exc).strip().splitlines()[0]) from exc


def _binary_rows(ids: Sequence[int], micros: Sequence[int], values: Sequence[float]) -> bytes:
    """Samples in PostgreSQL's binary COPY format (Unix microseconds in), laid out by numpy."""
    import numpy as np

    fields = [("n", ">i2"), ("l1", ">i4"), ("ind", ">i4"), ("l2", ">i4"), ("ts", ">i8"), ("l3", ">i4")]
    table = np.empty(len(ids), dtype=np.dtype([*fields, ("v", ">f8")]))
    table["n"], table["l1"], table["l2"], table["l3"] = 3, 4, 8, 8
    table["ind"] = np.asarray(ids, dtype=np.int32)
    table["ts"] = np.asarray(micros, dtype=np.int64) - _UNIX_TO_PG_US
    table["v"] = np.asarray(values, dtype=np.float64)
    return _COPY_HEADER + table.tobytes() + _COPY_TRAILER


def require_known(s: Session, ids: Iterable[int]) -> list[int]:
    """The distinct indicator ids, sorted; :class:`NotFound` names the first one that is not defined."""
    wanted = sorted(set(ids))
    known = set(s.scalars(select(RiskIndicator.id).where(RiskIndicator.id.in_(wanted))))
    for ind_id in wanted:
        if ind_id not in known:
            raise NotFound(what="Indicator", key=ind_id)
    return wanted


def all_indicators(s: Session) -> list[RiskIndicator]:
    return list(s.scalars(select(RiskIndicator).order_by(RiskIndicator.display_order, RiskIndicator.id)))


def series(
    s: Session, indicator_id: int, since: datetime, until: datetime | None = None
) -> list[tuple[datetime, float]]:
    """Samples of one indicator after ``since`` (exclusive), oldest first."""
    q = select(IndicatorSample.ts, IndicatorSample.value).where(
        IndicatorSample.indicator_id == indicator_id, IndicatorSample.ts > since
    )
    if until is not None:
        q = q.where(IndicatorSample.ts <= until)
    return [(ts, v) for ts, v in s.execute(q.order_by(IndicatorSample.ts))]


def latest_ts(s: Session, indicator_id: int | None = None) -> datetime | None:
    q = select(func.max(IndicatorSample.ts))
    if indicator_id is not None:
        q = q.where(IndicatorSample.indicator_id == indicator_id)
    return s.scalar(q)


def level(ind: RiskIndicator, value: float) -> str:
    """``normal``, ``warning`` or ``critical`` for a value of this indicator."""
    higher = ind.direction == "higher"
    if (value >= ind.critical) if higher else (value <= ind.critical):
        return "critical"
    if (value >= ind.warning) if higher else (value <= ind.warning):
        return "warning"
    return "normal"


def get(s: Session, key: str) -> RiskIndicator:
    ind = s.scalars(select(RiskIndicator).where(RiskIndicator.key == key)).first()
    if ind is None:
        raise NotFound(what="Indicator", key=key)
    return ind


# Microseconds from the Unix epoch to PostgreSQL's (2000-01-01), for binary COPY.
_UNIX_TO_PG_US = (_PG_EPOCH - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def ingest_rows(
    db: Database,
    actor: Actor,
    ids: Sequence[int],
    micros: Sequence[int],
    values: Sequence[float],
    *,
    source: str = "import",
) -> tuple[int, int]:
    """Store samples given column by column (indicator ids, UTC microseconds since the Unix epoch, values),
    all in one transaction with one audit line. A sample already stored for the same indicator and moment is
    kept as it was (re-importing a file changes nothing), and so is the second of two in the batch.
    Returns (stored, already there).

    PostgreSQL: the rows are COPYed (binary, laid out by numpy) into a temporary table and moved with one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING``, so the feed's triggers fire once per statement as for any
    insert. SQLite: one prepared ``INSERT OR IGNORE``.
    """
    import numpy as np

    total = len(ids)
    if not (total == len(micros) == len(values)):
        raise InvalidInput(detail="samples of unequal columns")
    if not total:
        return 0, 0
    with unit_of_work(db, actor, Perm.INGEST_SAMPLES) as unit:
        s = unit.session
        wanted = require_known(s, ids)
        raw = s.connection().connection.driver_connection
        if db.kind == "postgresql":
            payload = _binary_rows(ids, micros, values)
            with raw.cursor() as cur:  # type: ignore[union-attr]
                cur.execute(
                    "CREATE TEMPORARY TABLE IF NOT EXISTS ingest_batch "
                    "(indicator_id integer, ts timestamptz, value double precision) ON COMMIT DELETE ROWS"
                )
                with cur.copy(
                    "COPY ingest_batch (indicator_id, ts, value) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.write(payload)
                cur.execute(
                    "INSERT INTO indicator_samples (indicator_id, ts, value) "
                    "SELECT indicator_id, ts, value FROM ingest_batch ON CONFLICT DO NOTHING"
                )
                stored = cur.rowcount
        else:
            start = np.datetime64("1970-01-01T00:00:00", "us")
            moments = start + np.asarray(micros, dtype=np.int64).astype("timedelta64[us]")
            stamps = [t.replace("T", " ") for t in np.datetime_as_string(moments, unit="us").tolist()]
            cursor = raw.cursor()  # type: ignore[union-attr]
            # rowcount: the rows this statement inserted (not the feed rows its triggers wrote)
            cursor.executemany(
                "INSERT OR IGNORE INTO indicator_samples (indicator_id, ts, value) VALUES (?, ?, ?)",
                zip(ids, stamps, values, strict=True),
            )
            stored = cursor.rowcount
            cursor.close()
        unit.audit(
            "indicator.ingest",
            "indicator",
            None,
            samples=stored,
            already=total - stored,
            indicators=len(wanted),
            source=source,
        )
        return stored, total - stored


# -- the catalogue (console.catalogue): read it, edit an indicator, add one, reorder them --------------------


@dataclass(frozen=True)
class CatalogueEntry:
    """An indicator as the catalogue shows and edits it (plain, thread-safe). ``version`` is what a save
    names (:func:`update`); ``updated_by`` / ``updated_at``: the last save (a console, the command line)."""

    id: int
    key: str
    definition: Definition
    display_order: int
    version: int
    updated_by: str | None
    updated_at: datetime | None


@dataclass(frozen=True)
class DepartmentChoice:
    """A department an indicator may belong to, with its names (console.names)."""

    code: str
    name: str
    names: Names


def _definition(ind: RiskIndicator, department: str, names: Names) -> Definition:
    return Definition(
        name=ind.name,
        names=names,
        unit=ind.unit,
        direction=ind.direction,
        warning=ind.warning,
        critical=ind.critical,
        interval_seconds=ind.interval_seconds,
        department=department,
        area=ind.area,
        sop=ind.sop,
    )


def _entries(s: Session, inds: Sequence[RiskIndicator]) -> list[CatalogueEntry]:
    codes = dict(s.execute(select(Department.id, Department.code)).all())
    names = read_names(s, IndicatorName, [i.id for i in inds])
    return [
        CatalogueEntry(
            i.id,
            i.key,
            _definition(i, codes[i.department_id], names[i.id]),
            i.display_order,
            i.version,
            i.updated_by,
            i.updated_at,
        )
        for i in inds
    ]


def catalogue(s: Session) -> list[CatalogueEntry]:
    """Every indicator, in display order."""
    return _entries(s, all_indicators(s))


def catalogue_entry(s: Session, key: str) -> CatalogueEntry:
    return _entries(s, [get(s, key.strip())])[0]


def department_choices(s: Session) -> list[DepartmentChoice]:
    depts = list(s.scalars(select(Department).order_by(Department.id)))
    names = read_names(s, DepartmentName, [d.id for d in depts])
    return [DepartmentChoice(d.code, d.name, names[d.id]) for d in depts]


def _audited(values: Mapping[str, Any]) -> dict[str, Any]:
    """Definition fields as the audit log keeps them (JSON: translations as an object)."""
    return {k: dict(v) if k == "names" else v for k, v in values.items()}


def update(
    db: Database,
    actor: Actor,
    indicator_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    at: datetime | None = None,
) -> int:
    """Change an indicator's definition (fields of :class:`~console.catalogue.Definition`; ``names`` is a
    mapping of the languages to change, ``""`` removing one). Returns its new version.

    The whole definition is checked as it would be after the change (:func:`console.catalogue.check`), in the
    transaction that writes it, and audited before → after with only the fields that changed (a save that
    changes nothing writes nothing). ``expected_version`` is the version the form read: a stale one is
    refused naming who saved meanwhile (:class:`~console.catalogue.IndicatorConflict`), as two saves racing
    are (the UPDATE names the version: only one of them finds it).
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(detail=f"unknown catalogue field(s): {', '.join(unknown)}")
    try:
        return _update(db, actor, indicator_id, changes, expected_version, at)
    except StaleDataError as exc:  # a save committed after this one read the version: it was rolled back
        with db.reading() as s:
            key, who = s.execute(
                select(RiskIndicator.key, RiskIndicator.updated_by).where(RiskIndicator.id == indicator_id)
            ).one()
        raise _conflict(key, who) from exc


def _update(
    db: Database,
    actor: Actor,
    indicator_id: int,
    changes: Mapping[str, Any],
    expected_version: int,
    at: datetime | None,
) -> int:
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        ind = s.get(RiskIndicator, indicator_id)
        if ind is None:
            raise NotFound(what="Indicator", key=indicator_id)
        if ind.version != expected_version:
            raise _conflict(ind.key, ind.updated_by)
        depts = {d.code: d.id for d in s.scalars(select(Department))}
        code = next(c for c, i in depts.items() if i == ind.department_id)
        before = _definition(ind, code, read_names(s, IndicatorName, [ind.id])[ind.id])
        wanted = dict(changes)
        if "names" in wanted:
            wanted["names"] = as_names({**dict(before.names), **dict(wanted["names"])})
        after = check(ind.key, replace(before, **wanted), depts)
        diff = changed(before, after)
        if not diff:
            return ind.version
        for name in ("name", "unit", "direction", "warning", "critical", "interval_seconds", "area", "sop"):
            setattr(ind, name, getattr(after, name))
        ind.department_id = depts[after.department]
        if "names" in diff:
            _rewrite_names(s, ind.id, before.names, after.names)
        ind.version += 1
        ind.updated_by = actor.username
        ind.updated_at = at or utcnow()
        s.flush()  # UPDATE … WHERE version = <read>: StaleDataError if a racing save committed first
        unit.audit(
            "indicator.update",
            "indicator",
            ind.id,
            key=ind.key,
            version=ind.version,
            before=_audited({k: b for k, (b, _) in diff.items()}),
            after=_audited({k: a for k, (_, a) in diff.items()}),
        )
        return ind.version


def _conflict(key: str, who: str | None) -> IndicatorConflict:
    return IndicatorConflict(key=key, who=who) if who else IndicatorConflict(key=key)


def _rewrite_names(s: Session, owner_id: int, before: Names, after: Names) -> None:
    old, new = dict(before), dict(after)
    for lang in sorted(set(old) | set(new)):
        row = s.get(IndicatorName, (owner_id, lang))
        if lang not in new:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(IndicatorName(owner_id=owner_id, language=lang, name=new[lang]))
        else:
            row.name = new[lang]


def add(db: Database, actor: Actor, key: str, definition: Definition, *, at: datetime | None = None) -> int:
    """Add an indicator to the catalogue, checked as :func:`update` checks an edit; it comes last in the
    display order. Returns its id."""
    key = check_key(key)
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        depts = {d.code: d.id for d in s.scalars(select(Department))}
        d = check(key, definition, depts)
        if s.scalar(select(RiskIndicator.id).where(RiskIndicator.key == key)) is not None:
            raise BadDefinition(KEY_TAKEN, key=key)
        last = s.scalar(select(func.max(RiskIndicator.display_order)))
        ind = RiskIndicator(
            key=key,
            name=d.name,
            unit=d.unit,
            direction=d.direction,
            warning=d.warning,
            critical=d.critical,
            interval_seconds=d.interval_seconds,
            department_id=depts[d.department],
            display_order=0 if last is None else last + 1,
            area=d.area,
            sop=d.sop,
            version=1,
            updated_by=actor.username,
            updated_at=at or utcnow(),
        )
        s.add(ind)
        s.flush()
        write_names(s, IndicatorName, ind.id, d.names)
        fields = {f: getattr(d, f) for f in EDITABLE}
        unit.audit("indicator.add", "indicator", ind.id, key=key, after=_audited(fields))
        return ind.id


def reorder(db: Database, actor: Actor, ordered_ids: Sequence[int]) -> bool:
    """Put the catalogue in this order (every indicator's id, once). Returns whether anything moved.

    The order is not part of a definition: it does not change an indicator's version, so a form open on it
    is not made stale. A list that is not the catalogue's (an indicator added or removed meanwhile) is
    refused (:class:`~console.catalogue.CatalogueChanged`).
    """
    with reachable(db), unit_of_work(db, actor, Perm.MANAGE_INDICATORS) as unit:
        s = unit.session
        table = cast(Table, RiskIndicator.__table__)
        rows = s.execute(
            select(table.c.id, table.c.key, table.c.display_order).order_by(table.c.display_order, table.c.id)
        ).all()
        if len(set(ordered_ids)) != len(ordered_ids) or set(ordered_ids) != {r.id for r in rows}:
            raise CatalogueChanged()
        keys = {r.id: r.key for r in rows}
        orders = {r.id: r.display_order for r in rows}
        moved = [(n, i) for n, i in enumerate(ordered_ids) if orders[i] != n]
        if not moved:
            return False
        for n, ind_id in moved:
            s.execute(sa_update(table).where(table.c.id == ind_id).values(display_order=n))
        unit.audit(
            "indicator.reorder",
            "indicator",
            None,
            before=[r.key for r in rows],
            after=[keys[i] for i in ordered_ids],
        )
        return True
