"""Engines for the embedded SQLite file and a shared PostgreSQL, and the ``Database`` handle.

SQLite: WAL (readers never block the writer), foreign keys on, a busy timeout, and ``BEGIN IMMEDIATE`` for
write transactions so two writers queue up instead of failing half-way with "database is locked".
PostgreSQL: psycopg 3 with ``pool_pre_ping`` so a console survives a server restart.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from console.errors import BadDatabaseAddress, NoSuchDatabaseFile, NoSuchFolder, NotADatabase, shown_path

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Every PostgreSQL connection notices a dead peer within seconds instead of the kernel's two hours: TCP
# keepalives on an idle connection, a user timeout on unacknowledged data, and a statement timeout.
PG_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 8000,
    "options": "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000",
}
_WRITE = "watchfloor_write"


SUPPORTED = ("sqlite", "postgresql")
SQLITE_MAGIC = b"SQLite format 3\x00"


def normalise_url(url: str | URL) -> URL:
    """Accept ``postgresql://`` and plain paths; pick psycopg 3 for PostgreSQL.

    Raises:
        BadDatabaseAddress: not a path, a ``sqlite://`` or a ``postgresql://`` address (the message shows
            only the kind given, never the rest: it may hold a password).
    """
    if isinstance(url, str) and "://" not in url:
        try:
            # URL.create, not "sqlite:///" + path: a "?" or "#" in a file name is part of the name.
            url = URL.create("sqlite", database=str(Path(url).expanduser().resolve()))
        except (OSError, RuntimeError, ValueError):  # e.g. "~nobody/x", a NUL byte
            raise BadDatabaseAddress(kind="?") from None
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except Exception:  # noqa: BLE001 - SQLAlchemy raises several kinds for a malformed address
        raise BadDatabaseAddress(kind="?") from None
    if backend not in SUPPORTED:
        raise BadDatabaseAddress(kind=backend[:20])
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(parsed: URL) -> Path | None:
    """The SQLite file an address names; ``None`` for PostgreSQL and an in-memory database."""
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def check_sqlite_file(parsed: URL, *, create: bool = False) -> None:
    """Refuse, before SQLite sees it, a file that is not a SQLite database, a folder that is not there, or
    (unless ``create``) a file that is not there: a mistyped path never creates folders or a database.

    Only the embedded default is created implicitly (``create``, see :attr:`Settings.database_is_default`):
    its folder and an empty file are made here. ``watchfloor db create`` makes any other one.

    Raises:
        NotADatabase, NoSuchFolder, NoSuchDatabaseFile
    """
    path = sqlite_path(parsed)
    if path is None:
        return
    if path.is_dir():
        raise NotADatabase(path=shown_path(str(path)))
    if path.exists():
        try:
            with path.open("rb") as f:
                head = f.read(len(SQLITE_MAGIC))
        except OSError:
            raise NotADatabase(path=shown_path(str(path))) from None
        if head and head != SQLITE_MAGIC:  # an empty file is an empty database to SQLite
            raise NotADatabase(path=shown_path(str(path)))
        return
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()  # the engine opens files that exist, and only those (see _sqlite_connect)
        return
    if not path.parent.is_dir():
        raise NoSuchFolder(path=shown_path(str(path)), folder=shown_path(str(path.parent)))
    raise NoSuchDatabaseFile.for_path(str(path))


def describe_url(url: str | URL) -> str:
    """Where the database is, for people and logs: never shows a password."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {parsed.database or ':memory:'}"
    return f"PostgreSQL {parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The pysqlite driver's own transaction handling is off; SQLAlchemy's "begin" hook emits BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_connect(_dialect: Any, _record: Any, cargs: list[Any], cparams: dict[str, Any]) -> None:
    """Open the file read-write, never create it (``mode=rw``): a file deleted or moved while the console
    runs must not come back empty when the pool opens its next connection."""
    path = cargs[0] if cargs else None
    if isinstance(path, str) and path and path != ":memory:" and not path.startswith("file:"):
        cargs[0] = f"{Path(path).absolute().as_uri()}?mode=rw"
        cparams["uri"] = True


def _sqlite_begin(conn: Any) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def pg_connect_args(url: URL, application_name: str) -> dict[str, Any]:
    """libpq options for a PostgreSQL connection; ``options`` given in the URL are kept, ours appended."""
    args = {**PG_CONNECT_ARGS, "application_name": application_name}
    given = url.query.get("options")
    if given:
        given = " ".join(given) if isinstance(given, tuple) else given
        args["options"] = f"{given} {PG_CONNECT_ARGS['options']}"
    return args


def pg_connection_params(engine: Engine, application_name: str) -> dict[str, Any]:
    """What ``psycopg.connect`` gets for a connection of ``engine`` (the address with its password and any
    libpq options of its query string, then ours), merged as SQLAlchemy merges them for the engine's own
    connections: a connection made beside the pool (the feed's LISTEN) is made exactly like the pool's."""
    cargs, cparams = engine.dialect.create_connect_args(engine.url)
    if cargs:  # psycopg's dialect passes everything by keyword; anything else would be a surprise
        raise ValueError("unexpected positional connection arguments")
    return {**cparams, **pg_connect_args(engine.url, application_name)}


def make_engine(
    url: str | URL, *, password: str | None = None, create: bool = False, echo: bool = False
) -> Engine:
    """Create an engine configured for Watchfloor's use of the given database (no connection yet).

    A SQLite file must exist, unless ``create`` (the embedded default only; see :func:`check_sqlite_file`).

    Raises:
        BadDatabaseAddress, NoSuchFolder, NoSuchDatabaseFile, NotADatabase
    """
    parsed = normalise_url(url)
    if password is not None:
        parsed = parsed.set(password=password)
    try:
        return _make_engine(parsed, echo, create)
    except (ArgumentError, ValueError, TypeError):  # an address SQLAlchemy parsed but cannot use
        raise BadDatabaseAddress(kind=parsed.get_backend_name()) from None


def _make_engine(parsed: URL, echo: bool, create: bool) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        check_sqlite_file(parsed, create=create)
        engine = create_engine(
            parsed,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "do_connect", _sqlite_connect)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            parsed,
            echo=echo,
            pool_pre_ping=True,
            pool_size=4,
            max_overflow=4,
            connect_args=pg_connect_args(parsed, "watchfloor"),
        )
    raise BadDatabaseAddress(kind=parsed.get_backend_name())


def _file_identity(url: URL) -> tuple[int, int] | None:
    path = url.database if url.get_backend_name() == "sqlite" else None
    if not path or path == ":memory:":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class Database:
    """One database the console talks to: sessions for reading and for writing.

    Args:
        engine: from :func:`make_engine`.
        read_only: refuse writes (wall screens, or a schema newer than this build knows).
    """

    def __init__(self, engine: Engine, *, read_only_reason: str | None = None) -> None:
        self.engine = engine
        self.kind = engine.dialect.name  # "sqlite" | "postgresql"
        self.read_only_reason = read_only_reason
        # Which console process writes: copied by the feed triggers onto every entry its writes cause.
        self.origin = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # The SQLite file as opened (device, inode): the follower notices it moved, deleted or replaced.
        self.file_identity = _file_identity(engine.url)
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @classmethod
    def open(cls, url: str | URL, *, password: str | None = None, create: bool = False) -> Database:
        return cls(make_engine(url, password=password, create=create))

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def describe(self) -> str:
        return describe_url(self.engine.url)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries. Closing it ends its transaction; loaded objects stay readable (detached)."""
        with self._reader() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session in one write transaction: committed at the end, rolled back on any error."""
        from console.errors import ReadOnly

        if self.read_only_reason:
            raise ReadOnly(reason=self.read_only_reason)
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def all_or_nothing(self) -> Iterator[Database]:
        """One write transaction for many units of work: everything is committed at the end, or nothing.

        Yields a handle to pass to the services: its ``writing()`` and ``reading()`` are all this one
        transaction. If the body raises, or the process dies or is killed before the end, the database rolls
        the whole of it back: a long build stopped half-way leaves nothing behind. A unit of work that fails
        fails the whole transaction (there are no savepoints: SQLite journals every page a savepoint touches,
        which made a 30-day demo build three times slower), even if the caller catches its error.

        On SQLite the file's write lock is held throughout (``BEGIN IMMEDIATE``): other writers wait, readers
        carry on and see nothing of it until the commit.
        """
        with self.writing() as session:
            tx = _OneTransaction(self, session)
            yield tx
            if tx.failure is not None:
                raise tx.failure

    def dispose(self) -> None:
        self.engine.dispose()


class _OneTransaction(Database):
    """A :class:`Database` whose sessions are all the one open transaction of :meth:`all_or_nothing`."""

    # Objects a unit of work loaded stay in the session after it (as they stay readable after a commit), up
    # to this many; then they are let go, so a long build does not keep every row it wrote in memory.
    KEEP_LOADED = 5000

    def __init__(self, outer: Database, session: Session) -> None:
        self.__dict__.update(vars(outer))  # the same engine, origin (the feed's), file and read-only reason
        self.session = session
        self.failure: BaseException | None = None

    def _usable(self) -> Session:
        if self.failure is not None:
            raise RuntimeError("the transaction failed earlier: it can only be rolled back") from self.failure
        return self.session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        yield self._usable()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        session = self._usable()
        try:
            yield session
            session.flush()
        except BaseException as exc:
            self.failure = exc
            raise
        if len(session.identity_map) > self.KEEP_LOADED:
            session.expunge_all()

    @contextmanager
    def all_or_nothing(self) -> Iterator[Database]:
        yield self

    def dispose(self) -> None:
        """The outer database owns the engine."""
