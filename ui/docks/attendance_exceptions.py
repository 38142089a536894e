"""The attendance exception queue, as a pane of the attendance dock: what the timer leader found (late,
no-show, break overrun, missed punch, …), worked by the supervisor with a reason, a contact time and a note.

The rows are :mod:`console.views.attendance_exceptions`'s, read on the task pool and kept live from the
change feed (the attendance topic names the agents whose edges, exceptions or notes changed; only their
rows are read again). Writes (working an exception, recording a punch) go to the write worker; a stale form
is refused with the name of who saved first, and the row is read again.

:func:`attach_exceptions` puts the pane beside the roster in the attendance dock as a tab, and gives the
roster's rows a context menu (record a punch, open the discipline ledger).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.errors import Conflict
from console.services import attendance
from console.services.exception_queue import work_exception
from console.topics import ChangeBatch, Topic
from console.views import attendance_exceptions as view_module
from console.views.attendance_exceptions import ExceptionRow, ExceptionsKey, ExceptionsPatch
from ui.attendance_forms import RecordPunchDialog, WorkExceptionDialog
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.models.attendance_exceptions import COLUMNS, ExceptionsModel

if TYPE_CHECKING:
    from ui.docks.attendance import AttendanceDock

PERIODS = (1, 2, 7, 30)  # days back the queue shows


class ExceptionsPanel(QWidget):
    """The queue of the last N days, open ones only by default.

    Signals:
        updated(): rows were applied (a load or a live batch).
        failed(str): a read or a write failed (translated, for the user).
    """

    updated = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceExceptions")
        self.ctx = ctx
        self.model = ExceptionsModel(ctx.clock.tz, self)
        self.model.open_only = True
        self._key: ExceptionsKey | None = None
        self._generation = 0
        self._busy = False
        self._pending: set[int] = set()
        self._started = False  # load() was asked for: batches matter from now on

        self.period = QComboBox(self)
        self.period.setObjectName("exceptionPeriod")
        self.period.currentIndexChanged.connect(self.load)
        self.open_only = QCheckBox(self)
        self.open_only.setObjectName("openOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self._set_open_only)
        self.counts = QLabel(self)
        self.counts.setObjectName("exceptionCounts")
        # The dock may be narrow (the roster beside it gives columns way): the counts yield their width.
        self.counts.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.work = QPushButton(self)
        self.work.setObjectName("workException")
        self.work.clicked.connect(self.work_selected)
        self.ledger = QPushButton(self)
        self.ledger.setObjectName("openLedger")
        self.ledger.clicked.connect(self.open_ledger)
        self.policy = QPushButton(self)
        self.policy.setObjectName("openPolicy")
        self.policy.clicked.connect(self.open_policy)
        self.view = QTableView(self)
        self.view.setObjectName("exceptionsTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("time"), Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("note"), QHeaderView.ResizeMode.Stretch)
        self.badges = BadgeDelegate(self.view)
        self.view.setItemDelegateForColumn(COLUMNS.index("severity"), self.badges)
        self.view.doubleClicked.connect(lambda _index: self.work_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.detail = QLabel(self)  # the selected row in full: the table scrolls in a narrow dock
        self.detail.setObjectName("exceptionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.open_only)
        bar.addWidget(self.period)
        bar.addWidget(self.work)
        bar.addWidget(self.ledger)
        bar.addWidget(self.policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        self.retranslate()
        self.model.applied.connect(self._update_counts)
        self.model.applied.connect(self._update_buttons)
        ctx.hub.batch.connect(self.on_batch)

    def retranslate(self) -> None:
        current = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for days in PERIODS:
            text = self.tr("Last 24 hours") if days == 1 else self.tr("Last {0} days").format(days)
            self.period.addItem(text, days)
        self.period.setCurrentIndex(current if current >= 0 else 1)
        self.period.blockSignals(False)
        self.open_only.setText(self.tr("Open only"))
        self.open_only.setToolTip(self.tr("Hide exceptions already resolved or excused"))
        self.work.setText(self.tr("Work…"))
        self.work.setToolTip(self.tr("Set the reason, when the agent was contacted, a note, and resolve"))
        self.ledger.setText(self.tr("Ledger…"))
        self.ledger.setToolTip(self.tr("The agent's discipline ledger: exceptions and coaching notes"))
        self.policy.setText(self.tr("Policy…"))
        self.policy.setToolTip(self.tr("What counts as late, a no-show, an overrun…, and how serious"))
        self.model.retranslate()
        self._update_counts()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reading --------------------------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return self._started

    def make_key(self) -> ExceptionsKey:
        now = self.ctx.clock.now()
        days = int(self.period.currentData() or 2)
        return ExceptionsKey(now - timedelta(days=days), now + timedelta(days=1), self.open_only.isChecked())

    def load(self, *_: Any) -> None:
        """Read the whole queue for the period chosen."""
        self._started = True
        key = self._key = self.make_key()
        self._pending.clear()
        self._request(lambda s: view_module.VIEW.snapshot(s, key))

    def on_batch(self, batch: ChangeBatch) -> None:
        if not self._started:
            return
        if batch.reload:
            self.load()
            return
        for topic in (Topic.ATTENDANCE, Topic.AGENT, Topic.ROTA):
            self._pending.update(batch.get(topic))
        if batch.get(Topic.TEAM):
            self.load()
        elif self._pending:
            self._flush()

    def _flush(self) -> None:
        if self._busy or not self._pending or self._key is None:
            return
        agents, key = frozenset(self._pending), self._key
        self._pending.clear()
        self._request(lambda s: view_module.VIEW.patch(s, key, {Topic.ATTENDANCE: agents}))

    def _request(self, read: Any) -> None:
        self._generation += 1
        generation = self._generation
        self._busy = True
        db = self.ctx.db

        def work() -> Any:
            with db.reading() as s:
                return read(s)

        def done(result: Any) -> None:
            if generation != self._generation:
                return  # a later request (a reload) reads everything this one would
            self._busy = False
            if isinstance(result, ExceptionsPatch):
                self.model.replace_agents(result.rows, result.agents)
            else:
                self.model.reset(result.rows)
            self.updated.emit()
            self._flush()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._busy = False
            self.failed.emit(self.tr("Could not read the exceptions: {0}").format(exc))

        self.ctx.runner.run(work, done, failed)

    def _set_open_only(self, on: bool) -> None:
        self.model.open_only = on
        self.load()

    def _update_counts(self, *_: Any) -> None:
        rows = self.model.rows()
        open_rows = [r for r in rows if r.status == "open"]
        critical = sum(1 for r in open_rows if r.severity == "critical")
        self.counts.setText(self.tr("{0} open · {1} critical").format(len(open_rows), critical))

    # -- acting ---------------------------------------------------------------------------------------
    def selected(self) -> ExceptionRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.exception_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_: Any) -> None:
        row = self.selected()
        self.work.setEnabled(row is not None and self.ctx.actor.can(Perm.WORK_EXCEPTIONS))
        self.ledger.setEnabled(row is not None)
        self.detail.setText(
            self._detail(row) if row is not None else self.tr("Select an exception to work it.")
        )

    def _detail(self, row: ExceptionRow) -> str:
        """One line on the selected exception: who, what, and how it was worked."""
        m = self.model
        minutes = self.tr("{0} min").format(row.minutes) if row.minutes else ""
        parts = [
            f"{row.name} ({row.employee_no}, {row.team})",
            f"{m.display_text(row, 'kind')} {minutes}".strip(),
            row.at.astimezone(self.ctx.clock.tz).strftime("%d/%m %H:%M"),
            m.display_text(row, "status"),
        ]
        if row.reason_code:
            parts.append(m.display_text(row, "reason"))
        if row.contacted_at:
            parts.append(self.tr("contacted {0}").format(m.display_text(row, "contacted")))
        if row.note:
            parts.append(f"“{row.note}”")
        if row.resolved_by:
            parts.append(self.tr("by {0}").format(row.resolved_by))
        return " · ".join(parts)

    def work_selected(self) -> None:
        row = self.selected()
        if row is None or not self.ctx.actor.can(Perm.WORK_EXCEPTIONS):
            return
        dialog = WorkExceptionDialog(row, self.ctx.clock.tz, self.ctx.clock.now(), self)
        if dialog.exec() == WorkExceptionDialog.DialogCode.Accepted:
            self.submit(row, dialog.value())

    def submit(self, row: ExceptionRow, form: Any) -> None:
        """Write a worked exception on the write worker; a conflict is shown and the row read again."""
        db, actor = self.ctx.db, self.ctx.actor

        def write() -> Any:
            return work_exception(
                db,
                actor,
                row.id,
                form.reason_code,
                form.contacted_at,
                form.note,
                form.status,
                version=row.version,
            )

        def failed(exc: BaseException) -> None:
            self.failed.emit(str(exc))
            if isinstance(exc, Conflict):
                self._pending.add(row.agent_id)
                self._flush()
            if not self.ctx.wall and self.isVisible():
                QMessageBox.warning(self, self.tr("Attendance exception"), str(exc))

        self.ctx.runner.write(write, lambda _r: None, failed)

    def open_ledger(self) -> None:
        row = self.selected()
        if row is not None:
            open_ledger(self.ctx, row.agent_id, row.name, self)

    def open_policy(self) -> None:
        from ui.policy_dialog import PolicyDialog

        dialog = PolicyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def _menu(self, pos: QPoint) -> None:
        row = self.selected()
        if row is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Work…"), self.work_selected).setEnabled(
            self.ctx.actor.can(Perm.WORK_EXCEPTIONS)
        )
        menu.addAction(
            self.tr("Record clock-in / clock-out / break…"),
            lambda: record_punch(self.ctx, row.agent_id, row.name, self),
        ).setEnabled(self.ctx.actor.can(Perm.RECORD_ATTENDANCE))
        menu.addAction(self.tr("Discipline ledger…"), self.open_ledger)
        menu.exec(self.view.viewport().mapToGlobal(pos))


def open_ledger(ctx: ConsoleContext, agent_id: int, name: str, parent: QWidget) -> None:
    from ui.ledger import LedgerDialog

    dialog = LedgerDialog(ctx, agent_id, name, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()


def record_punch(ctx: ConsoleContext, agent_id: int, name: str, parent: QWidget) -> None:
    """Ask for a clock-in, clock-out or break edge for ``agent_id`` and record it (source "console")."""
    dialog = RecordPunchDialog(name, ctx.clock.tz, ctx.clock.now(), parent=parent)
    if dialog.exec() != RecordPunchDialog.DialogCode.Accepted:
        return
    form = dialog.value()
    db, actor = ctx.db, ctx.actor

    def failed(exc: BaseException) -> None:
        QMessageBox.warning(
            parent, QCoreApplication.translate("ExceptionsPanel", "Record attendance"), str(exc)
        )

    ctx.runner.write(
        lambda: attendance.record(
            db, actor, agent_id, form.kind, at=form.at, source="console", note=form.note
        ),
        lambda _id: None,
        failed,
    )


def attach_exceptions(dock: AttendanceDock) -> ExceptionsPanel:
    """Add the exception queue as a tab of the attendance dock (after roster, timeline and month) and give
    the roster a context menu. The dock names the tab and reads the queue afresh when it is chosen."""
    panel = ExceptionsPanel(dock.ctx, dock.tabs)
    dock.tabs.addTab(panel, "")
    dock.loaded.connect(panel.load)  # the queue reads with the dock's first load
    dock.ctx.clock.shiftChanged.connect(lambda _slot: panel.load() if panel.started else None)
    view = dock.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        source = dock.proxy.mapToSource(index)
        line = dock.model.line_at(source.row())
        m = QMenu(view)
        m.addAction(
            QCoreApplication.translate("ExceptionsPanel", "Record clock-in / clock-out / break…"),
            lambda: record_punch(dock.ctx, line.agent_id, line.name, dock),
        ).setEnabled(dock.ctx.actor.can(Perm.RECORD_ATTENDANCE))
        m.addAction(
            QCoreApplication.translate("ExceptionsPanel", "Discipline ledger…"),
            lambda: open_ledger(dock.ctx, line.agent_id, line.name, dock),
        )
        m.exec(view.viewport().mapToGlobal(pos))

    view.customContextMenuRequested.connect(menu)
    return panel
