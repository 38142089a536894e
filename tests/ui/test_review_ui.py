"""The review dialog opened from the incident detail dock: the form validated and saved, action items added,
done and deferred (a deferral without a reason refused in the dialog), the runbook ticked from the dock, the
closing rule's refusal shown in the dock, viewers read-only, and the review exported to PDF in English and in
Chinese (read back with pypdf)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.auth import SYSTEM
from console.db.engine import Database
from console.services import incidents, runbooks
from tests.factories import SmallFloor
from ui import i18n
from ui.context import ConsoleContext
from ui.docks.incident_detail import IncidentDetailDock
from ui.models.review import ItemKeyRole
from ui.review import ReviewDialog


@pytest.fixture
def dock(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> IncidentDetailDock:
    pane = IncidentDetailDock(make_ctx(db, small_floor.now))
    qtbot.addWidget(pane)
    pane.load()
    pane.show_incident(small_floor.incidents["p1"])
    assert pane.detail is not None
    return pane


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.install(qapp, "en")  # whatever a test switched to
    qapp.processEvents()


def open_review(dock: IncidentDetailDock, qtbot: QtBot) -> ReviewDialog:
    assert not dock.review_button.isHidden()
    qtbot.mouseClick(dock.review_button, Qt.MouseButton.LeftButton)
    dialog = dock.review_dialog
    assert isinstance(dialog, ReviewDialog)
    assert dialog.data is not None
    return dialog


def fill(dialog: ReviewDialog, **values: str) -> None:
    dialog.summary.setPlainText(values.get("summary", "Credential stuffing from one ASN hit 40 accounts"))
    dialog.impact.setPlainText("40 accounts logged into; 3 withdrawals held")
    dialog.accounts.setText("40")
    dialog.at_risk.setText(values.get("at_risk", "12,500.50"))
    dialog.lost.setText("0")
    dialog.currency.setCurrentText("USD")
    dialog.root_cause.setCurrentIndex(dialog.root_cause.findData("account_takeover"))
    dialog.factors.setPlainText("The ASN rule was in report-only mode")


def test_the_review_is_validated_saved_and_its_action_items_worked(
    dock: IncidentDetailDock, qtbot: QtBot, small_floor: SmallFloor
) -> None:
    dialog = open_review(dock, qtbot)
    assert dialog.data is not None
    assert dialog.data.review is None
    assert "not written yet" in dialog.heading.text()
    assert not dialog.add_button.isEnabled()  # action items belong to a written review
    fill(dialog, at_risk="12,50.0")
    dialog.save()
    assert "“12,50.0” is not an amount" in dialog.last_message
    assert dialog.data.review is None  # nothing was sent
    fill(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.last_message == "Review saved."
    review = dialog.data.review
    assert review is not None
    assert (review.version, review.amount_at_risk_minor, review.form.root_cause) == (
        1,
        1250050,
        "account_takeover",
    )
    assert "USD 12,500.50" in dialog.document.toPlainText()
    assert dock.detail is not None
    assert dock.detail.review_version == 1  # the pane read the incident again

    dialog.add_action("Put the ASN rule in blocking mode", "Risk Management", date(2026, 12, 1))
    dialog.add_action("Warn the 40 users", "Customer Service", date(2026, 12, 2))
    assert dialog.actions_model.rowCount() == 2
    assert "open action items: 2" in dialog.heading.text()
    rule, mail = (a.id for a in dialog.actions_model.rows)
    dialog.select_action(rule)
    dialog.complete_action()
    dialog.select_action(mail)
    dialog.defer_action("")
    assert "Refused" in dialog.last_message
    assert "deferred with a reason" in dialog.last_message
    dialog.select_action(mail)
    dialog.defer_action("Legal has not approved the wording")
    assert [a.status for a in dialog.actions_model.rows] == ["done", "deferred"]
    assert dock.detail.open_review_actions == 0


def test_a_stale_review_is_told_who_saved_first(
    dock: IncidentDetailDock, qtbot: QtBot, db: Database, small_floor: SmallFloor
) -> None:
    from console.auth import Actor
    from console.services import reviews

    dialog = open_review(dock, qtbot)
    reviews.save_review(
        db,
        Actor("admin", "admin"),
        small_floor.incidents["p1"],
        reviews.ReviewForm(summary="Written at the other desk"),
        expected_version=None,
    )
    fill(dialog)
    dialog.save()
    assert "Refused" in dialog.last_message
    assert "admin" in dialog.last_message  # who saved first
    assert dialog.summary.toPlainText() == "Written at the other desk"  # read again


def test_the_runbook_is_ticked_from_the_pane_and_closing_is_refused_until_reviewed(
    dock: IncidentDetailDock, db: Database, small_floor: SmallFloor
) -> None:
    assert dock.detail is not None
    total = len(dock.detail.checklist)
    assert dock.pages.tabText(1) == f"Runbook 0/{total}"
    model = dock.checklist
    row = next(r for r in range(model.rowCount()) if model.index(r).data(ItemKeyRole) == "freeze-accounts")
    assert model.index(0).data(ItemKeyRole) == ""  # a section heading, not an item
    assert model.flags(model.index(0)) & Qt.ItemFlag.ItemIsUserCheckable == Qt.ItemFlag.NoItemFlags
    check = Qt.ItemDataRole.CheckStateRole
    assert model.setData(model.index(row), Qt.CheckState.Checked.value, check) is False  # shown once written
    assert model.index(row).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert dock.pages.tabText(1) == f"Runbook 1/{total}"
    assert "supervisor" in model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    model.setData(model.index(row), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dock.pages.tabText(1) == f"Runbook 0/{total}"

    p1 = small_floor.incidents["p1"]
    incidents.transition(db, SYSTEM, p1, "resolved", expected_version=1)
    dock.load()
    assert "review required" in dock.header.text()
    dock.act("close")
    assert "refused" in dock.last_message
    assert "needs a post-incident review" in dock.last_message


def test_viewers_read_the_review_and_the_runbook_but_change_nothing(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> None:
    pane = IncidentDetailDock(make_ctx(db, small_floor.now, wall=True))
    qtbot.addWidget(pane)
    pane.load()
    pane.show_incident(small_floor.incidents["p1"])
    model = pane.checklist
    items = [r for r in range(model.rowCount()) if model.index(r).data(ItemKeyRole)]
    assert items
    assert all(not (model.flags(model.index(r)) & Qt.ItemFlag.ItemIsUserCheckable) for r in items)
    check = Qt.ItemDataRole.CheckStateRole
    assert not model.setData(model.index(items[0]), Qt.CheckState.Checked.value, check)
    dialog = open_review(pane, qtbot)
    assert dialog.save_button.isHidden()
    assert dialog.add_button.isHidden()
    assert dialog.summary.isReadOnly()
    assert "read-only" in dialog.heading.text()


def _pdf_text(path: Path) -> str:
    """The PDF's text with its whitespace (tabs between words, line breaks) as single spaces and its
    ligatures (ﬂ, ﬃ) as letters."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_the_review_exports_to_pdf_in_english_and_chinese(
    dock: IncidentDetailDock, qtbot: QtBot, qapp: QApplication, tmp_path: Path, english: None
) -> None:
    assert dock.detail is not None
    runbooks.tick(dock.ctx.db, dock.ctx.actor, dock.detail.header.id, "freeze-accounts")
    dialog = open_review(dock, qtbot)
    fill(dialog)
    dialog.save()
    dialog.add_action("Put the ASN rule in blocking mode", "Risk Management", date(2026, 12, 1))
    dialog.export_markdown(tmp_path / "review.md")
    markdown = (tmp_path / "review.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Post-incident review: INC-")
    assert "| Put the ASN rule in blocking mode | Risk Management | 2026-12-01 | open |" in markdown
    assert "- [x] Freeze withdrawals of accounts with a successful suspicious login (supervisor)" in markdown

    dialog.export_pdf(tmp_path / "review.pdf")
    assert "Exported to" in dialog.last_message
    text = _pdf_text(tmp_path / "review.pdf")
    for expected in ("Post-incident review", "USD 12,500.50", "Account takeover", "Timeline and the floor"):
        assert expected in text, expected

    assert i18n.install(qapp, "zh_CN"), "the zh_CN catalogue did not load (make qm)"
    qapp.processEvents()
    assert dialog.save_button.text() != "Save review"
    dialog.export_pdf(tmp_path / "review_zh.pdf")
    text = _pdf_text(tmp_path / "review_zh.pdf")
    for expected in ("事件复盘", "根本原因", "改进措施", "USD 12,500.50", "冻结"):
        assert expected in text, expected
    assert "Post-incident review" not in text


def test_the_review_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    dock: IncidentDetailDock, qtbot: QtBot, qtmodeltester
) -> None:
    dialog = open_review(dock, qtbot)
    fill(dialog)
    dialog.save()
    dialog.add_action("Put the ASN rule in blocking mode", "Risk Management", date(2026, 12, 1))
    assert dialog.actions_model.rowCount() == 1
    assert dialog.moments.rowCount() >= 1
    for model in (dialog.actions_model, dialog.moments, dock.checklist):
        qtmodeltester.check(model)
