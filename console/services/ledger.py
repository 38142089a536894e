"""The discipline ledger of one agent: attendance exceptions (with how they were worked), the supervisor's
coaching notes and, once wired, adherence misses, over a date range, newest first.

**Adherence.** The agent's out-of-adherence stretches (:func:`console.services.adherence.misses`: objects
with ``at``, ``minutes`` and ``text``) join the ledger as kind ``adherence``; :func:`entries` takes another
source as ``misses=`` (tests). Nothing here computes adherence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.models import Agent, AttendanceException, CoachingNote
from console.errors import InvalidInput, NotFound
from console.floortime import utcnow
from console.services import adherence
from console.services.unit import unit_of_work

NOTE_LIMIT = 1000

MissesFn = Callable[[Session, int, datetime, datetime], Iterable[Any]]
ADHERENCE_MISSES: MissesFn = adherence.misses


@dataclass(frozen=True)
class LedgerEntry:
    """One line of the ledger. ``source``: exception | note | adherence; ``kind``: the exception's kind
    (``late``…), ``note`` or ``adherence``; ``text``: the note, or the exception's note."""

    at: datetime
    source: str
    kind: str
    minutes: int | None = None
    severity: str | None = None
    status: str | None = None
    reason_code: str | None = None
    contacted_at: datetime | None = None
    text: str | None = None
    author: str | None = None
    ref: int | None = None  # the exception's or note's id

    @property
    def key(self) -> tuple[str, int | None, datetime]:
        return (self.source, self.ref, self.at)


def add_note(db: Database, actor: Actor, agent_id: int, text: str, *, at: datetime | None = None) -> int:
    """Add a coaching note to ``agent_id``'s ledger (audited). Returns its id."""
    text = text.strip()
    if not text:
        raise InvalidInput(detail="an empty coaching note")
    if len(text) > NOTE_LIMIT:
        raise InvalidInput(detail=f"a note of {len(text)} characters (at most {NOTE_LIMIT})")
    with unit_of_work(db, actor, Perm.WORK_EXCEPTIONS) as unit:
        if unit.session.get(Agent, agent_id) is None:
            raise NotFound(what="Agent", key=agent_id)
        note = CoachingNote(agent_id=agent_id, at=at or utcnow(), author=actor.username, text=text)
        unit.session.add(note)
        unit.session.flush()
        unit.audit("attendance.coaching_note", "agent", agent_id, note_id=note.id)
        return note.id


def entries(
    s: Session, agent_id: int, first: datetime, last: datetime, *, misses: MissesFn | None = None
) -> list[LedgerEntry]:
    """The ledger of ``agent_id`` for ``[first, last)``, newest first."""
    out: list[LedgerEntry] = []
    x = AttendanceException
    for row in s.scalars(select(x).where(x.agent_id == agent_id, x.at >= first, x.at < last)):
        out.append(
            LedgerEntry(
                row.at,
                "exception",
                row.kind,
                row.minutes,
                row.severity,
                row.status,
                row.reason_code,
                row.contacted_at,
                row.note,
                row.resolved_by or row.updated_by,
                row.id,
            )
        )
    n = CoachingNote
    for note in s.scalars(select(n).where(n.agent_id == agent_id, n.at >= first, n.at < last)):
        out.append(LedgerEntry(note.at, "note", "note", text=note.text, author=note.author, ref=note.id))
    fn = misses or ADHERENCE_MISSES
    if fn is not None:
        for miss in fn(s, agent_id, first, last):
            out.append(
                LedgerEntry(
                    miss.at,
                    "adherence",
                    "adherence",
                    minutes=None if getattr(miss, "minutes", None) is None else round(miss.minutes),
                    text=getattr(miss, "text", None) or getattr(miss, "kind", None),
                )
            )
    out.sort(key=lambda e: (e.at, e.source, e.ref or 0), reverse=True)
    return out
