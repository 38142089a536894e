"""the indicator catalogue: each indicator's area and linked SOP, a version for edits made from the console,
and the dimensioned samples (indicator_breakdown)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 10:00:00

``area`` groups the indicators the way the floor is organised (account takeover, withdrawals, fiat & P2P,
KYC, AML, operations; ``other`` for a key whose prefix names none), backfilled from the key's prefix.
``sop`` links the indicator to a runbook (its key in console/runbooks) or an http(s) address; empty when none
is linked. ``version`` / ``updated_by`` / ``updated_at``: the catalogue is edited from every console, so a
save names the version it read and a stale one is told who changed it meanwhile.

``indicator_breakdown`` holds samples split by dimensions (region, channel, …) as canonical text
(``channel=app;region=MY``, names sorted), one value per indicator, moment and dimensions; the undimensioned
series stays in ``indicator_samples`` as the indicator's headline series. It feeds the change feed under the
samples topic keyed by the indicator, as ``indicator_samples`` does.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from console.db import feedsql
from console.topics import Topic, Watch

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

WATCHES = (Watch("indicator_breakdown", Topic.SAMPLES, "indicator_id"),)

# The key's prefix -> the area (console.catalogue.AREA_OF_PREFIX as it was when this migration was written).
PREFIXES = (
    ("ato", "ato"),
    ("api", "ato"),
    ("wd", "withdrawals"),
    ("fiat", "fiat_p2p"),
    ("p2p", "fiat_p2p"),
    ("kyc", "kyc"),
    ("aml", "aml"),
    ("ops", "ops"),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Plain ALTER TABLE (no batch "move and copy" on SQLite, which would drop the feed's triggers).
    op.add_column(
        "risk_indicators", sa.Column("area", sa.String(length=16), server_default="other", nullable=False)
    )
    op.add_column(
        "risk_indicators", sa.Column("sop", sa.String(length=300), server_default="", nullable=False)
    )
    op.add_column("risk_indicators", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("risk_indicators", sa.Column("updated_by", sa.String(length=64), nullable=True))
    op.add_column("risk_indicators", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    cases = " ".join(f"WHEN key LIKE '{prefix}.%' THEN '{area}'" for prefix, area in PREFIXES)
    op.execute(f"UPDATE risk_indicators SET area = CASE {cases} ELSE 'other' END")
    op.create_table(
        "indicator_breakdown",
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("ts", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dims", sa.String(length=400), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["risk_indicators.id"],
            name=op.f("fk_indicator_breakdown_indicator_id_risk_indicators"),
        ),
        sa.PrimaryKeyConstraint("indicator_id", "ts", "dims", name=op.f("pk_indicator_breakdown")),
    )
    for watch in WATCHES:
        for stmt in feedsql.sqlite_watch(watch) if sqlite else feedsql.postgres_watch(watch):
            op.execute(stmt)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for watch in reversed(WATCHES):
        for stmt in feedsql.sqlite_unwatch(watch) if sqlite else feedsql.postgres_unwatch(watch):
            op.execute(stmt)
    op.drop_table("indicator_breakdown")
    # Plain DROP COLUMN (SQLite >= 3.35), for the same reason as above.
    for column in ("updated_at", "updated_by", "version", "sop", "area"):
        op.execute(f"ALTER TABLE risk_indicators DROP COLUMN {column}")
