"""Offline is loud: while the live link is down every dock is greyed out under an "as of HH:MM:SS" band.

The band stays after the link is back until the dock has caught up (its next applied batch or reload), so
the screen never shows frozen data as if it were live. Band and veil are laid over the dock's content (its
top lines, the summary, are under the band while they are stale anyway); the dock needs to give nothing but
its ``updated`` / ``loaded`` signals.

Both are overlays, so nothing is laid out again when they come and go. The first version put the band in
the content's layout and faded the content with a ``QGraphicsOpacityEffect``: each change of the band
resized the content (the charts then regenerate every axis) and the effect rendered the dock to an
off-screen pixmap on every repaint; after an outage that made 90-110 ms stalls.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QWidget

CTX = "StaleCover"
CAUGHT_UP_MS = 2000  # back online and nothing to apply within this: nothing was missed, lift the band
VEIL = QColor(255, 255, 255, 140)  # over the content: about what 45 % opacity looked like


class Veil(QWidget):
    """A translucent sheet over a dock's content; clicks go through to the content below."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("staleVeil")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(event.rect(), VEIL)


class StaleCover(QObject):
    """Greys one dock's content and shows why, while its data may be out of date."""

    def __init__(self, dock: QDockWidget, tz: ZoneInfo, *, stagger_ms: int = 0) -> None:
        super().__init__(dock)
        # Lifting a cover repaints its whole dock: the window's covers lift one after another, not all in
        # the same event-loop turn (that was one 75-130 ms stall after every outage).
        self.stagger_ms = stagger_ms
        self.dock = dock
        self.tz = tz
        over = dock.widget() or dock  # what the band and the veil lie over
        self.veil = Veil(over)
        self.veil.hide()
        self.band = QLabel(over)
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
        self._damaged = False
        self._catching_up = False
        self._lift = QTimer(self)
        self._lift.setSingleShot(True)
        self._lift.timeout.connect(self.clear)
        for name in ("updated", "loaded"):
            signal = getattr(dock, name, None)
            if signal is not None:
                signal.connect(self._caught_up)
        dock.installEventFilter(self)
        if over is not dock:
            over.installEventFilter(self)  # band and veil follow its size

    def offline(self, as_of: datetime | None, reason: str, *, damaged: bool = False) -> None:
        """Veil the dock under "OFFLINE · data as of" (or "DAMAGED", for good) and the reason."""
        self.stale, self._catching_up = True, False
        self._damaged = damaged
        self._as_of, self._reason = as_of, reason
        self._lift.stop()
        self._show()

    def online(self) -> None:
        """The link is back: keep the band ("catching up") until the dock applies what it missed."""
        if not self.stale:
            return
        self._catching_up = True
        self._lift.start(CAUGHT_UP_MS)
        # The band's new text repaints what it covers: one dock per turn of the event loop, as the lift.
        QTimer.singleShot(self.stagger_ms, self, self._show_if_stale)

    def _show_if_stale(self) -> None:
        if self.stale:
            self._show()

    def _caught_up(self) -> None:
        if self._catching_up:
            self._lift.start(self.stagger_ms)

    def clear(self) -> None:
        self.stale = self._catching_up = False
        self._lift.stop()
        self.band.hide()
        self.veil.hide()

    @property
    def faded(self) -> bool:
        """Whether the content is veiled now."""
        parent = self.veil.parentWidget()
        return parent is not None and self.veil.isVisibleTo(parent)

    def _place(self) -> None:
        """The band across the top of the content, the veil over all of it (each moved only when its place
        changed: a move repaints everything under it)."""
        parent = self.veil.parentWidget()
        if parent is None:
            return
        width = parent.width()
        band = QRect(0, 0, width, self.band.heightForWidth(width) or self.band.sizeHint().height())
        veil = QRect(0, 0, width, parent.height())
        if self.band.geometry() != band:
            self.band.setGeometry(band)
        if self.veil.geometry() != veil:
            self.veil.setGeometry(veil)

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
        if self._damaged:
            text = QCoreApplication.translate("StaleCover", "DAMAGED · data as of {0}").format(when)
        else:
            text = QCoreApplication.translate("StaleCover", "OFFLINE · data as of {0}").format(when)
        return f"{text}\n{self._reason}" if self._reason else text

    def _show(self) -> None:
        self.band.setText(self.text())
        self._place()
        self.veil.show()
        self.band.show()
        self.veil.raise_()
        self.band.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.LanguageChange and self.band.isVisible():
            self.band.setText(self.text())
        if event.type() == QEvent.Type.Resize and self.veil.isVisible():
            self._place()
        return super().eventFilter(watched, event)
