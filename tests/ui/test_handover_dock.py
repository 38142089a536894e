"""The shift log & handover dock: an entry typed and added with Enter (one inserted row, no reset), another
workstation's entry arriving through the feed, a refusal in the service's words, the entry linked to the
incident chosen in the queue, the brief prepared and exported as PDF (its text read back in English and in
Chinese), signed off by the incoming supervisor only, and read-only for a viewer."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.auth import Actor
from console.db.engine import Database
from console.services import handover, shiftlog
from console.topics import ChangeBatch, Topic
from tests.factories import SmallFloor, add_users
from ui import i18n
from ui.context import ConsoleContext
from ui.docks.handover import HandoverDock

INCOMING = Actor("incoming", "supervisor")


@pytest.fixture
def make_dock(
    qtbot: QtBot, db: Database, shift_ctx: Callable[..., tuple[ConsoleContext, object]]
) -> Callable[..., HandoverDock]:
    add_users(db, ("incoming", "supervisor"))

    def make(actor: Actor | None = None, **kwargs: object) -> HandoverDock:
        ctx, _hand = shift_ctx(**kwargs)
        if actor is not None:
            ctx.actor = actor
        dock = HandoverDock(ctx)
        qtbot.addWidget(dock)
        with qtbot.waitSignal(dock.loaded, timeout=5000):
            dock.load()
        return dock

    return make


def pdf_text(path: Path) -> str:
    """The PDF's text with its whitespace (pypdf reads words apart by tabs and line breaks) as single spaces,
    ligatures (ﬁ, ﬃ) as their letters."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_entries_are_added_with_enter_and_arrive_live(
    qtbot: QtBot, qtmodeltester, make_dock: Callable[..., HandoverDock], db: Database, small_floor: SmallFloor
) -> None:  # type: ignore[no-untyped-def]
    dock = make_dock()
    assert dock.model.rowCount() == 0
    resets: list[int] = []
    dock.model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClicks(dock.entry, "Ben in 20 min late, told the team lead")
    with qtbot.waitSignal(dock.model.rowsInserted, timeout=5000):
        qtbot.keyClick(dock.entry, Qt.Key.Key_Return)
    assert dock.entry.text() == ""
    assert dock.model.data(dock.model.index(0, 3)) == "Ben in 20 min late, told the team lead"
    assert dock.model.data(dock.model.index(0, 1)) == "supervisor"

    # Another workstation writes; the feed names the entry; the dock reads that one entry only.
    other = shiftlog.add_entry(db, Actor("admin", "admin"), "Payments Ops called back", at=small_floor.now)
    with qtbot.waitSignal(dock.model.rowsInserted, timeout=5000):
        dock.ctx.hub.batch.emit(ChangeBatch(ids={Topic.SHIFT_LOG: frozenset({other})}))
    assert dock.model.rowCount() == 2
    assert resets == []  # fed incrementally, never reset
    assert "2 log entries" in dock.shift_label.text()
    qtmodeltester.check(dock.model)

    qtbot.keyClicks(dock.entry, "   ")
    qtbot.keyClick(dock.entry, Qt.Key.Key_Return)
    assert "needs some text" in dock.last_message
    assert dock.model.rowCount() == 2


def test_an_entry_is_about_the_incident_chosen_in_the_queue(
    make_dock: Callable[..., HandoverDock], small_floor: SmallFloor
) -> None:
    dock = make_dock()
    dock.set_incident(small_floor.incidents["p1"])
    assert not dock.link_box.isHidden()
    assert dock.incident_ref is not None
    assert dock.incident_ref in dock.link_box.text()
    dock.entry.setText("Duty manager informed")
    dock.add_entry()
    assert dock.model.row_at(0).incident_ref == dock.incident_ref
    dock.link_box.setChecked(False)
    dock.entry.setText("Not about it")
    dock.add_entry()
    assert dock.model.row_at(1).incident_ref is None


def test_prepare_export_pdf_in_english_and_chinese(
    qapp: QApplication, make_dock: Callable[..., HandoverDock], small_floor: SmallFloor, tmp_path: Path
) -> None:
    dock = make_dock()
    dock.entry.setText("Dev not answering the phone")
    dock.add_entry()
    assert not dock.pdf_button.isEnabled()
    dock.prepare()
    assert dock.handover is not None
    assert "Handover prepared" in dock.last_message
    assert dock.pdf_button.isEnabled()
    shown = dock.brief.toPlainText()
    assert "Credential-stuffing wave on login edge" in shown
    assert "Dev not answering the phone" in shown

    english = tmp_path / "handover.pdf"
    dock.export_to(english, "pdf")
    assert "Exported to" in dock.last_message
    text = pdf_text(english)
    assert "Shift handover: " in text
    assert "Open incidents (2)" in text
    assert "KYC rejection rate drifting up" in text  # (a table cell: a long title may wrap)
    assert "Dev (KL0004, ATO desk): Absent" in text
    assert "supervisor: Dev not answering the phone" in text
    markdown = tmp_path / "handover.md"
    dock.export_to(markdown, "md")
    assert markdown.read_text(encoding="utf-8") == dock.brief_markdown

    installed = i18n.install(qapp, "zh_CN")
    try:
        assert installed, "the zh_CN catalogue did not load (make qm)"
        qapp.processEvents()  # LanguageChange: the dock renders the stored brief again, in Chinese
        assert dock.windowTitle() == "值班日志与交接班"
        chinese = tmp_path / "交接班.pdf"
        dock.export_to(chinese, "pdf")
        text = pdf_text(chinese)
        assert "交接班" in text
        assert "值班日志" in text
        assert "Dev (KL0004, ATO desk): 缺勤" in text
        # (风 reads back as the radical ⻛, which shares its glyph: Qt's PDF text map picks the radical.)
        assert "未处理" in text
        assert "Dev not answering the phone" in text  # people's words stay as written
        assert "Shift handover" not in text
    finally:
        i18n.install(qapp, "en")
        qapp.processEvents()
    assert "Shift handover" in dock.brief.toPlainText()


def test_signed_off_by_the_incoming_supervisor_once(
    make_dock: Callable[..., HandoverDock], db: Database, small_floor: SmallFloor
) -> None:
    outgoing = make_dock()
    outgoing.prepare()
    assert outgoing.handover is not None
    assert not outgoing.sign_button.isEnabled()  # the preparer does not sign their own
    outgoing.sign_off()
    assert "the incoming supervisor signs it off" in outgoing.last_message

    incoming = make_dock(INCOMING)
    assert incoming.handover is not None
    assert incoming.handover.id == outgoing.handover.id
    assert incoming.sign_button.isEnabled()
    assert "Waiting for the incoming supervisor" in incoming.handover_label.text()
    incoming.sign_off("Took it over at the desk")
    assert "signed off" in incoming.last_message
    assert not incoming.sign_button.isEnabled()
    assert "Signed off by incoming" in incoming.handover_label.text()
    assert "Took it over at the desk" in incoming.brief.toPlainText()
    with db.reading() as s:
        assert handover.get(s, incoming.handover.id).signed_off_by == "incoming"

    # A third console still showing it unsigned is refused, told who signed, and shows it signed.
    third = make_dock(Actor("admin", "admin"))
    third.handover = outgoing.handover
    third.sign_off()
    assert "already signed off by incoming" in third.last_message
    assert third.handover is not None
    assert third.handover.signed_off_by == "incoming"


def test_a_viewer_reads_but_cannot_write(
    make_dock: Callable[..., HandoverDock], db: Database, small_floor: SmallFloor
) -> None:
    handover.prepare(db, Actor("supervisor", "supervisor"), at=small_floor.now)
    dock = make_dock(Actor("wall", "viewer"))
    for widget in (dock.entry, dock.add_button, dock.prepare_button, dock.sign_button):
        assert widget.isHidden()
    assert dock.handover is not None
    assert dock.pdf_button.isEnabled()  # reading and exporting are not writing
    assert "read-only" in dock.shift_label.text()
    dock.entry.setText("Sneaky")
    dock.add_entry()
    assert dock.model.rowCount() == 0


def test_every_visible_string_is_translatable(
    make_dock: Callable[..., HandoverDock], marking_translator, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The dock's own words go through tr(); the brief's headings through the core's translate()."""
    from PySide6.QtCore import QCoreApplication

    from console import i18n as core_i18n

    monkeypatch.setattr(core_i18n, "_translator", QCoreApplication.translate)  # as ui.i18n.install wires it
    dock = make_dock()
    dock.prepare()
    marked = marking_translator.marked
    for text in (
        dock.windowTitle(),
        dock.entry.placeholderText(),
        dock.add_button.text(),
        dock.prepare_button.text(),
        dock.markdown_button.text(),
        dock.pdf_button.text(),
        dock.sign_button.text(),
        dock.handover_label.text(),
        dock.shift_label.text(),
        dock.last_message,
    ):
        assert marked(text), text
    assert all(
        marked(dock.model.headerData(c, Qt.Orientation.Horizontal)) for c in range(dock.model.columnCount())
    )
    headings = [line for line in dock.brief_markdown.splitlines() if line.startswith("#")]
    assert len(headings) >= 6
    assert all(marked(line) for line in headings), headings


def test_early_in_a_shift_the_previous_one_can_be_handed_over(
    make_dock: Callable[..., HandoverDock], small_floor: SmallFloor, db: Database
) -> None:
    """45 minutes into the shift, with no handover of the shift before: the dock offers to prepare it; two
    hours in, or to a viewer, it does not."""
    late = make_dock(at=small_floor.now + timedelta(hours=2))
    assert late.previous_button.isHidden()
    viewer = make_dock(Actor("wall", "viewer"))
    assert viewer.previous_button.isHidden()
    dock = make_dock()
    assert not dock.previous_button.isHidden()
    with db.reading() as s:
        previous = handover.shift_for(s, small_floor.now, previous=True)
    assert dock.previous_button.text() == f"Hand over the {previous.pattern.name} shift"
    dock.previous_button.click()
    assert dock.handover is not None
    assert dock.handover.shift_start == previous.starts_at
    assert dock.previous_button.isHidden()


def test_another_workstations_entry_and_handover_arrive_through_the_real_feed(
    qtbot: QtBot, make_dock: Callable[..., HandoverDock], db: Database, small_floor: SmallFloor
) -> None:
    """The database writes the feed (triggers on shift_log and handovers); the hub follows it; the dock shows
    what another writer added, without anyone telling it."""
    from console.feed import last_seq

    dock = make_dock()
    dock.ctx.hub.start(last_seq(db))
    shiftlog.add_entry(db, Actor("admin", "admin"), "Written at another desk", at=small_floor.now)
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=10_000)
    assert dock.model.row_at(0).body == "Written at another desk"
    hid = handover.prepare(db, Actor("admin", "admin"), at=small_floor.now)
    qtbot.waitUntil(lambda: dock.handover is not None and dock.handover.id == hid, timeout=10_000)
    assert dock.sign_button.isEnabled()  # prepared by admin: the supervisor here may sign it off
