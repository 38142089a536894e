"""Offline is loud: while the live link is down every dock is greyed out under an "as of HH:MM:SS" band.

The band stays after the link is back until the dock has caught up (its next applied batch or reload), so
the screen never shows frozen data as if it were live. It sits at the top of the dock's content (pushing it
down, hiding nothing) and a translucent veil fades the rest; it needs nothing from the dock but its
``updated`` / ``loaded`` signals.

The veil is a widget painted over the content, not a ``QGraphicsOpacityEffect``: an effect renders its
widget to an off-screen pixmap on every repaint, and the catch-up after an outage repaints every dock while
it is greyed (a table 13-24 ms, the charts 14-26 ms through the effect, all in one event).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QDockWidget, QLabel, QWidget

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
        self.veil = Veil(self.band.parentWidget() or dock)
        self.veil.hide()
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
        for watched in {self.veil.parentWidget(), self.band}:  # the veil follows their size and place
            if watched is not None and watched is not dock:
                watched.installEventFilter(self)

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
        self._lift.start(CAUGHT_UP_MS)
        # The band's new text re-lays out its dock: one dock per turn of the event loop, as for the lift.
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

    def _place_veil(self) -> None:
        """Over everything in the band's parent below the band (the whole content when the band floats)."""
        parent = self.veil.parentWidget()
        if parent is None:
            return
        top = self.band.geometry().bottom() + 1 if self.band.isVisibleTo(parent) else 0
        target = QRect(0, top, parent.width(), max(0, parent.height() - top))
        if self.veil.geometry() != target:  # unchanged, it is left alone: a move repaints all under it
            self.veil.setGeometry(target)

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
        if self.band.parent() is self.dock:  # no layout to sit in: lay it over the top of the content
            body = self.dock.widget()
            top = body.geometry().top() if body is not None else 0
            width = self.dock.width()
            self.band.setGeometry(0, top, width, self.band.heightForWidth(width) or 40)
        self.band.show()
        parent = self.band.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is not None:
            layout.activate()  # the band's place is known now, so the veil starts below it
        self._place_veil()
        self.veil.show()
        self.veil.raise_()
        self.band.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dock and event.type() == QEvent.Type.LanguageChange and self.band.isVisible():
            self.band.setText(self.text())
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and self.veil.isVisible():
            QTimer.singleShot(0, self, self._place_veil)
        return super().eventFilter(watched, event)
