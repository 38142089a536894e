"""indicator rules (threshold, rate of change, absence, seasonal baseline, anomaly score), their state as the
timer leader keeps it, and silences

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 19:00:00

The rules and silences feed the change feed under the indicator topic, keyed by their indicator (a silence of
one rule names no indicator and is not in the feed). The rule states change only when a rule fires, clears or
starts a pending duration, and are not in the feed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WATCHES = (
    Watch("indicator_rules", Topic.INDICATOR, "indicator_id"),
    Watch("rule_silences", Topic.INDICATOR, "indicator_id"),
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "indicator_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("severity", sa.SmallInteger(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("cooldown_s", sa.Integer(), server_default="900", nullable=False),
        sa.Column("auto_resolve", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["risk_indicators.id"],
            name=op.f("fk_indicator_rules_indicator_id_risk_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_rules")),
    )
    op.create_index(op.f("ix_indicator_rules_indicator_id"), "indicator_rules", ["indicator_id"])
    op.create_table(
        "rule_states",
        sa.Column("rule_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("firing", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("since", _utc(), nullable=True),
        sa.Column("pending", _utc(), nullable=True),
        sa.Column("cleared_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["indicator_rules.id"],
            name=op.f("fk_rule_states_rule_id_indicator_rules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rule_id", name=op.f("pk_rule_states")),
    )
    op.create_table(
        "rule_silences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", _utc(), nullable=False),
        sa.Column("ends_at", _utc(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["indicator_rules.id"],
            name=op.f("fk_rule_silences_rule_id_indicator_rules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["risk_indicators.id"],
            name=op.f("fk_rule_silences_indicator_id_risk_indicators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_silences")),
    )
    op.create_index("ix_rule_silences_ends_at", "rule_silences", ["ends_at"])
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index("ix_rule_silences_ends_at", "rule_silences")
    op.drop_table("rule_silences")
    op.drop_table("rule_states")
    op.drop_index(op.f("ix_indicator_rules_indicator_id"), "indicator_rules")
    op.drop_table("indicator_rules")
