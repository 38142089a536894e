"""The discipline ledger of one agent: attendance exceptions with their reasons, coaching notes (and
adherence misses once wired, :mod:`console.services.ledger`), newest first, with a box to add a note.

Reads run on the task pool, the note is written on the write worker; the list follows the change feed
(the attendance topic names the agent when an exception or note of theirs changes).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.services import ledger
from console.services.ledger import LedgerEntry
from console.topics import ChangeBatch, Topic
from ui.context import ConsoleContext
from ui.models.attendance_exceptions import kind_title, reason_title, status_title

Index = QModelIndex | QPersistentModelIndex
DAYS = (30, 90, 365)


def _kind_text(e: LedgerEntry) -> str:
    if e.source == "exception":
        return kind_title(e.kind)
    if e.source == "note":
        return QCoreApplication.translate("Ledger", "Coaching note")
    return QCoreApplication.translate("Ledger", "Adherence")


def _entry_text(e: LedgerEntry) -> str:
    """Minutes · status · reason · note of an exception; the text of a note or an adherence miss."""
    if e.source == "exception":
        parts = (
            [QCoreApplication.translate("Ledger", "{0} min").format(e.minutes)]
            if e.minutes is not None
            else []
        )
        parts.append(status_title(e.status or "open"))
        if e.reason_code:
            parts.append(reason_title(e.reason_code))
        if e.text:
            parts.append(f"“{e.text}”")
        return " · ".join(parts)
    if e.source == "note":
        return e.text or ""
    return " · ".join(
        p
        for p in (
            QCoreApplication.translate("Ledger", "{0} min").format(e.minutes) if e.minutes else "",
            e.text or "",
        )
        if p
    )


class LedgerModel(QAbstractTableModel):
    """The ledger's lines (a few hundred at most: reset whole on each read)."""

    COLUMNS = ("time", "what", "detail", "by")

    def __init__(self, tz: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self._rows: list[LedgerEntry] = []

    def reset(self, rows: list[LedgerEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            QCoreApplication.translate("Ledger", "Time"),
            QCoreApplication.translate("Ledger", "Kind"),
            QCoreApplication.translate("Ledger", "Detail"),
            QCoreApplication.translate("Ledger", "By"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "time":
                return e.at.astimezone(self.tz).strftime("%d/%m/%Y %H:%M")
            if col == "what":
                return _kind_text(e)
            if col == "detail":
                return _entry_text(e)
            return e.author or ""
        if role == Qt.ItemDataRole.ToolTipRole and col == "detail":
            return _entry_text(e)
        return None


class LedgerDialog(QDialog):
    """One agent's ledger over the last N days, and a note to add."""

    def __init__(self, ctx: ConsoleContext, agent_id: int, agent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerDialog")
        self.ctx = ctx
        self.agent_id = agent_id
        self.setWindowTitle(self.tr("Discipline ledger: {0}").format(agent))
        self.days = QComboBox(self)
        self.days.setObjectName("days")
        for n in DAYS:
            self.days.addItem(self.tr("Last {0} days").format(n), n)
        self.days.currentIndexChanged.connect(self.load)
        self.counts = QLabel(self)
        self.counts.setObjectName("ledgerCounts")
        self.model = LedgerModel(ctx.clock.tz, self)
        self.view = QTableView(self)
        self.view.setObjectName("ledgerTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("newNote")
        self.note.setPlaceholderText(self.tr("A coaching note: what was discussed, what was agreed"))
        self.note.setMaximumHeight(70)
        self.add = QPushButton(self.tr("Add note"), self)
        self.add.setObjectName("addNote")
        self.add.setEnabled(ctx.actor.can(ledger_perm()))
        self.add.clicked.connect(self._add_note)
        self.error = QLabel(self)
        self.error.setObjectName("ledgerError")
        self.error.setWordWrap(True)
        self.error.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.days)
        adding = QHBoxLayout()
        adding.addWidget(self.note, 1)
        adding.addWidget(self.add, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.resize(760, 480)
        ctx.hub.batch.connect(self._on_batch)
        self.load()

    def load(self, *_: Any) -> None:
        db, agent_id = self.ctx.db, self.agent_id
        now = self.ctx.clock.now()
        first = now - timedelta(days=int(self.days.currentData()))
        last = now + timedelta(days=1)

        def work() -> list[LedgerEntry]:
            with db.reading() as s:
                return ledger.entries(s, agent_id, first, last)

        self.ctx.runner.run(work, self._show, self._failed)

    def _show(self, rows: list[LedgerEntry]) -> None:
        self.model.reset(rows)
        exceptions = sum(1 for e in rows if e.source == "exception")
        notes = sum(1 for e in rows if e.source == "note")
        self.counts.setText(self.tr("{0} exceptions · {1} coaching notes").format(exceptions, notes))

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(str(exc))
        self.error.show()

    def _on_batch(self, batch: ChangeBatch) -> None:
        if batch.reload or self.agent_id in batch.get(Topic.ATTENDANCE):
            self.load()

    def _add_note(self) -> None:
        text = self.note.toPlainText().strip()
        if not text:
            self._failed(ValueError(self.tr("Write the note first.")))
            return
        db, actor, agent_id = self.ctx.db, self.ctx.actor, self.agent_id
        self.add.setEnabled(False)

        def done(_: object) -> None:
            self.note.clear()
            self.error.hide()
            self.add.setEnabled(True)
            self.load()

        def failed(exc: BaseException) -> None:
            self.add.setEnabled(True)
            self._failed(exc)

        self.ctx.runner.write(lambda: ledger.add_note(db, actor, agent_id, text), done, failed)

    def done(self, result: int) -> None:
        self.ctx.hub.batch.disconnect(self._on_batch)
        super().done(result)


def ledger_perm() -> Any:
    from console.auth import Perm

    return Perm.WORK_EXCEPTIONS
