"""Schema migrations: upgrade, downgrade, and what state a database's schema is in."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Tables the feed machinery keeps for itself (console.db.feedsql), on one database only: no ORM model.
INTERNAL_TABLES = frozenset({"feed_pending", "feed_session"})


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Autogenerate filter: the feed's internal tables are not the models' business."""
    return not (type_ == "table" and name in INTERNAL_TABLES)


def _config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)


def _run(engine: Engine, verb: str, revision: str) -> None:
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
