"""Tables out of the console: CSV and Excel files people open in a spreadsheet, and text for the clipboard.

Values keep their types (numbers stay numbers, moments become the floor's local time without a zone, which
is what a spreadsheet can hold), and text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@``, a tab or a carriage return at the start: CSV/formula injection, OWASP) is neutralised with a leading
apostrophe. A file is written whole or not at all: to a temporary file beside it, then renamed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from console.errors import WatchfloorError
from console.i18n import QT_TRANSLATE_NOOP

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
KINDS = (".csv", ".xlsx")


class ExportFailed(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Could not export to {path}: {reason}")


class UnknownExportKind(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Cannot export to {path}: choose a .csv or .xlsx file.")


def neutralise(value: Any) -> Any:
    """``value`` safe to open in a spreadsheet: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell(value: Any, tz: tzinfo) -> Any:
    """A value as a spreadsheet cell: aware moments in ``tz`` without their zone, text neutralised."""
    if isinstance(value, datetime):
        return value.astimezone(tz).replace(tzinfo=None) if value.tzinfo else value
    return neutralise(value)


def tsv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as tab-separated text for the clipboard (tabs and line breaks inside a value become spaces)."""

    def clean(v: Any) -> str:
        return "" if v is None else str(v).replace("\t", " ").replace("\r", " ").replace("\n", " ")

    return "\n".join("\t".join(clean(v) for v in row) for row in [list(headers), *rows]) + "\n"


def write_whole(path: Path, write: Callable[[str], None]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then put it in place: the file is written whole
    or not at all (an existing one is replaced only by a complete new one).

    Raises:
        ExportFailed: the file could not be written (nothing is left behind).
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=path.suffix.lower(), dir=path.parent)
        os.close(fd)
        write(tmp)
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ExportFailed(path=str(path), reason=reason) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]], tz: tzinfo) -> int:
    """Write ``rows`` under ``headers`` to ``path`` (.csv, UTF-8 with a BOM for Excel; or .xlsx).

    Returns the number of rows written.

    Raises:
        UnknownExportKind: another extension.
        ExportFailed: the file could not be written (nothing is left behind).
    """
    import pandas as pd  # only when exporting: pandas is not on the console's way to its first paint

    kind = path.suffix.lower()
    if kind not in KINDS:
        raise UnknownExportKind(path=str(path))
    frame = pd.DataFrame([[cell(v, tz) for v in row] for row in rows], columns=list(headers))

    def write(tmp: str) -> None:
        if kind == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        else:
            frame.to_excel(tmp, index=False, engine="openpyxl")

    write_whole(path, write)
    return len(frame)
