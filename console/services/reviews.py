"""Post-incident reviews (事件复盘): write one, track its action items until each is done or deferred with a
reason, and the closing rule the incident's state machine asks before ``reviewed`` and ``closed``.

**Required for P1/P2.** A P1 or P2 incident is marked reviewed only with a review that has a summary, and is
closed only when its review also names a root cause and every action item is done or deferred with a reason.
P3/P4 need no review; when they have one, its action items must still be done or deferred before closing (an
action item left open on a closed incident is one nobody will follow).

**Versions.** The review carries its own ``version`` (optimistic lock): a save names the version it read
(``expected_version``; ``None`` when writing the first one) and two people saving at once cannot overwrite
each other: the loser gets :class:`~console.errors.ReviewConflict` naming who saved. Action items are rows of
their own; a move from a status that no longer holds (completed twice) is refused naming the status.

**Input.** Forms send what people typed: amounts as text (``"12,500.50"``), parsed here into minor units
(cents), so the dialog and the CLI validate with the same words (:func:`validate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, Incident, IncidentReview, ReviewAction
from console.errors import (
    DEFERRED_WITHOUT_REASON,
    NO_REVIEW,
    NO_ROOT_CAUSE,
    NO_SUMMARY,
    OPEN_ACTIONS,
    ActionItemMove,
    BadAmount,
    BadCount,
    BadCurrency,
    DeferralNeedsReason,
    MissingField,
    NegativeAmount,
    NotClosable,
    NotFound,
    ReviewConflict,
    UnknownRootCause,
)
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services.lifecycle import VERBS
from console.services.offline import reachable
from console.services.unit import Unit, unit_of_work

# Severities whose incidents need a review before they are marked reviewed or closed.
REQUIRED_FOR = (1, 2)

ROOT_CAUSES = {
    "account_takeover": QT_TRANSLATE_NOOP("RootCause", "Account takeover / credential stuffing"),
    "insider": QT_TRANSLATE_NOOP("RootCause", "Insider"),
    "rule_gap": QT_TRANSLATE_NOOP("RootCause", "Rule gap (a risk rule missed it)"),
    "tooling_failure": QT_TRANSLATE_NOOP("RootCause", "Tooling failure"),
    "vendor_upstream": QT_TRANSLATE_NOOP("RootCause", "Vendor / upstream"),
    "process_not_followed": QT_TRANSLATE_NOOP("RootCause", "Process not followed"),
    "capacity_staffing": QT_TRANSLATE_NOOP("RootCause", "Capacity / staffing"),
    "fraud_ring": QT_TRANSLATE_NOOP("RootCause", "Fraud ring"),
    "other": QT_TRANSLATE_NOOP("RootCause", "Other"),
}
ACTION_STATUSES = {
    "open": QT_TRANSLATE_NOOP("ActionStatus", "open"),
    "done": QT_TRANSLATE_NOOP("ActionStatus", "done"),
    "deferred": QT_TRANSLATE_NOOP("ActionStatus", "deferred"),
}
# Field names as refusals name them (context "Review").
FIELDS = {
    "summary": QT_TRANSLATE_NOOP("Review", "Summary"),
    "accounts_affected": QT_TRANSLATE_NOOP("Review", "Accounts affected"),
    "amount_at_risk": QT_TRANSLATE_NOOP("Review", "Amount at risk"),
    "amount_lost": QT_TRANSLATE_NOOP("Review", "Amount lost"),
    "currency": QT_TRANSLATE_NOOP("Review", "Currency"),
    "root_cause": QT_TRANSLATE_NOOP("Review", "Root cause"),
    "title": QT_TRANSLATE_NOOP("Review", "Action"),
    "owner": QT_TRANSLATE_NOOP("Review", "Owner"),
    "due_on": QT_TRANSLATE_NOOP("Review", "Due"),
}
CURRENCY = re.compile(r"[A-Z]{3}")
AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?|-?\d+(\.\d{1,2})?")
MAX_MINOR = 10**17  # BigInteger holds 9.2e18; nobody loses 10^15 of anything


@dataclass(frozen=True)
class ReviewForm:
    """A review as a form holds it: text as typed (amounts and counts included)."""

    summary: str = ""
    impact: str = ""
    accounts_affected: str = ""
    amount_at_risk: str = ""
    amount_lost: str = ""
    currency: str = "USD"
    root_cause: str | None = None
    contributing_factors: str = ""
    share_as_case: bool = False


@dataclass(frozen=True)
class ReviewValues:
    """A validated review: what is stored."""

    summary: str
    impact: str
    accounts_affected: int | None
    amount_at_risk_minor: int | None
    amount_lost_minor: int | None
    currency: str
    root_cause: str | None
    contributing_factors: str
    share_as_case: bool


def parse_amount(text: str, field: str = "amount_at_risk") -> int | None:
    """``"12,500.50"`` → 1250050 (minor units). Empty → ``None``. Thousands separators must be in their
    places; at most two decimals; never negative."""
    raw = text.strip().replace(" ", "")
    if not raw:
        return None
    if not AMOUNT.fullmatch(raw):
        raise BadAmount(field=FIELDS[field], value=text.strip())
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise BadAmount(field=FIELDS[field], value=text.strip()) from exc
    if value < 0:
        raise NegativeAmount(field=FIELDS[field], value=text.strip())
    minor = int(value * 100)
    if minor >= MAX_MINOR:
        raise BadAmount(field=FIELDS[field], value=text.strip())
    return minor


def parse_count(text: str, field: str = "accounts_affected") -> int | None:
    raw = text.strip().replace(",", "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9:
        raise BadCount(field=FIELDS[field], value=text.strip())
    return int(raw)


def format_minor(minor: int | None, currency: str) -> str:
    """1250050, "USD" → ``"USD 12,500.50"``; ``None`` → ``""``."""
    if minor is None:
        return ""
    return f"{currency} {minor // 100:,}.{minor % 100:02d}"


def validate(form: ReviewForm) -> ReviewValues:
    """The form's values checked and parsed, or the first problem as a translated error (a
    :class:`~console.errors.BadReviewField`). Pure: the dialog calls it before it submits."""
    currency = form.currency.strip().upper()
    if not CURRENCY.fullmatch(currency):
        raise BadCurrency(field=FIELDS["currency"], value=form.currency.strip())
    root = (form.root_cause or "").strip() or None
    if root is not None and root not in ROOT_CAUSES:
        raise UnknownRootCause(field=FIELDS["root_cause"], value=root)
    return ReviewValues(
        summary=form.summary.strip(),
        impact=form.impact.strip(),
        accounts_affected=parse_count(form.accounts_affected),
        amount_at_risk_minor=parse_amount(form.amount_at_risk, "amount_at_risk"),
        amount_lost_minor=parse_amount(form.amount_lost, "amount_lost"),
        currency=currency,
        root_cause=root,
        contributing_factors=form.contributing_factors.strip(),
        share_as_case=form.share_as_case,
    )


def form_of(review: IncidentReview | Any) -> ReviewForm:
    """A stored review as its form shows it (amounts written back as ``12,500.50``)."""

    def amount(minor: int | None) -> str:
        return "" if minor is None else f"{minor // 100:,}.{minor % 100:02d}"

    return ReviewForm(
        summary=review.summary,
        impact=review.impact,
        accounts_affected="" if review.accounts_affected is None else str(review.accounts_affected),
        amount_at_risk=amount(review.amount_at_risk_minor),
        amount_lost=amount(review.amount_lost_minor),
        currency=review.currency,
        root_cause=review.root_cause,
        contributing_factors=review.contributing_factors,
        share_as_case=review.share_as_case,
    )


def save_review(
    db: Database,
    actor: Actor,
    incident_id: int,
    form: ReviewForm,
    *,
    expected_version: int | None,
    at: datetime | None = None,
) -> int:
    """Write the review of ``incident_id`` (the first one when ``expected_version`` is ``None``). Returns its
    new version. Audited with the fields it changed, before → after."""
    values = validate(form)
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        s = unit.session
        inc = _incident(s, incident_id)
        review = s.get(IncidentReview, incident_id)
        if review is None:
            if expected_version is not None:
                raise ReviewConflict(ref=inc.ref)  # it was there when the form read it: someone deleted it
            review = IncidentReview(
                incident_id=incident_id, written_by=actor.username, updated_at=at, version=0
            )
            s.add(review)
            before: dict[str, Any] = {}
        else:
            if expected_version != review.version:
                raise ReviewConflict(ref=inc.ref, who=review.written_by)
            before = {k: getattr(review, k) for k in values.__dataclass_fields__}
        after = values.__dataclass_fields__
        for name in after:
            setattr(review, name, getattr(values, name))
        review.written_by = actor.username
        review.updated_at = at
        review.version += 1
        try:
            s.flush()
        except StaleDataError as exc:
            raise ReviewConflict(ref=inc.ref) from exc
        changed = [k for k in after if before.get(k) != getattr(values, k)] if before else list(after)
        unit.audit(
            "review.write" if before else "review.create",
            "incident",
            incident_id,
            ref=inc.ref,
            version=review.version,
            before={k: before[k] for k in changed if k in before},
            after={k: getattr(values, k) for k in changed},
        )
        return review.version


def set_share_as_case(
    db: Database, actor: Actor, incident_id: int, share: bool, *, expected_version: int
) -> int:
    """Mark (or unmark) the review for the case-sharing library (案例分享). Returns its new version."""
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        s = unit.session
        inc = _incident(s, incident_id)
        review = _review(s, inc, expected_version)
        before = review.share_as_case
        review.share_as_case = share
        review.written_by = actor.username
        review.updated_at = utcnow()
        review.version += 1
        s.flush()
        unit.audit("review.share_as_case", "incident", incident_id, ref=inc.ref, before=before, after=share)
        return review.version


def add_action(
    db: Database,
    actor: Actor,
    incident_id: int,
    title: str,
    owner: str,
    due_on: date | None,
    *,
    owner_agent_id: int | None = None,
    at: datetime | None = None,
) -> int:
    """Add an action item (改进措施) to the incident's review, open. Returns its id."""
    title, owner = title.strip(), owner.strip()
    _require_item(title, owner, due_on)
    assert due_on is not None
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        s = unit.session
        inc = _incident(s, incident_id)
        if s.get(IncidentReview, incident_id) is None:
            raise NotFound(what="Review", key=inc.ref)
        if owner_agent_id is not None and s.get(Agent, owner_agent_id) is None:
            raise NotFound(what="Agent", key=owner_agent_id)
        item = ReviewAction(
            incident_id=incident_id,
            title=title,
            owner=owner[:120],
            owner_agent_id=owner_agent_id,
            due_on=due_on,
            status="open",
            note="",
            created_by=actor.username,
            created_at=at or utcnow(),
        )
        s.add(item)
        s.flush()
        unit.audit(
            "review.action_add",
            "incident",
            incident_id,
            ref=inc.ref,
            action_id=item.id,
            title=title,
            owner=owner,
            due_on=due_on.isoformat(),
        )
        return item.id


def update_action(
    db: Database,
    actor: Actor,
    action_id: int,
    *,
    title: str,
    owner: str,
    due_on: date | None,
    owner_agent_id: int | None = None,
) -> None:
    """Change an action item's title, owner or due date (its status moves with :func:`complete_action`,
    :func:`defer_action`, :func:`reopen_action`)."""
    title, owner = title.strip(), owner.strip()
    _require_item(title, owner, due_on)
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        item = _action(unit, action_id)
        before = {"title": item.title, "owner": item.owner, "due_on": item.due_on.isoformat()}
        item.title, item.owner, item.due_on = title, owner[:120], due_on  # type: ignore[assignment]
        item.owner_agent_id = owner_agent_id
        _touch(unit, item, "review.action_update", before)


def complete_action(db: Database, actor: Actor, action_id: int, note: str = "") -> None:
    """Mark an open action item done (``note``: what was done, optional)."""
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        item = _action(unit, action_id)
        _require_status(item, "open")
        before = {"status": item.status}
        item.status = "done"
        if note.strip():
            item.note = note.strip()
        _touch(unit, item, "review.action_done", before)


def defer_action(db: Database, actor: Actor, action_id: int, reason: str) -> None:
    """Defer an open action item, saying why (required: deferred consciously, not forgotten)."""
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        item = _action(unit, action_id)
        if not reason.strip():
            raise DeferralNeedsReason(title=item.title)
        _require_status(item, "open")
        before = {"status": item.status, "note": item.note}
        item.status = "deferred"
        item.note = reason.strip()
        _touch(unit, item, "review.action_deferred", before)


def reopen_action(db: Database, actor: Actor, action_id: int) -> None:
    """Put a done or deferred action item back to open."""
    with reachable(db), unit_of_work(db, actor, Perm.REVIEW_INCIDENT) as unit:
        item = _action(unit, action_id)
        if item.status == "open":
            raise ActionItemMove(title=item.title, status=ACTION_STATUSES["open"])
        before = {"status": item.status}
        item.status = "open"
        _touch(unit, item, "review.action_reopened", before)


def require_closable(s: Session, inc: Incident, to_status: str) -> None:
    """The closing rule, asked by the incident's state machine inside its transaction before a move to
    ``reviewed`` or ``closed``. Raises :class:`~console.errors.NotClosable` naming everything missing."""
    if to_status not in ("reviewed", "closed"):
        return
    review = s.get(IncidentReview, inc.id)
    required = inc.severity in REQUIRED_FOR
    missing: list[tuple[str, dict[str, Any]]] = []
    if review is None:
        if required:
            missing.append((NO_REVIEW, {"severity": inc.severity}))
    elif required:
        if not review.summary.strip():
            missing.append((NO_SUMMARY, {}))
        if to_status == "closed" and not review.root_cause:
            missing.append((NO_ROOT_CAUSE, {}))
    if to_status == "closed" and review is not None:
        items = s.execute(
            select(ReviewAction.title, ReviewAction.status, ReviewAction.note)
            .where(ReviewAction.incident_id == inc.id)
            .order_by(ReviewAction.id)
        ).all()
        still_open = [t for t, st, _ in items if st == "open"]
        silent = [t for t, st, note in items if st == "deferred" and not (note or "").strip()]
        if still_open:
            missing.append((OPEN_ACTIONS, {"titles": _titles(still_open)}))
        if silent:
            missing.append((DEFERRED_WITHOUT_REASON, {"titles": _titles(silent)}))
    if missing:
        raise NotClosable(ref=inc.ref, verb=VERBS[to_status], missing=missing)


def _titles(titles: list[str]) -> str:
    shown = [f"“{t[:60]}”" for t in titles[:3]]
    return ", ".join(shown) + (f" (+{len(titles) - 3})" if len(titles) > 3 else "")


def _require_item(title: str, owner: str, due_on: date | None) -> None:
    if not title:
        raise MissingField(field=FIELDS["title"], value="")
    if not owner:
        raise MissingField(field=FIELDS["owner"], value="")
    if due_on is None:
        raise MissingField(field=FIELDS["due_on"], value="")


def _require_status(item: ReviewAction, status: str) -> None:
    if item.status != status:
        raise ActionItemMove(title=item.title, status=ACTION_STATUSES.get(item.status, item.status))


def _incident(s: Session, incident_id: int) -> Incident:
    inc = s.get(Incident, incident_id)
    if inc is None:
        raise NotFound(what="Incident", key=incident_id)
    return inc


def _review(s: Session, inc: Incident, expected_version: int) -> IncidentReview:
    review = s.get(IncidentReview, inc.id)
    if review is None:
        raise NotFound(what="Review", key=inc.ref)
    if review.version != expected_version:
        raise ReviewConflict(ref=inc.ref, who=review.written_by)
    return review


def _action(unit: Unit, action_id: int) -> ReviewAction:
    item = unit.session.get(ReviewAction, action_id)
    if item is None:
        raise NotFound(what="Action item", key=action_id)
    return item


def _touch(unit: Unit, item: ReviewAction, action: str, before: dict[str, Any]) -> None:
    item.updated_by = unit.actor.username
    item.updated_at = utcnow()
    unit.session.flush()
    after = {k: getattr(item, k) for k in before}
    after = {k: v.isoformat() if isinstance(v, date) else v for k, v in after.items()}
    ref = unit.session.scalar(select(Incident.ref).where(Incident.id == item.incident_id))
    unit.audit(action, "incident", item.incident_id, ref=ref, action_id=item.id, before=before, after=after)
