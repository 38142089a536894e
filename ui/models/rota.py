"""The rota week as a tree: a row per desk (its coverage per day against the requirement) with its agents
under it (their shift per day). Fed whole from :class:`console.views.rota_week.RotaWeek`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.i18n import translate
from console.services import swaps
from console.services.swaps import SwapRow
from console.views.rota_week import AgentWeek, Cell, DeskDay, RotaWeek
from ui.models.keyed import KeyedTableModel

Index = QModelIndex | QPersistentModelIndex
AGENT_ROLE = Qt.ItemDataRole.UserRole + 1  # the agent id (agent rows)
DAY_ROLE = Qt.ItemDataRole.UserRole + 2  # the date of a day column
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 3  # the rules broken there (tuple of translated lines)
CODE_ROLE = Qt.ItemDataRole.UserRole + 4  # the cell's shift code (None: off or leave)

# Shift colours: light fills with dark text, nights dark with white text; the code is always written too.
FILLS = {
    "M": "#fff2b3",
    "E": "#ffd9a8",
    "N": "#3d4a7a",
    "D12": "#cfe8c8",
    "N12": "#5b3d7a",
}
LEAVE_FILL = "#d9d9d9"
SHORT_FILL = "#f4b6b0"  # a desk-day under its requirement
PROBLEM_TEXT = "#b00020"


def desk_title(code: str) -> str:
    titles = {
        "ato": QCoreApplication.translate("RotaDock", "ATO desk"),
        "withdrawal": QCoreApplication.translate("RotaDock", "Withdrawal review"),
        "kyc": QCoreApplication.translate("RotaDock", "KYC review"),
        "aml": QCoreApplication.translate("RotaDock", "AML & sanctions"),
        "lead": QCoreApplication.translate("RotaDock", "Team leads"),
    }
    return titles.get(code, code)


def leave_code(cell: Cell) -> str:
    kinds = {
        "annual": QCoreApplication.translate("RotaDock", "AL"),
        "sick": QCoreApplication.translate("RotaDock", "SL"),
        "emergency": QCoreApplication.translate("RotaDock", "EL"),
    }
    return kinds.get(cell.leave_type or "", QCoreApplication.translate("RotaDock", "LV"))


class RotaWeekModel(QAbstractItemModel):
    """Desks at the top level (internal id 0), their agents under them (internal id: desk row + 1)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.week: RotaWeek | None = None
        self._desks: list[tuple[str, tuple[DeskDay, ...]]] = []
        self._agents: list[list[AgentWeek]] = []

    def set_week(self, week: RotaWeek) -> None:
        self.beginResetModel()
        self.week = week
        self._desks = list(week.desks)
        by_desk: dict[str, list[AgentWeek]] = {d: [] for d, _ in self._desks}
        for a in week.rows:
            by_desk.setdefault(a.desk, []).append(a)
        self._agents = [by_desk.get(d, []) for d, _ in self._desks]
        self.endResetModel()

    # -- structure ------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._desks)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._agents[parent.row()])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return QCoreApplication.translate("RotaDock", "Agent")
        if self.week is None:
            return ""
        day = self.week.key.first + timedelta(days=section - 1)
        names = [
            QCoreApplication.translate("RotaDock", "Mon"),
            QCoreApplication.translate("RotaDock", "Tue"),
            QCoreApplication.translate("RotaDock", "Wed"),
            QCoreApplication.translate("RotaDock", "Thu"),
            QCoreApplication.translate("RotaDock", "Fri"),
            QCoreApplication.translate("RotaDock", "Sat"),
            QCoreApplication.translate("RotaDock", "Sun"),
        ]
        return f"{names[day.weekday()]} {day.day}/{day.month}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- data -----------------------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.week is None:
            return None
        col = index.column()
        day = self.week.key.first + timedelta(days=col - 1) if col else None
        if index.internalId() == 0:
            return self._desk_data(index.row(), col, role, day)
        agent = self._agents[index.internalId() - 1][index.row()]
        if role == AGENT_ROLE:
            return agent.key
        if role == DAY_ROLE:
            return day
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return agent.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{agent.name} · {agent.team}"
            return None
        return self._cell_data(agent.cells[col - 1], role)

    def _cell_data(self, cell: Cell, role: int) -> Any:
        if role == CODE_ROLE:
            return cell.code if cell.status == "scheduled" else None
        if role == PROBLEMS_ROLE:
            return cell.problems
        if role == Qt.ItemDataRole.DisplayRole:
            text = leave_code(cell) if cell.status == "leave" else (cell.code or "")
            return f"⚠ {text}" if cell.problems else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(cell.problems) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.status == "leave":
                return QBrush(QColor(LEAVE_FILL))
            fill = FILLS.get(cell.code or "")
            return QBrush(QColor(fill)) if fill else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.problems:
                return QBrush(QColor("#ffd0d0" if cell.night else PROBLEM_TEXT))
            if cell.night and cell.status == "scheduled":
                return QBrush(QColor("white"))
            return None
        if role == Qt.ItemDataRole.FontRole and cell.problems:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _desk_data(self, row: int, col: int, role: int, day: Any) -> Any:
        desk, days = self._desks[row]
        if role == DAY_ROLE:
            return day
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if col == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{desk_title(desk)} ({len(self._agents[row])})"
            return None
        d = days[col - 1]
        if role == PROBLEMS_ROLE:
            return d.gaps
        if role == Qt.ItemDataRole.DisplayRole:
            # The thinnest hour of the day: scheduled / required.
            mark = "⚠ " if d.gaps else ""
            return f"{mark}{d.scheduled}/{d.required}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            head = QCoreApplication.translate("RotaDock", "Fewest on the desk at any hour / required then")
            return "\n".join([head, *d.gaps])
        if role == Qt.ItemDataRole.BackgroundRole and d.gaps:
            return QBrush(QColor(SHORT_FILL))
        return None


class SwapsModel(KeyedTableModel):
    """The open shift swaps of the week shown, held by swap id and brought to each fresh read by difference
    (:meth:`sync`), in the order they were asked."""

    columns = ("status", "asks", "shift", "with")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sort(0)

    @staticmethod
    def key_of(row: SwapRow) -> int:
        return row.id

    def sort_key(self, row: SwapRow, column: int) -> Any:
        return (row.requested_at, row.id)

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("RotaDock", "Status"),
            QCoreApplication.translate("RotaDock", "Asks"),
            QCoreApplication.translate("RotaDock", "Shift"),
            QCoreApplication.translate("RotaDock", "With"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        w: SwapRow = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return w.note or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            title = swaps.STATUS_TITLES.get(w.status)
            return translate("Swaps", title) if title else w.status
        if index.column() == 1:
            return w.requester
        if index.column() == 2:
            return f"{w.requester_day:%m-%d} {w.requester_code}"
        if w.counterpart_day:
            return f"{w.counterpart or ''} {w.counterpart_day:%m-%d} {w.counterpart_code}"
        return w.counterpart or QCoreApplication.translate("RotaDock", "(open offer)")
