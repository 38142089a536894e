"""Where failures go: a rotating log file in the platform's log directory, and hooks for the uncaught ones.

Nothing here knows Qt: the console passes a callback that shows an uncaught error on screen (once, without
blocking); the core only logs it, with its traceback, to the file and to stderr.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs

log = logging.getLogger("watchfloor")

LOG_BYTES = 2_000_000
LOG_BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def log_dir() -> Path:
    """``~/.local/state/watchfloor/log`` on Linux, ``%LOCALAPPDATA%\\watchfloor\\Logs`` on Windows."""
    return Path(
        os.environ.get("WATCHFLOOR_LOG_DIR") or platformdirs.user_log_dir("watchfloor", appauthor=False)
    )


def add_file_log(level: int = logging.INFO) -> Path | None:
    """Log to ``watchfloor.log`` in :func:`log_dir` (rotated at 2 MB, 5 kept). Returns its path, or ``None``
    (said on stderr) when the directory cannot be written: the console still runs."""
    path = log_dir() / "watchfloor.log"
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError as exc:
        log.warning("no log file (%s): logging to stderr only", exc)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    # The file takes INFO and up; stderr keeps the level it had (the root's, before this).
    previous = root.level or logging.WARNING
    for other in root.handlers:
        if other.level == logging.NOTSET:
            other.setLevel(previous)
    root.addHandler(handler)
    root.setLevel(min(previous, level))
    return path


OnError = Callable[[str], None]


def install_excepthooks(on_error: OnError | None = None) -> None:
    """Uncaught exceptions, on the main thread or any other, are logged with their traceback and handed
    to ``on_error`` (a one-line summary) instead of vanishing to stderr."""

    def report(
        kind: str, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc or exc_type(), tb)
            return
        log.critical("uncaught exception %s", kind, exc_info=(exc_type, exc or exc_type(), tb))
        if on_error is not None:
            try:
                on_error(f"{exc_type.__name__}: {exc}")
            except Exception:  # noqa: BLE001 - the reporter itself must never raise from a hook
                log.exception("could not show an uncaught exception")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        report(f"in thread {name}", args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = lambda t, e, tb: report("", t, e, tb)
    threading.excepthook = thread_hook
