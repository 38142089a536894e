"""names in more languages: zone_names, department_names, indicator_names replace the name_zh columns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 11:30:00

Each table holds ``(owner_id, language, name)``; the Chinese names move there as ``zh_CN``. The new tables
feed the change feed like their owners (topic of the owner, keyed by its id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (owner table, translation table, owner's topic)
NAMED = (
    ("zones", "zone_names", Topic.ZONE),
    ("departments", "department_names", Topic.DEPARTMENT),
    ("risk_indicators", "indicator_names", Topic.INDICATOR),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for owner, table, topic in NAMED:
        op.create_table(
            table,
            sa.Column("owner_id", sa.Integer(), nullable=False),
            sa.Column("language", sa.String(length=16), nullable=False),
            sa.Column("name", sa.String(length=80), nullable=False),
            sa.ForeignKeyConstraint(
                ["owner_id"], [f"{owner}.id"], name=op.f(f"fk_{table}_owner_id_{owner}"), ondelete="CASCADE"
            ),
            sa.PrimaryKeyConstraint("owner_id", "language", name=op.f(f"pk_{table}")),
        )
        op.execute(
            f"INSERT INTO {table} (owner_id, language, name) "
            f"SELECT id, 'zh_CN', name_zh FROM {owner} WHERE name_zh IS NOT NULL AND name_zh <> ''"
        )
        # A plain DROP COLUMN (SQLite >= 3.35 has it): a batch "move and copy" would drop the feed triggers.
        op.execute(f"ALTER TABLE {owner} DROP COLUMN name_zh")
        watch = Watch(table, topic, "owner_id")
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for owner, table, topic in NAMED:
        watch = Watch(table, topic, "owner_id")
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
        op.execute(f"ALTER TABLE {owner} ADD COLUMN name_zh VARCHAR(80) NOT NULL DEFAULT ''")
        op.execute(
            f"UPDATE {owner} SET name_zh = coalesce((SELECT name FROM {table} t "
            f"WHERE t.owner_id = {owner}.id AND t.language = 'zh_CN'), '')"
        )
        op.drop_table(table)
