"""The month's attendance figures as a table: one row per agent, or per team (the Month tab).

The rows are :mod:`console.views.attendance_month`'s plain values; the model is reset whole when a month is
read (a few hundred rows at most), and sorts through :data:`SortRole` in a proxy.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from console.views.attendance_month import AgentMonth, Figures, MonthSummary, TeamMonth

Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = (
    "name",
    "group",
    "rostered",
    "worked",
    "leave",
    "absences",
    "attendance",
    "punctuality",
    "late",
    "overtime",
    "break",
)
NUMERIC = frozenset(COLUMNS[2:])


def _headers(teams: bool) -> tuple[str, ...]:
    return (
        QCoreApplication.translate("MonthModel", "Team")
        if teams
        else QCoreApplication.translate("MonthModel", "Agent"),
        QCoreApplication.translate("MonthModel", "Agents")
        if teams
        else QCoreApplication.translate("MonthModel", "Team"),
        QCoreApplication.translate("MonthModel", "Shifts"),
        QCoreApplication.translate("MonthModel", "Worked"),
        QCoreApplication.translate("MonthModel", "Leave"),
        QCoreApplication.translate("MonthModel", "Absent"),
        QCoreApplication.translate("MonthModel", "Attendance"),
        QCoreApplication.translate("MonthModel", "Punctual"),
        QCoreApplication.translate("MonthModel", "Late\n(min)"),
        QCoreApplication.translate("MonthModel", "Overtime\n(min)"),
        QCoreApplication.translate("MonthModel", "Break\n(min)"),
    )


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


class MonthModel(QAbstractTableModel):
    """Agents' (or teams') figures for one month."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.summary: MonthSummary | None = None
        self.teams = False
        self._rows: list[AgentMonth | TeamMonth] = []

    def set_summary(self, summary: MonthSummary | None) -> None:
        self.beginResetModel()
        self.summary = summary
        self._fill()
        self.endResetModel()

    def set_teams(self, teams: bool) -> None:
        if teams == self.teams:
            return
        self.beginResetModel()
        self.teams = teams
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        s = self.summary
        self._rows = [] if s is None else list(s.teams if self.teams else s.agents)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _headers(self.teams)[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(COLUMNS[section])
        return None

    @staticmethod
    def _header_tip(col: str) -> str | None:
        return {
            "rostered": QCoreApplication.translate("MonthModel", "Shifts on the rota, leave included"),
            "attendance": QCoreApplication.translate(
                "MonthModel", "Worked shifts / (worked shifts + absences)"
            ),
            "punctuality": QCoreApplication.translate(
                "MonthModel", "Worked shifts clocked in within the 5-minute grace period"
            ),
            "overtime": QCoreApplication.translate("MonthModel", "Minutes clocked out after the shift's end"),
            "leave": QCoreApplication.translate(
                "MonthModel", "Shifts on approved leave (annual / sick / emergency)"
            ),
        }.get(col)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = COLUMNS[index.column()]
        f = row.figures
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, f, col)
        if role == SortRole:
            value = self._value(row, f, col)
            return -1.0 if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == "name" and isinstance(row, AgentMonth):
            return QCoreApplication.translate("MonthModel", "{0} · employee {1} · {2}").format(
                row.name, row.employee_no, row.team
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == "leave":
            return QCoreApplication.translate("MonthModel", "annual {0} · sick {1} · emergency {2}").format(
                f.leave.get("annual", 0), f.leave.get("sick", 0), f.leave.get("emergency", 0)
            )
        return None

    def _value(self, row: AgentMonth | TeamMonth, f: Figures, col: str) -> Any:
        if col == "name":
            return (row.name if isinstance(row, AgentMonth) else row.team).lower()
        if col == "group":
            return row.team.lower() if isinstance(row, AgentMonth) else row.agents
        return {
            "rostered": f.rostered,
            "worked": f.worked,
            "leave": f.leave_days,
            "absences": f.absences,
            "attendance": f.attendance_rate,
            "punctuality": f.punctuality,
            "late": f.minutes_late,
            "overtime": f.overtime_minutes,
            "break": round(f.break_minutes),
        }[col]

    def _display(self, row: AgentMonth | TeamMonth, f: Figures, col: str) -> str:
        if col == "name":
            return row.name if isinstance(row, AgentMonth) else row.team
        if col == "group":
            return row.team if isinstance(row, AgentMonth) else str(row.agents)
        if col in ("attendance", "punctuality"):
            return percent(self._value(row, f, col))
        return str(self._value(row, f, col))
