"""The open incident queue as a table model, kept current row by row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from console.services import incidents
from console.services.incidents import QueueRow
from ui.clock import FloorClock
from ui.format import SEVERITY_COLORS, SLA_COLORS, BadgeRole, clock_text
from ui.models.keyed import Index, KeyedTableModel

CTX = "IncidentQueueModel"
SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SlaStateRole = Qt.ItemDataRole.UserRole + 3  # "ok" | "due_soon" | "breached"

COLUMNS = ("severity", "ref", "title", "category", "age", "sla", "owner", "status")
DUE_SOON = timedelta(minutes=5)


def _headers() -> list[str]:
    return [
        QCoreApplication.translate("IncidentQueueModel", "Severity"),
        QCoreApplication.translate("IncidentQueueModel", "Ref"),
        QCoreApplication.translate("IncidentQueueModel", "Title"),
        QCoreApplication.translate("IncidentQueueModel", "Category"),
        QCoreApplication.translate("IncidentQueueModel", "Age"),
        QCoreApplication.translate("IncidentQueueModel", "SLA left"),
        QCoreApplication.translate("IncidentQueueModel", "Owner"),
        QCoreApplication.translate("IncidentQueueModel", "Status"),
    ]


# The roles data() answers; a paint asks each cell for about ten.
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        SortRole,
        IdRole,
        SlaStateRole,
        BadgeRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
    }
)
ATTENTION_FILL = QColor("#fde2e2")  # a row that needs someone: behind its text, under the badges


class IncidentQueueModel(KeyedTableModel):
    """Open incidents held by id (rows of :mod:`console.views.incident_queue`): inserted, updated and
    dropped as the change feed names them; an incident no longer open leaves the queue. Sorted by the
    model itself (:meth:`sort_key`): no proxy re-sorts it through ``data()``."""

    columns = COLUMNS

    def __init__(self, clock: FloorClock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.attention: frozenset[int] = frozenset()  # incident ids highlighted until someone acts

    def set_attention(self, ids: frozenset[int]) -> None:
        """Highlight these incidents' rows (repainting only the rows whose highlight changed)."""
        changed = ids ^ self.attention
        self.attention = ids
        last = len(self.columns) - 1
        for key in changed:
            pos = self.row_of(key)
            if pos is not None:
                self.dataChanged.emit(
                    self.index(pos, 0), self.index(pos, last), [Qt.ItemDataRole.BackgroundRole]
                )

    def accepts(self, row: QueueRow) -> bool:
        return row.is_open

    def tick(self) -> None:
        """Time moved: ages and SLA countdowns change, nothing else."""
        if self._rows:
            age, sla = COLUMNS.index("age"), COLUMNS.index("sla")
            self.dataChanged.emit(self.index(0, age), self.index(len(self._rows) - 1, sla))

    def sort_key(self, row: QueueRow, column: int) -> Any:
        """Absolute values (a due time, not the time left), so the clock's tick never re-sorts the queue."""
        col = COLUMNS[column]
        if col == "severity":
            return row.severity
        if col == "ref":
            return row.ref
        if col == "title":
            return row.title.lower()
        if col == "category":
            return row.category
        if col == "age":
            return row.opened_at.timestamp()
        if col == "sla":
            return row.sla_due().timestamp()
        if col == "owner":
            return row.owner or ""
        return row.status

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def header_titles(self) -> tuple[str, ...]:
        return tuple(_headers())

    def sla_state(self, row: QueueRow) -> str:
        left = row.sla_due() - self.clock.now()
        if left < timedelta(0):
            return "breached"
        return "due_soon" if left <= DUE_SOON else "ok"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None  # a view asks every cell for a dozen roles: those not served cost nothing
        row = self._rows[index.row()]
        col = COLUMNS[index.column()]
        now = self.clock.now()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "severity":
                return f"P{row.severity}"
            if col == "ref":
                return row.ref
            if col == "title":
                return row.title
            if col == "category":
                return QCoreApplication.translate(
                    "Category", incidents.CATEGORIES.get(row.category, row.category)
                )
            if col == "age":
                return clock_text(now - row.opened_at)
            if col == "sla":
                return clock_text(row.sla_due() - now)
            if col == "owner":
                return row.owner or QCoreApplication.translate("IncidentQueueModel", "unassigned")
            return QCoreApplication.translate("Status", incidents.STATUSES.get(row.status, row.status))
        if role == SortRole:
            return self.sort_key(row, index.column())
        if role == IdRole:
            return row.id
        if role == SlaStateRole:
            return self.sla_state(row)
        if role == BadgeRole:  # drawn by ui.delegates.BadgeDelegate, so a selected row keeps its colours
            if col == "severity":
                return SEVERITY_COLORS.get(row.severity, SEVERITY_COLORS[4])
            if col == "sla":
                return SLA_COLORS.get(self.sla_state(row))
        if role == Qt.ItemDataRole.FontRole and (
            col == "severity" or (col == "sla" and self.sla_state(row) != "ok")
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("severity", "age", "sla"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return ATTENTION_FILL if row.id in self.attention else None
        if role == Qt.ItemDataRole.ToolTipRole and col == "title":
            category = QCoreApplication.translate(
                "Category", incidents.CATEGORIES.get(row.category, row.category)
            )
            return f"{row.ref} · {category}\n{row.title}"
        return None


def export_headers() -> list[str]:
    """The columns of an exported queue: every field, real moments and numbers (not the screen's texts)."""
    return [
        QCoreApplication.translate("IncidentQueueModel", "Ref"),
        QCoreApplication.translate("IncidentQueueModel", "Severity"),
        QCoreApplication.translate("IncidentQueueModel", "Title"),
        QCoreApplication.translate("IncidentQueueModel", "Category"),
        QCoreApplication.translate("IncidentQueueModel", "Status"),
        QCoreApplication.translate("IncidentQueueModel", "Owner"),
        QCoreApplication.translate("IncidentQueueModel", "Opened"),
        QCoreApplication.translate("IncidentQueueModel", "Acknowledge by"),
        QCoreApplication.translate("IncidentQueueModel", "Acknowledged"),
        QCoreApplication.translate("IncidentQueueModel", "Resolve by"),
        QCoreApplication.translate("IncidentQueueModel", "SLA left (min)"),
    ]


def export_row(row: QueueRow, now: Any) -> list[Any]:
    return [
        row.ref,
        f"P{row.severity}",
        row.title,
        QCoreApplication.translate("Category", incidents.CATEGORIES.get(row.category, row.category)),
        QCoreApplication.translate("Status", incidents.STATUSES.get(row.status, row.status)),
        row.owner or "",
        row.opened_at,
        row.ack_due_at,
        row.acknowledged_at,
        row.resolve_due_at,
        round((row.sla_due() - now).total_seconds() / 60, 1),
    ]
