"""Badges that selection cannot hide: severity, SLA, indicator level and attendance status cells.

Qt's default item painting fills a selected cell with the highlight colour, over any background the model
gives; on the floor that hid exactly the rows that matter (a selected P1, the critical indicators selected at
start). :class:`BadgeDelegate` lets the style paint the cell as usual (row background or selection highlight)
without its text, then draws the model's :data:`ui.format.BadgeRole` colour as a filled rounded badge with the
cell's text, inset so the selection still shows around it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.format import BadgeRole, ink_for

Index = QModelIndex | QPersistentModelIndex


class BadgeDelegate(QStyledItemDelegate):
    """Paints cells that have a :data:`BadgeRole` colour as a badge; other cells as usual."""

    MARGIN_X = 3  # between the cell's edge and the badge: the selection highlight shows here
    MARGIN_Y = 2
    PAD_X = 7  # between the badge's edge and its text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    @staticmethod
    def badge_color(index: Index) -> QColor | None:
        color = index.data(BadgeRole)
        return color if isinstance(color, QColor) and color.isValid() else None

    def badge_rect(self, option: QStyleOptionViewItem, text: str) -> QRectF:
        """Where the badge goes: as wide as its text (within the cell), placed as the cell aligns text."""
        cell = QRectF(option.rect).adjusted(self.MARGIN_X, self.MARGIN_Y, -self.MARGIN_X, -self.MARGIN_Y)
        width = min(cell.width(), QFontMetrics(option.font).horizontalAdvance(text) + 2 * self.PAD_X)
        align = option.displayAlignment
        if align & Qt.AlignmentFlag.AlignHCenter:
            left = cell.left() + (cell.width() - width) / 2
        elif align & Qt.AlignmentFlag.AlignRight:
            left = cell.right() - width
        else:
            left = cell.left()
        return QRectF(left, cell.top(), width, cell.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        color = self.badge_color(index)
        if color is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        # The cell itself: background or selection highlight, focus frame; no text, no icon.
        opt.text = ""
        opt.icon = QIcon()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        rect = self.badge_rect(opt, text)
        radius = min(6.0, rect.height() / 3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color.darker(125), 1))  # a rim keeps a light badge apart from a light row
        painter.setBrush(color)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.setFont(opt.font)
        painter.setPen(ink_for(color))
        inner = rect.adjusted(self.PAD_X / 2, 0, -self.PAD_X / 2, 0)
        shown = QFontMetrics(opt.font).elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, shown)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if self.badge_color(index) is None:
            return size
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_width = QFontMetrics(opt.font).horizontalAdvance(opt.text)
        width = text_width + 2 * (self.PAD_X + self.MARGIN_X) + 2
        return QSize(max(size.width(), width), size.height() + 2 * self.MARGIN_Y)
