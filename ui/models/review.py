"""Small table models of the post-incident review and the runbook checklist (tens of rows, replaced whole).

Rows are the plain frozen rows of :mod:`console.views.review` and :mod:`console.services.runbooks`; ``data()``
never reads the database.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from console.services.lifecycle import EVENT_KINDS
from console.services.reviews import ACTION_STATUSES
from console.services.runbooks import ChecklistLine
from console.views.review import ActionRow, FloorMoment
from console.views.review_report import indicator_text, names
from ui import i18n

Index = QModelIndex | QPersistentModelIndex
ItemKeyRole = Qt.ItemDataRole.UserRole + 1  # a checklist row's item key ("" on a section heading)
ActionIdRole = Qt.ItemDataRole.UserRole + 2  # an action item's id
ACTION_COLUMNS = ("title", "owner", "due_on", "status", "note")
MOMENT_COLUMNS = ("at", "event", "actor", "headcount", "on_floor", "open", "indicator")


class ActionItemsModel(QAbstractTableModel):
    """A review's action items, in the order they were added."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: tuple[ActionRow, ...] = ()

    def set_rows(self, rows: tuple[ActionRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ACTION_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Action"), self.tr("Owner"), self.tr("Due"), self.tr("Status"), self.tr("Note"))[
            section
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ActionIdRole:
            return row.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = ACTION_COLUMNS[index.column()]
        if col == "due_on":
            return row.due_on.isoformat()
        if col == "status":
            return QCoreApplication.translate("ActionStatus", ACTION_STATUSES.get(row.status, row.status))
        return getattr(row, col)


class FloorMomentsModel(QAbstractTableModel):
    """The review's timeline: each event and the floor at that moment."""

    def __init__(self, tz: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.rows: tuple[FloorMoment, ...] = ()

    def set_rows(self, rows: tuple[FloorMoment, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MOMENT_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Time"),
            self.tr("Event"),
            self.tr("By"),
            self.tr("On floor / rostered"),
            self.tr("Who was on the floor"),
            self.tr("Open incidents"),
            self.tr("Indicator"),
        )
        return titles[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        m = self.rows[index.row()]
        col = MOMENT_COLUMNS[index.column()]
        if col == "at":
            return m.at.astimezone(self.tz).strftime("%m-%d %H:%M")
        if col == "event":
            kind = QCoreApplication.translate("Event", EVENT_KINDS.get(m.kind, m.kind))
            return f"{kind}: {m.message}" if m.message else kind
        if col == "actor":
            return m.actor
        if col == "headcount":
            present, rostered = m.headcount
            text = f"{present}/{rostered}"
            if m.on_break:
                text += " " + self.tr("({0} on break)").format(len(m.on_break))
            return text
        if col == "on_floor":
            if role == Qt.ItemDataRole.ToolTipRole:
                return ", ".join(m.on_floor)
            return names(m.on_floor)
        if col == "open":
            return m.open_incidents
        return indicator_text(m, i18n.current_language())


class ChecklistModel(QAbstractListModel):
    """An incident's runbook: section headings and checkable items, in the runbook's order.

    Ticking an item changes nothing here: it asks (:attr:`tickRequested`) and the dock writes it on the
    write worker; the model shows the tick when the incident is read again.

    Signals:
        tickRequested(str, bool): the item key and whether it should be ticked.
    """

    tickRequested = Signal(str, bool)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: tuple[ChecklistLine, ...] = ()
        self.rows: list[tuple[str, ChecklistLine | None]] = []  # (section text, line or None for a heading)
        self.editable = False

    def set_lines(self, lines: tuple[ChecklistLine, ...]) -> None:
        self.beginResetModel()
        self.lines = lines
        language = i18n.current_language()
        self.rows = []
        section = None
        for line in lines:
            if line.section != section:
                section = line.section
                self.rows.append((section.text(language), None))
            self.rows.append((section.text(language), line))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        _, line = self.rows[index.row()]
        if line is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if self.editable else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        section, line = self.rows[index.row()]
        if line is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return section
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return "" if role == ItemKeyRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return line.label.text(i18n.current_language())
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if line.done else Qt.CheckState.Unchecked
        if role == ItemKeyRole:
            return line.key
        if role == Qt.ItemDataRole.ToolTipRole and line.done and line.done_at is not None:
            at = line.done_at.strftime("%Y-%m-%d %H:%M UTC")
            return self.tr("Done by {0} at {1}").format(line.done_by, at)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or not self.editable:
            return False
        _, line = self.rows[index.row()]
        if line is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if checked != line.done:
            self.tickRequested.emit(line.key, checked)
        return False  # shown ticked once the write is read back
