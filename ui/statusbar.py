"""Status bar: which database (kind, host, online/offline), the floor clock and the running shift."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from console.auth import Actor
from console.db.engine import Database
from console.floortime import ShiftSlot
from ui.clock import FloorClock
from ui.hub import FeedStatus

CTX = "StatusBar"


def shift_title(code: str, fallback: str) -> str:
    names = {
        "M": QCoreApplication.translate("StatusBar", "Morning"),
        "E": QCoreApplication.translate("StatusBar", "Evening"),
        "N": QCoreApplication.translate("StatusBar", "Night"),
        "D12": QCoreApplication.translate("StatusBar", "Day (12 h)"),
        "N12": QCoreApplication.translate("StatusBar", "Night (12 h)"),
    }
    return names.get(code, fallback)


class FloorStatusBar(QStatusBar):
    def __init__(
        self, db: Database, clock: FloorClock, parent: QWidget | None = None, actor: Actor | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.clock = clock
        self.online = True
        self.reason = ""
        self.as_of: datetime | None = None
        self.damaged = ""  # why the database file cannot be trusted (its integrity check failed), or ""
        self.db_label = QLabel(self)
        self.db_label.setObjectName("dbStatus")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("floorClock")
        self.shift_label = QLabel(self)
        self.shift_label.setObjectName("shiftStatus")
        self.user_label = QLabel(self)
        self.user_label.setObjectName("signedIn")
        self.addPermanentWidget(self.user_label)
        self.addPermanentWidget(self.db_label)
        self.addPermanentWidget(self.shift_label)
        self.addPermanentWidget(self.clock_label)
        clock.ticked.connect(self.refresh_clock)
        clock.shiftChanged.connect(lambda _slot: self.refresh_shift())
        self.retranslate()

    def retranslate(self) -> None:
        self.refresh_user()
        self.refresh_db()
        self.refresh_clock()
        self.refresh_shift()

    def set_status(self, status: FeedStatus) -> None:
        """Online only while the follower is alive and current; offline says why and since when."""
        self.online = status.online
        self.reason = status.reason
        self.as_of = status.as_of
        self.refresh_db()

    def set_damaged(self, reason: str) -> None:
        """The database file failed its integrity check: red for good, with the reason beside the state."""
        self.damaged = reason
        self.refresh_db()
        self.showMessage(reason)

    @property
    def read_only(self) -> bool:
        return bool(self.db.read_only_reason)

    def refresh_db(self) -> None:
        url = self.db.url
        if self.db.is_sqlite:
            where = QCoreApplication.translate("StatusBar", "SQLite (this workstation)")
        else:
            where = f"PostgreSQL {url.host or 'localhost'}:{url.port or 5432}/{url.database}"
        if self.damaged:
            state = QCoreApplication.translate("StatusBar", "DAMAGED")
        elif self.online:
            state = QCoreApplication.translate("StatusBar", "online")
        else:
            state = QCoreApplication.translate("StatusBar", "OFFLINE")
        text = f"{where} · {state}"
        if not self.online and self.as_of is not None:
            text += " · " + QCoreApplication.translate("StatusBar", "as of {0}").format(
                self.as_of.astimezone(self.clock.tz).strftime("%H:%M:%S")
            )
        if self.read_only:
            text += " · " + QCoreApplication.translate("StatusBar", "read-only")
        self.db_label.setText(text)
        tip = [self.db.describe()]
        if self.db.read_only_reason:
            tip.append(self.db.read_only_reason)
        if not self.online and self.reason and self.reason != self.db.read_only_reason:
            tip.append(self.reason)
        self.db_label.setToolTip("\n".join(tip))
        red = self.damaged or not self.online
        self.db_label.setStyleSheet("color: white; background: #dc2626; padding: 0 6px;" if red else "")

    def refresh_user(self) -> None:
        """Who is signed in and with which role (read from the floor's users table at start)."""
        if self.actor is None:
            self.user_label.setText("")
            return
        self.user_label.setText(
            QCoreApplication.translate("StatusBar", "{0} · {1}").format(
                self.actor.username, self.actor.role_title
            )
        )
        self.user_label.setToolTip(
            QCoreApplication.translate("StatusBar", "Signed in as {0} ({1}) on workstation {2}").format(
                self.actor.username, self.actor.role_title, self.actor.host
            )
        )

    def refresh_clock(self) -> None:
        # Floor time in the floor's own zone; the display zone beside it when the setting differs.
        self.clock_label.setText(self.clock.status_text())
        self.clock_label.setToolTip(self.clock.zone_note())

    def refresh_shift(self) -> None:
        slot: ShiftSlot | None = self.clock.shift
        if slot is None:
            self.shift_label.setText(QCoreApplication.translate("StatusBar", "No shift running"))
            return
        start = slot.starts_at.astimezone(self.clock.tz)
        end = slot.ends_at.astimezone(self.clock.tz)
        self.shift_label.setText(
            QCoreApplication.translate("StatusBar", "{0} shift {1:%Y-%m-%d} {2:%H:%M}–{3:%H:%M}").format(
                shift_title(slot.pattern.code, slot.pattern.name), slot.shift_date, start, end
            )
        )
