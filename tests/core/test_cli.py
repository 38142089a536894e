"""The core command line: the global options are accepted after the command too, and act the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from console import cli
from console.db.engine import describe_url
from console.db.migrate import head_revision

COMMANDS = [
    ["db", "current"],
    ["db", "upgrade"],
    ["demo", "--if-empty"],
    ["simulate", "--duration", "1"],
    ["worker", "--interval", "1"],
    ["config", "show"],
]


def parse(*argv: str) -> dict[str, object]:
    args = cli.parse_args(cli.build_parser(), list(argv))
    return {k: getattr(args, k) for k in ("config", "db", "lang", "verbose", "wall", "command")}


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_global_options_before_or_after_the_command_are_the_same(command: list[str]) -> None:
    options = ["--config", "c.toml", "--db", "floor.db", "--lang", "zh_CN", "-v"]
    before = parse(*options, *command)
    assert before == {
        "config": "c.toml",
        "db": "floor.db",
        "lang": "zh_CN",
        "verbose": 1,
        "wall": False,
        "command": command[0],
    }
    assert parse(*command, *options) == before
    if len(command) > 1 and not command[1].startswith("-"):  # between a command and its action too
        assert parse(command[0], *options, *command[1:]) == before


def test_after_the_command_wins_and_verbosity_adds_up() -> None:
    assert parse("--db", "a.db", "demo", "--db", "b.db")["db"] == "b.db"
    assert parse("--db", "a.db", "demo")["db"] == "a.db"  # not reset by the command's own parser
    assert parse("-v", "db", "upgrade", "-v")["verbose"] == 2
    assert parse("db", "current")["verbose"] == 0


def test_wall_is_an_option_of_the_console_only() -> None:
    assert parse("--wall")["wall"] is True
    with pytest.raises(SystemExit):
        parse("demo", "--wall")


def test_bad_values_after_the_command_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        parse("config", "show", "--lang", "fr")
    assert exit_.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_commands_run_with_the_database_given_after_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "after.db"
    assert cli.main(["config", "show", "--db", str(path)]) == 0
    assert f"# database in force: {path}\n" in capsys.readouterr().out
    assert cli.main(["db", "upgrade", "--db", str(path)]) == 1  # an explicit file is never made implicitly
    assert f"There is no database file {path}; to make a new one: watchfloor db create {path}" in (
        capsys.readouterr().err
    )
    assert not path.exists()
    assert cli.main(["db", "create", str(path), "--db", "ignored.db"]) == 0
    assert cli.main(["db", "upgrade", "--db", str(path)]) == 0
    assert cli.main(["db", "current", "--db", str(path)]) == 0
    assert f"{describe_url(str(path))}: {head_revision()}" in capsys.readouterr().out


def test_db_upgrade_on_a_newer_schema_or_to_an_unknown_revision_changes_nothing_and_says_so(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    from console.db import migrate
    from console.db.engine import make_engine

    engine = make_engine(sqlite_url)
    migrate.upgrade(engine)
    assert cli.main(["--db", sqlite_url, "db", "downgrade", "0077"]) == 1
    assert capsys.readouterr().err.strip() == (
        "watchfloor: The schema was not changed: Can't locate revision identified by '0077'"
    )
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    for command in (["db", "upgrade"], ["db", "downgrade", "0003"]):
        assert cli.main(["--db", sqlite_url, *command]) == 1
        err = capsys.readouterr().err
        assert "newer than this Watchfloor knows" in err
        assert len(err.strip().splitlines()) == 1
    assert migrate.current_revision(engine) == "0099"
    engine.dispose()
