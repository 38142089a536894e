"""``watchfloor self-check``: build the real window offscreen on the configured database and load every dock.

Used after install and on the frozen binary: it exercises the database driver, the migrations, the Qt
platform plugin, the translations and every dock's first load, and says which one failed.
"""

from __future__ import annotations

import os
import sys

from console.errors import WatchfloorError
from console.settings import Settings

TIMEOUT_MS = 60_000


def self_check(settings: Settings) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QTimer

    from console.cli import open_db
    from ui import i18n
    from ui.app import build_window, dispose_window, make_app

    app = make_app()
    i18n.install(app, settings.language)
    try:
        db = open_db(settings)  # as every command: the password asked for, the file checked (quick_check)
    except WatchfloorError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    window = build_window(app, settings, db)
    failures: list[str] = []
    for dock in window.docks:
        name = dock.objectName()
        dock.failed.connect(lambda msg, name=name: failures.append(f"{name}: {msg}"))
    loop = QEventLoop()
    window.allLoaded.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    window.show()
    window.start()
    timer.start(TIMEOUT_MS)
    if not all(d.is_loaded for d in window.docks):
        loop.exec()
    missing = [d.objectName() for d in window.docks if not d.is_loaded]
    from ui.docks.indicators import IndicatorsDock

    for dock in window.docks:
        if isinstance(dock, IndicatorsDock) and dock.is_loaded:
            # The charts are made just after the first data; made here, so a build without pyqtgraph fails.
            try:
                dock.charts.grab()
            except Exception as exc:  # noqa: BLE001 - reported as the check's failure
                failures.append(f"{dock.objectName()}: charts: {type(exc).__name__}: {exc}")
    dispose_window(window)  # not close(): a check must not overwrite the user's saved layout
    db.dispose()
    if failures or missing:
        for line in failures:
            print(f"FAILED: {line}", file=sys.stderr)
        if missing:
            print(
                f"FAILED: docks not loaded within {TIMEOUT_MS // 1000} s: {', '.join(missing)}",
                file=sys.stderr,
            )
        return 1
    print("OK")
    print(f"{len(window.docks)} docks loaded on {db.describe()}", file=sys.stderr)
    return 0
