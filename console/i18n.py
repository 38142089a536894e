"""Translation hooks for the core.

The core imports no Qt, yet its messages reach the supervisor and must be translated. Strings are
marked with :func:`QT_TRANSLATE_NOOP` (recognised by ``pyside6-lupdate``) and translated at the edge
with :func:`translate`, which the UI wires to ``QCoreApplication.translate`` at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - lupdate looks for this name
    """Mark ``text`` for translation in ``context``; return it unchanged."""
    return text


def install_translator(func: Translator | None) -> None:
    """Route core messages through ``func`` (``None`` restores English)."""
    global _translator
    _translator = func or _identity


def translate(context: str, text: str) -> str:
    """Translate a marked string with the installed translator."""
    return _translator(context, text)
