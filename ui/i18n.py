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


# Languages the console speaks, each named in itself (a menu lists them so, whatever the current language).
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []
_language = "en"


def current_language() -> str:
    """The language the console speaks now (a key of :data:`LANGUAGES`)."""
    return _language


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Switch to ``language`` (``en`` needs no catalogue), replacing whatever was installed before, so it can
    be called again at run time: Qt then sends every widget a ``LanguageChange`` event. Returns the
    translators installed (they are also kept alive here)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language if language and language != "en" else "en_US"))
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
    _installed.extend(installed)
    global _language
    _language = language or "en"
    # The core marks its messages with QT_TRANSLATE_NOOP; translate them with the same catalogue.
    i18n.install_translator(QCoreApplication.translate)
    return installed
