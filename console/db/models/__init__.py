"""The ORM models for the whole floor, one module per domain."""

from console.db.models.base import Base
from console.db.models.floor import Floor, Seat, SeatAssignment, Zone, ZoneName
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
from console.db.models.response import IncidentHandoff, IncidentSla
from console.db.models.risk import Incident, IncidentEvent, IndicatorName, IndicatorSample, RiskIndicator
from console.db.models.rota import AttendanceEvent, RotaAssignment, ShiftTemplate

__all__ = [
    "Agent",
    "AgentLanguage",
    "AgentSkill",
    "AttendanceEvent",
    "AuditEntry",
    "Base",
    "Change",
    "Department",
    "DepartmentName",
    "FeedSettings",
    "Floor",
    "Incident",
    "IncidentEvent",
    "IncidentHandoff",
    "IncidentSla",
    "IndicatorName",
    "IndicatorSample",
    "RiskIndicator",
    "Role",
    "RotaAssignment",
    "Seat",
    "SeatAssignment",
    "ShiftTemplate",
    "Team",
    "User",
    "Zone",
    "ZoneName",
]
