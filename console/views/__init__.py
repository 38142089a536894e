"""The read side of the console, one view per dock, with no Qt at all.

A view turns the database into plain rows for one dock: :meth:`View.snapshot` reads everything the dock
shows for a *key* (a frozen plain value the GUI thread prepares before the read starts: the running shift
and floor, the chart window, ...), and :meth:`View.patch` reads only what a
:class:`~console.topics.ChangeBatch` names. A patch falls back to a snapshot when the batch asks for a
reload, touches the whole thing (the floor itself, a zone), or names more ids than refetching one by one
is worth.

Rows are frozen dataclasses with a ``key`` attribute (the id the dock's keyed table model holds them by).
Views run on a worker thread inside ``with db.reading() as s:``; they never see a widget.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from console.topics import ChangeBatch, Topic

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
T = TypeVar("T")

# More ids than this in one batch: one snapshot costs less than refetching them one by one.
RELOAD_OVER = 200


class Row(Protocol):
    @property
    def key(self) -> Hashable: ...


@dataclass(frozen=True)
class Snapshot(Generic[K, R]):
    """Everything a dock shows for ``key``: replaces what the dock holds."""

    key: K
    rows: tuple[R, ...] = ()


@dataclass(frozen=True)
class Patch(Generic[K, R]):
    """The current state of some rows (insert or update) and the keys of rows that are gone."""

    key: K
    rows: tuple[R, ...] = ()
    gone: frozenset[Hashable] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.rows or self.gone)


Changes = ChangeBatch | Mapping[Topic, Iterable[int]]


def named(batch: Changes) -> tuple[dict[Topic, frozenset[int]], str]:
    """The ids per topic a batch names, and its reload reason (``""`` for none)."""
    if isinstance(batch, ChangeBatch):
        return dict(batch.ids), batch.reload
    return {Topic(topic): frozenset(ids) for topic, ids in batch.items()}, ""


def promote(cls: type[T], row: Any) -> T:
    """``row`` (a service dataclass) as its keyed subclass ``cls``, field for field (no deep copy)."""
    return cls(**{f.name: getattr(row, f.name) for f in dataclasses.fields(row)})


class View(ABC, Generic[K, R]):
    """What one dock reads. Subclasses set :attr:`topics` and implement both reads.

    Attributes:
        topics: the topics whose ids this view understands; a batch naming none of them changes nothing.
        reload_over: a batch naming more ids than this is answered with a snapshot.
    """

    topics: ClassVar[frozenset[Topic]] = frozenset()
    reload_over: ClassVar[int] = RELOAD_OVER

    @abstractmethod
    def snapshot(self, s: Session, key: K) -> Snapshot[K, R]:
        """Every row the dock shows for ``key``."""

    @abstractmethod
    def patch(self, s: Session, key: K, batch: Changes) -> Snapshot[K, R] | Patch[K, R]:
        """The rows a batch names, or a snapshot when that is what the batch calls for."""

    def relevant(self, batch: Changes) -> bool:
        """Whether a batch concerns this view at all (a reload concerns every view)."""
        ids, reload = named(batch)
        return bool(reload) or any(ids.get(t) for t in self.topics)

    def count(self, ids: Mapping[Topic, frozenset[int]]) -> int:
        """How many ids of this view's topics a batch names."""
        return sum(len(ids.get(t, ())) for t in self.topics)
