"""tamper-evident audit log: host, prev_hash and hash on every record; TRUNCATE refused; feed triggers run
as the schema owner

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:00:00

Records written before this revision are chained here, in ``id`` order (:mod:`console.audit`). On
PostgreSQL the feed's trigger functions become ``SECURITY DEFINER`` (they run as the schema owner), so a
console's login needs no right at all on ``change_feed`` or ``feed_pending`` beyond reading the feed: the
grants made by ``watchfloor db roles`` (:mod:`console.db.grants`) can then make the feed read-only for them.
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

from console import audit

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FEED_FUNCTIONS = ("feed_collect()", "feed_truncated()", "feed_flush()")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column("audit_log", sa.Column("host", sa.String(length=255), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    if sqlite:
        _adopt_local_account()
    _guard_updates(sqlite, on=False)
    _chain_existing()
    _guard_updates(sqlite, on=True)
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor", "id"])
    op.create_index("ix_audit_log_entity_id", "audit_log", ["entity", "id"])
    if not sqlite:
        op.execute(
            "CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()"
        )
        # The owner's rights, with the schema the floor lives in pinned first and pg_temp last (so no one can
        # slip a temporary table named like the feed's in front of it).
        schema = op.get_bind().scalar(sa.text("SELECT current_schema()"))
        for fn in FEED_FUNCTIONS:
            op.execute(f'ALTER FUNCTION {fn} SECURITY DEFINER SET search_path = "{schema}", pg_temp')


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        for fn in FEED_FUNCTIONS:
            op.execute(f"ALTER FUNCTION {fn} SECURITY INVOKER RESET search_path")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_no_truncate()")
    op.drop_index("ix_audit_log_entity_id", "audit_log")
    op.drop_index("ix_audit_log_actor_id", "audit_log")
    for column in ("hash", "prev_hash", "host"):
        op.drop_column("audit_log", column)


def _adopt_local_account() -> None:
    """SQLite: the OS account upgrading a floor made before sign-in existed becomes one of its admins.

    From this revision on, who acts is the OS account (on SQLite) looked up in ``users``; the users such a
    floor has were made under names from a setting, so without this its own owner would be locked out of
    the file they can write anyway. Recorded in the audit log. PostgreSQL is left alone: there the schema
    owner upgrades, and an admin adds the logins (``watchfloor user add``).
    """
    from console.auth import HOST
    from console.floortime import utcnow
    from console.identity import os_account

    conn = op.get_bind()
    if not conn.scalar(sa.text("SELECT count(*) FROM users")):
        return  # an empty floor: its first start makes the account its first admin
    name = os_account()
    if conn.scalar(sa.text("SELECT 1 FROM users WHERE username = :u"), {"u": name}):
        return
    conn.execute(
        sa.text("INSERT INTO users (username, display_name, role_code, active) VALUES (:u, :u, 'admin', 1)"),
        {"u": name},
    )
    user_id = conn.scalar(sa.text("SELECT id FROM users WHERE username = :u"), {"u": name})
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (at, actor, role, host, action, entity, entity_id, detail) "
            "VALUES (:at, :u, 'admin', :host, 'org.adopt_account', 'user', :id, :detail)"
        ),
        {
            "at": utcnow().strftime("%Y-%m-%d %H:%M:%S.%f"),  # as SQLAlchemy stores it on SQLite
            "u": name,
            "host": HOST,
            "id": str(user_id),
            "detail": '{"reason": "migration 0004: the OS account upgrading this floor"}',
        },
    )


def _guard_updates(sqlite: bool, *, on: bool) -> None:
    """Lift or restore the append-only guard on UPDATE (only this migration rewrites records)."""
    if sqlite:
        if on:
            op.execute(
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        else:
            op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    else:
        op.execute(f"ALTER TABLE audit_log {'ENABLE' if on else 'DISABLE'} TRIGGER audit_log_append_only")


def _chain_existing() -> None:
    conn = op.get_bind()
    log = sa.table(
        "audit_log",
        *(sa.column(c) for c in ("id", "actor", "role", "host", "action", "entity", "entity_id")),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("detail", sa.JSON()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    prev = audit.GENESIS
    updates = []
    for row in conn.execute(sa.select(log).order_by(log.c.id)):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
        digest = audit.record_hash(
            row.id, at, row.actor, row.role, row.host, row.action, row.entity, row.entity_id, row.detail, prev
        )
        updates.append({"rid": row.id, "p": prev, "h": digest})
        prev = digest
    if updates:
        conn.execute(
            sa.update(log)
            .where(log.c.id == sa.bindparam("rid"))
            .values(prev_hash=sa.bindparam("p"), hash=sa.bindparam("h")),
            updates,
        )
