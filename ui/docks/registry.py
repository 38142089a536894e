"""Which docks the window has and their default arrangement (floor map left, queue and charts right; the
shift log & handover a tab behind the floor map)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.context import ConsoleContext
from ui.docks.adherence import AdherenceDock
from ui.docks.attendance import AttendanceDock
from ui.docks.base import LiveDock
from ui.docks.floor import FloorDock
from ui.docks.handover import HandoverDock
from ui.docks.incident_detail import IncidentDetailDock
from ui.docks.incidents import IncidentsDock
from ui.docks.indicators import IndicatorsDock

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

Area = Qt.DockWidgetArea
DOCKS: list[tuple[Callable[[ConsoleContext, QWidget], LiveDock], Area]] = [
    (FloorDock, Area.LeftDockWidgetArea),
    (AttendanceDock, Area.LeftDockWidgetArea),
    (AdherenceDock, Area.LeftDockWidgetArea),  # a tab behind attendance (arrange)
    (HandoverDock, Area.LeftDockWidgetArea),  # a tab behind the floor map (arrange)
    (IncidentsDock, Area.RightDockWidgetArea),
    (IncidentDetailDock, Area.RightDockWidgetArea),
    (IndicatorsDock, Area.RightDockWidgetArea),
]


def arrange(window: QMainWindow, docks: list[LiveDock]) -> None:
    """The default layout: the floor map large on the left with attendance under it; the rest on the right."""
    for dock in docks:
        window.addDockWidget(
            Area.RightDockWidgetArea
            if dock.objectName() in ("incidents", "incident", "indicators")
            else Area.LeftDockWidgetArea,
            dock,
        )
    # The floor map gets the largest area, attendance under it (3:2), the left column 9:7 against the right.
    # Before the first show the window is not sized yet (MainWindow makes itself 1600 x 950 afterwards).
    width, height = (window.width(), window.height()) if window.isVisible() else (1600, 950)
    by_name = {d.objectName(): d for d in docks}
    floor, attendance = by_name.get("floor"), by_name.get("attendance")
    if floor is not None and attendance is not None:
        window.splitDockWidget(floor, attendance, Qt.Orientation.Vertical)
        window.resizeDocks([floor, attendance], [height * 3 // 5, height * 2 // 5], Qt.Orientation.Vertical)
        handover = by_name.get("handover")
        if handover is not None:
            # A tab behind the floor map, which stays in front: the default layout keeps its proportions at
            # 1366 x 768, and the log and brief get the largest area when their tab is chosen (behind
            # attendance they had two rows of log and three lines of brief there). A layout saved before
            # this dock existed keeps it here too (restoring a state leaves docks it does not name alone).
            window.tabifyDockWidget(floor, handover)
            floor.raise_()
        adherence = by_name.get("adherence")
        if adherence is not None:
            # A tab behind attendance, which stays in front: both read the same shift's people.
            window.tabifyDockWidget(attendance, adherence)
            attendance.raise_()
    incidents, detail, indicators = (
        by_name.get("incidents"),
        by_name.get("incident"),
        by_name.get("indicators"),
    )
    if incidents is not None and detail is not None and indicators is not None:
        # The queue on top, the chosen incident under it, the indicators below: 4 : 3 : 4 (the indicators'
        # detail chart and small multiples beside their table want the height more than the detail pane).
        window.splitDockWidget(incidents, detail, Qt.Orientation.Vertical)
        window.splitDockWidget(detail, indicators, Qt.Orientation.Vertical)
        window.resizeDocks(
            [incidents, detail, indicators],
            [height * 4 // 11, height * 3 // 11, height * 4 // 11],
            Qt.Orientation.Vertical,
        )
    right = by_name.get("incidents") or by_name.get("indicators")
    if floor is not None and right is not None:
        window.resizeDocks([floor, right], [width * 9 // 16, width * 7 // 16], Qt.Orientation.Horizontal)
