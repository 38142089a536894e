"""Adherence dock: per agent on the chosen shift, what the schedule says against what the clock says.

Beside the table: a strip per desk of who is on break now against how many may be (the floor's share,
never below the desk's minimum), and the break plan as a compact timeline (per desk, how many are planned
away at each moment against the limit). Supervisors and team leads may plan the shift's breaks again (on
the write worker; slots already begun stay). The reading is :mod:`console.views.adherence`'s; standings
move with the clock, without a read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alerts import BreakWatch
from console.auth import Perm
from console.floortime import ShiftSlot, shift_at
from console.i18n import translate
from console.services import breaks
from console.services.breaks import BreakPlan
from console.views import adherence as adherence_view
from console.views.adherence import AdherenceKey, AdherencePatch, AdherenceSnapshot
from ui.context import ConsoleContext
from ui.delegates import BadgeDelegate
from ui.docks.base import LiveDock
from ui.format import floor_hm
from ui.models.adherence import COLUMNS, AdherenceFilter, AdherenceModel
from ui.models.rota import desk_title

CHOICES = ("previous", "running", "next")
DESK_OK, DESK_FULL, DESK_OVER = QColor("#d1fae5"), QColor("#fef3c7"), QColor("#fddcdc")
LANE_H = 16
AXIS_H = 18


class PlanTimeline(QWidget):
    """Per desk, how many are planned on break at each 5-minute step (bars) against how many may be
    (the line); a mark at now. Painted from plain lists the dock hands it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("breakTimeline")
        self.lanes: list[tuple[str, list[int], list[int]]] = []  # desk, planned away per step, limit per step
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.now: datetime | None = None
        self.hours: list[tuple[float, str]] = []  # (fraction of the shift, label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(0)

    def set_plan(
        self,
        lanes: list[tuple[str, list[int], list[int]]],
        start: datetime | None,
        end: datetime | None,
        hours: list[tuple[float, str]],
    ) -> None:
        self.lanes, self.start, self.end, self.hours = lanes, start, end, hours
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, max(1, len(self.lanes)) * LANE_H + AXIS_H)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, max(1, len(self.lanes)) * 9 + AXIS_H)  # legible lanes; the splitter may collapse it

    def set_now(self, now: datetime) -> None:
        self.now = now
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        if not self.lanes or self.start is None or self.end is None:
            return
        lane_h = min(float(LANE_H), max(6.0, (self.height() - AXIS_H) / len(self.lanes)))
        if lane_h < LANE_H:  # squeezed by the splitter: smaller labels, still one per lane
            font = p.font()
            font.setPixelSize(max(7, int(lane_h) - 1))
            p.setFont(font)
        metrics = p.fontMetrics()
        label_w = max(metrics.horizontalAdvance(desk_title(d)) for d, _, _ in self.lanes) + 8
        left, right = label_w, self.width() - 6
        width = max(1, right - left)
        span = (self.end - self.start).total_seconds()
        steps = max(len(a) for _, a, _ in self.lanes)
        step_w = width / max(1, steps)
        ink = pal.text().color()
        for i, (desk, away, limit) in enumerate(self.lanes):
            top = i * lane_h
            p.setPen(ink)
            p.drawText(
                QRectF(0, top, label_w - 4, lane_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                desk_title(desk),
            )
            peak = max([*away, *limit, 1])
            for k, n in enumerate(away):
                if not n:
                    continue
                over = k < len(limit) and n > limit[k]
                h = (lane_h - 3) * n / peak
                color = QColor("#b91c1c") if over else QColor("#56b4e9")
                p.fillRect(QRectF(left + k * step_w, top + lane_h - 1 - h, max(1.0, step_w - 0.5), h), color)
            pen = QPen(QColor("#374151"))
            pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            for k, m in enumerate(limit):
                y = top + lane_h - 1 - (lane_h - 3) * m / peak
                p.drawLine(int(left + k * step_w), int(y), int(left + (k + 1) * step_w), int(y))
        axis = int(len(self.lanes) * lane_h) + 1
        font = p.font()
        font.setPixelSize(min(12, AXIS_H - 6))
        p.setFont(font)
        p.setPen(ink)
        for frac, text in self.hours:
            x = left + frac * width
            p.drawLine(int(x), axis, int(x), axis + 3)
            label_x = min(max(x - 24, 0.0), self.width() - 48.0)  # the last hour's label stays whole
            p.drawText(QRectF(label_x, axis + 3, 48, AXIS_H - 4), Qt.AlignmentFlag.AlignCenter, text)
        if self.now is not None and self.start <= self.now <= self.end:
            x = left + width * (self.now - self.start).total_seconds() / span
            p.setPen(QPen(QColor("#d55e00"), 2))
            p.drawLine(int(x), 0, int(x), axis)


class AdherenceDock(LiveDock):
    """Signals:
    alerted(list): breaks overrunning on the running shift (console.alerts.BreakWatch), for the window's
        alert centre: each announced once, as it passes its slot or the allowance.
    """

    data_view = adherence_view.VIEW
    alerted = Signal(list)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "adherence", parent)
        self._shift: ShiftSlot | None = None
        self._fetched = False
        self.last_plan: BreakPlan | None = None
        self.model = AdherenceModel(ctx.clock, self)
        self.break_watch = BreakWatch()
        self.proxy = AdherenceFilter(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        self.which = QComboBox(body)
        self.which.setObjectName("adherenceShift")
        self.which.currentIndexChanged.connect(self._on_choice)
        self.summary = QLabel(body)
        self.summary.setObjectName("adherenceSummary")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens
        self.deviations = QCheckBox(body)
        self.deviations.setObjectName("deviationsOnly")
        self.deviations.toggled.connect(self.proxy.set_deviations_only)
        self.replan_button = QPushButton(body)
        self.replan_button.setObjectName("replanBreaks")
        self.replan_button.clicked.connect(self._ask_replan)
        self.replan_button.setVisible(ctx.actor.can(Perm.MANAGE_ROTA) and not ctx.wall)
        self.desks = QLabel(body)
        self.desks.setObjectName("deskBreakStrip")
        self.desks.setTextFormat(Qt.TextFormat.RichText)
        self.desks.setWordWrap(True)  # a narrow dock wraps the desks rather than widening
        self.message = QLabel(body)
        self.message.setObjectName("adherenceMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.view = QTableView(body)
        self.view.setObjectName("adherenceTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(COLUMNS.index("status"), Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.badges = BadgeDelegate(self.view)
        self.view.setItemDelegateForColumn(COLUMNS.index("status"), self.badges)
        self.timeline = PlanTimeline(body)

        top = QHBoxLayout()
        top.addWidget(self.which)
        top.addWidget(self.summary, 1)
        top.addWidget(self.deviations)
        top.addWidget(self.replan_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.desks)
        layout.addWidget(self.message)
        # The table over the plan; the supervisor drags the handle (a short dock squeezes the plan first,
        # and may collapse it: the table keeps the room it needs).
        self.split = QSplitter(Qt.Orientation.Vertical, body)
        self.split.setObjectName("adherenceSplit")
        self.split.addWidget(self.view)
        self.split.addWidget(self.timeline)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setCollapsible(0, False)
        layout.addWidget(self.split, 1)
        self.setWidget(body)
        self.retranslate()

        ctx.clock.ticked.connect(self._tick)
        ctx.clock.shiftChanged.connect(self._on_shift_changed)
        self.model.applied.connect(self._refresh)
        self.model.modelReset.connect(self._refresh)
        self._fit_pending = False
        self.view.viewport().installEventFilter(self)  # its width changes with the scroll bar too
        self.model.modelReset.connect(self._schedule_fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._schedule_fit()
        return super().eventFilter(watched, event)

    def _schedule_fit(self, *_: Any) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._fit_columns)

    def _fit_columns(self) -> None:
        """A narrow dock (the default layout at 1366 x 768) drops the desk column (the desk strip above
        still names each desk's numbers); after that the details scroll, the status beside the name stays."""
        self._fit_pending = False
        header = self.view.horizontalHeader()
        desk = COLUMNS.index("desk")
        want = sum(
            max(header.sectionSizeHint(c), self.view.sizeHintForColumn(c)) for c in range(len(COLUMNS))
        )
        self.view.setColumnHidden(desk, want > self.view.viewport().width())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Adherence"))
        titles = (self.tr("Previous shift"), self.tr("Running shift"), self.tr("Next shift"))
        current = self.which.currentIndex()
        self.which.blockSignals(True)
        self.which.clear()
        self.which.addItems(list(titles))
        self.which.setCurrentIndex(current if current >= 0 else 1)
        self.which.blockSignals(False)
        self.deviations.setText(self.tr("Deviations only"))
        self.deviations.setToolTip(self.tr("Show only break overruns and agents out of adherence"))
        self.replan_button.setText(self.tr("Re-plan breaks"))
        self.replan_button.setToolTip(
            self.tr("Plan this shift's breaks again: breaks already begun stay, the rest are staggered anew")
        )
        self.model.retranslate()
        self._refresh()

    # -- the chosen shift -----------------------------------------------------------------------------
    def chosen_shift(self) -> ShiftSlot | None:
        clock = self.ctx.clock
        running = clock.shift
        if running is None or not clock.patterns:
            return running
        choice = CHOICES[max(0, self.which.currentIndex())]
        if choice == "previous":
            return shift_at(clock.patterns, running.starts_at - timedelta(microseconds=1), clock.floor_tz)
        if choice == "next":
            return shift_at(clock.patterns, running.ends_at, clock.floor_tz)
        return running

    def make_key(self) -> AdherenceKey:
        return AdherenceKey(self.chosen_shift())

    def _on_choice(self, _index: int) -> None:
        if self._started:
            self.load()

    def _on_shift_changed(self, _slot: object) -> None:
        if self._started:
            self.load()

    def apply_snapshot(self, snapshot: AdherenceSnapshot) -> None:
        self._shift = snapshot.key.shift
        self._fetched = True
        self.model.reset(snapshot.rows)
        self._refresh()
        if snapshot.key.shift != self.chosen_shift():
            self.load()

    def apply_patch(self, patch: AdherencePatch) -> None:
        self.model.apply(patch.rows, patch.gone)

    # -- what is shown beside the table -------------------------------------------------------------------
    def _tick(self) -> None:
        self.model.tick()
        self.timeline.set_now(self.ctx.clock.now())

    def _refresh(self, *_: Any) -> None:
        now = self.ctx.clock.now()
        if self._fetched and self._shift is not None and self._shift == self.ctx.clock.shift:
            # Only the running shift's breaks are announced (another shift chosen: nothing new to say).
            alerts = self.break_watch.update(self.model.overruns())
            if alerts:
                self.alerted.emit(alerts)
        if self._fetched and self._shift is None:
            self.summary.setText(self.tr("No shift is running now."))
            self.desks.setText("")
            self.timeline.set_plan([], None, None, [])
            return
        counts = self.model.counts()
        parts = [
            self.tr("Rostered {0}").format(self.model.rowCount()),
            self.tr("Overrun {0}").format(counts["overrun"]),
            self.tr("Out {0}").format(counts["out"]),
            self.tr("Off plan {0}").format(counts["warn"]),
        ]
        text = " · ".join(p.replace(" ", "\u00a0") for p in parts)
        if self.summary.text() != text:
            self.summary.setText(text)
        chips = []
        for code, away, allowed, rostered in self.model.desks(now):
            desk = desk_title(code)
            fill = DESK_OVER if away > allowed else DESK_FULL if away == allowed and away else DESK_OK
            mark = " ▲" if away > allowed else ""
            tip = self.tr("{0}: {1} on break now, {2} may be (of {3} rostered)").format(
                desk, away, allowed, rostered
            )
            chips.append(
                f'<span title="{tip}" style="background:{fill.name()};color:#111827">'
                f"&nbsp;{desk}&nbsp;{away}/{allowed}{mark}&nbsp;</span>"
            )
        strip = self.tr("On break / allowed:") + " " + " ".join(chips) if chips else ""
        if any(away > allowed for _, away, allowed, _ in self.model.desks(now)):
            strip += " " + self.tr("▲ over the limit")
        if self.desks.text() != strip:
            self.desks.setText(strip)
        self._plan_timeline()

    def _plan_timeline(self) -> None:
        shift = self._shift
        if shift is None:
            return
        steps = int((shift.ends_at - shift.starts_at) / breaks.STEP)
        lanes: dict[str, tuple[list[int], list[int]]] = {}
        rostered: dict[str, int] = {}
        rows = [self.model.row_data(i) for i in range(self.model.rowCount())]
        for row in rows:
            if row.facts.status == "scheduled":
                rostered[row.facts.desk] = rostered.get(row.facts.desk, 0) + 1
        for row in rows:
            desk = row.facts.desk
            if desk not in rostered:
                continue
            if desk not in lanes:
                limit = [
                    row.max_away(rostered[desk], shift.starts_at + k * breaks.STEP) for k in range(steps)
                ]
                lanes[desk] = ([0] * steps, limit)
            away = lanes[desk][0]
            for slot in row.facts.planned:
                first = int((slot.starts_at - shift.starts_at) / breaks.STEP)
                for k in range(first, first + -(-slot.minutes // 5)):
                    if 0 <= k < steps:
                        away[k] += 1
        tz = self.ctx.clock.tz
        hours = []
        span = (shift.ends_at - shift.starts_at).total_seconds()
        for h in range(0, int(span // 3600) + 1, 2):
            at = shift.starts_at + timedelta(hours=h)
            hours.append(((at - shift.starts_at).total_seconds() / span, floor_hm(at, tz)))
        self.timeline.set_plan(
            [(d, a, lim) for d, (a, lim) in sorted(lanes.items())], shift.starts_at, shift.ends_at, hours
        )
        self.timeline.set_now(self.ctx.clock.now())

    # -- re-plan ---------------------------------------------------------------------------------------
    def _ask_replan(self) -> None:
        if self._shift is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Re-plan breaks"),
            self.tr("Plan the breaks of this shift again? Breaks already begun stay as they are."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.replan()

    def replan(self) -> None:
        """Plan the shown shift's breaks again on the write worker; say what could not be placed."""
        shift = self._shift
        if shift is None:
            return
        db, actor, now = self.ctx.db, self.ctx.actor, self.ctx.clock.now()
        self.replan_button.setEnabled(False)

        def done(plan: BreakPlan) -> None:
            self.replan_button.setEnabled(True)
            self.last_plan = plan
            text = self.tr("Planned {0} breaks.").format(len(plan.slots))
            if plan.unplaced:
                names = ", ".join(
                    f"{u.name} {u.minutes}′ ({translate('Breaks', breaks.REASONS[u.reason])})"
                    for u in plan.unplaced[:4]
                )
                more = len(plan.unplaced) - 4
                text += " " + self.tr("{0} could not be placed: {1}").format(len(plan.unplaced), names)
                if more > 0:
                    text += " " + self.tr("and {0} more").format(more)
            self._say(text, error=bool(plan.unplaced))

        def failed(exc: BaseException) -> None:
            self.replan_button.setEnabled(True)
            self._say(self.tr("Refused: {0}").format(exc), error=True)

        self.ctx.runner.write(lambda: breaks.replan(db, actor, shift.starts_at, now), done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #92400e;" if error else "color: #166534;")
