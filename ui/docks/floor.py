"""Floor dock: the seat map for the running shift, coloured by who is in, late, on break or missing.

A clock-in, a rota change or a renamed agent names agents; the dock refetches only their seats. A seating
change names seats (and reads the unseated list again). A change to this floor or a zone, or a new shift,
reloads the floor, which is small. The reading is :mod:`console.views.seat_map`'s.

The legend counts people, seated or not; agents rostered without a seat are listed in a strip under the map
and can be dragged onto a seat (as can an agent from their own seat: a move). A taken seat, or an agent
seated elsewhere dropped from the strip, is refused with the reason. Auto-assign seats the unseated by
desk, skill and language. The floor-plan editor drags zones and seats into place and saves them, adds and
removes seats and zones, and imports or exports the plan as JSON. All writes run on the write worker under
``MANAGE_FLOOR``; a wall screen or a viewer sees the map and the list only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.floortime import ShiftSlot, shift_at
from console.services import floor, floor_plan
from console.services.attendance import Presence
from console.views import promote, seat_map
from console.views.seat_map import SeatMapKey, SeatMapPatch, SeatMapSnapshot
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.docks.floor_map import FloorScene, FloorView, ZoneItem
from ui.docks.floor_seat import UNIT, SeatItem
from ui.docks.floor_tools import PeopleTable, UnseatedStrip, card_html
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
    """Swatch (the seat's colour and letter), state name and how many PEOPLE are in it (seated or not; the
    empty entry counts seats); re-flows into as many columns as fit."""

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
        self._later = QTimer(self)  # once per event-loop turn, however many batches or ticks came in it
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)
        model.applied.connect(self._later.start)
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
        self._later.stop()
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
    """The seat map, the legend of people by state, the unseated strip and, for those who may change the
    floor, seating by drag and drop, auto-assign and the floor-plan editor (all writes on the write worker).
    """

    data_view = seat_map.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "floor", parent)
        self._shift: ShiftSlot | None = None
        self._floor_id: int | None = None
        self._fetched = False  # a first snapshot arrived (is_loaded is set only after apply_snapshot)
        self.last_message = ""
        self.model = SeatMapModel(ctx.clock, self)
        self.scene = FloorScene(self.model, self)
        body = QWidget(self)
        self.view = FloorView(self.scene, body)
        self.legend = PresenceLegend(self.model, body)
        self.unseated = UnseatedStrip(self.model, body)
        self.unseated_title = QLabel(body)
        self.unseated_title.setObjectName("unseatedTitle")
        self.notice = QLabel(body)
        self.notice.setObjectName("floorNotice")
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        self.message = QLabel(body)
        self.message.setObjectName("floorMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.tools = QWidget(body)
        rows = QVBoxLayout(self.tools)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        self.buttons: dict[str, QPushButton] = {}
        # Two rows, so the editor's tools fit the dock at 1,366 x 768 (about 760 pixels wide).
        for names in (
            ("list", "auto", "edit", "save"),
            ("add_seat", "remove_seat", "add_zone", "remove_zone", "import", "export"),
        ):
            bar = QHBoxLayout()
            bar.setContentsMargins(0, 0, 0, 0)
            for name in names:
                button = QPushButton(self.tools)
                button.setObjectName(f"floor_{name}")
                self.buttons[name] = button
                bar.addWidget(button)
            bar.addStretch(1)
            rows.addLayout(bar)
        self.buttons["edit"].setCheckable(True)
        self.buttons["edit"].toggled.connect(self.set_editing)
        self.buttons["list"].setCheckable(True)
        self.buttons["list"].toggled.connect(self.show_list)
        # Seats for the running shift, or for the coming one before it starts (the usual time to seat it).
        self.auto_menu = QMenu(self.buttons["auto"])
        self.auto_running = self.auto_menu.addAction("", lambda: self.auto_assign(coming=False))
        self.auto_coming = self.auto_menu.addAction("", lambda: self.auto_assign(coming=True))
        self.buttons["auto"].setMenu(self.auto_menu)
        self.buttons["save"].clicked.connect(self.save_layout)
        self.buttons["add_seat"].clicked.connect(self.add_seat)
        self.buttons["remove_seat"].clicked.connect(self.remove_selected)
        self.buttons["add_zone"].clicked.connect(self.add_zone)
        self.buttons["remove_zone"].clicked.connect(self.remove_selected_zone)
        self.buttons["import"].clicked.connect(self._ask_import)
        self.buttons["export"].clicked.connect(self._ask_export)
        strip = QHBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.unseated_title)
        strip.addWidget(self.unseated, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.tools)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        self.people = PeopleTable(self.model, body)
        self.pages = QStackedWidget(body)
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.people)
        layout.addWidget(self.pages, 1)
        layout.addLayout(strip)
        layout.addWidget(self.legend)
        self.setWidget(body)
        self.may_edit = ctx.actor.can(Perm.MANAGE_FLOOR) and not ctx.wall
        self.tools.setVisible(not ctx.wall)
        for name in ("auto", "edit"):
            self.buttons[name].setVisible(self.may_edit)
        self.view.can_seat = self.may_edit
        self.unseated.set_draggable(self.may_edit)
        self.view.seatDropped.connect(self.seat_agent)
        self.scene.seatHovered.connect(self.show_card)
        self.scene.layoutEdited.connect(lambda: self.buttons["save"].setEnabled(True))
        self.model.unseatedChanged.connect(self._retitle_unseated)
        self.set_editing(False)
        self.retranslate()
        ctx.clock.ticked.connect(self.model.tick)
        ctx.clock.ticked.connect(self.scene.recount)  # a requirement can change with the hour
        ctx.clock.shiftChanged.connect(self._on_shift_changed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Floor"))
        titles = {
            "auto": self.tr("Auto-assign seats"),
            "list": self.tr("List by zone"),
            "edit": self.tr("Edit floor plan"),
            "save": self.tr("Save layout"),
            "add_seat": self.tr("Add seat"),
            "remove_seat": self.tr("Remove seat"),
            "add_zone": self.tr("Add zone"),
            "remove_zone": self.tr("Remove zone"),
            "import": self.tr("Import…"),
            "export": self.tr("Export…"),
        }
        for name, text in titles.items():
            self.buttons[name].setText(text)
        self.buttons["auto"].setToolTip(
            self.tr("Seat everyone rostered on a shift who has no seat: by desk, skill and language")
        )
        self.auto_running.setText(self.tr("This shift"))
        self.auto_coming.setText(self.tr("The coming shift"))
        self._retitle_unseated()
        self._update_notice()
        self.model.retranslate()
        self.scene.retitle()
        self.legend.refresh()

    def _retitle_unseated(self) -> None:
        count = len(self.model.unseated)
        self.unseated_title.setText(self.tr("Unseated ({0}):").format(count))
        self.unseated_title.setVisible(bool(count))

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
        zones = self._shapes(snapshot)
        same = (
            self._fetched
            and snapshot.key.shift == self._shift
            and snapshot.floor_id == self._floor_id
            and zones == list(self.model.zones.values())
            and not self.scene.editing
        )
        if same:  # a seating change read the floor again: apply the difference, seat by seat
            self.model.sync(snapshot.rows)
            self.model.set_unseated(snapshot.unseated)
            return
        self._shift = snapshot.key.shift
        self._floor_id = snapshot.floor_id
        self._fetched = True
        self.model.set_floor(
            zones,
            snapshot.rows,
            snapshot.unseated,
            snapshot.key.shift.starts_at if snapshot.key.shift else None,
        )
        self._update_notice()
        self.buttons["save"].setEnabled(False)
        if snapshot.key.shift != self.ctx.clock.shift:  # the shift turned while we were reading
            self.load()

    def apply_patch(self, patch: SeatMapPatch) -> None:
        self.model.apply(patch.rows, patch.gone)
        if patch.unseated is not None:
            self.model.set_unseated(patch.unseated)

    def reconcile_snapshot(self, snapshot: SeatMapSnapshot) -> int:
        zones = self._shapes(snapshot)
        if snapshot.floor_id != self._floor_id or zones != list(self.model.zones.values()):
            differed = max(1, self.model.sync(snapshot.rows))
            self.apply_snapshot(snapshot)  # the floor or its zones changed shape: redraw it whole
            return differed
        self.model.set_unseated(snapshot.unseated)
        return self.model.sync(snapshot.rows)

    @staticmethod
    def _shapes(snapshot: SeatMapSnapshot) -> list[ZoneShape]:
        return [promote(ZoneShape, z) for z in snapshot.zones]

    # -- writes ---------------------------------------------------------------------------------------
    def _say(self, text: str, *, error: bool = False) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")

    def _refused(self, exc: BaseException) -> None:
        self._say(self.tr("Refused: {0}").format(exc), error=True)

    def _write(self, call: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def finished(result: Any) -> None:
            done(result)
            self.load()  # read what was written now, not when the feed's echo comes

        self.ctx.runner.write(call, finished, self._refused)

    def seat_agent(self, agent_id: int, from_seat: int | None, seat_id: int) -> None:
        """An agent dropped on a seat: a move when dragged from their seat, else a seating; a taken seat,
        or an agent seated elsewhere dragged from the unseated list, is refused with the reason."""
        shift = self._shift
        if shift is None:
            self._say(self.tr("No shift is running: seats are given for a shift."), error=True)
            return
        db, actor = self.ctx.db, self.ctx.actor
        pattern, day = shift.pattern.id, shift.shift_date
        self._write(
            lambda: floor.assign_seat(
                db, actor, seat_id, agent_id, pattern, day, move=from_seat is not None, replace=False
            ),
            lambda _id: self._say(self.tr("Seated.")),
        )

    def auto_assign(self, coming: bool = False) -> None:
        """Seat everyone rostered without a seat on the running shift, or (``coming``) on the next one."""
        shift, floor_id = self._shift, self._floor_id
        if shift is None or floor_id is None:
            self._say(self.tr("No shift is running: seats are given for a shift."), error=True)
            return
        if coming:
            clock = self.ctx.clock
            nxt = shift_at(clock.patterns, shift.ends_at, clock.floor_tz)
            if nxt is None:
                self._say(self.tr("No shift follows this one on the rota's patterns."), error=True)
                return
            shift = nxt
        db, actor = self.ctx.db, self.ctx.actor
        when = shift.starts_at.astimezone(self.ctx.clock.tz).strftime("%Y-%m-%d %H:%M")

        def done(plan: list[tuple[int, int]]) -> None:
            self._say(self.tr("{0} agents seated for the shift starting {1}.").format(len(plan), when))

        self._write(
            lambda: floor.auto_assign(
                db, actor, floor_id, shift.pattern.id, shift.shift_date, shift.starts_at
            ),
            done,
        )

    def show_list(self, on: bool) -> None:
        """Everyone on the shift as a list, zone by zone, in the UI font: readable at any size."""
        if self.buttons["list"].isChecked() != on:
            self.buttons["list"].setChecked(on)
        self.people.follow(on)
        self.pages.setCurrentWidget(self.people if on else self.view)

    # -- the editor -----------------------------------------------------------------------------------
    def set_editing(self, on: bool) -> None:
        was = self.scene.editing
        self.view.set_editing(on)
        if self.buttons["edit"].isChecked() != on:
            self.buttons["edit"].setChecked(on)
        for name in ("save", "add_seat", "remove_seat", "add_zone", "remove_zone", "import", "export"):
            self.buttons[name].setVisible(on)
        self.buttons["auto"].setVisible(not on and self.may_edit)
        self.buttons["list"].setVisible(not on)
        if on:
            self.show_list(False)
        self.buttons["save"].setEnabled(False)
        if was and not on and self._fetched:
            self.load()  # drop unsaved moves

    def save_layout(self) -> None:
        layout = floor_plan.Layout(self.scene.seat_positions(), self.scene.zone_positions())
        db, actor = self.ctx.db, self.ctx.actor

        def done(moved: int) -> None:
            self.buttons["save"].setEnabled(False)
            self._say(self.tr("Layout saved: {0} moved.").format(moved))
            self.scene.set_editing(False)  # the floor is read again with the new places
            self.scene.set_editing(True)

        self.ctx.runner.write(lambda: floor_plan.save_layout(db, actor, layout), done, self._refused)

    def _selected(self, kind: type) -> list[Any]:
        return [item for item in self.scene.selectedItems() if isinstance(item, kind)]

    def add_seat(self) -> None:
        zones = self._selected(ZoneItem) or [seat.parentItem() for seat in self._selected(SeatItem)]
        zone = zones[0] if zones else None
        if zone is None:
            self._say(self.tr("Select a zone first: the seat goes into it."), error=True)
            return
        shape = zone.shape_
        taken = {(round(v.x * 2), round(v.y * 2)) for v in self.model._seats if v.zone_code == shape.code}
        spot = next(
            (
                (shape.x + 0.5 + i, shape.y + 0.5 + j)
                for j in range(max(1, int(shape.height)))
                for i in range(max(1, int(shape.width)))
                if (round((shape.x + 0.5 + i) * 2), round((shape.y + 0.5 + j) * 2)) not in taken
            ),
            (shape.x + 0.5, shape.y + 0.5),
        )
        db, actor, code = self.ctx.db, self.ctx.actor, shape.code
        self._write(
            lambda: floor_plan.add_seat(db, actor, code, *spot), lambda _id: self._say(self.tr("Seat added."))
        )

    def remove_selected(self) -> None:
        seats = self._selected(SeatItem)
        if not seats or self._shift is None and not self.model.rowCount():
            self._say(self.tr("Select the seats to remove first."), error=True)
            return
        db, actor = self.ctx.db, self.ctx.actor
        day = self._shift.shift_date if self._shift else self.ctx.clock.now().date()
        ids = [seat.seat_id for seat in seats]

        def remove() -> int:
            for seat_id in ids:
                floor_plan.remove_seat(db, actor, seat_id, day)
            return len(ids)

        self._write(remove, lambda n: self._say(self.tr("{0} seats removed.").format(n)))

    def add_zone(self) -> None:
        floor_id = self._floor_id
        if floor_id is None:
            return
        code, ok = QInputDialog.getText(self, self.tr("Add zone"), self.tr("Zone code (short, unique):"))
        if not ok or not code.strip():
            return
        name, ok = QInputDialog.getText(self, self.tr("Add zone"), self.tr("Zone name:"))
        if not ok or not name.strip():
            return
        rect = self.scene.itemsBoundingRect()
        x, y = round(rect.left() / UNIT), round(rect.bottom() / UNIT) + 1
        db, actor = self.ctx.db, self.ctx.actor
        self._write(
            lambda: floor_plan.add_zone(db, actor, floor_id, code.strip(), name.strip(), x, y),
            lambda _id: self._say(self.tr("Zone added.")),
        )

    def remove_selected_zone(self) -> None:
        zones = self._selected(ZoneItem)
        if not zones:
            self._say(self.tr("Select the zone to remove first."), error=True)
            return
        db, actor, code = self.ctx.db, self.ctx.actor, zones[0].shape_.code
        self._write(
            lambda: floor_plan.remove_zone(db, actor, code), lambda _r: self._say(self.tr("Zone removed."))
        )

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the floor plan"), "floor.json", self.tr("Floor plan (*.json)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        db = self.ctx.db

        def read() -> str:
            with db.reading() as s:
                return floor_plan.export_text(s, self.ctx.settings.floor_code or None)

        def write(text: str) -> None:
            path.write_text(text, encoding="utf-8")
            self._say(self.tr("Floor plan exported to {0}.").format(path.name))

        self.ctx.runner.run(read, write, self._refused)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a floor plan"), "", self.tr("Floor plan (*.json)")
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            self._say(self.tr("Cannot read {0}: {1}").format(path.name, err), error=True)
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._write(
            lambda: floor_plan.import_floor(db, actor, text, path.name),
            lambda _id: self._say(self.tr("Floor plan imported from {0}.").format(path.name)),
        )

    # -- hover card -----------------------------------------------------------------------------------
    def show_card(self, seat_id: int, where: QPoint) -> None:
        row = self.model.row_of(seat_id)
        if row is None:
            return
        seat_text = self.model.tooltip(row)
        view = self.model.seat_at(row)
        if view.agent_id is None:
            QToolTip.showText(where, seat_text, self.view)
            return
        db, agent_id = self.ctx.db, view.agent_id
        starts = self._shift.starts_at if self._shift else None
        where_line = seat_text.split("\n")[1] if "\n" in seat_text else seat_text

        def read() -> Any:
            with db.reading() as s:
                return floor.agent_card(s, agent_id, starts)

        def shown(card: Any) -> None:
            self.last_card = card_html(card, where_line, self.ctx.clock.tz)
            QToolTip.showText(where, self.last_card, self.view)

        self.ctx.runner.run(read, shown)
