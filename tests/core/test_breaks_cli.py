"""``watchfloor breaks`` and ``watchfloor adherence`` on the small floor: rules shown and changed (checked,
audited), the running shift planned again and shown, adherence printed with its flags."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console import cli
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry, PlannedBreak
from console.identity import os_account
from tests.factories import add_users, build_small_floor, floor_now


def test_breaks_and_adherence_commands(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_small_floor(db, floor_now())
        add_users(db, (os_account(), "supervisor"))
        run = ["--db", sqlite_url]
        assert cli.main([*run, "breaks", "rules"]) == 0
        assert "max-share          20" in capsys.readouterr().out
        assert cli.main([*run, "breaks", "rules", "--max-share", "25", "--adherence-minutes", "3"]) == 0
        out = capsys.readouterr().out
        assert "max-share          25" in out
        assert "adherence-minutes  3" in out
        assert cli.main([*run, "breaks", "rules", "--max-breaks", "0"]) == 1
        assert "max_breaks" in capsys.readouterr().err
        assert cli.main([*run, "breaks", "plan"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("planned ")
        assert "Ana" in out
        assert cli.main([*run, "breaks", "show", "--date", "2026-01-01"]) == 1  # --shift missing
        capsys.readouterr()
        assert cli.main([*run, "adherence"]) == 0
        out = capsys.readouterr().out
        dev = next(line for line in out.splitlines() if line.startswith("Dev"))
        assert "Absent" in dev
        assert "OUT OF ADHERENCE" in dev
        with db.reading() as s:
            assert s.scalars(select(PlannedBreak)).first() is not None
            actions = set(s.scalars(select(AuditEntry.action)))
        assert {"breaks.rules", "breaks.plan"} <= actions
    finally:
        db.dispose()
