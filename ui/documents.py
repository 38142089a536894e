"""Documents the console writes for people: a Markdown text (made in the core, in the current language)
shown in the console and exported as Markdown or PDF (Qt's own Markdown reader and PDF writer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QPageLayout, QPageSize, QPdfWriter, QTextDocument

# Preferred Simplified Chinese faces, by a part of their family name (Linux, Windows, macOS).
CJK_PREFERENCES = (" SC", "YaHei", "PingFang", "Hei", "Song")


def cjk_family() -> str | None:
    """A font family for Simplified Chinese text, if one is installed."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for part in CJK_PREFERENCES:
        for family in families:
            if part in family:
                return family
    return families[0] if families else None


def markdown_document(markdown: str, title: str = "") -> QTextDocument:
    doc = QTextDocument()
    # Chinese text in a font chosen by name, not left to the fallback: with the font fallback found while the
    # locale is zh_CN, QPdfWriter wrote some characters' text as glyph numbers (a PDF that showed 交接班 but
    # read back, searched and copied as control characters). A named Simplified Chinese face keeps it text.
    cjk = cjk_family()
    if cjk is not None:
        font = QFont(doc.defaultFont())
        # The face the default resolves to, by name ("Sans Serif" is an alias a family list does not resolve).
        font.setFamilies([QFontInfo(font).family(), cjk])
        doc.setDefaultFont(font)
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
