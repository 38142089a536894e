"""One seat on the floor map, drawn cheaply enough that a whole floor of 1,000 seats repaints within a frame.

A seat's look is chosen by how large it is on screen (level of detail, as in Qt's "40000 chips" example):

- large (a zoomed-in dock, the wall screen): a light tint of the state colour with dark text, a thick border
  and a corner badge in the state's full colour carrying the state letter, the seat code, and the agent's
  name on up to two lines;
- medium (the dock at 1,366 x 768): the tint, border and badge, and the agent's initials as large as the
  seat allows;
- small: the seat filled with the state colour and its letter alone, in the ink that reads on it.

The state is never told by colour alone (the letter is always drawn). The background of each (state, size)
pair is rendered once into a shared pixmap; names are laid out once per name (:class:`QStaticText`), so a
state change costs a pixmap blit and a cached text per seat, not a layout of fonts and paths.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPixmap,
    QStaticText,
    QTextOption,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QStyleOptionGraphicsItem, QWidget

from ui.format import ink_for
from ui.models.seats import EMPTY, state_color, state_letter

UNIT = 100.0  # scene pixels per floor unit (one seat pitch)
SEAT = 0.9 * UNIT
CODE_PX, NAME_PX, INITIALS_PX = 15, 21, 34
LARGE_SCREEN_PX = 62  # a seat at least this wide on screen shows its code and the agent's name
MEDIUM_SCREEN_PX = 26  # ... at least this wide: the agent's initials; below: the state letter alone
DARK_INK = QColor("#111827")
EMPTY_EDGE = QColor("#6b7280")
_BOUNDS = QRectF(-SEAT / 2, -SEAT / 2, SEAT, SEAT)
_BACKGROUNDS: dict[tuple[str, str, int, str, str], QPixmap] = {}


@lru_cache(maxsize=64)
def scene_font(pixels: int, bold: bool = False) -> QFont:
    """Scene fonts in whole scene pixels; made on first use, once the application (and its font) exists."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def tint(color: QColor, share: float = 0.28) -> QColor:
    """``color`` mixed into white: a light fill dark text reads on, still telling the state apart."""
    return QColor(
        round(255 + (color.red() - 255) * share),
        round(255 + (color.green() - 255) * share),
        round(255 + (color.blue() - 255) * share),
    )


def initials(name: str) -> str:
    """``"Nurul Huda M."`` -> ``"NH"``; a one-word or CJK name gives its first two characters."""
    words = [w for w in name.replace(".", " ").split() if w]
    if not words:
        return ""
    if len(words) == 1 or not words[0].isascii():
        return words[0][:2] if words[0].isascii() else name.replace(" ", "")[:2]
    return (words[0][0] + words[1][0]).upper()


@lru_cache(maxsize=4096)
def wrap_two_lines(text: str, width: float) -> tuple[str, ...]:
    """Break a name into at most two lines that fit ``width`` scene pixels in the name font; the second one
    elided if still too long. Cached by name: a refresh of the floor never lays out a name twice."""
    metrics = QFontMetricsF(scene_font(NAME_PX, bold=True))
    words = text.split()
    if not words or metrics.horizontalAdvance(text) <= width:
        return (text,) if text else ()
    first = words[0]
    rest = words[1:]
    while rest and metrics.horizontalAdvance(f"{first} {rest[0]}") <= width:
        first = f"{first} {rest.pop(0)}"
    first = metrics.elidedText(first, Qt.TextElideMode.ElideRight, width)
    if not rest:
        return (first,)
    return (first, metrics.elidedText(" ".join(rest), Qt.TextElideMode.ElideRight, width))


def _mode(screen_side: float) -> str:
    if screen_side >= LARGE_SCREEN_PX:
        return "large"
    return "medium" if screen_side >= MEDIUM_SCREEN_PX else "small"


def background(key: str, letter: str, mode: str, side_px: int, label: str = "") -> QPixmap:
    """The seat, ``side_px`` device pixels square, rendered once per state, size and ``label`` (the
    initials a medium seat shows: a few hundred pairs on a big floor, so they are baked in too and a wall
    of 1,000 seats repaints without a Python paint per seat)."""
    cache_key = (key, letter, side_px, mode, label)
    pixmap = _BACKGROUNDS.get(cache_key)
    if pixmap is not None:
        return pixmap
    if len(_BACKGROUNDS) > 4096:  # zooming through many sizes: start again rather than grow
        _BACKGROUNDS.clear()
    pixmap = QPixmap(side_px, side_px)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scale = side_px / SEAT
    painter.scale(scale, scale)
    rect = QRectF(2, 2, SEAT - 4, SEAT - 4)
    color = state_color(key)
    empty = key == EMPTY
    if empty:
        pen = QPen(EMPTY_EDGE, max(2.5, 1.2 / scale))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(color)
        painter.drawRoundedRect(rect, 10, 10)
    elif mode == "small":
        painter.setPen(QPen(color.darker(130), max(2.5, 1.0 / scale)))
        painter.setBrush(color)
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(ink_for(color))
        painter.setFont(scene_font(56, bold=True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, letter)
    else:
        painter.setPen(QPen(color, 7))
        painter.setBrush(tint(color))
        painter.drawRoundedRect(rect.adjusted(2.5, 2.5, -2.5, -2.5), 9, 9)
        badge = 30 if mode == "large" else 38
        corner = QRectF(rect.right() - badge, rect.top(), badge, badge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(corner, 8, 8)
        painter.setPen(ink_for(color))
        painter.setFont(scene_font(round(badge * 0.72), bold=True))
        painter.drawText(corner, Qt.AlignmentFlag.AlignCenter, letter)
        if label:
            painter.setPen(DARK_INK)
            painter.setFont(scene_font(INITIALS_PX, bold=True))
            painter.drawText(rect.adjusted(4, 20, -16, -4), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    pixmap.setDevicePixelRatio(side_px / SEAT)  # drawn one seat wide in scene units, 1:1 on screen
    _BACKGROUNDS[cache_key] = pixmap
    return pixmap


class SeatItem(QGraphicsPixmapItem):
    """One seat: its state (tint, border, badge and letter) as a shared pixmap Qt paints by itself, and its
    texts (seat code and the agent's name or initials) in a child drawn only at sizes that show them.

    A full refresh of the floor therefore runs no Python ``paint()`` for the seats at the dock's size, and one
    per occupied seat (its text) when the seats are large enough for names. The look (how large the seat is
    on screen) is set by the view for the whole scene (:meth:`apply_look`), not worked out per paint. The
    tooltip is made on hover (:meth:`ui.docks.floor_map.FloorScene.helpEvent`), never per refresh.
    """

    def __init__(self, seat_id: int) -> None:
        super().__init__()
        self.setOffset(-SEAT / 2, -SEAT / 2)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.seat_id = seat_id
        self.code = ""
        self.name = ""
        self.key = EMPTY
        self._letter: str | None = None
        self._xy: tuple[float, float] | None = None
        self.mode = "large"
        self._device = round(SEAT)
        self.texts = SeatText(self)
        self._fresh = False  # the pixmap and texts show the state held
        self._named = False  # someone sits here (the texts show a name)
        self._initials = ""

    def set_state(
        self, x: float, y: float, code: str, name: str, key: str, letter: str | None = None
    ) -> None:
        """``letter``: the state letter (default: the one of ``key`` in the UI language)."""
        if (x, y) != self._xy:
            self._xy = (x, y)
            self.setPos(x * UNIT, y * UNIT)
        named = bool(name) and key != EMPTY
        renamed = name != self.name or code != self.code
        if renamed:
            self.code, self.name = code, name
            self._initials = initials(name)
            self.texts.reset()
        if (
            key != self.key
            or letter != self._letter
            or not self._fresh
            or (renamed and self.mode == "medium")
        ):
            self.key, self._letter = key, letter
            self.setPixmap(self._pixmap())
            self._fresh = True
        if renamed or named != self._named:
            self.texts.show_for(self.mode, named)
        self._named = named

    def _pixmap(self) -> QPixmap:
        label = self._initials if self.mode == "medium" and self.name and self.key != EMPTY else ""
        return background(self.key, self.letter, self.mode, self._device, label)

    def apply_look(self, scale: float, ratio: float = 1.0) -> None:
        """The view's scale changed (a fit, a zoom): choose the look and pixmap size for it."""
        side = SEAT * scale
        mode, device = _mode(side), max(8, round(side * ratio))
        if (mode, device) != (self.mode, self._device):
            self.mode, self._device = mode, device
            self.setPixmap(self._pixmap())
            self.texts.show_for(mode, bool(self.name) and self.key != EMPTY)

    def relook(self) -> None:
        """The UI language changed: draw the letter again."""
        self.setPixmap(self._pixmap())

    @property
    def letter(self) -> str:
        return state_letter(self.key) if self._letter is None else self._letter

    @property
    def lines(self) -> tuple[str, ...]:
        return wrap_two_lines(self.name, SEAT - 14)


class SeatText(QGraphicsItem):
    """A large seat's texts: its code and the agent's name on up to two lines (hidden on smaller seats)."""

    def __init__(self, seat: SeatItem) -> None:
        super().__init__(seat)
        self.seat = seat
        self._texts: dict[str, QStaticText] = {}
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.hide()

    def reset(self) -> None:
        self._texts.clear()
        if self.isVisible():
            self.update()

    def show_for(self, mode: str, named: bool) -> None:
        visible = mode == "large"  # a medium seat's initials are in its pixmap
        if visible != self.isVisible():
            self.setVisible(visible)
        elif visible:
            self.update()

    def boundingRect(self) -> QRectF:
        return _BOUNDS

    def _text(self, which: str) -> QStaticText:
        text = self._texts.get(which)
        if text is None:
            if which == "name":
                text = QStaticText("<br>".join(_escape(line) for line in self.seat.lines))
                text.setTextFormat(Qt.TextFormat.RichText)
                text.setTextWidth(SEAT - 10)
                option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
                option.setWrapMode(QTextOption.WrapMode.NoWrap)
                text.setTextOption(option)
                text.prepare(font=scene_font(NAME_PX, bold=True))
            else:
                text = QStaticText(self.seat.code)
                text.prepare(font=scene_font(CODE_PX))
            self._texts[which] = text
        return text

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        seat = self.seat
        empty = seat.key == EMPTY
        painter.setPen(EMPTY_EDGE if empty else DARK_INK)
        if seat.mode == "large":  # always, while shown
            painter.setFont(scene_font(CODE_PX))
            painter.drawStaticText(QPointF(-SEAT / 2 + 9, -SEAT / 2 + 8), self._text("code"))
            if seat.name and not empty:
                painter.setFont(scene_font(NAME_PX, bold=True))
                name = self._text("name")
                height = name.size().height()
                painter.drawStaticText(QPointF(-SEAT / 2 + 5, 14 - height / 2), name)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["SEAT", "UNIT", "SeatItem", "SeatText", "background", "initials", "tint"]
