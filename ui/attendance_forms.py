"""Forms of the attendance exception queue: working one exception, and recording a punch by hand.

Both validate before they submit; the caller runs the write on the write worker.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.services.exception_queue import NOTE_LIMIT, REASONS, STATUSES
from console.views.attendance_exceptions import ExceptionRow
from ui.models.attendance_exceptions import kind_title, reason_title, severity_title, status_title

PUNCH_KINDS = ("clock_in", "clock_out", "break_start", "break_end")


def _qdt(moment: datetime, tz: Any) -> QDateTime:
    """A UTC moment as the floor's wall-clock time (what the supervisor reads and edits), zone-free: the
    editor shows exactly these digits whatever the workstation's own zone is."""
    local = moment.astimezone(tz)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def _utc(qdt: QDateTime, tz: Any) -> datetime:
    """The floor wall-clock time an editor holds, as a UTC moment."""
    d, t = qdt.date(), qdt.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class WorkedForm:
    reason_code: str | None
    contacted_at: datetime | None
    note: str | None
    status: str


class WorkExceptionDialog(QDialog):
    """Reason, when the agent was reached, a note and the status of one exception."""

    def __init__(self, row: ExceptionRow, tz: Any, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workExceptionDialog")
        self.row = row
        self.tz = tz
        self.setWindowTitle(self.tr("Attendance exception"))
        what = self.tr("{agent} ({employee}) · {kind} · {minutes} · {time}").format(
            agent=row.name,
            employee=row.employee_no,
            kind=kind_title(row.kind),
            minutes=self.tr("{0} min").format(row.minutes) if row.minutes is not None else "—",
            time=row.at.astimezone(tz).strftime("%d/%m %H:%M"),
        )
        head = QLabel(f"<b>{html.escape(what)}</b><br>{html.escape(severity_title(row.severity))}", self)
        head.setWordWrap(True)
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason")
        self.reason.addItem(self.tr("(no reason yet)"), None)
        for code in REASONS:
            self.reason.addItem(reason_title(code), code)
        self.reason.setCurrentIndex(max(0, self.reason.findData(row.reason_code)))
        self.contacted = QCheckBox(self.tr("Contacted at"), self)
        self.contacted.setObjectName("contacted")
        self.contacted_at = QDateTimeEdit(_qdt(row.contacted_at or now, tz), self)
        self.contacted_at.setObjectName("contactedAt")
        self.contacted_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.contacted_at.setMaximumDateTime(_qdt(now, tz))
        self.contacted.setChecked(row.contacted_at is not None)
        self.contacted_at.setEnabled(row.contacted_at is not None)
        self.contacted.toggled.connect(self.contacted_at.setEnabled)
        self.note = QPlainTextEdit(row.note or "", self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("What the agent said, what was agreed"))
        self.note.setMaximumHeight(90)
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for code in STATUSES:
            self.status.addItem(status_title(code), code)
        self.status.setCurrentIndex(max(0, self.status.findData(row.status)))
        self.hint = QLabel(self)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        when = QHBoxLayout()
        when.addWidget(self.contacted)
        when.addWidget(self.contacted_at, 1)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(when)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Status"), self.status)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        for signal in (self.reason.currentIndexChanged, self.status.currentIndexChanged):
            signal.connect(self._validate)
        self.note.textChanged.connect(self._validate)
        self._validate()
        self.resize(460, self.sizeHint().height())

    def problem(self) -> str:
        """Why the form cannot be saved as it is ("" when it can)."""
        if self.status.currentData() != "open" and self.reason.currentData() is None:
            return self.tr("Choose a reason to resolve or excuse this exception.")
        if len(self.note.toPlainText().strip()) > NOTE_LIMIT:
            return self.tr("The note is too long (at most {0} characters).").format(NOTE_LIMIT)
        return ""

    def _validate(self, *_: Any) -> None:
        problem = self.problem()
        self.hint.setText(problem)
        self.hint.setVisible(bool(problem))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problem)

    def value(self) -> WorkedForm:
        note = self.note.toPlainText().strip() or None
        return WorkedForm(
            self.reason.currentData(),
            _utc(self.contacted_at.dateTime(), self.tz) if self.contacted.isChecked() else None,
            note,
            self.status.currentData(),
        )


def punch_title(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    titles = {
        "clock_in": QCoreApplication.translate("RecordPunch", "Clock in"),
        "clock_out": QCoreApplication.translate("RecordPunch", "Clock out"),
        "break_start": QCoreApplication.translate("RecordPunch", "Break start"),
        "break_end": QCoreApplication.translate("RecordPunch", "Break end"),
    }
    return titles[kind]


@dataclass(frozen=True)
class PunchForm:
    kind: str
    at: datetime
    note: str | None


class RecordPunchDialog(QDialog):
    """A clock-in, clock-out or break edge the supervisor records for an agent (a forgotten badge)."""

    def __init__(
        self, agent: str, tz: Any, now: datetime, kind: str = "clock_in", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordPunchDialog")
        self.tz = tz
        self.setWindowTitle(self.tr("Record attendance for {0}").format(agent))
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for code in PUNCH_KINDS:
            self.kind.addItem(punch_title(code), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.at = QDateTimeEdit(_qdt(now, tz), self)
        self.at.setObjectName("at")
        self.at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at.setMaximumDateTime(_qdt(now, tz))
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("Optional, e.g. forgot badge, seen at the desk"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        head = QLabel(f"<b>{html.escape(agent)}</b>", self)
        form = QFormLayout(self)
        form.addRow(head)
        form.addRow(self.tr("What"), self.kind)
        form.addRow(self.tr("When (floor time)"), self.at)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def value(self) -> PunchForm:
        return PunchForm(
            self.kind.currentData(), _utc(self.at.dateTime(), self.tz), self.note.text().strip() or None
        )
