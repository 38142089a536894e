"""Which incidents should reach people now: a new P1/P2, an SLA at 90 % or breached.

Each console notifies its own supervisor (a tray message, a sound, a highlight), so this runs in every
console; it records nothing in the database (the breach itself is recorded once per floor by the timer
leader). :class:`AlertWatch` turns the queue's rows, as they change and as time passes, into alerts, each
exactly once per console: the first look only learns what is already true (opening the console does not
replay the night's alarms), later looks report what became true since.
"""

from __future__ import annotations

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
}
PHASES = {
    "ack": QT_TRANSLATE_NOOP("Alerts", "acknowledge"),
    "resolve": QT_TRANSLATE_NOOP("Alerts", "resolve"),
}


class QueueLike(Protocol):
    """What the rules read of an incident (``console.services.incidents.QueueRow`` has it)."""

    id: int
    ref: str
    title: str
    severity: int
    opened_at: datetime
    ack_due_at: datetime
    resolve_due_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class Alert:
    incident_id: int
    ref: str
    title: str
    severity: int
    kind: str  # new | sla_near | sla_breached
    phase: str  # ack | resolve

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


def needs_attention(row: QueueLike, now: datetime) -> bool:
    """Highlighted until someone acts: an unacknowledged P1/P2, or an SLA at 90 % or past it."""
    return (row.severity in URGENT and row.acknowledged_at is None) or sla_share(row, now) >= NEAR


class AlertWatch:
    """Alerts for rows as they are seen, each (incident, kind, phase) once per console."""

    def __init__(self) -> None:
        self.fired: set[tuple[int, str, str]] = set()
        self.primed = False

    def update(self, rows: Iterable[QueueLike], now: datetime) -> list[Alert]:
        out: list[Alert] = []
        for row in rows:
            phase, _since, _due = phase_of(row)
            share = sla_share(row, now)
            kinds = []
            if row.severity in URGENT and row.acknowledged_at is None:
                kinds.append("new")
            if share >= 1.0:
                kinds.append("sla_breached")
            elif share >= NEAR:
                kinds.append("sla_near")
            for kind in kinds:
                key = (row.id, kind, "ack" if kind == "new" else phase)
                if key in self.fired:
                    continue
                self.fired.add(key)
                if self.primed:
                    out.append(Alert(row.id, row.ref, row.title, row.severity, kind, key[2]))
        self.primed = True
        return sorted(out, key=lambda a: (a.severity, a.kind != "sla_breached", a.ref))
