"""The one keyed table model under every dock: precise announcements, an index by key, sync by difference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.models.keyed import Index, KeyedTableModel, runs


@dataclass(frozen=True)
class Item:
    key: int
    name: str
    open: bool = True


class Items(KeyedTableModel):
    columns = ("name", "state")

    def header_titles(self) -> tuple[str, ...]:
        return ("Name", "State")

    def accepts(self, row: Item) -> bool:
        return row.open

    def derive(self, row: Item) -> str:
        return row.name.upper()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.row_at(index.row())
        return row.name if index.column() == 0 else self.derived_at(index.row())


class Announcements:
    """Every signal the model sent, in order, as plain tuples."""

    def __init__(self, model: KeyedTableModel) -> None:
        self.log: list[tuple[Any, ...]] = []
        model.rowsInserted.connect(lambda _p, first, last: self.log.append(("insert", first, last)))
        model.rowsRemoved.connect(lambda _p, first, last: self.log.append(("remove", first, last)))
        model.dataChanged.connect(
            lambda tl, br, *_: self.log.append(("changed", tl.row(), br.row(), tl.column(), br.column()))
        )
        model.modelReset.connect(lambda: self.log.append(("reset",)))
        model.applied.connect(lambda: self.log.append(("applied",)))


def names(model: KeyedTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.fixture
def model(qtmodeltester) -> Items:  # type: ignore[no-untyped-def]
    m = Items()
    m.reset([Item(k, f"n{k}") for k in range(1, 9)])
    qtmodeltester.check(m)
    return m


def test_runs() -> None:
    assert list(runs([7, 1, 3, 2])) == [(1, 3), (7, 7)]
    assert list(runs([])) == []
    assert list(runs({5})) == [(5, 5)]


def test_reset_keeps_an_index_by_key(model: Items) -> None:
    assert model.rowCount() == 8
    assert model.columnCount() == 2
    assert model.row_of(5) == 4
    assert model.row_of(99) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "State"
    assert model.index(0, 1).data() == "N1"  # derived beside the row
    assert model.rowCount(model.index(0, 0)) == 0  # flat: no children


def test_apply_announces_only_what_changed(model: Items, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    seen = Announcements(model)
    changed = model.apply(
        [
            Item(2, "n2"),  # unchanged: nothing announced
            Item(3, "three"),
            Item(4, "four"),
            Item(7, "seven"),
            Item(10, "ten"),
            Item(11, "eleven"),
            Item(6, "n6", open=False),  # no longer belongs: removed
        ],
        gone=[8, 1, 99],
    )
    assert changed == 8  # 3 updated, 3 removed, 2 inserted
    assert seen.log == [
        ("changed", 2, 3, 0, 1),  # rows 3 and 4: one contiguous run
        ("changed", 6, 6, 0, 1),
        ("remove", 7, 7),  # removals from the bottom up, in runs
        ("remove", 5, 5),
        ("remove", 0, 0),
        ("insert", 5, 6),  # new rows in one run at the end
        ("applied",),  # once per batch
    ]
    assert names(model) == ["n2", "three", "four", "n5", "seven", "ten", "eleven"]
    assert [model.row_of(k) for k in (2, 3, 4, 5, 7, 10, 11)] == list(range(7))
    assert model.row_of(1) is None
    assert model.index(1, 1).data() == "THREE"
    qtmodeltester.check(model)


def test_apply_of_nothing_new_says_nothing(model: Items) -> None:
    seen = Announcements(model)
    assert model.apply([Item(1, "n1"), Item(6, "n6")], gone=[42]) == 0
    assert seen.log == []


def test_a_row_named_and_gone_keeps_the_row(model: Items) -> None:
    model.apply([Item(3, "three")], gone=[3])
    assert model.row_at(model.row_of(3)).name == "three"


def test_sync_applies_only_the_differences(model: Items, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    seen = Announcements(model)
    snapshot = [Item(k, f"n{k}") for k in range(1, 9) if k != 4] + [Item(2, "two"), Item(9, "n9")]
    assert model.sync(snapshot) == 3  # 2 out of date, 4 gone, 9 missing
    assert ("reset",) not in seen.log
    assert seen.log.count(("applied",)) == 1
    assert sorted(names(model)) == sorted(["n1", "two", "n3", "n5", "n6", "n7", "n8", "n9"])
    assert model.sync(snapshot) == 0  # now the same
    assert seen.log.count(("applied",)) == 1
    qtmodeltester.check(model)


def test_sync_to_empty_and_back(model: Items, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert model.sync([]) == 8
    assert model.rowCount() == 0
    assert model.sync([Item(1, "a"), Item(2, "b", open=False)]) == 1  # a closed row does not belong
    assert names(model) == ["a"]
    qtmodeltester.check(model)


def test_many_scattered_removals_keep_the_index_right(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    m = Items()
    m.reset([Item(k, str(k)) for k in range(200)])
    m.apply([], gone=range(0, 200, 3))
    kept = [k for k in range(200) if k % 3]
    assert m.keys() == kept
    assert all(m.row_of(k) == pos for pos, k in enumerate(kept))
    assert m.row_of(3) is None
    qtmodeltester.check(m)
    assert m.rowCount(QModelIndex()) == len(kept)


# -- sorted by the model itself -------------------------------------------------------------------------
class Ranked(Items):
    """Sorted by name (column 0) or by the key (column 1)."""

    def sort_key(self, row: Item, column: int) -> Any:
        return row.name if column == 0 else row.key


class Moves:
    def __init__(self, model: KeyedTableModel) -> None:
        self.log: list[tuple[Any, ...]] = []
        model.rowsMoved.connect(
            lambda _p, first, last, _d, dest: self.log.append(("move", first, last, dest))
        )
        model.layoutChanged.connect(lambda *_: self.log.append(("layout",)))


@pytest.fixture
def ranked(qtmodeltester) -> Ranked:  # type: ignore[no-untyped-def]
    m = Ranked()
    m.sort(0, Qt.SortOrder.AscendingOrder)
    m.reset([Item(k, name) for k, name in enumerate(["d", "b", "f", "a", "e"], start=1)])
    qtmodeltester.check(m)
    return m


def test_a_sorted_model_keeps_order_through_reset_insert_update_and_removal(
    ranked: Ranked, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    assert names(ranked) == ["a", "b", "d", "e", "f"]
    said = Announcements(ranked)
    moves = Moves(ranked)
    # A few new rows go where they belong, one insertion per place (two rows at the same place: one).
    ranked.apply([Item(10, "c"), Item(11, "cc"), Item(12, "z")])
    assert names(ranked) == ["a", "b", "c", "cc", "d", "e", "f", "z"]
    assert [e for e in said.log if e[0] == "insert"] == [("insert", 5, 5), ("insert", 2, 3)]
    # An update that changes the sort key moves the row (persistent indexes follow it).
    held = QPersistentModelIndex(ranked.index(ranked.row_of(1) or 0, 0))  # "d"
    ranked.apply([Item(1, "y")])
    assert names(ranked) == ["a", "b", "c", "cc", "e", "f", "y", "z"]
    assert moves.log == [("move", 4, 4, 7)]
    assert held.row() == 6
    assert held.data() == "y"
    ranked.apply([Item(1, "0")])  # up, to the top
    assert names(ranked)[0] == "0"
    assert held.row() == 0
    assert ranked.row_of(1) == 0
    assert all(ranked.row_of(ranked.row_at(r).key) == r for r in range(8))
    # An update that keeps the key does not move anything.
    moves.log.clear()
    ranked.apply([Item(10, "c", open=True), Item(12, "z")])
    assert moves.log == []
    ranked.apply([], gone=[2, 10])
    assert names(ranked) == ["0", "a", "cc", "e", "f", "z"]
    qtmodeltester.check(ranked)


def test_many_new_rows_are_sorted_with_one_layout_change(ranked: Ranked) -> None:
    ranked.reset([Item(n, f"{2 * n:03d}") for n in range(40)])
    said = Announcements(ranked)
    moves = Moves(ranked)
    held = QPersistentModelIndex(ranked.index(ranked.row_of(7) or 0, 0))  # "014"
    ranked.apply([Item(100 + n, f"{2 * n + 1:03d}") for n in range(100)])  # 41 places: one sort
    assert names(ranked) == [f"{n:03d}" for n in range(80)] + [f"{2 * n + 1:03d}" for n in range(40, 100)]
    assert [e for e in said.log if e[0] == "insert"] == [("insert", 40, 139)]
    assert moves.log == [("layout",)]
    assert held.data() == "014"
    assert held.row() == 14
    assert all(ranked.row_of(ranked.row_at(r).key) == r for r in range(140))


def test_several_sort_keys_changing_at_once_resort(ranked: Ranked) -> None:
    ranked.apply([Item(4, "zz"), Item(2, "0")])  # "a" to the end, "b" to the front
    assert names(ranked) == ["0", "d", "e", "f", "zz"]
    assert all(ranked.row_of(ranked.row_at(r).key) == r for r in range(5))


def test_sorting_by_another_column_and_descending_keeps_the_selection(ranked: Ranked) -> None:
    held = QPersistentModelIndex(ranked.index(0, 1))  # "a", key 4, second column
    ranked.sort(1, Qt.SortOrder.DescendingOrder)
    assert [ranked.row_at(r).key for r in range(5)] == [5, 4, 3, 2, 1]
    assert held.row() == 1
    assert held.column() == 1
    ranked.apply([Item(9, "q"), Item(0, "r")])
    assert [ranked.row_at(r).key for r in range(7)] == [9, 5, 4, 3, 2, 1, 0]
    ranked.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(ranked) == ["r", "q", "f", "e", "d", "b", "a"]
