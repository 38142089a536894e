"""Incidents: open one (or add a repeat hit to the open one with the same dedup key), move it through its
states (:mod:`console.services.lifecycle`), claim it, note it, merge a duplicate into it, and read the queue.

**Versions (optimistic locking).** Every change a person makes to an incident's *state* names the version
they saw (``expected_version``, required) and bumps it: a move, a claim, a merge (both incidents), a handoff
request (it decides whether the incident may be resolved). If someone changed it since, or changes it at the
same moment, exactly one wins and the other gets :class:`Conflict` naming who. Notes, repeat hits, the timer
leader's records (breaches, automatic escalation, overdue handoffs) and a department's answers to a handoff
only add to the timeline and do not bump it: they never make what someone is about to do stale, so two people
writing notes at once both succeed, and a claim is not refused because the alert fired again.

**Offline.** A database that cannot be reached refuses every change here with
:class:`~console.errors.DatabaseUnavailable` (translated, saying where and why); nothing is queued or lost
silently.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, case, func, literal, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, Department, Incident, IncidentEvent, IncidentHandoff, User
from console.db.types import UTCDateTime
from console.errors import (
    Conflict,
    DuplicateOfDuplicate,
    IllegalTransition,
    InvalidInput,
    NoOwner,
    NotFound,
    OpenHandoffs,
    SelfDuplicate,
)
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.services import reviews, sla
from console.services.lifecycle import (
    EVENT_OF,
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    VERBS,
    VERSIONED_EVENTS,
    allowed_actions,
    can_move,
)
from console.services.offline import reachable
from console.services.once import changed, record_once
from console.services.unit import Unit, unit_of_work
from console.topics import Topic

__all__ = [
    "CATEGORIES",
    "OPEN_STATUSES",
    "SLA",
    "STATUSES",
    "TRANSITIONS",
    "QueueRow",
    "add_note",
    "allowed_actions",
    "claim",
    "mark_duplicate",
    "open_incident",
    "transition",
]

TOPIC = Topic.INCIDENT  # what the feed names when this module's tables change (written by the database)

# Default SLAs per severity: (acknowledge, resolve); per category: the incident_sla table (services.sla).
SLA = sla.DEFAULTS
# Two-key advisory lock class (PostgreSQL) serialising openers of the same dedup key: "WD" + "DK".
DEDUP_LOCK_CLASS = 0x5744_444B

CATEGORIES = {
    "ato_wave": QT_TRANSLATE_NOOP("Category", "Credential stuffing / ATO wave"),
    "withdrawal_anomaly": QT_TRANSLATE_NOOP("Category", "Withdrawal anomaly"),
    "fraud_wave": QT_TRANSLATE_NOOP("Category", "Deposit / chargeback fraud wave"),
    "kyc_fraud_ring": QT_TRANSLATE_NOOP("Category", "KYC document-fraud ring"),
    "aml_spike": QT_TRANSLATE_NOOP("Category", "Sanctions / AML alert spike"),
    "p2p_scam": QT_TRANSLATE_NOOP("Category", "P2P scam wave"),
    "tooling_outage": QT_TRANSLATE_NOOP("Category", "Internal tooling outage"),
    "feed_failure": QT_TRANSLATE_NOOP("Category", "Data feed failure"),
    "policy_breach": QT_TRANSLATE_NOOP("Category", "Insider / policy breach"),
}
_INCIDENTS = cast(Table, Incident.__table__)
_EVENTS = cast(Table, IncidentEvent.__table__)
_HANDOFFS = cast(Table, IncidentHandoff.__table__)


def open_incident(
    db: Database,
    actor: Actor,
    *,
    title: str,
    category: str,
    severity: int,
    summary: str = "",
    indicator_id: int | None = None,
    zone_id: int | None = None,
    at: datetime | None = None,
    dedup_key: str | None = None,
) -> int:
    """Open a new incident with SLA due times from its category and severity. Returns its id.

    With a ``dedup_key`` (the source's rule and entity, e.g. ``"ato.failed_logins/edge-sg"``) a hit while an
    incident with that key is still worked is added to it instead (``hit_count``, ``last_seen_at``, a
    ``repeat_hit`` event) and that incident's id is returned. Safe against two sources at once: PostgreSQL
    serialises openers of a key with an advisory lock, SQLite has one writer at a time, and a partial unique
    index allows one worked incident per key whatever writes.
    """
    title = title.strip()
    if not title:
        raise InvalidInput(detail="empty incident title")
    if category not in CATEGORIES:
        raise InvalidInput(detail=f"incident category {category!r}")
    if severity not in SLA:
        raise InvalidInput(detail=f"severity P{severity}")
    key = (dedup_key or "").strip()[:200] or None
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.OPEN_INCIDENT) as unit:
        s = unit.session
        if key is not None:
            existing = _open_with_key(s, key)
            if existing is not None and _repeat_hit(unit, existing, at, title, severity):
                return existing
        ack, resolve = sla.targets(s, category, severity)
        inc = Incident(
            ref="pending",
            title=title[:200],
            category=category,
            severity=severity,
            status="open",
            summary=summary,
            indicator_id=indicator_id,
            zone_id=zone_id,
            opened_at=at,
            ack_due_at=at + ack,
            resolve_due_at=at + resolve,
            dedup_key=key,
            hit_count=1,
            last_seen_at=at,
            version=1,
        )
        s.add(inc)
        s.flush()
        inc.ref = f"INC-{at:%y%m%d}-{inc.id:05d}"
        s.add(IncidentEvent(incident_id=inc.id, at=at, kind="opened", actor=actor.username, message=title))
        extra = {"dedup_key": key} if key else {}
        unit.audit(
            "incident.open", "incident", inc.id, ref=inc.ref, severity=severity, category=category, **extra
        )
        return inc.id


def _open_with_key(s: Session, key: str) -> int | None:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_advisory_xact_lock(:cls, hashtext(:key))"), {"cls": DEDUP_LOCK_CLASS, "key": key}
        )
    return s.scalar(
        select(Incident.id).where(Incident.dedup_key == key, Incident.status.in_(OPEN_STATUSES)).limit(1)
    )


def _repeat_hit(unit: Unit, incident_id: int, at: datetime, title: str, severity: int) -> bool:
    """Count one more hit on a worked incident (an atomic increment: no version check, no version bump).
    False if it stopped being worked meanwhile (then a new incident is opened)."""
    t = _INCIDENTS
    seen = literal(at, UTCDateTime())  # typed: stored in UTC like every other moment
    return record_once(
        unit,
        update(t)
        .where(t.c.id == incident_id, t.c.status.in_(OPEN_STATUSES))
        .values(
            hit_count=t.c.hit_count + 1,
            last_seen_at=case(
                (t.c.last_seen_at.is_(None) | (t.c.last_seen_at < seen), seen), else_=t.c.last_seen_at
            ),
        ),
        incident_id=incident_id,
        at=at,
        kind="repeat_hit",
        action="incident.repeat_hit",
        message=title[:200],
        data={"severity": severity},
        audit={"severity": severity},
    )


def transition(
    db: Database,
    actor: Actor,
    incident_id: int,
    to_status: str,
    *,
    expected_version: int,
    owner_agent_id: int | None = None,
    department_id: int | None = None,
    message: str = "",
    at: datetime | None = None,
    override_reason: str | None = None,
) -> int:
    """Move an incident to ``to_status`` (see :data:`TRANSITIONS`). Returns its new version.

    ``expected_version`` is the version the caller saw (required): if someone changed the incident since,
    or changes it concurrently, this raises :class:`Conflict` naming who, and writes nothing. A move the
    current state does not allow raises :class:`IllegalTransition` naming that state. An incident with open
    handoffs is resolved only with an ``override_reason`` (kept on the timeline and in the audit log), else
    :class:`OpenHandoffs`. ``owner_agent_id`` (re)assigns the owner with the move.

    Any move out of ``open`` counts as its acknowledgement (``acknowledged_at``) for the SLA; a move that
    meets an SLA late records the breach (once, see :mod:`console.services.sla`).
    """
    if to_status not in STATUSES:
        raise InvalidInput(detail=f"incident status {to_status!r}")
    if to_status == "duplicate":
        raise InvalidInput(detail="a duplicate needs the incident it duplicates: use mark_duplicate")
    at = at or utcnow()
    with _conflicts_named(db, incident_id):
        return _transition(
            db,
            actor,
            incident_id,
            to_status,
            expected_version,
            owner_agent_id,
            department_id,
            message,
            at,
            (override_reason or "").strip(),
        )


def _transition(
    db: Database,
    actor: Actor,
    incident_id: int,
    to_status: str,
    expected_version: int,
    owner_agent_id: int | None,
    department_id: int | None,
    message: str,
    at: datetime,
    override: str,
) -> int:
    with unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        s = unit.session
        inc = _load(unit, incident_id, expected_version)
        _require_move(inc, to_status)
        reviews.require_closable(s, inc, to_status)  # P1/P2: reviewed / closed only with a complete review
        if owner_agent_id is not None:
            _check_agent(s, owner_agent_id)
        data: dict[str, Any] = {}
        if to_status == "resolved":
            waiting = _open_handoffs(s, inc.id)
            if waiting and not override:
                raise OpenHandoffs(ref=inc.ref, departments=", ".join(name for _, name in waiting))
            if waiting:
                data.update(override_reason=override, open_handoffs=[hid for hid, _ in waiting])
        before = {"status": inc.status, "owner_agent_id": inc.owner_agent_id}
        if inc.acknowledged_at is None:
            inc.acknowledged_at = at
        if owner_agent_id is not None:
            inc.owner_agent_id = owner_agent_id
            data["owner_agent_id"] = owner_agent_id
        if to_status == "resolved":
            inc.resolved_at = at
        elif to_status == "closed":
            inc.closed_at = at
        elif to_status == "open":
            inc.resolved_at = inc.closed_at = None
        inc.status = to_status
        kind = EVENT_OF[to_status]
        s.add(
            IncidentEvent(
                incident_id=inc.id,
                at=at,
                kind=kind,
                actor=actor.username,
                department_id=department_id,
                message=message,
                data=data or None,
            )
        )
        extra = {"override_reason": override} if "override_reason" in data else {}
        version = _finish(unit, inc, f"incident.{kind}", before, **extra)
        sla.late_breaches(unit, inc, at)
        return version


def claim(
    db: Database,
    actor: Actor,
    incident_id: int,
    *,
    expected_version: int,
    owner_agent_id: int | None = None,
    message: str = "",
    at: datetime | None = None,
) -> int:
    """Acknowledge an incident with an owner: ``owner_agent_id``, or the agent the acting user is.

    Two workstations claiming the same incident: exactly one wins, the other gets :class:`Conflict` naming
    the winner. Returns the new version.
    """
    if owner_agent_id is None:
        with reachable(db), db.reading() as s:
            row = s.execute(select(Incident.ref).where(Incident.id == incident_id)).first()
            if row is None:
                raise NotFound(what="Incident", key=incident_id)
            owner_agent_id = s.scalar(select(User.agent_id).where(User.username == actor.username))
        if owner_agent_id is None:
            raise NoOwner(user=actor.username, ref=row.ref)
    return transition(
        db,
        actor,
        incident_id,
        "acknowledged",
        expected_version=expected_version,
        owner_agent_id=owner_agent_id,
        message=message,
        at=at,
    )


def add_note(db: Database, actor: Actor, incident_id: int, text: str, at: datetime | None = None) -> int:
    """Add a note to an incident's timeline (any state). Returns the event's id. Does not bump the version."""
    body = text.strip()
    if not body:
        raise InvalidInput(detail="empty note")
    at = at or utcnow()
    with reachable(db), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        if unit.session.get(Incident, incident_id) is None:
            raise NotFound(what="Incident", key=incident_id)
        event = IncidentEvent(incident_id=incident_id, at=at, kind="note", actor=actor.username, message=body)
        unit.session.add(event)
        unit.session.flush()
        unit.audit("incident.note", "incident", incident_id, event_id=event.id)
        return event.id


def mark_duplicate(
    db: Database,
    actor: Actor,
    incident_id: int,
    duplicate_of: int,
    *,
    expected_version: int,
    message: str = "",
    at: datetime | None = None,
) -> int:
    """Mark an incident a duplicate of (merge it into) ``duplicate_of``. Returns the duplicate's new version.

    Its timeline (each line keeps ``merged_from_id``), its handoffs and its hit count move to the surviving
    incident, which also takes its dedup key when it has none (later hits of that source land there). Both
    incidents' versions are bumped. ``duplicate`` is final.
    """
    at = at or utcnow()
    with _conflicts_named(db, incident_id), unit_of_work(db, actor, Perm.WORK_INCIDENT) as unit:
        s = unit.session
        inc = _load(unit, incident_id, expected_version)
        if duplicate_of == incident_id:
            raise SelfDuplicate(ref=inc.ref)
        target = s.get(Incident, duplicate_of)
        if target is None:
            raise NotFound(what="Incident", key=duplicate_of)
        if target.status == "duplicate":
            of = s.scalar(select(Incident.ref).where(Incident.id == target.duplicate_of_id))
            raise DuplicateOfDuplicate(target=target.ref, of=of or "?", ref=inc.ref)
        _require_move(inc, "duplicate")
        moved_events = _move(s, _EVENTS, inc.id, target.id, merged_from_id=True)
        moved_handoffs = _move(s, _HANDOFFS, inc.id, target.id)
        before = {"status": inc.status, "owner_agent_id": inc.owner_agent_id}
        inc.status = "duplicate"
        inc.duplicate_of_id = target.id
        inc.closed_at = at
        key = inc.dedup_key
        s.add(
            IncidentEvent(
                incident_id=inc.id,
                at=at,
                kind="marked_duplicate",
                actor=actor.username,
                message=message,
                data={"of": target.id, "of_ref": target.ref},
            )
        )
        version = _finish(unit, inc, "incident.marked_duplicate", before, of=target.id, of_ref=target.ref)
        target.hit_count += inc.hit_count
        target.last_seen_at = max(target.last_seen_at or target.opened_at, inc.last_seen_at or inc.opened_at)
        if key is not None and target.dedup_key is None and target.status in OPEN_STATUSES:
            target.dedup_key = key  # the duplicate left the worked states in the flush above: the key is free
        s.add(
            IncidentEvent(
                incident_id=target.id,
                at=at,
                kind="merged",
                actor=actor.username,
                message=message,
                data={
                    "from": inc.id,
                    "from_ref": inc.ref,
                    "hits": inc.hit_count,
                    "events": moved_events,
                    "handoffs": moved_handoffs,
                },
            )
        )
        _finish(unit, target, "incident.merged", None, duplicate=inc.id, duplicate_ref=inc.ref)
        return version


def _move(s: Session, table: Table, source: int, target: int, *, merged_from_id: bool = False) -> int:
    values: dict[str, Any] = {"incident_id": target}
    if merged_from_id:
        values["merged_from_id"] = func.coalesce(table.c.merged_from_id, source)
    return changed(s, update(table).where(table.c.incident_id == source).values(values))


def _require_move(inc: Incident, to_status: str) -> None:
    if not can_move(inc.status, to_status):
        raise IllegalTransition(
            ref=inc.ref, status=STATUSES.get(inc.status, inc.status), verb=VERBS[to_status]
        )


def _open_handoffs(s: Session, incident_id: int) -> list[tuple[int, str]]:
    """(handoff id, department name) of the incident's handoffs not yet closed."""
    return [
        (hid, name)
        for hid, name in s.execute(
            select(IncidentHandoff.id, Department.name)
            .join(Department, Department.id == IncidentHandoff.department_id)
            .where(IncidentHandoff.incident_id == incident_id, IncidentHandoff.closed_at.is_(None))
            .order_by(IncidentHandoff.id)
        )
    ]


def _check_agent(s: Session, agent_id: int) -> None:
    if s.get(Agent, agent_id) is None:
        raise NotFound(what="Agent", key=agent_id)


def _load(unit: Unit, incident_id: int, expected_version: int | None) -> Incident:
    inc = unit.session.get(Incident, incident_id)
    if inc is None:
        raise NotFound(what="Incident", key=incident_id)
    if expected_version is not None and inc.version != expected_version:
        raise Conflict(what=inc.ref)
    return inc


@contextmanager
def _conflicts_named(db: Database, incident_id: int) -> Iterator[None]:
    """Refuse changes while offline (:func:`reachable`), and make a :class:`Conflict` name who won the race
    (read after the rollback)."""
    try:
        with reachable(db):
            yield
    except Conflict as exc:
        if "who" not in exc.fields:
            raise _conflict(db, incident_id, exc.fields.get("what", incident_id)) from exc
        raise


def _conflict(db: Database, incident_id: int, what: object) -> Conflict:
    """The conflict as the loser should hear it: who made the last change that bumped the version of the
    incident that changed (``what``, its ref: in a merge it may be the other incident)."""
    which = Incident.ref == what if isinstance(what, str) else Incident.id == incident_id
    with db.reading() as s:
        row = s.execute(
            select(Incident.ref, IncidentEvent.actor)
            .join(IncidentEvent, IncidentEvent.incident_id == Incident.id)
            .where(which, IncidentEvent.kind.in_(VERSIONED_EVENTS))
            .order_by(IncidentEvent.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return Conflict(what=what)
    return Conflict(what=row.ref, who=row.actor)


def _finish(
    unit: Unit, inc: Incident, action: str, before: dict[str, Any] | None = None, **detail: Any
) -> int:
    """Bump the version (optimistic lock) and audit the change, with what it changed ``before`` → after."""
    ref = inc.ref  # read now: a failed flush rolls back and expires the object
    inc.version += 1
    try:
        unit.session.flush()
    except StaleDataError as exc:
        raise Conflict(what=ref) from exc
    extra: dict[str, Any] = dict(detail)
    if before is not None:
        after = {"status": inc.status, "owner_agent_id": inc.owner_agent_id}
        changed = [k for k in before if before[k] != after[k]]
        extra.update(before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    unit.audit(action, "incident", inc.id, ref=inc.ref, status=inc.status, version=inc.version, **extra)
    return inc.version


@dataclass(frozen=True)
class QueueRow:
    """An incident as the queue shows it.

    The fields after ``version`` are keyword-only with defaults (so views can extend the row): who owns it
    (``owner_agent_id``), when it left the worked states, and its open handoffs (``departments``: the
    departments it waits on; ``handoff_due_at``: the earliest due time among them).
    """

    id: int
    ref: str
    title: str
    category: str
    severity: int
    status: str
    owner: str | None
    opened_at: datetime
    ack_due_at: datetime
    resolve_due_at: datetime
    acknowledged_at: datetime | None
    version: int
    owner_agent_id: int | None = field(default=None, kw_only=True)
    resolved_at: datetime | None = field(default=None, kw_only=True)
    closed_at: datetime | None = field(default=None, kw_only=True)
    hit_count: int = field(default=1, kw_only=True)
    departments: tuple[int, ...] = field(default=(), kw_only=True)
    handoff_due_at: datetime | None = field(default=None, kw_only=True)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def sla_due(self) -> datetime:
        """The next SLA that matters: acknowledge while unacknowledged, then resolve."""
        return self.ack_due_at if self.acknowledged_at is None else self.resolve_due_at

    @property
    def ended_at(self) -> datetime | None:
        """When it stopped being worked: closed, else resolved (``None`` while worked)."""
        return self.closed_at or self.resolved_at


# Only the columns the queue shows (no ORM objects: 5,000 open incidents load in one plain query).
_QUEUE_COLUMNS = (
    Incident.id,
    Incident.ref,
    Incident.title,
    Incident.category,
    Incident.severity,
    Incident.status,
    Agent.display_name,
    Incident.opened_at,
    Incident.ack_due_at,
    Incident.resolve_due_at,
    Incident.acknowledged_at,
    Incident.version,
    Incident.owner_agent_id,
    Incident.resolved_at,
    Incident.closed_at,
    Incident.hit_count,
)


def _queue_select() -> Any:
    return select(*_QUEUE_COLUMNS).outerjoin(Agent, Agent.id == Incident.owner_agent_id)


def _rows(s: Session, stmt: Any, handoffs_of: Any) -> list[QueueRow]:
    """Queue rows from ``stmt`` (over :data:`_QUEUE_COLUMNS`), with the open handoffs ``handoffs_of``
    selects (a condition on :class:`IncidentHandoff`; ``None``: none read)."""
    waiting: dict[int, tuple[list[int], datetime | None]] = {}
    open_handoffs = select(IncidentHandoff.incident_id, IncidentHandoff.department_id, IncidentHandoff.due_at)
    for incident_id, department_id, due in (
        s.execute(open_handoffs.where(IncidentHandoff.closed_at.is_(None), handoffs_of))
        if handoffs_of is not None
        else ()
    ):
        depts, first = waiting.get(incident_id, ([], due))
        if department_id not in depts:
            depts.append(department_id)
        waiting[incident_id] = (depts, due if first is None else min(first, due))
    out = []
    for r in s.execute(stmt):
        depts, handoff_due = waiting.get(r[0], ([], None))
        out.append(
            QueueRow(
                *r[:12],
                owner_agent_id=r[12],
                resolved_at=r[13],
                closed_at=r[14],
                hit_count=r[15],
                departments=tuple(sorted(depts)),
                handoff_due_at=handoff_due,
            )
        )
    return out


def queue_row(inc: Incident, owner: str | None) -> QueueRow:
    """One incident (an ORM object) as a queue row, without its handoffs (the detail pane reads those)."""
    return QueueRow(
        inc.id,
        inc.ref,
        inc.title,
        inc.category,
        inc.severity,
        inc.status,
        owner,
        inc.opened_at,
        inc.ack_due_at,
        inc.resolve_due_at,
        inc.acknowledged_at,
        inc.version,
        owner_agent_id=inc.owner_agent_id,
        resolved_at=inc.resolved_at,
        closed_at=inc.closed_at,
        hit_count=inc.hit_count,
    )


def open_queue(s: Session) -> list[QueueRow]:
    """Every incident still worked, with its open handoffs."""
    stmt = _queue_select().where(Incident.status.in_(OPEN_STATUSES)).order_by(Incident.id)
    worked = select(Incident.id).where(Incident.status.in_(OPEN_STATUSES))
    return _rows(s, stmt, IncidentHandoff.incident_id.in_(worked))


def rows_by_id(s: Session, ids: list[int]) -> list[QueueRow]:
    """Current state of the given incidents, open or not (the queue drops the ones no longer open)."""
    stmt = _queue_select().where(Incident.id.in_(ids)).order_by(Incident.id)
    return _rows(s, stmt, IncidentHandoff.incident_id.in_(ids))


# Incidents no longer worked, as a search over history finds them.
ENDED_STATUSES = tuple(st for st in STATUSES if st not in OPEN_STATUSES)
SEARCH_LIMIT = 500


def search_ended(
    s: Session, *, words: str = "", since: datetime | None = None, limit: int = SEARCH_LIMIT
) -> list[QueueRow]:
    """Incidents no longer worked (resolved, reviewed, closed, duplicate), most recently ended first: those
    that ended ``since`` a moment, and/or whose ref, title or dedup key contains ``words`` (case ignored;
    an exact ref is found by its index). At most ``limit`` rows."""
    stmt = _queue_select().where(Incident.status.in_(ENDED_STATUSES))
    needle = words.strip()
    if needle:
        if _looks_like_ref(needle):
            stmt = stmt.where(Incident.ref == needle.upper())
        else:
            pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(
                or_(
                    Incident.title.ilike(pattern, escape="\\"),
                    Incident.dedup_key.ilike(pattern, escape="\\"),
                )
            )
    if since is not None:  # closed after resolved, never before: either index finds what ended since
        stmt = stmt.where(or_(Incident.closed_at >= since, Incident.resolved_at >= since))
    stmt = stmt.order_by(Incident.id.desc()).limit(limit)
    rows = _rows(s, stmt, None)
    return sorted(rows, key=lambda r: (r.ended_at or r.opened_at, r.id), reverse=True)


def _looks_like_ref(text: str) -> bool:
    parts = text.upper().split("-")
    return len(parts) == 3 and parts[0] == "INC" and parts[1].isdigit() and parts[2].isdigit()


def count_by_status(s: Session) -> dict[str, int]:
    return {
        status: n for status, n in s.execute(select(Incident.status, func.count()).group_by(Incident.status))
    }


def id_by_ref(s: Session, ref: str) -> int | None:
    """The incident whose reference is ``ref`` (as people type it: case and spaces forgiven)."""
    return s.scalar(select(Incident.id).where(Incident.ref == ref.strip().upper()))
