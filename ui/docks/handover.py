"""Shift log & handover dock (值班日志与交接班): the running shift's log, kept live, an entry field, and the
handover brief: prepared on demand, shown as rendered Markdown, exported as Markdown or PDF, signed off by the
incoming supervisor.

Reads through :mod:`console.views.shift_log` (entries by id from the feed, one inserted row each; the newest
handover of this shift or the one before). Every write (an entry, preparing, signing off) runs on the write
worker; a refused one says why in the service's words under the field. After its own write the dock asks
for exactly what it wrote, as the feed would, so the entry shows at once without re-reading the log. A
viewer (the wall screen) or a read-only database sees the log and the brief, with no field and no buttons
that write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.auth import Perm
from console.floortime import ShiftSlot, shift_at
from console.services import handover as handover_svc
from console.services import handover_text, shiftlog
from console.services.handover import HandoverRecord
from console.topics import ChangeBatch, Topic
from console.views import shift_log
from console.views.shift_log import ShiftLogKey, ShiftLogPatch, ShiftLogSnapshot
from ui import i18n
from ui.context import ConsoleContext
from ui.docks.base import LiveDock
from ui.documents import write_markdown, write_pdf
from ui.models.shift_log import COLUMNS, ShiftLogModel

log = logging.getLogger(__name__)
# How long into a shift the dock offers to hand over the shift before it, when that one has no handover.
PREVIOUS_WINDOW = timedelta(hours=1)


class HandoverDock(LiveDock):
    """The shift log and the handover of the running shift.

    Signals: those of :class:`LiveDock`.
    """

    data_view = shift_log.VIEW

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "handover", parent)
        self.may_write = ctx.actor.can(Perm.KEEP_SHIFT_LOG) and not ctx.db.read_only_reason
        self.handover: HandoverRecord | None = None
        self.brief_markdown = ""
        self.last_message = ""
        self.incident_id: int | None = None
        self.incident_ref: str | None = None
        self.model = ShiftLogModel(ctx.clock.tz, self)

        body = QWidget(self)
        self.shift_label = QLabel(body)
        self.shift_label.setObjectName("handoverShift")
        self.view = QTableView(body)
        self.view.setObjectName("shiftLogTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        head = self.view.horizontalHeader()
        for col in ("at", "author", "about"):
            head.setSectionResizeMode(COLUMNS.index(col), QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)

        self.entry = QLineEdit(body)
        self.entry.setObjectName("shiftLogEntry")
        self.entry.setMaxLength(shiftlog.MAX_LENGTH)
        self.entry.returnPressed.connect(self.add_entry)
        self.add_button = QPushButton(body)
        self.add_button.setObjectName("shiftLogAdd")
        self.add_button.clicked.connect(self.add_entry)
        self.link_box = QCheckBox(body)
        self.link_box.setObjectName("shiftLogLink")
        self.link_box.hide()
        self.message = QLabel(body)
        self.message.setObjectName("handoverMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.prepare_button = QPushButton(body)
        self.prepare_button.setObjectName("prepareHandover")
        self.prepare_button.clicked.connect(lambda: self.prepare())
        self.previous_button = QPushButton(body)  # early in a shift, while the one before has no handover
        self.previous_button.setObjectName("prepareHandoverPrevious")
        self.previous_button.clicked.connect(lambda: self.prepare(previous=True))
        self.previous_button.hide()
        self.markdown_button = QPushButton(body)
        self.markdown_button.setObjectName("exportMarkdown")
        self.markdown_button.clicked.connect(lambda: self._ask_export("md"))
        self.pdf_button = QPushButton(body)
        self.pdf_button.setObjectName("exportPdf")
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.sign_button = QPushButton(body)
        self.sign_button.setObjectName("signOffHandover")
        self.sign_button.clicked.connect(self._ask_sign_off)
        self.handover_label = QLabel(body)
        self.handover_label.setObjectName("handoverState")
        self.handover_label.setWordWrap(True)
        self.brief = QTextBrowser(body)
        self.brief.setObjectName("handoverBrief")
        self.brief.setOpenLinks(False)

        top = QWidget(body)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.shift_label)
        top_layout.addWidget(self.view, 1)
        field = QHBoxLayout()
        field.addWidget(self.entry, 1)
        field.addWidget(self.add_button)
        top_layout.addLayout(field)
        top_layout.addWidget(self.link_box)
        top_layout.addWidget(self.message)
        bottom = QWidget(body)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for button in (
            self.prepare_button,
            self.previous_button,
            self.markdown_button,
            self.pdf_button,
            self.sign_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.handover_label, 1)
        bottom_layout.addLayout(buttons)
        bottom_layout.addWidget(self.brief, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, body)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)  # the brief is the longer read
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.setWidget(body)
        for widget in (self.entry, self.add_button, self.prepare_button, self.sign_button):
            widget.setVisible(self.may_write)
        self.retranslate()
        ctx.clock.shiftChanged.connect(self._on_shift_changed)
        ctx.clock.ticked.connect(self._show_previous)

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        # "&&" shows one "&": a tab and the View menu take a single "&" as a mnemonic.
        self.setWindowTitle(self.tr("Shift log && handover"))
        self.entry.setPlaceholderText(self.tr("Write in the shift log; Enter adds it"))
        self.add_button.setText(self.tr("Add"))
        self.prepare_button.setText(self.tr("Prepare handover"))
        self.prepare_button.setToolTip(
            self.tr("Prepare the handover brief of the running shift as it stands now, and keep it")
        )
        self.markdown_button.setText(self.tr("Export Markdown…"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        self.sign_button.setText(self.tr("Sign off…"))
        self.previous_button.setToolTip(
            self.tr("The shift before this one ended without a handover: prepare its brief now")
        )
        self.model.retranslate()
        self._show_link()
        self._show_shift()
        self._show_handover()

    def _show_shift(self) -> None:
        slot = self.ctx.clock.shift
        if slot is None:
            self.shift_label.setText(self.tr("No shift is running."))
            return
        tz = self.ctx.clock.tz
        text = self.tr("{0} shift {1}–{2}: {3} log entries").format(
            handover_text.shift_name({"code": slot.pattern.code, "name": slot.pattern.name}),
            slot.starts_at.astimezone(tz).strftime("%H:%M"),
            slot.ends_at.astimezone(tz).strftime("%H:%M"),
            self.model.rowCount(),
        )
        if not self.may_write:
            text += " · " + self.tr("read-only")
        self.shift_label.setText(text)

    def _show_link(self) -> None:
        if self.incident_ref and self.may_write:
            self.link_box.setText(self.tr("About {0} (chosen in the queue)").format(self.incident_ref))
            self.link_box.show()
        else:
            self.link_box.hide()

    def _show_handover(self) -> None:
        """The brief in the current language (rendered from the stored JSON) and what may be done with it."""
        self._show_previous()
        record = self.handover
        has = record is not None
        self.markdown_button.setEnabled(has)
        self.pdf_button.setEnabled(has)
        self.sign_button.setEnabled(self._may_sign())
        if record is None:
            self.brief_markdown = ""
            self.brief.setMarkdown("")
            self.handover_label.setText(self.tr("No handover has been prepared for this shift yet."))
            self.sign_button.setToolTip("")
            return
        self.brief_markdown = handover_text.render(record, i18n.current_language(), self.ctx.clock.tz)
        self.brief.setMarkdown(self.brief_markdown)
        tz = self.ctx.clock.tz
        name = handover_text.shift_name(record.brief.get("shift", {}))
        state = self.tr("Handover of the {0} shift, prepared by {1} at {2}.").format(
            name, record.prepared_by, record.prepared_at.astimezone(tz).strftime("%H:%M")
        )
        if record.signed_off_at is not None:
            state += " " + self.tr("Signed off by {0} at {1}.").format(
                record.signed_off_by, record.signed_off_at.astimezone(tz).strftime("%H:%M")
            )
            self.sign_button.setToolTip(self.tr("Signed off already"))
        else:
            state += " " + self.tr("Waiting for the incoming supervisor's sign-off.")
            self.sign_button.setToolTip(
                self.tr("You prepared it: the incoming supervisor signs it off")
                if record.prepared_by == self.ctx.actor.username
                else self.tr("Take the shift over on this brief")
            )
        self.handover_label.setText(state)

    def previous_shift(self) -> ShiftSlot | None:
        """The shift that ended when the running one began, while the running one is young and that one has
        no handover yet (the newest handover is older): then the incoming supervisor is offered to prepare it
        (the outgoing one may have left without)."""
        clock = self.ctx.clock
        slot = clock.shift
        if not self.may_write or slot is None or clock.now() - slot.starts_at > PREVIOUS_WINDOW:
            return None
        if self.handover is not None and self.handover.shift_end >= slot.starts_at:
            return None
        return shift_at(clock.patterns, slot.starts_at - timedelta(microseconds=1), clock.floor_tz)

    def _show_previous(self) -> None:
        previous = self.previous_shift()
        if previous is not None:
            name = handover_text.shift_name({"code": previous.pattern.code, "name": previous.pattern.name})
            self.previous_button.setText(self.tr("Hand over the {0} shift").format(name))
        self.previous_button.setVisible(previous is not None)

    def _may_sign(self) -> bool:
        record = self.handover
        return (
            self.may_write
            and record is not None
            and record.signed_off_at is None
            and record.prepared_by != self.ctx.actor.username
        )

    # -- data -----------------------------------------------------------------------------------------
    def make_key(self) -> ShiftLogKey:
        return ShiftLogKey(self.ctx.clock.shift)

    def apply_snapshot(self, snapshot: ShiftLogSnapshot) -> None:
        self.model.reset(snapshot.rows)
        self.handover = snapshot.handover
        self._show_shift()
        self._show_handover()

    def apply_patch(self, patch: ShiftLogPatch) -> None:
        if self.model.apply(patch.rows, patch.gone):
            self._show_shift()
            self.view.scrollToBottom()
        if patch.handover_read and patch.handover != self.handover:
            self.handover = patch.handover
            self._show_handover()

    def reconcile_snapshot(self, snapshot: ShiftLogSnapshot) -> int:
        differed = self.model.sync(snapshot.rows)
        if snapshot.handover != self.handover:
            self.handover = snapshot.handover
            self._show_handover()
            differed += 1
        if differed:
            self._show_shift()
        return int(differed)

    def _on_shift_changed(self, _slot: ShiftSlot | None) -> None:
        if self._started:
            self.load()
        else:
            self._show_shift()

    def set_incident(self, incident_id: int) -> None:
        """The incident chosen in the queue: new entries are about it while "About …" stays ticked."""
        if incident_id == self.incident_id:
            return
        self.incident_id = incident_id
        db = self.ctx.db

        def work() -> str | None:
            with db.reading() as s:
                return shiftlog.incident_ref(s, incident_id)

        def done(ref: str | None) -> None:
            if incident_id != self.incident_id:
                return  # another was chosen meanwhile
            self.incident_ref = ref
            self.link_box.setChecked(ref is not None)
            self._show_link()

        self.ctx.runner.run(work, done, lambda _exc: None)

    # -- writes ---------------------------------------------------------------------------------------
    def add_entry(self) -> None:
        """Add what the field holds to the log (on the write worker); the field empties once it is in."""
        if not self.may_write:
            return
        text = self.entry.text()
        ref = self.incident_ref if not self.link_box.isHidden() and self.link_box.isChecked() else None
        db, actor = self.ctx.db, self.ctx.actor

        def done(entry_id: int) -> None:
            if self.entry.text() == text:
                self.entry.clear()
            self._say("", error=False)
            self._fetch(Topic.SHIFT_LOG, entry_id)

        at = self.ctx.clock.now()  # the moment this console shows: the entry lands in the shift it shows
        self._write(lambda: shiftlog.add_entry(db, actor, text, incident_ref=ref, at=at), done)

    def prepare(self, *, previous: bool = False) -> None:
        """Prepare and keep the running shift's brief (or, ``previous``, the one before it's); it shows once
        it is in."""
        if not self.may_write:
            return
        db, actor = self.ctx.db, self.ctx.actor

        def done(handover_id: int) -> None:
            self._say(self.tr("Handover prepared."), error=False)
            self._fetch(Topic.HANDOVER, handover_id)

        at = self.ctx.clock.now()
        self._write(lambda: handover_svc.prepare(db, actor, at=at, previous=previous), done)

    def _ask_sign_off(self) -> None:
        note, ok = QInputDialog.getText(
            self, self.tr("Sign off the handover"), self.tr("Note for the record (optional):")
        )
        if ok:
            self.sign_off(note)

    def sign_off(self, note: str = "") -> None:
        """Take the shift over on the handover shown."""
        record = self.handover
        if record is None or not self.may_write:
            return
        db, actor, hid = self.ctx.db, self.ctx.actor, record.id

        def done(_result: Any) -> None:
            self._say(self.tr("Handover signed off."), error=False)
            self._fetch(Topic.HANDOVER, hid)

        def failed(exc: BaseException) -> None:
            self._refused(exc)
            self._fetch(Topic.HANDOVER, hid)  # someone else may have signed it: show who

        at = self.ctx.clock.now()
        self._write(lambda: handover_svc.sign_off(db, actor, hid, note=note, at=at), done, failed)

    def _write(
        self,
        call: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.ctx.runner.write(call, done, failed or self._refused)

    def _refused(self, exc: BaseException) -> None:
        self._say(self.tr("Refused: {0}").format(exc), error=True)

    def _fetch(self, topic: Topic, key: int) -> None:
        """Read what this console just wrote, exactly as the feed's echo would have it read."""
        self.on_batch(ChangeBatch(ids={topic: frozenset({key})}))

    def _say(self, text: str, *, error: bool) -> None:
        self.last_message = text
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setStyleSheet("color: #b91c1c; font-weight: bold;" if error else "color: #166534;")

    # -- export ---------------------------------------------------------------------------------------
    def _ask_export(self, kind: str) -> None:
        record = self.handover
        if record is None:
            return
        shift = record.brief.get("shift", {})
        default = f"handover-{shift.get('date', '')}-{shift.get('code', '')}.{kind}"
        filters = self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Markdown (*.md)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the handover"), default, filters)
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> None:
        """Write the brief as shown (current language) to ``path`` as Markdown or PDF, on a worker."""
        markdown = self.brief_markdown
        title = QCoreApplication.translate("HandoverDock", "Shift handover")

        def work() -> Path:
            return write_pdf(markdown, path, title) if kind == "pdf" else write_markdown(markdown, path)

        def done(written: Path) -> None:
            self._say(self.tr("Exported to {0}").format(written), error=False)

        def failed(exc: BaseException) -> None:
            self._say(self.tr("Could not export: {0}").format(exc), error=True)

        self.ctx.runner.run(work, done, failed)
