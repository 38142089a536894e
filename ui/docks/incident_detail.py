"""Incident detail dock: the incident chosen in the queue, its timeline and handoffs, and the actions its
state allows (claim, acknowledge, investigate, escalate, hand off, resolve, review, close, reopen, mark
duplicate, note).

Reads through :mod:`console.views.incident_detail`; every action is a service call on the write worker,
never on the GUI thread. A refused action (someone else changed it first, a move the state does not allow,
open handoffs, offline) is shown in the dock with the service's translated words, and the incident is read
again so the supervisor sees who changed what. A role that may not work incidents sees no action buttons.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.services import handoffs, incidents, org, runbooks
from console.services.lifecycle import ACTION_TITLES, ACTIONS, EVENT_KINDS, STATUSES
from console.views import incident_detail
from console.views.incident_detail import DetailKey, IncidentDetail, TimelineLine
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.format import clock_text
from ui.models.review import ChecklistModel

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
TIMELINE_COLUMNS = ("at", "kind", "actor", "message")


class TimelineModel(QAbstractTableModel):
    """One incident's timeline, oldest first (replaced whole: tens of lines, not thousands)."""

    def __init__(self, tz: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.lines: tuple[TimelineLine, ...] = ()

    def set_lines(self, lines: tuple[TimelineLine, ...]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TIMELINE_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Time"), self.tr("Event"), self.tr("By"), self.tr("Details"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        line = self.lines[index.row()]
        col = TIMELINE_COLUMNS[index.column()]
        if col == "at":
            return line.at.astimezone(self.tz).strftime("%m-%d %H:%M:%S")
        if col == "kind":
            return QCoreApplication.translate("Event", EVENT_KINDS.get(line.kind, line.kind))
        if col == "actor":
            return line.actor
        text = line.message
        if line.department:
            text = f"{line.department}: {text}" if text else line.department
        if line.merged_from_ref:
            text = f"[{line.merged_from_ref}] {text}"
        return text


class IncidentDetailDock(LiveDock):
    """Signals (besides LiveDock's):
    indicatorRequested(int, object, str): show indicator ``id``'s chart with the moment (a datetime, the
        incident's opening) marked and labelled.
    """

    data_view = incident_detail.VIEW
    indicatorRequested = Signal(int, object, str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "incident", parent)
        self.incident_id = 0
        self.detail: IncidentDetail | None = None
        self.last_message = ""
        self.may_act = ctx.actor.can(Perm.WORK_INCIDENT) and not ctx.db.read_only_reason

        self.header = QLabel(self)
        self.header.setObjectName("incidentHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.linkActivated.connect(self.follow_link)  # the indicator's chart, related incidents
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.setSpacing(4)
        for action in ACTIONS:
            button = QPushButton(self)
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.act(a))
            button.hide()
            bar.addWidget(button)
            self.buttons[action] = button
        bar.addStretch(1)
        self.review_button = QPushButton(self)  # every role: viewers read the review
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self.open_review)
        self.review_button.hide()
        bar.addWidget(self.review_button)
        self.review_dialog: Any = None
        self.message = QLabel(self)
        self.message.setObjectName("incidentMessage")
        self.message.setWordWrap(True)
        self.message.hide()  # shown with something to say: an empty label would hold a gap in the pane
        self.handoffs = QLabel(self)
        self.handoffs.setObjectName("incidentHandoffs")
        self.handoffs.setWordWrap(True)
        self.timeline = TimelineModel(ctx.clock.tz, self)
        self.view = QTableView(self)
        self.view.setModel(self.timeline)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        head = self.view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)

        self.checklist = ChecklistModel(self)
        self.checklist.editable = self.may_act
        self.checklist.tickRequested.connect(self.tick)
        self.checklist_view = QListView(self)
        self.checklist_view.setObjectName("runbookChecklist")
        self.checklist_view.setModel(self.checklist)
        self.checklist_view.setWordWrap(True)
        self.checklist_view.setUniformItemSizes(False)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("incidentPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.view, "")
        self.pages.addTab(self.checklist_view, "")

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.handoffs)
        layout.addWidget(self.pages, 1)
        self.setWidget(body)
        self.retranslate()
        ctx.clock.ticked.connect(self._show_header)

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Incident"))
        for action, button in self.buttons.items():
            button.setText(QCoreApplication.translate("Action", ACTION_TITLES[action]))
        self.review_button.setText(self.tr("Review…"))
        self.review_button.setToolTip(self.tr("The post-incident review: impact, root cause, action items"))
        self.pages.setTabText(0, self.tr("Timeline"))
        self.checklist.set_lines(self.checklist.lines)  # the runbook's other language
        self._show()

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> DetailKey:
        return DetailKey(self.incident_id)

    def apply_snapshot(self, snapshot: Any) -> None:
        self.detail = snapshot.rows[0] if snapshot.rows else None
        self._show()

    def apply_patch(self, patch: Any) -> None:
        """A batch that does not name this incident changes nothing here (one that does reads it whole)."""

    def reconcile_snapshot(self, snapshot: Any) -> int:
        before = self.detail
        self.apply_snapshot(snapshot)
        return int(before != self.detail)

    def show_incident(self, incident_id: int) -> None:
        """Follow the queue's choice."""
        if incident_id != self.incident_id:
            self.incident_id = incident_id
            self.message.clear()
            self.message.hide()
            self.load()

    # -- display --------------------------------------------------------------------------------------
    def _show(self) -> None:
        detail = self.detail
        allowed = set(detail.allowed_actions) if detail and self.may_act else set()
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)
        self.review_button.setVisible(detail is not None)
        self._show_checklist()
        if detail is None:
            self.header.setText(self.tr("Choose an incident in the queue to see it here."))
            self.handoffs.clear()
            self.handoffs.hide()
            self.timeline.set_lines(())
            return
        self._show_header()
        open_ones = detail.open_handoffs
        if open_ones:
            now = self.ctx.clock.now()
            lines = [
                self.tr("{0}: {1} (due in {2}{3})").format(
                    h.department,
                    h.action,
                    clock_text(h.due_at - now),
                    self.tr(", acknowledged") if h.acknowledged_at else "",
                )
                for h in open_ones
            ]
            self.handoffs.setText(self.tr("Waiting on departments:") + "\n" + "\n".join(lines))
        else:
            self.handoffs.setText("")
        self.handoffs.setVisible(bool(self.handoffs.text()))
        if self.timeline.lines != detail.timeline:
            self.timeline.set_lines(detail.timeline)
            self.view.scrollToBottom()

    def _show_header(self) -> None:
        detail = self.detail
        if detail is None:
            return
        h = detail.header
        now = self.ctx.clock.now()
        status = QCoreApplication.translate("Status", STATUSES.get(h.status, h.status))
        category = QCoreApplication.translate("Category", incidents.CATEGORIES.get(h.category, h.category))
        owner = h.owner or self.tr("unassigned")
        if h.status in incidents.OPEN_STATUSES:
            left = h.sla_due() - now
            which = self.tr("acknowledge") if h.acknowledged_at is None else self.tr("resolve")
            sla = self.tr("{0} SLA {1}").format(which, clock_text(left))
            colour = "#b91c1c" if left.total_seconds() < 0 else "#111827"
        else:
            sla, colour = "", "#111827"
        extra = []
        if h.escalated_to:
            extra.append(self.tr("escalated to {0}").format(h.escalated_to))
        if h.duplicate_of_ref and h.duplicate_of_id is not None:
            link = f"<a href='incident:{h.duplicate_of_id}'>{h.duplicate_of_ref}</a>"
            extra.append(self.tr("duplicate of {0}").format(link))
        if detail.duplicates:
            links = ", ".join(f"<a href='incident:{i}'>{ref}</a>" for i, ref in detail.duplicates)
            extra.append(self.tr("merged here: {0}").format(links))
        if h.indicator_id is not None:
            chart = self.tr("indicator chart")
            extra.append(f"<a href='indicator:{h.indicator_id}'>{chart}</a>")
        if h.hit_count > 1:
            extra.append(self.tr("raised {0} times").format(h.hit_count))
        review = self._review_state(detail)
        if review:
            extra.append(review)
        if not self.may_act:
            extra.append(self.tr("read-only"))
        title = h.title.replace("&", "&amp;").replace("<", "&lt;")
        self.header.setText(
            f"<b>P{h.severity} · {h.ref}</b> · {status} · {owner}"
            f"<br><span style='font-size:larger'>{title}</span>"
            f"<br>{category}"
            + (f" · <span style='color:{colour}'>{sla}</span>" if sla else "")
            + (" · " + " · ".join(extra) if extra else "")
        )

    def follow_link(self, link: str) -> None:
        """A link in the header: ``indicator:ID`` opens its chart at the incident's opening, ``incident:ID``
        shows that incident here."""
        kind, _, value = link.partition(":")
        if not value.isdigit() or self.detail is None:
            return
        h = self.detail.header
        if kind == "indicator":
            self.indicatorRequested.emit(int(value), h.opened_at, self.tr("{0} opened").format(h.ref))
        elif kind == "incident":
            self.show_incident(int(value))

    def _review_state(self, detail: IncidentDetail) -> str:
        """What the header says of the post-incident review (nothing while the incident is worked)."""
        h = detail.header
        if detail.review_version is None:
            if h.severity <= 2 and h.status in ("resolved", "reviewed"):
                return self.tr("review required")
            return ""
        if detail.open_review_actions:
            return self.tr("reviewed, open action items: {0}").format(detail.open_review_actions)
        return self.tr("review written")

    def _show_checklist(self) -> None:
        lines = self.detail.checklist if self.detail else ()
        if self.checklist.lines != lines:
            self.checklist.set_lines(lines)
        done, total = runbooks.progress(lines)
        title = self.tr("Runbook {0}/{1}").format(done, total) if total else self.tr("Runbook")
        self.pages.setTabText(1, title)
        self.pages.setTabEnabled(1, bool(total))

    def tick(self, item: str, done: bool) -> None:
        """Tick or untick a runbook item, on the write worker; a refusal is said in the pane."""
        detail = self.detail
        if detail is None or not self.may_act:
            return
        db, actor, h = self.ctx.db, self.ctx.actor, detail.header
        title = self.tr("Runbook")

        def ok(_changed: Any) -> None:
            self._after_action()

        def refused(exc: BaseException) -> None:
            self._say(self.tr("{0}: {1} refused. {2}").format(h.ref, title, exc), error=True)
            self._after_action()

        self.ctx.runner.write(lambda: runbooks.tick(db, actor, h.id, item, done), ok, refused)

    def open_review(self) -> None:
        """Open the review dialog of the incident shown (read-only for roles that may not write reviews)."""
        from ui.review import ReviewDialog

        if self.detail is None:
            return
        if self.review_dialog is not None:
            self.review_dialog.close()
            self.review_dialog.deleteLater()
        dialog = ReviewDialog(self.ctx, self.detail.header.id, self)
        dialog.changed.connect(self.load)
        self.review_dialog = dialog
        dialog.show()

    # -- actions --------------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        """Run ``action`` on the incident shown, asking first for what it needs."""
        detail = self.detail
        if detail is None or not self.may_act:
            return
        db, actor, h = self.ctx.db, self.ctx.actor, detail.header
        version = h.version
        call: Callable[[], Any]
        if action == "claim":
            call = lambda: incidents.claim(db, actor, h.id, expected_version=version)  # noqa: E731
        elif action == "note":
            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("Add note"), self.tr("Note on {0}").format(h.ref)
            )
            if not ok or not text.strip():
                return
            call = lambda: incidents.add_note(db, actor, h.id, text)  # noqa: E731
        elif action == "hand_off":  # the departments are read on a worker, then the form asks
            self.ctx.runner.run(
                lambda: org.department_choices(db), lambda depts: self._hand_off(h.id, h.ref, version, depts)
            )
            return
        elif action == "mark_duplicate":
            ref, ok = QInputDialog.getText(
                self,
                self.tr("Mark duplicate"),
                self.tr("{0} duplicates which incident (its ref)?").format(h.ref),
            )
            if not ok or not ref.strip():
                return
            call = lambda: self._mark_duplicate(h.id, ref.strip(), version)  # noqa: E731
        else:
            to_status = ACTIONS[action]
            assert to_status is not None
            override = None
            if action == "resolve" and detail.open_handoffs:
                override, ok = QInputDialog.getText(
                    self,
                    self.tr("Resolve with open handoffs"),
                    self.tr("{0} departments have not answered. Why resolve now?").format(
                        len(detail.open_handoffs)
                    ),
                )
                if not ok or not override.strip():
                    return
            call = lambda: incidents.transition(  # noqa: E731
                db, actor, h.id, to_status, expected_version=version, override_reason=override
            )
        self.run_action(action, h.ref, call)

    def run_action(self, action: str, ref: str, call: Callable[[], Any]) -> None:
        """Run a write on the write worker; say how it went, and read the incident again either way."""
        title = QCoreApplication.translate("Action", ACTION_TITLES[action])
        for button in self.buttons.values():
            button.setEnabled(False)

        def done(_result: Any) -> None:
            self._say(self.tr("{0}: {1} done.").format(ref, title), error=False)
            self._after_action()

        def failed(exc: BaseException) -> None:
            self._say(self.tr("{0}: {1} refused. {2}").format(ref, title, exc), error=True)
            self._after_action()

        self.ctx.runner.write(call, done, failed)

    def _after_action(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.load()  # the feed would bring it too; reading now shows the outcome at once

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")

    def _mark_duplicate(self, incident_id: int, ref: str, version: int) -> int:
        """On the worker: find the incident ``ref`` names, then merge this one into it."""
        from console.errors import NotFound

        with self.ctx.db.reading() as s:
            target = incidents.id_by_ref(s, ref)
        if target is None:
            raise NotFound(what="Incident", key=ref)
        return incidents.mark_duplicate(
            self.ctx.db, self.ctx.actor, incident_id, target, expected_version=version
        )

    def _hand_off(self, incident_id: int, ref: str, version: int, departments: list[tuple[int, str]]) -> None:
        """Ask which department and what for (a small form), then request the handoff."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Hand off {0}").format(ref))
        form = QFormLayout(dialog)
        box = QComboBox(dialog)
        for dept_id, name in departments:
            box.addItem(name, dept_id)
        what = QLineEdit(dialog)
        what.setPlaceholderText(self.tr("e.g. freeze the withdrawals of the accounts listed"))
        form.addRow(self.tr("Department"), box)
        form.addRow(self.tr("Requested action"), what)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        self.handoff_form = (dialog, box, what)  # tests fill and accept it
        if (
            dialog.exec() != QDialog.DialogCode.Accepted
            or not what.text().strip()
            or box.currentData() is None
        ):
            return
        department_id, text = int(box.currentData()), what.text().strip()
        db, actor = self.ctx.db, self.ctx.actor
        self.run_action(
            "hand_off",
            ref,
            lambda: handoffs.request(db, actor, incident_id, department_id, text, expected_version=version),
        )
