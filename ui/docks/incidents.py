"""Incidents dock: the worked queue, most urgent first, with live SLA countdowns; filters, saved views, a
search of the incidents that ended, and a toolbar of actions on the chosen incident."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console import export
from console.alerts import AlertWatch
from console.auth import ROLE_PERMS, Perm
from console.services import incidents
from console.services.lifecycle import ACTION_TITLES, ACTIONS, OPEN_STATUSES, STATUSES
from console.views import incident_queue
from console.views.incident_queue import (
    ENDED,
    SAVED_BY_CODE,
    SAVED_VIEWS,
    UNASSIGNED,
    QueueFilter,
    QueueKey,
    QueuePatch,
    QueueSnapshot,
    saved_filter,
)
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.base import LiveDock
from ui.models.incident_queue import COLUMNS, IncidentQueueModel, Index, export_headers, export_row

# Keys for actions on the chosen incident while the queue has the focus (arrows move between incidents).
ACTION_KEYS = {
    "claim": "C",
    "acknowledge": "A",
    "investigate": "I",
    "escalate": "E",
    "hand_off": "H",
    "resolve": "R",
    "note": "N",
}
# The toolbar's actions, in the order a supervisor works an incident.
TOOLBAR_ACTIONS = ("claim", "acknowledge", "investigate", "escalate", "hand_off", "note", "resolve")
# Which columns give way first when the dock is narrow (1366 x 768: the queue gets ~600 px). Severity,
# title, SLA left, owner and status always stay.
GIVE_WAY = ("category", "age", "ref")
TITLE_MIN = 170  # px the title keeps before another column gives way
SEARCH_DELAY_MS = 250  # typing pauses this long before a search of the ended incidents runs


class ElideLeft(QStyledItemDelegate):
    """The ref elided from the left (``…-00123``): the part that tells incidents apart stays."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class IncidentsDock(LiveDock):
    """Signals (besides LiveDock's):
    alerted(list): incidents that should reach people now (:class:`console.alerts.Alert`, urgent first).

    The live queue (:attr:`model`) always follows the worked incidents, whatever is on screen: the alerts and
    the summary watch all of them, filtered out or not. A saved view of ended incidents ("Closed today",
    "Search closed incidents") shows :attr:`history` instead: a search run in SQL on a worker, run again when
    the words change or an incident ends meanwhile.
    """

    data_view = incident_queue.VIEW
    alerted = Signal(list)
    chosen = Signal(int)  # the incident the supervisor picked (current row, or a double-click)
    opened = Signal(int)  # a double-click or Enter: show it and bring its detail forward
    actionRequested = Signal(str)  # an action on the chosen incident, from the context menu or a key
    searched = Signal()  # a search of the ended incidents came back (tests wait on it)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "incidents", parent)
        self.model = IncidentQueueModel(ctx.clock, self)  # sorts itself: the header's clicks go to it
        self.history = IncidentQueueModel(ctx.clock, self, QueueKey(scope=ENDED))
        self.watch = AlertWatch()
        self.my_agent_id: int | None = None  # the signed-in user's agent ("My incidents"), read on a worker
        self.departments: list[tuple[int, str]] = []
        self._search_serial = 0
        self._choices_read = False
        self._owners: set[int] = set()  # the owners the owner filter offers (rebuilt when they change)

        self.summary = QLabel(self)
        self.summary.setObjectName("incidentSummary")
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("sla"), Qt.SortOrder.AscendingOrder)
        self.history.sort(COLUMNS.index("age"), Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Severity and SLA are badges a selected row keeps (the selection's blue hid a selected P1).
        self.badges = BadgeDelegate(self.view)
        for col in ("severity", "sla"):
            self.view.setItemDelegateForColumn(COLUMNS.index(col), self.badges)
        self.view.setItemDelegateForColumn(COLUMNS.index("ref"), ElideLeft(self.view))
        self._size_columns()
        self.view.viewport().installEventFilter(self)

        # Actions on the chosen incident (run by the detail dock): a key each while the queue has the focus,
        # the toolbar, the context menu.
        self.allowed_actions: Callable[[], tuple[str, ...]] = tuple  # set by the window: the detail's state
        self.incident_actions: dict[str, QAction] = {}
        for action in ACTIONS:
            qaction = QAction(self)
            if action in ACTION_KEYS:
                qaction.setShortcut(QKeySequence(ACTION_KEYS[action]))
                qaction.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.view.addAction(qaction)
            qaction.triggered.connect(lambda _=False, a=action: self._request_action(a))
            self.incident_actions[action] = qaction
        self.previous_action = QAction(self)
        self.previous_action.setShortcut(QKeySequence("K"))
        self.previous_action.triggered.connect(lambda: self.step(-1))
        self.next_action = QAction(self)
        self.next_action.setShortcut(QKeySequence("J"))
        self.next_action.triggered.connect(lambda: self.step(1))
        for qaction in (self.previous_action, self.next_action):
            qaction.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(qaction)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.view.addAction(self.copy_action)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self._ask_export)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("incidentToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in TOOLBAR_ACTIONS:
            self.toolbar.addAction(self.incident_actions[action])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.previous_action)
        self.toolbar.addAction(self.next_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.export_action)
        # Nothing to act with on the wall screen or for a viewer: the toolbar would be a row of grey buttons.
        self.toolbar.setVisible(not ctx.wall and Perm.WORK_INCIDENT in ROLE_PERMS.get(ctx.actor.role, ()))

        # Filters: a saved view and words on one line, the rest on a second line shown on demand.
        self.saved = QComboBox(self)
        self.saved.setObjectName("savedView")
        for view in SAVED_VIEWS:
            self.saved.addItem("", view.code)
        self.search = QLineEdit(self)
        self.search.setObjectName("queueSearch")
        self.search.setClearButtonEnabled(True)
        self.more = QToolButton(self)
        self.more.setCheckable(True)
        self.severity_buttons: dict[int, QToolButton] = {}
        for sev in (1, 2, 3, 4):
            button = QToolButton(self)
            button.setText(f"P{sev}")
            button.setCheckable(True)
            button.toggled.connect(self._filters_changed)
            self.severity_buttons[sev] = button
        self.status_box = QComboBox(self)
        self.category_box = QComboBox(self)
        self.owner_box = QComboBox(self)
        self.department_box = QComboBox(self)
        self._fill_choices()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.saved)
        top.addWidget(self.search, 1)
        top.addWidget(self.more)
        self.filter_row = QWidget(self)
        row = QHBoxLayout(self.filter_row)
        row.setContentsMargins(0, 0, 0, 0)
        for button in self.severity_buttons.values():
            row.addWidget(button)
        for box in (self.status_box, self.category_box, self.owner_box, self.department_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(6)
            row.addWidget(box, 1)
        self.filter_row.setVisible(False)
        self.more.toggled.connect(self.filter_row.setVisible)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addWidget(self.filter_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._filters_changed)
        self.saved.currentIndexChanged.connect(self._saved_changed)
        for box in (self.status_box, self.category_box, self.owner_box, self.department_box):
            box.currentIndexChanged.connect(self._filters_changed)
        self.retranslate()

        self._connect_view()
        self.view.doubleClicked.connect(lambda index: self._open(index.row()))
        self.view.activated.connect(lambda index: self._open(index.row()))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        ctx.clock.ticked.connect(self._tick)
        self.model.applied.connect(self._update_summary)  # once per batch, not per row
        self.model.applied.connect(self._owners_changed)
        self.more.toggled.connect(self._more_toggled)

    # -- layout ---------------------------------------------------------------------------------------
    def _size_columns(self) -> None:
        """Fixed widths from the font for everything but the title, which takes the rest.

        Sized to what the columns hold (``P1``, ``-1:23:45``, ``Acknowledged``) rather than to contents, so a
        long owner name or the wall screen's large type cannot squeeze the title away.
        """
        header = self.view.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._widths: dict[str, int] = {}
        metrics = self.view.fontMetrics()
        samples = {
            "severity": "P1 ",
            "ref": "…-00000",
            "category": "Withdrawal anomaly",
            "age": "88:88:88",
            "sla": "-88:88:88",
            "owner": "Chee Keong T.",
            "status": "Acknowledged",
        }
        for col, sample in samples.items():
            section = COLUMNS.index(col)
            # Wide enough for what the column holds; a longer header title is elided (it has a tooltip),
            # except the severity's, short enough to keep whole.
            width = metrics.horizontalAdvance(sample) + 22
            if col == "severity":
                title = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
                width = max(width, self.view.horizontalHeader().fontMetrics().horizontalAdvance(title) + 24)
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(section, width)
            self._widths[col] = width
        header.setSectionResizeMode(COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        self._give_way()

    def _give_way(self) -> None:
        """Hide the columns that matter least while the title would be squeezed below :data:`TITLE_MIN`
        (the category first, then the age, then the ref: all three stay in the title's tooltip); the wall
        screen never shows the ref."""
        header = self.view.horizontalHeader()
        width = self.view.viewport().width()

        def size(col: str) -> int:  # a hidden section measures 0: its width when shown is remembered
            section = COLUMNS.index(col)
            return self._widths[col] if self.view.isColumnHidden(section) else header.sectionSize(section)

        kept = [c for c in COLUMNS if c != "title" and c not in GIVE_WAY]
        used = sum(size(c) for c in kept)
        hidden = set()
        if self.ctx.wall:
            hidden.add("ref")
        for col in reversed(GIVE_WAY):  # ref, age, category: added while they fit
            if col in hidden:
                continue
            wanted = size(col)
            if width - used - wanted >= TITLE_MIN:
                used += wanted
            else:
                hidden.add(col)
        for col in GIVE_WAY:
            self.view.setColumnHidden(COLUMNS.index(col), col in hidden)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._give_way()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self._title()
        if hasattr(self, "copy_action"):
            self.copy_action.setText(self.tr("&Copy rows"))
            self.export_action.setText(self.tr("&Export the queue…"))
            for action, qaction in self.incident_actions.items():
                qaction.setText(QCoreApplication.translate("Action", ACTION_TITLES[action]))
                if action in ACTION_KEYS:
                    qaction.setToolTip(f"{qaction.text()} ({ACTION_KEYS[action]})")
            self.previous_action.setText(self.tr("◀ Previous"))
            self.previous_action.setToolTip(self.tr("Previous incident (K)"))
            self.next_action.setText(self.tr("Next ▶"))
            self.next_action.setToolTip(self.tr("Next incident (J)"))
        if hasattr(self, "saved"):
            for i, view in enumerate(SAVED_VIEWS):
                self.saved.setItemText(i, QCoreApplication.translate("SavedView", view.title))
            self.search.setPlaceholderText(self.tr("Search ref, title, owner…"))
            self.more.setText(self.tr("Filters"))
            self.more.setToolTip(self.tr("Severity, status, category, owner and department"))
            self._fill_choices()
        self.model.retranslate()
        self.history.retranslate()
        self._update_summary()

    def _fill_choices(self) -> None:
        """The filter boxes' entries in the current language, keeping what is chosen."""
        history = self.in_history
        statuses = [s for s in STATUSES if (s not in OPEN_STATUSES) == history]
        self._refill(
            self.status_box,
            self.tr("Any status"),
            [(s, QCoreApplication.translate("Status", STATUSES[s])) for s in statuses],
        )
        self._refill(
            self.category_box,
            self.tr("Any category"),
            [(c, QCoreApplication.translate("Category", t)) for c, t in incidents.CATEGORIES.items()],
        )
        owners = sorted(
            {(r.owner_agent_id, r.owner) for r in self.model.all_rows() if r.owner_agent_id is not None},
            key=lambda o: (o[1] or "").lower(),
        )
        self._refill(
            self.owner_box,
            self.tr("Anyone"),
            [(UNASSIGNED, self.tr("Unassigned")), *[(i, n or "?") for i, n in owners]],
        )
        self._refill(self.department_box, self.tr("Any department"), list(self.departments))

    @staticmethod
    def _refill(box: QComboBox, anything: str, items: list[tuple[Any, str]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(anything, None)
        for data, text in items:
            box.addItem(text, data)
        at = box.findData(chosen) if chosen is not None else 0
        box.setCurrentIndex(max(at, 0))
        box.blockSignals(False)
        if chosen is not None and at < 0:  # what was chosen is no longer there
            box.currentIndexChanged.emit(0)

    def _owners_changed(self) -> None:
        owners = {r.owner_agent_id for r in self.model.all_rows() if r.owner_agent_id is not None}
        if owners != self._owners:
            self._owners = owners
            self._fill_choices()

    def _more_toggled(self, on: bool) -> None:
        if on:
            self._read_choices()

    def _read_choices(self) -> None:
        """The departments (for the filter) and the user's own agent ("My incidents"), read on a worker the
        first time a filter needs them."""
        if self._choices_read:
            return
        self._choices_read = True
        db, username = self.ctx.db, self.ctx.actor.username

        def read() -> tuple[list[tuple[int, str]], int | None]:
            return incident_queue.queue_choices(db, username)

        def done(result: tuple[list[tuple[int, str]], int | None]) -> None:
            self.departments, self.my_agent_id = result
            self._fill_choices()
            self._filters_changed()

        def failed(_exc: BaseException) -> None:  # without them the queue still works; try again later
            self._choices_read = False

        self.ctx.runner.run(read, done, failed)

    # -- filters and saved views ------------------------------------------------------------------------
    @property
    def saved_view(self) -> Any:
        return SAVED_BY_CODE[self.saved.currentData() or "all"]

    @property
    def in_history(self) -> bool:
        return hasattr(self, "saved") and self.saved_view.scope == ENDED

    def choose_view(self, code: str) -> None:
        """Show the saved view ``code`` (see :data:`console.views.incident_queue.SAVED_VIEWS`)."""
        self.saved.setCurrentIndex(self.saved.findData(code))

    def current_filter(self) -> QueueFilter:
        """The saved view's filter narrowed by the filter row and the words typed."""
        base = saved_filter(self.saved_view, self.my_agent_id)
        severities = frozenset(sev for sev, b in self.severity_buttons.items() if b.isChecked())
        status, category = self.status_box.currentData(), self.category_box.currentData()
        owner, department = self.owner_box.currentData(), self.department_box.currentData()
        return QueueFilter(
            severities=severities or base.severities,
            statuses=frozenset({status}) if status else base.statuses,
            categories=frozenset({category}) if category else base.categories,
            owner=owner if owner is not None else base.owner,
            department=department if department is not None else base.department,
            text="" if self.in_history else self.search.text(),  # the history's words go to SQL
            unacknowledged=base.unacknowledged,
            breaching=base.breaching,
            waiting=base.waiting,
        )

    def _saved_changed(self) -> None:
        if self.saved_view.mine:
            self._read_choices()
        history = self.in_history
        if self.view.model() is not self.shown:
            self.view.setModel(self.shown)  # a new model: the header's sizes and hidden columns start over
            self._connect_view()
            self._size_columns()
        self.view.horizontalHeader().setSortIndicator(
            COLUMNS.index("age" if history else "sla"),
            Qt.SortOrder.DescendingOrder if history else Qt.SortOrder.AscendingOrder,
        )
        self._fill_choices()
        self._filters_changed()

    def _connect_view(self) -> None:
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

    def _filters_changed(self, *_: Any) -> None:
        self._search_timer.stop()
        queue_filter = self.current_filter()
        self.more.setChecked(self.more.isChecked() or self._row_filters_set())
        if self.in_history:
            self.history.set_filter(queue_filter)
            self.run_search()
        else:
            self.model.set_filter(queue_filter)
        self._update_summary()

    def _row_filters_set(self) -> bool:
        return any(b.isChecked() for b in self.severity_buttons.values()) or any(
            box.currentData() is not None
            for box in (self.status_box, self.category_box, self.owner_box, self.department_box)
        )

    def run_search(self) -> None:
        """Search the ended incidents for the words typed (and, for "Closed today", since the floor's day
        began) on a worker; an answer overtaken by a newer search is dropped."""
        self._search_serial += 1
        serial = self._search_serial
        key = QueueKey(scope=ENDED, words=self.search.text(), since=self._since())
        db = self.ctx.db

        def read() -> QueueSnapshot:
            with db.reading() as s:
                return incident_queue.VIEW.snapshot(s, key)

        def done(snapshot: QueueSnapshot) -> None:
            if serial != self._search_serial:
                return
            # The SQL decided which rows match the words (the dedup key too, which rows do not carry): the
            # model keeps them while they stay ended, whatever a later change to their title says.
            self.history.key = QueueKey(scope=ENDED, since=key.since)
            self.history.reset(snapshot.rows)
            self._update_summary()
            self.searched.emit()

        def failed(exc: BaseException) -> None:
            if serial == self._search_serial:
                self.ctx_status(str(exc))

        self.ctx.runner.run(read, done, failed)

    def _since(self) -> datetime | None:
        if not self.saved_view.today:
            return None
        now = self.ctx.clock.now().astimezone(self.ctx.clock.tz)
        return datetime.combine(now.date(), time(0), tzinfo=self.ctx.clock.tz).astimezone(UTC)

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> QueueKey:
        return QueueKey()

    def apply_snapshot(self, snapshot: QueueSnapshot) -> None:
        self.model.reset(snapshot.rows)
        self._alert(self.watch.update(self.model.all_rows(), self.ctx.clock.now()))
        if self.in_history:
            self.run_search()

    def apply_patch(self, patch: QueuePatch) -> None:
        self.model.apply(patch.rows, patch.gone)
        gone = [int(key) for key in patch.gone]  # type: ignore[call-overload]  # incident ids
        self._alert(self.watch.apply(patch.rows, gone, self.ctx.clock.now()))
        if self.in_history and (patch.gone or any(not r.is_open for r in patch.rows)):
            self.run_search()  # an incident ended (or reopened) while the history is shown
        elif self.in_history:
            self.history.apply([r for r in patch.rows if r.id in self.history.all_ids()])

    # -- choosing -------------------------------------------------------------------------------------
    @property
    def shown(self) -> IncidentQueueModel:
        """The model on screen: the live queue, or the search of ended incidents."""
        return self.history if self.in_history else self.model

    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.chosen.emit(self.shown.row_at(current.row()).id)

    def _open(self, pos: int) -> None:
        if 0 <= pos < self.shown.rowCount():
            incident_id = self.shown.row_at(pos).id
            self.chosen.emit(incident_id)
            self.opened.emit(incident_id)

    def step(self, by: int) -> None:
        """Choose the next (``by=1``) or previous (``-1``) incident in the order shown."""
        count = self.shown.rowCount()
        if not count:
            return
        current = self.view.currentIndex()
        pos = current.row() + by if current.isValid() else (0 if by > 0 else count - 1)
        pos = max(0, min(count - 1, pos))
        self.view.setCurrentIndex(self.shown.index(pos, COLUMNS.index("title")))
        self.view.scrollTo(self.view.currentIndex())

    def refresh_actions(self) -> None:
        """Enable the toolbar's actions the chosen incident's state allows (the detail dock knows it)."""
        allowed = set(self.allowed_actions())
        for action, qaction in self.incident_actions.items():
            qaction.setEnabled(action in allowed)

    # -- actions, copy and export ---------------------------------------------------------------------
    def _request_action(self, action: str) -> None:
        if action in self.allowed_actions():
            self.actionRequested.emit(action)

    def _context_menu(self, pos: QPoint) -> None:
        self.build_context_menu(pos).exec(self.view.viewport().mapToGlobal(pos))

    def build_context_menu(self, pos: QPoint) -> QMenu:
        """The menu for a right-click at ``pos``: the chosen incident's legal actions, copy and export."""
        menu = QMenu(self)
        index = self.view.indexAt(pos)
        if index.isValid():  # right-click on a row chooses it, then offers what its state allows
            self.view.setCurrentIndex(index)
            allowed = self.allowed_actions()
            for action, qaction in self.incident_actions.items():
                if action in allowed:
                    qaction.setEnabled(True)
                    menu.addAction(qaction)
            if allowed:
                menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addAction(self.export_action)
        return menu

    def copy_selection(self) -> str:
        """The selected rows as the table shows them (visible columns), tab-separated, to the clipboard."""
        model = self.shown
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        shown = [c for c in range(len(COLUMNS)) if not self.view.isColumnHidden(c)]
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in shown]
        text = export.tsv(headers, [[model.index(r, c).data() for c in shown] for r in rows])
        if rows:
            QGuiApplication.clipboard().setText(text)
            self.ctx_status(self.tr("%n incident(s) copied", "", len(rows)))
        return text

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the queue"),
            str(Path.home() / "incident-queue.xlsx"),
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the current view (its filter and order), every field with real moments and numbers, on a
        worker."""
        rows = list(self.shown.rows())
        now = self.ctx.clock.now()
        headers = export_headers()
        values = [export_row(r, now) for r in rows]  # translated names: on the GUI thread
        tz = self.ctx.clock.tz

        def done(count: int) -> None:
            self.ctx_status(self.tr("%n incident(s) exported to {0}", "", count).format(path))

        def failed(exc: BaseException) -> None:
            self.ctx_status(str(exc))

        self.ctx.runner.run(lambda: export.write_table(path, headers, values, tz), done, failed)

    def ctx_status(self, text: str) -> None:
        """Say it in the window's status bar (when docked in one) and remember it for tests."""
        self.last_message = text
        window = self.window()
        status = getattr(window, "status", None)
        if status is not None:
            status.showMessage(text, 10_000)

    # -- display --------------------------------------------------------------------------------------
    def _tick(self) -> None:
        """Once a second: repaint the rows on screen (ages, countdowns, SLA bands), keep a time-dependent
        filter true, and look at the incidents whose next alert threshold has come (not all of them)."""
        self.model.tick()
        self.view.viewport().update()
        self._update_summary()
        self._alert(self.watch.tick(self.ctx.clock.now()))
        self.refresh_actions()

    @property
    def attention_count(self) -> int:
        """How many incidents are highlighted as needing someone (the model holds which)."""
        return len(self.model.attention)

    def _alert(self, alerts: list[Any]) -> None:
        """New P1/P2, SLAs at 90 % or breached, handoffs overdue: highlight the rows, tell the window."""
        attention = frozenset(self.watch.attention)
        if attention != self.model.attention:
            self.model.set_attention(attention)
            self.history.set_attention(attention)
            self._title()
        if alerts:
            self.alerted.emit(alerts)

    def _title(self) -> None:
        """The title bar turns red while incidents need attention; the count leads the summary line."""
        self.setWindowTitle(self.tr("Incidents"))
        self.setStyleSheet("QDockWidget::title { background: #fecaca; }" if self.attention_count else "")
        self._update_summary()

    def _update_summary(self, *_: Any) -> None:
        rows = self.model.all_rows()  # one pass over plain rows: no index or data() call per row
        now = self.ctx.clock.now()
        by_sev = Counter(r.severity for r in rows)
        breached = sum(1 for r in rows if r.sla_due() < now)
        unassigned = sum(1 for r in rows if r.owner is None)
        text = self.tr("Open {0} · P1 {1} · P2 {2} · SLA breached {3} · unassigned {4}").format(
            len(rows), by_sev.get(1, 0), by_sev.get(2, 0), breached, unassigned
        )
        if hasattr(self, "saved"):
            shown = self.shown.rowCount()
            if self.in_history:
                text = self.tr("%n ended incident(s) found", "", shown) + " · " + text
            elif shown != len(rows):
                text = self.tr("showing {0} of {1}").format(shown, len(rows)) + " · " + text
        attention = self.attention_count
        if attention:
            text += " · " + self.tr("%n need(s) attention", "", attention)
        if self.summary.text() != text:
            self.summary.setText(text)
            self.summary.setStyleSheet("color: #b91c1c; font-weight: bold;" if attention else "")
