"""How long the change feed keeps its entries: one value for the whole floor, kept in the database.

The database prunes the feed itself (see :mod:`console.db.feedsql`); this only reads and sets how much it
keeps. A console that falls further behind than this (asleep, offline) reloads everything when it wakes.
"""

from __future__ import annotations

from sqlalchemy import select

from console.auth import Actor, Perm
from console.db.engine import Database
from console.db.feedsql import DEFAULT_RETENTION_HOURS
from console.db.models import FeedSettings
from console.errors import InvalidInput
from console.services.unit import unit_of_work

MAX_RETENTION_HOURS = 24 * 366


def feed_retention_hours(db: Database) -> int:
    with db.reading() as s:
        hours = s.scalar(select(FeedSettings.retention_hours).where(FeedSettings.id == 1))
    return int(hours) if hours is not None else DEFAULT_RETENTION_HOURS


def set_feed_retention(db: Database, actor: Actor, hours: int) -> None:
    """Keep ``hours`` of feed history (1 h to a year)."""
    if not 1 <= hours <= MAX_RETENTION_HOURS:
        raise InvalidInput(detail=f"feed retention {hours} h (1 to {MAX_RETENTION_HOURS})")
    with unit_of_work(db, actor, Perm.ADMINISTER_FEED) as unit:
        row = unit.session.get(FeedSettings, 1)
        before = row.retention_hours if row is not None else None
        if row is None:
            unit.session.add(FeedSettings(id=1, retention_hours=hours))
        else:
            row.retention_hours = hours
        unit.audit("feed.retention", "feed_settings", 1, hours=hours, before=before)
