"""leave requests: an agent's days off asked for, approved or rejected

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:00:00

``leave_requests`` holds one request per row (agent, type, first and last floor day, status, who asked and who
decided). Approving one marks the agent's rota assignments in its range as leave of its type; the rows feed
the change feed under the rota topic keyed by the agent, so the roster of a shift in the range refetches the
agent's line.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

WATCHES = (Watch("leave_requests", Topic.ROTA, "agent_id"),)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "leave_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("leave_type", sa.String(length=16), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_leave_requests_agent_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_requests")),
    )
    op.create_index("ix_leave_agent_days", "leave_requests", ["agent_id", "first_day", "last_day"])
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index("ix_leave_agent_days", table_name="leave_requests")
    op.drop_table("leave_requests")
