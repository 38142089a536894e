"""What the benchmark's child processes do; ``python -m ui.bench.child`` runs the ones that need no settings.

Roles (the spec is the JSON in :data:`ui.bench.spawn.CHILD_ENV`):

- ``start`` / ``bare-start``: open the console (as ``watchfloor`` does) or the bare window, and the moment
  every dock shows its first data and the window is painted, print ``PAINTED <wall time>``; then, once the
  charts are drawn too (they follow the first data), ``CHARTS <wall time>``, and exit at once. With
  ``"first_start": true`` the console first builds the demo floor as a first start does (on the embedded
  file, behind its dialog): ``tests/bench/demo_build.py`` times that.
- ``stall`` / ``bare-stall``: open the window, let it settle, time the GUI thread's stalls for ``seconds``,
  print ``RESULT <json>`` and exit.
- ``writer`` / ``plain-writer``: open ``count`` incidents ``interval`` s apart, through the services or with
  plain SQL, printing ``CHANGE <n> <id> <commit wall time>`` after each commit; then close them.

A child ends with ``os._exit``: what it had to say is printed, and nothing it would tidy up matters (the
database connections are read-only or committed), so the parent never waits on a slow shutdown.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMainWindow

    from console.settings import Settings

SETTLE_S = 2.0  # after the first data, before a stall measurement starts
LOAD_TIMEOUT_S = 120
WRITER_SETTLE_S = 3.0  # after the last change, before the writer resolves them (each must reach the screen)


def run_child(spec: dict[str, Any], settings: Settings | None) -> int:
    role = spec["role"]
    if role in ("start", "stall"):
        if settings is None:
            raise SystemExit(f"bench child {role!r} needs the console's settings (run it through watchfloor)")
        app, window = _console(settings, first_start=bool(spec.get("first_start")))
    elif role in ("bare-start", "bare-stall"):
        app, window = _bare()
    elif role == "writer":
        assert settings is not None
        return _service_writer(settings.database, spec)
    elif role == "plain-writer":
        from ui.bench.plain import trickle

        trickle(spec["url"], spec["run"], int(spec["count"]), float(spec["interval"]), _say, WRITER_SETTLE_S)
        return 0
    else:
        raise SystemExit(f"unknown bench child role {role!r}")
    if role.endswith("start"):
        _when_loaded(app, window, lambda: _painted(window))
    else:
        _when_loaded(
            app, window, lambda: _measure(window, float(spec["seconds"]), spec.get("settle", SETTLE_S))
        )
    return app.exec()


def _say(line: str) -> None:
    print(line, flush=True)


def _exit_now(code: int = 0) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


# -- windows ----------------------------------------------------------------------------------------------
def _console(settings: Settings, *, first_start: bool = False) -> tuple[QApplication, QMainWindow]:
    """The console as ``watchfloor`` opens it: translations, connecting on a worker, the window, the feed;
    with ``first_start``, the first start's demo build on an empty embedded file before the window."""
    from ui import i18n
    from ui.app import build_window, connect, first_start_demo, make_app

    app = make_app()
    i18n.install(app, settings.language)
    db = connect(settings)
    if first_start:
        first_start_demo(settings, db)
    window = build_window(app, settings, db)
    window.show()
    window.start()
    return app, window


def _bare() -> tuple[QApplication, QMainWindow]:
    from PySide6.QtWidgets import QApplication

    from ui.bench.bare import build_bare_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = build_bare_window()
    window.show()
    return app, window


def _when_loaded(app: QApplication, window: QMainWindow, then: Any) -> None:
    """``then()`` once every dock shows its first data (the bare window has it from the start)."""
    from PySide6.QtCore import QTimer

    loaded = getattr(window, "allLoaded", None)
    if loaded is not None:
        loaded.connect(then)
    else:
        QTimer.singleShot(0, then)
    QTimer.singleShot(LOAD_TIMEOUT_S * 1000, _never_loaded)


def _never_loaded() -> None:
    _say("FAILED first data never came")
    _exit_now(1)


def _painted(window: QMainWindow) -> None:
    window.grab()  # renders the whole window, every dock with its data, now
    _say(f"PAINTED {time.time():.6f}")
    # The charts come just after the first data (their import is not on the way to it): say when.
    dock = next((d for d in getattr(window, "docks", ()) if hasattr(d, "chartsReady")), None)
    if dock is None or dock._charts is not None:
        _charted(window)
    else:
        from PySide6.QtCore import QTimer

        dock.chartsReady.connect(lambda: QTimer.singleShot(0, lambda: _charted(window)))


def _charted(window: QMainWindow) -> None:
    window.grab()
    _say(f"CHARTS {time.time():.6f}")
    _exit_now()


def _measure(window: QMainWindow, seconds: float, settle: float) -> None:
    from PySide6.QtCore import QTimer

    from ui.bench.stall import StallMeter

    meter = StallMeter(window)

    def finish() -> None:
        summary = meter.stop()
        _say(f"RESULT {json.dumps(summary.as_dict())}")
        _exit_now()

    QTimer.singleShot(int(settle * 1000), meter.start)
    QTimer.singleShot(int((settle + seconds) * 1000), finish)


# -- writers ----------------------------------------------------------------------------------------------
def _service_writer(url: str, spec: dict[str, Any]) -> int:
    """Incidents opened and resolved through the services, as another console or the simulator would."""
    from console.auth import SIMULATOR
    from console.connect import open_database
    from console.services import incidents
    from ui.bench.plain import jittered

    db = open_database(url)
    run, count, interval = spec["run"], int(spec["count"]), float(spec["interval"])
    ids = []
    for n in range(count):
        inc = incidents.open_incident(
            db,
            SIMULATOR,
            title=f"BENCH {run} {n}",
            category="tooling_outage",
            severity=4,
            summary="watchfloor bench: synthetic change",
        )
        _say(f"CHANGE {n} {inc} {time.time():.6f}")
        ids.append(inc)
        time.sleep(jittered(interval))
    time.sleep(WRITER_SETTLE_S)
    for inc in ids:  # closed, so a simulator running later has nothing of ours left to close
        version = incidents.transition(db, SIMULATOR, inc, "resolved", expected_version=1, message="bench")
        incidents.transition(db, SIMULATOR, inc, "closed", expected_version=version, message="bench done")
    db.dispose()
    return 0


def main() -> int:
    from ui.bench.spawn import CHILD_ENV

    spec = json.loads(os.environ.pop(CHILD_ENV, "") or '{"role": ""}')
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run_child(spec, None)


if __name__ == "__main__":
    sys.exit(main())
