"""One table model for every dock: rows held by key, fed whole (:meth:`reset`), by batch (:meth:`apply`) or
by difference against a full snapshot (:meth:`sync`).

Rows are the plain frozen rows of :mod:`console.views` (each has a ``key``). The model keeps an index from
key to row, so a batch costs what it names, not what the table holds. It announces precisely: new rows in
one ``beginInsertRows`` run at the end, removed rows in contiguous runs, and ``dataChanged`` only for rows
that differ from what was held (compared with ``==``), coalesced into contiguous runs. After each batch it
emits :attr:`KeyedTableModel.applied` once, for listeners that summarise the whole table (counts, legends)
and should not rescan it per row.

Per-row derived state (a presence as of the last clock tick, ...) lives beside each row: subclasses
override :meth:`derive`; :meth:`derived_at` reads it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex


def runs(positions: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Sorted positions as contiguous ``(first, last)`` runs: ``[1, 2, 3, 7]`` -> ``(1, 3), (7, 7)``."""
    first = last = None
    for pos in sorted(positions):
        if last is not None and pos == last + 1:
            last = pos
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = pos
    if first is not None and last is not None:
        yield first, last


class KeyedTableModel(QAbstractTableModel):
    """A flat table of keyed rows. Subclasses set :attr:`columns` and implement :meth:`header_titles`
    (translated on each call, so a language switch shows at once) and ``data()``.

    Signals:
        applied(): rows were reset, inserted, updated or removed (once per batch, after the row signals).
    """

    applied = Signal()

    columns: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._derived: list[Any] = []
        self._index: dict[Hashable, int] = {}

    # -- to override ----------------------------------------------------------------------------------
    def header_titles(self) -> tuple[str, ...]:
        raise NotImplementedError

    @staticmethod
    def key_of(row: Any) -> Hashable:
        return row.key

    def accepts(self, row: Any) -> bool:
        """Whether a row belongs in this table (a row that does not is treated as gone)."""
        return True

    def derive(self, row: Any) -> Any:
        """Per-row state kept beside the row, computed when the row arrives (``None`` by default)."""
        return None

    # -- feeding --------------------------------------------------------------------------------------
    def reset(self, rows: Iterable[Any]) -> None:
        """Replace everything (a first load, a new shift, a reload)."""
        self.beginResetModel()
        self._rows = [r for r in rows if self.accepts(r)]
        self._derived = [self.derive(r) for r in self._rows]
        self._reindex(0)
        self.endResetModel()
        self.applied.emit()

    def apply(self, rows: Iterable[Any], gone: Iterable[Hashable] = ()) -> int:
        """Apply the current state of some rows and drop the ``gone`` keys. Returns how many rows changed.

        A row equal to the one held announces nothing. A key both in ``rows`` and in ``gone`` keeps its row.
        """
        latest: dict[Hashable, Any] = {}
        for row in rows:
            latest[self.key_of(row)] = row
        new: dict[Hashable, Any] = {}
        updates: dict[int, Any] = {}
        remove: set[int] = set()
        for key, row in latest.items():
            pos = self._index.get(key)
            if not self.accepts(row):
                if pos is not None:
                    remove.add(pos)
            elif pos is None:
                new[key] = row
            elif row != self._rows[pos]:
                updates[pos] = row
        for key in gone:
            pos = self._index.get(key)
            if pos is not None and key not in latest:
                remove.add(pos)
        last_column = max(0, len(self.columns) - 1)
        for pos, row in updates.items():
            self._rows[pos] = row
            self._derived[pos] = self.derive(row)
        for first, last in runs(updates):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))
        for first, last in reversed(list(runs(remove))):
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first : last + 1]:
                del self._index[self.key_of(row)]
            del self._rows[first : last + 1]
            del self._derived[first : last + 1]
            self._reindex(first)
            self.endRemoveRows()
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._rows.extend(new.values())
            self._derived.extend(self.derive(r) for r in new.values())
            self._reindex(start)
            self.endInsertRows()
        changed = len(updates) + len(remove) + len(new)
        if changed:
            self.applied.emit()
        return changed

    def sync(self, rows: Iterable[Any]) -> int:
        """Bring the table to a full snapshot by applying only the differences; returns how many rows
        differed (were missing, out of date or no longer there)."""
        fresh = {self.key_of(r): r for r in rows if self.accepts(r)}
        gone = [key for key in self._index if key not in fresh]
        changed = [
            row
            for key, row in fresh.items()
            if (pos := self._index.get(key)) is None or self._rows[pos] != row
        ]
        if changed or gone:
            self.apply(changed, gone)
        return len(changed) + len(gone)

    def _reindex(self, start: int) -> None:
        if start == 0:
            self._index = {}
        key_of = self.key_of
        for pos in range(start, len(self._rows)):
            self._index[key_of(self._rows[pos])] = pos

    # -- queries --------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The language changed: headers and every translated cell read differently now."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(self.columns) - 1))

    def row_of(self, key: Hashable) -> int | None:
        return self._index.get(key)

    def row_at(self, pos: int) -> Any:
        return self._rows[pos]

    def derived_at(self, pos: int) -> Any:
        return self._derived[pos]

    def keys(self) -> list[Hashable]:
        return [self.key_of(r) for r in self._rows]

    def rows(self) -> list[Any]:
        return self._rows

    # -- Qt model API ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.header_titles()[section] if 0 <= section < len(self.columns) else None
