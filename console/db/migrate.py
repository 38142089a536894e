"""Schema migrations: upgrade, downgrade, and what state a database's schema is in.

Alembic is imported only to migrate: the check every start makes (:func:`schema_status`) is one SELECT
against the revisions this build ships, listed in :data:`REVISIONS` (a test keeps it equal to the scripts).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Every revision this build ships, oldest first (tests/core/test_migrations.py checks it against the scripts).
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
)
# Tables the feed machinery keeps for itself (console.db.feedsql), on one database only: no ORM model.
INTERNAL_TABLES = frozenset({"feed_pending", "feed_session", "history_prune", "rollup_bulk"})


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Autogenerate filter: the feed's internal tables are not the models' business."""
    return not (type_ == "table" and name in INTERNAL_TABLES)


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str:
    return REVISIONS[-1]


def known_revisions() -> set[str]:
    return set(REVISIONS)


def script_revisions() -> list[str]:
    """The revisions in the migration scripts, oldest first (loads Alembic: for tests and tools)."""
    from alembic.script import ScriptDirectory

    return [rev.revision for rev in reversed(list(ScriptDirectory.from_config(_config()).walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def _run(engine: Engine, verb: str, revision: str) -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, verb)(cfg, revision)


class SchemaState(enum.Enum):
    EMPTY = "empty"
    OUTDATED = "outdated"
    CURRENT = "current"
    TOO_NEW = "too_new"


@dataclass(frozen=True)
class SchemaStatus:
    state: SchemaState
    found: str | None
    known: str


def schema_status(engine: Engine) -> SchemaStatus:
    """Compare the database's revision with the newest this build ships."""
    found = current_revision(engine)
    head = head_revision()
    if found is None:
        state = SchemaState.EMPTY
    elif found == head:
        state = SchemaState.CURRENT
    elif found in known_revisions():
        state = SchemaState.OUTDATED
    else:
        state = SchemaState.TOO_NEW
    return SchemaStatus(state, found, head)
