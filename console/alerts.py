"""Which incidents should reach people now: a new P1/P2, an SLA at 90 % or breached, a handoff overdue.

Each console notifies its own supervisor (a tray message, a sound, a highlight), so this runs in every
console; it records nothing in the database (the breach itself is recorded once per floor by the timer
leader). :class:`AlertWatch` turns the queue's rows, as they change and as time passes, into alerts, each
exactly once per console: the first look only learns what is already true (opening the console does not
replay the night's alarms), later looks report what became true since.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from console.i18n import QT_TRANSLATE_NOOP

URGENT = (1, 2)  # severities whose arrival is announced
NEAR = 0.9  # share of an SLA after which it is announced as close

KINDS = {
    "new": QT_TRANSLATE_NOOP("Alerts", "New P{severity}: {ref} {title}"),
    "sla_near": QT_TRANSLATE_NOOP("Alerts", "{ref} ({title}): 90 % of its {phase} SLA gone"),
    "sla_breached": QT_TRANSLATE_NOOP("Alerts", "{ref} ({title}): {phase} SLA breached"),
    "handoff_overdue": QT_TRANSLATE_NOOP("Alerts", "{ref} ({title}): a department has not answered in time"),
    "feed_silent": QT_TRANSLATE_NOOP("Alerts", "{title}: no data for {ref} (a silent feed)"),
    "break_overrun": QT_TRANSLATE_NOOP("Alerts", "{title}: break overrun ({ref})"),
    "understaffed": QT_TRANSLATE_NOOP("Alerts", "Coverage: {title}"),
}
PHASES = {
    "ack": QT_TRANSLATE_NOOP("Alerts", "acknowledge"),
    "resolve": QT_TRANSLATE_NOOP("Alerts", "resolve"),
    "handoff": QT_TRANSLATE_NOOP("Alerts", "handoff"),
    "feed": QT_TRANSLATE_NOOP("Alerts", "feed"),
    "break": QT_TRANSLATE_NOOP("Alerts", "break"),
    "coverage": QT_TRANSLATE_NOOP("Alerts", "coverage"),
}


class QueueLike(Protocol):
    """What the rules read of an incident (``console.services.incidents.QueueRow`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def ref(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def severity(self) -> int: ...
    @property
    def opened_at(self) -> datetime: ...
    @property
    def ack_due_at(self) -> datetime: ...
    @property
    def resolve_due_at(self) -> datetime: ...
    @property
    def acknowledged_at(self) -> datetime | None: ...
    @property
    def handoff_due_at(self) -> datetime | None: ...


@dataclass(frozen=True)
class Alert:
    incident_id: int
    ref: str
    title: str
    severity: int
    kind: str  # new | sla_near | sla_breached | handoff_overdue | feed_silent | break_overrun | understaffed
    phase: str  # ack | resolve | handoff | feed | break | coverage

    def message(self, translate: object = None) -> str:
        """The alert as one line in the current language (``translate``: ``(context, text) -> text``)."""
        from console.i18n import translate as core_translate

        say = translate if callable(translate) else core_translate
        return str(say("Alerts", KINDS[self.kind])).format(
            severity=self.severity, ref=self.ref, title=self.title, phase=say("Alerts", PHASES[self.phase])
        )


def phase_of(row: QueueLike) -> tuple[str, datetime, datetime]:
    """The SLA that runs now: (phase, since, due)."""
    if row.acknowledged_at is None:
        return "ack", row.opened_at, row.ack_due_at
    return "resolve", row.acknowledged_at, row.resolve_due_at


def sla_share(row: QueueLike, now: datetime) -> float:
    """How much of the running SLA has gone (1.0 and over: breached)."""
    _phase, since, due = phase_of(row)
    span = (due - since).total_seconds()
    if span <= 0:
        return 1.0
    return (now - since).total_seconds() / span


def at_share(row: QueueLike, share: float) -> datetime:
    """The moment the running SLA reaches ``share`` of its target."""
    _phase, since, due = phase_of(row)
    return since + (due - since) * share


def handoff_overdue(row: QueueLike, now: datetime) -> bool:
    due = getattr(row, "handoff_due_at", None)
    return due is not None and due <= now


def needs_attention(row: QueueLike, now: datetime) -> bool:
    """Highlighted until someone acts: an unacknowledged P1/P2, an SLA at 90 % or past it, a handoff that a
    department has let run past its due time."""
    return (
        (row.severity in URGENT and row.acknowledged_at is None)
        or sla_share(row, now) >= NEAR
        or handoff_overdue(row, now)
    )


def _kinds(row: QueueLike, now: datetime) -> list[tuple[str, str]]:
    """The (kind, phase) alerts true of ``row`` at ``now``."""
    phase, _since, _due = phase_of(row)
    share = sla_share(row, now)
    kinds = []
    if row.severity in URGENT and row.acknowledged_at is None:
        kinds.append(("new", "ack"))
    if share >= 1.0:
        kinds.append(("sla_breached", phase))
    elif share >= NEAR:
        kinds.append(("sla_near", phase))
    if handoff_overdue(row, now):
        kinds.append(("handoff_overdue", "handoff"))
    return kinds


def _next_change(row: QueueLike, now: datetime) -> datetime | None:
    """The next moment something in :func:`_kinds` or :func:`needs_attention` can change by time alone."""
    moments = [at_share(row, NEAR), at_share(row, 1.0)]
    due = getattr(row, "handoff_due_at", None)
    if due is not None:
        moments.append(due)
    later = [m for m in moments if m > now]
    return min(later) if later else None


class AlertWatch:
    """Alerts for the worked incidents as they change and as time passes, each (incident, kind, phase) once
    per console; and which incidents need attention now.

    Incremental: a batch looks at the rows it names, and a clock tick only at the rows whose next threshold
    (90 % or 100 % of the running SLA, a handoff's due time) has come (a heap of those moments), so 5,000
    worked incidents cost nothing per second while none crosses a line.
    """

    def __init__(self) -> None:
        self.fired: set[tuple[int, str, str]] = set()
        self.primed = False
        self.rows: dict[int, QueueLike] = {}
        self.attention: set[int] = set()
        self._due: list[tuple[datetime, int, int]] = []  # (moment, incident id, id() of the row then held)

    def update(self, rows: Iterable[QueueLike], now: datetime) -> list[Alert]:
        """Hold exactly ``rows`` (a full reading of the worked incidents) and report what became true."""
        rows = list(rows)
        self.rows = {r.id: r for r in rows}
        self.attention.clear()
        self._due.clear()
        return self._look(self.rows, now)

    def apply(self, rows: Iterable[QueueLike], gone: Iterable[int], now: datetime) -> list[Alert]:
        """Some incidents changed (``rows``: their current state; an incident no longer worked leaves when
        its row says so through ``is_open``), others are ``gone``."""
        for key in gone:
            self.rows.pop(key, None)
            self.attention.discard(key)
        looked = []
        for row in rows:
            if getattr(row, "is_open", True):
                self.rows[row.id] = row
                looked.append(row.id)
            else:
                self.rows.pop(row.id, None)
                self.attention.discard(row.id)
        return self._look(looked, now)

    def tick(self, now: datetime) -> list[Alert]:
        """Time passed: look again at the rows whose next threshold has come."""
        due = []
        while self._due and self._due[0][0] <= now:
            _when, key, token = heapq.heappop(self._due)
            row = self.rows.get(key)
            if row is not None and id(row) == token:
                due.append(key)
        return self._look(due, now) if due else []

    def _look(self, keys: Iterable[int], now: datetime) -> list[Alert]:
        out: list[Alert] = []
        for key in keys:
            row = self.rows[key]
            if needs_attention(row, now):
                self.attention.add(key)
            else:
                self.attention.discard(key)
            for kind, phase in _kinds(row, now):
                fired = (key, kind, phase)
                if fired in self.fired:
                    continue
                self.fired.add(fired)
                if self.primed:
                    out.append(Alert(key, row.ref, row.title, row.severity, kind, phase))
            nxt = _next_change(row, now)
            if nxt is not None:
                heapq.heappush(self._due, (nxt, key, id(row)))
        self.primed = True
        return sorted(out, key=lambda a: (a.severity, a.kind != "sla_breached", a.ref))


SILENT_SEVERITY = 2  # a silent upstream is itself a risk: announced like a P2 (tray, and the P1+P2 sound)


class FeedWatch:
    """Heartbeats: an indicator whose feed fell silent (no sample for several intervals: the board's
    ``stale`` level) is announced once per silence, like an incident alert; it may be announced again after
    its feed came back and fell silent anew. The first look learns what is already silent (opening the
    console does not replay the night's silences). ``incident_id`` of its alerts is 0 (none); ``ref`` carries
    the silence's length as people read it."""

    def __init__(self) -> None:
        self.silent: set[int] = set()
        self.primed = False

    def update(self, levels: Iterable[tuple[int, str, str, str]]) -> list[Alert]:
        """``levels``: (indicator id, name, level, how long silent) for every indicator on the board."""
        out = []
        now_silent = set()
        for ind_id, name, level, since in levels:
            if level != "stale":
                continue
            now_silent.add(ind_id)
            if ind_id not in self.silent and self.primed:
                out.append(Alert(0, since, name, SILENT_SEVERITY, "feed_silent", "feed"))
        self.silent = now_silent
        self.primed = True
        return out


UNDERSTAFFED_SEVERITY = 2  # too few people for the risk on the floor: announced like a P2
OVERRUN_SEVERITY = 3  # a break overrun is the floor's discipline, not a risk: a tray message, no P1/P2 sound


class BreakWatch:
    """Breaks running past their planned slot or the shift's allowance (:mod:`console.services.breaks`), each
    announced once per break: ``key`` names the break (the agent and when it began), so the agent's next
    overrun is announced again. The first look learns the overruns already running (opening the console does
    not replay them). ``incident_id`` of its alerts is 0; ``ref`` carries the minutes as people read them
    ("37/30 min")."""

    def __init__(self) -> None:
        self.over: set[object] = set()
        self.primed = False

    def update(self, overruns: Iterable[tuple[object, str, str]]) -> list[Alert]:
        """``overruns``: (key, agent's name, minutes) of every break overrunning now."""
        out = []
        now_over = set()
        for key, name, minutes in overruns:
            now_over.add(key)
            if key not in self.over and self.primed:
                out.append(Alert(0, minutes, name, OVERRUN_SEVERITY, "break_overrun", "break"))
        self.over = now_over
        self.primed = True
        return out
