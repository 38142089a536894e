"""the change feed is written by the database: triggers on every watched table, origin, pruning

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:00:00

See :mod:`console.db.feedsql` for how the triggers work on each database. The list of watched tables is
frozen here as it was at this revision; a later migration that adds a table adds its triggers itself.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WATCHED_AT_0002: tuple[Watch, ...] = (
    Watch("incidents", Topic.INCIDENT),
    Watch("incident_events", Topic.INCIDENT, "incident_id"),
    Watch("attendance_events", Topic.ATTENDANCE, "agent_id"),
    Watch("rota_assignments", Topic.ROTA, "agent_id"),
    Watch("shift_templates", Topic.SHIFT),
    Watch("seats", Topic.SEAT),
    Watch("seat_assignments", Topic.SEAT, "seat_id"),
    Watch("zones", Topic.ZONE),
    Watch("floors", Topic.FLOOR),
    Watch("risk_indicators", Topic.INDICATOR),
    Watch("indicator_samples", Topic.SAMPLES, "indicator_id"),
    Watch("agents", Topic.AGENT),
    Watch("agent_languages", Topic.AGENT, "agent_id"),
    Watch("agent_skills", Topic.AGENT, "agent_id"),
    Watch("teams", Topic.TEAM),
    Watch("departments", Topic.DEPARTMENT),
    Watch("users", Topic.USER),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_change_feed_topic_entity", ["topic", "entity_id", "seq"], unique=False)
    op.create_table(
        "feed_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retention_hours", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_feed_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_settings")),
    )
    op.execute(
        f"INSERT INTO feed_settings (id, retention_hours) VALUES (1, {feedsql.DEFAULT_RETENTION_HOURS})"
    )
    install = feedsql.sqlite_install if sqlite else feedsql.postgres_install
    for stmt in install(WATCHED_AT_0002):
        op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    uninstall = feedsql.sqlite_uninstall if sqlite else feedsql.postgres_uninstall
    for stmt in uninstall(WATCHED_AT_0002):
        op.execute(stmt)
    op.drop_table("feed_settings")
    with op.batch_alter_table("change_feed", schema=None) as batch_op:
        batch_op.drop_index("ix_change_feed_topic_entity")
        batch_op.drop_column("origin")
