"""Closing the console during a silent network cut: a clean exit within a second, no abort."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy.engine import make_url

from console.db import migrate
from console.db.engine import make_engine
from ui.bench.proxy import SilentCutProxy

CHILD = """
import sys
import ui.app as app
from console.settings import Settings

built = app.build_window

def hooked(*args, **kwargs):
    window = built(*args, **kwargs)
    window.allLoaded.connect(lambda: print("READY", flush=True))
    window.ctx.hub.statusChanged.connect(lambda s: print("ONLINE" if s.online else "OFFLINE", flush=True))
    return window

app.build_window = hooked
sys.exit(app.run_console(Settings.load(overrides={"database_url": sys.argv[1]})))
"""


def _wait_for(proc: subprocess.Popen[str], word: str, seconds: float) -> None:
    assert proc.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.strip() == word:
            return
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"no {word} from the console within {seconds} s")


@pytest.mark.postgres
def test_closing_during_a_silent_cut_exits_cleanly_within_a_second(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(pg_url)
    migrate.upgrade(engine)
    engine.dispose()
    url = make_url(pg_url)
    proxy = SilentCutProxy((url.host or "127.0.0.1", url.port or 5432))
    via = url.set(port=proxy.port).render_as_string(hide_password=False)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WATCHFLOOR_LOG_DIR": str(tmp_path / "log")}
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, via], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            _wait_for(proc, "READY", 60)
            proxy.cut()
            _wait_for(proc, "OFFLINE", 5)
            asked = time.monotonic()
            proc.send_signal(signal.SIGTERM)  # what closing the window does (stop_on_signals closes it)
            code = proc.wait(10)
            took = time.monotonic() - asked
        finally:
            if proc.poll() is None:
                proc.kill()
            proxy.close()
        stderr = proc.stderr.read() if proc.stderr else ""
    assert code == 0, stderr
    assert "QThread: Destroyed" not in stderr
    assert took < 1.0, f"exit took {took:.2f} s"
