"""The live contract between the database, the core and the docks: topics, their keys, the wake-up channel.

The change feed is written by the database itself (triggers created by migration 0002), so every writer
shows up live: the services, ``COPY``, ``psql``, an ETL job. Each watched table maps to exactly one topic, and
each topic carries exactly one kind of id (:data:`TOPIC_KEYS`). A feed entry ``(topic, entity_id, op)`` says
"refetch this"; the entry's ``origin`` names the console process that wrote it (``None`` for any other
writer), so a console can tell the echo of its own write from someone else's.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Topic(enum.StrEnum):
    """What changed. The value is what the feed stores (``change_feed.topic``)."""

    INCIDENT = "incident"  # incident ids: incidents, their timeline and handoffs (by incident_id)
    ATTENDANCE = "attendance"  # agent ids: clock-in, clock-out, break edges, exceptions, coaching notes
    ROTA = "rota"  # agent ids whose rostered shifts changed
    SHIFT = "shift"  # shift template ids
    SEAT = "seat"  # seat ids: the seat itself or who sits on it (seat_assignments.seat_id)
    ZONE = "zone"  # zone ids
    FLOOR = "floor"  # floor ids
    INDICATOR = "indicator"  # risk indicator ids: their definition (name, thresholds)
    SAMPLES = "samples"  # risk indicator ids: new samples, headline or by dimension (one per transaction)
    AGENT = "agent"  # agent ids: the agent, their languages and skills
    TEAM = "team"  # team ids
    DEPARTMENT = "department"  # department ids
    USER = "user"  # user ids
    SHIFT_LOG = "shift_log"  # shift log entry ids
    HANDOVER = "handover"  # handover ids
    STAFFING = "staffing"  # zone ids whose staffing requirements changed


# Which kind of id each topic carries (documentation for people and a check for tests).
TOPIC_KEYS: dict[Topic, str] = {
    Topic.INCIDENT: "incident id",
    Topic.ATTENDANCE: "agent id",
    Topic.ROTA: "agent id",
    Topic.SHIFT: "shift template id",
    Topic.SEAT: "seat id",
    Topic.ZONE: "zone id",
    Topic.FLOOR: "floor id",
    Topic.INDICATOR: "indicator id",
    Topic.SAMPLES: "indicator id",
    Topic.AGENT: "agent id",
    Topic.TEAM: "team id",
    Topic.DEPARTMENT: "department id",
    Topic.USER: "user id",
    Topic.SHIFT_LOG: "shift log entry id",
    Topic.HANDOVER: "handover id",
    Topic.STAFFING: "zone id",
}


@dataclass(frozen=True)
class Watch:
    """A table whose every change the database appends to the feed: under ``topic``, keyed by ``key``."""

    table: str
    topic: Topic
    key: str = "id"


# Every table a console shows. Migration 0002 creates the triggers from this list *as it was then*; a later
# migration that adds a table adds its triggers itself (see ``console.db.feedsql``).
WATCHED: tuple[Watch, ...] = (
    Watch("incidents", Topic.INCIDENT),
    Watch("incident_events", Topic.INCIDENT, "incident_id"),
    Watch("incident_handoffs", Topic.INCIDENT, "incident_id"),
    Watch("attendance_events", Topic.ATTENDANCE, "agent_id"),
    Watch("rota_assignments", Topic.ROTA, "agent_id"),
    Watch("shift_templates", Topic.SHIFT),
    Watch("seats", Topic.SEAT),
    Watch("seat_assignments", Topic.SEAT, "seat_id"),
    Watch("zones", Topic.ZONE),
    Watch("zone_names", Topic.ZONE, "owner_id"),
    Watch("floors", Topic.FLOOR),
    Watch("risk_indicators", Topic.INDICATOR),
    Watch("indicator_names", Topic.INDICATOR, "owner_id"),
    Watch("indicator_samples", Topic.SAMPLES, "indicator_id"),
    Watch("agents", Topic.AGENT),
    Watch("agent_languages", Topic.AGENT, "agent_id"),
    Watch("agent_skills", Topic.AGENT, "agent_id"),
    Watch("teams", Topic.TEAM),
    Watch("departments", Topic.DEPARTMENT),
    Watch("department_names", Topic.DEPARTMENT, "owner_id"),
    Watch("users", Topic.USER),
    Watch("incident_reviews", Topic.INCIDENT, "incident_id"),
    Watch("review_actions", Topic.INCIDENT, "incident_id"),
    Watch("incident_checklist", Topic.INCIDENT, "incident_id"),
    Watch("shift_log", Topic.SHIFT_LOG),
    Watch("handovers", Topic.HANDOVER),
    Watch("indicator_rules", Topic.INDICATOR, "indicator_id"),
    Watch("rule_silences", Topic.INDICATOR, "indicator_id"),
    Watch("indicator_breakdown", Topic.SAMPLES, "indicator_id"),
    Watch("staffing_requirements", Topic.STAFFING, "zone_id"),
    Watch("leave_requests", Topic.ROTA, "agent_id"),
    Watch("attendance_exceptions", Topic.ATTENDANCE, "agent_id"),  # 0011: the exception queue
    Watch("coaching_notes", Topic.ATTENDANCE, "agent_id"),  # 0011: the discipline ledger's notes
    Watch("shift_swaps", Topic.ROTA, "requester_id"),
    Watch("break_rules", Topic.FLOOR, "floor_id"),
    Watch("planned_breaks", Topic.ROTA, "agent_id"),
)

# NOTIFY channel consoles LISTEN on (PostgreSQL). The payload is the newest sequence number: a wake-up only.
NOTIFY_CHANNEL = "watchfloor_changes"
# Advisory lock the database takes when it appends to the feed (at commit, from a deferred trigger), held
# until the commit ends: feed sequence order is commit order, so a reader at seq N has seen all below N.
FEED_LOCK_KEY = 0x5741_5443  # "WATC"
# Feed entry ``op`` values: insert | update | delete | truncate (entity 0: "a whole table was emptied").


@dataclass(frozen=True)
class ChangeBatch:
    """What the hub hands the docks: the ids changed per topic since the last batch, or a full reload.

    Attributes:
        ids: per topic, the entity ids named (deduplicated).
        reload: why every dock must reload its whole snapshot (a gap, reversal or truncation of the feed,
            a position pruned away, a reconnect after an outage), or ``""``.
        seq: the feed position this batch brings the console to.
        own: the ids whose every entry in this batch was written by this console itself (echoes).
    """

    ids: dict[Topic, frozenset[int]] = field(default_factory=dict)
    reload: str = ""
    seq: int = 0
    own: dict[Topic, frozenset[int]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.ids or self.reload)

    def get(self, topic: Topic) -> frozenset[int]:
        return self.ids.get(topic, frozenset())
