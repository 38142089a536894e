"""Runbooks: every incident category has a well-formed bilingual checklist; ticks on SQLite and PostgreSQL
(audited, refused for viewers and for keys the runbook lacks) and the incident detail's progress."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import AuditEntry
from console.errors import NoRunbookItem, PermissionDenied
from console.services import runbooks
from console.services.incidents import CATEGORIES
from console.services.runbooks import RunbookError, parse
from console.views.incident_detail import read_detail
from tests.factories import SmallFloor, build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    return build_small_floor(db, floor_now())


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_every_category_has_a_bilingual_runbook(category: str) -> None:
    book = runbooks.runbook(category)
    assert book is not None, f"console/runbooks/{category}.md is missing"
    assert 5 <= len(book.items) <= 15
    for item in book.items:
        assert item.label.en.isascii(), item.key
        assert not item.label.zh.isascii(), item.key
        assert item.section.en
        assert item.section.zh
    assert book.title.text("zh_CN") == book.title.zh
    assert book.title.text("en") == book.title.en


def test_no_runbook_files_beyond_the_categories() -> None:
    files = {p.stem for p in runbooks.RUNBOOK_DIR.glob("*.md")} - {"README"}
    assert files == set(CATEGORIES)


def test_the_format_and_its_refusals() -> None:
    book = parse(
        "# Title | 标题\n\n<!-- a comment -->\n## Contain | 遏制\n"
        "- [ ] {freeze-accounts} Freeze affected accounts | 冻结受影响账户\n"
        "Some prose is ignored.\n- [x] {notify} Notify users | 通知用户\n",
        "test",
    )
    assert [(i.key, i.section.en, i.label.zh) for i in book.items] == [
        ("freeze-accounts", "Contain", "冻结受影响账户"),
        ("notify", "Contain", "通知用户"),
    ]
    with pytest.raises(RunbookError, match="used twice"):
        parse("# T | 标\n- [ ] {a} One | 一\n- [ ] {a} Two | 二\n")
    with pytest.raises(RunbookError, match="an item is"):
        parse("# T | 标\n- [ ] {Bad Key} One | 一\n")
    with pytest.raises(RunbookError, match="an item is"):
        parse("# T | 标\n- [ ] {a} No Chinese\n")
    with pytest.raises(RunbookError, match="needs a title"):
        parse("- [ ] {a} One | 一\n")


def test_ticks_are_counted_audited_and_undone(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]  # an ATO wave
    keys = runbooks.runbook("ato_wave").item_keys()  # type: ignore[union-attr]
    assert runbooks.tick(db, SUPERVISOR, p1, "freeze-accounts")
    assert not runbooks.tick(db, SUPERVISOR, p1, "freeze-accounts")  # already ticked: nothing changes
    assert runbooks.tick(db, SYSTEM, p1, "confirm-signal")
    assert runbooks.tick(db, SUPERVISOR, p1, "confirm-signal", False)
    assert runbooks.tick(db, SUPERVISOR, p1, "force-2fa")
    with db.reading() as s:
        detail = read_detail(s, p1)
    assert detail is not None
    assert [line.key for line in detail.checklist] == list(keys)
    assert runbooks.progress(detail.checklist) == (2, len(keys))
    done = {line.key: line.done_by for line in detail.checklist if line.done}
    assert done == {"freeze-accounts": "supervisor", "force-2fa": "supervisor"}
    with db.reading() as s:
        actions = [
            (a, (d or {}).get("item"))
            for a, d in s.execute(
                select(AuditEntry.action, AuditEntry.detail)
                .where(AuditEntry.action.startswith("runbook."))
                .order_by(AuditEntry.id)
            )
        ]
    assert actions == [
        ("runbook.tick", "freeze-accounts"),
        ("runbook.tick", "confirm-signal"),
        ("runbook.untick", "confirm-signal"),
        ("runbook.tick", "force-2fa"),
    ]


def test_ticks_are_refused_to_viewers_and_for_items_not_in_the_runbook(
    db: Database, small: SmallFloor
) -> None:
    p3 = small.incidents["p3"]  # a KYC ring
    with pytest.raises(PermissionDenied):
        runbooks.tick(db, Actor("wall", "viewer"), p3, "sample-documents")
    with pytest.raises(NoRunbookItem, match="KYC document-fraud ring has no item “freeze-accounts”"):
        runbooks.tick(db, SUPERVISOR, p3, "freeze-accounts")  # an ATO step, not a KYC one
    with db.reading() as s:
        detail = read_detail(s, p3)
    assert detail is not None
    assert runbooks.progress(detail.checklist) == (0, 7)
