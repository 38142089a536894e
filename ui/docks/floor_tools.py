"""Beside the seat map: the agents rostered without a seat (a strip to drag them from) and the hover card."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QDrag, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from console.services.floor import AgentCard
from ui.docks.floor_map import agent_mime
from ui.format import floor_hm, ink_for
from ui.models.seats import (
    COLUMNS,
    EMPTY,
    PresenceRole,
    SeatMapModel,
    ZoneCodeRole,
    state_color,
    state_letter,
    state_title,
)

AgentIdRole = Qt.ItemDataRole.UserRole + 1


def state_icon(key: str, side: int, font: QFont) -> QIcon:
    """The seat's colour and letter, small: the same swatch as the legend's."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = state_color(key)
    painter.setBrush(color)
    painter.setPen(QPen(color.darker(130)))
    painter.drawRoundedRect(1, 1, side - 2, side - 2, 3, 3)
    letter_font = QFont(font)
    letter_font.setPixelSize(max(8, round(side * 0.68)))
    letter_font.setBold(True)
    painter.setFont(letter_font)
    painter.setPen(ink_for(color))
    painter.drawText(0, 0, side, side, Qt.AlignmentFlag.AlignCenter, state_letter(key))
    painter.end()
    return QIcon(pixmap)


class UnseatedStrip(QListWidget):
    """Agents rostered on the shift with no seat, one chip each (state letter and colour, name), in a row:
    they are on the floor's counts and can be dragged onto a seat."""

    def __init__(self, model: SeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seat_map = model
        self.setObjectName("unseatedStrip")
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(False)
        self.setSpacing(2)
        model.unseatedChanged.connect(self.refresh)
        self.refresh()

    def set_draggable(self, on: bool) -> None:
        self.setDragEnabled(on)
        self.setDragDropMode(
            QAbstractItemView.DragDropMode.DragOnly if on else QAbstractItemView.DragDropMode.NoDragDrop
        )

    def refresh(self) -> None:
        side = max(14, round(self.fontMetrics().height() * 1.1))
        self.setIconSize(QSize(side, side))
        self.clear()
        for line, key in zip(self.seat_map.unseated, self.seat_map.unseated_keys, strict=True):
            item = QListWidgetItem(state_icon(key, side, self.font()), line.name)
            item.setData(AgentIdRole, line.agent_id)
            item.setToolTip(
                QCoreApplication.translate("FloorDock", "{0} · {1} · no seat on this shift").format(
                    line.name, state_title(key)
                )
            )
            self.addItem(item)
        self.setFixedHeight(self.sizeHintForRow(0) + 2 * self.frameWidth() + 6 if self.count() else 0)
        self.setVisible(bool(self.count()))

    def names(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def mime_for(self, row: int) -> Any:
        return agent_mime(int(self.item(row).data(AgentIdRole)), None)

    def startDrag(self, supported: Qt.DropAction) -> None:
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(agent_mime(int(item.data(AgentIdRole)), None))
        drag.setPixmap(item.icon().pixmap(self.iconSize()))
        drag.exec(Qt.DropAction.MoveAction)


def card_html(card: AgentCard, seat_text: str, tz: Any) -> str:
    """The hover card: name, team, skills, languages, shift, clock-in, breaks and today's events."""
    rows = [f"<b>{escape(card.full_name)}</b> ({escape(card.employee_no)})", escape(seat_text)]
    rows.append(QCoreApplication.translate("FloorDock", "Team: {0}").format(escape(card.team)))
    if card.skills:
        rows.append(
            QCoreApplication.translate("FloorDock", "Skills: {0}").format(
                ", ".join(f"{escape(k)} {lvl}" for k, lvl in card.skills)
            )
        )
    if card.languages:
        rows.append(
            QCoreApplication.translate("FloorDock", "Languages: {0}").format(
                ", ".join(f"{escape(k)} ({escape(lvl)})" for k, lvl in card.languages)
            )
        )
    line = card.line
    if line is not None:
        rows.append(
            QCoreApplication.translate("FloorDock", "Shift: {0} {1}–{2}").format(
                escape(line.shift_code), floor_hm(line.starts_at, tz), floor_hm(line.ends_at, tz)
            )
        )
        rows.append(
            QCoreApplication.translate("FloorDock", "Clocked in {0}").format(floor_hm(line.clock_in, tz))
            if line.clock_in is not None
            else QCoreApplication.translate("FloorDock", "Not clocked in")
        )
        rows.append(
            QCoreApplication.translate("FloorDock", "Breaks: {0} min").format(round(line.break_minutes))
        )
    else:
        rows.append(QCoreApplication.translate("FloorDock", "Not rostered on this shift"))
    kinds = {
        "clock_in": QCoreApplication.translate("FloorDock", "clocked in"),
        "clock_out": QCoreApplication.translate("FloorDock", "clocked out"),
        "break_start": QCoreApplication.translate("FloorDock", "break started"),
        "break_end": QCoreApplication.translate("FloorDock", "break ended"),
    }
    if card.events:
        rows.append(QCoreApplication.translate("FloorDock", "Today:"))
        rows.extend(
            f"&nbsp;&nbsp;{floor_hm(at, tz)} {escape(kinds.get(kind, kind))}" for at, kind in card.events[-8:]
        )
    return "<br>".join(rows)


class OccupiedSeats(QSortFilterProxyModel):
    """The seats someone holds this shift, zone by zone (the floor plan's zone order), then by seat code."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.zone_order: dict[str, int] = {}

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        return bool(index.data(PresenceRole) != EMPTY)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        def key(index: QModelIndex | QPersistentModelIndex) -> tuple[int, str]:
            seat = index.sibling(index.row(), COLUMNS.index("seat")).data() or ""
            return (self.zone_order.get(index.data(ZoneCodeRole), 99), str(seat))

        return key(left) < key(right)


class PeopleTable(QTableView):
    """The list view of the floor: seat, zone, agent and state (in words, beside its colour) per held seat.
    It follows the model only while shown (:meth:`follow`), so a hidden list costs a refresh nothing."""

    def __init__(self, model: SeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.seat_map = model
        self.setObjectName("floorList")
        self.proxy = OccupiedSeats(self)
        self.setModel(self.proxy)
        self.setSortingEnabled(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        model.modelReset.connect(self._reorder)

    def _reorder(self) -> None:
        self.proxy.zone_order = {code: n for n, code in enumerate(self.seat_map.zones)}
        if self.proxy.sourceModel() is not None:
            self.proxy.invalidate()

    def follow(self, on: bool) -> None:
        if on and self.proxy.sourceModel() is not self.seat_map:
            self.proxy.zone_order = {code: n for n, code in enumerate(self.seat_map.zones)}
            self.proxy.setSourceModel(self.seat_map)
            self.proxy.sort(0)
        elif not on and self.proxy.sourceModel() is not None:
            self.proxy.setSourceModel(None)  # type: ignore[arg-type]
