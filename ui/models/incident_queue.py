"""The open incident queue as a table model, kept current row by row."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from console.alerts import sla_share
from console.services import incidents
from console.services.incidents import QueueRow
from console.views.incident_queue import QueueFilter, QueueKey, in_scope
from ui.clock import FloorClock
from ui.format import SEVERITY_COLORS, SLA_COLORS, BadgeRole, clock_text
from ui.models.keyed import Index, KeyedTableModel

CTX = "IncidentQueueModel"
SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2
SlaStateRole = Qt.ItemDataRole.UserRole + 3  # "ok" | "half" | "three_quarters" | "near" | "breached"

COLUMNS = ("severity", "ref", "title", "category", "age", "sla", "owner", "status")
# The SLA column's colour bands: the share of the running SLA gone (50 / 75 / 90 / 100 % of the target).
SLA_BANDS = ((1.0, "breached"), (0.9, "near"), (0.75, "three_quarters"), (0.5, "half"))


def sla_band(share: float) -> str:
    for floor, band in SLA_BANDS:
        if share >= floor:
            return band
    return "ok"


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
    """Incidents held by id (rows of :mod:`console.views.incident_queue`): inserted, updated and dropped as
    the change feed names them; an incident that leaves the key's scope (a worked one that ends) leaves the
    table. Sorted by the model itself (:meth:`sort_key`) and filtered by it (:meth:`set_filter`): no proxy
    re-sorts or re-filters it through ``data()``.

    The model holds every row of its scope (:meth:`all_rows`) and shows those its filter matches, so a new
    filter reads nothing: the table is rebuilt from what is held (one reset, one sort).
    """

    columns = COLUMNS

    def __init__(self, clock: FloorClock, parent: Any = None, key: QueueKey | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.key = key or QueueKey()
        self.filter = QueueFilter()
        self._all: dict[int, QueueRow] = {}  # every row of the scope, shown or filtered out
        self.attention: frozenset[int] = frozenset()  # incident ids highlighted until someone acts

    # -- the rows held and the filter -----------------------------------------------------------------
    def reset(self, rows: Iterable[Any]) -> None:
        self._all = {r.id: r for r in rows if in_scope(self.key, r)}
        super().reset(self._all.values())

    def apply(self, rows: Iterable[Any], gone: Iterable[Hashable] = ()) -> int:
        rows, gone = list(rows), list(gone)
        for key in gone:
            self._all.pop(key, None)  # type: ignore[call-overload]
        for row in rows:
            if in_scope(self.key, row):
                self._all[row.id] = row
            else:
                self._all.pop(row.id, None)
        return super().apply(rows, gone)

    def held(self, key: int) -> QueueRow | None:
        """The row held for incident ``key`` (shown or filtered out)."""
        return self._all.get(key)

    def all_ids(self) -> set[int]:
        return set(self._all)

    def all_rows(self) -> list[QueueRow]:
        """Every row of the scope, the filtered-out ones too (what the alerts and counts look at)."""
        return list(self._all.values())

    def set_filter(self, queue_filter: QueueFilter) -> None:
        """Show the held rows ``queue_filter`` matches (rebuilt in one reset; the sort is kept)."""
        if queue_filter != self.filter:
            self.filter = queue_filter
            super().reset(self._all.values())

    def refilter(self) -> int:
        """Time passed under a filter that depends on it ("Breaching"): bring the table in line."""
        if not self.filter.varies_with_time():
            return 0
        return self.sync(self._all.values())

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
        return in_scope(self.key, row) and self.filter.matches(row, self.clock.now())

    def tick(self) -> None:
        """Time moved: ages and SLA countdowns change, nothing else. The dock repaints the rows on screen
        (a ``dataChanged`` over thousands of rows would be answered row by row by every listener)."""
        self.refilter()

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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return super().headerData(section, orientation)  # the whole title, when a narrow column elides it
        return super().headerData(section, orientation, role)

    def sla_state(self, row: QueueRow) -> str:
        """The SLA's colour band now (a row no longer worked has none)."""
        if not row.is_open:
            return "ok"
        return sla_band(sla_share(row, self.clock.now()))

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
                return clock_text((row.ended_at or now) - row.opened_at)
            if col == "sla":
                return clock_text(row.sla_due() - now) if row.is_open else ""
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
            col == "severity" or (col == "sla" and self.sla_state(row) in ("near", "breached"))
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("severity", "age", "sla"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return ATTENTION_FILL if row.id in self.attention else None
        if role == Qt.ItemDataRole.ToolTipRole and col in ("title", "ref"):
            category = QCoreApplication.translate(
                "Category", incidents.CATEGORIES.get(row.category, row.category)
            )
            return f"{row.ref} · {category}\n{row.title}"
        if role == Qt.ItemDataRole.ToolTipRole and col == "sla" and row.is_open:
            return QCoreApplication.translate("IncidentQueueModel", "{0} % of the SLA gone").format(
                int(sla_share(row, now) * 100)
            )
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
