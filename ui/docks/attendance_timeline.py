"""The shift's timeline: one row per rostered agent, the plan against what the clock says, painted.

Each row shows the scheduled shift as a pale band, the time worked (clock-in to clock-out) as a solid bar,
breaks as hatched blocks on it, a leave or an absence across the band as a pattern *with its word*, and marks
for a late start (▼ and the minutes) and an early leave (▲ and the minutes); a dashed line is "now". Every
state has a pattern or text besides its colour. The rows are the roster model's lines (the same Qt-free
:class:`~console.services.attendance.RosterLine` values the table shows), so live updates reach both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QScrollArea, QToolTip, QWidget

from console.floortime import ShiftSlot, to_floor
from console.services.attendance import NO_SHOW, Presence, RosterLine
from ui.clock import FloorClock
from ui.format import PRESENCE_COLORS
from ui.models.roster import RosterModel, leave_title, status_text

ROW_H = 22
AXIS_H = 20
LEGEND_H = 20
PAD = 6
MARGIN = timedelta(minutes=45)  # shown before the earliest start and after the latest end

PLAN_FILL = QColor("#e8edf4")
PLAN_EDGE = QColor("#64748b")
WORK_FILL = PRESENCE_COLORS[Presence.PRESENT]
BREAK_FILL = QColor("#dbeafe")
BREAK_INK = QColor("#1e3a8a")
LEAVE_FILL = PRESENCE_COLORS[Presence.LEAVE]
ABSENT_FILL = PRESENCE_COLORS[Presence.ABSENT]
LATE_MARK = QColor("#b45309")
NOW_LINE = QColor("#b91c1c")


@dataclass(frozen=True)
class Span:
    """The time the axis covers (UTC)."""

    first: datetime
    last: datetime

    @property
    def seconds(self) -> float:
        return max(1.0, (self.last - self.first).total_seconds())


def span_of(lines: list[RosterLine], shift: ShiftSlot | None) -> Span | None:
    """The shift's hours with a margin, widened to any clock-in or clock-out outside them."""
    moments = [
        m for line in lines for m in (line.starts_at, line.ends_at, line.clock_in, line.clock_out) if m
    ]
    if shift is not None:
        moments += [shift.starts_at, shift.ends_at]
    if not moments:
        return None
    return Span(min(moments) - MARGIN, max(moments) + MARGIN)


class TimelineCanvas(QWidget):
    """Paints the rows; sized to hold them all (the scroll area scrolls)."""

    def __init__(self, model: RosterModel, clock: FloorClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.model = model
        self.clock = clock
        self.shift: ShiftSlot | None = None
        self.lines: list[RosterLine] = []
        self.setMouseTracking(True)
        self._labels: dict[str, str] = {}

    def retranslate(self) -> None:
        self._labels = {
            "plan": self.tr("Scheduled"),
            "work": self.tr("Worked"),
            "break": self.tr("Break"),
            "leave": self.tr("Leave"),
            "absent": self.tr("Absent"),
            "late": self.tr("▼ late (min)"),
            "early": self.tr("▲ left early (min)"),
            "now": self.tr("now"),
            "empty": self.tr("No one is rostered on this shift."),
            "missing": self.tr("no clock-out"),
        }
        self.update()

    def refresh(self) -> None:
        self.lines = sorted(
            (self.model.line_at(r) for r in range(self.model.rowCount())),
            key=lambda line: (line.starts_at, line.name.lower()),
        )
        self.updateGeometry()
        self.resize(self.width(), self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, LEGEND_H + AXIS_H + max(1, len(self.lines)) * ROW_H + PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def _gutter(self) -> int:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(line.name) for line in self.lines), default=60)
        return min(max(80, widest + 2 * PAD + 4), max(80, self.width() // 4))

    # -- geometry -------------------------------------------------------------------------------------
    def _x(self, moment: datetime, span: Span, left: int) -> float:
        width = self.width() - left - PAD
        return left + width * (moment - span.first).total_seconds() / span.seconds

    def row_at(self, y: float) -> int | None:
        row = int((y - LEGEND_H - AXIS_H) // ROW_H)
        return row if 0 <= row < len(self.lines) and y >= LEGEND_H + AXIS_H else None

    # -- painting -------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        self._legend(p)
        span = span_of(self.lines, self.shift)
        if span is None or not self.lines:
            p.setPen(pal.text().color())
            p.drawText(
                QRectF(0, LEGEND_H, self.width(), AXIS_H + ROW_H * 2),
                Qt.AlignmentFlag.AlignCenter,
                self._labels.get("empty", ""),
            )
            p.end()
            return
        left = self._gutter()
        self._axis(p, span, left)
        now = self.clock.now()
        metrics = QFontMetrics(self.font())
        for row, line in enumerate(self.lines):
            top = LEGEND_H + AXIS_H + row * ROW_H
            if row % 2:
                p.fillRect(QRectF(0, top, self.width(), ROW_H), pal.alternateBase())
            p.setPen(pal.text().color())
            name = metrics.elidedText(line.name, Qt.TextElideMode.ElideRight, left - 2 * PAD)
            p.drawText(QRectF(PAD, top, left - 2 * PAD, ROW_H), Qt.AlignmentFlag.AlignVCenter, name)
            self._row(p, line, span, left, top, now, metrics)
        if span.first <= now <= span.last:
            x = self._x(now, span, left)
            p.setPen(QPen(NOW_LINE, 2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, LEGEND_H + AXIS_H), QPointF(x, self.height()))
            # A red tag over the hour labels: "now 10:47", white on red (the word says it, not the colour).
            label = f"{self._labels.get('now', '')} {to_floor(now, self.clock.tz):%H:%M}"
            w = metrics.horizontalAdvance(label) + 8
            tag = QRectF(min(max(left, x - w / 2), self.width() - w - 1), LEGEND_H + 1, w, AXIS_H - 3)
            p.fillRect(tag, NOW_LINE)
            p.setPen(QColor("#ffffff"))
            p.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        p.end()

    def _legend(self, p: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        x = PAD
        y = 3
        h = LEGEND_H - 6
        items: list[tuple[str, QBrush | None, QColor | None]] = [
            ("plan", QBrush(PLAN_FILL), PLAN_EDGE),
            ("work", QBrush(WORK_FILL), None),
            ("break", QBrush(BREAK_INK, Qt.BrushStyle.BDiagPattern), BREAK_INK),
            ("leave", QBrush(LEAVE_FILL, Qt.BrushStyle.FDiagPattern), LEAVE_FILL),
            ("absent", QBrush(ABSENT_FILL, Qt.BrushStyle.DiagCrossPattern), ABSENT_FILL),
            ("late", None, None),
            ("early", None, None),
        ]
        p.setPen(self.palette().text().color())
        for key, brush, edge in items:
            label = self._labels.get(key, key)
            if brush is not None:
                rect = QRectF(x, y, 18, h)
                if key in ("break", "leave", "absent"):
                    p.fillRect(rect, BREAK_FILL if key == "break" else QColor("#ffffff"))
                p.fillRect(rect, brush)
                if edge is not None:
                    p.setPen(edge)
                    p.drawRect(rect)
                x += 22
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(x, 0, metrics.horizontalAdvance(label) + 2, LEGEND_H),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += metrics.horizontalAdvance(label) + 12

    def _axis(self, p: QPainter, span: Span, left: int) -> None:
        tz = self.clock.tz
        metrics = QFontMetrics(self.font())
        top = LEGEND_H
        width = self.width() - left - PAD
        hours = span.seconds / 3600
        label_w = metrics.horizontalAdvance("00:00") + 8
        step = 1
        while step < 6 and width / (hours / step) < label_w:
            step *= 2 if step < 2 else 3 if step == 2 else 2  # 1, 2, 6 hours
        first = to_floor(span.first, tz).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        p.setPen(QPen(self.palette().mid().color(), 1))
        p.drawLine(QPointF(left, top + AXIS_H - 1), QPointF(left + width, top + AXIS_H - 1))
        tick = first
        while tick <= span.last:
            if tick.hour % step == 0:
                x = self._x(tick, span, left)
                grid = QColor(self.palette().mid().color())
                grid.setAlpha(90)
                p.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
                p.drawLine(QPointF(x, top + AXIS_H), QPointF(x, self.height()))
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(x - label_w / 2, top, label_w, AXIS_H - 2),
                    Qt.AlignmentFlag.AlignCenter,
                    tick.strftime("%H:%M"),
                )
            tick += timedelta(hours=1)

    def _row(
        self,
        p: QPainter,
        line: RosterLine,
        span: Span,
        left: int,
        top: int,
        now: datetime,
        metrics: QFontMetrics,
    ) -> None:
        x0, x1 = self._x(line.starts_at, span, left), self._x(line.ends_at, span, left)
        band = QRectF(x0, top + 3, max(1.0, x1 - x0), ROW_H - 6)
        p.fillRect(band, PLAN_FILL)
        p.setPen(QPen(PLAN_EDGE, 1))
        p.drawRect(band)
        presence = line.presence(now)
        if presence == Presence.LEAVE:
            self._word_band(
                p, band, LEAVE_FILL, Qt.BrushStyle.FDiagPattern, status_text(line, presence), metrics
            )
            return
        if line.clock_in is None:
            if now >= line.starts_at + NO_SHOW:
                self._word_band(
                    p, band, ABSENT_FILL, Qt.BrushStyle.DiagCrossPattern, self._labels["absent"], metrics
                )
            return
        end = line.clock_out or min(now, line.ends_at)
        wx0, wx1 = self._x(line.clock_in, span, left), self._x(max(end, line.clock_in), span, left)
        work = QRectF(wx0, top + 6, max(2.0, wx1 - wx0), ROW_H - 12)
        p.fillRect(work, WORK_FILL)
        for start, stop in line.breaks:
            bx0 = self._x(start, span, left)
            bx1 = self._x(stop or min(now, line.ends_at), span, left)
            block = QRectF(bx0, top + 4, max(3.0, bx1 - bx0), ROW_H - 8)
            p.fillRect(block, BREAK_FILL)
            p.fillRect(block, QBrush(BREAK_INK, Qt.BrushStyle.BDiagPattern))
            p.setPen(QPen(BREAK_INK, 1))
            p.drawRect(block)
        if line.clock_out is None and now >= line.ends_at:  # worked on past the end without clocking out
            p.setPen(QPen(ABSENT_FILL, 1))
            text = self._labels["missing"]
            p.drawText(
                QRectF(wx1 + 3, top, metrics.horizontalAdvance(text) + 4, ROW_H),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        if line.minutes_late:
            self._mark(p, wx0, top, down=True, text=f"+{line.minutes_late}", metrics=metrics)
        if line.minutes_early:
            self._mark(p, wx1, top, down=False, text=f"−{line.minutes_early}", metrics=metrics)

    def _word_band(
        self, p: QPainter, band: QRectF, color: QColor, style: Qt.BrushStyle, word: str, metrics: QFontMetrics
    ) -> None:
        p.fillRect(band, QColor("#ffffff"))
        p.fillRect(band, QBrush(color, style))
        p.setPen(QPen(color.darker(130), 1))
        p.drawRect(band)
        text = metrics.elidedText(word, Qt.TextElideMode.ElideRight, int(band.width()) - 6)
        if text:
            label = QRectF(0, 0, metrics.horizontalAdvance(text) + 8, band.height() - 2)
            label.moveCenter(band.center())
            p.fillRect(label, QColor("#ffffff"))
            p.setPen(color.darker(160))
            p.drawText(label, Qt.AlignmentFlag.AlignCenter, text)

    def _mark(self, p: QPainter, x: float, top: int, *, down: bool, text: str, metrics: QFontMetrics) -> None:
        """A late start (▼ above the bar's start) or an early leave (▲ under its end), with the minutes."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setBrush(LATE_MARK)
        p.setPen(Qt.PenStyle.NoPen)
        if down:
            tri = QPolygonF([QPointF(x - 4, top + 1), QPointF(x + 4, top + 1), QPointF(x, top + 7)])
        else:
            tri = QPolygonF(
                [
                    QPointF(x - 4, top + ROW_H - 1),
                    QPointF(x + 4, top + ROW_H - 1),
                    QPointF(x, top + ROW_H - 7),
                ]
            )
        p.drawPolygon(tri)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        w = metrics.horizontalAdvance(text) + 4
        box = QRectF(x - w - 5, top + 2, w, ROW_H - 4) if down else QRectF(x + 5, top + 2, w, ROW_H - 4)
        p.fillRect(box, QColor(255, 255, 255, 220))
        p.setPen(LATE_MARK)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # -- tooltips -------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.position().y() if hasattr(event, "position") else event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(self.lines[row]), self)
            return True
        return super().event(event)

    def tooltip(self, line: RosterLine) -> str:
        tz = self.clock.tz
        now = self.clock.now()

        def hm(moment: datetime | None) -> str:
            return to_floor(moment, tz).strftime("%H:%M") if moment else "–"

        parts = [
            f"{line.name} · {line.team}",
            self.tr("Scheduled {0}–{1}").format(hm(line.starts_at), hm(line.ends_at)),
            self.tr("Clock-in {0} · clock-out {1}").format(hm(line.clock_in), hm(line.clock_out)),
            status_text(line, line.presence(now)),
        ]
        if line.minutes_late:
            parts.append(self.tr("{0} min late").format(line.minutes_late))
        if line.minutes_early:
            parts.append(self.tr("Left {0} min early").format(line.minutes_early))
        if line.breaks:
            parts.append(self.tr("Breaks: {0} min").format(int(line.break_minutes_at(now))))
        if line.leave_type:
            parts.append(self.tr("Leave: {0}").format(leave_title(line.leave_type)))
        if line.note:
            parts.append(self.tr("Note: {0}").format(line.note))
        return "\n".join(parts)


class TimelineView(QScrollArea):
    """The canvas in a vertical scroll area; repaints once per event-loop turn however many rows changed."""

    def __init__(self, model: RosterModel, clock: FloorClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceTimeline")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.canvas = TimelineCanvas(model, clock, self)
        self.setWidget(self.canvas)
        self._pending = False
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._schedule)
        self._minute = -1

    def retranslate(self) -> None:
        self.canvas.retranslate()

    def set_shift(self, shift: ShiftSlot | None) -> None:
        self.canvas.shift = shift
        self._schedule()

    def tick(self) -> None:
        """The "now" line and running bars move: repaint once a minute (not every second)."""
        minute = int(self.canvas.clock.now().timestamp() // 60)
        if minute != self._minute and self.isVisible():
            self._minute = minute
            self.canvas.update()

    def _schedule(self, *_: Any) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._refresh)

    def _refresh(self) -> None:
        self._pending = False
        self.canvas.refresh()
