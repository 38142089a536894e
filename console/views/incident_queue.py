"""The incident queue: every incident still worked (live), or a search of the ones that ended; and the
filters and saved views the supervisor narrows it with.

The worked incidents are few (thousands at the worst of a wave): the view reads them all and the dock's
model filters and sorts them in memory, so changing a filter or a sort reads nothing. Incidents that ended
are many (a million after a few years): they are searched in SQL (:class:`QueueKey` with
``scope="ended"``), newest first, at most :data:`~console.services.incidents.SEARCH_LIMIT` of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.alerts import sla_share
from console.db.engine import Database
from console.db.models import Incident, User
from console.i18n import QT_TRANSLATE_NOOP
from console.services import incidents
from console.services.incidents import QueueRow
from console.topics import Topic
from console.views import Changes, Patch, Snapshot, View, named, promote

WORKED = "worked"
ENDED = "ended"


@dataclass(frozen=True)
class QueueKey:
    """What the queue reads: the worked incidents (the same for every console), or a search of the ended
    ones (``words`` in the ref, title or dedup key; ended ``since`` a moment)."""

    scope: str = WORKED
    words: str = ""
    since: datetime | None = None


@dataclass(frozen=True)
class IncidentRow(QueueRow):
    """An incident as the queue shows it, held by its id."""

    @property
    def key(self) -> int:
        return self.id


QueueSnapshot = Snapshot[QueueKey, IncidentRow]
QueuePatch = Patch[QueueKey, IncidentRow]


class IncidentQueueView(View[QueueKey, IncidentRow]):
    """Incidents of the key's scope. A patch holds the named incidents still in scope; the others (ended,
    reopened, deleted) are ``gone``. An agent named under ``AGENT`` (renamed) refreshes the incidents they
    own; a department renamed changes nothing the rows hold (they keep department ids)."""

    topics: ClassVar[frozenset[Topic]] = frozenset({Topic.INCIDENT, Topic.AGENT})

    def snapshot(self, s: Session, key: QueueKey) -> QueueSnapshot:
        if key.scope == ENDED:
            rows: Iterable[QueueRow] = incidents.search_ended(s, words=key.words, since=key.since)
        else:
            rows = incidents.open_queue(s)
        return Snapshot(key, tuple(promote(IncidentRow, r) for r in rows))

    def patch(self, s: Session, key: QueueKey, batch: Changes) -> QueueSnapshot | QueuePatch:
        ids, reload = named(batch)
        if reload or self.count(ids) > self.reload_over:
            return self.snapshot(s, key)
        asked = set(ids.get(Topic.INCIDENT, ()))
        owners = ids.get(Topic.AGENT)
        if owners:
            asked.update(s.scalars(select(Incident.id).where(Incident.owner_agent_id.in_(sorted(owners)))))
        if not asked:
            return Patch(key)
        rows = [promote(IncidentRow, r) for r in incidents.rows_by_id(s, sorted(asked)) if in_scope(key, r)]
        return Patch(key, tuple(rows), frozenset(asked - {r.id for r in rows}))


def in_scope(key: QueueKey, row: QueueRow) -> bool:
    """Whether ``row`` belongs to what ``key`` reads (an incident that ended while a search is shown
    joins it when it matches the search)."""
    if key.scope != ENDED:
        return row.is_open
    if row.is_open:
        return False
    if key.since is not None and (row.ended_at is None or row.ended_at < key.since):
        return False
    words = key.words.strip().lower()
    return not words or words == row.ref.lower() or words in row.title.lower()


VIEW = IncidentQueueView()


# -- filters and saved views ---------------------------------------------------------------------------
UNASSIGNED = -1  # ``QueueFilter.owner``: incidents nobody owns


@dataclass(frozen=True)
class QueueFilter:
    """What the supervisor narrows the queue to. Empty sets and ``None`` match everything.

    ``owner``: an agent id, :data:`UNASSIGNED`, or ``None``; ``department``: incidents waiting on a handoff
    to it; ``text``: words in the ref, title, owner or category code (case ignored); ``unacknowledged``,
    ``breaching`` (SLA at 90 % or past), ``waiting``: any open handoff.
    """

    severities: frozenset[int] = frozenset()
    statuses: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    owner: int | None = None
    department: int | None = None
    text: str = ""
    unacknowledged: bool = False
    breaching: bool = False
    waiting: bool = False
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(self.text.lower().split()))

    @property
    def is_empty(self) -> bool:
        return self == QueueFilter()

    def matches(self, row: QueueRow, now: datetime) -> bool:
        if self.severities and row.severity not in self.severities:
            return False
        if self.statuses and row.status not in self.statuses:
            return False
        if self.categories and row.category not in self.categories:
            return False
        if self.owner is not None:
            if self.owner == UNASSIGNED:
                if row.owner_agent_id is not None:
                    return False
            elif row.owner_agent_id != self.owner:
                return False
        if self.department is not None and self.department not in row.departments:
            return False
        if self.unacknowledged and row.acknowledged_at is not None:
            return False
        if self.waiting and not row.departments:
            return False
        if self.breaching and (not row.is_open or sla_share(row, now) < BREACHING):
            return False
        if self.words:
            hay = f"{row.ref} {row.title} {row.owner or ''} {row.category}".lower()
            if not all(w in hay for w in self.words):
                return False
        return True

    def varies_with_time(self) -> bool:
        """Whether a row can start or stop matching as time passes alone (the SLA share grows)."""
        return self.breaching


BREACHING = 0.9  # the "Breaching" view: SLAs at 90 % of their target or past it


@dataclass(frozen=True)
class SavedView:
    """A named way to look at the queue: a filter over the worked incidents, or a search of the ended."""

    code: str
    title: str  # QT_TRANSLATE_NOOP("SavedView", ...)
    scope: str = WORKED
    filter: QueueFilter = QueueFilter()
    mine: bool = False  # owner: the signed-in user's agent
    today: bool = False  # ended since the start of the floor's day


SAVED_VIEWS: tuple[SavedView, ...] = (
    SavedView("all", QT_TRANSLATE_NOOP("SavedView", "All worked incidents")),
    SavedView("mine", QT_TRANSLATE_NOOP("SavedView", "My incidents"), mine=True),
    SavedView(
        "unacknowledged",
        QT_TRANSLATE_NOOP("SavedView", "Unacknowledged"),
        filter=QueueFilter(unacknowledged=True),
    ),
    SavedView("breaching", QT_TRANSLATE_NOOP("SavedView", "Breaching"), filter=QueueFilter(breaching=True)),
    SavedView(
        "waiting", QT_TRANSLATE_NOOP("SavedView", "Waiting on departments"), filter=QueueFilter(waiting=True)
    ),
    SavedView("closed_today", QT_TRANSLATE_NOOP("SavedView", "Closed today"), scope=ENDED, today=True),
    SavedView("history", QT_TRANSLATE_NOOP("SavedView", "Search closed incidents"), scope=ENDED),
)
SAVED_BY_CODE = {v.code: v for v in SAVED_VIEWS}


def queue_choices(db: Database, username: str) -> tuple[list[tuple[int, str]], int | None]:
    """What the queue's filters offer beyond the rows: the departments ``(id, name)``, and the agent the
    user ``username`` is ("My incidents"; ``None`` for a user who is no agent)."""
    from console.services import org

    with db.reading() as s:
        agent = s.scalar(select(User.agent_id).where(User.username == username))
    return org.department_choices(db), agent


def saved_filter(view: SavedView, my_agent_id: int | None) -> QueueFilter:
    """The filter a saved view applies for this user (``My incidents`` of a user who is no agent: none)."""
    if view.mine:
        return replace(view.filter, owner=my_agent_id if my_agent_id is not None else UNASSIGNED - 1)
    return view.filter
