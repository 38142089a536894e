"""The audit viewer's read side: who did what, when, from where, on which entity, with before → after.

The log grows without bound, so it is read in pages, newest first, by key (``id < before_id``), never by
offset: a page costs the same on the first day and after a year. New records are read with ``id > newest``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from console.db.models import AuditEntry, User

PAGE = 200


@dataclass(frozen=True)
class AuditFilter:
    """Which records to show; ``None`` is "any". ``since`` inclusive, ``until`` exclusive (UTC moments)."""

    actor: str | None = None
    entity: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    role: str
    host: str
    action: str
    entity: str
    entity_id: str
    change: str  # "status: open → acknowledged", or the detail in a line
    detail: str  # the whole detail as JSON (the tooltip)

    @property
    def key(self) -> int:
        return self.id


def _value(v: Any) -> str:
    return "—" if v is None else str(v)


def describe_change(detail: dict[str, Any] | None) -> str:
    """One line for people: ``before``/``after`` pairs as ``field: old → new``, else the detail's fields."""
    if not detail:
        return ""
    before, after = detail.get("before"), detail.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        keys = list(dict.fromkeys([*before, *after]))
        return "; ".join(f"{k}: {_value(before.get(k))} → {_value(after.get(k))}" for k in keys)
    return ", ".join(f"{k}={_value(v)}" for k, v in detail.items())


def _filtered(stmt: Select[Any], flt: AuditFilter) -> Select[Any]:
    if flt.actor:
        stmt = stmt.where(AuditEntry.actor == flt.actor)
    if flt.entity:
        stmt = stmt.where(AuditEntry.entity == flt.entity)
    if flt.since is not None:
        stmt = stmt.where(AuditEntry.at >= flt.since)
    if flt.until is not None:
        stmt = stmt.where(AuditEntry.at < flt.until)
    return stmt


def _rows(s: Session, stmt: Select[Any]) -> list[AuditRow]:
    return [
        AuditRow(
            e.id,
            e.at,
            e.actor,
            e.role,
            e.host or "",
            e.action,
            e.entity,
            e.entity_id or "",
            describe_change(e.detail),
            json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        )
        for e in s.scalars(stmt)
    ]


def page(s: Session, flt: AuditFilter, before_id: int | None = None, limit: int = PAGE) -> list[AuditRow]:
    """Up to ``limit`` records matching ``flt``, newest first, older than ``before_id`` when given."""
    stmt = _filtered(select(AuditEntry), flt)
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    return _rows(s, stmt.order_by(AuditEntry.id.desc()).limit(limit))


def newer(s: Session, flt: AuditFilter, after_id: int, limit: int = PAGE) -> list[AuditRow]:
    """Records matching ``flt`` written after ``after_id`` (newest first; at most ``limit``)."""
    stmt = _filtered(select(AuditEntry), flt).where(AuditEntry.id > after_id)
    return _rows(s, stmt.order_by(AuditEntry.id.desc()).limit(limit))


def choices(s: Session) -> tuple[list[str], list[str]]:
    """The users and the entity kinds the log names, for the filters."""
    actors = sorted(s.scalars(select(User.username)))  # every writer is a user (services check it)
    entities = sorted(s.scalars(select(AuditEntry.entity).distinct()))
    return actors, entities
