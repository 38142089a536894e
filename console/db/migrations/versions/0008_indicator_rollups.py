"""indicator rollups (15 min, 1 h: count, lowest, highest, sum, newest moment) kept by the database on every
insert of a sample, and how long the floor keeps the raw samples and each level

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00

See :mod:`console.db.rollupsql` for the triggers on each database. The rollups of the samples already stored
are computed here, in one statement. The rollups are not in the change feed (the samples' own entries say
what is new); the change feed's delete trigger on the samples is made silent while the retention prune runs.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import rollupsql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "indicator_rollups",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("step_s", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bucket_s", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("lo", sa.Float(), nullable=False),
        sa.Column("hi", sa.Float(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("last_s", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["risk_indicators.id"],
            name=op.f("fk_indicator_rollups_indicator_id_risk_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("indicator_id", "step_s", "bucket_s", name=op.f("pk_indicator_rollups")),
    )
    op.create_table(
        "history_retention",
        sa.Column("step_s", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("keep_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("step_s", name=op.f("pk_history_retention")),
    )
    for step, days in rollupsql.DEFAULT_KEEP_DAYS.items():
        op.execute(f"INSERT INTO history_retention (step_s, keep_days) VALUES ({step}, {days})")
    op.execute(rollupsql.backfill_sql(sqlite))
    if sqlite:
        stmts = rollupsql.sqlite_install()
    else:
        schema = op.get_bind().scalar(sa.text("SELECT current_schema()"))
        stmts = rollupsql.postgres_install(str(schema))
    for stmt in stmts:
        op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for stmt in rollupsql.sqlite_uninstall() if sqlite else rollupsql.postgres_uninstall():
        op.execute(stmt)
    op.drop_table("history_retention")
    op.drop_table("indicator_rollups")
