"""The break planner itself, with no database: how a floor's rules split an allowance, and how breaks are
staggered over a shift so no desk drops below its minimum or sends more than its share away at once.

:mod:`console.services.breaks` reads the floor into these plain values, runs :func:`stagger` and stores
what it returns; the property tests drive it directly over random small floors.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from console.floortime import utcnow
from console.i18n import QT_TRANSLATE_NOOP

STEP = timedelta(minutes=5)  # the planning grid
GAP = timedelta(minutes=30)  # at least this between one person's breaks

# Why a slot could not be placed (stable keys; the titles are translated by the UI and the CLI).
REASONS = {
    "minimum": QT_TRANSLATE_NOOP("Breaks", "the desk would drop below its minimum"),
    "share": QT_TRANSLATE_NOOP("Breaks", "too many of the desk already on break"),
    "window": QT_TRANSLATE_NOOP("Breaks", "no room in the shift outside its first and last hour"),
}


@dataclass(frozen=True)
class Rules:
    """How breaks may be taken on a floor (``break_rules``; these defaults when the floor has no row)."""

    max_breaks: int = 3
    edge_minutes: int = 60
    max_share_pct: int = 20
    adherence_minutes: int = 5

    @property
    def edge(self) -> timedelta:
        return timedelta(minutes=self.edge_minutes)

    def capacity(self, rostered: int) -> int:
        """How many of ``rostered`` people on a desk may be on break at once: the share, at least one (a
        desk of four would otherwise never break; its minimum still holds it back)."""
        return max(1, rostered * self.max_share_pct // 100)

    def pieces(self, allowance: int) -> list[int]:
        """The allowance split into planned breaks (minutes): 60 → 15 + 30 + 15, 90 → 20 + 50 + 20, in at
        most :attr:`max_breaks` pieces on whole 5 minutes."""
        if allowance <= 0:
            return []
        k = max(1, min(self.max_breaks, allowance // 10))
        if k == 1:
            return [allowance]
        if k == 2:
            first = 5 * round(allowance / 10)
            return [first, allowance - first]
        short = 5 * max(1, allowance // 2 // (k - 1) // 5)
        middle = allowance - short * (k - 1)
        out = [short] * (k - 1)
        out.insert(k // 2, middle)
        return out

    def longest(self, allowance: int) -> int:
        """The longest single break the allowance plans (the limit of a break that matched no slot)."""
        return max(self.pieces(allowance), default=0)


# -- the planner (pure) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rostered:
    """One person on a desk for a stretch of time. ``allowance`` 0: counts toward the desk, plans nothing."""

    rota_id: int
    agent_id: int
    desk: str
    starts_at: datetime
    ends_at: datetime
    allowance: int = 0
    name: str = ""


@dataclass(frozen=True)
class Slot:
    """A planned break."""

    rota_id: int
    agent_id: int
    desk: str
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Unplaced:
    """A break the planner could not place, and why (a key of :data:`REASONS`)."""

    rota_id: int
    agent_id: int
    desk: str
    minutes: int
    reason: str
    name: str = ""


@dataclass(frozen=True)
class BreakPlan:
    """The planned breaks of the shifts starting at ``starts_at``, and those that found no room."""

    starts_at: datetime
    slots: tuple[Slot, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    kept: tuple[Slot, ...] = field(default=())  # slots already begun when re-planned, left as they were


Minimum = Callable[[str, datetime], int]


def _grid(t: datetime) -> datetime:
    """``t`` rounded up to the planning grid (whole 5 minutes of the epoch)."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    steps = math.ceil((t - epoch) / STEP)
    return epoch + steps * STEP


class _Desks:
    """Rostered and on-break counts per desk per grid step."""

    def __init__(self, people: Iterable[Rostered], rules: Rules, minimum: Minimum) -> None:
        self.rules = rules
        self.minimum = minimum
        self.rostered: dict[str, Counter[datetime]] = {}
        self.away: dict[str, Counter[datetime]] = {}
        for p in people:
            counts = self.rostered.setdefault(p.desk, Counter())
            t = _grid(p.starts_at)
            while t < p.ends_at:
                counts[t] += 1
                t += STEP
            self.away.setdefault(p.desk, Counter())

    def take(self, desk: str, start: datetime, minutes: int) -> None:
        away = self.away.setdefault(desk, Counter())
        for t in _steps(start, minutes):
            away[t] += 1

    def blocked(self, desk: str, start: datetime, minutes: int) -> str | None:
        """Why one more person of ``desk`` cannot be away from ``start`` for ``minutes`` (None: they can)."""
        rostered, away = self.rostered.get(desk, Counter()), self.away.get(desk, Counter())
        for t in _steps(start, minutes):
            n, off = rostered[t], away[t]
            if n - off - 1 < self.minimum(desk, t):
                return "minimum"
            if off + 1 > self.rules.capacity(n):
                return "share"
        return None


def _steps(start: datetime, minutes: int) -> list[datetime]:
    return [start + i * STEP for i in range(math.ceil(timedelta(minutes=minutes) / STEP))]


def stagger(
    people: Sequence[Rostered],
    rules: Rules,
    minimum: Minimum,
    *,
    others: Sequence[Rostered] = (),
    fixed: Sequence[Slot] = (),
    earliest: datetime | None = None,
) -> BreakPlan:
    """Plan the breaks of ``people``.

    Args:
        people: who to plan (their ``allowance`` split by :meth:`Rules.pieces`, less what ``fixed`` already
            gives them).
        rules: the floor's rules.
        minimum: the desk's required headcount at a moment.
        others: people on the same desks at the same time who are not planned now (another shift pattern);
            they count toward the desk.
        fixed: breaks already planned that stay (others' breaks, slots begun before a re-plan).
        earliest: no new slot starts before this (a re-plan during the shift).

    Every person's pieces are placed in rounds (everyone's longest first, then the next), each at the grid
    step nearest its ideal moment (the pieces spread evenly over the shift's middle) where the desk keeps
    its minimum and share and the person keeps :data:`GAP` from their other breaks.
    """
    desks = _Desks([*people, *others], rules, minimum)
    own: dict[int, list[Slot]] = {}
    for slot in fixed:
        desks.take(slot.desk, slot.starts_at, slot.minutes)
        own.setdefault(slot.rota_id, []).append(slot)
    wanted: list[tuple[int, int, Rostered, int, datetime]] = []  # (round, order, person, minutes, ideal)
    for order, p in enumerate(sorted(people, key=lambda p: (p.desk, p.starts_at, p.agent_id))):
        mine = own.get(p.rota_id, [])
        left = p.allowance - sum(s.minutes for s in mine)
        count = rules.max_breaks - len(mine)
        pieces = replace(rules, max_breaks=count).pieces(left) if left > 0 and count > 0 else []
        span = (p.ends_at - p.starts_at) - 2 * rules.edge
        gap = (span - timedelta(minutes=sum(pieces))) / (len(pieces) + 1)
        at = p.starts_at + rules.edge
        ideals: list[tuple[int, datetime]] = []
        for minutes in pieces:
            at += gap
            ideals.append((minutes, at))
            at += timedelta(minutes=minutes)
        by_length = sorted(range(len(ideals)), key=lambda i: -ideals[i][0])
        for rnd, i in enumerate(by_length):
            wanted.append((rnd, order, p, *ideals[i]))
    slots: list[Slot] = []
    unplaced: list[Unplaced] = []
    for _rnd, _order, p, minutes, ideal in sorted(wanted, key=lambda w: (w[0], w[1])):
        lo = _grid(max(p.starts_at + rules.edge, earliest or p.starts_at))
        hi = p.ends_at - rules.edge - timedelta(minutes=minutes)
        candidates: list[datetime] = []
        t = lo
        while t <= hi:
            candidates.append(t)
            t += STEP
        candidates.sort(key=lambda c: (abs((c - ideal).total_seconds()), c))
        why: Counter[str] = Counter()
        placed = None
        for c in candidates:
            end = c + timedelta(minutes=minutes)
            if any(c < s.ends_at + GAP and s.starts_at < end + GAP for s in own.get(p.rota_id, [])):
                why["window"] += 1
                continue
            reason = desks.blocked(p.desk, c, minutes)
            if reason is None:
                placed = Slot(p.rota_id, p.agent_id, p.desk, c, minutes)
                break
            why[reason] += 1
        if placed is None:
            reason = "window" if not candidates else max(("minimum", "share", "window"), key=lambda r: why[r])
            unplaced.append(Unplaced(p.rota_id, p.agent_id, p.desk, minutes, reason, p.name))
            continue
        desks.take(p.desk, placed.starts_at, minutes)
        own.setdefault(p.rota_id, []).append(placed)
        slots.append(placed)
    starts = min((p.starts_at for p in people), default=earliest or utcnow())
    slots.sort(key=lambda s: (s.starts_at, s.desk, s.agent_id))
    return BreakPlan(starts, tuple(slots), tuple(unplaced))
