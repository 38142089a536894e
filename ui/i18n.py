"""Load the console's translation and Qt's own (so standard dialogs speak the same language)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console import i18n

log = logging.getLogger(__name__)


def locale_dir() -> Path:
    """Where the compiled ``.qm`` files are: beside this module, or in the frozen bundle."""
    base = (
        Path(getattr(sys, "_MEIPASS", "")) / "ui" if getattr(sys, "frozen", False) else Path(__file__).parent
    )
    return base / "locale"


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install translators for ``language`` (``en`` installs none). Returns them (keep them alive)."""
    installed: list[QTranslator] = []
    if language and language != "en":
        ours = QTranslator(app)
        if ours.load(f"watchfloor_{language}", str(locale_dir())):
            app.installTranslator(ours)
            installed.append(ours)
        else:
            log.warning("no compiled translation for %s in %s", language, locale_dir())
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase",):
            qt = QTranslator(app)
            if qt.load(f"{name}_{language}", qt_dir):
                app.installTranslator(qt)
                installed.append(qt)
        QLocale.setDefault(QLocale(language))
    # The core marks its messages with QT_TRANSLATE_NOOP; translate them with the same catalogue.
    i18n.install_translator(QCoreApplication.translate)
    return installed
