"""``watchfloor sla``: the SLA targets shown and changed from the command line, checked and audited; a new
incident takes the new target."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console import cli
from console.auth import SYSTEM
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry
from console.identity import os_account
from console.services import incidents
from tests.factories import add_users, build_small_floor, floor_now


def test_sla_show_and_set(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        small = build_small_floor(db, floor_now())
        add_users(db, (os_account(), "supervisor"))
        run = ["--db", sqlite_url]
        assert cli.main([*run, "sla", "show"]) == 0
        out = capsys.readouterr().out
        assert "withdrawal_anomaly" in out
        assert "5 / 60" in out
        assert "compliance" in out
        assert cli.main([*run, "sla", "set", "withdrawal_anomaly", "P1", "3", "45"]) == 0
        assert "3 / 45" in capsys.readouterr().out
        assert (
            cli.main([*run, "sla", "set", "withdrawal_anomaly", "P1", "90", "45"]) == 1
        )  # ack after resolve
        assert capsys.readouterr().err
        assert cli.main([*run, "sla", "set", "no_such_category", "P2", "5", "60"]) == 1
        assert cli.main([*run, "sla", "handoff", "compliance", "45", "--p1", "10"]) == 0
        assert "compliance" in capsys.readouterr().out
        assert cli.main([*run, "sla", "handoff", "nowhere", "45"]) == 1
        inc = incidents.open_incident(
            db,
            SYSTEM,
            title="Withdrawals to new addresses",
            category="withdrawal_anomaly",
            severity=1,
            at=small.now,
        )
        with db.reading() as s:
            (row,) = incidents.rows_by_id(s, [inc])
            actions = set(s.scalars(select(AuditEntry.action)))
        assert (row.ack_due_at - small.now).total_seconds() == 3 * 60
        assert (row.resolve_due_at - small.now).total_seconds() == 45 * 60
        assert {"incident.set_sla", "org.set_handoff_sla"} <= actions
    finally:
        db.dispose()
