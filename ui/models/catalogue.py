"""The indicator catalogue as a table (tens of rows), and the proxy that sorts it by area and filters it.

Rows are the plain frozen :class:`console.services.indicators.CatalogueEntry`; ``data()`` never reads the
database. A new read with the same indicators in the same order changes only the rows that differ (so a
selection and an open form stay put when another console saves); otherwise the model is reset.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from console.catalogue import AREAS, area_title, number
from console.names import pick
from console.services.indicators import CatalogueEntry, DepartmentChoice
from ui import i18n

Index = QModelIndex | QPersistentModelIndex
IdRole = Qt.ItemDataRole.UserRole + 1  # the indicator's id
SortRole = Qt.ItemDataRole.UserRole + 2  # what the column sorts by (the area: the floor's order of areas)
AreaRole = Qt.ItemDataRole.UserRole + 3  # the area's code
COLUMNS = ("area", "key", "name", "unit", "direction", "warning", "critical", "interval", "department", "sop")
_AREA_ORDER = {code: n for n, code in enumerate(AREAS)}


class CatalogueModel(QAbstractTableModel):
    """Every indicator of the catalogue, one row each, in display order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[CatalogueEntry] = []
        self.departments: dict[str, DepartmentChoice] = {}

    def set_rows(self, rows: list[CatalogueEntry], departments: list[DepartmentChoice]) -> None:
        self.departments = {d.code: d for d in departments}
        if [r.id for r in rows] != [r.id for r in self.rows]:
            self.beginResetModel()
            self.rows = list(rows)
            self.endResetModel()
            return
        old, self.rows = self.rows, list(rows)
        for n, (before, after) in enumerate(zip(old, rows, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMNS) - 1))

    def row_of(self, indicator_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == indicator_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Area"),
            self.tr("Key"),
            self.tr("Name"),
            self.tr("Unit"),
            self.tr("Worse when"),
            self.tr("Warning"),
            self.tr("Critical"),
            self.tr("Interval"),
            self.tr("Department"),
            self.tr("SOP"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        d = row.definition
        col = COLUMNS[index.column()]
        if role == IdRole:
            return row.id
        if role == AreaRole:
            return d.area
        if role == SortRole:
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("warning", "critical", "interval"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(row, col)

    def _text(self, row: CatalogueEntry, col: str) -> str:
        d = row.definition
        if col == "area":
            return area_title(d.area)
        if col == "key":
            return row.key
        if col == "name":
            return pick(d.names, i18n.current_language(), d.name)
        if col == "unit":
            return d.unit
        if col == "direction":
            return self.tr("↑ higher") if d.direction == "higher" else self.tr("↓ lower")
        if col in ("warning", "critical"):
            return number(getattr(d, col))
        if col == "interval":
            return self.tr("{0} s").format(d.interval_seconds)
        if col == "department":
            dept = self.departments.get(d.department)
            return pick(dept.names, i18n.current_language(), dept.name) if dept else d.department
        return d.sop

    def _tooltip(self, row: CatalogueEntry, col: str) -> str:
        d = row.definition
        if col == "name":
            return "\n".join([d.name, *(name for _, name in d.names)])
        if col == "direction":
            return (
                self.tr("Higher values are worse")
                if d.direction == "higher"
                else self.tr("Lower values are worse")
            )
        return self._text(row, col)

    def _sort_key(self, row: CatalogueEntry, col: str) -> Any:
        d = row.definition
        if col == "area":  # the floor's order of areas, then the catalogue's own order
            return _AREA_ORDER.get(d.area, len(AREAS)) * 1_000_000 + row.display_order
        if col in ("warning", "critical"):
            return float(getattr(d, col))
        if col == "interval":
            return d.interval_seconds
        return self._text(row, col).casefold()


class CatalogueFilter(QSortFilterProxyModel):
    """Sorts by :data:`SortRole` and keeps the rows whose key or names hold the filter's words."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.words: list[str] = []

    def set_words(self, text: str) -> None:
        words = text.casefold().split()
        if words == self.words:
            return
        if hasattr(QSortFilterProxyModel, "endFilterChange"):  # Qt 6.10+; invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self.words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # Qt 6.7 - 6.9
            self.words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.words:
            return True
        model = self.sourceModel()
        assert isinstance(model, CatalogueModel)
        row = model.rows[source_row]
        d = row.definition
        hay = " ".join([row.key, d.name, *(n for _, n in d.names), area_title(d.area), d.sop]).casefold()
        return all(word in hay for word in self.words)
