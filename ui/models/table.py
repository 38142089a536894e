"""The plumbing every flat table model here shares: counts and translated column headers."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class FlatTableModel(QAbstractTableModel):
    """A table of rows held in a list. Subclasses set :attr:`columns` and implement :meth:`rows` and
    :meth:`header_titles` (translated on each call, so a language switch shows at once)."""

    columns: tuple[str, ...] = ()

    def rows(self) -> Sized:
        raise NotImplementedError

    def header_titles(self) -> tuple[str, ...]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header_titles()[section] if 0 <= section < len(self.columns) else None
