"""The tamper-evident audit log: how records are chained, and how the chain is checked.

Each record carries ``hash = sha256(canonical(record, prev_hash))`` where ``prev_hash`` is the hash of the
record before it in ``id`` order (:data:`GENESIS` for the first). The canonical form is compact JSON of the
record's fields in a fixed order, the moment as ISO UTC with microseconds, the detail with sorted keys:
the same bytes whichever database stores the record.

Records are chained in the unit of work that writes them (:mod:`console.services.unit`), in the same
transaction, under the lock that orders commits (PostgreSQL: the feed's advisory lock, held to commit;
SQLite: the single writer), so chain order is commit order.

What :func:`verify` detects, and names the first record concerned:
- a record edited in SQL (its content no longer matches its hash; ids included, so a reordering is an edit);
- a record deleted, inserted or moved (the next record's ``prev_hash`` no longer matches);
- the beginning deleted (the first record does not start the chain);
- the log emptied while the floor has users (every user was added through an audited change);
- the end deleted or the whole log replaced: only against a head kept off the database
  (``watchfloor audit head``, printed in the handover; each console also remembers the last head it verified);
- a guard trigger dropped or disabled.

What it cannot detect: someone who rewrites the whole chain consistently *and* the heads kept elsewhere. The
database grants (``watchfloor db roles``) keep consoles' logins from doing any of this on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select, text

from console.db.models import AuditEntry, User
from console.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from console.db.engine import Database

GENESIS = "0" * 64
CTX = "Audit"
# Rows fetched per round trip while verifying.
VERIFY_BATCH = 20_000


def moment(at: datetime) -> str:
    """The canonical text of a moment: UTC, microseconds, ``Z``."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def plain_detail(detail: dict[str, Any] | None) -> dict[str, Any] | None:
    """``detail`` as JSON gives it back (tuples become lists, dates text): what is hashed is what is read."""
    if not detail:
        return None
    out: dict[str, Any] = json.loads(json.dumps(detail, default=str))
    return out


def record_hash(
    record_id: int,
    at: datetime,
    actor: str,
    role: str,
    host: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any] | None,
    prev_hash: str,
) -> str:
    return _digest(record_id, moment(at), actor, role, host, action, entity, entity_id, detail, prev_hash)


_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode


def _digest(
    record_id: int,
    when: str,
    actor: str,
    role: str,
    host: str | None,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any] | None,
    prev_hash: str,
) -> str:
    doc = [record_id, when, actor, role, host, action, entity, entity_id, detail, prev_hash]
    return hashlib.sha256(_ENCODE(doc).encode()).hexdigest()


def _stored_moment(value: datetime | str) -> str:
    """:func:`moment` of a value as the driver returns it: SQLite's naive UTC text, PostgreSQL's datetime."""
    if isinstance(value, str):
        if len(value) == 26 and value[10] == " ":  # 'YYYY-MM-DD HH:MM:SS.ffffff', as SQLAlchemy writes it
            return f"{value[:10]}T{value[11:]}Z"
        value = datetime.fromisoformat(value)
    return moment(value)


def _stored_detail(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def chain(entries: Iterable[AuditEntry], after_id: int, after_hash: str) -> None:
    """Number and hash new ``entries`` to follow record ``after_id``, whose hash is ``after_hash``."""
    prev_id, prev = after_id, after_hash
    for e in entries:
        prev_id += 1
        e.id = prev_id
        e.detail = plain_detail(e.detail)
        e.prev_hash = prev
        e.hash = record_hash(
            e.id, e.at, e.actor, e.role, e.host, e.action, e.entity, e.entity_id, e.detail, prev
        )
        prev = e.hash


@dataclass(frozen=True)
class Head:
    """The newest record of the chain: keep ``str(head)`` off the database to detect a rewritten end."""

    id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.id}:{self.hash}"

    @classmethod
    def parse(cls, value: str) -> Head:
        """``ID:HASH`` as :meth:`__str__` prints it.

        Raises:
            ValueError: not in that form.
        """
        ident, sep, digest = value.strip().partition(":")
        digest = digest.lower()
        if (
            not sep
            or not ident.isdigit()
            or len(digest) != 64
            or any(c not in "0123456789abcdef" for c in digest)
        ):
            raise ValueError(value)
        return cls(int(ident), digest)


def head(conn: Connection) -> Head | None:
    row = conn.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return Head(row.id, row.hash or "") if row else None


# What can be wrong, as the supervisor reads it. ``{id}`` is the record, ``{what}`` what it says it records.
PROBLEMS = {
    "edited": QT_TRANSLATE_NOOP(
        "Audit", "Record {id} ({what}) was changed after it was written: its content does not match its hash."
    ),
    "unlinked": QT_TRANSLATE_NOOP(
        "Audit",
        "Record {id} ({what}) does not follow the record before it: records were deleted, inserted or "
        "reordered just before it.",
    ),
    "unchained": QT_TRANSLATE_NOOP(
        "Audit", "Record {id} ({what}) has no hash: it was written outside the console."
    ),
    "start": QT_TRANSLATE_NOOP(
        "Audit",
        "The log starts at record {id} ({what}), which does not start the chain: its beginning was deleted.",
    ),
    "emptied": QT_TRANSLATE_NOOP(
        "Audit", "The audit log is empty although the floor has {users} users: it was emptied (truncated)."
    ),
    "head_gone": QT_TRANSLATE_NOOP(
        "Audit",
        "Record {id}, the head kept earlier, is gone: the end of the log was deleted or the log replaced.",
    ),
    "head_changed": QT_TRANSLATE_NOOP(
        "Audit", "Record {id} ({what}) is not the record the head kept earlier names: the log was rewritten."
    ),
    "guard": QT_TRANSLATE_NOOP(
        "Audit",
        "The database guard {name} on the audit log was removed or disabled: records could be changed.",
    ),
}


@dataclass(frozen=True)
class Problem:
    kind: str
    id: int | None = None
    what: str = ""
    name: str = ""
    users: int = 0

    def message(self) -> str:
        return translate(CTX, PROBLEMS[self.kind]).format(
            id=self.id, what=self.what, name=self.name, users=self.users
        )

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True)
class Verdict:
    records: int
    head: Head | None
    problem: Problem | None
    seconds: float

    @property
    def intact(self) -> bool:
        return self.problem is None


def _describe(conn: Connection, record_id: int) -> str:
    row = conn.execute(select(AuditEntry).where(AuditEntry.id == record_id)).first()
    return _what(row) if row is not None else ""


def _what(row: Any) -> str:
    when = moment(row.at)[:16].replace("T", " ")
    entity = f"{row.entity} {row.entity_id}" if row.entity_id else row.entity
    return f"{when} UTC, {row.action} {entity} by {row.actor}"


SQLITE_GUARDS = ("audit_log_no_update", "audit_log_no_delete")
POSTGRES_GUARDS = ("audit_log_append_only", "audit_log_no_truncate")


def missing_guard(conn: Connection) -> str | None:
    """The first guard trigger on ``audit_log`` that is missing or disabled, if any."""
    if conn.dialect.name == "sqlite":
        present = set(
            conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
            )
            .scalars()
            .all()
        )
        enabled = present
        guards = SQLITE_GUARDS
    else:
        rows = conn.execute(
            text(
                "SELECT tgname, tgenabled FROM pg_trigger "
                "WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal"
            )
        ).all()
        present = {r.tgname for r in rows}
        enabled = {r.tgname for r in rows if r.tgenabled != "D"}
        guards = POSTGRES_GUARDS
    for name in guards:
        if name not in present or name not in enabled:
            return name
    return None


Progress = Callable[[int], None]


def _stream(conn: Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """Every row of ``sql`` as plain driver tuples, fetched in batches (PostgreSQL: a server-side cursor).

    The driver's own cursor, without SQLAlchemy's per-row processing: twice as fast on a long log.
    """
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    if conn.dialect.name == "postgresql":
        cursor = dbapi.cursor(name="watchfloor_audit_verify")
    else:
        cursor = dbapi.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(VERIFY_BATCH):
            yield from rows
    finally:
        cursor.close()


def verify(conn: Connection, *, expect: Head | None = None, progress: Progress | None = None) -> Verdict:
    """Check the whole chain in ``id`` order (one snapshot) and the guards; name the first problem.

    ``expect`` is a head kept off the database: the record it names must still be there, unchanged.
    ``progress`` is called with the number of records checked so far, every :data:`VERIFY_BATCH`.
    """
    started = time.perf_counter()
    count = 0
    problem: Problem | None = None
    prev_hash = GENESIS
    last: Head | None = None
    last_hash = ""
    expect_id = expect.id if expect is not None else None
    sql = (
        "SELECT id, at, actor, role, host, action, entity, entity_id, detail, prev_hash, hash "
        "FROM audit_log ORDER BY id"
    )
    found: tuple[str, int] | None = None  # the problem's kind and record, described after the scan
    expected_hash: str | None = None
    rid = 0
    for rid, at, actor, role, host, action, entity, entity_id, detail, prev, digest in _stream(conn, sql):
        count += 1
        if rid == expect_id:
            expected_hash = digest or ""
        if found is None:
            if digest is None:
                found = ("unchained", rid)
            elif prev != prev_hash:
                found = ("start" if count == 1 else "unlinked", rid)
            elif digest != _digest(
                rid,
                _stored_moment(at),
                actor,
                role,
                host,
                action,
                entity,
                entity_id,
                _stored_detail(detail),
                prev,
            ):
                found = ("edited", rid)
            prev_hash = digest or ""
        last_hash = digest or ""
        if progress is not None and count % VERIFY_BATCH == 0:
            progress(count)
    if count:
        last = Head(rid, last_hash)
    if found is not None:
        problem = Problem(found[0], found[1], _describe(conn, found[1]))
    if problem is None and count == 0:
        users = conn.scalar(select(func.count()).select_from(User)) or 0
        if users:
            problem = Problem("emptied", users=users)
    if problem is None and expect is not None:
        if expected_hash is None:
            problem = Problem("head_gone", expect.id)
        elif expected_hash != expect.hash:
            problem = Problem("head_changed", expect.id, _describe(conn, expect.id))
    if problem is None:
        name = missing_guard(conn)
        if name:
            problem = Problem("guard", name=name)
    return Verdict(count, last, problem, time.perf_counter() - started)


# -- heads kept off the database by each workstation -------------------------------------------------------


def anchors_file() -> Path:
    from console.settings import user_data_dir

    return user_data_dir() / "audit-heads.json"


def kept_head(where: str, path: Path | None = None) -> Head | None:
    """The last head this workstation verified for the database ``where`` (``describe_url``), if any."""
    try:
        data = json.loads((path or anchors_file()).read_text(encoding="utf-8"))
        return Head.parse(data[where])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_head(where: str, head: Head, path: Path | None = None) -> None:
    """Remember ``head`` for ``where`` (written whole to a temporary file, then renamed over the old one)."""
    path = path or anchors_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[where] = str(head)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def check_and_keep(db: Database, path: Path | None = None) -> Verdict:
    """Verify ``db``'s chain against the head this workstation kept; keep the new head when it is intact.

    Heads are kept per database *and* chain (its first record's hash): a floor database made anew at the same
    address (a new demo floor) starts a chain of its own instead of raising an alarm. So the workstation's
    head catches a cut-off end or an emptied log, not a log rewritten from its very first record; that needs
    a head kept elsewhere (``watchfloor audit verify --head``).
    """
    with db.engine.connect() as conn:
        first = conn.scalar(select(AuditEntry.hash).order_by(AuditEntry.id).limit(1))
        where = f"{db.describe()} #{(first or GENESIS)[:16]}"
        verdict = verify(conn, expect=kept_head(where, path) if first else None)
    if verdict.intact and verdict.head is not None:
        keep_head(where, verdict.head, path)
    return verdict
