"""Alerts that reach the supervisor: a tray message, a sound, and (on the wall) a full-width banner.

The rules are Qt-free (:mod:`console.alerts`); the incidents dock feeds them and highlights what needs
attention. Here the alerts leave the window: a system-tray message where a tray exists, a sound for the
severities the ``alert_sound`` setting chooses (off, P1 only, P1 and P2), and the :attr:`AlertCenter.alerted`
signal the window shows (the wall screen as a banner).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from console.alerts import Alert
from console.settings import Settings
from ui.resources import app_icon

log = logging.getLogger(__name__)
SOUND_FOR = {"off": (), "p1": (1,), "p1_p2": (1, 2)}


class AlertCenter(QObject):
    """Signals:
    alerted(list): alerts to show, most urgent first (list of :class:`console.alerts.Alert`).
    """

    alerted = Signal(list)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tray: QSystemTrayIcon | None = None
        self.sounded = 0  # sounds made (for tests; a beep cannot be heard offscreen)
        self.history: list[Alert] = []

    def _tray(self) -> QSystemTrayIcon | None:
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(app_icon(), self)
            self.tray.setToolTip(QCoreApplication.translate("Alerts", "Watchfloor"))
            self.tray.show()
        return self.tray

    def notify(self, alerts: list[Alert]) -> None:
        if not alerts:
            return
        self.history.extend(alerts)
        lines = [a.message(QCoreApplication.translate) for a in alerts]
        log.info("alerts: %s", "; ".join(lines))
        tray = self._tray()
        if tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Critical
                if alerts[0].severity == 1 or alerts[0].kind == "sla_breached"
                else QSystemTrayIcon.MessageIcon.Warning
            )
            tray.showMessage(
                QCoreApplication.translate("Alerts", "Watchfloor"), "\n".join(lines[:5]), icon, 15_000
            )
        if any(a.severity in SOUND_FOR.get(self.settings.alert_sound, ()) for a in alerts):
            QApplication.beep()
            self.sounded += 1
        self.alerted.emit(alerts)
