"""Change to screen: from another process's commit until the open window's incident queue holds the row.

The writer (a second process) opens incidents one by one, 50-150 ms apart, printing each commit's wall-clock
time; the window notes when each id arrives in its model. The service writer goes through Watchfloor's
services (as another console or the simulator writes); the plain writer uses a bare sqlite3 / psycopg
connection and plain SQL, so its rows reach the screen only through the feed the database's triggers write.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ui.bench.spawn import Child, Target, console_command, light_command
from ui.bench.window import QueueWatcher, incident_model, wait_until

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

INTERVAL_S = 0.1
ARRIVAL_TIMEOUT_S = 30.0  # after the writer's last commit


def change_to_screen(window: MainWindow, target: Target, count: int, *, plain: bool) -> list[float]:
    """Milliseconds from each commit to the row in the window's queue model, in the order written.

    Raises:
        BenchError: the writer failed, or a change never reached the window.
    """
    from ui.bench.spawn import BenchError

    watcher = QueueWatcher(incident_model(window))
    committed: dict[int, float] = {}

    def on_line(line: str) -> None:  # on the reader thread; dict assignment is atomic
        if line.startswith("CHANGE "):
            _, _n, inc, at = line.split()
            committed[int(inc)] = float(at)

    run = uuid.uuid4().hex[:8]
    params = {"run": run, "count": count, "interval": INTERVAL_S, "url": target.url}
    if plain:
        writer = Child(light_command(target), "plain-writer", params, on_line)
    else:
        writer = Child(console_command(target), "writer", params, on_line)
    try:
        wait_until(
            lambda: len(committed) >= count or writer.proc.poll() is not None,
            count * INTERVAL_S * 5 + 120,
        )
        wait_until(lambda: watcher.holds(set(committed)), ARRIVAL_TIMEOUT_S)
        wait_until(lambda: writer.proc.poll() is not None, 120)  # it resolves them: let the window follow
        writer.wait(5)
    finally:
        watcher.close()
        writer.kill()
    missing = sorted(set(committed) - set(watcher.seen))
    if len(committed) < count or missing:
        raise BenchError(
            f"{'plain SQL' if plain else 'service'} writer: {len(committed)} of {count} changes committed, "
            f"{len(missing)} never reached the window (first ids: {missing[:5]})"
        )
    return [(watcher.seen[inc] - at) * 1000 for inc, at in committed.items()]
