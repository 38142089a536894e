"""Which docks the window has and their default arrangement (floor map left, queue and charts right)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.docks.incidents import IncidentsDock
from ui.docks.indicators import IndicatorsDock

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

Area = Qt.DockWidgetArea
DOCKS: list[tuple[Callable[[ConsoleContext, QWidget], LiveDock], Area]] = [
    (IncidentsDock, Area.RightDockWidgetArea),
    (IndicatorsDock, Area.RightDockWidgetArea),
]


def arrange(window: QMainWindow, docks: list[LiveDock]) -> None:
    """The default layout: docks in registry order, split evenly."""
    for dock in docks:
        window.addDockWidget(Area.RightDockWidgetArea if dock.objectName() in ("incidents", "indicators")
                             else Area.LeftDockWidgetArea, dock)
