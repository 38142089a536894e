"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL from the same test functions.

PostgreSQL is found at ``WATCHFLOOR_TEST_PG_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``).
With ``CI=true`` it is required: the run fails if it is unreachable. Elsewhere its tests are skipped with a
one-line notice.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend

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


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL schema (dropped afterwards)."""
    if PG_PROBLEM is not None:
        pytest.skip(f"PostgreSQL unreachable: {PG_PROBLEM}")
    schema = f"wf_test_{uuid.uuid4().hex[:10]}"
    admin = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield pg_schema_url(schema)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'floor.db'}"


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
