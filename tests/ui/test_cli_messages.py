"""The command line reports bad input clearly, in the chosen language, and writes nothing; every command
the README shows parses as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from console import cli
from ui.main import build_parser

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/floor"


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ui.main", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def finish(proc: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return finish(start(*args))


def test_unreachable_database_in_english_and_chinese() -> None:
    # Both at once (two interpreter starts are most of the time); the options before and after the command.
    en, zh = start("--db", UNREACHABLE, "demo"), start("demo", "--lang", "zh_CN", "--db", UNREACHABLE)
    en_done, zh_done = finish(en), finish(zh)
    assert en_done.returncode == 1
    assert "Cannot reach the database at PostgreSQL 127.0.0.1:1/floor" in en_done.stderr
    assert zh_done.returncode == 1
    assert "无法连接数据库 PostgreSQL 127.0.0.1:1/floor" in zh_done.stderr


def readme_commands() -> list[str]:
    """Every ``watchfloor …`` command the README shows: inline code and shell blocks (not the usage
    synopsis, nor ``COMMAND --help``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    inline = re.findall(r"`(watchfloor(?: [^`]*)?)`", text)
    blocks = [
        line.split("#")[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)
        for line in block.splitlines()
    ]
    found = [c for c in inline + blocks if c.split(" ")[0] == "watchfloor"]
    return sorted({c for c in found if "[" not in c and "COMMAND" not in c})


def test_the_readme_finds_its_commands() -> None:
    assert "watchfloor bench --db URL --json" in readme_commands()


@pytest.mark.parametrize("command", readme_commands())
def test_every_readme_command_parses(command: str) -> None:
    argv = [
        {"URL": "postgresql://floor@db-host:5432/watchfloor", "FILE": "config.toml"}.get(w, w)
        for w in shlex.split(command)[1:]
    ]
    parser = build_parser()
    if "--help" in argv:
        with pytest.raises(SystemExit) as done:
            cli.parse_args(parser, argv)
        assert done.value.code == 0
        return
    args = cli.parse_args(parser, argv)
    if "--db" in argv:
        assert args.db == argv[argv.index("--db") + 1]


def test_self_check_on_a_new_file_and_a_missing_one(tmp_path: Path) -> None:
    fresh, missing = tmp_path / "fresh.db", tmp_path / "missing.db"
    assert cli.main(["db", "create", str(fresh)]) == 0
    ok, refused = start("--db", str(fresh), "self-check"), start("--db", str(missing), "self-check")
    out, no = finish(ok), finish(refused)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "OK"
    assert no.returncode == 1
    assert no.stderr.strip() == (
        f"FAILED: There is no database file {missing}; to make a new one: watchfloor db create {missing}"
    )
    assert not missing.exists()


def test_a_bad_settings_file_gets_one_translated_line_and_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("chart_hour = 5\nchart_hours = -5\n", encoding="utf-8")
    en = start("--config", str(bad), "config", "show")
    zh = start("--config", str(bad), "--lang", "zh_CN", "config", "show")
    en_done, zh_done = finish(en), finish(zh)
    assert en_done.returncode == 1
    assert en_done.stderr.strip() == "watchfloor: Unknown setting chart_hour; did you mean chart_hours?"
    assert zh_done.returncode == 1
    assert zh_done.stderr.strip() == "watchfloor: 未知设置项 chart_hour；是否指 chart_hours？"
    # `config set` refuses a bad value and leaves the file as it was.
    good = tmp_path / "good.toml"
    good.write_text("chart_hours = 12.0\n", encoding="utf-8")
    done = run("--config", str(good), "config", "set", "chart_hours", "nan")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "chart_hours = 'nan': expected a finite number from 0.1 to 168." in done.stderr
    assert good.read_text(encoding="utf-8") == "chart_hours = 12.0\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml", "good.toml"]
