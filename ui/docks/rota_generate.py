"""The rota's "Generate…" dialog: period, then the solver on a worker (busy bar), then its fairness and the
coverage it could not meet, shown before anything is stored; Publish stores it on the write worker."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.rota.solver import Plan
from console.services import rota
from ui.context import ConsoleContext
from ui.models.rota import desk_title

TIME_LIMIT = 20.0


class GenerateDialog(QDialog):
    """Signals:
    generated(): a plan is shown (fairness and unmet coverage).
    published(dict): the plan was stored; the counts (added, changed, removed, kept).
    """

    generated = Signal()
    published = Signal(dict)

    def __init__(self, ctx: ConsoleContext, first: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: Plan | None = None
        self._stop = threading.Event()
        self.setWindowTitle(self.tr("Generate the rota"))
        self.start = QDateEdit(QDate(first.year, first.month, first.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 12)
        self.weeks.setValue(4)
        form = QFormLayout()
        form.addRow(self.tr("First day"), self.start)
        form.addRow(self.tr("Weeks"), self.weeks)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel(
            self.tr("The solver takes up to {0} s. Nothing is stored until you publish.").format(
                int(TIME_LIMIT)
            )
        )
        self.status.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the table aligns
        self.report.setMinimumSize(560, 260)
        self.run_button = QPushButton(self.tr("Generate"))
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.run_button.clicked.connect(self.run)
        self.publish_button.clicked.connect(self.publish)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)

    def reject(self) -> None:
        self._stop.set()  # a search still running stops at its next solution
        super().reject()

    def run(self) -> None:
        picked = self.start.date()
        first = date(picked.year(), picked.month(), picked.day())
        weeks = self.weeks.value()
        db, stop = self.ctx.db, self._stop
        self._busy(True, self.tr("Generating {0} weeks from {1}…").format(weeks, first.isoformat()))

        def work() -> Plan:
            return rota.generate(db, first, weeks, time_limit=TIME_LIMIT, stop=stop.is_set)

        self.ctx.runner.run(work, self._generated, self._failed)

    def _busy(self, on: bool, text: str) -> None:
        self.busy.setVisible(on)
        self.run_button.setEnabled(not on)
        self.publish_button.setEnabled(not on and self.plan is not None)
        self.status.setText(text)

    def _generated(self, plan: Any) -> None:
        self.plan = plan
        self._busy(
            False,
            self.tr("Solver: {0}, {1:.1f} s. Check the figures, then publish.").format(
                plan.status, plan.seconds
            ),
        )
        self.report.setPlainText(self.describe(plan))
        self.generated.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False, self.tr("Could not generate: {0}").format(exc))

    def describe(self, plan: Plan) -> str:
        lines = [
            self.tr("{0} – {1}: {2} shifts").format(
                plan.first.isoformat(), plan.last.isoformat(), len(plan.shifts)
            ),
            "",
            self.tr("Per agent (min / max / mean):"),
            self.tr("{0:<22} {1:>16} {2:>16} {3:>16}").format(
                self.tr("Desk"), self.tr("Shifts"), self.tr("Nights"), self.tr("Weekends")
            ),
        ]
        for name, figures in plan.summary().items():
            title = self.tr("Whole floor") if name == "all" else desk_title(name)
            cells = ["{} / {} / {}".format(*figures[k]) for k in ("shifts", "nights", "weekends")]
            lines.append(f"{title:<22} {cells[0]:>16} {cells[1]:>16} {cells[2]:>16}")
        lines.append("")
        if plan.unmet:
            lines.append(self.tr("Coverage it could not meet ({0}):").format(len(plan.unmet)))
            lines += [f"  {v.day.isoformat()}  {v.describe()}" for v in plan.unmet]
        else:
            lines.append(self.tr("Every requirement is covered."))
        return "\n".join(lines)

    def publish(self) -> None:
        if self.plan is None:
            return
        plan, db, actor = self.plan, self.ctx.db, self.ctx.actor
        self._busy(True, self.tr("Publishing…"))

        def done(counts: Any) -> None:
            self._busy(
                False,
                self.tr("Published: {0} added, {1} changed, {2} removed.").format(
                    counts["added"], counts["changed"], counts["removed"]
                ),
            )
            self.publish_button.setEnabled(False)
            self.published.emit(dict(counts))

        self.ctx.runner.write(lambda: rota.publish(db, actor, plan), done, self._failed)


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())
