"""Audit dock: who did what, when, from which workstation, on which entity, with before → after.

Read through :mod:`console.views.audit` on workers: a page of the newest records when the dock is first
shown, older pages as the list is scrolled to its end (``canFetchMore`` / ``fetchMore``), and the records
written since whenever the live feed reports a change. Filters by user, entity and period re-read the first
page. Hidden by default (View menu): nothing is read until it is shown.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.floortime import utcnow
from console.topics import ChangeBatch
from console.views import audit
from console.views.audit import AuditFilter, AuditRow
from ui.context import ConsoleContext

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("at", "actor", "role", "action", "entity", "change", "host")
# (setting, hours back; None is "all")
PERIODS: tuple[tuple[str, int | None], ...] = (("24h", 24), ("7d", 24 * 7), ("30d", 24 * 30), ("all", None))


class AuditModel(QAbstractTableModel):
    """Records newest first; the dock appends older pages and prepends newer records."""

    def __init__(self, tz: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.rows: list[AuditRow] = []
        self.more = False  # an older page may exist
        self.fetcher: Any = None  # called by fetchMore (the dock's page request)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "at": self.tr("Time"),
            "actor": self.tr("User"),
            "role": self.tr("Role"),
            "host": self.tr("Workstation"),
            "action": self.tr("Action"),
            "entity": self.tr("Entity"),
            "change": self.tr("Change"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        row = self.rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail or None if col == "change" else None
        if col == "at":
            return row.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")
        if col == "role":
            return _role_title(row.role)
        if col == "entity":
            return f"{row.entity} {row.entity_id}".strip()
        return getattr(row, col)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.more and self.fetcher is not None

    def fetchMore(self, parent: Index) -> None:
        if self.fetcher is not None:
            self.fetcher()

    def reset(self, rows: list[AuditRow], more: bool) -> None:
        self.beginResetModel()
        self.rows = rows
        self.more = more
        self.endResetModel()

    def append(self, rows: list[AuditRow], more: bool) -> None:
        self.more = more
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def prepend(self, rows: list[AuditRow]) -> None:
        known = self.rows[0].id if self.rows else 0
        rows = [r for r in rows if r.id > known]
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self.rows[:0] = rows
        self.endInsertRows()


def _role_title(code: str) -> str:
    from PySide6.QtCore import QCoreApplication

    from console.auth import ROLE_TITLES

    return QCoreApplication.translate("Role", ROLE_TITLES.get(code, code))


class AuditDock(QDockWidget):
    """The audit viewer. Not a live dock of the start-up set: it reads only while shown."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("audit")
        self.model = AuditModel(ctx.clock.tz, self)
        self.model.fetcher = self.fetch_older
        self.filter = AuditFilter()
        self._generation = 0  # results of an earlier filter are dropped
        self._busy = False  # one page request at a time
        self._newer_wanted = False  # a change arrived while a request ran: read what is newer after it
        self._started = False

        self.user_box = QComboBox(self)
        self.user_box.setObjectName("auditUser")
        self.entity_box = QComboBox(self)
        self.entity_box.setObjectName("auditEntity")
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("auditPeriod")
        for box in (self.user_box, self.entity_box, self.period_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh_button = QPushButton(self)
        self.user_label, self.entity_label, self.period_label = QLabel(self), QLabel(self), QLabel(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMNS.index("change"), QHeaderView.ResizeMode.Stretch)

        bar = QHBoxLayout()
        for label, box in (
            (self.user_label, self.user_box),
            (self.entity_label, self.entity_box),
            (self.period_label, self.period_box),
        ):
            bar.addWidget(label)
            bar.addWidget(box)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.refresh_button)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self.retranslate()
        self._size_columns()

        for box in (self.user_box, self.entity_box, self.period_box):
            box.currentIndexChanged.connect(self._filter_changed)
        self.refresh_button.clicked.connect(self.reload)
        ctx.hub.batch.connect(self._on_batch)

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Audit log"))
        self.user_label.setText(self.tr("User"))
        self.entity_label.setText(self.tr("Entity"))
        self.period_label.setText(self.tr("Period"))
        self.refresh_button.setText(self.tr("Refresh"))
        periods = {
            "24h": self.tr("Last 24 hours"),
            "7d": self.tr("Last 7 days"),
            "30d": self.tr("Last 30 days"),
            "all": self.tr("All"),
        }
        with QSignalBlocker(self.period_box):
            current = self.period_box.currentIndex()
            self.period_box.clear()
            for code, _hours in PERIODS:
                self.period_box.addItem(periods[code], code)
            self.period_box.setCurrentIndex(max(current, 0))
        for box in (self.user_box, self.entity_box):
            if box.count():
                box.setItemText(0, self.tr("Anyone") if box is self.user_box else self.tr("Any"))
        self._count()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _size_columns(self) -> None:
        metrics = self.view.fontMetrics()
        samples = {
            "at": "2026-11-25 23:59:59",
            "actor": "supervisor.wong",
            "role": "supervisor",
            "host": "KL-FLOOR-WS07",
            "action": "incident.acknowledged",
            "entity": "incident 12345",
        }
        for col, sample in samples.items():
            self.view.horizontalHeader().resizeSection(
                COLUMNS.index(col), metrics.horizontalAdvance(sample) + 18
            )

    def _count(self) -> None:
        n = len(self.model.rows)
        text = self.tr("%n record(s)", "", n)
        if self.model.more:
            text = self.tr("%n record(s) shown, more when scrolled", "", n)
        self.count_label.setText(text)

    # -- reading --------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:  # the first time it is shown: nothing is read before
            self.reload()

    def _make_filter(self) -> AuditFilter:
        hours = PERIODS[max(self.period_box.currentIndex(), 0)][1]
        return AuditFilter(
            actor=self.user_box.currentData() or None,
            entity=self.entity_box.currentData() or None,
            since=utcnow() - timedelta(hours=hours) if hours else None,
        )

    def _filter_changed(self) -> None:
        if self._started:
            self.reload()

    def reload(self) -> None:
        """Read the filter choices and the first page again."""
        self._started = True
        self.filter = self._make_filter()
        self._generation += 1
        generation, flt = self._generation, self.filter
        self._busy = True

        def work() -> tuple[list[str], list[str], list[AuditRow]]:
            with self.ctx.db.reading() as s:
                actors, entities = audit.choices(s)
                return actors, entities, audit.page(s, flt, limit=audit.PAGE + 1)

        def done(result: tuple[list[str], list[str], list[AuditRow]]) -> None:
            if generation != self._generation:
                return
            self._busy = False
            actors, entities, rows = result
            self._fill(self.user_box, actors, self.tr("Anyone"))
            self._fill(self.entity_box, entities, self.tr("Any"))
            self.model.reset(rows[: audit.PAGE], len(rows) > audit.PAGE)
            self._settled()

        self.ctx.runner.run(work, done, self._failed)

    def fetch_older(self) -> None:
        if self._busy or not self.model.rows:
            return
        self._busy = True
        generation, flt, oldest = self._generation, self.filter, self.model.rows[-1].id

        def work() -> list[AuditRow]:
            with self.ctx.db.reading() as s:
                return audit.page(s, flt, before_id=oldest, limit=audit.PAGE + 1)

        def done(rows: list[AuditRow]) -> None:
            if generation != self._generation:
                return
            self._busy = False
            self.model.append(rows[: audit.PAGE], len(rows) > audit.PAGE)
            self._settled()

        self.ctx.runner.run(work, done, self._failed)

    def _on_batch(self, _batch: ChangeBatch) -> None:
        """Something was written: read the records written since the newest shown (only while shown)."""
        if not self._started or not self.isVisible():
            return
        if self._busy:
            self._newer_wanted = True
            return
        self._newer_wanted = False
        self._busy = True
        generation, flt = self._generation, self.filter
        newest = self.model.rows[0].id if self.model.rows else 0

        def work() -> list[AuditRow]:
            with self.ctx.db.reading() as s:
                return audit.newer(s, flt, newest)

        def done(rows: list[AuditRow]) -> None:
            if generation != self._generation:
                return
            self._busy = False
            self.model.prepend(rows)
            self._settled()

        self.ctx.runner.run(work, done, self._failed)

    def _settled(self) -> None:
        self._count()
        if self._newer_wanted:
            self._on_batch(ChangeBatch())

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.count_label.setText(self.tr("Could not read the audit log: {0}").format(exc))

    @staticmethod
    def _fill(box: QComboBox, values: list[str], anyone: str) -> None:
        with QSignalBlocker(box):
            current = box.currentData()
            box.clear()
            box.addItem(anyone, None)
            for v in values:
                box.addItem(v, v)
            box.setCurrentIndex(max(box.findData(current), 0) if current else 0)
