"""The floor's attendance exception policy: one row per kind (on, minutes, severity, the cap of one break).

The policy is read on the task pool and saved on the write worker: only the kinds that changed, each through
:func:`console.services.exceptions.set_policy` (audited before → after), all of them checked before any is
written. Roles that may not change the policy (team leads, analysts, viewers, the wall) see it read-only,
with a line saying why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.auth import Actor, Perm
from console.db.engine import Database
from console.errors import InvalidInput
from console.i18n import QT_TRANSLATE_NOOP
from console.services.exceptions import (
    BREAK_OVERRUN,
    KIND_RULES,
    KINDS,
    SEVERITIES,
    Policy,
    Rule,
    load_policy,
    set_policy,
)
from ui.context import ConsoleContext
from ui.models.attendance_exceptions import kind_title, severity_title

MAX_MINUTES = 24 * 60  # what set_policy accepts

# What a kind's minutes mean, short (the spin box's tooltip; the full rule shows beside the row).
MINUTES_HINTS = {
    "late": QT_TRANSLATE_NOOP("PolicyDialog", "late after a grace of"),
    "no_show": QT_TRANSLATE_NOOP("PolicyDialog", "a no-show when not in after"),
    "early_leave": QT_TRANSLATE_NOOP("PolicyDialog", "early when out more than this before the end"),
    "missed_punch": QT_TRANSLATE_NOOP("PolicyDialog", "a missed clock-out this long after the end"),
    "unscheduled_absence": QT_TRANSLATE_NOOP("PolicyDialog", "absent when not in this long after the end"),
    "break_overrun": QT_TRANSLATE_NOOP("PolicyDialog", "breaks over the allowance by more than"),
    "overtime": QT_TRANSLATE_NOOP("PolicyDialog", "overtime when out more than this after the end"),
}


def _kind_list(kinds: list[str]) -> str:
    return ", ".join(kind_title(k) for k in kinds)


class PolicyNotSaved(Exception):
    """A write failed part-way: ``failed`` was not saved (``cause``), the kinds in ``saved`` were."""

    def __init__(self, failed: str, saved: list[str], cause: BaseException) -> None:
        super().__init__(str(cause))
        self.failed, self.saved, self.cause = failed, saved, cause

    def __str__(self) -> str:
        text = QCoreApplication.translate("PolicyDialog", "{0} was not saved: {1}").format(
            kind_title(self.failed), self.cause
        )
        if self.saved:
            text += " " + QCoreApplication.translate("PolicyDialog", "Saved: {0}.").format(
                _kind_list(self.saved)
            )
        return text


def check_changes(changes: dict[str, Rule]) -> None:
    """Refuse the whole set (translated) if any rule is one set_policy would refuse: nothing is written."""
    for kind, rule in changes.items():
        if kind not in KINDS:
            raise InvalidInput(detail=kind)
        title = kind_title(kind)
        if rule.severity not in SEVERITIES:
            raise InvalidInput(
                detail=QCoreApplication.translate("PolicyDialog", "{0}: no severity {1}").format(
                    title, rule.severity
                )
            )
        values = [rule.minutes] + ([rule.cap] if kind == BREAK_OVERRUN and rule.cap is not None else [])
        for value in values:
            if not 0 <= value <= MAX_MINUTES:
                raise InvalidInput(
                    detail=QCoreApplication.translate(
                        "PolicyDialog", "{0}: {1} min is outside 0 to {2} min"
                    ).format(title, value, MAX_MINUTES)
                )


def save_changes(db: Database, actor: Actor, changes: dict[str, Rule]) -> list[str]:
    """Check every changed rule, then write each (one audited change per kind). Returns the kinds saved."""
    check_changes(changes)
    saved: list[str] = []
    for kind, rule in changes.items():
        try:
            set_policy(
                db,
                actor,
                kind,
                minutes=rule.minutes,
                severity=rule.severity,
                enabled=rule.enabled,
                cap=rule.cap if kind == BREAK_OVERRUN else None,
            )
        except BaseException as exc:  # noqa: BLE001 - said with what was saved before it
            if not saved:
                raise
            raise PolicyNotSaved(kind, saved, exc) from exc
        saved.append(kind)
    return saved


class _KindRow:
    """The widgets of one kind's rule."""

    def __init__(self, kind: str, parent: QWidget) -> None:
        self.kind = kind
        self.title = QLabel(parent)
        self.on = QCheckBox(parent)
        self.on.setObjectName(f"on_{kind}")
        self.minutes = QSpinBox(parent)
        self.minutes.setObjectName(f"minutes_{kind}")
        self.minutes.setRange(0, MAX_MINUTES)
        self.severity = QComboBox(parent)
        self.severity.setObjectName(f"severity_{kind}")
        for severity in SEVERITIES:
            self.severity.addItem("", severity)
        self.cap: QSpinBox | None = None
        if kind == BREAK_OVERRUN:
            self.cap = QSpinBox(parent)
            self.cap.setObjectName(f"cap_{kind}")
            self.cap.setRange(0, MAX_MINUTES)
        self.rule = QLabel(parent)  # the rule in words, following the values
        self.rule.setObjectName(f"rule_{kind}")
        self.rule.setWordWrap(True)

    def fields(self) -> list[QWidget]:
        return [w for w in (self.on, self.minutes, self.severity, self.cap) if w is not None]

    def fill(self, rule: Rule) -> None:
        self.on.setChecked(rule.enabled)
        self.minutes.setValue(rule.minutes)
        self.severity.setCurrentIndex(max(0, self.severity.findData(rule.severity)))
        if self.cap is not None:
            self.cap.setValue(rule.cap or 0)

    def value(self) -> Rule:
        return Rule(
            self.minutes.value(),
            str(self.severity.currentData()),
            self.on.isChecked(),
            self.cap.value() if self.cap is not None else None,
        )

    def retranslate(self) -> None:
        self.title.setText(kind_title(self.kind))
        self.on.setToolTip(QCoreApplication.translate("PolicyDialog", "Find this exception"))
        suffix = QCoreApplication.translate("PolicyDialog", " min")
        hint = QCoreApplication.translate("PolicyDialog", MINUTES_HINTS[self.kind])
        self.minutes.setSuffix(suffix)
        self.minutes.setToolTip(hint)
        for i in range(self.severity.count()):
            self.severity.setItemText(i, severity_title(str(self.severity.itemData(i))))
        if self.cap is not None:
            self.cap.setSuffix(suffix)
            self.cap.setToolTip(QCoreApplication.translate("PolicyDialog", "the longest one break may be"))
        self.show_rule()

    def show_rule(self) -> None:
        rule = self.value()
        if not rule.enabled:
            self.rule.setText(QCoreApplication.translate("PolicyDialog", "off: not looked for"))
        else:
            what = QCoreApplication.translate("ExceptionKind", KIND_RULES[self.kind])
            self.rule.setText(what.format(minutes=rule.minutes, cap=rule.cap))

    def mark(self, changed: bool) -> None:
        """A changed kind's title in bold, until saved or reverted."""
        font = self.title.font()
        font.setBold(changed)
        self.title.setFont(font)


class PolicyDialog(QDialog):
    """Read and change the floor's attendance exception rules."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.ctx = ctx
        self.stored: Policy | None = None  # the policy as last read
        self.last_message = ""
        reason = ctx.db.read_only_reason
        self.may_write = ctx.actor.can(Perm.SET_ATTENDANCE_POLICY) and not reason and not ctx.wall
        self._read_only_reason = reason

        self.intro = QLabel(self)
        self.intro.setObjectName("policyIntro")
        self.intro.setWordWrap(True)
        self.headers = [QLabel(self) for _ in range(6)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        for col, header in enumerate(self.headers):
            header.setStyleSheet("font-weight: bold")
            grid.addWidget(header, 0, col)
        self.rows: dict[str, _KindRow] = {}
        for r, kind in enumerate(KINDS, start=1):
            row = _KindRow(kind, self)
            self.rows[kind] = row
            grid.addWidget(row.title, r, 0)
            grid.addWidget(row.on, r, 1, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(row.minutes, r, 2)
            grid.addWidget(row.severity, r, 3)
            if row.cap is not None:
                grid.addWidget(row.cap, r, 4)
            grid.addWidget(row.rule, r, 5)
            row.on.toggled.connect(self._changed)
            row.minutes.valueChanged.connect(self._changed)
            row.severity.currentIndexChanged.connect(self._changed)
            if row.cap is not None:
                row.cap.valueChanged.connect(self._changed)
        grid.setColumnStretch(5, 1)
        grid.setColumnMinimumWidth(5, 260)

        self.note = QLabel(self)  # read-only: why
        self.note.setObjectName("policyReadOnly")
        self.note.setWordWrap(True)
        self.message = QLabel(self)  # saved / refused
        self.message.setObjectName("policyMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("savePolicy")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(self)
        self.revert_button.setObjectName("revertPolicy")
        self.revert_button.clicked.connect(self._revert)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closePolicy")
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

        for row in self.rows.values():
            for field in row.fields():
                field.setEnabled(False)  # until the stored policy is read
        self.save_button.setVisible(self.may_write)
        self.revert_button.setVisible(self.may_write)
        self.note.setVisible(not self.may_write)
        self.retranslate()
        self._fit_screen()
        self.load()

    def _fit_screen(self) -> None:
        """Wide enough for each rule on one line, never wider than the screen (1366 × 768 laptops)."""
        width = max(self.sizeHint().width(), 960)
        screen = self.screen()
        if screen is not None:
            width = min(width, screen.availableGeometry().width() - 40)
        self.resize(width, self.sizeHint().height())

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Attendance exception policy"))
        self.intro.setText(
            self.tr(
                "What the floor counts as an attendance exception, and how serious each is. "
                "Boundaries are strict: with a 5 min grace, 5 min 00 s late is on time."
            )
        )
        titles = (
            self.tr("Exception"),
            self.tr("On"),
            self.tr("Minutes"),
            self.tr("Severity"),
            self.tr("One break"),
            self.tr("Rule"),
        )
        for header, title in zip(self.headers, titles, strict=True):
            header.setText(title)
        for row in self.rows.values():
            row.retranslate()
        actor = self.ctx.actor
        if self._read_only_reason:
            self.note.setText(self.tr("Read-only: {0}").format(self._read_only_reason))
        else:
            self.note.setText(
                self.tr(
                    "Read-only: {0} ({1}) may not change the attendance exception policy; "
                    "supervisors and admins do."
                ).format(actor.username, actor.role_title)
            )
        self.save_button.setText(self.tr("Save"))
        self.revert_button.setText(self.tr("Revert"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reading --------------------------------------------------------------------------------------
    def load(self) -> None:
        db = self.ctx.db

        def work() -> Policy:
            with db.reading() as s:
                return load_policy(s)

        self.ctx.runner.run(work, self._show, self._failed)

    def _show(self, policy: Policy) -> None:
        self.stored = policy
        for kind, row in self.rows.items():
            for field in row.fields():
                field.blockSignals(True)
            row.fill(policy.rule(kind))
            for field in row.fields():
                field.blockSignals(False)
                field.setEnabled(self.may_write)
            row.show_rule()
        self._changed()

    def _failed(self, exc: BaseException) -> None:
        self._say(str(exc), error=True)
        self._changed()

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828" if error else "")
        self.message.setVisible(bool(text))

    # -- editing --------------------------------------------------------------------------------------
    def changes(self) -> dict[str, Rule]:
        """The kinds whose rule differs from the stored one, with their new rule."""
        if self.stored is None:
            return {}
        return {kind: row.value() for kind, row in self.rows.items() if row.value() != self.stored.rule(kind)}

    def _changed(self, *_: Any) -> None:
        changes = self.changes()
        for kind, row in self.rows.items():
            row.show_rule()
            row.mark(kind in changes)
        pending = bool(changes)
        self.save_button.setEnabled(self.may_write and pending)
        self.revert_button.setEnabled(self.may_write and pending)

    def _revert(self) -> None:
        if self.stored is not None:
            self._show(self.stored)
        self._say("", error=False)

    def save(self) -> None:
        changes = self.changes()
        if not self.may_write or not changes:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.save_button.setEnabled(False)

        def done(saved: list[str]) -> None:
            self._say(self.tr("Saved: {0}.").format(_kind_list(saved)), error=False)
            self.load()

        def failed(exc: BaseException) -> None:
            self._say(str(exc), error=True)
            if isinstance(exc, PolicyNotSaved) and self.stored is not None:
                for kind in exc.saved:  # stored now; the edits not saved stay in the form
                    self.stored = self.stored.with_rule(kind, changes[kind])
            self._changed()

        self.ctx.runner.write(lambda: save_changes(db, actor, changes), done, failed)
