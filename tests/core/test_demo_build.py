"""The demo build is all or nothing, says how far it has got, and ``--reset`` replaces only a demo floor.

On SQLite and PostgreSQL: a build stopped half-way (an exception from its progress callback, or the process
killed outright) leaves every table as it was, and the next ``demo --if-empty`` builds a whole floor.
"""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from console import cli
from console.db.engine import Database
from console.db.models import AuditEntry, Base, Floor, Incident, IndicatorSample
from console.demo.build import DEMO_BUILT, create_demo_floor, has_floor, is_demo_floor
from console.demo.progress import BUILD_STEPS, Progress, TerminalProgress
from console.errors import Cancelled, FloorExists
from tests.conftest import DemoFloor, DemoSpec
from tests.factories import build_small_floor, floor_now

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 6, 37, 12, tzinfo=UTC)
SPEC = DemoSpec(days=2, seed=7, now=NOW)


def counts(db: Database) -> dict[str, int]:
    """Rows in every table, the audit log and the change feed included."""
    with db.reading() as s:
        return {
            t.name: int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


def stop_at(step: str) -> Any:
    """A progress callback that cancels the build once ``step`` has made some headway."""
    seen: list[Progress] = []

    def callback(p: Progress) -> None:
        seen.append(p)
        if p.key == step and (p.done > 0 or p.total == 0):
            raise Cancelled

    callback.seen = seen  # type: ignore[attr-defined]
    return callback


@pytest.mark.parametrize("step", ["attendance", "samples", "incidents", "saving"])
def test_a_build_stopped_half_way_leaves_nothing(db: Database, step: str) -> None:
    before = counts(db)
    callback = stop_at(step)
    with pytest.raises(Cancelled):
        create_demo_floor(db, days=1, now=NOW, progress=callback)
    assert callback.seen[-1].key == step  # it did get that far
    assert counts(db) == before  # ... and left nothing: no floor, no samples, no audit or feed entries
    assert not has_floor(db)
    create_demo_floor(db, days=1, now=NOW)  # the database is as good as new
    assert is_demo_floor(db)


def test_a_killed_build_leaves_nothing_and_the_next_if_empty_builds(db: Database, db_url: str) -> None:
    """SIGKILL in the middle of the samples: no handler runs, the database alone undoes it."""
    before = counts(db)
    with subprocess.Popen(
        [sys.executable, "-m", "console", "--db", db_url, "demo", "--days", "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as proc:
        assert proc.stderr is not None
        lines = []
        for line in proc.stderr:  # not a terminal: one line per finished step
            lines.append(line)
            if line.startswith("[3/6]"):  # attendance written; the samples are going in now
                proc.send_signal(signal.SIGKILL)
                break
        proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, lines
    assert counts(db) == before
    assert cli.main(["--db", db_url, "demo", "--if-empty", "--days", "1"]) == 0
    assert is_demo_floor(db)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Incident)) > 0
        assert s.scalar(select(func.count()).select_from(IndicatorSample)) > 1000


def test_two_builds_at_once_make_one_floor(db: Database, db_url: str) -> None:
    """The second waits for the first (SQLite's write lock, PostgreSQL's advisory lock), then refuses."""
    outcomes: list[object] = []

    def build() -> None:
        other = Database.open(db_url)
        try:
            outcomes.append(create_demo_floor(other, days=1, now=NOW))
        except FloorExists as exc:
            outcomes.append(exc)
        finally:
            other.dispose()

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(type(o).__name__ for o in outcomes) == ["FloorExists", "str"]
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Floor)) == 1


def test_progress_names_every_step_with_its_figures(db: Database) -> None:
    seen: list[Progress] = []
    summary = create_demo_floor(db, days=1, now=NOW, progress=seen.append)
    finished = [p for p in seen if p.finished]
    assert [p.key for p in finished] == list(BUILD_STEPS)
    samples = next(p for p in finished if p.key == "samples")
    assert f"{samples.total:,} samples" in summary
    assert samples.figures() == f"{samples.total:,} samples"
    running = [p for p in seen if p.key == "samples" and not p.finished and p.done]
    assert running
    assert running[0].figures() == f"{running[0].done:,} of {samples.total:,} samples"
    elapsed = [p.elapsed for p in seen]
    assert elapsed == sorted(elapsed)
    fractions = [p.fraction() for p in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0


def test_terminal_progress_one_line_per_step_or_one_line_rewritten() -> None:
    steps = ("organisation", "samples")
    events = [
        Progress("organisation", 1, steps, 0, 150, 0.0, False),
        Progress("organisation", 1, steps, 150, 150, 0.2, True),
        Progress("samples", 2, steps, 0, 2000, 0.2, False),
        Progress("samples", 2, steps, 1000, 2000, 0.25, False),  # too soon after the last: not shown
        Progress("samples", 2, steps, 1500, 2000, 0.4, False),
        Progress("samples", 2, steps, 2000, 2000, 0.5, True),
    ]
    plain, tty = io.StringIO(), io.StringIO()
    for out, is_tty in ((plain, False), (tty, True)):
        show = TerminalProgress(out, tty=is_tty)
        for p in events:
            show(p)
    assert plain.getvalue() == (
        "[1/2] Organisation: 150 agents (0.2 s)\n[2/2] Risk indicator samples: 2,000 samples (0.5 s)\n"
    )
    clear = TerminalProgress.CLEAR_LINE
    assert tty.getvalue() == (
        f"{clear}[1/2] Organisation: 0 of 150 agents (0.0 s) …"
        f"{clear}[1/2] Organisation: 150 agents (0.2 s)\n"
        f"{clear}[2/2] Risk indicator samples: 0 of 2,000 samples (0.2 s) …"
        f"{clear}[2/2] Risk indicator samples: 1,500 of 2,000 samples (0.4 s) …"
        f"{clear}[2/2] Risk indicator samples: 2,000 samples (0.5 s)\n"
    )


def test_cli_prints_the_steps_to_stderr_and_the_summary_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["db", "create", str(tmp_path / "f.db")]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(tmp_path / "f.db"), "demo", "--days", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Demo floor created in SQLite")
    assert [line.split("]")[0] for line in err.splitlines()] == [f"[{i}" + "/6" for i in range(1, 7)]
    assert "Risk indicator samples: 28," in err
    assert err.rstrip().endswith("s)")


# -- demo --reset -------------------------------------------------------------------------------------------
@pytest.fixture
def demo_floor(demo_backend: str, copy_demo: Any) -> DemoFloor:
    floor: DemoFloor = copy_demo(demo_backend, SPEC)
    return floor


def test_reset_replaces_a_demo_floor_and_keeps_the_audit_log(
    demo_floor: DemoFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_floor.db
    assert is_demo_floor(db)
    before = counts(db)
    assert cli.main(["--db", demo_floor.url, "demo", "--reset", "--yes", "--days", "1", "--seed", "8"]) == 0
    after = counts(db)
    assert after["floors"] == 1
    assert is_demo_floor(db)
    assert after["indicator_samples"] < before["indicator_samples"]  # one day now, not two
    assert after["audit_log"] > before["audit_log"]  # append-only: the old floor's history stays
    with db.reading() as s:
        actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)))
        assert actions == [DEMO_BUILT]
    assert "[1/7] Clearing the old demo floor" in capsys.readouterr().err


def test_reset_stopped_half_way_keeps_the_old_floor(demo_floor: DemoFloor) -> None:
    before = counts(demo_floor.db)
    with pytest.raises(Cancelled):
        create_demo_floor(demo_floor.db, days=1, now=NOW, replace=True, progress=stop_at("samples"))
    assert counts(demo_floor.db) == before


def test_reset_refuses_a_floor_the_demo_did_not_build(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    build_small_floor(db, floor_now())
    before = counts(db)
    assert not is_demo_floor(db)
    assert cli.main(["--db", db_url, "demo", "--reset", "--yes"]) == 2
    assert "the demo did not build" in capsys.readouterr().err
    assert counts(db) == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code"), [("n", 2), ("", 2), ("y", 0)])
def test_reset_asks_on_a_terminal(
    demo_floor: DemoFloor,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    code: int,
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal(answer + "\n"))
    before = counts(demo_floor.db)
    assert cli.main(["--db", demo_floor.url, "demo", "--reset", "--days", "1"]) == code
    out, err = capsys.readouterr()
    assert "Replace the demo floor in" in out  # the question
    if code:
        assert "Nothing was changed." in err
        assert counts(demo_floor.db) == before
    else:
        assert counts(demo_floor.db)["indicator_samples"] < before["indicator_samples"]


def test_reset_without_a_terminal_needs_yes(
    demo_floor: DemoFloor, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    before = counts(demo_floor.db)
    assert cli.main(["--db", demo_floor.url, "demo", "--reset"]) == 2
    assert "run it on a terminal to confirm, or add --yes" in capsys.readouterr().err
    assert counts(demo_floor.db) == before


def test_reset_and_if_empty_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["demo", "--reset", "--if-empty"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_feed_sees_a_reset(demo_floor: DemoFloor) -> None:
    """Consoles open on the floor follow the reset like any change (the deletions are in the feed)."""
    with demo_floor.db.reading() as s:
        seq = s.scalar(text("SELECT max(seq) FROM change_feed"))
    create_demo_floor(demo_floor.db, days=1, now=NOW, replace=True)
    with demo_floor.db.reading() as s:
        ops = set(s.scalars(text("SELECT DISTINCT op FROM change_feed WHERE seq > :seq"), {"seq": seq}))
    assert {"delete", "insert"} <= ops


def test_the_build_benchmark_measures_the_build_beside_its_baseline(tmp_path: Path) -> None:
    from tests.bench.demo_build import sqlite_once

    run = sqlite_once(tmp_path, days=1)
    assert set(run["steps_s"]) == set(BUILD_STEPS)
    assert run["samples"] > 20_000
    assert run["baseline_executemany_s"] > 0
    assert list(tmp_path.iterdir()) == []  # it cleans up after itself


def test_ctrl_c_says_nothing_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = TerminalProgress.__call__

    def interrupted(self: TerminalProgress, p: Progress) -> None:
        shown(self, p)
        if p.key == "samples" and p.done:
            raise KeyboardInterrupt

    monkeypatch.setattr(TerminalProgress, "__call__", interrupted)
    path = tmp_path / "f.db"
    assert cli.main(["db", "create", str(path)]) == 0
    assert cli.main(["--db", str(path), "demo", "--days", "1"]) == 130
    assert "Interrupted: the demo floor was not created, nothing was written." in capsys.readouterr().err
    db = Database.open(str(path))
    assert not has_floor(db)
    assert counts(db)["audit_log"] == 0
    db.dispose()
