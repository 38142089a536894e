"""The running shift's log entries as a table model, fed incrementally (a new entry is one inserted row).

Entries are kept in time order by the model itself (:meth:`KeyedTableModel.sort` on the time column): an
entry written with an earlier time (an import, a clock a little behind) goes where it belongs. Indicator
names follow the UI language (they are data, :mod:`console.names`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from console.names import pick
from console.services.shiftlog import LogEntry
from ui import i18n
from ui.models.keyed import Index, KeyedTableModel

IdRole = Qt.ItemDataRole.UserRole + 1
IncidentRefRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("at", "author", "about", "body")


class ShiftLogModel(KeyedTableModel):
    """Log entries by id, oldest first."""

    columns = COLUMNS

    def __init__(self, tz: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.sort(0)

    def sort_key(self, row: LogEntry, column: int) -> Any:
        return row.at  # whatever the column: a log reads in time order (ties: by id)

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("ShiftLogModel", "Time"),
            QCoreApplication.translate("ShiftLogModel", "By"),
            QCoreApplication.translate("ShiftLogModel", "About"),
            QCoreApplication.translate("ShiftLogModel", "Entry"),
        )

    @staticmethod
    def about(row: LogEntry) -> str:
        """What the entry is linked to, as the table shows it."""
        parts = [row.incident_ref or "", row.agent_name or ""]
        if row.indicator_name:
            parts.append(pick(row.indicator_names, i18n.current_language(), row.indicator_name))
        return " · ".join(p for p in parts if p)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row: LogEntry = self.row_at(index.row())
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "at":
                return row.at.astimezone(self.tz).strftime("%H:%M")
            if col == "author":
                return row.author
            if col == "about":
                return self.about(row)
            return " ⏎ ".join(line for line in row.body.splitlines() if line.strip())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "body":
                return row.body
            if col == "at":
                return row.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")
            return None
        if role == IdRole:
            return row.id
        if role == IncidentRefRole:
            return row.incident_ref
        return None
