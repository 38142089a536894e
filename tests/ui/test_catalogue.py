"""The catalogue dialog: its model checked by qtmodeltester, an edit saved through the form reaching the
database, a bad threshold order refused in the dialog before anything is sent, a stale save told who won,
a new indicator added and one moved within its area, a change made elsewhere followed live, viewers
read-only; rendered offscreen in English and Chinese at 1366 × 768."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from console.auth import Actor
from console.db.engine import Database
from console.services import indicators
from console.services.indicators import IndicatorSpec
from console.topics import ChangeBatch, Topic
from tests.factories import ADMIN, SmallFloor
from ui import i18n
from ui.catalogue import CatalogueDialog, open_catalogue
from ui.context import ConsoleContext
from ui.models.catalogue import COLUMNS, CatalogueFilter, CatalogueModel, IdRole


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.install(qapp, "en")  # whatever a test switched to
    qapp.processEvents()


@pytest.fixture
def dialog(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> CatalogueDialog:
    made = CatalogueDialog(make_ctx(db, small_floor.now), None, small_floor.indicators["failed"])
    qtbot.addWidget(made)
    return made


def _entry(db: Database, key: str = "ato.failed_logins") -> indicators.CatalogueEntry:
    with db.reading() as s:
        return indicators.catalogue_entry(s, key)


def test_the_model_passes_the_model_tester(qtmodeltester, db: Database, small_floor: SmallFloor) -> None:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        rows, depts = indicators.catalogue(s), indicators.department_choices(s)
    model = CatalogueModel()
    model.set_rows(rows, depts)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.index(0, COLUMNS.index("area")).data() == "Account takeover"
    assert model.index(0, COLUMNS.index("direction")).data() == "↑ higher"
    assert model.index(1, COLUMNS.index("department")).data() == "Risk Management"
    proxy = CatalogueFilter()
    proxy.setSourceModel(model)
    proxy.set_words("approval")
    qtmodeltester.check(proxy)
    assert [proxy.index(r, 0).data(IdRole) for r in range(proxy.rowCount())] == [
        small_floor.indicators["approval"]
    ]
    # The same indicators read again with one changed: only that row changes, no reset.
    changed = [rows[0], rows[1].__class__(**{**rows[1].__dict__, "version": 2})]
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_rows(changed, depts)
    assert resets == []
    assert model.rows[1].version == 2


def test_an_edit_saved_through_the_form_reaches_the_database(
    dialog: CatalogueDialog, qtbot: QtBot, db: Database, small_floor: SmallFloor
) -> None:
    assert dialog.current is not None
    assert dialog.current.key == "ato.failed_logins"
    assert dialog.form.warning_edit.text() == "1800"
    assert not dialog.dirty()
    dialog.form.warning_edit.setText("2,000")
    dialog.form.critical_edit.setText("4000")
    dialog.form.name_zh_edit.setText("登录失败数")
    dialog.form.sop_box.setCurrentText("ato_wave")
    assert "Credential stuffing" in dialog.form.sop_hint.text()
    assert dialog.dirty()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.last_message == "ato.failed_logins saved (version 2)."
    d = _entry(db).definition
    assert (d.warning, d.critical, d.names, d.sop) == (2000, 4000, (("zh_CN", "登录失败数"),), "ato_wave")
    assert dialog.current.version == 2
    assert "version 2, last changed by supervisor" in dialog.form.title()
    assert not dialog.dirty()
    dialog.save()
    assert dialog.last_message == "Nothing to save: the form holds what the catalogue has."


def test_a_bad_threshold_order_is_refused_with_its_message_and_nothing_is_sent(
    dialog: CatalogueDialog, db: Database
) -> None:
    dialog.form.warning_edit.setText("5000")
    dialog.save()
    assert dialog.last_message == (
        "ato.failed_logins: higher is worse, so the critical threshold (3600) must be above the warning "
        "threshold (5000)."
    )
    assert "b91c1c" in dialog.message.styleSheet()
    dialog.form.warning_edit.setText("lots")
    dialog.save()
    assert dialog.last_message == "ato.failed_logins: the warning threshold “lots” is not a number."
    dialog.form.warning_edit.setText("1800")
    dialog.form.sop_box.setCurrentText("wiki")
    assert dialog.form.sop_hint.text() == "Neither a runbook nor an http(s) address."
    dialog.save()
    assert "the SOP “wiki” is neither a runbook" in dialog.last_message
    assert _entry(db).version == 1


def test_a_stale_form_is_told_who_saved_first_and_shows_their_values(
    dialog: CatalogueDialog, db: Database
) -> None:
    ind = _entry(db).id
    dialog.form.warning_edit.setText("2000")
    indicators.update(db, ADMIN, ind, {"critical": 5000}, expected_version=1)
    dialog._on_batch(ChangeBatch(ids={Topic.INDICATOR: frozenset({ind})}))  # the hub's word of it
    assert dialog.form.warning_edit.text() == "2000"  # the edit is kept, and the form is told
    assert "was changed by admin meanwhile (version 2)" in dialog.last_message
    dialog.save()
    assert dialog.last_message == (
        "Refused: The indicator ato.failed_logins was just changed by admin: look at it again before you "
        "save."
    )
    assert dialog.form.critical_edit.text() == "5000"  # read again
    assert dialog.form.warning_edit.text() == "1800"
    assert _entry(db).definition.warning == 1800


def test_a_change_elsewhere_shows_in_an_untouched_form(dialog: CatalogueDialog, db: Database) -> None:
    indicators.update(db, ADMIN, _entry(db).id, {"unit": "logins/min"}, expected_version=1)
    dialog._on_batch(ChangeBatch(ids={Topic.INDICATOR: frozenset({1})}))
    assert dialog.form.unit_edit.text() == "logins/min"
    assert dialog.model.index(0, COLUMNS.index("unit")).data() == "logins/min"


def test_a_new_indicator_is_added_and_moved_within_its_area(dialog: CatalogueDialog, db: Database) -> None:
    dialog.start_new()
    form = dialog.form
    assert dialog.save_button.text() == "Add indicator"
    assert not form.key_edit.isReadOnly()
    form.key_edit.setText("ato.sim_swaps")
    form._key_edited("ato.sim_swaps")
    assert form.area_box.currentData() == "ato"
    form.name_edit.setText("SIM swaps reported")
    form.unit_edit.setText("count/h")
    form.warning_edit.setText("5")
    form.critical_edit.setText("3")
    dialog.save()
    assert "higher is worse" in dialog.last_message  # checked before it is sent
    form.critical_edit.setText("10")
    dialog.save()
    assert dialog.last_message == "ato.sim_swaps added."
    new = _entry(db, "ato.sim_swaps")
    assert (new.definition.area, new.definition.department, new.definition.names) == ("ato", "risk_mgmt", ())
    assert dialog.current is not None
    assert dialog.current.key == "ato.sim_swaps"  # chosen after it was added
    # It came last in the catalogue, after ato.failed_logins in the same area: it moves up, not further.
    assert dialog.up_button.isEnabled()
    assert not dialog.down_button.isEnabled()
    dialog.move_chosen(-1)
    assert dialog.last_message == "ato.sim_swaps moved."
    with db.reading() as s:
        assert [e.key for e in indicators.catalogue(s)][:2] == ["ato.sim_swaps", "ato.failed_logins"]
    assert not dialog.up_button.isEnabled()
    dialog.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # sorted by key: moving means nothing
    assert not dialog.down_button.isEnabled()


def test_a_viewer_sees_the_catalogue_read_only(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> None:
    ctx = make_ctx(db, small_floor.now)
    ctx.actor = Actor("wall", "viewer")
    dialog = CatalogueDialog(ctx, None, small_floor.indicators["approval"])
    qtbot.addWidget(dialog)
    assert dialog.form.warning_edit.text() == "75"
    assert not any(field.isEnabled() for field in dialog.form.fields())
    assert all(b.isHidden() for b in (dialog.save_button, dialog.add_button, dialog.up_button))
    assert not dialog.note.isHidden()
    assert dialog.note.text() == (
        "Read-only: wall (viewer) may not change risk indicators; supervisors and admins do."
    )
    dialog.save()
    dialog.start_new()
    assert not dialog.adding
    assert _entry(db, "ops.auto_approval_rate").version == 1


def test_open_catalogue_reuses_the_open_dialog(
    qtbot: QtBot, db: Database, small_floor: SmallFloor, make_ctx: Callable[..., ConsoleContext]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    ctx = make_ctx(db, small_floor.now)
    first = open_catalogue(ctx, parent)
    assert first.current is None
    again = open_catalogue(ctx, parent, small_floor.indicators["approval"])
    assert again is first
    assert again.current is not None
    assert again.current.key == "ops.auto_approval_rate"


def _render(dialog: CatalogueDialog, path: Path) -> None:
    dialog.resize(1366 - 40, 768 - 60)
    dialog.show()
    QApplication.processEvents()
    assert dialog.grab().save(str(path))


def test_rendered_at_1366_by_768_in_english_and_chinese(
    qtbot: QtBot,
    db: Database,
    small_floor: SmallFloor,
    make_ctx: Callable[..., ConsoleContext],
    qapp: QApplication,
    english: None,
    tmp_path: Path,
) -> None:
    spec = IndicatorSpec(
        "wd.amount_usd",
        "Withdrawal amount",
        (("zh_CN", "提现金额"),),
        "USD/min",
        "higher",
        9e6,
        1.5e7,
        "compliance",
    )
    indicators.define(db, ADMIN, [spec])
    dialog = CatalogueDialog(make_ctx(db, small_floor.now), None, small_floor.indicators["failed"])
    qtbot.addWidget(dialog)
    _render(dialog, tmp_path / "catalogue.png")
    # Every label reads whole: none is narrower than its text needs.
    for label in dialog.form.labels:
        assert label.width() >= label.sizeHint().width(), label.text()
    assert dialog.form.height() < dialog.height() / 2  # the list keeps most of the room
    wd = dialog.model.row_of(_entry(db, "wd.amount_usd").id)
    assert wd is not None
    assert dialog.model.index(wd, COLUMNS.index("critical")).data() == "15,000,000"
    i18n.install(qapp, "zh_CN")
    qapp.processEvents()
    assert dialog.model.index(0, COLUMNS.index("name")).data() == "登录失败次数"
    _render(dialog, tmp_path / "catalogue_zh_CN.png")
    for label in dialog.form.labels:
        assert label.width() >= label.sizeHint().width(), label.text()


def test_the_save_runs_on_the_write_worker(
    qtbot: QtBot,
    db: Database,
    small_floor: SmallFloor,
    make_ctx: Callable[..., ConsoleContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    threads: list[threading.Thread] = []
    update = indicators.update

    def recorded(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread())
        return update(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(indicators, "update", recorded)
    ctx = make_ctx(db, small_floor.now, threaded=True)
    dialog = CatalogueDialog(ctx, None, small_floor.indicators["failed"])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.current is not None)
    dialog.form.warning_edit.setText("1900")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.last_message.endswith("saved (version 2)."))
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.version == 2)
    assert threads
    assert threads[0] is not threading.main_thread()
    assert _entry(db).definition.warning == 1900
    ctx.runner.shutdown()
