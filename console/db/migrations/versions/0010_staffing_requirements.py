"""staffing requirements: how many people each desk needs, per floor-time hour, weekday, skill and language

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:00:00

One row says "at least ``min_count`` people on this desk from ``from_hour`` to ``to_hour`` (floor time, the
end exclusive, crossing midnight when it is not after the start) on these weekdays", optionally counting
only those with a skill or speaking a language. The rota solver plans against these rows, the coverage
view compares them with who is rostered and present, the seat map's zone headers show them. They feed the
change feed under the ``staffing`` topic keyed by the desk (zone id).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

WATCHES = (Watch("staffing_requirements", Topic.STAFFING, "zone_id"),)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "staffing_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("from_hour", sa.Integer(), nullable=False),
        sa.Column("to_hour", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.Integer(), nullable=False),
        sa.Column("skill", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_staffing_requirements_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staffing_requirements")),
        sa.UniqueConstraint(
            "zone_id",
            "from_hour",
            "to_hour",
            "weekdays",
            "skill",
            "language",
            name=op.f("uq_staffing_requirements_zone_id"),
        ),
        sa.CheckConstraint(
            "from_hour BETWEEN 0 AND 23 AND to_hour BETWEEN 1 AND 24 AND weekdays BETWEEN 1 AND 127"
            " AND min_count >= 0",
            name=op.f("ck_staffing_requirements_bounds"),
        ),
    )
    op.create_index(
        op.f("ix_staffing_requirements_zone_id"), "staffing_requirements", ["zone_id"], unique=False
    )
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index(op.f("ix_staffing_requirements_zone_id"), table_name="staffing_requirements")
    op.drop_table("staffing_requirements")
