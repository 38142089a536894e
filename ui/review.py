"""The post-incident review dialog (事件复盘): the review form, its action items, the timeline with the floor
at each moment, and the document it makes (shown, and exported as Markdown or PDF).

Reads through :func:`console.views.review.read_review` on a worker; every change is a service call of
:mod:`console.services.reviews` on the write worker. The form is validated (:func:`reviews.validate`, the
service's own check) before it is sent; a refusal (someone saved first, naming who; a deferral without a
reason; offline) is shown in the dialog in the service's words and the review is read again. Roles that may
not write reviews (viewers, analysts, the wall screen) see it read-only.

Signals:
    changed(): a change was written (the detail pane reads the incident again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.errors import WatchfloorError
from console.services import reviews
from console.services.reviews import ROOT_CAUSES, ReviewForm
from console.views.review import ActionRow, ReviewData, read_review
from console.views.review_report import review_markdown
from ui import i18n
from ui.context import ConsoleContext
from ui.documents import write_markdown, write_pdf
from ui.models.review import MOMENT_COLUMNS, ActionIdRole, ActionItemsModel, FloorMomentsModel

log = logging.getLogger(__name__)
CURRENCIES = ("USD", "MYR", "SGD", "HKD", "CNY", "EUR", "GBP", "AUD")


class ReviewDialog(QDialog):
    changed = Signal()

    def __init__(self, ctx: ConsoleContext, incident_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.ctx = ctx
        self.incident_id = incident_id
        self.data: ReviewData | None = None
        self.last_message = ""
        self.may_write = ctx.actor.can(Perm.REVIEW_INCIDENT) and not ctx.db.read_only_reason
        self.resize(940, 680)

        self.heading = QLabel(self)
        self.heading.setObjectName("reviewHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel(self)
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._form_page(), "")
        self.tabs.addTab(self._actions_page(), "")
        self.tabs.addTab(self._timeline_page(), "")
        self.document = QTextBrowser(self)
        self.document.setObjectName("reviewDocument")
        self.document.setOpenLinks(False)
        self.tabs.addTab(self.document, "")

        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveReview")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.export_md_button = QPushButton(self)
        self.export_md_button.clicked.connect(lambda: self.export_markdown())
        self.export_pdf_button = QPushButton(self)
        self.export_pdf_button.clicked.connect(lambda: self.export_pdf())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_md_button)
        buttons.addWidget(self.export_pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._set_editable()
        self.retranslate()
        self.reload()

    # -- pages ----------------------------------------------------------------------------------------
    def _form_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.summary = QPlainTextEdit(page)
        self.summary.setObjectName("summary")
        self.impact = QPlainTextEdit(page)
        self.factors = QPlainTextEdit(page)
        for box in (self.summary, self.impact, self.factors):
            box.setTabChangesFocus(True)
            box.setMinimumHeight(64)
        self.accounts = QLineEdit(page)
        self.at_risk = QLineEdit(page)
        self.lost = QLineEdit(page)
        self.currency = QComboBox(page)
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.root_cause = QComboBox(page)
        self.share = QCheckBox(page)
        amounts = QHBoxLayout()
        amounts.setContentsMargins(0, 0, 0, 0)
        self.at_risk_label, self.lost_label = QLabel(page), QLabel(page)
        for label, edit in ((self.at_risk_label, self.at_risk), (self.lost_label, self.lost)):
            amounts.addWidget(label)
            amounts.addWidget(edit, 1)
        amounts.addWidget(self.currency)
        self.labels = [QLabel(page) for _ in range(7)]
        form.addRow(self.labels[0], self.summary)
        form.addRow(self.labels[1], self.impact)
        form.addRow(self.labels[2], self.accounts)
        form.addRow(self.labels[3], amounts)
        form.addRow(self.labels[4], self.root_cause)
        form.addRow(self.labels[5], self.factors)
        form.addRow(self.labels[6], self.share)
        return page

    def _actions_page(self) -> QWidget:
        page = QWidget(self)
        self.actions_model = ActionItemsModel(self)
        self.actions_view = QTableView(page)
        self.actions_view.setModel(self.actions_model)
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.actions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_view.verticalHeader().hide()
        head = self.actions_view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(page)
        self.add_button.clicked.connect(lambda: self.add_action())
        self.done_button = QPushButton(page)
        self.done_button.clicked.connect(lambda: self.complete_action())
        self.defer_button = QPushButton(page)
        self.defer_button.clicked.connect(lambda: self.defer_action())
        self.reopen_button = QPushButton(page)
        self.reopen_button.clicked.connect(lambda: self.reopen_action())
        bar = QHBoxLayout()
        for button in (self.add_button, self.done_button, self.defer_button, self.reopen_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.actions_view, 1)
        layout.addLayout(bar)
        return page

    def _timeline_page(self) -> QWidget:
        self.moments = FloorMomentsModel(self.ctx.clock.tz, self)
        view = QTableView(self)
        view.setModel(self.moments)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        head = view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The event's words and the names on the floor are long: fixed widths, elided, whole in the tooltip,
        # so the open incidents and the indicator's value stay in sight.
        metrics = view.fontMetrics()
        for col, sample in (
            ("event", "Acknowledged: Claimed; holding affected"),
            ("on_floor", "Aisyah O., Amirul I., Azl"),
        ):
            section = MOMENT_COLUMNS.index(col)
            head.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            head.resizeSection(section, metrics.horizontalAdvance(sample))
        head.setStretchLastSection(True)
        self.moments_view = view
        return view

    def _set_editable(self) -> None:
        """Viewers and analysts read; reviewers write."""
        ro = not self.may_write
        for box in (self.summary, self.impact, self.factors):
            box.setReadOnly(ro)
        for edit in (self.accounts, self.at_risk, self.lost):
            edit.setReadOnly(ro)
        for widget in (self.currency, self.root_cause, self.share):
            widget.setEnabled(not ro)
        for button in (self.save_button, *self.action_buttons()):
            button.setVisible(not ro)

    def action_buttons(self) -> tuple[QPushButton, ...]:
        return (self.add_button, self.done_button, self.defer_button, self.reopen_button)

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for i, text in enumerate((self.tr("Review"), self.tr("Action items"), self.tr("Timeline and floor"))):
            self.tabs.setTabText(i, text)
        self.tabs.setTabText(3, self.tr("Document"))
        texts = (
            self.tr("Summary"),
            self.tr("Impact"),
            self.tr("Accounts affected"),
            self.tr("Amounts"),
            self.tr("Root cause"),
            self.tr("Contributing factors"),
            self.tr("Case sharing"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.at_risk_label.setText(self.tr("at risk"))
        self.lost_label.setText(self.tr("lost"))
        self.at_risk.setPlaceholderText(self.tr("e.g. 12,500.50"))
        self.lost.setPlaceholderText(self.tr("e.g. 0.00"))
        self.accounts.setPlaceholderText(self.tr("e.g. 40"))
        self.summary.setPlaceholderText(self.tr("What happened, in two or three sentences"))
        self.impact.setPlaceholderText(self.tr("Who and what was affected, and for how long"))
        self.factors.setPlaceholderText(self.tr("What made it worse or slower to catch"))
        self.share.setText(self.tr("Share as a case for training"))
        current = self.root_cause.currentData()
        self.root_cause.clear()
        self.root_cause.addItem(self.tr("(not yet named)"), None)
        for code, title in ROOT_CAUSES.items():
            self.root_cause.addItem(QCoreApplication.translate("RootCause", title), code)
        self.root_cause.setCurrentIndex(max(0, self.root_cause.findData(current)))
        self.save_button.setText(self.tr("Save review"))
        self.export_md_button.setText(self.tr("Export Markdown…"))
        self.export_pdf_button.setText(self.tr("Export PDF…"))
        self.close_button.setText(self.tr("Close"))
        self.add_button.setText(self.tr("Add action item…"))
        self.done_button.setText(self.tr("Mark done"))
        self.defer_button.setText(self.tr("Defer…"))
        self.reopen_button.setText(self.tr("Reopen"))
        self._show_heading()
        self._show_document()

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------------------
    def reload(self) -> None:
        db, incident_id = self.ctx.db, self.incident_id

        def read() -> ReviewData | None:
            with db.reading() as s:
                return read_review(s, incident_id)

        self.ctx.runner.run(read, self._apply, lambda exc: self._say(str(exc), error=True))

    def _apply(self, data: ReviewData | None) -> None:
        self.data = data
        if data is None:
            self._say(self.tr("This incident no longer exists."), error=True)
            return
        form = data.review.form if data.review else ReviewForm()
        self.summary.setPlainText(form.summary)
        self.impact.setPlainText(form.impact)
        self.factors.setPlainText(form.contributing_factors)
        self.accounts.setText(form.accounts_affected)
        self.at_risk.setText(form.amount_at_risk)
        self.lost.setText(form.amount_lost)
        self.currency.setCurrentText(form.currency)
        self.root_cause.setCurrentIndex(max(0, self.root_cause.findData(form.root_cause)))
        self.share.setChecked(form.share_as_case)
        self.actions_model.set_rows(data.actions)
        self.moments.set_rows(data.timeline)
        self._show_heading()
        self._show_document()
        has_review = data.review is not None
        for button in self.action_buttons():
            button.setEnabled(has_review)
        self.add_button.setToolTip("" if has_review else self.tr("Save the review first."))

    def _show_heading(self) -> None:
        data = self.data
        if data is None:
            self.setWindowTitle(self.tr("Post-incident review"))
            self.heading.setText(self.tr("Reading…"))
            return
        self.setWindowTitle(self.tr("Post-incident review: {0}").format(data.ref))
        title = data.title.replace("&", "&amp;").replace("<", "&lt;")
        need = self.tr("required before it is closed") if data.required else self.tr("optional for P3/P4")
        if data.review is None:
            state = self.tr("not written yet")
        else:
            state = self.tr("version {0} by {1}").format(data.review.version, data.review.written_by)
        open_items = sum(1 for a in data.actions if a.status == "open")
        extra = self.tr(" · open action items: {0}").format(open_items) if open_items else ""
        ro = f" · {self.tr('read-only')}" if not self.may_write else ""
        self.heading.setText(
            f"<b>P{data.severity} · {data.ref}</b> · {title}<br>"
            f"{self.tr('Review')}: {need} · {state}{extra}{ro}"
        )

    def _show_document(self) -> None:
        if self.data is not None:
            self.document.setMarkdown(self.markdown())

    def markdown(self) -> str:
        """The review as a document, in the console's language."""
        assert self.data is not None
        return review_markdown(self.data, self.ctx.clock.tz, i18n.current_language())

    def form(self) -> ReviewForm:
        return ReviewForm(
            summary=self.summary.toPlainText(),
            impact=self.impact.toPlainText(),
            accounts_affected=self.accounts.text(),
            amount_at_risk=self.at_risk.text(),
            amount_lost=self.lost.text(),
            currency=self.currency.currentText(),
            root_cause=self.root_cause.currentData(),
            contributing_factors=self.factors.toPlainText(),
            share_as_case=self.share.isChecked(),
        )

    # -- writes ---------------------------------------------------------------------------------------
    def save(self) -> None:
        """Validate the form, then write it with the version read (a conflict names who saved first)."""
        if self.data is None or not self.may_write:
            return
        form = self.form()
        try:
            reviews.validate(form)
        except WatchfloorError as exc:
            self._say(str(exc), error=True)
            return
        db, actor, incident_id = self.ctx.db, self.ctx.actor, self.incident_id
        version = self.data.review.version if self.data.review else None
        self._write(
            lambda: reviews.save_review(db, actor, incident_id, form, expected_version=version),
            self.tr("Review saved."),
        )

    def add_action(self, title: str | None = None, owner: str | None = None, due: date | None = None) -> None:
        """Add an action item: asks with a small form unless the values are given (tests, scripts)."""
        if self.data is None or not self.may_write:
            return
        if title is None or owner is None or due is None:
            asked = self._ask_action()
            if asked is None:
                return
            title, owner, due = asked
        db, actor, incident_id = self.ctx.db, self.ctx.actor, self.incident_id
        t, o, d = title, owner, due
        added = self.tr("Action item added.")
        self._write(lambda: reviews.add_action(db, actor, incident_id, t, o, d), added)

    def _ask_action(self) -> tuple[str, str, date] | None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Add action item"))
        form = QFormLayout(dialog)
        title, owner = QLineEdit(dialog), QLineEdit(dialog)
        title.setPlaceholderText(self.tr("e.g. Rate-limit logins per ASN at the edge"))
        owner.setPlaceholderText(self.tr("A person or a department"))
        due = QDateEdit(dialog)
        due.setCalendarPopup(True)
        due.setDate(QDate.currentDate().addDays(14))
        form.addRow(self.tr("Action"), title)
        form.addRow(self.tr("Owner"), owner)
        form.addRow(self.tr("Due"), due)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        dialog.resize(480, dialog.sizeHint().height())
        self.action_form = (dialog, title, owner, due)  # tests fill and accept it
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        d = due.date()
        return title.text(), owner.text(), date(d.year(), d.month(), d.day())

    def selected_action(self) -> ActionRow | None:
        rows = self.actions_view.selectionModel().selectedRows()
        if not rows:
            self._say(self.tr("Choose an action item first."), error=True)
            return None
        action_id = rows[0].data(ActionIdRole)
        return next((a for a in self.actions_model.rows if a.id == action_id), None)

    def select_action(self, action_id: int) -> None:
        for n, row in enumerate(self.actions_model.rows):
            if row.id == action_id:
                self.actions_view.selectRow(n)

    def complete_action(self) -> None:
        item = self.selected_action()
        if item is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        self._write(
            lambda: reviews.complete_action(db, actor, item.id), self.tr("“{0}” is done.").format(item.title)
        )

    def defer_action(self, reason: str | None = None) -> None:
        """Defer the chosen action item; asks why (the service refuses an empty reason, and says so)."""
        item = self.selected_action()
        if item is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(
                self, self.tr("Defer action item"), self.tr("Why is “{0}” deferred?").format(item.title)
            )
            if not ok:
                return
        db, actor, why = self.ctx.db, self.ctx.actor, reason
        self._write(
            lambda: reviews.defer_action(db, actor, item.id, why),
            self.tr("“{0}” is deferred.").format(item.title),
        )

    def reopen_action(self) -> None:
        item = self.selected_action()
        if item is None:
            return
        db, actor = self.ctx.db, self.ctx.actor
        again = self.tr("“{0}” is open again.").format(item.title)
        self._write(lambda: reviews.reopen_action(db, actor, item.id), again)

    def _write(self, call: Callable[[], Any], success: str) -> None:
        def done(_result: Any) -> None:
            self._say(success, error=False)
            self.changed.emit()
            self.reload()

        def failed(exc: BaseException) -> None:
            self._say(self.tr("Refused: {0}").format(exc), error=True)
            self.reload()

        self.ctx.runner.write(call, done, failed)

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")

    # -- exports --------------------------------------------------------------------------------------
    def export_markdown(self, path: Path | None = None) -> None:
        self._export(path, self.tr("Markdown (*.md)"), ".md", write_markdown)

    def export_pdf(self, path: Path | None = None) -> None:
        self._export(path, self.tr("PDF (*.pdf)"), ".pdf", lambda md, p: write_pdf(md, p, self._doc_title()))

    def _doc_title(self) -> str:
        assert self.data is not None
        return self.tr("Post-incident review: {0}").format(self.data.ref)

    def _export(self, path: Path | None, kind: str, suffix: str, write: Callable[[str, Path], Path]) -> None:
        if self.data is None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export the review"), f"{self.data.ref}-review{suffix}", kind
            )
            if not name:
                return
            path = Path(name)
        text, target = self.markdown(), path
        self.ctx.runner.run(
            lambda: write(text, target),
            lambda p: self._say(self.tr("Exported to {0}").format(p), error=False),
            lambda exc: self._say(self.tr("Export failed: {0}").format(exc), error=True),
        )
