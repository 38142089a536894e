"""The attendance exception queue as a table model: rows of :mod:`console.views.attendance_exceptions`, held
by exception id, newest first, severity as a coloured badge with its word (never the colour alone)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from console.services.exception_queue import REASONS, STATUSES
from console.services.exceptions import KIND_TITLES, SEVERITY_TITLES
from console.views.attendance_exceptions import ExceptionRow
from ui.format import BadgeRole
from ui.models.keyed import Descending, Index, KeyedTableModel

ExceptionIdRole = Qt.ItemDataRole.UserRole + 1
AgentIdRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("time", "agent", "kind", "minutes", "severity", "status", "reason", "contacted", "note")
# Calm to alarming by lightness as well as hue (as ui.format's palettes): slate, amber, dark red.
SEVERITY_COLORS = {"info": QColor("#64748b"), "warning": QColor("#e69f00"), "critical": QColor("#b91c1c")}
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
WORKED_INK = QColor("#6b7280")  # a worked row reads quieter than an open one


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("ExceptionsModel", "Time"),
        QCoreApplication.translate("ExceptionsModel", "Agent"),
        QCoreApplication.translate("ExceptionsModel", "Exception"),
        QCoreApplication.translate("ExceptionsModel", "Min"),
        QCoreApplication.translate("ExceptionsModel", "Severity"),
        QCoreApplication.translate("ExceptionsModel", "Status"),
        QCoreApplication.translate("ExceptionsModel", "Reason"),
        QCoreApplication.translate("ExceptionsModel", "Contacted"),
        QCoreApplication.translate("ExceptionsModel", "Note"),
    )


def kind_title(kind: str) -> str:
    return QCoreApplication.translate("ExceptionKind", KIND_TITLES.get(kind, kind))


def severity_title(severity: str) -> str:
    return QCoreApplication.translate("ExceptionSeverity", SEVERITY_TITLES.get(severity, severity))


def status_title(status: str) -> str:
    return QCoreApplication.translate("ExceptionStatus", STATUSES.get(status, status))


def reason_title(reason: str | None) -> str:
    return QCoreApplication.translate("ExceptionReason", REASONS[reason]) if reason in REASONS else ""


class ExceptionsModel(KeyedTableModel):
    """The queue, sorted by the model itself (time, newest first, unless the header asks otherwise).

    ``open_only``: rows that are no longer open are dropped as they arrive (a worked exception leaves an
    open-only queue at once).
    """

    columns = COLUMNS

    def __init__(self, tz: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.open_only = False
        self.sort(COLUMNS.index("time"), Qt.SortOrder.DescendingOrder)

    def accepts(self, row: ExceptionRow) -> bool:
        return not self.open_only or row.status == "open"

    def replace_agents(self, rows: Iterable[ExceptionRow], agents: Iterable[int]) -> int:
        """Apply ``rows`` as every row of ``agents``: their rows not among them are gone."""
        rows = list(rows)
        keep = {r.id for r in rows}
        covered = set(agents)
        gone: list[Hashable] = [r.id for r in self.rows() if r.agent_id in covered and r.id not in keep]
        return self.apply(rows, gone)

    def header_titles(self) -> tuple[str, ...]:
        return _headers()

    def sort_key(self, row: ExceptionRow, column: int) -> Any:
        col = COLUMNS[column]
        return {
            "time": row.at.timestamp(),
            "agent": row.name.lower(),
            "kind": row.kind,
            "minutes": row.minutes if row.minutes is not None else -1,
            "severity": (SEVERITY_ORDER.get(row.severity, 9), Descending(row.at.timestamp())),
            "status": (row.status != "open", row.status),
            "reason": row.reason_code or "",
            "contacted": row.contacted_at.timestamp() if row.contacted_at else 0.0,
            "note": row.note or "",
        }[col]

    def exception_at(self, pos: int) -> ExceptionRow:
        return self.row_at(pos)

    def display_text(self, row: ExceptionRow, col: str) -> str:
        if col == "time":
            return row.at.astimezone(self.tz).strftime("%d/%m %H:%M")
        if col == "agent":
            return row.name
        if col == "kind":
            return kind_title(row.kind)
        if col == "minutes":
            return "" if row.minutes is None else str(row.minutes)
        if col == "severity":
            return severity_title(row.severity)
        if col == "status":
            return status_title(row.status)
        if col == "reason":
            return reason_title(row.reason_code)
        if col == "contacted":
            return row.contacted_at.astimezone(self.tz).strftime("%H:%M") if row.contacted_at else ""
        return (row.note or "").replace("\n", " ")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row: ExceptionRow = self.row_at(index.row())
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(row, col)
        if role == BadgeRole and col == "severity":
            return SEVERITY_COLORS.get(row.severity)
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "open" and col != "severity":
            return QBrush(WORKED_INK)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("time", "minutes", "contacted"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == ExceptionIdRole:
            return row.id
        if role == AgentIdRole:
            return row.agent_id
        if role == StatusRole:
            return row.status
        return None

    def _tooltip(self, row: ExceptionRow, col: str) -> str | None:
        if col == "agent":
            return QCoreApplication.translate("ExceptionsModel", "{0} · employee {1} · {2}").format(
                row.name, row.employee_no, row.team
            )
        if col == "note" and row.note:
            return row.note
        if col == "status" and row.resolved_by:
            return QCoreApplication.translate("ExceptionsModel", "Worked by {0}").format(row.resolved_by)
        return None
