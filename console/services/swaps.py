"""Shift swaps and "take this shift" offers, approved against the rota's rules (``shift_swaps``).

A swap names two rota rows: the requester's and the counterpart's, who gets the requester's shift and gives
theirs (same day: they trade templates; different days: each works the other's). An offer names only the
requester's row; someone takes it, and on approval works it instead. Either way: requested → accepted (the
counterpart agreed, or took the offer) → approved or rejected by someone who manages the rota; the
requester (or a manager) may cancel until it is decided.

Approval re-checks the rules on the rota as it would be after the swap and refuses, naming them, if the swap
breaks one (rest, nights or days in a row, the week's count, leave, one shift a day, or a coverage gap it
opens); an approved swap moves both rows in one transaction, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, RotaAssignment, ShiftSwap, ShiftTemplate, User
from console.errors import InvalidInput, NotFound, PermissionDenied
from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP
from console.rota.model import Shift, Violation
from console.services import rota
from console.services.unit import unit_of_work

OPEN = ("requested", "accepted")
SWAP_STATE = QT_TRANSLATE_NOOP("Errors", "Swap {id} is {status}: it cannot be {action} now.")
SWAP_STARTED = QT_TRANSLATE_NOOP("Errors", "A shift of swap {id} has started already.")
SWAP_SELF = QT_TRANSLATE_NOOP("Errors", "A swap needs another agent.")
SWAP_NOT_YOURS = QT_TRANSLATE_NOOP("Errors", "You can only ask or answer for your own shifts.")
SWAP_NEEDS_LEAVE_FREE = QT_TRANSLATE_NOOP("Errors", "Only a scheduled shift can be swapped or offered.")
STATUS_TITLES = {
    "requested": QT_TRANSLATE_NOOP("Swaps", "requested"),
    "accepted": QT_TRANSLATE_NOOP("Swaps", "accepted"),
    "approved": QT_TRANSLATE_NOOP("Swaps", "approved"),
    "rejected": QT_TRANSLATE_NOOP("Swaps", "rejected"),
    "cancelled": QT_TRANSLATE_NOOP("Swaps", "cancelled"),
}
ACTIONS = (
    QT_TRANSLATE_NOOP("Errors", "accepted"),
    QT_TRANSLATE_NOOP("Errors", "taken"),
    QT_TRANSLATE_NOOP("Errors", "approved"),
    QT_TRANSLATE_NOOP("Errors", "rejected"),
    QT_TRANSLATE_NOOP("Errors", "cancelled"),
)


@dataclass(frozen=True)
class SwapRow:
    """A swap as the dock and the CLI list it."""

    id: int
    status: str
    requester_id: int
    requester: str
    requester_day: date
    requester_code: str
    counterpart_id: int | None
    counterpart: str | None
    counterpart_day: date | None
    counterpart_code: str | None
    note: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    reason: str | None

    @property
    def is_offer(self) -> bool:
        return self.counterpart_day is None


def swaps(s: Session, *, open_only: bool = False) -> list[SwapRow]:
    q = select(ShiftSwap).order_by(ShiftSwap.id.desc())
    if open_only:
        q = q.where(ShiftSwap.status.in_(OPEN))
    found = list(s.scalars(q))
    ids = {w.requester_id for w in found} | {w.counterpart_id for w in found if w.counterpart_id}
    names: dict[int, str] = {}
    if ids:
        names = {i: n for i, n in s.execute(select(Agent.id, Agent.display_name).where(Agent.id.in_(ids)))}
    return [
        SwapRow(
            w.id,
            w.status,
            w.requester_id,
            names.get(w.requester_id, ""),
            w.requester_day,
            w.requester_code,
            w.counterpart_id,
            names.get(w.counterpart_id) if w.counterpart_id else None,
            w.counterpart_day,
            w.counterpart_code,
            w.note,
            w.requested_by,
            w.requested_at,
            w.decided_by,
            w.reason,
        )
        for w in found
    ]


def _own_agent(s: Session, actor: Actor) -> int | None:
    return s.scalar(select(User.agent_id).where(User.username == actor.username))


def _speaks_for(s: Session, actor: Actor, agent_id: int) -> None:
    """A manager may act for anyone; anyone else only for the agent their user is."""
    if actor.can(Perm.MANAGE_ROTA):
        return
    if _own_agent(s, actor) != agent_id:
        raise PermissionDenied(SWAP_NOT_YOURS)


def _row(s: Session, row_id: int, now: datetime) -> RotaAssignment:
    row = s.get(RotaAssignment, row_id)
    if row is None:
        raise NotFound(what="Shift", key=row_id)
    if row.status != "scheduled":
        raise InvalidInput(SWAP_NEEDS_LEAVE_FREE)
    if row.starts_at <= now:
        raise InvalidInput(rota.STARTED, code=_code(s, row), day=row.shift_date.isoformat())
    return row


def _code(s: Session, row: RotaAssignment) -> str:
    return s.scalar(select(ShiftTemplate.code).where(ShiftTemplate.id == row.shift_template_id)) or ""


def request(
    db: Database,
    actor: Actor,
    row_id: int,
    counterpart_row_id: int | None = None,
    *,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Ask to swap the shift ``row_id`` for ``counterpart_row_id``, or (``None``) offer it to be taken."""
    now = now or utcnow()
    with unit_of_work(db, actor, Perm.REQUEST_SHIFT_SWAP) as unit:
        s = unit.session
        mine = _row(s, row_id, now)
        _speaks_for(s, actor, mine.agent_id)
        theirs = _row(s, counterpart_row_id, now) if counterpart_row_id is not None else None
        if theirs is not None and theirs.agent_id == mine.agent_id:
            raise InvalidInput(SWAP_SELF)
        sw = ShiftSwap(
            requester_id=mine.agent_id,
            requester_row_id=mine.id,
            requester_day=mine.shift_date,
            requester_code=_code(s, mine),
            counterpart_id=theirs.agent_id if theirs else None,
            counterpart_row_id=theirs.id if theirs else None,
            counterpart_day=theirs.shift_date if theirs else None,
            counterpart_code=_code(s, theirs) if theirs else None,
            status="requested",
            note=note.strip()[:200],
            requested_by=actor.username,
            requested_at=now,
        )
        s.add(sw)
        s.flush()
        unit.audit(
            "swap.offer" if theirs is None else "swap.request",
            "shift_swap",
            sw.id,
            requester=mine.agent_id,
            day=mine.shift_date.isoformat(),
            counterpart=sw.counterpart_id,
        )
        return sw.id


def _open(s: Session, swap_id: int, action: str, allowed: tuple[str, ...]) -> ShiftSwap:
    sw = s.get(ShiftSwap, swap_id)
    if sw is None:
        raise NotFound(what="Shift swap", key=swap_id)
    if sw.status not in allowed:
        raise InvalidInput(SWAP_STATE, id=swap_id, status=sw.status, action=action)
    return sw


def accept(db: Database, actor: Actor, swap_id: int) -> None:
    """The counterpart agrees to a swap asked of them."""
    with unit_of_work(db, actor, Perm.REQUEST_SHIFT_SWAP) as unit:
        sw = _open(unit.session, swap_id, "accepted", ("requested",))
        if sw.counterpart_id is None or sw.counterpart_day is None:
            raise InvalidInput(SWAP_STATE, id=swap_id, status=sw.status, action="accepted")
        _speaks_for(unit.session, actor, sw.counterpart_id)
        sw.status = "accepted"
        unit.audit("swap.accept", "shift_swap", sw.id)


def take(db: Database, actor: Actor, swap_id: int, agent_id: int | None = None) -> None:
    """Take an offered shift (for ``agent_id``, or the agent the actor's user is)."""
    with unit_of_work(db, actor, Perm.REQUEST_SHIFT_SWAP) as unit:
        s = unit.session
        sw = _open(s, swap_id, "taken", ("requested",))
        if sw.counterpart_day is not None:
            raise InvalidInput(SWAP_STATE, id=swap_id, status=sw.status, action="taken")
        taker = agent_id if agent_id is not None else _own_agent(s, actor)
        if taker is None or s.get(Agent, taker) is None:
            raise NotFound(what="Agent", key=agent_id if agent_id is not None else actor.username)
        _speaks_for(s, actor, taker)
        if taker == sw.requester_id:
            raise InvalidInput(SWAP_SELF)
        sw.counterpart_id, sw.status = taker, "accepted"
        unit.audit("swap.take", "shift_swap", sw.id, taker=taker)


def after_swap(rows: list[Shift], sw: ShiftSwap) -> list[Shift]:
    """The rota rows as they would be once the swap is done."""
    out = []
    for r in rows:
        if r.id is not None and r.id == sw.requester_row_id:
            out.append(Shift(sw.counterpart_id or 0, r.day, r.code, r.status, r.leave_type, r.id))
        elif r.id is not None and sw.counterpart_row_id is not None and r.id == sw.counterpart_row_id:
            out.append(Shift(sw.requester_id, r.day, r.code, r.status, r.leave_type, r.id))
        else:
            out.append(r)
    return out


def approve(db: Database, actor: Actor, swap_id: int, *, now: datetime | None = None) -> None:
    """Approve an accepted swap: the rules are checked on the rota as it would be, then both rows move."""
    now = now or utcnow()
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        s = unit.session
        sw = _open(s, swap_id, "approved", ("accepted",))
        if sw.counterpart_id is None or sw.requester_row_id is None:
            raise InvalidInput(SWAP_STATE, id=swap_id, status=sw.status, action="approved")
        mine = s.get(RotaAssignment, sw.requester_row_id)
        theirs = s.get(RotaAssignment, sw.counterpart_row_id) if sw.counterpart_row_id else None
        rows_now = [r for r in (mine, theirs) if r is not None]
        if mine is None or any(r.starts_at <= now or r.status != "scheduled" for r in rows_now):
            raise InvalidInput(SWAP_STARTED, id=swap_id)
        days = [r.shift_date for r in rows_now]
        first, last = min(days) - timedelta(days=7), max(days) + timedelta(days=7)
        current = rota.shifts(s, first - timedelta(days=rota.CONTEXT_DAYS), last)
        before = rota._check(s, current, first, last)
        after = rota._check(s, after_swap(current, sw), first, last)
        checks = [(sw.counterpart_id, mine.shift_date), (sw.requester_id, mine.shift_date)]
        if theirs is not None:
            checks.append((sw.requester_id, theirs.shift_date))
        broken: dict[tuple[object, ...], Violation] = {}
        for agent_id, day in checks:
            for v in rota._new_violations(before, after, agent_id, day):
                broken.setdefault((v.kind, v.day, v.agent_id, v.desk, v.hour), v)
        if broken:
            raise rota.RulesBroken(list(broken.values()), rota.SWAP_BROKEN)
        if theirs is not None and theirs.shift_date == mine.shift_date:
            # Same day: trade the shifts themselves (two rows of one agent on one day cannot exist even
            # for a moment).
            mine.shift_template_id, theirs.shift_template_id = (
                theirs.shift_template_id,
                mine.shift_template_id,
            )
            mine.starts_at, theirs.starts_at = theirs.starts_at, mine.starts_at
            mine.ends_at, theirs.ends_at = theirs.ends_at, mine.ends_at
        else:
            mine.agent_id = sw.counterpart_id
            if theirs is not None:
                theirs.agent_id = sw.requester_id
        sw.status, sw.decided_by, sw.decided_at = "approved", actor.username, now
        unit.audit(
            "swap.approve",
            "shift_swap",
            sw.id,
            requester=sw.requester_id,
            counterpart=sw.counterpart_id,
            days=[d.isoformat() for d in days],
        )


def reject(
    db: Database, actor: Actor, swap_id: int, reason: str = "", *, now: datetime | None = None
) -> None:
    with unit_of_work(db, actor, Perm.MANAGE_ROTA) as unit:
        sw = _open(unit.session, swap_id, "rejected", OPEN)
        sw.status, sw.decided_by, sw.decided_at = "rejected", actor.username, now or utcnow()
        sw.reason = reason.strip()[:200] or None
        unit.audit("swap.reject", "shift_swap", sw.id, reason=sw.reason)


def cancel(db: Database, actor: Actor, swap_id: int, *, now: datetime | None = None) -> None:
    """The requester (or a manager) withdraws a swap not yet decided."""
    with unit_of_work(db, actor, Perm.REQUEST_SHIFT_SWAP) as unit:
        sw = _open(unit.session, swap_id, "cancelled", OPEN)
        _speaks_for(unit.session, actor, sw.requester_id)
        sw.status, sw.decided_by, sw.decided_at = "cancelled", actor.username, now or utcnow()
        unit.audit("swap.cancel", "shift_swap", sw.id)
