"""Post-incident reviews on SQLite and PostgreSQL: the closing rule (P1/P2 need a review with a summary and a
root cause, every action item done or deferred with a reason), the review's optimistic lock, validated input,
audited changes, and the review's timeline with the floor as it was at each moment (read in a bounded number
of queries)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from console import i18n
from console.auth import SYSTEM, Actor
from console.db.engine import Database
from console.db.models import AuditEntry, Incident
from console.errors import (
    ActionItemMove,
    BadAmount,
    BadCount,
    BadCurrency,
    DeferralNeedsReason,
    MissingField,
    NegativeAmount,
    NotClosable,
    NotFound,
    PermissionDenied,
    ReviewConflict,
    UnknownRootCause,
)
from console.services import incidents, reviews
from console.services.reviews import ReviewForm, parse_amount
from console.views.review import read_review
from tests.factories import SmallFloor, add_users, build_small_floor, floor_now

SUPERVISOR = Actor("supervisor", "supervisor")
LEAD = Actor("lead.mei", "team_lead")
ANALYST = Actor("ana.lyst", "analyst")


@pytest.fixture
def small(db: Database) -> SmallFloor:
    floor = build_small_floor(db, floor_now())
    add_users(db, ("lead.mei", "team_lead"), ("ana.lyst", "analyst"))
    return floor


def version(db: Database, inc: int) -> int:
    with db.reading() as s:
        return int(s.scalar(select(Incident.version).where(Incident.id == inc)) or 0)


def move(db: Database, inc: int, to_status: str) -> int:
    return incidents.transition(db, SUPERVISOR, inc, to_status, expected_version=version(db, inc))


def audit_of(db: Database, inc: int, prefix: str) -> list[AuditEntry]:
    with db.reading() as s:
        return list(
            s.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity_id == str(inc), AuditEntry.action.startswith(prefix))
                .order_by(AuditEntry.id)
            )
        )


def test_a_p1_is_reviewed_and_closed_only_with_a_complete_review(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    move(db, p1, "resolved")
    with pytest.raises(
        NotClosable, match="cannot be marked reviewed yet: a P1 incident needs a post-incident"
    ):
        move(db, p1, "reviewed")
    with pytest.raises(NotClosable, match="cannot be closed yet: a P1 incident needs"):
        move(db, p1, "closed")  # resolved → closed directly is no way round it
    v = reviews.save_review(db, LEAD, p1, ReviewForm(impact="40 accounts"), expected_version=None)
    with pytest.raises(NotClosable, match="the review has no summary$|the review has no summary\\.") as err:
        move(db, p1, "reviewed")
    assert "root cause" not in str(err.value)  # marking reviewed needs the summary only
    v = reviews.save_review(
        db,
        LEAD,
        p1,
        ReviewForm(summary="Stuffing wave from one ASN", impact="40 accounts"),
        expected_version=v,
    )
    move(db, p1, "reviewed")
    with pytest.raises(NotClosable) as err:
        move(db, p1, "closed")
    assert str(err.value).endswith("cannot be closed yet: the review names no root cause.")
    v = reviews.save_review(
        db,
        LEAD,
        p1,
        ReviewForm(summary="Stuffing wave from one ASN", root_cause="account_takeover"),
        expected_version=v,
    )
    rule = reviews.add_action(db, LEAD, p1, "Rate-limit logins per ASN", "Risk Management", date(2026, 12, 1))
    mail = reviews.add_action(db, LEAD, p1, "Warn users by e-mail", "Customer Service", date(2026, 12, 3))
    with pytest.raises(NotClosable) as err:
        move(db, p1, "closed")
    assert "action items still open: “Rate-limit logins per ASN”, “Warn users by e-mail”" in str(err.value)
    reviews.complete_action(db, LEAD, rule, "Rule R-311 live")
    with pytest.raises(DeferralNeedsReason, match="Warn users by e-mail"):
        reviews.defer_action(db, LEAD, mail, "   ")
    reviews.defer_action(db, LEAD, mail, "Waiting for the legal team's wording")
    move(db, p1, "closed")
    with db.reading() as s:
        assert s.scalar(select(Incident.status).where(Incident.id == p1)) == "closed"


def test_the_refusal_is_in_the_readers_language(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    move(db, p1, "resolved")
    zh = {
        ("Errors", "{ref} cannot be {verb} yet: {missing}."): "{ref} 暂不能{verb}：{missing}。",
        ("Transition", "closed"): "关闭",
        (
            "Errors",
            "a P{severity} incident needs a post-incident review",
        ): "P{severity} 事件必须先完成事件复盘",
    }
    i18n.install_translator(lambda ctx, text: zh.get((ctx, text), text))
    try:
        with pytest.raises(NotClosable) as err:
            move(db, p1, "closed")
        assert str(err.value).endswith("暂不能关闭：P1 事件必须先完成事件复盘。")
    finally:
        i18n.install_translator(None)


def test_a_p3_needs_no_review_but_open_action_items_still_hold_it(db: Database, small: SmallFloor) -> None:
    p3 = small.incidents["p3"]
    move(db, p3, "resolved")
    move(db, p3, "reviewed")  # no review needed for P3/P4
    reviews.save_review(db, LEAD, p3, ReviewForm(summary="Drift from one vendor"), expected_version=None)
    item = reviews.add_action(db, LEAD, p3, "Ask the KYC vendor for a fix", "Lin", date(2026, 12, 10))
    with pytest.raises(NotClosable, match="action items still open: “Ask the KYC vendor for a fix”"):
        move(db, p3, "closed")
    reviews.complete_action(db, LEAD, item)
    move(db, p3, "closed")


def test_two_people_saving_the_same_review_one_is_told_who(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    v1 = reviews.save_review(db, LEAD, p1, ReviewForm(summary="First draft"), expected_version=None)
    with pytest.raises(ReviewConflict, match="lead.mei"):  # a second "first" review
        reviews.save_review(db, SUPERVISOR, p1, ReviewForm(summary="Mine"), expected_version=None)
    v2 = reviews.save_review(
        db, SUPERVISOR, p1, ReviewForm(summary="Second draft", amount_lost="1,200.00"), expected_version=v1
    )
    assert v2 == v1 + 1
    with pytest.raises(ReviewConflict) as err:  # the lead still holds the first version
        reviews.save_review(db, LEAD, p1, ReviewForm(summary="Lead's edit"), expected_version=v1)
    assert err.value.fields["who"] == "supervisor"
    with db.reading() as s:
        data = read_review(s, p1)
    assert data is not None
    assert data.review is not None
    assert data.review.form.summary == "Second draft"
    assert data.review.amount_lost_minor == 120000
    written = audit_of(db, p1, "review.")
    assert [e.action for e in written] == ["review.create", "review.write"]
    assert written[1].detail is not None
    assert written[1].detail["before"] == {"summary": "First draft", "amount_lost_minor": None}
    assert written[1].detail["after"] == {"summary": "Second draft", "amount_lost_minor": 120000}
    assert written[1].actor == "supervisor"


def test_only_reviewers_write_reviews(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    for who in (ANALYST, SYSTEM, Actor("wall", "viewer")):
        with pytest.raises(PermissionDenied):
            reviews.save_review(db, who, p1, ReviewForm(summary="x"), expected_version=None)
    with pytest.raises(NotFound, match="Review INC-"):  # action items belong to a review
        reviews.add_action(db, LEAD, p1, "Something", "Someone", date(2026, 12, 1))


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("12,500.50", 1250050),
        ("12500.5", 1250050),
        ("12500", 1250000),
        ("0", 0),
        ("  1,000,000 ", 100000000),
        ("", None),
    ],
)
def test_amounts_are_read_as_typed(text: str, minor: int | None) -> None:
    assert parse_amount(text) == minor


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("12,50.00", BadAmount),
        ("12.345", BadAmount),
        ("1.2.3", BadAmount),
        ("USD 5", BadAmount),
        ("-5", NegativeAmount),
        ("-1,000.00", NegativeAmount),
    ],
)
def test_amounts_that_are_not(text: str, error: type[Exception]) -> None:
    with pytest.raises(error, match="Amount at risk"):
        parse_amount(text)


def test_the_form_is_validated_field_by_field() -> None:
    ok = reviews.validate(
        ReviewForm(summary=" s ", currency="myr", accounts_affected="1,204", root_cause="insider")
    )
    assert (ok.summary, ok.currency, ok.accounts_affected, ok.root_cause) == ("s", "MYR", 1204, "insider")
    with pytest.raises(BadCurrency, match="Currency: “US” is not an ISO currency code"):
        reviews.validate(ReviewForm(currency="US"))
    with pytest.raises(BadCurrency):
        reviews.validate(ReviewForm(currency="US1"))
    with pytest.raises(UnknownRootCause):
        reviews.validate(ReviewForm(root_cause="aliens"))
    with pytest.raises(BadCount, match="Accounts affected"):
        reviews.validate(ReviewForm(accounts_affected="-3"))
    with pytest.raises(BadAmount, match="Amount lost"):
        reviews.validate(ReviewForm(amount_lost="a lot"))
    assert reviews.format_minor(1250050, "USD") == "USD 12,500.50"
    assert reviews.format_minor(5, "MYR") == "MYR 0.05"


def test_action_items_move_once_and_are_audited(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    reviews.save_review(db, LEAD, p1, ReviewForm(summary="s"), expected_version=None)
    with pytest.raises(MissingField, match="Owner is required"):
        reviews.add_action(db, LEAD, p1, "A title", "  ", date(2026, 12, 1))
    with pytest.raises(MissingField, match="Due is required"):
        reviews.add_action(db, LEAD, p1, "A title", "Lin", None)
    item = reviews.add_action(
        db, LEAD, p1, "Tune rule", "Lin", date(2026, 12, 1), owner_agent_id=small.agents["Ana"]
    )
    reviews.update_action(db, SUPERVISOR, item, title="Tune rule R-77", owner="Ana", due_on=date(2026, 12, 5))
    reviews.complete_action(db, LEAD, item)
    with pytest.raises(ActionItemMove, match="“Tune rule R-77” is done already"):
        reviews.complete_action(db, SUPERVISOR, item)
    with pytest.raises(ActionItemMove):
        reviews.defer_action(db, SUPERVISOR, item, "no time")
    reviews.reopen_action(db, SUPERVISOR, item)
    reviews.defer_action(db, SUPERVISOR, item, "Next quarter's rule release")
    with db.reading() as s:
        data = read_review(s, p1)
    assert data is not None
    [row] = data.actions
    assert (row.title, row.owner, row.due_on, row.status, row.note) == (
        "Tune rule R-77",
        "Ana",
        date(2026, 12, 5),
        "deferred",
        "Next quarter's rule release",
    )
    assert row.updated_by == "supervisor"
    actions = [e.action for e in audit_of(db, p1, "review.action")]
    assert actions == [
        "review.action_add",
        "review.action_update",
        "review.action_done",
        "review.action_reopened",
        "review.action_deferred",
    ]
    deferred = audit_of(db, p1, "review.action_deferred")[0].detail
    assert deferred is not None
    assert deferred["before"] == {"status": "open", "note": ""}
    assert deferred["after"] == {"status": "deferred", "note": "Next quarter's rule release"}


def test_share_as_case(db: Database, small: SmallFloor) -> None:
    p1 = small.incidents["p1"]
    v = reviews.save_review(db, LEAD, p1, ReviewForm(summary="s"), expected_version=None)
    v = reviews.set_share_as_case(db, SUPERVISOR, p1, True, expected_version=v)
    with pytest.raises(ReviewConflict):
        reviews.set_share_as_case(db, LEAD, p1, False, expected_version=v - 1)
    with db.reading() as s:
        data = read_review(s, p1)
    assert data is not None
    assert data.review is not None
    assert data.review.form.share_as_case
    assert data.review.version == v


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_timeline_shows_the_floor_as_it_was_at_each_moment(db: Database, small: SmallFloor) -> None:
    """The small floor's shift: Ana in at start-8', Ben late at start+20', Chen in at start-2' and on a break
    since now-5', Dev never came, Eve on leave. Failed logins: 500 + minutes before now, each minute."""
    now = small.now
    start = now - timedelta(minutes=45)  # floor_now() is 45 minutes into the shift
    inc = incidents.open_incident(
        db,
        SYSTEM,
        title="Failed logins climbing",
        category="ato_wave",
        severity=3,  # its SLAs are not breached on the way (a breach would add a line)
        indicator_id=small.indicators["failed"],
        at=start + timedelta(minutes=5),
    )
    incidents.add_note(db, SUPERVISOR, inc, "Ben is in", at=start + timedelta(minutes=25))
    incidents.add_note(db, SUPERVISOR, inc, "Chen went on a break", at=now - timedelta(minutes=2))
    incidents.transition(db, SUPERVISOR, inc, "resolved", expected_version=1, at=now)
    with db.reading() as s:
        data = read_review(s, inc)
    assert data is not None
    opened, ben_in, chen_break, resolved = data.timeline
    assert [m.kind for m in data.timeline] == ["opened", "note", "note", "resolved"]
    everyone = ("Ana", "Ben", "Chen", "Dev")
    for m in data.timeline:
        assert m.rostered == everyone
        assert m.on_leave == 1  # Eve
    assert (opened.on_floor, opened.on_break) == (("Ana", "Chen"), ())
    assert opened.headcount == (2, 4)
    assert (ben_in.on_floor, ben_in.headcount) == (("Ana", "Ben", "Chen"), (3, 4))
    assert (chen_break.on_floor, chen_break.on_break) == (("Ana", "Ben"), ("Chen",))
    # Open then: the P3 (opened 2 h ago) and this one; the P2 "done" was resolved 1 h ago; p1 opened now-3'.
    assert [m.open_incidents for m in data.timeline] == [2, 2, 3, 2]
    values = [m.indicator.value if m.indicator else None for m in data.timeline]
    assert values == [540.0, 520.0, 502.0, 501.0]  # the latest sample at or before each moment
    assert opened.indicator is not None
    assert (opened.indicator.key, opened.indicator.level) == ("ato.failed_logins", "normal")

    # Bounded reads: ten times the events cost no more queries.
    with counting(db) as few, db.reading() as s:
        read_review(s, inc)
    for n in range(30):
        incidents.add_note(db, SUPERVISOR, inc, f"note {n}", at=now - timedelta(minutes=30 - n))
    with counting(db) as many, db.reading() as s:
        more = read_review(s, inc)
    assert more is not None
    assert len(more.timeline) == 34
    assert len(many) == len(few)


def test_every_text_of_the_report_is_marked_for_the_catalogue() -> None:
    """lupdate sees only the QT_TRANSLATE_NOOP literals of MARKED: a _t() text not there never translates."""
    import re
    from pathlib import Path

    from console.views import review_report

    source = Path(review_report.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r"""_t\((['"])(.*?)\1\)""", source))
    assert used
    assert {text for _, text in used} <= review_report.MARKED
