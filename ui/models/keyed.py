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

A subclass that implements :meth:`KeyedTableModel.sort_key` is sorted by the model itself (the view's
header calls :meth:`sort`): rows are kept in order as they arrive, a few new rows go in where they belong
(one ``beginInsertRows`` per place), many at once are appended and put in order with one layout change,
and an updated row whose sort key changed moves (``beginMoveRows``). A sorting proxy instead re-sorts
through Python ``data()`` calls on every insert and every ``dataChanged``: 800 rows after an outage or the
SLA column's once-a-second tick cost 10-40 ms of the GUI thread there.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex

# More places than this for new rows in one batch: append them all and sort once (one layout change).
BULK_INSERT_PLACES = 16


class Descending:
    """A sort key that orders the other way round (any comparable inside)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: Descending) -> bool:
        return bool(other.key < self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Descending) and bool(self.key == other.key)

    __hash__ = None  # type: ignore[assignment]


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
        self._sort_column = -1  # -1: unsorted (rows in arrival order); else sorted by sort_key()
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._order: list[Any] = []  # each row's full sort key, in row order, while sorted

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

    def sort_key(self, row: Any, column: int) -> Any:
        """The value ``column`` sorts ``row`` by; it must not change with time alone (a clock tick does not
        re-sort). Models that do not sort themselves leave this unimplemented."""
        raise NotImplementedError

    # -- sorting --------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` (the view's header asks); ``-1`` keeps rows in arrival order."""
        self._sort_column, self._sort_order = column, order
        if column < 0:
            self._order = []
            return
        self._relayout()

    def _plain_key(self, row: Any) -> Any:
        # The row's key breaks ties: one stable order for everyone.
        return (self.sort_key(row, self._sort_column), self.key_of(row))

    @property
    def _descending(self) -> bool:
        return self._sort_order == Qt.SortOrder.DescendingOrder

    def _full_key(self, row: Any) -> Any:
        """The key rows are kept in order by: descending is the exact reverse of ascending (ties too)."""
        plain = self._plain_key(row)
        return Descending(plain) if self._descending else plain

    def _sorted(self, rows: list[Any]) -> tuple[list[int], list[Any]]:
        """Positions of ``rows`` in order, and their full keys in that order. Sorted on the plain keys
        (C-level tuple comparisons; ``reverse`` for descending), never through :class:`Descending`'s Python
        ``__lt__``: 5,000 rows sort in a few milliseconds instead of tens."""
        plains = [self._plain_key(r) for r in rows]
        order = sorted(range(len(rows)), key=plains.__getitem__, reverse=self._descending)
        if self._descending:
            return order, [Descending(plains[pos]) for pos in order]
        return order, [plains[pos] for pos in order]

    def _relayout(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._resort()
        self.layoutChanged.emit()

    def _resort(self) -> None:
        """Put the rows in order, keeping persistent indexes (selection, current row) on their rows."""
        persistent = self.persistentIndexList()
        held = [(self.key_of(self._rows[p.row()]), p.column()) for p in persistent]
        order, self._order = self._sorted(self._rows)
        self._rows = [self._rows[pos] for pos in order]
        self._derived = [self._derived[pos] for pos in order]
        self._reindex(0)
        if persistent:
            self.changePersistentIndexList(
                persistent, [self.index(self._index[key], column) for key, column in held]
            )

    # -- feeding --------------------------------------------------------------------------------------
    def reset(self, rows: Iterable[Any]) -> None:
        """Replace everything (a first load, a new shift, a reload)."""
        self.beginResetModel()
        self._rows = [r for r in rows if self.accepts(r)]
        if self._sort_column >= 0:
            order, self._order = self._sorted(self._rows)
            self._rows = [self._rows[pos] for pos in order]
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
        sorting = self._sort_column >= 0
        moved: list[Hashable] = []
        for pos, row in updates.items():
            self._rows[pos] = row
            self._derived[pos] = self.derive(row)
            if sorting and self._full_key(row) != self._order[pos]:
                moved.append(self.key_of(row))
        for first, last in runs(updates):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))
        for first, last in reversed(list(runs(remove))):
            self.beginRemoveRows(QModelIndex(), first, last)
            for row in self._rows[first : last + 1]:
                del self._index[self.key_of(row)]
            del self._rows[first : last + 1]
            del self._derived[first : last + 1]
            if sorting:
                del self._order[first : last + 1]
            self._reindex(first)
            self.endRemoveRows()
        moved = [key for key in moved if key in self._index]
        if len(moved) == 1:
            self._move_into_place(self._index[moved[0]])
        elif moved:  # several keys changed: the others' old keys would mislead a bisection
            self._relayout()
        if new and sorting:
            self._insert_sorted(list(new.values()))
        elif new:
            self._append(list(new.values()))
        changed = len(updates) + len(remove) + len(new)
        if changed:
            self.applied.emit()
        return changed

    def _append(self, rows: list[Any]) -> None:
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._derived.extend(self.derive(r) for r in rows)
        if self._sort_column >= 0:
            self._order.extend(self._full_key(r) for r in rows)
        self._reindex(start)
        self.endInsertRows()

    def _insert_sorted(self, rows: list[Any]) -> None:
        """New rows where they belong: one insertion per place, or, for many places, one sort."""
        keyed = sorted(((self._full_key(r), r) for r in rows), key=itemgetter(0))
        places: dict[int, list[tuple[Any, Any]]] = {}
        for full, row in keyed:
            places.setdefault(bisect_left(self._order, full), []).append((full, row))
        if len(places) > BULK_INSERT_PLACES:
            self._append(rows)
            self._relayout()
            return
        for at in sorted(places, reverse=True):  # from the end: earlier places stay where they were
            group = places[at]
            self.beginInsertRows(QModelIndex(), at, at + len(group) - 1)
            self._rows[at:at] = [row for _, row in group]
            self._derived[at:at] = [self.derive(row) for _, row in group]
            self._order[at:at] = [full for full, _ in group]
            self._reindex(at)
            self.endInsertRows()

    def _move_into_place(self, pos: int) -> None:
        """The row at ``pos`` has a new sort key: move it where it belongs now."""
        full = self._full_key(self._rows[pos])
        others = self._order[:pos] + self._order[pos + 1 :]
        target = bisect_left(others, full)  # its place among the others
        if target == pos:
            self._order[pos] = full
            return
        # Qt's destination is a position in the list as it was, before the row leaves it.
        self.beginMoveRows(QModelIndex(), pos, pos, QModelIndex(), target + 1 if target > pos else target)
        row, derived = self._rows.pop(pos), self._derived.pop(pos)
        del self._order[pos]
        self._rows.insert(target, row)
        self._derived.insert(target, derived)
        self._order.insert(target, full)
        self._reindex(min(pos, target))
        self.endMoveRows()

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
