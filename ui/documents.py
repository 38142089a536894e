"""Documents the console writes for people: a Markdown text (made in the core, in the current language)
shown in the console and exported as Markdown or PDF (Qt's own Markdown reader and PDF writer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontInfo,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

# Simplified Chinese faces, in order of preference (Linux, Windows, macOS). Without one named, Qt may take the
# Japanese face of a CJK collection for Han characters (Japanese glyph forms, and PDF text that cannot be
# copied or searched), or, under the zh_CN locale, write some characters' text as glyph numbers.
SIMPLIFIED_CHINESE_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)
# Otherwise an installed Simplified Chinese face whose family name has one of these parts.
CJK_PREFERENCES = (" SC", "YaHei", "PingFang", "Hei", "Song")


def cjk_family() -> str | None:
    """A font family for Simplified Chinese text, if one is installed."""
    installed = sorted(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for family in SIMPLIFIED_CHINESE_FAMILIES:
        if family in installed:
            return family
    for part in CJK_PREFERENCES:
        for family in installed:
            if part in family:
                return family
    return installed[0] if installed else None


def document_font() -> QFont:
    """The documents' font: the application's face by its real name ("Sans Serif" is an alias a family list
    does not resolve), then a named Simplified Chinese face for Chinese text (names and words in Chinese
    appear in English documents too)."""
    font = QFont(QGuiApplication.font())
    cjk = cjk_family()
    if cjk is not None:
        font.setFamilies([QFontInfo(font).family(), cjk])
    return font


def markdown_document(markdown: str, title: str = "") -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(document_font())
    doc.setMarkdown(markdown)
    if title:
        doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return doc


def write_pdf(markdown: str, path: Path, title: str = "") -> Path:
    """Render ``markdown`` to an A4 PDF at ``path`` (text, not pictures of text: searchable and copyable).

    Written to a temporary file beside ``path`` and moved into place, so a failure leaves no half file.
    Runs on any thread (QTextDocument and QPdfWriter are not widgets)."""
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title)
    writer.setCreator("Watchfloor")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = markdown_document(markdown, title)
    try:
        doc.print_(writer)
        del writer  # flushes and closes the file
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_markdown(markdown: str, path: Path) -> Path:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(markdown, encoding="utf-8")
    tmp.replace(path)
    return path
