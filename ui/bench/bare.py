"""The baseline: a bare window of the same shape as the console, with none of Watchfloor in it.

A ``QMainWindow`` with four docks: a 100,000-point pyqtgraph plot, a 100,000-row table model in a
``QTableView``, a list and a label. Its start time and its GUI-thread stalls, measured in the same run as the
console's, show what this machine and its load cost anyway. Imports only PySide6, numpy and pyqtgraph.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QMainWindow, QTableView, QWidget

POINTS = 100_000
ROWS = 100_000
COLUMNS = 6


class CountingModel(QAbstractTableModel):
    """``ROWS`` rows whose cells are computed from their position (no storage, no database)."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else ROWS

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return f"r{index.row()} c{index.column()}"
        return None


def build_bare_window() -> QMainWindow:
    """The bare window, built but not shown."""
    import numpy as np
    import pyqtgraph as pg

    window = QMainWindow()
    window.setObjectName("bareWindow")
    window.setWindowTitle("watchfloor bench: bare window")
    central = QLabel(window)
    central.setMaximumSize(0, 0)
    window.setCentralWidget(central)

    rng = np.random.default_rng(7)
    plot = pg.PlotWidget()
    plot.plot(np.arange(POINTS, dtype=float), np.cumsum(rng.standard_normal(POINTS)))
    table = QTableView()
    table.setModel(CountingModel(table))
    listing = QListWidget()
    listing.addItems([f"item {n}" for n in range(200)])
    widgets: list[tuple[str, QWidget, Qt.DockWidgetArea]] = [
        ("plot", plot, Qt.DockWidgetArea.LeftDockWidgetArea),
        ("list", listing, Qt.DockWidgetArea.LeftDockWidgetArea),
        ("table", table, Qt.DockWidgetArea.RightDockWidgetArea),
        ("label", QLabel("bare"), Qt.DockWidgetArea.RightDockWidgetArea),
    ]
    for name, widget, area in widgets:
        dock = QDockWidget(name, window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        window.addDockWidget(area, dock)
    window.resize(1600, 950)
    return window
