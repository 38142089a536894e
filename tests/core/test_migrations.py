"""Migrations on SQLite and PostgreSQL: up, down, current; a newer schema opens read-only."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import inspect, text

from console.auth import Actor
from console.connect import open_database
from console.db import migrate
from console.db.engine import make_engine
from console.db.migrate import SchemaState
from console.db.models import Base
from console.errors import ReadOnly, SchemaOutdated
from console.services import org
from tests.conftest import modules_loaded_by_opening


def test_upgrade_creates_every_model_table_and_downgrade_removes_them(db_url: str) -> None:
    engine = make_engine(db_url)
    assert migrate.schema_status(engine).state is SchemaState.EMPTY
    migrate.upgrade(engine)
    assert migrate.schema_status(engine).state is SchemaState.CURRENT
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_models_match_the_migrations(db_url: str) -> None:
    """Autogenerate finds nothing to do: the ORM models and the migration scripts agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_name": migrate.include_name})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    engine.dispose()


def test_schema_newer_than_known_opens_read_only(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    db = open_database(db_url)
    assert db.read_only_reason
    assert "newer than this Watchfloor knows" in db.read_only_reason
    with pytest.raises(ReadOnly):
        org.add_team(db, Actor("admin", "admin"), "x", "X", "ato")
    db.dispose()
    engine.dispose()


def test_shared_postgres_is_never_upgraded_implicitly(pg_url: str) -> None:
    with pytest.raises(SchemaOutdated, match="watchfloor db upgrade"):
        open_database(pg_url)


def test_embedded_sqlite_upgrades_itself(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    assert migrate.schema_status(db.engine).state is SchemaState.CURRENT
    db.dispose()


def test_db_commands(db_url: str) -> None:
    def run(*args: str) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "console", "--db", db_url, "db", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout

    assert "empty" in run("current")
    run("upgrade")
    assert f"{migrate.head_revision()} (newest known: {migrate.head_revision()}, current)" in run("current")
    run("downgrade", "base")
    assert "empty" in run("current")


def test_the_revision_list_matches_the_scripts() -> None:
    """Start-up checks the schema with one SELECT against ``REVISIONS``, without loading Alembic."""
    assert list(migrate.REVISIONS) == migrate.script_revisions()


def test_starting_the_console_does_not_import_alembic(sqlite_url: str) -> None:
    assert modules_loaded_by_opening(sqlite_url, ("alembic",)) == []
