"""attendance exceptions: badge numbers, exception policies, the exception queue, coaching notes, and badge
punches stored once

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:00:00

``agents.badge_no`` is the number a badge system's export names an agent by (unique; empty for an agent
without a badge). ``attendance_policies`` holds the floor's exception rules (one row per kind; a kind without
a row takes its default, :mod:`console.services.exceptions`). ``attendance_exceptions`` is the queue the
timer leader fills (one row per rostered shift and kind) and the supervisor works. ``coaching_notes`` are
the supervisor's notes on an agent's discipline ledger. Both feed the change feed under the attendance topic
keyed by the agent. A unique partial index makes a badge punch (``source = 'badge'``) impossible to store
twice for the same agent, kind and moment: re-importing an export is harmless.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WATCHES = (
    Watch("attendance_exceptions", Topic.ATTENDANCE, "agent_id"),
    Watch("coaching_notes", Topic.ATTENDANCE, "agent_id"),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Plain ALTER TABLE (no batch "move and copy" on SQLite, which would drop the feed's triggers).
    op.add_column("agents", sa.Column("badge_no", sa.String(length=16), nullable=True))
    op.create_index(op.f("ix_agents_badge_no"), "agents", ["badge_no"], unique=True)
    op.create_table(
        "attendance_policies",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("cap_minutes", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_attendance_policies")),
    )
    op.create_table(
        "attendance_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("rota_assignment_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason_code", sa.String(length=24), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["agents.id"], name=op.f("fk_attendance_exceptions_agent_id_agents")
        ),
        sa.ForeignKeyConstraint(
            ["rota_assignment_id"],
            ["rota_assignments.id"],
            name=op.f("fk_attendance_exceptions_rota_assignment_id_rota_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_exceptions")),
        sa.UniqueConstraint(
            "rota_assignment_id", "kind", name=op.f("uq_attendance_exceptions_rota_assignment_id")
        ),
    )
    op.create_index("ix_attendance_exceptions_agent_at", "attendance_exceptions", ["agent_id", "at"])
    op.create_index(op.f("ix_attendance_exceptions_at"), "attendance_exceptions", ["at"])
    op.create_table(
        "coaching_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_coaching_notes_agent_id_agents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coaching_notes")),
    )
    op.create_index("ix_coaching_notes_agent_at", "coaching_notes", ["agent_id", "at"])
    op.create_index(
        "uq_attendance_events_badge_punch",
        "attendance_events",
        ["agent_id", "kind", "at"],
        unique=True,
        sqlite_where=sa.text("source = 'badge'"),
        postgresql_where=sa.text("source = 'badge'"),
    )
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index("uq_attendance_events_badge_punch", table_name="attendance_events")
    op.drop_table("coaching_notes")
    op.drop_table("attendance_exceptions")
    op.drop_table("attendance_policies")
    op.drop_index(op.f("ix_agents_badge_no"), table_name="agents")
    op.execute("ALTER TABLE agents DROP COLUMN badge_no")
