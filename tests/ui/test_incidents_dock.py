"""The incident queue dock: exact rows for a known floor, live upserts, SLA countdown; and the LiveDock
machinery under every dock: stale results dropped, failures contained, periodic reconciliation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool

from console.auth import SYSTEM
from console.db.engine import Database
from console.feed import changes_since, last_seq
from console.services import incidents
from ui.docks.incidents import IncidentsDock
from ui.models.incident_queue import COLUMNS, IdRole, SlaStateRole
from ui.tasks import TaskRunner


def _titles(model) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(r, COLUMNS.index("title")).data() for r in range(model.rowCount())]


def test_queue_holds_open_incidents(qtbot, qtmodeltester, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    assert sorted(_titles(dock.model)) == [
        "Credential-stuffing wave on login edge",
        "KYC rejection rate drifting up",
    ]
    row = _titles(dock.model).index("Credential-stuffing wave on login edge")
    cell = lambda col: dock.model.index(row, COLUMNS.index(col)).data()  # noqa: E731
    assert (cell("severity"), cell("age"), cell("sla"), cell("owner"), cell("status")) == (
        "P1",
        "3:00",
        "2:00",
        "unassigned",
        "Open",
    )
    assert (
        dock.model.index(row, 0).data(SlaStateRole) == "half"
    )  # 3 of its 5 minutes to acknowledge gone: 60 %
    assert "Open 2 · P1 1" in dock.summary.text()


def test_live_changes_insert_update_and_drop_rows(
    qtbot, qtmodeltester, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    qtmodeltester.check(dock.model)
    seq = last_seq(db)
    new_id = incidents.open_incident(
        db,
        SYSTEM,
        title="Withdrawals to new addresses spiking",
        category="withdrawal_anomaly",
        severity=2,
        at=small_floor.now,
    )
    incidents.transition(
        db,
        SYSTEM,
        small_floor.incidents["p1"],
        "acknowledged",
        expected_version=1,
        owner_agent_id=small_floor.agents["Ben"],
        at=small_floor.now,
    )
    incidents.transition(
        db, SYSTEM, small_floor.incidents["p3"], "resolved", expected_version=2, at=small_floor.now
    )
    with qtbot.waitSignal(dock.updated, timeout=2000):
        ctx.hub.dispatch(changes_since(db, seq))
    ids = {dock.model.index(r, 0).data(IdRole) for r in range(dock.model.rowCount())}
    assert ids == {new_id, small_floor.incidents["p1"]}
    p1_row = [dock.model.index(r, 0).data(IdRole) for r in range(dock.model.rowCount())].index(
        small_floor.incidents["p1"]
    )
    assert dock.model.index(p1_row, COLUMNS.index("owner")).data() == "Ben"
    # Acknowledged: the countdown now runs against the 1-hour resolve SLA.
    assert dock.model.index(p1_row, COLUMNS.index("sla")).data() == "57:00"


def test_sorting_by_severity(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now + timedelta(minutes=10))
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    dock.view.sortByColumn(COLUMNS.index("severity"), Qt.SortOrder.DescendingOrder)
    assert [dock.model.index(r, 0).data() for r in range(dock.model.rowCount())] == ["P3", "P1"]
    # Ten minutes on, the P1's 5-minute acknowledge SLA is breached.
    p1 = [dock.model.index(r, 0).data() for r in range(dock.model.rowCount())].index("P1")
    assert dock.model.index(p1, COLUMNS.index("sla")).data() == "-8:00"
    assert dock.model.index(p1, 0).data(SlaStateRole) == "breached"


# -- the LiveDock machinery ----------------------------------------------------------------------------
class DeferredRunner(TaskRunner):
    """Holds every read until the test finishes it, in the order the test chooses."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Any]] = []

    def _start(self, pool: QThreadPool, fn: Any, on_done: Any, on_error: Any) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self, n: int) -> None:
        fn, on_done, on_error = self.jobs.pop(n)
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(result)


def _open(db: Database, small_floor, title: str) -> int:  # type: ignore[no-untyped-def]
    return incidents.open_incident(
        db, SYSTEM, title=title, category="feed_failure", severity=4, at=small_floor.now
    )


@pytest.mark.parametrize("late", ["refetch first", "reload first"])
def test_a_reload_makes_a_running_refetch_stale(
    qtbot, db: Database, small_floor, make_ctx, late: str
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    runner = ctx.runner = DeferredRunner()
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    runner.finish(0)
    assert dock.is_loaded
    patches: list[object] = []
    apply_patch = dock.apply_patch
    dock.apply_patch = lambda patch: (patches.append(patch), apply_patch(patch))  # type: ignore[method-assign]
    seq = last_seq(db)
    first = _open(db, small_floor, "Named by the batch")
    ctx.hub.dispatch(changes_since(db, seq))  # a refetch starts...
    assert len(runner.jobs) == 1
    second = _open(db, small_floor, "Written after the batch")
    dock.load()  # ...and a reload starts while it runs: the refetch's result is stale
    assert len(runner.jobs) == 2
    with qtbot.waitSignal(dock.updated, timeout=1000):
        if late == "refetch first":
            runner.finish(0)  # dropped, though it arrives first
            assert patches == []
            runner.finish(0)
        else:
            runner.finish(1)
            runner.finish(0)  # arrives late: dropped
    assert patches == []
    assert {first, second} <= set(dock.model.ids())
    assert runner.jobs == []  # nothing left pending


def test_an_exception_while_applying_is_logged_and_the_dock_reloads(
    qtbot, caplog, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    apply_patch = dock.apply_patch
    broken = [True]

    def apply_once_broken(patch: Any) -> None:
        if broken.pop() if broken else False:
            raise RuntimeError("injected into apply")
        apply_patch(patch)

    dock.apply_patch = apply_once_broken  # type: ignore[method-assign]
    failures: list[str] = []
    dock.failed.connect(failures.append)
    seq = last_seq(db)
    new_id = _open(db, small_floor, "Must not be lost")
    with qtbot.waitSignal(dock.updated, timeout=1000), caplog.at_level(logging.WARNING, "ui.docks.base"):
        ctx.hub.dispatch(changes_since(db, seq))
    [record] = [r for r in caplog.records if r.exc_info]
    assert "incidents: applying" in record.getMessage()
    assert "injected into apply" in str(record.exc_info[1])
    assert len(failures) == 1  # reported once
    assert "injected into apply" in failures[0]
    assert new_id in dock.model.ids()  # the dock reloaded its snapshot: the batch was not lost
    assert dock.summary.text().startswith("Open 3 ·")


def test_a_failed_read_keeps_its_ids_and_retries(
    qtbot, db: Database, small_floor, make_ctx, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    monkeypatch.setattr(IncidentsDock, "RETRY_MS", 10)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    seq = last_seq(db)
    new_id = _open(db, small_floor, "Read after the outage")
    changes = changes_since(db, seq)
    reading = Database.reading
    down = [True]

    def offline(self: Database) -> Any:
        if down:
            down.pop()
            raise ConnectionError("database unreachable")
        return reading(self)

    monkeypatch.setattr(Database, "reading", offline)
    with qtbot.waitSignal(dock.failed, timeout=1000):
        ctx.hub.dispatch(changes)
    assert new_id not in dock.model.ids()
    with qtbot.waitSignal(dock.updated, timeout=2000):
        pass  # the retry timer reads the same ids again
    assert new_id in dock.model.ids()


def test_reconciliation_finds_what_no_batch_named(qtbot, caplog, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    with caplog.at_level(logging.WARNING, "ui.docks.base"):
        dock.reconcile()
    assert caplog.records == []  # nothing to find
    missed = _open(db, small_floor, "No batch named this one")  # never dispatched
    incidents.transition(
        db, SYSTEM, small_floor.incidents["p3"], "resolved", expected_version=2, at=small_floor.now
    )
    with qtbot.waitSignal(dock.updated, timeout=1000), caplog.at_level(logging.WARNING, "ui.docks.base"):
        dock.reconcile()
    assert [r.getMessage() for r in caplog.records] == ["incidents: reconciliation found 2 rows out of date"]
    assert set(dock.model.ids()) == {small_floor.incidents["p1"], missed}


def test_reconciliation_runs_on_a_timer(qtbot, db: Database, small_floor, make_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(IncidentsDock, "RECONCILE_MS", 20)
    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    missed = _open(db, small_floor, "Found by the timer")
    qtbot.waitUntil(lambda: missed in dock.model.ids(), timeout=2000)


def test_a_reload_batch_reloads(qtbot, db: Database, small_floor, make_ctx) -> None:  # type: ignore[no-untyped-def]
    from console.topics import ChangeBatch

    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    missed = _open(db, small_floor, "Behind a gap in the feed")
    with qtbot.waitSignal(dock.updated, timeout=1000):
        ctx.hub.emit_batch(ChangeBatch(reload="gap in the feed"))
    assert missed in dock.model.ids()


def test_a_large_batch_waits_for_the_docks_turn_a_small_one_does_not(
    qtbot, db: Database, small_floor, make_ctx
) -> None:  # type: ignore[no-untyped-def]
    """After an outage every dock reads its catch-up in turn (stagger_ms apart), so their applies and
    repaints do not pile into one stall; an ordinary live batch is read at once."""
    from console.topics import ChangeBatch, Topic
    from ui.docks.base import LARGE_BATCH

    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.stagger_ms = 60
    dock.load()
    first = _open(db, small_floor, "Read at once")
    with qtbot.waitSignal(dock.updated, timeout=100):
        ctx.hub.emit_batch(ChangeBatch(ids={Topic.INCIDENT: frozenset({first})}))
    assert first in dock.model.ids()

    second = _open(db, small_floor, "Read in its turn")
    many = frozenset({second, *range(10_000_000, 10_000_000 + LARGE_BATCH)})  # ids that do not exist: gone
    ctx.hub.emit_batch(ChangeBatch(ids={Topic.INCIDENT: many}))
    assert second not in dock.model.ids()  # not yet: its turn is 60 ms away
    with qtbot.waitSignal(dock.updated, timeout=1000):
        pass
    assert second in dock.model.ids()


def test_rows_copy_as_shown_and_the_queue_exports_with_real_values(  # type: ignore[no-untyped-def]
    qtbot, db: Database, small_floor, make_ctx, tmp_path
) -> None:
    import pandas as pd
    from PySide6.QtGui import QGuiApplication

    ctx = make_ctx(db, small_floor.now)
    dock = IncidentsDock(ctx)
    qtbot.addWidget(dock)
    dock.load()
    dock.view.selectAll()
    text = dock.copy_selection()
    lines = text.strip().splitlines()
    assert len(lines) == 1 + dock.model.rowCount()
    assert lines[0].split("\t")[0] == "Severity"
    assert "Category" not in lines[0]  # a hidden column is not copied
    assert QGuiApplication.clipboard().text() == text
    assert dock.last_message == f"{dock.model.rowCount()} incident(s) copied"

    path = tmp_path / "queue.xlsx"
    dock.export_to(path)
    frame = pd.read_excel(path)
    assert len(frame) == dock.model.rowCount()
    assert frame["Ref"].tolist() == [r.ref for r in dock.model.rows()]  # the queue's order
    assert frame["SLA left (min)"].dtype.kind in "if"  # numbers, not text
    assert frame["Opened"].dtype.kind == "M"  # real moments, not text
    assert str(path) in dock.last_message
