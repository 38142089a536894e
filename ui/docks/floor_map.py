"""The seat map drawing: zones and seats on a QGraphicsScene that follows a :class:`SeatMapModel`.

The scene listens to the model and touches only the seats a signal names, so a clock-in repaints one seat,
not the floor. Geometry is the model's floor units scaled by :data:`UNIT` scene pixels (fonts need whole
pixel sizes); the view scales the whole floor to fit, and seat text is skipped when it would be too small
to read (level of detail, as in Qt's "40000 chips" example); the seat's state letter is never skipped: it
grows to fill the seat when the names are too small, so the state never rests on colour alone.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
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
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ui.format import ink_for
from ui.models.seats import (
    EMPTY,
    PresenceRole,
    SeatIdRole,
    SeatMapModel,
    XRole,
    YRole,
    ZoneShape,
    state_color,
    state_letter,
)

UNIT = 100.0  # scene pixels per floor unit (one seat pitch)
SEAT = 0.9 * UNIT
CODE_PX, NAME_PX, ZONE_PX = 15, 21, 30
# The state letter: beside the code when zoomed in, larger in its place when the code is too small to show,
# alone in the seat (and large) when the names are too small too.
LETTER_PX, LETTER_NO_CODE_PX, BIG_LETTER_PX = 20, 30, 52
MIN_SCREEN_PX = 5.5  # below this on screen, text is noise: leave it out
Index = QModelIndex | QPersistentModelIndex


@cache
def _font(pixels: int, bold: bool = False) -> QFont:
    """Scene fonts in whole scene pixels; made on first use, once the application (and its font) exists."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def wrap_two_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """Break a name into at most two lines that fit ``width``; the second one elided if still too long."""
    words = text.split()
    if not words or metrics.horizontalAdvance(text) <= width:
        return [text] if text else []
    first = words[0]
    rest = words[1:]
    while rest and metrics.horizontalAdvance(f"{first} {rest[0]}") <= width:
        first = f"{first} {rest.pop(0)}"
    first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)
    if not rest:
        return [first]
    return [first, metrics.elidedText(" ".join(rest), Qt.TextElideMode.ElideRight, width)]


class SeatItem(QGraphicsItem):
    """One seat: a rounded square in its presence colour, its state letter, the seat code and the agent's
    name."""

    def __init__(self, seat_id: int) -> None:
        super().__init__()
        self.seat_id = seat_id
        self.code = ""
        self.name = ""
        self.key = EMPTY
        self.letter = ""
        self._lines: list[str] = []

    def set_state(
        self, x: float, y: float, code: str, name: str, key: str, tooltip: str, letter: str = ""
    ) -> None:
        self.setPos(x * UNIT, y * UNIT)
        self.setToolTip(tooltip)
        if (code, name, key, letter) != (self.code, self.name, self.key, self.letter):
            self.code, self.name, self.key, self.letter = code, name, key, letter
            self._lines = wrap_two_lines(name, QFontMetricsF(_font(NAME_PX, bold=True)), SEAT - 10)
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-SEAT / 2 - 2, -SEAT / 2 - 2, SEAT + 4, SEAT + 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = QRectF(-SEAT / 2, -SEAT / 2, SEAT, SEAT)
        fill = state_color(self.key)
        empty = self.key == EMPTY
        pen = QPen(QColor("#9ca3af") if empty else fill.darker(130), 2.5)
        if empty:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        painter.drawRoundedRect(rect, 10, 10)
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        ink = QColor("#4b5563") if empty else ink_for(fill)
        painter.setPen(ink)
        with_code = CODE_PX * scale >= MIN_SCREEN_PX
        with_name = bool(self._lines) and NAME_PX * scale >= MIN_SCREEN_PX
        if self.letter and not with_name:  # zoomed out: the letter alone, as large as the seat allows
            painter.setFont(_font(BIG_LETTER_PX, bold=True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.letter)
            return
        top = rect.adjusted(5, 2, -5, 0)
        room = top.width()
        if self.letter:
            letter_font = _font(LETTER_PX if with_code else LETTER_NO_CODE_PX, bold=True)
            painter.setFont(letter_font)
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, self.letter)
            room -= QFontMetricsF(letter_font).horizontalAdvance(self.letter) + 3
        if with_code:  # the code gives way to the letter
            code = QFontMetricsF(_font(CODE_PX)).elidedText(self.code, Qt.TextElideMode.ElideRight, room)
            painter.setFont(_font(CODE_PX))
            painter.drawText(
                top.adjusted(0, 6, 0, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                code,
            )
        if with_name:
            painter.setFont(_font(NAME_PX, bold=True))
            # Below the letter; when the code and letter are absent, the name takes the whole seat.
            body = rect.adjusted(5, LETTER_NO_CODE_PX + 6 if with_code or self.letter else 4, -5, -4)
            painter.drawText(
                body, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, "\n".join(self._lines)
            )


class ZoneItem(QGraphicsItem):
    """A zone (desk): a rounded rectangle with its name in the free band above or below its seats."""

    def __init__(self, shape: ZoneShape, title_band: QRectF, palette: QPalette) -> None:
        super().__init__()
        self.shape_ = shape
        self.rect = QRectF(shape.x * UNIT, shape.y * UNIT, shape.width * UNIT, shape.height * UNIT)
        self.band = title_band
        self.palette = palette
        self.title = ""
        self.setZValue(-1)
        self.retitle()

    def retitle(self) -> None:
        self.title = self.shape_.title()
        self.setToolTip(self.title)
        self.update()

    def boundingRect(self) -> QRectF:
        return self.rect.united(self.band).adjusted(-3, -3, 3, 3)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        path = QPainterPath()
        path.addRoundedRect(self.rect, 0.25 * UNIT, 0.25 * UNIT)
        painter.setPen(QPen(self.palette.color(QPalette.ColorRole.Mid), 3))
        painter.setBrush(self.palette.color(QPalette.ColorRole.Base))
        painter.drawPath(path)
        painter.setFont(_font(ZONE_PX, bold=True))
        painter.setPen(self.palette.color(QPalette.ColorRole.Text))
        text = QFontMetricsF(_font(ZONE_PX, bold=True)).elidedText(
            self.title, Qt.TextElideMode.ElideRight, self.band.width()
        )
        painter.drawText(self.band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


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
    """Zones and seats of the model's floor; updates only the seat items a model signal names."""

    def __init__(self, model: SeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.seats: dict[int, SeatItem] = {}
        self.zones: list[ZoneItem] = []
        model.modelReset.connect(self.rebuild)
        model.layoutChanged.connect(self.rebuild)
        model.dataChanged.connect(self._on_data_changed)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.rowsAboutToBeRemoved.connect(self._on_rows_removed)
        self.rebuild()

    def rebuild(self) -> None:
        """Everything from scratch: only on a reset (first load, new shift), never for one seat."""
        self.clear()
        self.seats.clear()
        self.zones.clear()
        by_zone: dict[str, list[float]] = {}
        for row in range(self.model.rowCount()):
            view = self.model.seat_at(row)
            by_zone.setdefault(view.zone_code, []).append(view.y)
        palette = self.palette()
        for shape in self.model.zones.values():
            item = ZoneItem(shape, title_band(shape, by_zone.get(shape.code, [])), palette)
            self.addItem(item)
            self.zones.append(item)
        self._add_rows(0, self.model.rowCount() - 1)
        rect = self.itemsBoundingRect()
        self.setSceneRect(rect.adjusted(-0.3 * UNIT, -0.3 * UNIT, 0.3 * UNIT, 0.3 * UNIT))

    def retitle(self) -> None:
        for zone in self.zones:
            zone.retitle()

    def _add_rows(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            seat_id = self.model.index(row, 0).data(SeatIdRole)
            item = SeatItem(seat_id)
            self.addItem(item)
            self.seats[seat_id] = item
            self._refresh(row)

    def _refresh(self, row: int) -> None:
        index = self.model.index(row, 0)
        view, key = self.model.seat_at(row), index.data(PresenceRole)
        name = (view.agent_name or "") if key != EMPTY else ""
        self.seats[view.seat_id].set_state(
            index.data(XRole),
            index.data(YRole),
            view.code,
            name,
            key,
            self.model.tooltip(row),
            state_letter(key),
        )

    def _on_data_changed(self, top_left: Index, bottom_right: Index, roles: list[int] | None = None) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._refresh(row)

    def _on_rows_inserted(self, parent: Index, first: int, last: int) -> None:
        self._add_rows(first, last)

    def _on_rows_removed(self, parent: Index, first: int, last: int) -> None:
        for row in range(first, last + 1):
            item = self.seats.pop(self.model.seat_at(row).seat_id, None)
            if item is not None:
                self.removeItem(item)


class FloorView(QGraphicsView):
    """Shows the whole floor, scaled to fit (aspect kept) whenever the view or the floor changes size.

    The wheel zooms in around the pointer (names become readable on a big floor) and dragging pans;
    a double click, or zooming back out, returns to the whole floor.
    """

    MAX_ZOOM = 6.0  # times the fitted scale

    def __init__(self, scene: FloorScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("floorMap")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Window))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoomed = False
        self._fitted = 1.0
        scene.sceneRectChanged.connect(lambda _rect: self.fit())

    def fit(self) -> None:
        """Back to the whole floor."""
        self.zoomed = False
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        if not self.sceneRect().isEmpty():
            self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fitted = self.transform().m11()

    def zoom(self, factor: float) -> None:
        """Zoom by ``factor`` around the pointer, between the fitted floor and ``MAX_ZOOM`` times it."""
        scale = self.transform().m11() * factor
        if scale <= self._fitted * 1.001:
            self.fit()
            return
        factor = min(scale, self._fitted * self.MAX_ZOOM) / self.transform().m11()
        self.scale(factor, factor)
        self.zoomed = True
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.0015 ** event.angleDelta().y())
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.zoomed:
            self.fit()
