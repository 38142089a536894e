"""The leave requests dialog, opened from the attendance dock: the requests, their approval, a new request.

Supervisors and team leads (who may change the rota) approve, reject or cancel; anyone who records attendance
may ask for leave and withdraw a request still waiting. Reads run on the read pool, writes on the write
worker; a refusal (overlapping leave, a request someone else decided meanwhile) shows its message in the
dialog. The list follows the rota topic live (leave requests feed it, keyed by agent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.floortime import to_floor
from console.services import leave
from console.services.leave import LEAVE_TYPES, STATUS_TITLES, LeaveLine
from console.topics import ChangeBatch, Topic
from ui.context import ConsoleContext
from ui.models.keyed import Index, KeyedTableModel
from ui.models.roster import leave_title

LOOK_BACK = timedelta(days=31)  # requests that ended longer ago than this are history


def status_title(status: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Leave", STATUS_TITLES.get(status, status))


class LeaveModel(KeyedTableModel):
    """The leave requests, held by request id and brought to each fresh read by difference (:meth:`sync`),
    in the order the service lists them (first day, then agent)."""

    columns = ("agent", "type", "from", "to", "days", "status", "reason", "asked", "decided")

    def __init__(self, clock: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.sort(0)

    @staticmethod
    def key_of(row: LeaveLine) -> int:
        return row.id

    def sort_key(self, row: LeaveLine, column: int) -> Any:
        return (row.first_day, row.agent, row.id)

    def header_titles(self) -> tuple[str, ...]:
        return (
            QCoreApplication.translate("LeaveDialog", "Agent"),
            QCoreApplication.translate("LeaveDialog", "Type"),
            QCoreApplication.translate("LeaveDialog", "From"),
            QCoreApplication.translate("LeaveDialog", "To"),
            QCoreApplication.translate("LeaveDialog", "Days"),
            QCoreApplication.translate("LeaveDialog", "Status"),
            QCoreApplication.translate("LeaveDialog", "Reason"),
            QCoreApplication.translate("LeaveDialog", "Asked by"),
            QCoreApplication.translate("LeaveDialog", "Decided by"),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line: LeaveLine = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                line.agent,
                leave_title(line.leave_type),
                line.first_day.isoformat(),
                line.last_day.isoformat(),
                str(line.days),
                status_title(line.status),
                line.reason,
                line.requested_by,
                line.decided_by or "",
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 6 and line.reason:
                return line.reason
            if col == 8 and line.decided_at:
                return f"{line.decided_by} {to_floor(line.decided_at, self.clock.tz):%Y-%m-%d %H:%M}"
            return None
        if role == Qt.ItemDataRole.FontRole and line.status == "requested":  # waiting: in bold
            font = QFont()
            font.setBold(True)
            return font
        return None


class LeaveDialog(QDialog):
    """Leave requests around ``day``: list, approve / reject / cancel, and a form to ask for leave.

    Signals:
        listed(): the requests were (re)read and are shown.
        written(): a write went through (the list is being re-read).
    """

    listed = Signal()
    written = Signal()

    def __init__(self, ctx: ConsoleContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leaveDialog")
        self.ctx = ctx
        self.day = day
        self.lines: list[LeaveLine] = []
        self.may_decide = ctx.actor.can(Perm.MANAGE_ROTA) and not ctx.db.read_only_reason
        self.may_ask = ctx.actor.can(Perm.RECORD_ATTENDANCE) and not ctx.db.read_only_reason
        self.setWindowTitle(self.tr("Leave requests"))
        self.resize(760, 480)

        self.model = LeaveModel(ctx.clock, self)
        self.table = QTableView(self)
        self.table.setObjectName("leaveTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # the reason takes what is left
        header.setMinimumSectionSize(40)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.approve_button.setObjectName("approveLeave")
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.setObjectName("rejectLeave")
        self.cancel_button = QPushButton(self.tr("Cancel request"), self)
        self.cancel_button.setObjectName("cancelLeave")
        self.approve_button.clicked.connect(lambda: self._decide("approve"))
        self.reject_button.clicked.connect(lambda: self._decide("reject"))
        self.cancel_button.clicked.connect(lambda: self._decide("cancel"))
        decide = QHBoxLayout()
        for b in (self.approve_button, self.reject_button, self.cancel_button):
            decide.addWidget(b)
        decide.addStretch(1)
        if not self.may_decide:
            self.approve_button.setToolTip(self.tr("Approving leave needs a role that may change the rota"))
            self.reject_button.setToolTip(self.approve_button.toolTip())

        # -- the request form -------------------------------------------------------------------------
        form_box = QGroupBox(self.tr("Ask for leave"), self)
        self.agent_box = QComboBox(form_box)
        self.agent_box.setObjectName("leaveAgent")
        self.agent_box.setEditable(True)
        self.agent_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.agent_box.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.type_box = QComboBox(form_box)
        self.type_box.setObjectName("leaveType")
        for kind in LEAVE_TYPES:
            self.type_box.addItem(leave_title(kind), kind)
        self.first_edit = QDateEdit(QDate(day.year, day.month, day.day), form_box)
        self.first_edit.setObjectName("leaveFirst")
        self.first_edit.setCalendarPopup(True)
        self.first_edit.setDisplayFormat("yyyy-MM-dd")
        self.last_edit = QDateEdit(QDate(day.year, day.month, day.day), form_box)
        self.last_edit.setObjectName("leaveLast")
        self.last_edit.setCalendarPopup(True)
        self.last_edit.setDisplayFormat("yyyy-MM-dd")
        self.first_edit.dateChanged.connect(
            lambda d: self.last_edit.setDate(d) if self.last_edit.date() < d else None
        )
        self.reason_edit = QLineEdit(form_box)
        self.reason_edit.setObjectName("leaveReason")
        self.reason_edit.setMaxLength(200)
        self.request_button = QPushButton(self.tr("Request"), form_box)
        self.request_button.setObjectName("requestLeave")
        self.request_button.clicked.connect(self.submit_request)
        self.request_button.setEnabled(self.may_ask)
        # Two rows: who and what kind; when and why (the list above keeps the height).
        form = QGridLayout(form_box)
        form.addWidget(QLabel(self.tr("Agent"), form_box), 0, 0)
        form.addWidget(self.agent_box, 0, 1, 1, 3)
        form.addWidget(QLabel(self.tr("Type"), form_box), 0, 4)
        form.addWidget(self.type_box, 0, 5)
        form.addWidget(QLabel(self.tr("Days"), form_box), 1, 0)
        form.addWidget(self.first_edit, 1, 1)
        form.addWidget(QLabel("–", form_box), 1, 2)
        form.addWidget(self.last_edit, 1, 3)
        form.addWidget(QLabel(self.tr("Reason"), form_box), 1, 4)
        form.addWidget(self.reason_edit, 1, 5)
        form.addWidget(self.request_button, 1, 6)
        form.setColumnStretch(5, 1)

        self.message = QLabel(self)
        self.message.setObjectName("leaveMessage")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)
        layout.addWidget(form_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self._update_buttons()
        ctx.hub.batch.connect(self._on_batch)
        self.load_agents()
        self.load()

    # -- reading --------------------------------------------------------------------------------------
    def load_agents(self) -> None:
        db = self.ctx.db

        def work() -> list[tuple[int, str, str]]:
            with db.reading() as s:
                return leave.agent_choices(s)

        def done(agents: list[tuple[int, str, str]]) -> None:
            self.agent_box.clear()
            for agent_id, name, no in agents:
                self.agent_box.addItem(f"{name} ({no})", agent_id)
            self.agent_box.setCurrentIndex(-1)

        self.ctx.runner.run(work, done, lambda exc: self._say(str(exc), error=True))

    def load(self) -> None:
        db, first = self.ctx.db, self.day - LOOK_BACK

        def work() -> list[LeaveLine]:
            with db.reading() as s:
                return leave.requests(s, first_day=first)

        self.ctx.runner.run(work, self._show, lambda exc: self._say(str(exc), error=True))

    def _on_batch(self, batch: ChangeBatch) -> None:
        if batch.reload or batch.get(Topic.ROTA):
            self.load()

    def _show(self, lines: list[LeaveLine]) -> None:
        selected = self.selected()
        self.lines = lines
        self.model.sync(lines)
        if selected is not None and not self.table.selectionModel().hasSelection():
            self.select_request(selected.id)
        self._update_buttons()
        self.listed.emit()

    def selected(self) -> LeaveLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_request(self, request_id: int) -> None:
        row = self.model.row_of(request_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        line = self.selected()
        waiting = line is not None and line.status == "requested"
        self.approve_button.setEnabled(self.may_decide and waiting)
        self.reject_button.setEnabled(self.may_decide and waiting)
        self.cancel_button.setEnabled(
            line is not None
            and ((waiting and self.may_ask) or (line.status == "approved" and self.may_decide))
        )

    # -- writing --------------------------------------------------------------------------------------
    def _decide(self, action: str) -> None:
        line = self.selected()
        if line is None:
            return
        db, actor, rid = self.ctx.db, self.ctx.actor, line.id
        call: Callable[[], Any] = {
            "approve": lambda: leave.approve(db, actor, rid),
            "reject": lambda: leave.reject(db, actor, rid),
            "cancel": lambda: leave.cancel(db, actor, rid),
        }[action]
        said = {
            "approve": self.tr("Leave approved for {0}."),
            "reject": self.tr("Leave rejected for {0}."),
            "cancel": self.tr("Leave cancelled for {0}."),
        }[action].format(line.agent)
        self._write(call, said)

    def submit_request(self) -> None:
        """Ask for the leave the form describes (checked here first, then by the service)."""
        index = self.agent_box.currentIndex()
        agent_id = self.agent_box.itemData(index) if index >= 0 else None
        if agent_id is None or self.agent_box.currentText() != self.agent_box.itemText(index):
            self._say(self.tr("Choose the agent from the list."), error=True)
            return
        first, last = self.first_edit.date(), self.last_edit.date()
        first_day = date(first.year(), first.month(), first.day())
        last_day = date(last.year(), last.month(), last.day())
        if last_day < first_day:
            self._say(self.tr("The last day is before the first."), error=True)
            return
        kind = self.type_box.currentData()
        reason = self.reason_edit.text()
        db, actor = self.ctx.db, self.ctx.actor

        def done_text() -> str:
            return self.tr("Leave requested for {0}.").format(self.agent_box.itemText(index))

        self._write(
            lambda: leave.request(db, actor, int(agent_id), kind, first_day, last_day, reason),
            done_text(),
            clear=True,
        )

    def _write(self, call: Callable[[], Any], said: str, *, clear: bool = False) -> None:
        def done(_result: Any) -> None:
            self._say(said, error=False)
            if clear:
                self.reason_edit.clear()
            self.load()
            self.written.emit()

        def failed(exc: BaseException) -> None:
            self._say(self.tr("Refused: {0}").format(exc), error=True)
            self.load()  # someone else may have decided it: show what it is now

        self.ctx.runner.write(call, done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c;" if error else "")
