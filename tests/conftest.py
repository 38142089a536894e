"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL from the same test functions.

PostgreSQL is found at ``WATCHFLOOR_TEST_PG_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``).
With ``CI=true`` it is required: the run fails if it is unreachable. Elsewhere its tests are skipped with a
one-line notice.

The demo floor takes seconds to build, so a test that only reads or extends one gets its own copy of a floor
built once per session (:func:`copy_demo`): a copy of the SQLite file, or a PostgreSQL database made from a
template database. Tests of the build itself still build it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from psycopg import sql
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.db import migrate  # noqa: E402
from console.db.engine import Database, make_engine  # noqa: E402

PG_URL = os.environ.get("WATCHFLOOR_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_problem() -> str | None:
    try:
        with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


PG_PROBLEM = _pg_problem()
PG_ADMIN = PG_URL.replace("postgresql+psycopg://", "postgresql://")
# Databases this suite creates: the demo templates and each test's copy, named with their creation time so
# a later session can drop what a killed one left behind (never another running session's: see _sweep).
PG_SCRATCH_PREFIX = "wf_scratch_"
PG_SCRATCH_MAX_AGE_S = 6 * 3600
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_report_header(config: pytest.Config) -> str:
    if PG_PROBLEM is None:
        return f"PostgreSQL tests: {PG_URL}"
    return f"PostgreSQL tests SKIPPED: {PG_URL} unreachable ({PG_PROBLEM})"


def pytest_sessionstart(session: pytest.Session) -> None:
    if PG_PROBLEM is not None and IN_CI:
        raise pytest.UsageError(f"CI=true needs PostgreSQL at {PG_URL}: {PG_PROBLEM}")


class MemoryKeyring(KeyringBackend):
    """In-memory keyring so tests never touch (or need) the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's real settings or database."""
    monkeypatch.setenv("WATCHFLOOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("WATCHFLOOR_DATA_DIR", str(tmp_path / "data"))
    for key in list(os.environ):
        if key.startswith("WATCHFLOOR_") and key not in (
            "WATCHFLOOR_CONFIG_DIR",
            "WATCHFLOOR_DATA_DIR",
            "WATCHFLOOR_TEST_PG_URL",
        ):
            monkeypatch.delenv(key)


def pg_schema_url(schema: str) -> str:
    base = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1) if "+psycopg" not in PG_URL else PG_URL
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def modules_loaded_by_opening(url: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules named ``prefixes*`` that ``open_database(url)`` loads, in a fresh interpreter, on a
    database migrated beforehand (what a console's start pays for)."""
    import subprocess
    import sys

    code = (
        "import sys; from console.connect import open_database; from console.db import migrate; "
        "from console.db.engine import make_engine; e = make_engine(sys.argv[1]); migrate.upgrade(e); "
        "e.dispose(); prefixes = tuple(sys.argv[2:]); "
        "[sys.modules.pop(m) for m in list(sys.modules) if m.startswith(prefixes)]; "
        "db = open_database(sys.argv[1]); db.dispose(); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(prefixes))))"
    )
    argv = [sys.executable, "-c", code, url, *prefixes]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema (dropped afterwards)."""
    if PG_PROBLEM is not None:
        pytest.skip(f"PostgreSQL unreachable: {PG_PROBLEM}")
    schema = f"wf_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield pg_schema_url(schema)
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def empty_sqlite_file(path: Path) -> str:
    """Make ``path`` an empty SQLite database (no tables), as ``createdb`` makes an empty PostgreSQL one;
    returns its URL. Watchfloor opens only files that exist (only the embedded default is made when missing,
    and ``watchfloor db create`` makes a migrated one)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")  # writes the header: a real, empty database file
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of an empty SQLite database file (no schema yet), the counterpart of :func:`pg_url`."""
    return empty_sqlite_file(tmp_path / "floor.db")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database URL, once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database, once on SQLite and once on PostgreSQL."""
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    database = Database(engine)
    yield database
    database.dispose()


@pytest.fixture
def pg_behind_proxy(pg_url: str) -> Iterator[tuple[Database, Any, Database]]:
    """``(direct, proxy, via)``: a migrated PostgreSQL schema, a SilentCutProxy in front of the server, and
    the same database reached through the proxy (what a console on the far side of a cable sees)."""
    from sqlalchemy.engine import make_url

    from tests.factories import add_users
    from ui.bench.proxy import SilentCutProxy

    direct = Database(make_engine(pg_url))
    migrate.upgrade(direct.engine)
    add_users(direct)  # the writers the tests use on either side of the cut
    url = make_url(pg_url)
    proxy = SilentCutProxy((url.host or "127.0.0.1", url.port or 5432))
    via = Database(make_engine(url.set(port=proxy.port)))
    yield direct, proxy, via
    proxy.close()
    via.dispose()
    direct.dispose()


# -- the demo floor, built once per session --------------------------------------------------------------


@dataclass(frozen=True)
class DemoSpec:
    """Which demo floor: what :func:`console.demo.create_demo_floor` is called with."""

    days: int
    seed: int
    now: datetime


@dataclass(frozen=True)
class DemoFloor:
    """A test's own copy of a demo floor: change it freely."""

    db: Database
    url: str
    summary: str  # what create_demo_floor returned when the original was built


# A day of history up to 14:50 in Kuala Lumpur (the evening shift arriving): the simulator's floor.
ONE_DAY_DEMO = DemoSpec(days=1, seed=7, now=datetime(2026, 11, 25, 6, 50, 0, tzinfo=UTC))


def pg_database_url(name: str) -> str:
    """URL of database ``name`` on the test server (user, host and options of ``WATCHFLOOR_TEST_PG_URL``)."""
    url = make_url(PG_URL).set(drivername="postgresql+psycopg", database=name)
    return url.render_as_string(hide_password=False)


def _pg_admin(statement: sql.Composed) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(statement)


def _scratch_name(kind: str) -> str:
    return f"{PG_SCRATCH_PREFIX}{kind}_{int(time.time())}_{uuid.uuid4().hex[:8]}"


def _sweep_stale_scratch_databases() -> None:
    """Drop scratch databases a killed session left behind: only those older than a suite could ever run."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (PG_SCRATCH_PREFIX + "%",)
            )
        ]
        for name in names:
            made = re.search(r"_(\d{9,})_[0-9a-f]{8}$", name)
            if made and time.time() - int(made.group(1)) > PG_SCRATCH_MAX_AGE_S:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class DemoTemplates:
    """Every demo floor the session asks for, built once per backend; copies are cheap.

    SQLite: the floor is built in a file under the session's tmp dir and copied with the sqlite3 backup API
    (a consistent copy whatever the WAL holds). PostgreSQL: the floor is built in a database of its own, then
    closed to connections (``ALLOW_CONNECTIONS false``: CREATE DATABASE ... TEMPLATE needs none open) and
    copied with ``CREATE DATABASE copy TEMPLATE it``. Both are built by ``migrate.upgrade`` and the demo
    builder at first use, so they always have the schema of the code under test.
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._sqlite: dict[DemoSpec, tuple[Path, str]] = {}
        self._pg: dict[DemoSpec, tuple[str, str]] = {}
        self._failed: dict[tuple[str, DemoSpec], BaseException] = {}
        self._swept = False

    @staticmethod
    def _build(url: str, spec: DemoSpec) -> str:
        from console.demo import create_demo_floor

        db = Database(make_engine(url, create=True))  # a new SQLite template file, or a new database
        try:
            migrate.upgrade(db.engine)
            return create_demo_floor(db, days=spec.days, seed=spec.seed, now=spec.now)
        finally:
            db.dispose()

    def _once(self, backend: str, spec: DemoSpec, build: Callable[[], None]) -> None:
        """Build at most once: a failed build fails every test that wants it, without retrying for each."""
        failure = self._failed.get((backend, spec))
        if failure is not None:
            raise RuntimeError(f"building the {backend} demo template {spec} failed earlier") from failure
        try:
            build()
        except BaseException as exc:
            self._failed[backend, spec] = exc
            raise

    def sqlite_template(self, spec: DemoSpec) -> tuple[Path, str]:
        if spec not in self._sqlite:

            def build() -> None:
                path = self.workdir / f"demo_{len(self._sqlite)}.db"
                summary = self._build(f"sqlite:///{path}", spec)
                self._sqlite[spec] = (path, summary)

            self._once("sqlite", spec, build)
        return self._sqlite[spec]

    def pg_template(self, spec: DemoSpec) -> tuple[str, str]:
        if spec not in self._pg:

            def build() -> None:
                if not self._swept:
                    self._swept = True
                    _sweep_stale_scratch_databases()
                name = _scratch_name("tpl")
                _pg_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                try:
                    summary = self._build(pg_database_url(name), spec)
                    # No session may connect while it is copied; this also keeps a stray one out.
                    _pg_admin(
                        sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(name))
                    )
                except BaseException:
                    _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
                    raise
                self._pg[spec] = (name, summary)

            self._once("postgresql", spec, build)
        return self._pg[spec]

    def copy_sqlite(self, spec: DemoSpec, dest: Path) -> str:
        """Copy the floor into the new file ``dest``; returns the build's summary."""
        template, summary = self.sqlite_template(spec)
        with closing(sqlite3.connect(template)) as src, closing(sqlite3.connect(dest)) as dst:
            src.backup(dst)
        return summary

    def copy_pg(self, spec: DemoSpec) -> tuple[str, str]:
        """A new database holding the floor; returns its name (the caller drops it) and the summary."""
        template, summary = self.pg_template(spec)
        name = _scratch_name("demo")
        _pg_admin(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
        )
        return name, summary

    def drop_all(self) -> None:
        for name, _ in self._pg.values():
            _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self._pg.clear()


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoTemplates]:
    templates = DemoTemplates(tmp_path_factory.mktemp("demo_templates"))
    yield templates
    templates.drop_all()


@pytest.fixture(params=BACKENDS)
def demo_backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgresql", once each (the PostgreSQL one skipped when the server is unreachable)."""
    if request.param == "postgresql" and PG_PROBLEM is not None:
        pytest.skip(f"PostgreSQL unreachable: {PG_PROBLEM}")
    return str(request.param)


@pytest.fixture
def copy_demo(
    demo_templates: DemoTemplates, tmp_path: Path
) -> Iterator[Callable[[str, DemoSpec], DemoFloor]]:
    """``copy_demo(backend, spec)``: this test's own copy of the demo floor ``spec`` on ``backend``.

    The floor is built once per session and backend; the copy is closed and deleted after the test.
    """
    opened: list[Database] = []
    databases: list[str] = []

    def copy(backend: str, spec: DemoSpec) -> DemoFloor:
        if backend == "sqlite":
            path = tmp_path / f"demo_copy_{len(opened)}.db"
            summary = demo_templates.copy_sqlite(spec, path)
            url = f"sqlite:///{path}"
        else:
            if PG_PROBLEM is not None:
                pytest.skip(f"PostgreSQL unreachable: {PG_PROBLEM}")
            name, summary = demo_templates.copy_pg(spec)
            databases.append(name)
            url = pg_database_url(name)
        db = Database(make_engine(url))
        opened.append(db)
        return DemoFloor(db, url, summary)

    yield copy
    for db in opened:
        db.dispose()
    for name in databases:
        _pg_admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
