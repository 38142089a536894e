"""Floor dock: the seat map for the running shift, coloured by who is in, late, on break or missing.

A clock-in, a rota change or a renamed agent names agents; the dock refetches only their seats. A seating
change names seats. A change to this floor or a zone, or a new shift, reloads the floor, which is small.
The reading is :mod:`console.views.seat_map`'s.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from console.floortime import ShiftSlot
from console.services.attendance import Presence
from console.views import promote, seat_map
from console.views.seat_map import SeatMapKey, SeatMapPatch, SeatMapSnapshot
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.docks.floor_map import FloorScene, FloorView
from ui.format import ink_for
from ui.models.seats import (
    EMPTY,
    STATE_ORDER,
    SeatMapModel,
    ZoneShape,
    state_color,
    state_letter,
    state_title,
)

UPCOMING = Presence.UPCOMING.value


class PresenceLegend(QWidget):
    """Swatch (the seat's colour and letter), state name and count for each seat state; re-flows into as many
    columns as fit."""

    def __init__(self, model: SeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("floorLegend")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 2, 4, 2)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(2)
        self.texts: dict[str, QLabel] = {}
        self.swatches: dict[str, QLabel] = {}
        self.entries: dict[str, QWidget] = {}
        self._visible: list[QWidget] = []
        self._letters: dict[str, str] = {}  # as drawn on the swatches: redrawn when the language changes
        for key in STATE_ORDER:
            entry = QWidget(self)
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            swatch = QLabel(entry)
            swatch.setObjectName(f"swatch_{key}")
            text = QLabel(entry)
            text.setObjectName(f"legend_{key}")
            row.addWidget(swatch)
            row.addWidget(text, 1)
            self.texts[key], self.swatches[key], self.entries[key] = text, swatch, entry
        self._columns = 0
        model.applied.connect(self.refresh)  # once per batch or tick, not per seat
        self.refresh()

    def _swatch(self, color: QColor, empty: bool, letter: str) -> QPixmap:
        """The seat in small: its colour and letter; an empty seat has the map's dashed grey outline."""
        side = max(14, round(self.fontMetrics().height() * 1.15))
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(round(side * ratio), round(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(color)
        pen = QPen(QColor("#9ca3af") if empty else color.darker(130))
        if empty:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(1, 1, side - 2, side - 2, 3, 3)
        if letter:
            font = QFont(self.font())
            font.setPixelSize(max(8, round(side * 0.68)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(ink_for(color))
            painter.drawText(0, 0, side, side, Qt.AlignmentFlag.AlignCenter, letter)
        painter.end()
        return pixmap

    def _draw_swatches(self) -> None:
        letters = {key: state_letter(key) for key in STATE_ORDER}
        if letters == self._letters:
            return
        self._letters = letters
        for key, swatch in self.swatches.items():
            swatch.setPixmap(self._swatch(state_color(key), key == EMPTY, letters[key]))

    def refresh(self, *_: Any) -> None:
        self._draw_swatches()
        counts = self.model.counts()
        for key, label in self.texts.items():
            label.setText(
                self.tr("{0} {1}", "legend entry: seat state, then how many").format(
                    state_title(key), counts.get(key, 0)
                )
            )
        # "Upcoming" only matters before a shift starts; the other states always keep their place.
        visible = [self.entries[k] for k in STATE_ORDER if k != UPCOMING or counts.get(k, 0) > 0]
        changed = visible != self._visible
        self._visible = visible
        self.entries[UPCOMING].setVisible(self.entries[UPCOMING] in visible)
        self._reflow(force=changed)  # a count going 9 -> 10 can widen an entry too

    def count_text(self, key: str) -> str:
        return self.texts[key].text()

    def _reflow(self, force: bool = False) -> None:
        visible = self._visible
        widest = max(e.sizeHint().width() for e in visible) + self.grid.horizontalSpacing()
        fit = max(1, min(len(visible), (self.width() - 8) // max(1, widest)))
        columns = -(-len(visible) // -(-len(visible) // fit))  # balanced rows: 4 + 4, not 7 + 1
        if columns == self._columns and not force:
            return
        self._columns = columns
        for entry in self.entries.values():
            self.grid.removeWidget(entry)
        for i, entry in enumerate(visible):
            self.grid.addWidget(entry, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()


class FloorDock(LiveDock):
    data_view = seat_map.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "floor", parent)
        self._shift: ShiftSlot | None = None
        self._floor_id: int | None = None
        self._fetched = False  # a first snapshot arrived (is_loaded is set only after apply_snapshot)
        self.model = SeatMapModel(ctx.clock, self)
        self.scene = FloorScene(self.model, self)
        body = QWidget(self)
        self.view = FloorView(self.scene, body)
        self.legend = PresenceLegend(self.model, body)
        self.notice = QLabel(body)
        self.notice.setObjectName("floorNotice")
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self.setWidget(body)
        self.retranslate()
        ctx.clock.ticked.connect(self.model.tick)
        ctx.clock.shiftChanged.connect(self._on_shift_changed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Floor"))
        self._update_notice()
        self.model.retranslate()
        self.scene.retitle()
        self.legend.refresh()

    def _update_notice(self) -> None:
        if self._fetched and self._floor_id is None:
            text = self.tr("No floor in this database yet — run 'watchfloor demo'")
        elif self._fetched and self._shift is None:
            text = self.tr("No shift is running now: the seats are shown empty.")
        else:
            text = ""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        has_floor = not (self._fetched and self._floor_id is None)
        self.view.setVisible(has_floor)
        self.legend.setVisible(has_floor)

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> SeatMapKey:
        """Which shift and floor to read, decided on the GUI thread; the worker gets plain values."""
        floor_id = self._floor_id if self._floor_id is not None else self.ctx.floor_id
        return SeatMapKey(self.ctx.clock.shift, floor_id, self.ctx.settings.floor_code or None)

    def _on_shift_changed(self, _slot: object) -> None:
        if self._started:
            self.load()

    def apply_snapshot(self, snapshot: SeatMapSnapshot) -> None:
        self._shift = snapshot.key.shift
        self._floor_id = snapshot.floor_id
        self._fetched = True
        self.model.set_floor(self._shapes(snapshot), snapshot.rows)
        self._update_notice()
        if snapshot.key.shift != self.ctx.clock.shift:  # the shift turned while we were reading
            self.load()

    def apply_patch(self, patch: SeatMapPatch) -> None:
        self.model.apply(patch.rows, patch.gone)

    def reconcile_snapshot(self, snapshot: SeatMapSnapshot) -> int:
        zones = self._shapes(snapshot)
        if snapshot.floor_id != self._floor_id or zones != list(self.model.zones.values()):
            differed = max(1, self.model.sync(snapshot.rows))
            self.apply_snapshot(snapshot)  # the floor or its zones changed shape: redraw it whole
            return differed
        return self.model.sync(snapshot.rows)

    @staticmethod
    def _shapes(snapshot: SeatMapSnapshot) -> list[ZoneShape]:
        return [promote(ZoneShape, z) for z in snapshot.zones]
