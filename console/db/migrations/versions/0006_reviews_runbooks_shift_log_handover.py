"""post-incident reviews and their action items, runbook checklist progress, the shift log and handovers

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 18:00:00

Reviews, their action items and checklist progress belong to an incident: the feed names them under the
incident topic, keyed by the incident. The shift log and the handovers are their own topics, keyed by their
own ids. Amounts are kept in minor units (cents) of the stated currency: exact on both databases, with no
floating point on the way.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WATCHES = (
    Watch("incident_reviews", Topic.INCIDENT, "incident_id"),
    Watch("review_actions", Topic.INCIDENT, "incident_id"),
    Watch("incident_checklist", Topic.INCIDENT, "incident_id"),
    Watch("shift_log", Topic.SHIFT_LOG),
    Watch("handovers", Topic.HANDOVER),
)


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _incident_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["incident_id"], ["incidents.id"], name=op.f(f"fk_{table}_incident_id_incidents"), ondelete="CASCADE"
    )


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "incident_reviews",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("impact", sa.Text(), server_default="", nullable=False),
        sa.Column("accounts_affected", sa.Integer(), nullable=True),
        sa.Column("amount_at_risk_minor", sa.BigInteger(), nullable=True),
        sa.Column("amount_lost_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=8), server_default="USD", nullable=False),
        sa.Column("root_cause", sa.String(length=32), nullable=True),
        sa.Column("contributing_factors", sa.Text(), server_default="", nullable=False),
        sa.Column("share_as_case", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("written_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        _incident_fk("incident_reviews"),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_incident_reviews")),
    )
    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("owner_agent_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=True),
        sa.Column("updated_at", _utc(), nullable=True),
        _incident_fk("review_actions"),
        sa.ForeignKeyConstraint(
            ["owner_agent_id"], ["agents.id"], name=op.f("fk_review_actions_owner_agent_id_agents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
    )
    op.create_index(op.f("ix_review_actions_incident_id"), "review_actions", ["incident_id"])
    op.create_table(
        "incident_checklist",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("done_by", sa.String(length=64), nullable=False),
        sa.Column("done_at", _utc(), nullable=False),
        _incident_fk("incident_checklist"),
        sa.PrimaryKeyConstraint("incident_id", "item", name=op.f("pk_incident_checklist")),
    )
    op.create_table(
        "shift_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("agent_id", sa.Integer(), nullable=True),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_shift_log_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_shift_log_agent_id_agents")),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["risk_indicators.id"], name=op.f("fk_shift_log_indicator_id_risk_indicators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_log")),
    )
    op.create_index(op.f("ix_shift_log_at"), "shift_log", ["at"])
    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_start", _utc(), nullable=False),
        sa.Column("shift_end", _utc(), nullable=False),
        sa.Column("prepared_by", sa.String(length=64), nullable=False),
        sa.Column("prepared_at", _utc(), nullable=False),
        sa.Column("brief", sa.JSON(), nullable=False),
        sa.Column("signed_off_by", sa.String(length=64), nullable=True),
        sa.Column("signed_off_at", _utc(), nullable=True),
        sa.Column("sign_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    op.create_index(op.f("ix_handovers_shift_start"), "handovers", ["shift_start"])
    # History searches: what ended since a moment (closed after resolved, so either index finds it).
    op.create_index("ix_incidents_closed_at", "incidents", ["closed_at"])
    op.create_index("ix_incidents_resolved_at", "incidents", ["resolved_at"])
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_index("ix_incidents_resolved_at", "incidents")
    op.drop_index("ix_incidents_closed_at", "incidents")
    op.drop_index(op.f("ix_handovers_shift_start"), "handovers")
    op.drop_table("handovers")
    op.drop_index(op.f("ix_shift_log_at"), "shift_log")
    op.drop_table("shift_log")
    op.drop_table("incident_checklist")
    op.drop_index(op.f("ix_review_actions_incident_id"), "review_actions")
    op.drop_table("review_actions")
    op.drop_table("incident_reviews")
