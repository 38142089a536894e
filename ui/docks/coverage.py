"""Coverage dock (人力覆盖): staffing against the day's requirement and against the live risk load.

On top, the verdict for the floor: "Understaffed for current risk" with each desk's reasons in words (or that
staffing covers the current risk). Under it a day picker with **Now** (today, following the clock), the hour
× desk heat table (required / scheduled / present per cell, gaps coloured and marked with ``!``; a desk's
skill and language rows open with a click on its name) and, beside it, each desk's load now (present against
required, open incidents, unacknowledged, backlog, per person, the verdict) and who could move.

Reads through :mod:`console.views.coverage` on the task runner; every batch naming attendance, the rota,
people, seats, desks, requirements, incidents or the backlog indicator re-reads it (a handful of queries) and
the models apply it by difference. The running hour moves with time alone, so the dock also re-reads once a
minute. On the wall screen the picker is hidden and the verdict is raised to the window's banner
(:attr:`CoverageDock.flagChanged`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alerts import UNDERSTAFFED_SEVERITY, Alert
from console.services.coverage import floor_day
from console.services.coverage_risk import RiskLoad
from console.views import coverage
from console.views.coverage import CoverageKey, CoverageSnapshot, limits_from
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.models.coverage import CoverageModel, DeskLoadModel, MovesModel, desk_name

REFRESH_MS = 60_000
BANNER_BAD = "color: white; background: #b91c1c; padding: 4px 8px; font-weight: bold;"
BANNER_OK = "color: #064e3b; background: #d1fae5; padding: 4px 8px;"


class CoverageDock(LiveDock):
    """Signals:
    flagChanged(str): the floor's verdict in words when it is understaffed for current risk, "" when not
        (the wall screen shows it as a banner).
    alerted(list): the floor turning understaffed for current risk, for the window's alert centre (once per
        turn; the verdict found on the first look is not announced). The dock's tab is marked ⚠ meanwhile,
        so the verdict shows behind the floor map too.
    """

    data_view = coverage.VIEW
    flagChanged = Signal(str)
    alerted = Signal(list)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "coverage", parent)
        self._day: date | None = None  # None: today, following the clock
        self._verdict_seen = False  # the first verdict is learnt, not announced
        self._shown_day: date | None = None
        self.risk: RiskLoad | None = None
        self.flag_text = ""
        self.model = CoverageModel(self)
        self.loads = DeskLoadModel(self)
        self.moves = MovesModel(self)

        body = QWidget(self)
        self.banner = QLabel(body)
        self.banner.setObjectName("coverageBanner")
        self.banner.setWordWrap(True)
        self.day_label = QLabel(body)
        self.day_edit = QDateEdit(body)
        self.day_edit.setObjectName("coverageDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.dateChanged.connect(self._on_date)
        self.now_button = QPushButton(body)
        self.now_button.setObjectName("coverageNow")
        self.now_button.clicked.connect(self.follow_now)
        self.requirements_button = QPushButton(body)  # the staffing requirements dialog (ui.staffing_dialog)
        self.requirements_button.setObjectName("coverageRequirements")
        self.requirements_button.clicked.connect(self.open_requirements)
        self.legend = QLabel(body)
        self.legend.setObjectName("coverageLegend")
        self.legend.setWordWrap(True)

        self.table = QTableView(body)
        self.table.setObjectName("coverageTable")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setMinimumSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows = self.table.verticalHeader()
        rows.setSectionsClickable(True)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.sectionClicked.connect(self.model.toggle)
        self.table.setWordWrap(True)

        right = QWidget(body)
        self.load_title = QLabel(right)
        self.load_table = QTableView(right)
        self.load_table.setObjectName("deskLoadTable")
        self.load_table.setModel(self.loads)
        self.load_table.verticalHeader().hide()
        self.load_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.load_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.moves_table = QTableView(right)
        self.moves_table.setObjectName("movesTable")
        self.moves_table.setModel(self.moves)
        self.moves_table.verticalHeader().hide()
        self.moves_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.moves_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.moves_table.horizontalHeader().setStretchLastSection(True)
        self.moves_table.setWordWrap(True)
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.load_title)
        side.addWidget(self.load_table, 3)
        side.addWidget(self.moves_table, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, body)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.load_table.viewport().installEventFilter(self)  # the desk names take what the numbers leave
        self.splitter.installEventFilter(self)  # its first real width: the load table gets what it needs
        self._split_done = False

        controls = QHBoxLayout()
        controls.addWidget(self.day_label)
        controls.addWidget(self.day_edit)
        controls.addWidget(self.now_button)
        controls.addWidget(self.requirements_button)
        controls.addWidget(self.legend, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addLayout(controls)
        layout.addWidget(self.splitter, 1)
        self.setWidget(body)
        if ctx.wall:  # looked at, not worked: today only
            for w in (self.day_label, self.day_edit, self.now_button, self.requirements_button):
                w.hide()
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._tick)
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Coverage"))
        self.day_label.setText(self.tr("Day"))
        self.now_button.setText(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Today, following the clock"))
        self.requirements_button.setText(self.tr("Requirements…"))
        self.requirements_button.setToolTip(self.tr("How many people each desk needs, hour by hour"))
        self.legend.setText(
            self.tr(
                "Each hour: present/required, s = scheduled; ! marks a gap (red: present, amber: scheduled)"
            )
        )
        self.load_title.setText(self.tr("Risk load now"))
        self.model.retranslate()
        self.loads.retranslate()
        self.moves.retranslate()
        self._show_verdict()

    def open_requirements(self) -> QWidget:
        """Show the staffing requirements dialog (ui.staffing_dialog)."""
        from ui.staffing_dialog import open_requirements

        return open_requirements(self.ctx, self)

    def _show_verdict(self) -> None:
        risk = self.risk
        if risk is None:
            self.banner.setText(self.tr("Reading coverage…"))
            self.banner.setStyleSheet(BANNER_OK)
            return
        text = self.verdict_text(risk)
        if risk.floor.understaffed:
            self.banner.setStyleSheet(BANNER_BAD)
        else:
            self.banner.setStyleSheet(BANNER_OK)
        self.banner.setText(text)
        flag = text if risk.floor.understaffed else ""
        self.setWindowTitle(("⚠ " if flag else "") + self.tr("Coverage"))
        if flag != self.flag_text:
            turned = bool(flag) and not self.flag_text and self._verdict_seen
            self.flag_text = flag
            self.flagChanged.emit(flag)
            if turned:
                self.alerted.emit([Alert(0, "", flag, UNDERSTAFFED_SEVERITY, "understaffed", "coverage")])
        self._verdict_seen = True

    def verdict_text(self, risk: RiskLoad) -> str:
        """The floor's verdict in words: which desks are understaffed and why, or that all is covered."""
        f = risk.floor
        if not f.understaffed:
            return self.tr("Staffing covers the current risk: {0} present, {1} required now.").format(
                f.present, f.required
            )
        parts = []
        for load in risk.desks:
            if load.understaffed:
                why = "; ".join(r.text(self._tr) for r in load.reasons)
                parts.append(f"{desk_name(self.loads.desks.get(load.desk), load.desk)}: {why}")
        parts += [r.text(self._tr) for r in f.reasons]
        return self.tr("Understaffed for current risk — {0}").format(" · ".join(parts))

    @staticmethod
    def _tr(context: str, text: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate(context, text)

    # -- the day --------------------------------------------------------------------------------------
    def today(self) -> date:
        return floor_day(self.ctx.clock.now(), self.ctx.clock.floor_tz)

    def shown_day(self) -> date:
        return self._day or self.today()

    def set_day(self, day: date | None) -> None:
        """Show ``day`` (``None``: today, following the clock)."""
        self._day = None if day == self.today() else day
        self._sync_picker()
        if self._started:
            self.load()

    def follow_now(self) -> None:
        self.set_day(None)

    def _on_date(self, qdate: QDate) -> None:
        day = date(qdate.year(), qdate.month(), qdate.day())
        if day != self.shown_day():
            self.set_day(day)

    def _sync_picker(self) -> None:
        day = self.shown_day()
        self.day_edit.blockSignals(True)
        self.day_edit.setDate(QDate(day.year, day.month, day.day))
        self.day_edit.blockSignals(False)
        self.now_button.setEnabled(self._day is not None)

    def _tick(self) -> None:
        if self.is_loaded:
            self.load()

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> CoverageKey:
        return CoverageKey(
            self.shown_day(),
            self.ctx.clock.now(),
            self.ctx.clock.floor_tz.key,
            self.ctx.settings.floor_code or None,
            limits_from(self.ctx.settings),
        )

    def patch_key(self) -> CoverageKey:
        return self.make_key()  # "now" moves on: a batch is read as of when it came

    def reconcile_key(self) -> CoverageKey:
        return self.make_key()

    def reconcile_snapshot(self, snapshot: Any) -> int:
        """Applied like any read. Not counted as rows out of date: "now" moved since the last read, so the
        running hour's present counts and the load differ by time alone (the base would log a warning)."""
        self._apply(snapshot)
        return 0

    def apply_snapshot(self, snapshot: CoverageSnapshot) -> None:
        self._apply(snapshot)

    def apply_patch(self, patch: Any) -> None:
        """A batch that changed nothing coverage shows (another indicator's samples)."""

    def _apply(self, snap: CoverageSnapshot) -> int:
        first = self._shown_day is None
        new_day = snap.key.day != self._shown_day
        self._shown_day = snap.key.day
        desks = {d.code: d for d in snap.desks}
        self.loads.desks = desks
        self.moves.desks = desks
        changed = self.model.set_lines(snap.rows, snap.desks, snap.hour_now)
        risk = snap.risk
        self.risk = risk
        if risk is not None:
            changed += self.loads.sync(risk.desks)
            stuck = [d.desk for d in risk.desks if d.nobody_can_move]
            changed += self.moves.sync([*risk.moves, *stuck])
            self.moves_table.resizeRowsToContents()  # two lines each, in whatever script the names are
        self._show_verdict()
        self._sync_picker()
        if first or new_day:
            self._fit()
        if not self._split_done:
            self._split()
        if not self._refresh.isActive():
            self._refresh.start()
        return changed

    def _fit(self) -> None:
        """Hour columns as narrow as their numbers, two lines per row; the running hour in view."""
        table = self.table
        metrics = table.fontMetrics()
        bold = table.font()
        bold.setBold(True)
        width = QFontMetrics(bold).horizontalAdvance("00/00!") + 8
        for column in range(CoverageModel.HOURS):
            table.setColumnWidth(column, width)
        table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * 2 + 8)
        self._fit_loads()
        self.load_table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() + 8)
        self._scroll_to_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            if watched is self.load_table.viewport():
                QTimer.singleShot(0, self._fit_loads)
            elif watched is self.splitter and not self._split_done and self.splitter.width() > 0:
                QTimer.singleShot(0, self._split)
        return super().eventFilter(watched, event)

    def _split(self) -> None:
        """Once, when the dock first has its width: the risk load table as wide as its columns (up to half),
        the heat table the rest; after that the splitter is the user's."""
        total = self.splitter.width()
        if self._split_done or total <= 0 or not self.loads.rowCount():
            return
        self._split_done = True
        table = self.load_table
        table.resizeColumnsToContents()
        need = sum(table.columnWidth(c) for c in range(self.loads.columnCount()))
        need += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width() + 4
        right = min(need, total // 2)
        self.splitter.setSizes([total - right - self.splitter.handleWidth(), right])
        QTimer.singleShot(0, self._scroll_to_now)  # the heat table's width changed

    def _fit_loads(self) -> None:
        """The numbers keep their width; the desk names get what is left (at least nine letters)."""
        table = self.load_table
        table.resizeColumnsToContents()
        numbers = sum(table.columnWidth(c) for c in range(1, self.loads.columnCount()))
        room = table.viewport().width() - numbers
        floor = table.fontMetrics().horizontalAdvance("W" * 9)
        table.setColumnWidth(0, max(floor, min(table.columnWidth(0), room)))

    def _scroll_to_now(self) -> None:
        hour = self.model.hour_now
        if hour is None or not self.model.rowCount():
            return
        # The running hour in the middle: what just happened and what comes.
        self.table.scrollTo(self.model.index(0, hour), QAbstractItemView.ScrollHint.PositionAtCenter)
