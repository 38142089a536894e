"""Coverage models: the hour × desk heat table, the risk load per desk now, and the suggested moves.

The heat table is one :class:`CoverageModel` row per desk, with its skill and language requirement rows under
it when the desk is expanded (the vertical header names the row, so it stays in view while the hours
scroll); the 24 columns are the floor hours. A cell reads
"present/required" on its first line and "s scheduled" on its second; a gap is coloured *and* marked with
``!`` (fewer present than required) or ``s…!`` (fewer scheduled), so it never rests on colour alone. A new
snapshot is applied by difference: only rows whose numbers changed announce ``dataChanged``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.names import pick
from console.services.coverage import LANGUAGE_TITLES, SKILL_TITLES, Cell, CoverageLine, Desk, RowKey
from console.services.coverage_risk import DeskLoad, Move
from ui import i18n
from ui.models.keyed import Index, KeyedTableModel

CellRole = Qt.ItemDataRole.UserRole + 1  # the Cell of an hour column
GapRole = Qt.ItemDataRole.UserRole + 2  # "present" | "scheduled" | ""
RowKeyRole = Qt.ItemDataRole.UserRole + 3  # (desk, skill, language)
UnderstaffedRole = Qt.ItemDataRole.UserRole + 4  # bool, on the desk load rows

# Light tint + dark ink, as the roster's exception rows (readable on light and dark palettes).
PRESENT_GAP = (QColor("#fddcdc"), QColor("#7f1d1d"))
SCHEDULED_GAP = (QColor("#fdecc8"), QColor("#713f12"))
NOW_TINT = QColor("#e0ecff")


def desk_name(desk: Desk | None, code: str) -> str:
    return pick(desk.names, i18n.current_language(), desk.name) if desk is not None else code


def row_title(line: CoverageLine, desks: dict[str, Desk]) -> str:
    if line.is_desk:
        return desk_name(desks.get(line.desk), line.desk)
    if line.skill:
        skill = QCoreApplication.translate("Coverage", SKILL_TITLES.get(line.skill, line.skill))
        return QCoreApplication.translate("CoverageModel", "{0} skill").format(skill)
    language = QCoreApplication.translate(
        "Coverage", LANGUAGE_TITLES.get(line.language or "", line.language or "")
    )
    return QCoreApplication.translate("CoverageModel", "{0} speakers").format(language)


def cell_text(cell: Cell) -> str:
    present = "·" if cell.present is None else str(cell.present)
    first = f"{present}/{cell.required}" + ("!" if cell.present_gap else "")
    second = f"s{cell.scheduled}" + ("!" if cell.scheduled_gap else "")
    return f"{first}\n{second}"


def cell_tip(title: str, hour: int, cell: Cell) -> str:
    text = QCoreApplication.translate(
        "CoverageModel", "{0}, {1:02d}:00–{2:02d}:00: required {3}, scheduled {4}"
    ).format(title, hour, (hour + 1) % 24 or 24, cell.required, cell.scheduled)
    if cell.present is None:
        text += QCoreApplication.translate("CoverageModel", "; still to come")
    else:
        text += QCoreApplication.translate("CoverageModel", ", present {0}").format(cell.present)
    if cell.present_gap:
        text += "\n" + QCoreApplication.translate(
            "CoverageModel", "Gap: {0} fewer present than required"
        ).format(cell.present_gap)
    if cell.scheduled_gap:
        text += "\n" + QCoreApplication.translate(
            "CoverageModel", "Gap: {0} fewer scheduled than required"
        ).format(cell.scheduled_gap)
    return text


class CoverageModel(QAbstractTableModel):
    """Desk rows, and under an expanded desk its skill and language rows; 24 hour columns after the name."""

    HOURS = 24

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: dict[RowKey, CoverageLine] = {}
        self._order: list[RowKey] = []  # every line's key, desk first then its rows
        self._shown: list[RowKey] = []  # the visible rows' keys
        self._desks: dict[str, Desk] = {}
        self._expanded: set[str] = set()
        self.hour_now: int | None = None

    # -- feeding --------------------------------------------------------------------------------------
    def set_lines(self, lines: Sequence[CoverageLine], desks: Sequence[Desk], hour_now: int | None) -> int:
        """Apply a snapshot; returns how many shown rows changed (a different set of rows resets)."""
        order = [line.key for line in lines]
        fresh = {line.key: line for line in lines}
        desks_now = {d.code: d for d in desks}
        if order != self._order or desks_now != self._desks:
            self.beginResetModel()
            self._lines, self._order, self._desks = fresh, order, desks_now
            self.hour_now = hour_now
            self._shown = self._visible()
            self.endResetModel()
            return len(self._shown)
        changed = [pos for pos, key in enumerate(self._shown) if fresh[key] != self._lines[key]]
        self._lines = fresh
        if hour_now != self.hour_now:
            self.hour_now = hour_now
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.HOURS - 1)
            changed = list(range(len(self._shown)))
        for pos in changed:
            self.dataChanged.emit(self.index(pos, 0), self.index(pos, self.HOURS - 1))
        if changed:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._shown) - 1)
        return len(changed)

    def _visible(self) -> list[RowKey]:
        return [k for k in self._order if self._lines[k].is_desk or self._lines[k].desk in self._expanded]

    def has_rows(self, desk: str) -> bool:
        return any(self._lines[k].desk == desk and not self._lines[k].is_desk for k in self._order)

    def toggle(self, row: int) -> None:
        """Show or hide the skill and language rows of the desk on ``row``."""
        if not 0 <= row < len(self._shown):
            return
        desk = self._lines[self._shown[row]].desk
        if not self.has_rows(desk):
            return
        self.beginResetModel()
        self._expanded ^= {desk}
        self._shown = self._visible()
        self.endResetModel()

    def expand_all(self, on: bool = True) -> None:
        self.beginResetModel()
        self._expanded = {self._lines[k].desk for k in self._order} if on else set()
        self._shown = self._visible()
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.HOURS - 1)
        if self._shown:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._shown) - 1)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, self.HOURS - 1))

    # -- queries --------------------------------------------------------------------------------------
    def line_at(self, row: int) -> CoverageLine:
        return self._lines[self._shown[row]]

    def row_of(self, key: RowKey) -> int | None:
        return self._shown.index(key) if key in self._shown else None

    def gaps_now(self) -> int:
        """Desk rows short of people in the running hour."""
        if self.hour_now is None:
            return 0
        return sum(
            1
            for k in self._order
            if self._lines[k].is_desk and self._lines[k].cells[self.hour_now].present_gap
        )

    # -- Qt model API ---------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.HOURS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:  # the row's name stays in view while the hours scroll
            if not 0 <= section < len(self._shown):
                return None
            return self._label_data(self._lines[self._shown[section]], role)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{section:02d}"
        if role == Qt.ItemDataRole.FontRole and section == self.hour_now:
            font = QFont()
            font.setBold(True)
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == self.hour_now:
                return QCoreApplication.translate("CoverageModel", "The running hour")
            return QCoreApplication.translate("CoverageModel", "{0:02d}:00–{1:02d}:00 floor time").format(
                section, section + 1
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        line = self._lines[self._shown[index.row()]]
        hour = index.column()
        cell = line.cells[hour]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == CellRole:
            return cell
        if role == GapRole:
            return "present" if cell.present_gap else "scheduled" if cell.scheduled_gap else ""
        if role == RowKeyRole:
            return line.key
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            tint = PRESENT_GAP if cell.present_gap else SCHEDULED_GAP if cell.scheduled_gap else None
            if tint is None:
                if role == Qt.ItemDataRole.BackgroundRole and hour == self.hour_now:
                    return QBrush(NOW_TINT)
                return None
            return QBrush(tint[0] if role == Qt.ItemDataRole.BackgroundRole else tint[1])
        if role == Qt.ItemDataRole.FontRole and (cell.present_gap or cell.scheduled_gap):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tip(row_title(line, self._desks), hour, cell)
        return None

    def _label_data(self, line: CoverageLine, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            title = row_title(line, self._desks)
            if not line.is_desk:
                return "  · " + title
            if self.has_rows(line.desk):
                return ("▾ " if line.desk in self._expanded else "▸ ") + title
            return "  " + title
        if role == RowKeyRole:
            return line.key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.is_desk and self.has_rows(line.desk):
                return QCoreApplication.translate(
                    "CoverageModel", "Click to show or hide this desk's skill and language requirements"
                )
            return row_title(line, self._desks)
        return None


LOAD_COLUMNS = ("desk", "staff", "open", "unack", "load")


class DeskLoadModel(KeyedTableModel):
    """Each desk now: present / required, open incidents by severity, unacknowledged, backlog, load per
    person and the verdict (a badge that says "Understaffed" or "OK": never colour alone)."""

    columns = LOAD_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.desks: dict[str, Desk] = {}

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("DeskLoadModel", "Desk"),
            QCoreApplication.translate("DeskLoadModel", "Present"),
            QCoreApplication.translate("DeskLoadModel", "Open"),
            QCoreApplication.translate("DeskLoadModel", "Unack."),
            QCoreApplication.translate("DeskLoadModel", "Load"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        load: DeskLoad = self._rows[index.row()]
        col = LOAD_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(load, col)
        if role == UnderstaffedRole:
            return load.understaffed
        if role == Qt.ItemDataRole.FontRole and load.understaffed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != "desk":
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and load.understaffed:
            tint = PRESENT_GAP
            return QBrush(tint[0] if role == Qt.ItemDataRole.BackgroundRole else tint[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            verdict = (
                QCoreApplication.translate("DeskLoadModel", "Understaffed for current risk")
                if load.understaffed
                else ""
            )
            lines = [
                verdict,
                QCoreApplication.translate(
                    "DeskLoadModel", "{0}: {1} present, {2} required now, {3} scheduled, {4} on break"
                ).format(
                    desk_name(self.desks.get(load.desk), load.desk),
                    load.present,
                    load.required,
                    load.scheduled,
                    load.on_break,
                ),
                QCoreApplication.translate(
                    "DeskLoadModel", "Open incidents P1 {0} · P2 {1} · P3 {2} · P4 {3}"
                ).format(*load.open_by_severity),
                QCoreApplication.translate(
                    "DeskLoadModel", "Load: open incidents per present person (and backlog cases per person)"
                ),
            ]
            if load.backlog is not None:
                lines.append(
                    QCoreApplication.translate("DeskLoadModel", "Review backlog {0:,.0f} cases").format(
                        load.backlog
                    )
                )
            lines += [r.text(QCoreApplication.translate) for r in load.reasons]
            return "\n".join(line for line in lines if line)
        return None

    def text(self, load: DeskLoad, col: str) -> str:
        if col == "desk":  # the verdict as a mark as well as the row's colour
            name = desk_name(self.desks.get(load.desk), load.desk)
            return f"⚠ {name}" if load.understaffed else name
        if col == "staff":
            return f"{load.present}/{load.required}"
        if col == "open":  # the count, and the most severe open
            worst = next((n for n, c in enumerate(load.open_by_severity, start=1) if c), None)
            return f"{load.open} · P{worst}" if worst else "0"
        if col == "unack":
            return str(load.unacknowledged) if load.unacknowledged else ""
        if col == "load":  # open incidents (and backlog cases, when split by desk) per present person
            per = load.per_person
            parts = [] if not load.open else ["∞" if per is None else f"{per:.1f}"]
            if load.backlog is not None:
                cases = load.backlog / load.present if load.present else None
                parts.append(
                    QCoreApplication.translate("DeskLoadModel", "{0} cases").format(
                        "∞" if cases is None else f"{cases:,.0f}"
                    )
                )
            return " · ".join(parts)
        return ""


MOVE_COLUMNS = ("move",)


class MovesModel(KeyedTableModel):
    """Who could move, one row each on two lines: "agent: from desk → to desk" and why; and a row per desk
    nobody can help without opening a gap elsewhere (``Move`` rows, or desk codes for those)."""

    columns = MOVE_COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.desks: dict[str, Desk] = {}

    @staticmethod
    def key_of(row: Any) -> Hashable:
        return row.key if isinstance(row, Move) else ("stuck", row)

    def header_titles(self) -> tuple[str, ...]:
        return (QCoreApplication.translate("MovesModel", "Who could move"),)

    def text(self, row: Move | str) -> str:
        if isinstance(row, str):  # a desk nobody can help
            nobody = QCoreApplication.translate("Coverage", "Nobody can move without opening a gap")
            return f"→ {desk_name(self.desks.get(row), row)}\n{nobody}"
        src = desk_name(self.desks.get(row.from_desk), row.from_desk)
        dst = desk_name(self.desks.get(row.to_desk), row.to_desk)
        return (
            QCoreApplication.translate("MovesModel", "{0}: {1} → {2}").format(row.name, src, dst)
            + "\n"
            + row.why(src, QCoreApplication.translate)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(row)
        if role == Qt.ItemDataRole.FontRole and isinstance(row, str):
            font = QFont()
            font.setItalic(True)
            return font
        return None
