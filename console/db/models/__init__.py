"""The ORM models for the whole floor, one module per domain."""

from console.db.models.base import Base
from console.db.models.breaks import BreakPlanRun, BreakRules, PlannedBreak
from console.db.models.floor import Floor, Seat, SeatAssignment, Zone, ZoneName
from console.db.models.history import HistoryRetention, IndicatorRollup
from console.db.models.journal import AuditEntry, Change, FeedSettings
from console.db.models.org import (
    Agent,
    AgentLanguage,
    AgentSkill,
    Department,
    DepartmentName,
    Role,
    Team,
    User,
)
from console.db.models.response import (
    ChecklistMark,
    Handover,
    IncidentHandoff,
    IncidentReview,
    IncidentSla,
    ReviewAction,
    ShiftLogEntry,
)
from console.db.models.risk import (
    Incident,
    IncidentEvent,
    IndicatorBreakdown,
    IndicatorName,
    IndicatorSample,
    RiskIndicator,
)
from console.db.models.rota import AttendanceEvent, RotaAssignment, ShiftTemplate, StaffingRequirement
from console.db.models.rules import IndicatorRule, RuleSilence, RuleState

__all__ = [
    "Agent",
    "AgentLanguage",
    "AgentSkill",
    "AttendanceEvent",
    "AuditEntry",
    "Base",
    "BreakPlanRun",
    "BreakRules",
    "Change",
    "ChecklistMark",
    "Department",
    "DepartmentName",
    "FeedSettings",
    "Handover",
    "HistoryRetention",
    "Floor",
    "Incident",
    "IncidentEvent",
    "IncidentHandoff",
    "IncidentReview",
    "IncidentSla",
    "IndicatorBreakdown",
    "IndicatorName",
    "IndicatorRollup",
    "IndicatorRule",
    "IndicatorSample",
    "PlannedBreak",
    "RiskIndicator",
    "ReviewAction",
    "Role",
    "RotaAssignment",
    "RuleSilence",
    "RuleState",
    "Seat",
    "SeatAssignment",
    "ShiftLogEntry",
    "ShiftTemplate",
    "StaffingRequirement",
    "Team",
    "User",
    "Zone",
    "ZoneName",
]
