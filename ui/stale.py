"""Offline is loud: while the live link is down every dock is greyed out under an "as of HH:MM:SS" band.

The band stays after the link is back until the dock has caught up (its next applied batch or reload), so
the screen never shows frozen data as if it were live. It is laid over the dock's content, so it needs
nothing from the dock but its ``updated`` / ``loaded`` signals.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QGraphicsOpacityEffect, QLabel

CTX = "StaleCover"
CAUGHT_UP_MS = 2000  # back online and nothing to apply within this: nothing was missed, lift the band


class StaleCover(QObject):
    """Greys one dock's content and shows why, while its data may be out of date."""

    def __init__(self, dock: QDockWidget, tz: ZoneInfo) -> None:
        super().__init__(dock)
        self.dock = dock
        self.tz = tz
        self.band = QLabel(dock)
        self.band.setObjectName("staleBand")
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band.setWordWrap(True)
        self.band.setStyleSheet(
            "QLabel#staleBand { background: #7f1d1d; color: white; font-weight: bold; padding: 4px; }"
        )
        self.band.hide()
        self.stale = False
        self._as_of: datetime | None = None
        self._reason = ""
        self._catching_up = False
        self._lift = QTimer(self)
        self._lift.setSingleShot(True)
        self._lift.timeout.connect(self.clear)
        for name in ("updated", "loaded"):
            signal = getattr(dock, name, None)
            if signal is not None:
                signal.connect(self._caught_up)
        dock.installEventFilter(self)

    def offline(self, as_of: datetime | None, reason: str) -> None:
        self.stale, self._catching_up = True, False
        self._as_of, self._reason = as_of, reason
        self._lift.stop()
        self._show()

    def online(self) -> None:
        """The link is back: keep the band ("catching up") until the dock applies what it missed."""
        if not self.stale:
            return
        self._catching_up = True
        self._show()
        self._lift.start(CAUGHT_UP_MS)

    def _caught_up(self) -> None:
        if self._catching_up:
            self.clear()

    def clear(self) -> None:
        self.stale = self._catching_up = False
        self._lift.stop()
        self.band.hide()
        widget = self.dock.widget()
        if widget is not None:
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]

    def text(self) -> str:
        when = (
            self._as_of.astimezone(self.tz).strftime("%H:%M:%S")
            if self._as_of is not None
            else QCoreApplication.translate("StaleCover", "start-up")
        )
        if self._catching_up:
            return QCoreApplication.translate(
                "StaleCover", "Back online, catching up · data as of {0}"
            ).format(when)
        text = QCoreApplication.translate("StaleCover", "OFFLINE · data as of {0}").format(when)
        return f"{text}\n{self._reason}" if self._reason else text

    def _show(self) -> None:
        self.band.setText(self.text())
        widget = self.dock.widget()
        if widget is not None and widget.graphicsEffect() is None:
            effect = QGraphicsOpacityEffect(widget)
            effect.setOpacity(0.45)
            widget.setGraphicsEffect(effect)
        self._place()
        self.band.show()
        self.band.raise_()

    def _place(self) -> None:
        widget = self.dock.widget()
        top = widget.geometry().top() if widget is not None else 0
        self.band.setGeometry(0, top, self.dock.width(), self.band.heightForWidth(self.dock.width()) or 40)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.Resize and self.band.isVisible():
            self._place()
        if watched is self.dock and event.type() == QEvent.Type.LanguageChange and self.band.isVisible():
            self.band.setText(self.text())
        return super().eventFilter(watched, event)
