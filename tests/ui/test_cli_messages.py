"""The command line reports bad input clearly, in the chosen language, and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *args], capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_unreachable_database_in_english_and_chinese() -> None:
    en = run("--db", "postgresql://nobody@127.0.0.1:1/floor", "demo")
    assert en.returncode == 1
    assert "Cannot reach the database at PostgreSQL 127.0.0.1:1/floor" in en.stderr
    zh = run("--lang", "zh_CN", "--db", "postgresql://nobody@127.0.0.1:1/floor", "demo")
    assert zh.returncode == 1
    assert "无法连接数据库 PostgreSQL 127.0.0.1:1/floor" in zh.stderr


def test_self_check_on_a_fresh_file(tmp_path: Path) -> None:
    out = run("--db", str(tmp_path / "fresh.db"), "self-check")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "OK"
