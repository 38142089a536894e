"""Alembic environment: runs on the connection handed over by :mod:`console.db.migrate`."""

from __future__ import annotations

from alembic import context

from console.db.migrate import include_name
from console.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we always pass a connection in
    raise RuntimeError("run migrations through 'watchfloor db', not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
