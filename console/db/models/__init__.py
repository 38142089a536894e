"""The ORM models for the whole floor, one module per domain."""

from console.db.models.base import Base
from console.db.models.breaks import BreakPlanRun, BreakRules, PlannedBreak
from console.db.models.discipline import AttendanceException, AttendancePolicy, CoachingNote
from console.db.models.floor import Floor, Seat, SeatAssignment, Zone, ZoneName
from console.db.models.history import HistoryRetention, IndicatorRollup
from console.db.models.journal import AuditEntry, Change, FeedSettings
from console.db.models.leave import LeaveRequest
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
from console.db.models.rota_plan import RotaRules, ShiftSwap
from console.db.models.rules import IndicatorRule, RuleSilence, RuleState

__all__ = [
    "Agent",
    "AgentLanguage",
    "AgentSkill",
    "AttendanceEvent",
    "AttendanceException",
    "AttendancePolicy",
    "AuditEntry",
    "Base",
    "BreakPlanRun",
    "BreakRules",
    "Change",
    "CoachingNote",
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
    "LeaveRequest",
    "PlannedBreak",
    "RiskIndicator",
    "ReviewAction",
    "Role",
    "RotaAssignment",
    "RotaRules",
    "RuleSilence",
    "RuleState",
    "Seat",
    "SeatAssignment",
    "ShiftLogEntry",
    "ShiftSwap",
    "ShiftTemplate",
    "StaffingRequirement",
    "Team",
    "User",
    "Zone",
    "ZoneName",
]
