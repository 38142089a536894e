"""Attendance dock: any shift's roster against actual clock-ins, its timeline, and the month's summary.

The header picks the shift: a floor date and one of the floor's shift templates (8-hour and 12-hour ones,
a night shift belonging to the date it starts on), the arrows step to the shift before or after, and "Now"
goes back to following the running shift (the dock then turns with the floor clock). A past shift shows its
final states, a future one its plan.

A clock-in or break, a rota change (a leave approved, too) or a renamed agent names agents; only their lines
are refetched, whichever shift is shown. A renamed team reloads the shift (a few dozen lines). The reading is
:mod:`console.views.roster`'s; the timeline paints the same lines; the Month tab reads
:mod:`console.views.attendance_month`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.floortime import ShiftPattern, ShiftSlot, to_floor
from console.services.attendance import Presence
from console.views import roster
from console.views.roster import RosterKey, RosterPatch, RosterSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.attendance_exceptions import ExceptionsPanel, attach_exceptions
from ui.docks.attendance_month import MonthPanel
from ui.docks.attendance_timeline import TimelineView
from ui.docks.base import LiveDock
from ui.models.roster import COLUMNS, RosterFilter, RosterModel
from ui.statusbar import shift_title

GIVE_WAY = ("note", "start", "team", "clock_out")  # columns hidden, in this order, when the dock is narrow
NOTE_MAX = 220  # px: a long note is cut short in its cell (the whole of it is in the tooltip)


class AttendanceDock(LiveDock):
    data_view = roster.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "attendance", parent)
        self._shift: ShiftSlot | None = None
        self._following = True  # show the running shift, and turn with the clock
        self._picked: ShiftSlot | None = None  # the shift picked, when not following
        self._fetched = False
        self._patterns: list[ShiftPattern] = []
        self.model = RosterModel(ctx.clock, self)
        self.proxy = RosterFilter(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        # -- the shift picker -----------------------------------------------------------------------
        self.prev_shift = QToolButton(body)
        self.prev_shift.setObjectName("previousShift")
        self.prev_shift.setArrowType(Qt.ArrowType.LeftArrow)
        self.prev_shift.clicked.connect(lambda: self.step(-1))
        self.date_edit = QDateEdit(body)
        self.date_edit.setObjectName("shiftDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.date_edit.dateChanged.connect(self._on_picked)
        self.pattern_box = QComboBox(body)
        self.pattern_box.setObjectName("shiftPattern")
        self.pattern_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pattern_box.currentIndexChanged.connect(self._on_picked)
        self.next_shift = QToolButton(body)
        self.next_shift.setObjectName("nextShift")
        self.next_shift.setArrowType(Qt.ArrowType.RightArrow)
        self.next_shift.clicked.connect(lambda: self.step(1))
        self.now_button = QPushButton(body)
        self.now_button.setObjectName("followNow")
        self.now_button.setCheckable(True)
        self.now_button.setChecked(True)
        self.now_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.now_button.clicked.connect(self.follow_now)
        self.leave_button = QPushButton(body)
        self.leave_button.setObjectName("leaveRequests")
        self.leave_button.clicked.connect(self.open_leave)
        self.shift_label = QLabel(body)
        self.shift_label.setObjectName("shiftWhen")

        self.summary = QLabel(body)
        self.summary.setObjectName("attendanceSummary")
        self.summary.setWordWrap(True)
        self.exceptions = QCheckBox(body)
        self.exceptions.setObjectName("exceptionsOnly")
        self.exceptions.toggled.connect(self.proxy.set_exceptions_only)

        # -- the roster table -----------------------------------------------------------------------
        self.tabs = QTabWidget(body)
        self.tabs.setObjectName("attendanceTabs")
        self.tabs.setDocumentMode(True)
        self.view = QTableView(self.tabs)
        self.view.setObjectName("rosterTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.badges = BadgeDelegate(self.view)  # the status keeps its colour in a selected row
        self.view.setItemDelegateForColumn(COLUMNS.index("status"), self.badges)
        self.view.viewport().installEventFilter(self)  # its width changes with the scroll bar too
        self._fit_pending = False
        self.timeline = TimelineView(self.model, ctx.clock, self.tabs)
        self.month = MonthPanel(ctx, self.tabs)
        self.tabs.addTab(self.view, "")
        self.tabs.addTab(self.timeline, "")
        self.tabs.addTab(self.month, "")
        self.tabs.currentChanged.connect(self._on_tab)

        picker = QHBoxLayout()
        picker.setSpacing(4)
        for w in (self.prev_shift, self.date_edit, self.pattern_box, self.next_shift, self.now_button):
            picker.addWidget(w)
        picker.addWidget(self.shift_label, 1)
        self.tabs.setCornerWidget(self.leave_button, Qt.Corner.TopRightCorner)  # on every tab, costs no row
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.exceptions, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(picker)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)
        self._sync_picker()
        # The exception queue (ui.docks.attendance_exceptions): a tab, and the roster's context menu.
        self.exceptions_panel = attach_exceptions(self)
        self.retranslate()

        ctx.clock.ticked.connect(self.model.tick)
        ctx.clock.ticked.connect(self.timeline.tick)
        ctx.clock.shiftChanged.connect(self._on_shift_changed)
        self.model.applied.connect(self._update_summary)  # once per batch or tick, not per row
        for signal in (self.model.modelReset, self.model.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._schedule_fit)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attendance"))
        self.exceptions.setText(self.tr("Exceptions only"))
        self.exceptions.setToolTip(self.tr("Show only agents who are late, absent or not in yet"))
        self.prev_shift.setToolTip(self.tr("The shift before"))
        self.next_shift.setToolTip(self.tr("The shift after"))
        self.date_edit.setToolTip(
            self.tr("The floor date the shift starts on (a night shift runs into the next)")
        )
        self.pattern_box.setToolTip(self.tr("Which shift of that date"))
        self.now_button.setText(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Follow the running shift"))
        self.leave_button.setText(self.tr("Leave…"))
        self.leave_button.setToolTip(self.tr("Leave requests: ask for leave, approve or reject"))
        self.tabs.setTabText(0, self.tr("Roster"))
        self.tabs.setTabText(1, self.tr("Timeline"))
        self.tabs.setTabText(2, self.tr("Month"))
        self.tabs.setTabText(self.tabs.indexOf(self.exceptions_panel), self.tr("Exceptions"))
        self._fill_patterns(force=True)
        self.model.retranslate()
        self.timeline.retranslate()
        self.month.retranslate()
        self._update_shift_label()
        self._update_summary()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._schedule_fit()
        return super().eventFilter(watched, event)

    # -- the shift shown ------------------------------------------------------------------------------
    @property
    def following(self) -> bool:
        return self._following

    @property
    def shown_shift(self) -> ShiftSlot | None:
        """The shift on screen (or being read)."""
        return self.ctx.clock.shift if self._following else self._picked

    def show_shift(self, shift_date: date, pattern_code: str) -> None:
        """Show the shift of ``pattern_code`` starting on the floor date ``shift_date`` (stops following)."""
        pattern = next((p for p in self.ctx.clock.patterns if p.code == pattern_code), None)
        if pattern is None:
            raise KeyError(pattern_code)
        self._pick(self._slot(pattern, shift_date))

    def follow_now(self) -> None:
        """Back to the running shift; the dock turns with the clock again."""
        self._following = True
        self._picked = None
        self._sync_picker()
        if self._started:
            self.load()

    def step(self, delta: int) -> None:
        """The shift ``delta`` shifts before (negative) or after the one shown, in start order."""
        patterns = sorted(self.ctx.clock.patterns, key=lambda p: p.start)
        current = self.shown_shift
        if not patterns:
            return
        if current is None:  # between shifts: from the last one that started
            current = self._nearest(patterns)
        day = current.shift_date
        index = next((i for i, p in enumerate(patterns) if p.id == current.pattern.id), 0) + delta
        day += timedelta(days=index // len(patterns))
        self._pick(self._slot(patterns[index % len(patterns)], day))

    def _nearest(self, patterns: list[ShiftPattern]) -> ShiftSlot:
        now = self.ctx.clock.now()
        today = to_floor(now, self.ctx.clock.floor_tz).date()
        slots = [self._slot(p, d) for d in (today - timedelta(days=1), today) for p in patterns]
        started = [s for s in slots if s.starts_at <= now]
        return max(started, key=lambda s: s.starts_at) if started else slots[0]

    def _slot(self, pattern: ShiftPattern, shift_date: date) -> ShiftSlot:
        start, end = pattern.bounds(shift_date, self.ctx.clock.floor_tz)
        return ShiftSlot(pattern, shift_date, start, end)

    def _pick(self, slot: ShiftSlot) -> None:
        if self._following and slot == self.ctx.clock.shift:
            self._sync_picker()
            return
        self._following = False
        self._picked = slot
        self._sync_picker()
        if self._started:
            self.load()

    def _on_picked(self, *_: Any) -> None:
        """The date or the template was changed by hand."""
        if self._syncing:
            return
        code = self.pattern_box.currentData()
        pattern = next((p for p in self.ctx.clock.patterns if p.code == code), None)
        if pattern is None:
            return
        qd = self.date_edit.date()
        self._pick(self._slot(pattern, date(qd.year(), qd.month(), qd.day())))

    _syncing = False

    def _fill_patterns(self, *, force: bool = False) -> None:
        patterns = sorted(self.ctx.clock.patterns, key=lambda p: (p.start, p.minutes))
        if patterns == self._patterns and not force:
            return
        self._patterns = patterns
        was = self.pattern_box.currentData()
        syncing, self._syncing = self._syncing, True
        self.pattern_box.clear()
        for p in patterns:
            end = (p.start.hour * 60 + p.start.minute + p.minutes) % (24 * 60)
            label = self.tr("{0} {1}–{2:02d}:{3:02d}").format(
                shift_title(p.code, p.name), p.start.strftime("%H:%M"), end // 60, end % 60
            )
            self.pattern_box.addItem(label, p.code)
        if was is not None:
            self.pattern_box.setCurrentIndex(max(0, self.pattern_box.findData(was)))
        self._syncing = syncing

    def _sync_picker(self) -> None:
        """The picker shows the shift on screen (the running one when following)."""
        self._fill_patterns()
        slot = self.shown_shift
        self._syncing = True
        try:
            if slot is not None:
                d = slot.shift_date
                self.date_edit.setDate(QDate(d.year, d.month, d.day))
                self.pattern_box.setCurrentIndex(max(0, self.pattern_box.findData(slot.pattern.code)))
            elif self._following:
                today = to_floor(self.ctx.clock.now(), self.ctx.clock.floor_tz).date()
                self.date_edit.setDate(QDate(today.year, today.month, today.day))
            self.now_button.setChecked(self._following)
        finally:
            self._syncing = False
        self._update_shift_label()

    def _update_shift_label(self) -> None:
        slot = self.shown_shift
        if slot is None:
            text = ""
        else:
            now = self.ctx.clock.now()
            tz = self.ctx.clock.tz
            if now >= slot.ends_at:
                when = self.tr("ended")
            elif now < slot.starts_at:
                when = self.tr("planned")
            else:
                when = self.tr("running")
            text = when
            if self.ctx.clock.zones_differ:  # the template's times are floor times; say when that is here
                text = self.tr("{0} · {1}–{2} here").format(
                    when,
                    to_floor(slot.starts_at, tz).strftime("%H:%M"),
                    to_floor(slot.ends_at, tz).strftime("%H:%M"),
                )
            self.shift_label.setToolTip(
                self.tr("{0} to {1}").format(
                    to_floor(slot.starts_at, tz).strftime("%Y-%m-%d %H:%M"),
                    to_floor(slot.ends_at, tz).strftime("%Y-%m-%d %H:%M"),
                )
            )
        self.shift_label.setText(text)

    def _on_tab(self, index: int) -> None:
        """The shift picker and the shift's counts belong to the roster and the timeline, not the month."""
        page = self.tabs.widget(index)
        queue: ExceptionsPanel | None = getattr(self, "exceptions_panel", None)  # added after the first tab
        shift_tab = page is not self.month and page is not queue
        for w in (
            self.prev_shift,
            self.date_edit,
            self.pattern_box,
            self.next_shift,
            self.now_button,
            self.shift_label,
            self.summary,
        ):
            w.setVisible(shift_tab)
        self.exceptions.setVisible(page is self.view)
        if page is self.month:
            self.month.ensure_loaded()
        if queue is not None and page is queue:  # read afresh: the period runs up to now
            queue.load()

    # -- leave ----------------------------------------------------------------------------------------
    def open_leave(self) -> None:
        """The leave requests dialog, on the shown shift's date."""
        from ui.docks.leave_dialog import LeaveDialog

        slot = self.shown_shift
        day = (
            slot.shift_date
            if slot is not None
            else to_floor(self.ctx.clock.now(), self.ctx.clock.floor_tz).date()
        )
        dialog = LeaveDialog(self.ctx, day, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.leave_dialog = dialog

    def may_decide_leave(self) -> bool:
        return self.ctx.actor.can(Perm.MANAGE_ROTA) and not self.ctx.db.read_only_reason

    # -- the table's columns --------------------------------------------------------------------------
    def _schedule_fit(self, *_: Any) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._fit_columns)

    def _fit_columns(self) -> None:
        """Names stay readable: each column gets its content width and the agent column what is left.

        When the dock is too narrow (wall type size, a small dock) the columns that say least give way:
        the note (its tooltip keeps it), the scheduled times (the same on every row), the team, then the
        clock-out; after that the table scrolls.
        """
        self._fit_pending = False
        header = self.view.horizontalHeader()
        # sectionSizeHint is 0 for a hidden section: ask the header what its title needs instead.
        want = {
            c: max(header.sectionSizeFromContents(c).width(), width)
            for c, width in self._content_widths().items()
        }
        note = COLUMNS.index("note")
        want[note] = min(want[note], NOTE_MAX)
        room = self.view.viewport().width()
        shown = set(want)
        lines = [self.model.line_at(r) for r in range(self.model.rowCount())]
        if not any(line.note for line in lines):
            shown.discard(note)  # no notes on this shift: no empty column
        if not any(line.clock_out for line in lines):
            shown.discard(COLUMNS.index("clock_out"))  # nobody has left yet: the team has the room
        for name in GIVE_WAY:
            if sum(want[c] for c in shown) <= room:
                break
            shown.discard(COLUMNS.index(name))
        agent = COLUMNS.index("agent")
        want[agent] += max(0, room - sum(want[c] for c in shown))
        for column, width in want.items():
            self.view.setColumnHidden(column, column not in shown)
            header.resizeSection(column, width)

    def _content_widths(self) -> dict[int, int]:
        """Each column's content width, as ``sizeHintForColumn`` gives it, for a fraction of the cost.

        ``sizeHintForColumn`` asks the delegate about every cell (80 lines x 9 columns: 15-25 ms of the GUI
        thread on each reload). The text decides the width, so the widest text of each column is found in
        the plain lines (measured in bold, the widest any row is drawn in) and only its cell is asked.
        """
        bold = QFont(self.view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        measured: dict[str, int] = {}
        widest: dict[int, tuple[int, int]] = {}  # column -> (text width, proxy row)
        for prow in range(self.proxy.rowCount()):
            row = self.proxy.mapToSource(self.proxy.index(prow, 0)).row()
            for column in range(len(COLUMNS)):
                text = self.model.display_text(row, column)
                width = measured.get(text)
                if width is None:
                    width = measured[text] = metrics.horizontalAdvance(text)
                if width > widest.get(column, (-1, 0))[0]:
                    widest[column] = (width, prow)
        grid = 1 if self.view.showGrid() else 0
        return {
            column: self.view.sizeHintForIndex(self.proxy.index(widest[column][1], column)).width() + grid
            if column in widest
            else 0
            for column in range(len(COLUMNS))
        }

    def _update_summary(self, *_: Any) -> None:
        if self._fetched and self._shift is None:
            text = self.tr("No shift is running now.")
        else:
            counts = self.model.counts()
            parts = [
                self.tr("Rostered {0}").format(self.model.rowCount()),
                self.tr("Present {0}").format(counts[Presence.PRESENT]),
                self.tr("Late {0}").format(counts[Presence.LATE]),
                self.tr("On break {0}").format(counts[Presence.ON_BREAK]),
                self.tr("Absent {0}").format(counts[Presence.ABSENT]),
                self.tr("Leave {0}").format(counts[Presence.LEAVE]),
            ]
            # Rarer states appear only when someone is in them, so the usual line stays short.
            for presence, label in (
                (Presence.NOT_YET, self.tr("Not in yet {0}")),
                (Presence.LEFT, self.tr("Clocked out {0}")),
                (Presence.UPCOMING, self.tr("Upcoming {0}")),
            ):
                if counts[presence]:
                    parts.append(label.format(counts[presence]))
            # Wrap only between the counts, never between a label and its number.
            text = " · ".join(part.replace(" ", "\u00a0") for part in parts)
        if self.summary.text() != text:
            self.summary.setText(text)

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> RosterKey:
        """The shift shown, read on the GUI thread; the worker only gets this plain value."""
        return RosterKey(self.shown_shift)

    def _on_shift_changed(self, _slot: object) -> None:
        if self._following:
            self._sync_picker()
            if self._started:
                self.load()
        else:
            self._fill_patterns()
            self._update_shift_label()  # "running" may now read "ended"

    def apply_snapshot(self, snapshot: RosterSnapshot) -> None:
        self._shift = snapshot.key.shift
        self._fetched = True
        self.model.reset(snapshot.rows)
        self.timeline.set_shift(snapshot.key.shift)
        self._update_shift_label()
        self._update_summary()
        if snapshot.key.shift != self.shown_shift:  # the shift turned (or another was picked) meanwhile
            self.load()

    def apply_patch(self, patch: RosterPatch) -> None:
        self.model.apply(patch.rows, patch.gone)
