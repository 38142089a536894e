"""Failures are written down: a rotating log file, and uncaught exceptions on any thread reach it."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from console import logs


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("WATCHFLOOR_LOG_DIR", str(tmp_path / "log"))
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    hooks = sys.excepthook, threading.excepthook
    path = logs.add_file_log()
    assert path is not None
    yield path
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def _flushed(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            handler.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_file_is_in_the_platform_log_dir_and_takes_info(log_file: Path) -> None:
    assert log_file.parent == logs.log_dir()
    logging.getLogger("console.feed").info("change feed reachable again at seq 42")
    assert "change feed reachable again at seq 42" in _flushed(log_file)
    assert logs.add_file_log() == log_file  # twice is once
    files = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert len(files) == 1


def test_an_uncaught_exception_in_a_thread_is_logged_with_its_traceback_and_reported(log_file: Path) -> None:
    seen: list[str] = []
    logs.install_excepthooks(seen.append)

    def broken() -> None:
        raise ValueError("a worker tripped")

    thread = threading.Thread(target=broken, name="worker-x")
    thread.start()
    thread.join()
    text = _flushed(log_file)
    assert "uncaught exception in thread worker-x" in text
    assert "Traceback" in text
    assert 'raise ValueError("a worker tripped")' in text
    assert seen == ["ValueError: a worker tripped"]


def test_an_uncaught_exception_on_the_main_thread_is_logged(log_file: Path) -> None:
    seen: list[str] = []
    logs.install_excepthooks(seen.append)
    try:
        raise KeyError("dock state")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert "KeyError: 'dock state'" in _flushed(log_file)
    assert seen == ["KeyError: 'dock state'"]
