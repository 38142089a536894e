"""The attendance exception policy dialog: the stored rules shown, changed ones saved (audited), bad values
refused with nothing stored, and read-only for roles that may not change the policy."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from console.auth import Actor
from console.db.engine import Database
from console.db.models import AuditEntry
from console.services.exceptions import (
    BREAK_OVERRUN,
    KINDS,
    LATE,
    NO_SHOW,
    OVERTIME,
    Rule,
    load_policy,
    set_policy,
)
from tests.factories import SmallFloor
from ui.docks.attendance_exceptions import ExceptionsPanel
from ui.policy_dialog import PolicyDialog, PolicyNotSaved, save_changes

SUPERVISOR = Actor("supervisor", "supervisor")


def policy_audits(db: Database) -> list[AuditEntry]:
    with db.reading() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "attendance.policy")))


@pytest.fixture
def dialog(qtbot, on_shift, db: Database, small_floor: SmallFloor) -> PolicyDialog:  # type: ignore[no-untyped-def]
    set_policy(db, SUPERVISOR, OVERTIME, minutes=45, severity="warning", enabled=False)
    ctx, _ = on_shift
    d = PolicyDialog(ctx)
    qtbot.addWidget(d)
    return d


def test_the_stored_policy_is_shown(dialog: PolicyDialog) -> None:
    late, overtime, brk = dialog.rows[LATE], dialog.rows[OVERTIME], dialog.rows[BREAK_OVERRUN]
    assert late.title.text() == "Late"
    assert (late.on.isChecked(), late.minutes.value(), late.severity.currentText()) == (True, 5, "Warning")
    assert late.rule.text() == "clock-in more than 5 min after the start"
    assert late.minutes.toolTip() == "late after a grace of"
    assert (overtime.on.isChecked(), overtime.minutes.value(), overtime.severity.currentText()) == (
        False,
        45,
        "Warning",
    )
    assert overtime.rule.text() == "off: not looked for"
    assert brk.cap is not None
    assert brk.cap.value() == 30
    assert all(dialog.rows[k].cap is None for k in KINDS if k != BREAK_OVERRUN)
    assert late.minutes.isEnabled()
    assert dialog.save_button.isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    assert not dialog.note.isVisibleTo(dialog)


def test_saving_stores_only_the_changed_kinds_audited(dialog: PolicyDialog, db: Database) -> None:
    before = len(policy_audits(db))
    dialog.rows[LATE].minutes.setValue(7)
    dialog.rows[NO_SHOW].severity.setCurrentIndex(dialog.rows[NO_SHOW].severity.findData("warning"))
    assert set(dialog.changes()) == {LATE, NO_SHOW}
    assert dialog.rows[LATE].rule.text() == "clock-in more than 7 min after the start"
    assert dialog.save_button.isEnabled()
    assert dialog.rows[LATE].title.font().bold()  # changed, not saved yet
    assert not dialog.rows[OVERTIME].title.font().bold()
    dialog.save_button.click()
    assert not dialog.rows[LATE].title.font().bold()
    with db.reading() as s:
        policy = load_policy(s)
    assert policy.rule(LATE) == Rule(7, "warning", True)
    assert policy.rule(NO_SHOW) == Rule(30, "warning", True)
    assert policy.rule(OVERTIME) == Rule(45, "warning", False)  # untouched
    audits = policy_audits(db)[before:]
    assert sorted((a.entity_id, a.actor) for a in audits) == [(LATE, "supervisor"), (NO_SHOW, "supervisor")]
    late = next(a for a in audits if a.entity_id == LATE)
    assert late.detail is not None
    assert late.detail["before"]["minutes"] == 5
    assert late.detail["after"]["minutes"] == 7
    assert dialog.last_message == "Saved: Late, No-show."
    assert dialog.changes() == {}  # read back: the form is the stored policy


def test_the_break_cap_and_switching_off_are_saved(dialog: PolicyDialog, db: Database) -> None:
    brk = dialog.rows[BREAK_OVERRUN]
    assert brk.cap is not None
    brk.cap.setValue(45)
    dialog.rows[LATE].on.setChecked(False)
    dialog.save_button.click()
    with db.reading() as s:
        policy = load_policy(s)
    assert policy.rule(BREAK_OVERRUN) == Rule(5, "warning", True, 45)
    assert policy.rule(LATE) == Rule(5, "warning", False)


def test_an_invalid_value_is_refused_with_nothing_stored(dialog: PolicyDialog, db: Database) -> None:
    before = len(policy_audits(db))
    dialog.rows[LATE].minutes.setValue(9)  # valid, but saved with a bad one: nothing is written
    overtime = dialog.rows[OVERTIME].minutes
    overtime.setMaximum(5000)  # as if the form allowed it: the check refuses it before any write
    overtime.setValue(2000)
    dialog.save_button.click()
    assert dialog.last_message == "Invalid input: Overtime: 2000 min is outside 0 to 1440 min"
    assert dialog.message.isVisibleTo(dialog)
    with db.reading() as s:
        policy = load_policy(s)
    assert policy.rule(LATE) == Rule(5, "warning", True)
    assert policy.rule(OVERTIME) == Rule(45, "warning", False)
    assert len(policy_audits(db)) == before
    assert set(dialog.changes()) == {LATE, OVERTIME}  # the edits stay in the form
    assert dialog.save_button.isEnabled()


def test_a_bad_severity_is_refused_before_any_write(db: Database, small_floor: SmallFloor) -> None:
    changes = {LATE: Rule(8, "warning"), NO_SHOW: Rule(30, "urgent")}
    with pytest.raises(Exception, match="No-show: no severity urgent"):
        save_changes(db, SUPERVISOR, changes)
    with db.reading() as s:
        assert load_policy(s).rule(LATE) == Rule(5, "warning")


def test_a_write_failing_part_way_says_what_was_saved(
    db: Database, small_floor: SmallFloor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.policy_dialog as module

    real = module.set_policy

    def flaky(db_: Database, actor: Actor, kind: str, **kw: object) -> Rule:
        if kind == NO_SHOW:
            raise RuntimeError("connection lost")
        return real(db_, actor, kind, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "set_policy", flaky)
    with pytest.raises(PolicyNotSaved) as caught:
        save_changes(db, SUPERVISOR, {LATE: Rule(8, "warning"), NO_SHOW: Rule(20, "critical")})
    assert str(caught.value) == "No-show was not saved: connection lost Saved: Late."
    with db.reading() as s:
        assert load_policy(s).rule(LATE) == Rule(8, "warning")


@pytest.mark.parametrize("role", ["team_lead", "analyst", "viewer"])
def test_roles_that_may_not_change_it_see_it_read_only(  # type: ignore[no-untyped-def]
    qtbot, on_shift, db: Database, small_floor: SmallFloor, role: str
) -> None:
    ctx, _ = on_shift
    ctx = dataclasses.replace(ctx, actor=Actor("lee", role))
    d = PolicyDialog(ctx)
    qtbot.addWidget(d)
    assert d.rows[LATE].minutes.value() == 5  # shown all the same
    assert not any(f.isEnabled() for row in d.rows.values() for f in row.fields())
    assert not d.save_button.isVisibleTo(d)
    assert d.note.isVisibleTo(d)
    assert d.note.text().startswith(f"Read-only: lee ({ctx.actor.role_title}) may not change")
    d.rows[LATE].minutes.setValue(9)  # even if a value moves, nothing is written
    d.save()
    with db.reading() as s:
        assert load_policy(s).rule(LATE) == Rule(5, "warning")


def test_the_exceptions_tab_opens_it(qtbot, on_shift, small_floor: SmallFloor) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    panel = ExceptionsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.policy.text() == "Policy…"
    panel.policy.click()
    dialogs = panel.findChildren(PolicyDialog)
    assert len(dialogs) == 1
    assert dialogs[0].rows[LATE].minutes.value() == 5
    dialogs[0].close()


def test_every_text_is_translated(qtbot, on_shift, small_floor: SmallFloor, marking_translator) -> None:  # type: ignore[no-untyped-def]
    ctx, _ = on_shift
    d = PolicyDialog(ctx)
    qtbot.addWidget(d)
    late = d.rows[LATE]
    texts = [d.windowTitle(), d.intro.text(), d.save_button.text(), d.close_button.text()]
    texts += [h.text() for h in d.headers]
    texts += [late.title.text(), late.rule.text(), late.minutes.toolTip(), late.minutes.suffix()]
    texts += [late.severity.itemText(i) for i in range(late.severity.count())]
    assert all(marking_translator.marked(t) for t in texts), texts
