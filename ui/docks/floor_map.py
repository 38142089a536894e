"""The seat map drawing: zones and seats on a QGraphicsScene that follows a :class:`SeatMapModel`.

The scene listens to the model and touches only the seats a signal names, so a clock-in repaints one seat,
not the floor; zone headers (present / rostered) are recounted once per event-loop turn, however many seats
a batch changed. Geometry is the model's floor units scaled by :data:`UNIT` scene pixels; the view scales the
whole floor to fit. Seats draw themselves by their size on screen (:mod:`ui.docks.floor_seat`).

The view takes agents dropped on seats (:data:`AGENT_MIME`, from the unseated list or another seat) and, in
edit mode, lets zones and seats be dragged into place (snapped to half a seat).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ui.docks.floor_seat import UNIT, SeatItem, scene_font
from ui.models.seats import EMPTY, SeatMapModel, ZoneShape

ZONE_PX = 30
AGENT_MIME = "application/x-watchfloor-agent"  # {"agent": id, "seat": id or null}: who is dragged, from where
SHORT = QColor("#b91c1c")
Index = QModelIndex | QPersistentModelIndex


def agent_mime(agent_id: int, from_seat: int | None) -> QMimeData:
    data = QMimeData()
    data.setData(AGENT_MIME, json.dumps({"agent": agent_id, "seat": from_seat}).encode())
    return data


def read_agent_mime(data: QMimeData) -> tuple[int, int | None] | None:
    if not data.hasFormat(AGENT_MIME):
        return None
    try:
        raw = json.loads(bytes(data.data(AGENT_MIME).data()).decode())
        return int(raw["agent"]), (int(raw["seat"]) if raw.get("seat") is not None else None)
    except (ValueError, KeyError, TypeError):
        return None


class ZoneItem(QGraphicsItem):
    """A zone (desk): a rounded rectangle with its name and "present / rostered" in the free band above or
    below its seats. Its seats are its children, so dragging the zone in the editor carries them along."""

    def __init__(self, shape: ZoneShape, title_band: QRectF, palette: QPalette) -> None:
        super().__init__()
        self.shape_ = shape
        self.rect = QRectF(shape.x * UNIT, shape.y * UNIT, shape.width * UNIT, shape.height * UNIT)
        self.band = title_band
        self.palette = palette
        self.title = ""
        self.present = self.required = self.rostered = 0
        self.staffed = False
        self.setZValue(-1)
        self.retitle()

    @property
    def code(self) -> str:
        return self.shape_.code

    def retitle(self) -> None:
        self.title = self.shape_.title()
        self._retip()
        self.update()

    def set_counts(self, present: int, required: int, rostered: int, staffed: bool = False) -> None:
        """``required``: the staffing requirement now when ``staffed``, else who is rostered here."""
        if (present, required, rostered, staffed) != (
            self.present,
            self.required,
            self.rostered,
            self.staffed,
        ):
            self.present, self.required, self.rostered, self.staffed = present, required, rostered, staffed
            self._retip()
            self.update()

    def count_text(self) -> str:
        return QCoreApplication.translate("FloorMap", "{0} / {1}", "zone header: at desks / required").format(
            self.present, self.required
        )

    def _retip(self) -> None:
        if self.staffed:
            text = QCoreApplication.translate(
                "FloorMap", "{0}: {1} at their desks; {2} required now; {3} rostered on this shift"
            ).format(self.title, self.present, self.required, self.rostered)
        else:
            text = QCoreApplication.translate(
                "FloorMap", "{0}: {1} at their desks of {2} rostered on this shift"
            ).format(self.title, self.present, self.required)
        self.setToolTip(text)

    def boundingRect(self) -> QRectF:
        # The title's font grows up to 3 x ZONE_PX when zoomed out (see paint), taller than the band, and a
        # CJK line is taller than a Latin one: cover what it may draw so no part of it is clipped.
        extra = max(0.0, (3 * ZONE_PX * 1.5 - self.band.height()) / 2)
        return self.rect.united(self.band.adjusted(0, -extra, 0, extra)).adjusted(-3, -3, 3, 3)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath()
        path.addRoundedRect(self.rect, 0.25 * UNIT, 0.25 * UNIT)
        edit = bool(self.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        pen = QPen(self.palette.color(QPalette.ColorRole.Mid), 3)
        if edit:
            pen.setStyle(Qt.PenStyle.DashLine)
        if self.isSelected():
            pen = QPen(self.palette.color(QPalette.ColorRole.Highlight), 5)
        painter.setPen(pen)
        painter.setBrush(self.palette.color(QPalette.ColorRole.Base))
        painter.drawPath(path)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        # At least ~11 screen pixels, so a zone's name and count read at 1,366 x 768 too.
        font = scene_font(max(ZONE_PX, min(3 * ZONE_PX, round(11 / max(lod, 0.01)))), bold=True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        count = self.count_text() if self.required else ""
        room = self.band.width() - (metrics.horizontalAdvance(count) + 20 if count else 0)
        painter.setPen(self.palette.color(QPalette.ColorRole.Text))
        text = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, room)
        painter.drawText(self.band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        if count:
            painter.setPen(
                SHORT if self.present < self.required else self.palette.color(QPalette.ColorRole.Text)
            )
            painter.drawText(self.band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the view does not save state


def title_band(shape: ZoneShape, seat_ys: list[float]) -> QRectF:
    """Where a zone's name fits: the free strip above its seats, else below, else just outside the top."""
    left, width = (shape.x + 0.2) * UNIT, (shape.width - 0.4) * UNIT
    height = ZONE_PX * 1.4
    top = shape.y * UNIT
    bottom = (shape.y + shape.height) * UNIT
    seats_top = (min(seat_ys) - 0.5) * UNIT if seat_ys else bottom
    seats_bottom = (max(seat_ys) + 0.5) * UNIT if seat_ys else top
    if seats_top - top >= height * 0.8:
        return QRectF(left, top + (seats_top - top - height) / 2, width, height)
    if bottom - seats_bottom >= height * 0.8:
        return QRectF(left, seats_bottom + (bottom - seats_bottom - height) / 2, width, height)
    return QRectF(left, top - height - 4, width, height)


class FloorScene(QGraphicsScene):
    """Zones and seats of the model's floor; updates only the seat items a model signal names.

    Signals:
        layoutEdited(): a zone or seat was dragged to a new place in edit mode (not saved yet).
        seatHovered(int, QPoint): the pointer rests on a seat (seat id, screen position): show its card.
    """

    layoutEdited = Signal()
    seatHovered = Signal(int, QPoint)

    def __init__(self, model: SeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No BSP index: a floor has at most a few thousand items, and a seat changing state (a new pixmap,
        # announced as a geometry change) re-indexed it each time: half the cost of a full refresh.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.model = model
        self.seats: dict[int, SeatItem] = {}
        self.zones: list[ZoneItem] = []
        self.zone_items: dict[str, ZoneItem] = {}
        self.editing = False
        self._offsets: dict[str, tuple[float, float]] = {}  # zones dragged in the editor, not saved yet
        self.look = (1.0, 1.0)  # the view's scale and device pixel ratio: how large seats are on screen
        model.modelReset.connect(self.rebuild)
        model.layoutChanged.connect(self.rebuild)
        model.dataChanged.connect(self._on_data_changed)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_rows_removed)
        # Zone headers: once per batch (never per seat), in the same turn as the seats, so the floor is
        # painted once; a zone whose counts did not change is not repainted.
        model.applied.connect(self.recount)
        self.rebuild()

    def rebuild(self) -> None:
        """Everything from scratch: only on a reset (first load, new shift), never for one seat."""
        self.clear()
        self._offsets = {}
        self.seats.clear()
        self.zones.clear()
        self.zone_items.clear()
        by_zone: dict[str, list[float]] = {}
        for row in range(self.model.rowCount()):
            view = self.model.seat_at(row)
            by_zone.setdefault(view.zone_code, []).append(view.y)
        palette = self.palette()
        for shape in self.model.zones.values():
            item = ZoneItem(shape, title_band(shape, by_zone.get(shape.code, [])), palette)
            self.addItem(item)
            self.zones.append(item)
            self.zone_items[shape.code] = item
        self._add_rows(0, self.model.rowCount() - 1)
        self.set_editing(self.editing)
        self.recount()
        rect = self.itemsBoundingRect()
        self.setSceneRect(rect.adjusted(-0.3 * UNIT, -0.3 * UNIT, 0.3 * UNIT, 0.3 * UNIT))

    def retitle(self) -> None:
        for zone in self.zones:
            zone.retitle()
        for seat in self.seats.values():
            seat.relook()

    def set_look(self, scale: float, ratio: float) -> None:
        """The view shows the floor at ``scale`` now: seats choose their look for it (once per zoom)."""
        if (scale, ratio) == self.look:
            return
        self.look = (scale, ratio)
        for seat in self.seats.values():
            seat.apply_look(scale, ratio)

    def recount(self) -> None:
        """Zone headers: present / required (the staffing requirement this hour, else who is rostered),
        from the model's states as they are now. Also on the clock's tick: requirements change by the hour."""
        counts = self.model.zone_counts()
        for code, zone in self.zone_items.items():
            present, rostered = counts.get(code, (0, 0))
            required = self.model.zone_required(code)
            if required is None:
                zone.set_counts(present, rostered, rostered)
            else:
                zone.set_counts(present, required, rostered, staffed=True)

    def _add_rows(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            view = self.model.seat_at(row)
            item = SeatItem(view.seat_id)
            item.apply_look(*self.look)
            parent = self.zone_items.get(view.zone_code)
            if parent is not None:
                item.setParentItem(parent)
            else:
                self.addItem(item)
            self.seats[view.seat_id] = item
            self._refresh(row)

    def _refresh(self, row: int) -> None:
        self._refresh_rows(row, row)

    def _refresh_rows(self, first: int, last: int) -> None:
        """Hand the seats of rows ``first`` … ``last`` their state: the hot loop of a full refresh (1,000
        seats), so it reads the model's lists directly and leaves the letter and pixmap to the paint."""
        seats, rows, keys = self.seats, *self.model.rows_and_keys()
        offsets = self._offsets
        for row in range(first, last + 1):
            view, key = rows[row], keys[row]
            x, y = view.x, view.y
            if offsets:
                dx, dy = offsets.get(view.zone_code, (0.0, 0.0))
                x, y = x - dx, y - dy
            seats[view.seat_id].set_state(
                x, y, view.code, (view.agent_name or "") if key != EMPTY else "", key
            )

    def _on_data_changed(self, top_left: Index, bottom_right: Index, roles: list[int] | None = None) -> None:
        self._refresh_rows(top_left.row(), bottom_right.row())

    def _on_rows_inserted(self, parent: Index, first: int, last: int) -> None:
        self._add_rows(first, last)

    def _on_rows_removed(self, parent: Index, first: int, last: int) -> None:
        for row in range(first, last + 1):
            item = self.seats.pop(self.model.seat_at(row).seat_id, None)
            if item is not None:
                self.removeItem(item)

    # -- the editor -----------------------------------------------------------------------------------
    def set_editing(self, on: bool) -> None:
        """Edit mode: zones and seats can be selected and dragged; otherwise they stay put."""
        self.editing = on
        flags = QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
        for item in [*self.zones, *self.seats.values()]:
            item.setFlags(flags if on else QGraphicsItem.GraphicsItemFlag(0))
            item.update()

    def snap(self) -> None:
        """Dragged items land on the half-seat grid (seat centres, zone corners); tells if any moved."""
        moved = False
        for item in [*self.zones, *self.seats.values()]:
            pos = item.pos()
            snapped = QPointF(round(pos.x() / (UNIT / 2)) * UNIT / 2, round(pos.y() / (UNIT / 2)) * UNIT / 2)
            if snapped != pos:
                item.setPos(snapped)
        self._offsets = {
            z.code: (z.pos().x() / UNIT, z.pos().y() / UNIT) for z in self.zones if not z.pos().isNull()
        }
        for seat_id, (x, y) in self.seat_positions().items():
            row = self.model.row_of(seat_id)
            view = self.model.seat_at(row) if row is not None else None
            if view is not None and (view.x, view.y) != (x, y):
                moved = True
        for code, (x, y, _w, _h) in self.zone_positions().items():
            shape = self.model.zones.get(code)
            if shape is not None and (shape.x, shape.y) != (x, y):
                moved = True
        if moved:
            self.layoutEdited.emit()

    def seat_positions(self) -> dict[int, tuple[float, float]]:
        """Every seat's centre as drawn now, floor units."""
        out = {}
        for seat_id, item in self.seats.items():
            pos = item.scenePos()
            out[seat_id] = (round(pos.x() / UNIT, 2), round(pos.y() / UNIT, 2))
        return out

    def zone_positions(self) -> dict[str, tuple[float, float, float, float]]:
        out = {}
        for zone in self.zones:
            shape = zone.shape_
            out[shape.code] = (
                round(shape.x + zone.pos().x() / UNIT, 2),
                round(shape.y + zone.pos().y() / UNIT, 2),
                shape.width,
                shape.height,
            )
        return out

    def mouseReleaseEvent(self, event: Any) -> None:
        super().mouseReleaseEvent(event)
        if self.editing:
            self.snap()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """A seat's card is made when it is hovered, for that seat (never on a refresh)."""
        seat = self.seat_at(event.scenePos())
        if seat is None:
            super().helpEvent(event)
            return
        self.seatHovered.emit(seat.seat_id, event.screenPos())
        event.accept()

    def seat_at(self, pos: QPointF) -> SeatItem | None:
        for item in self.items(pos):
            if isinstance(item, SeatItem):
                return item
        return None


class FloorView(QGraphicsView):
    """Shows the whole floor, scaled to fit (aspect kept) whenever the view or the floor changes size.

    The wheel zooms in around the pointer (names become readable on a big floor) and dragging pans;
    a double click, or zooming back out, returns to the whole floor. With :attr:`can_seat`, an agent can be
    dragged off their seat and dropped on another one, or dropped from the unseated list.

    Signals:
        seatDropped(int, object, int): agent id, the seat they were dragged from (``None``: unseated), the
            seat they were dropped on.
    """

    MAX_ZOOM = 6.0  # times the fitted scale
    seatDropped = Signal(int, object, int)

    def __init__(self, scene: FloorScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.floor = scene
        self.setObjectName("floorMap")
        # No antialiasing for the view as a whole: seats are pixmaps rendered antialiased once, blitted
        # pixel-aligned (a floor refresh took twice as long blitting them antialiased); zones ask for it.
        self.setRenderHints(QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Window))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAcceptDrops(True)
        self.can_seat = False
        self.zoomed = False
        self._fitted = 1.0
        self._press: tuple[QPoint, SeatItem] | None = None
        scene.sceneRectChanged.connect(lambda _rect: self.fit())

    def fit(self) -> None:
        """Back to the whole floor."""
        self.zoomed = False
        self._drag_mode()
        if not self.sceneRect().isEmpty():
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = self.transform().m11()
        self._looked()

    def _looked(self) -> None:
        self.floor.set_look(self.transform().m11(), self.devicePixelRatioF())

    def _drag_mode(self) -> None:
        if self.floor.editing:
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        elif self.zoomed:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        else:
            self.setDragMode(QGraphicsView.DragMode.NoDrag)

    def set_editing(self, on: bool) -> None:
        self.floor.set_editing(on)
        self._drag_mode()

    def zoom(self, factor: float) -> None:
        """Zoom by ``factor`` around the pointer, between the fitted floor and ``MAX_ZOOM`` times it."""
        scale = self.transform().m11() * factor
        if scale <= self._fitted * 1.001:
            self.fit()
            return
        factor = min(scale, self._fitted * self.MAX_ZOOM) / self.transform().m11()
        self.scale(factor, factor)
        self._looked()
        self.zoomed = True
        self._drag_mode()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.0015 ** event.angleDelta().y())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.floor.editing:
            super().mouseDoubleClickEvent(event)
            return
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.zoomed:
            self.fit()

    # -- dragging agents onto seats -------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = None
        if self.can_seat and not self.floor.editing and event.button() == Qt.MouseButton.LeftButton:
            seat = self.floor.seat_at(self.mapToScene(event.position().toPoint()))
            if seat is not None and seat.key != EMPTY:
                self._press = (event.position().toPoint(), seat)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, seat = self._press
            if (event.position().toPoint() - start).manhattanLength() >= QApplication.startDragDistance():
                self._press = None
                self._start_drag(seat)
                return
        super().mouseMoveEvent(event)

    def _start_drag(self, seat: SeatItem) -> None:
        row = self.floor.model.row_of(seat.seat_id)
        agent_id = self.floor.model.seat_at(row).agent_id if row is not None else None
        if agent_id is None:
            return
        drag = QDrag(self)
        drag.setMimeData(agent_mime(agent_id, seat.seat_id))
        drag.exec(Qt.DropAction.MoveAction)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> tuple[tuple[int, int | None], SeatItem] | None:
        if not self.can_seat or self.floor.editing:
            return None
        agent = read_agent_mime(event.mimeData())
        seat = self.floor.seat_at(self.mapToScene(event.position().toPoint()))
        if agent is None or seat is None:
            return None
        return agent, seat

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.can_seat and read_agent_mime(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._target(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._target(event)
        if target is None:
            event.ignore()
            return
        (agent_id, from_seat), seat = target
        event.acceptProposedAction()
        if from_seat != seat.seat_id:
            self.seatDropped.emit(agent_id, from_seat, seat.seat_id)
