"""The Rota dock (排班表): a week of every agent's shifts grouped by desk, the rules the rota breaks (marked
⚠ and named in the cell's tooltip), each desk's coverage per day against its requirement, the open shift
swaps with Approve / Reject, hand edits from a cell's context menu, and Generate… for N weeks."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.i18n import QT_TRANSLATE_NOOP, translate
from console.services import rota, swaps
from console.services.rota import RulesBroken
from console.views import rota_week
from console.views.rota_week import RotaWeek, RotaWeekKey
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.docks.rota_generate import GenerateDialog, next_monday
from ui.models.rota import AGENT_ROLE, CODE_ROLE, DAY_ROLE, PROBLEMS_ROLE, RotaWeekModel, SwapsModel

SHIFT_TITLES = {
    "M": QT_TRANSLATE_NOOP("RotaDock", "Morning"),
    "E": QT_TRANSLATE_NOOP("RotaDock", "Evening"),
    "N": QT_TRANSLATE_NOOP("RotaDock", "Night"),
    "D12": QT_TRANSLATE_NOOP("RotaDock", "Day (12 h)"),
    "N12": QT_TRANSLATE_NOOP("RotaDock", "Night (12 h)"),
}


class RotaDock(LiveDock):
    """The rota for one week at a time; edits and approvals run on the write worker."""

    data_view = rota_week.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "rota", parent)
        self.first = ctx.clock.floor_local().date()
        self.first -= timedelta(days=self.first.weekday())
        self.model = RotaWeekModel(self)
        self.week: RotaWeek | None = None
        self.can_edit = ctx.actor.can(Perm.MANAGE_ROTA) and not ctx.wall

        self.prev_button = QPushButton("◀")
        self.next_button = QPushButton("▶")
        self.today_button = QPushButton()
        self.week_label = QLabel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.generate_button = QPushButton()
        self.generate_button.setEnabled(self.can_edit)
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(32)
        self.prev_button.clicked.connect(lambda: self.show_week(self.first - timedelta(days=7)))
        self.next_button.clicked.connect(lambda: self.show_week(self.first + timedelta(days=7)))
        self.today_button.clicked.connect(self._this_week)
        self.generate_button.clicked.connect(self.open_generate)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.week_label, self.next_button, self.today_button):
            bar.addWidget(w)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.generate_button)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(58)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 210)  # "AML & sanctions (30)" whole; names are "Chee Keong T."
        for column in range(1, 8):  # the days share the rest: a week fills the dock at any width
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        self.swaps_label = QLabel()
        self.swap_model = SwapsModel(self)
        self.swaps = QTableView()
        self.swaps.setModel(self.swap_model)
        self.swaps.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.swaps.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.swaps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.swaps.verticalHeader().hide()
        self.swaps.horizontalHeader().setStretchLastSection(True)
        self.approve_button = QPushButton()
        self.reject_button = QPushButton()
        for b in (self.approve_button, self.reject_button):
            b.setEnabled(False)
        self.approve_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.swaps.selectionModel().selectionChanged.connect(self._swap_chosen)
        self.message = QLabel()
        self.message.setWordWrap(True)
        swap_box = QWidget()
        sl = QVBoxLayout(swap_box)
        sl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.swaps_label, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        sl.addLayout(row)
        sl.addWidget(self.swaps)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(swap_box)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 120])

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.setWidget(body)
        self.retranslate()

    # -- LiveDock -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Rota"))
        self.today_button.setText(self.tr("This week"))
        self.generate_button.setText(self.tr("Generate…"))
        self.approve_button.setText(self.tr("Approve"))
        self.reject_button.setText(self.tr("Reject"))
        self.prev_button.setToolTip(self.tr("Previous week"))
        self.next_button.setToolTip(self.tr("Next week"))
        self.swap_model.retranslate()
        if self.week is not None:
            self._show_texts(self.week)

    def make_key(self) -> Hashable:
        return RotaWeekKey(self.first)

    def apply_snapshot(self, snapshot: Any) -> None:
        self.week = snapshot
        expanded = {
            self.model.index(r, 0).data()
            for r in range(self.model.rowCount())
            if self.tree.isExpanded(self.model.index(r, 0))
        }
        first_load = self.model.rowCount() == 0
        self.model.set_week(snapshot)
        for r in range(self.model.rowCount()):
            idx = self.model.index(r, 0)
            if first_load or idx.data() in expanded:
                self.tree.expand(idx)
        self._show_texts(snapshot)
        self._fill_swaps(snapshot)

    def apply_patch(self, patch: Any) -> None:
        self.apply_snapshot(patch)

    def reconcile_snapshot(self, snapshot: Any) -> int:
        self.apply_snapshot(snapshot)
        return 0

    # -- what it shows --------------------------------------------------------------------------------
    def show_week(self, first: date) -> None:
        self.first = first - timedelta(days=first.weekday())
        self.load()

    def _this_week(self) -> None:
        today = self.ctx.clock.floor_local().date()
        self.show_week(today)

    def _show_texts(self, week: RotaWeek) -> None:
        last = week.key.first + timedelta(days=6)
        self.week_label.setText(f"{week.key.first:%Y-%m-%d} – {last:%m-%d}")  # digits: the same in Chinese
        agent_kinds = sum(v for k, v in week.counts.items() if k not in ("coverage", "skill", "language"))
        gaps = sum(v for k, v in week.counts.items() if k in ("coverage", "skill", "language"))
        self.summary.setText(
            self.tr("{0} rule problems, {1} coverage gaps this week").format(agent_kinds, gaps)
            if agent_kinds or gaps
            else self.tr("No rule broken this week")
        )
        self.swaps_label.setText(self.tr("Open swap requests: {0}").format(len(week.swaps)))

    def _fill_swaps(self, week: RotaWeek) -> None:
        self.swap_model.sync(week.swaps)
        self._swap_chosen()

    def _chosen_swap(self) -> int | None:
        rows = self.swaps.selectionModel().selectedRows()
        return int(self.swap_model.row_at(rows[0].row()).id) if rows else None

    def _swap_chosen(self) -> None:
        chosen = self._chosen_swap()
        row = next((w for w in (self.week.swaps if self.week else ()) if w.id == chosen), None)
        self.approve_button.setEnabled(self.can_edit and row is not None and row.status == "accepted")
        self.reject_button.setEnabled(self.can_edit and row is not None)

    # -- acting ---------------------------------------------------------------------------------------
    def _menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        menu = self.cell_menu(index)
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def cell_menu(self, index: QModelIndex) -> QMenu | None:
        """The menu of an agent-day cell: the rules broken there, then the shifts to put the agent on."""
        agent = index.data(AGENT_ROLE)
        day = index.data(DAY_ROLE)
        if agent is None or day is None or index.column() == 0:
            return None
        menu = QMenu(self.tree)
        for line in index.data(PROBLEMS_ROLE) or ():
            menu.addAction("⚠ " + line).setEnabled(False)
        if index.data(PROBLEMS_ROLE):
            menu.addSeparator()
        current = index.data(CODE_ROLE)
        for code in self.week.templates if self.week else ():
            title = SHIFT_TITLES.get(code)
            act = menu.addAction(f"{code} · {translate('RotaDock', title)}" if title else code)
            act.setCheckable(True)
            act.setChecked(code == current)
            act.setEnabled(self.can_edit)
            act.triggered.connect(lambda _=False, c=code: self.set_shift(agent, day, c))
        off = menu.addAction(self.tr("Off"))
        off.setEnabled(self.can_edit and current is not None)
        off.triggered.connect(lambda: self.set_shift(agent, day, None))
        return menu

    def set_shift(self, agent: int, day: date, code: str | None, reason: str = "") -> None:
        """Store one agent-day on the write worker; a rule it breaks is named, and needs a reason."""
        db, actor = self.ctx.db, self.ctx.actor

        def done(left: Any) -> None:
            mine = [v.describe() for v in left if v.agent_id == agent and v.day == day]
            self.message.setText(
                self.tr("Stored. Still broken there: {0}").format("; ".join(mine))
                if mine
                else self.tr("Stored.")
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, RulesBroken) and not reason:
                self.message.setText(str(exc))
                text, ok = QInputDialog.getText(
                    self,
                    self.tr("This change breaks the rota's rules"),
                    "\n".join(v.describe() for v in exc.violations)
                    + "\n\n"
                    + self.tr("Reason for the override:"),
                )
                if ok and text.strip():
                    self.set_shift(agent, day, code, text.strip())
                return
            self.message.setText(str(exc))

        self.ctx.runner.write(
            lambda: rota.set_shift(db, actor, agent, day, code, reason=reason), done, failed
        )

    def _decide(self, approve: bool) -> None:
        swap_id = self._chosen_swap()
        if swap_id is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        if approve:
            call = lambda: swaps.approve(db, actor, swap_id)  # noqa: E731
        else:
            call = lambda: swaps.reject(db, actor, swap_id)  # noqa: E731

        def done(_result: Any) -> None:
            self.message.setText(
                self.tr("Swap {0} approved.").format(swap_id)
                if approve
                else self.tr("Swap {0} rejected.").format(swap_id)
            )

        self.ctx.runner.write(call, done, lambda exc: self.message.setText(str(exc)))

    def open_generate(self) -> GenerateDialog:
        today = self.ctx.clock.floor_local().date()
        dialog = GenerateDialog(self.ctx, max(self.first, next_monday(today)), self)
        dialog.published.connect(lambda _counts: self.load())
        dialog.show()
        return dialog
