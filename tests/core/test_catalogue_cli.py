"""``watchfloor indicators``: the catalogue listed, shown, changed, added to and reordered from the command
line, with the service's checks in its words and a non-zero exit when refused (nothing changed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console import cli
from console.db import migrate
from console.db.engine import Database, make_engine
from console.identity import os_account
from console.services import indicators
from tests.factories import add_users, build_small_floor, floor_now


@pytest.fixture
def floor(sqlite_url: str) -> Iterator[tuple[Database, list[str]]]:
    """A small floor on which this OS account is a supervisor; the command line's ``--db`` for it."""
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    build_small_floor(db, floor_now())
    add_users(db, (os_account(), "supervisor"))
    yield db, ["--db", sqlite_url]
    db.dispose()


def _entry(db: Database, key: str) -> indicators.CatalogueEntry:
    with db.reading() as s:
        return indicators.catalogue_entry(s, key)


def test_list_and_show(floor: tuple[Database, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    _db, run = floor
    assert cli.main([*run, "indicators", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Account takeover (ato)"
    assert out[1].split()[:6] == ["ato.failed_logins", "Failed", "logins", "count/min", "↑", "1800"]
    assert out[2] == "Operations (ops)"
    assert "↓ 75 / 65" in out[3]
    assert cli.main([*run, "indicators", "list", "--area", "ops"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Operations (ops)"
    assert cli.main([*run, "indicators", "show", "ato.failed_logins"]) == 0
    shown = capsys.readouterr().out
    for line in (
        "Chinese name  登录失败次数",
        "area          Account takeover (ato)",
        "worse when    higher is worse (higher)",
        "department    risk_mgmt (Risk Management)",
        "SOP           (none)",
        "version       1",
    ):
        assert line in shown
    assert cli.main([*run, "indicators", "show", "no.such"]) == 1
    assert "Indicator no.such does not exist." in capsys.readouterr().err


def test_set_changes_what_is_given_and_refuses_a_bad_order(
    floor: tuple[Database, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    db, run = floor
    key = "ato.failed_logins"
    assert (
        cli.main(
            [*run, "indicators", "set", key, "--warning", "2000", "--critical", "4000", "--sop", "ato_wave"]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == (
        f"{key}: warning 1800 → 2000; critical 3600 → 4000; sop — → ato_wave (version 2)"
    )
    assert cli.main([*run, "indicators", "show", key]) == 0
    shown = capsys.readouterr().out
    assert "SOP           ato_wave: Credential stuffing / ATO wave" in shown
    assert f"2, last changed by {os_account()} at " in shown
    for argv, message in (
        (
            ["--warning", "5000"],
            "higher is worse, so the critical threshold (4000) must be above the warning",
        ),
        (["--warning", "lots"], "the warning threshold “lots” is not a number."),
        (
            ["--interval", "-5"],
            "the sampling interval is a whole number of seconds from 1 to 86400 (-5 given)",
        ),
        (["--interval", "0"], "(0 given)"),
        (["--area", "moon"], "“moon” is not an area"),
        (["--department", "nowhere"], "Department nowhere does not exist."),
        (["--sop", "https://"], "is neither a runbook"),
        (["--unit", ""], "the unit cannot be empty."),
        ([], "Nothing to change: give at least one of --name, --name-zh"),
    ):
        assert cli.main([*run, "indicators", "set", key, *argv]) == 1, argv
        assert message in capsys.readouterr().err, argv
    assert _entry(db, key).version == 2
    assert cli.main([*run, "indicators", "set", key, "--name-zh", "", "--interval", "30"]) == 0
    assert "names zh_CN 登录失败次数 → —; interval_seconds 60 → 30 (version 3)" in capsys.readouterr().out
    assert cli.main([*run, "indicators", "set", key, "--interval", "30"]) == 0
    assert capsys.readouterr().out.strip() == f"{key}: nothing changed (version 3)"


def test_add_and_order(floor: tuple[Database, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    db, run = floor
    new = [
        "indicators",
        "add",
        "aml.mixer_deposits",
        "--name",
        "Deposits from mixers",
        "--name-zh",
        "混币器入金",
        "--unit",
        "count/h",
        "--direction",
        "higher",
        "--warning",
        "5",
        "--critical",
        "10",
        "--department",
        "compliance",
        "--sop",
        "aml_spike",
    ]
    assert cli.main([*run, *new]) == 0
    assert capsys.readouterr().out.strip() == "aml.mixer_deposits added, last in the catalogue (area AML)."
    d = _entry(db, "aml.mixer_deposits").definition
    assert (d.area, d.names, d.interval_seconds, d.sop) == (
        "aml",
        (("zh_CN", "混币器入金"),),
        60,
        "aml_spike",
    )
    assert cli.main([*run, *new]) == 1
    assert "There is already an indicator aml.mixer_deposits." in capsys.readouterr().err
    assert cli.main([*run, *new[:2], "AML.Caps", *new[3:]]) == 1
    assert "is not an indicator key" in capsys.readouterr().err
    assert cli.main([*run, "indicators", "order", "aml.mixer_deposits", "ops.auto_approval_rate"]) == 0
    assert capsys.readouterr().out.strip() == (
        "The catalogue's order: aml.mixer_deposits, ops.auto_approval_rate, ato.failed_logins"
    )
    with db.reading() as s:
        assert [e.key for e in indicators.catalogue(s)] == [
            "aml.mixer_deposits",
            "ops.auto_approval_rate",
            "ato.failed_logins",
        ]
    assert cli.main([*run, "indicators", "order", "aml.mixer_deposits"]) == 0
    assert capsys.readouterr().out.strip() == "The catalogue was already in that order."
    assert cli.main([*run, "indicators", "order", "no.such"]) == 1


def test_a_viewer_is_refused(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    db = Database(engine)
    try:
        build_small_floor(db, floor_now())
        add_users(db, (os_account(), "viewer"))
    finally:
        db.dispose()
    run = ["--db", sqlite_url]
    assert cli.main([*run, "indicators", "list"]) == 0  # everyone reads
    capsys.readouterr()
    assert cli.main([*run, "indicators", "set", "ato.failed_logins", "--warning", "1"]) == 1
    assert "may not change risk indicators" in capsys.readouterr().err
