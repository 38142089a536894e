"""Documents the console writes for people: a Markdown text (made in the core, in the current language)
shown in the console and exported as Markdown or PDF (Qt's own Markdown reader and PDF writer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


def markdown_document(markdown: str, title: str = "") -> QTextDocument:
    doc = QTextDocument()
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
