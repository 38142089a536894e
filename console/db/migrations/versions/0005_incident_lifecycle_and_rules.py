"""incident lifecycle and rules: SLA targets per category, breach and escalation records, dedup and repeat
hits, duplicates, handoffs to departments with their SLA

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00

New columns are added with plain ``ALTER TABLE`` (no batch "move and copy" on SQLite: it would drop the feed
triggers of ``incidents`` and ``incident_events``). ``incident_handoffs`` feeds the change feed under the
incident topic, keyed by its incident, like the timeline. ``incident_sla`` is seeded with the floor's
defaults (shared/DOMAIN.md) for the categories known at this revision; departments known by their code get
their handoff SLA.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

HANDOFFS = Watch("incident_handoffs", Topic.INCIDENT, "incident_id")
OPEN_STATUSES_SQL = "status IN ('open', 'acknowledged', 'investigating', 'escalated', 'mitigated')"
CATEGORIES_AT_0005 = (
    "ato_wave",
    "withdrawal_anomaly",
    "fraud_wave",
    "kyc_fraud_ring",
    "aml_spike",
    "p2p_scam",
    "tooling_outage",
    "feed_failure",
    "policy_breach",
)
# severity: (acknowledge, resolve) in minutes
SLA_AT_0005 = {1: (5, 60), 2: (15, 240), 3: (60, 1440), 4: (240, 4320)}
# department code: (handoff minutes, for a P1 incident)
HANDOFF_AT_0005 = {
    "risk_mgmt": (30, None),
    "compliance": (60, 15),
    "customer_service": (120, None),
    "cs": (120, None),
}


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _add_fk_column(table: str, column: str, target: str, *, sqlite: bool) -> None:
    """A nullable integer column referring to ``target.id``: SQLite takes the reference inline (ALTER TABLE
    cannot add a constraint there), PostgreSQL as a named constraint."""
    if sqlite:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES {target} (id)")
        return
    op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(op.f(f"fk_{table}_{column}_{target}"), table, target, [column], ["id"])


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in ("ack_breached_at", "resolve_breached_at", "last_seen_at"):
        op.add_column("incidents", sa.Column(column, _utc(), nullable=True))
    op.add_column(
        "incidents", sa.Column("escalation_level", sa.SmallInteger(), server_default="0", nullable=False)
    )
    op.add_column("incidents", sa.Column("dedup_key", sa.String(length=200), nullable=True))
    op.add_column("incidents", sa.Column("hit_count", sa.Integer(), server_default="1", nullable=False))
    _add_fk_column("incidents", "escalated_to_agent_id", "agents", sqlite=sqlite)
    _add_fk_column("incidents", "duplicate_of_id", "incidents", sqlite=sqlite)
    _add_fk_column("incident_events", "merged_from_id", "incidents", sqlite=sqlite)
    op.create_index(
        "uq_incidents_open_dedup_key",
        "incidents",
        ["dedup_key"],
        unique=True,
        sqlite_where=sa.text(OPEN_STATUSES_SQL),
        postgresql_where=sa.text(OPEN_STATUSES_SQL),
    )

    op.add_column("departments", sa.Column("handoff_minutes", sa.Integer(), nullable=True))
    op.add_column("departments", sa.Column("handoff_p1_minutes", sa.Integer(), nullable=True))
    for code, (minutes, p1) in HANDOFF_AT_0005.items():
        op.execute(
            sa.text(
                "UPDATE departments SET handoff_minutes = :m, handoff_p1_minutes = :p1 WHERE code = :c"
            ).bindparams(m=minutes, p1=p1, c=code)
        )

    sla = op.create_table(
        "incident_sla",
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("ack_minutes", sa.Integer(), nullable=False),
        sa.Column("resolve_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("category", "severity", name=op.f("pk_incident_sla")),
    )
    op.bulk_insert(
        sla,
        [
            {"category": c, "severity": sev, "ack_minutes": ack, "resolve_minutes": res}
            for c in CATEGORIES_AT_0005
            for sev, (ack, res) in SLA_AT_0005.items()
        ],
    )

    op.create_table(
        "incident_handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", _utc(), nullable=False),
        sa.Column("due_at", _utc(), nullable=False),
        sa.Column("acknowledged_at", _utc(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_at", _utc(), nullable=True),
        sa.Column("responded_by", sa.String(length=64), nullable=True),
        sa.Column("confirmed_by", sa.String(length=120), nullable=True),
        sa.Column("closed_at", _utc(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("close_note", sa.Text(), nullable=True),
        sa.Column("overdue_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_incident_handoffs_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_incident_handoffs_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_handoffs")),
    )
    op.create_index(op.f("ix_incident_handoffs_incident_id"), "incident_handoffs", ["incident_id"])
    op.create_index("ix_incident_handoffs_open_due", "incident_handoffs", ["closed_at", "due_at"])
    for stmt in feedsql.sqlite_watch(HANDOFFS) if sqlite else feedsql.postgres_watch(HANDOFFS):
        op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for stmt in feedsql.sqlite_unwatch(HANDOFFS) if sqlite else feedsql.postgres_unwatch(HANDOFFS):
        op.execute(stmt)
    op.drop_index("ix_incident_handoffs_open_due", "incident_handoffs")
    op.drop_index(op.f("ix_incident_handoffs_incident_id"), "incident_handoffs")
    op.drop_table("incident_handoffs")
    op.drop_table("incident_sla")
    op.drop_column("departments", "handoff_p1_minutes")
    op.drop_column("departments", "handoff_minutes")
    op.drop_index("uq_incidents_open_dedup_key", "incidents")
    if not sqlite:
        op.drop_constraint(op.f("fk_incident_events_merged_from_id_incidents"), "incident_events")
        op.drop_constraint(op.f("fk_incidents_duplicate_of_id_incidents"), "incidents")
        op.drop_constraint(op.f("fk_incidents_escalated_to_agent_id_agents"), "incidents")
    op.drop_column("incident_events", "merged_from_id")
    for column in (
        "duplicate_of_id",
        "escalated_to_agent_id",
        "hit_count",
        "dedup_key",
        "escalation_level",
        "last_seen_at",
        "resolve_breached_at",
        "ack_breached_at",
    ):
        op.drop_column("incidents", column)
