"""``watchfloor staffing`` and ``watchfloor coverage``: requirements listed, set, removed (checked, audited,
refused with their reason), and the coverage of the running day printed with its gaps and the verdict."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console import cli
from console.cli_coverage import days_text, weekdays_mask
from console.db import migrate
from console.db.engine import Database, make_engine
from console.db.models import AuditEntry
from console.errors import InvalidInput
from console.floortime import utcnow
from console.identity import os_account
from tests.factories import TZ, add_users, build_small_floor, floor_now


def test_weekday_names() -> None:
    assert weekdays_mask("mon,wed") == 0b101
    assert weekdays_mask("weekend") == 96
    assert weekdays_mask("weekdays,sat") == 63
    assert days_text(127) == "all"
    assert days_text(5) == "mon,wed"
    with pytest.raises(InvalidInput, match="Unknown day tux"):
        weekdays_mask("mon,tux")


def test_staffing_and_coverage_commands(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        add_users(db, (os_account(), "supervisor"))
        run = ["--db", sqlite_url]
        build_small_floor(db, floor_now())
        assert cli.main([*run, "staffing", "set", "kyc", "0", "24", "2"]) == 0
        assert (
            cli.main(
                [*run, "staffing", "set", "kyc", "23", "7", "1", "--language", "zh", "--days", "weekend"]
            )
            == 0
        )
        out = capsys.readouterr().out
        assert "requirement 2 set" in out
        assert "kyc          00-24   all" in out
        assert "23-07   weekend" in out
        assert cli.main([*run, "staffing", "set", "kyc", "7", "25", "2"]) == 1
        assert "ends at hour 1 to 24" in capsys.readouterr().err
        assert cli.main([*run, "staffing", "set", "nowhere", "7", "15", "2"]) == 1
        assert cli.main([*run, "staffing", "set", "kyc", "7", "15", "2", "--days", "funday"]) == 1
        assert "Unknown day funday" in capsys.readouterr().err
        assert cli.main([*run, "staffing", "list", "--desk", "ato"]) == 0
        assert "kyc" not in capsys.readouterr().out

        assert cli.main([*run, "coverage", "--desk", "kyc"]) == 0
        out = capsys.readouterr().out
        # The running hour (the small floor's shift runs): two required and scheduled (Chen, Dev), nobody
        # present (Chen on break, Dev absent): marked with !.
        hour = utcnow().astimezone(TZ).hour
        assert f"{hour:>4}" in out.splitlines()[2]
        present = next(line for line in out.splitlines() if line.strip().startswith("present"))
        column = 26 + hour * 4
        assert present[column : column + 4] == "  0!"
        assert "UNDERSTAFFED: 0 present, 2 required now" in out
        assert "Nobody can move without opening a gap" in out
        assert "FLOOR UNDERSTAFFED FOR CURRENT RISK: KYC review" in out
        assert cli.main([*run, "coverage", "--day", "07/12/2026"]) == 1
        assert "A day is written YYYY-MM-DD (got 07/12/2026)" in capsys.readouterr().err

        assert cli.main([*run, "staffing", "remove", "2"]) == 0
        assert "weekend" not in capsys.readouterr().out
        assert cli.main([*run, "staffing", "remove", "2"]) == 1
        with db.reading() as s:
            actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("staffing.%"))))
        assert actions == ["staffing.set", "staffing.set", "staffing.remove"]
    finally:
        db.dispose()
