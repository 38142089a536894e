"""Documents the console writes for people: a Markdown text (made in the core, in the current language)
shown in the console and exported as Markdown or PDF (Qt's own Markdown reader and PDF writer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

# Simplified Chinese faces, in order of preference (Linux, Windows, macOS). Without one named, Qt may take the
# Japanese face of a CJK collection for Han characters: Japanese glyph forms, and PDF text that cannot be
# copied or searched (their glyphs have no Unicode mapping in the PDF).
SIMPLIFIED_CHINESE_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)


def document_font(chinese: bool | None = None) -> QFont:
    """The documents' font: the application's, with Simplified Chinese faces after it when the console speaks
    Chinese (``chinese`` defaults to the default locale, which ``ui.i18n.install`` sets)."""
    font = QFont(QGuiApplication.font())
    if chinese is None:
        chinese = QLocale().language() == QLocale.Language.Chinese
    if chinese:
        font.setFamilies([font.family(), *SIMPLIFIED_CHINESE_FAMILIES])
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
