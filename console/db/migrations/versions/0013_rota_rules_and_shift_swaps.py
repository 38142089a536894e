"""rota rules per floor and shift swaps

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:00:00

``rota_rules``: one row per floor with the rules the rota checker and generator keep (minimum rest between
shifts, most nights and working days in a row, most shifts in a week); a floor without one has the defaults.
``shift_swaps``: swap and "take this shift" requests with their approval; they feed the change feed under the
rota topic keyed by the requesting agent.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

WATCHES = (Watch("shift_swaps", Topic.ROTA, "requester_id"),)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "rota_rules",
        sa.Column("floor_id", sa.Integer(), nullable=False),
        sa.Column("min_rest_hours", sa.Float(), nullable=False),
        sa.Column("max_consecutive_nights", sa.Integer(), nullable=False),
        sa.Column("max_consecutive_days", sa.Integer(), nullable=False),
        sa.Column("max_shifts_per_week", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "min_rest_hours >= 0 AND min_rest_hours <= 24 AND max_consecutive_nights >= 1"
            " AND max_consecutive_days >= 1 AND max_shifts_per_week BETWEEN 1 AND 7",
            name=op.f("ck_rota_rules_bounds"),
        ),
        sa.ForeignKeyConstraint(
            ["floor_id"], ["floors.id"], name=op.f("fk_rota_rules_floor_id_floors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("floor_id", name=op.f("pk_rota_rules")),
    )
    op.create_table(
        "shift_swaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("requester_row_id", sa.Integer(), nullable=True),
        sa.Column("requester_day", sa.Date(), nullable=False),
        sa.Column("requester_code", sa.String(length=16), nullable=False),
        sa.Column("counterpart_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_row_id", sa.Integer(), nullable=True),
        sa.Column("counterpart_day", sa.Date(), nullable=True),
        sa.Column("counterpart_code", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", _utc(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", _utc(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "status IN ('requested', 'accepted', 'approved', 'rejected', 'cancelled')",
            name=op.f("ck_shift_swaps_status"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["agents.id"], name=op.f("fk_shift_swaps_requester_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_id"], ["agents.id"], name=op.f("fk_shift_swaps_counterpart_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["requester_row_id"],
            ["rota_assignments.id"],
            name=op.f("fk_shift_swaps_requester_row_id_rota_assignments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_row_id"],
            ["rota_assignments.id"],
            name=op.f("fk_shift_swaps_counterpart_row_id_rota_assignments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_swaps")),
    )
    op.create_index(op.f("ix_shift_swaps_requester_id"), "shift_swaps", ["requester_id"], unique=False)
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index(op.f("ix_shift_swaps_requester_id"), table_name="shift_swaps")
    op.drop_table("shift_swaps")
    op.drop_table("rota_rules")
