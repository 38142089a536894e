"""A throw-away PostgreSQL schema with the migrated Watchfloor tables, for a benchmark run."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from console.db import migrate
from console.db.engine import Database, make_engine


@dataclass(frozen=True)
class Scratch:
    admin: str  # the server's libpq address (psycopg)
    schema: str
    db: Database  # the migrated schema, through Watchfloor's engine


@contextmanager
def scratch_schema(url: str) -> Iterator[Scratch]:
    """Create a schema, migrate it, yield it; dropped afterwards whatever happened."""
    schema = f"wf_bench_{uuid.uuid4().hex[:8]}"
    admin = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    db = None
    try:
        sa_url = admin.replace("postgresql://", "postgresql+psycopg://", 1)
        sa_url += ("&" if "?" in sa_url else "?") + f"options=-csearch_path%3D{schema}"
        db = Database(make_engine(sa_url))
        migrate.upgrade(db.engine)
        yield Scratch(admin, schema, db)
    finally:
        if db is not None:
            db.dispose()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
