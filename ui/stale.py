"""Offline is loud: while the live link is down every dock is greyed out under an "as of HH:MM:SS" band.

The band stays after the link is back until the dock has caught up (its next applied batch or reload), so
the screen never shows frozen data as if it were live. It sits at the top of the dock's content (pushing it
down, hiding nothing) and fades the rest; it needs nothing from the dock but its ``updated`` / ``loaded``
signals.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QDockWidget, QGraphicsOpacityEffect, QLabel, QWidget

CTX = "StaleCover"
CAUGHT_UP_MS = 2000  # back online and nothing to apply within this: nothing was missed, lift the band


class StaleCover(QObject):
    """Greys one dock's content and shows why, while its data may be out of date."""

    def __init__(self, dock: QDockWidget, tz: ZoneInfo, *, stagger_ms: int = 0) -> None:
        super().__init__(dock)
        # Lifting a band re-lays out and repaints its dock: the window's covers lift one after another,
        # not all in the same event-loop turn (that was one 75-130 ms stall after every outage).
        self.stagger_ms = stagger_ms
        self.dock = dock
        self.tz = tz
        body = dock.widget()
        layout = body.layout() if body is not None else None
        # In the content's own layout when it has one (pushes the content down); else laid over the top.
        self.band = QLabel(body if isinstance(layout, QBoxLayout) else dock)
        self.band.setObjectName("staleBand")
        self.band.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.band.setWordWrap(True)
        self.band.setStyleSheet(
            "QLabel#staleBand { background: #7f1d1d; color: white; font-weight: bold; padding: 4px; }"
        )
        self.band.hide()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self.band)
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
            self._lift.start(self.stagger_ms)

    def clear(self) -> None:
        self.stale = self._catching_up = False
        self._lift.stop()
        self.band.hide()
        for child in self._content():
            child.setGraphicsEffect(None)  # type: ignore[arg-type]

    def _content(self) -> list[QWidget]:
        """What the band fades: the dock's content beside the band."""
        body = self.dock.widget()
        if body is None:
            return []
        if self.band.parent() is not body:
            return [body]
        return [
            w
            for w in body.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w is not self.band
        ]

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
        for child in self._content():
            if child.graphicsEffect() is None:
                effect = QGraphicsOpacityEffect(child)
                effect.setOpacity(0.45)
                child.setGraphicsEffect(effect)
        if self.band.parent() is self.dock:  # no layout to sit in: lay it over the top of the content
            body = self.dock.widget()
            top = body.geometry().top() if body is not None else 0
            width = self.dock.width()
            self.band.setGeometry(0, top, width, self.band.heightForWidth(width) or 40)
        self.band.show()
        self.band.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.LanguageChange and self.band.isVisible():
            self.band.setText(self.text())
        return super().eventFilter(watched, event)
