"""Entry script of the frozen ``watchfloor`` executable (PyInstaller runs this file as ``__main__``).

With ``WATCHFLOOR_BUNDLE_CHECK=1`` in the environment it checks instead what a freeze can silently leave out
(files found by path, modules found by name or entry point) and prints ``OK`` or the failures; ``make freeze``
runs it on every build. ``self-check`` tests the running console; this tests the bundle's contents.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable


def _check_migrations() -> str:
    from console.db import migrate

    missing = [n for n in ("env.py", "script.py.mako") if not (migrate.MIGRATIONS_DIR / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{missing} not in {migrate.MIGRATIONS_DIR}")
    return f"head {migrate.head_revision()}, {len(migrate.known_revisions())} revision(s)"


def _check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from ui import i18n

    ours = sorted(p.name for p in i18n.locale_dir().glob("*.qm"))
    if not ours:
        raise FileNotFoundError(f"no .qm in {i18n.locale_dir()}")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", qt_dir):
        raise FileNotFoundError(f"qtbase_zh_CN.qm not loadable from {qt_dir}")
    return f"{', '.join(ours)} + qtbase_zh_CN"


def _check_runbooks() -> str:
    from console.services import runbooks
    from console.services.incidents import CATEGORIES

    missing = [c for c in CATEGORIES if runbooks.runbook(c) is None]
    if missing:
        raise FileNotFoundError(f"runbooks {missing} not in {runbooks.RUNBOOK_DIR}")
    return f"{len(CATEGORIES)} runbooks in {runbooks.RUNBOOK_DIR}"


def _check_tzdata() -> str:
    import zoneinfo
    from importlib import resources

    # Windows has no system zone database: the tzdata package must carry it. Look only there.
    zoneinfo.reset_tzpath([])
    try:
        zoneinfo.ZoneInfo.clear_cache()
        zone = zoneinfo.ZoneInfo("Asia/Kuala_Lumpur")
    finally:
        zoneinfo.reset_tzpath()
    import tzdata

    if not resources.files("tzdata").joinpath("zones").is_file():
        raise FileNotFoundError("tzdata/zones")
    return f"tzdata {tzdata.IANA_VERSION}, {zone}"


def _check_keyring() -> str:
    from importlib.metadata import entry_points

    import keyring.backend

    if not entry_points(group="keyring.backends"):
        raise LookupError("no keyring.backends entry points (dist-info metadata not collected)")
    native = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}.get(
        sys.platform, "keyring.backends.SecretService"
    )
    __import__(native)
    names = sorted({type(k).__module__.rsplit(".", 1)[-1] for k in keyring.backend.get_all_keyring()})
    return f"{native} importable; viable here: {', '.join(names) or 'none'}"


def _check_psycopg() -> str:
    import psycopg

    if psycopg.pq.__impl__ != "binary":
        raise ImportError(f"psycopg runs its {psycopg.pq.__impl__} implementation, not the bundled binary")
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {psycopg.pq.version()})"


def _check_dialects() -> str:
    from sqlalchemy.dialects import registry

    for name in ("sqlite.pysqlite", "postgresql.psycopg"):
        registry.load(name)
    return "sqlite.pysqlite, postgresql.psycopg"


def _check_libraries() -> str:
    import pandas
    import pyqtgraph

    return f"pandas {pandas.__version__}, pyqtgraph {pyqtgraph.__version__}"


CHECKS: dict[str, Callable[[], str]] = {
    "migrations": _check_migrations,
    "translations": _check_translations,
    "runbooks": _check_runbooks,
    "tzdata": _check_tzdata,
    "keyring": _check_keyring,
    "psycopg": _check_psycopg,
    "dialects": _check_dialects,
    "libraries": _check_libraries,
}


def bundle_check() -> int:
    failed = []
    for name, check in CHECKS.items():
        try:
            print(f"  {name}: {check()}")
        except Exception as exc:  # noqa: BLE001 - report every failure, then fail once
            failed.append(name)
            print(f"  {name}: FAILED: {type(exc).__name__}: {exc}")
    print(f"bundle check FAILED: {', '.join(failed)}" if failed else "OK")
    return 1 if failed else 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("WATCHFLOOR_BUNDLE_CHECK") == "1":
        sys.exit(bundle_check())
    from ui.main import main

    sys.exit(main())
