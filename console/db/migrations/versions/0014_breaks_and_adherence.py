"""breaks and adherence: break rules per floor, each shift's planned breaks, which shifts have been planned

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 04:00:00

``break_rules`` holds how breaks may be taken on a floor (at most so many, none in the first and last hour,
at most a share of a desk at once) and the adherence threshold; a floor without a row uses the defaults.
``planned_breaks`` holds each rostered agent's planned break slots, written by the timer leader shortly
before a shift starts and again when a supervisor re-plans; the feed names them under the rota topic, keyed
by the agent. ``break_plan_runs`` remembers that a shift start has been planned (the leader's idempotence).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

WATCHES = (
    Watch("break_rules", Topic.FLOOR, "floor_id"),
    Watch("planned_breaks", Topic.ROTA, "agent_id"),
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "break_rules",
        sa.Column("floor_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("max_breaks", sa.Integer(), nullable=False),
        sa.Column("edge_minutes", sa.Integer(), nullable=False),
        sa.Column("max_share_pct", sa.Integer(), nullable=False),
        sa.Column("adherence_minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "max_breaks BETWEEN 1 AND 6 AND edge_minutes BETWEEN 0 AND 240"
            " AND max_share_pct BETWEEN 1 AND 100 AND adherence_minutes BETWEEN 0 AND 60",
            name=op.f("ck_break_rules_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["floor_id"], ["floors.id"], name=op.f("fk_break_rules_floor_id_floors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("floor_id", name=op.f("pk_break_rules")),
    )
    op.create_table(
        "planned_breaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("rota_assignment_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", _utc(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("minutes BETWEEN 1 AND 240", name=op.f("ck_planned_breaks_minutes")),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_planned_breaks_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["rota_assignment_id"],
            ["rota_assignments.id"],
            name=op.f("fk_planned_breaks_rota_assignment_id_rota_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planned_breaks")),
    )
    op.create_index(op.f("ix_planned_breaks_agent_id"), "planned_breaks", ["agent_id"], unique=False)
    op.create_index(op.f("ix_planned_breaks_starts_at"), "planned_breaks", ["starts_at"], unique=False)
    op.create_index(
        "ix_planned_breaks_rota", "planned_breaks", ["rota_assignment_id", "starts_at"], unique=False
    )
    op.create_table(
        "break_plan_runs",
        sa.Column("starts_at", _utc(), nullable=False),
        sa.Column("planned_at", _utc(), nullable=False),
        sa.Column("planned_by", sa.String(length=64), nullable=False),
        sa.Column("unplaced", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("starts_at", name=op.f("pk_break_plan_runs")),
    )
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_table("break_plan_runs")
    op.drop_index("ix_planned_breaks_rota", table_name="planned_breaks")
    op.drop_index(op.f("ix_planned_breaks_starts_at"), table_name="planned_breaks")
    op.drop_index(op.f("ix_planned_breaks_agent_id"), table_name="planned_breaks")
    op.drop_table("planned_breaks")
    op.drop_table("break_rules")
