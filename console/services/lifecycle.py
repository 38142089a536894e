"""An incident's states, the moves between them and the actions a console may offer: plain data, no database.

::

    open ─claim/acknowledge→ acknowledged → investigating → mitigated → resolved → reviewed → closed
      │                            ↕ escalated (from any working state, and back to work)    │
      └──────── (any working state) → resolved, or → duplicate (merged into another)          │
                                         resolved / reviewed / closed ──reopen──→ open ←──────┘

A *working* state (:data:`OPEN_STATUSES`) is one the queue shows. ``duplicate`` is final: the incident's
timeline, hits and handoffs moved to the one it duplicates.
"""

from __future__ import annotations

from console.i18n import QT_TRANSLATE_NOOP

STATUSES = {
    "open": QT_TRANSLATE_NOOP("Status", "Open"),
    "acknowledged": QT_TRANSLATE_NOOP("Status", "Acknowledged"),
    "investigating": QT_TRANSLATE_NOOP("Status", "Investigating"),
    "escalated": QT_TRANSLATE_NOOP("Status", "Escalated"),
    "mitigated": QT_TRANSLATE_NOOP("Status", "Mitigated"),
    "resolved": QT_TRANSLATE_NOOP("Status", "Resolved"),
    "reviewed": QT_TRANSLATE_NOOP("Status", "Reviewed"),
    "closed": QT_TRANSLATE_NOOP("Status", "Closed"),
    "duplicate": QT_TRANSLATE_NOOP("Status", "Duplicate"),
}
# The states an incident is worked in: the queue shows them, SLA timers and escalation run on them, and at
# most one of them holds a given dedup key (migration 0005's partial unique index lists the same states).
OPEN_STATUSES = ("open", "acknowledged", "investigating", "escalated", "mitigated")
DONE_STATUSES = ("resolved", "reviewed", "closed")

# status -> the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"acknowledged", "investigating", "escalated", "resolved", "duplicate"}),
    "acknowledged": frozenset({"investigating", "escalated", "mitigated", "resolved", "duplicate"}),
    "investigating": frozenset({"escalated", "mitigated", "resolved", "duplicate"}),
    "escalated": frozenset({"acknowledged", "investigating", "mitigated", "resolved", "duplicate"}),
    "mitigated": frozenset({"investigating", "escalated", "resolved", "duplicate"}),
    "resolved": frozenset({"reviewed", "closed", "open"}),
    "reviewed": frozenset({"closed", "open"}),
    "closed": frozenset({"open"}),
    "duplicate": frozenset(),
}

# What a move to each status is called in "INC-… is Closed: it cannot be <verb> from there."
VERBS = {
    "open": QT_TRANSLATE_NOOP("Transition", "reopened"),
    "acknowledged": QT_TRANSLATE_NOOP("Transition", "acknowledged"),
    "investigating": QT_TRANSLATE_NOOP("Transition", "put under investigation"),
    "escalated": QT_TRANSLATE_NOOP("Transition", "escalated"),
    "mitigated": QT_TRANSLATE_NOOP("Transition", "marked mitigated"),
    "resolved": QT_TRANSLATE_NOOP("Transition", "resolved"),
    "reviewed": QT_TRANSLATE_NOOP("Transition", "marked reviewed"),
    "closed": QT_TRANSLATE_NOOP("Transition", "closed"),
    "duplicate": QT_TRANSLATE_NOOP("Transition", "marked a duplicate"),
}
HAND_OFF_VERB = QT_TRANSLATE_NOOP("Transition", "handed off")

# The timeline event each move writes.
EVENT_OF = {
    "open": "reopened",
    "acknowledged": "acknowledged",
    "investigating": "investigating",
    "escalated": "escalated",
    "mitigated": "mitigated",
    "resolved": "resolved",
    "reviewed": "reviewed",
    "closed": "closed",
    "duplicate": "marked_duplicate",
}

EVENT_KINDS = {
    "opened": QT_TRANSLATE_NOOP("Event", "Opened"),
    "repeat_hit": QT_TRANSLATE_NOOP("Event", "Raised again"),
    "acknowledged": QT_TRANSLATE_NOOP("Event", "Acknowledged"),
    "investigating": QT_TRANSLATE_NOOP("Event", "Investigation started"),
    "escalated": QT_TRANSLATE_NOOP("Event", "Escalated"),
    "mitigated": QT_TRANSLATE_NOOP("Event", "Mitigated"),
    "resolved": QT_TRANSLATE_NOOP("Event", "Resolved"),
    "reviewed": QT_TRANSLATE_NOOP("Event", "Reviewed"),
    "closed": QT_TRANSLATE_NOOP("Event", "Closed"),
    "reopened": QT_TRANSLATE_NOOP("Event", "Reopened"),
    "marked_duplicate": QT_TRANSLATE_NOOP("Event", "Marked a duplicate"),
    "merged": QT_TRANSLATE_NOOP("Event", "Duplicate merged in"),
    "note": QT_TRANSLATE_NOOP("Event", "Note"),
    "sla_breached": QT_TRANSLATE_NOOP("Event", "SLA breached"),
    "auto_escalated": QT_TRANSLATE_NOOP("Event", "Escalated automatically"),
    "handoff_request": QT_TRANSLATE_NOOP("Event", "Handed off"),
    "handoff_ack": QT_TRANSLATE_NOOP("Event", "Handoff acknowledged"),
    "handoff_response": QT_TRANSLATE_NOOP("Event", "Department answered"),
    "handoff_closed": QT_TRANSLATE_NOOP("Event", "Handoff closed"),
    "handoff_overdue": QT_TRANSLATE_NOOP("Event", "Handoff overdue"),
}
# Events written by a change that bumps the incident's version: the last of them names who won a race.
VERSIONED_EVENTS = frozenset({*EVENT_OF.values(), "opened", "merged", "handoff_request"})

# Actions a console offers: action -> the status it moves to (None: no move).
ACTIONS: dict[str, str | None] = {
    "claim": "acknowledged",
    "acknowledge": "acknowledged",
    "investigate": "investigating",
    "escalate": "escalated",
    "mitigate": "mitigated",
    "hand_off": None,
    "resolve": "resolved",
    "review": "reviewed",
    "close": "closed",
    "reopen": "open",
    "mark_duplicate": "duplicate",
    "note": None,
}
ACTION_TITLES = {
    "claim": QT_TRANSLATE_NOOP("Action", "Claim"),
    "acknowledge": QT_TRANSLATE_NOOP("Action", "Acknowledge"),
    "investigate": QT_TRANSLATE_NOOP("Action", "Investigate"),
    "escalate": QT_TRANSLATE_NOOP("Action", "Escalate"),
    "mitigate": QT_TRANSLATE_NOOP("Action", "Mark mitigated"),
    "hand_off": QT_TRANSLATE_NOOP("Action", "Hand off"),
    "resolve": QT_TRANSLATE_NOOP("Action", "Resolve"),
    "review": QT_TRANSLATE_NOOP("Action", "Mark reviewed"),
    "close": QT_TRANSLATE_NOOP("Action", "Close"),
    "reopen": QT_TRANSLATE_NOOP("Action", "Reopen"),
    "mark_duplicate": QT_TRANSLATE_NOOP("Action", "Mark duplicate"),
    "note": QT_TRANSLATE_NOOP("Action", "Add note"),
}


def can_move(status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(status, frozenset())


def allowed_actions(status: str) -> list[str]:
    """The actions legal on an incident in ``status``, in :data:`ACTIONS` order (a toolbar's order).

    A note can always be added; a handoff only while the incident is worked.
    """
    out = []
    for action, target in ACTIONS.items():
        if action == "hand_off":
            legal = status in OPEN_STATUSES
        elif target is None:
            legal = True
        else:
            legal = can_move(status, target)
        if legal:
            out.append(action)
    return out
