"""The benchmark's building blocks on tiny counts, so ``watchfloor bench`` cannot rot unnoticed.

The figures themselves are measured, not asserted: these tests only check that each block measures.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel

from console.db.engine import Database
from console.feed import changes_since, last_seq
from ui.bench.options import BenchOptions, add_options, read_options
from ui.bench.outage import split_at
from ui.bench.plain import PlainSQL, trickle
from ui.bench.spawn import Target
from ui.bench.stall import StallMeter
from ui.bench.stats import percentile
from ui.bench.window import QueueWatcher
from ui.models.incident_queue import IdRole


def test_the_stall_meter_sees_the_gui_thread_blocked(qtbot: Any) -> None:
    meter = StallMeter()
    meter.start()
    QTimer.singleShot(100, lambda: time.sleep(0.08))  # the GUI thread stops answering for 80 ms
    qtbot.wait(500)
    summary = meter.stop()
    assert len(summary.gaps_ms) > 20
    assert summary.max_ms >= 80
    assert any(gap >= 80 for _at, gap in summary.long_gaps())
    assert summary.p99_ms <= summary.max_ms
    during, after = split_at(summary, 0.05)
    assert len(during.gaps_ms) + len(after.gaps_ms) == len(summary.gaps_ms)
    assert after.max_ms >= 80


def test_percentile_interpolates() -> None:
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([0, 10], 95) == pytest.approx(9.5)


def test_plain_sql_writes_reach_the_feed_without_the_services(db: Database) -> None:
    url = db.url.render_as_string(hide_password=False)
    before = last_seq(db)
    lines: list[str] = []
    trickle(url, "t3st", 3, 0.0, lines.append)
    assert all(line.startswith("CHANGE ") for line in lines)
    ids = {int(line.split()[2]) for line in lines}
    assert len(ids) == 3
    fed = changes_since(db, before)
    assert {r.entity_id for r in fed if r.topic == "incident" and r.op == "insert"} == ids
    assert all(r.origin is None for r in fed)  # no console wrote them
    with PlainSQL(url) as plain:
        assert plain.close_incidents("t3st") == 0  # trickle closed them already
        assert plain.newest_seq() == last_seq(db)


def test_plain_sql_samples_come_and_go(db: Database, small_floor: Any) -> None:
    url = db.url.render_as_string(hide_password=False)
    before = last_seq(db)
    with PlainSQL(url) as plain:
        keys = plain.add_samples(4)
        assert len(keys) == 4
        plain.delete_samples(keys)
    fed = changes_since(db, before)
    assert {r.op for r in fed if r.topic == "samples"} == {"insert", "delete"}


def test_the_queue_watcher_notes_rows_inserted_and_reset(qtbot: Any) -> None:
    model = QStandardItemModel()

    def row(inc: int) -> list[QStandardItem]:
        item = QStandardItem(f"#{inc}")
        item.setData(inc, IdRole)
        return [item]

    model.appendRow(row(1))
    watcher = QueueWatcher(model)
    assert watcher.holds({1})
    model.appendRow(row(2))
    assert watcher.holds({1, 2})
    model.clear()
    model.appendRow(row(3))
    assert watcher.holds({3})
    watcher.close()


def test_the_queue_watcher_reads_a_keyed_models_keys(qtbot: Any) -> None:
    class Keyed(QStandardItemModel):
        def keys(self) -> list[int]:  # as KeyedTableModel: the ids in row order
            return [int(self.item(r).text()) for r in range(self.rowCount())]

    model = Keyed()
    watcher = QueueWatcher(model)
    model.appendRow(QStandardItem("7"))
    model.appendRow(QStandardItem("8"))
    assert watcher.holds({7, 8})
    watcher.close()


def test_options_have_defaults_and_can_be_declared() -> None:
    assert read_options(argparse.Namespace()) == BenchOptions()
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    add_options(parser)
    add_options(parser)  # twice is harmless
    opts = read_options(
        parser.parse_args(["--stall-seconds", "2", "--skip", "start,stall", "--skip", "plain"])
    )
    assert opts.stall_seconds == 2
    assert opts.skip == {"start", "stall", "plain"}
    assert not opts.runs("start")
    assert opts.runs("outage")
    with pytest.raises(SystemExit):
        read_options(argparse.Namespace(skip=["everything"]))


def test_a_bare_window_starts_in_a_child_and_reports_its_paint() -> None:
    from ui.bench.fresh import time_start

    painted, charted = time_start(Target("sqlite:///unused.db"), bare=True)
    assert 0 < painted < 30
    assert charted == painted  # its plot is drawn with the rest


def test_the_console_paints_its_data_before_it_imports_pyqtgraph(copy_demo) -> None:  # type: ignore[no-untyped-def]
    """The first data does not wait for the charts' import (about 0.2 s); the charts follow, and the child
    says when each is on screen."""
    from tests.conftest import ONE_DAY_DEMO
    from ui.bench.fresh import time_start

    floor = copy_demo("sqlite", ONE_DAY_DEMO)
    painted, charted = time_start(Target(floor.url), bare=False)
    assert 0 < painted <= charted < 60


def test_the_window_is_built_and_loaded_without_pyqtgraph_or_psycopg() -> None:
    """On the embedded SQLite file start-up loads no psycopg, and no pyqtgraph until the first data is in."""
    import subprocess
    import sys

    code = (
        "import sys, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "import ui.app, ui.mainwindow, ui.docks.registry, console.feed, console.connect\n"
        "print(sorted(m for m in ('psycopg', 'pyqtgraph', 'alembic') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.postgres
def test_a_silent_cut_is_timed_to_offline(
    qtbot: Any, pg_behind_proxy: tuple[Database, Any, Database]
) -> None:
    from ui.bench.outage import cut_until_offline
    from ui.hub import LiveHub

    direct, proxy, via = pg_behind_proxy
    hub = LiveHub(via)
    try:
        hub.start(last_seq(direct))
        qtbot.wait(700)  # a first step through the proxy
        assert hub.online
        assert 0 < cut_until_offline(hub, proxy.cut) < 10
    finally:
        hub.stop()
