"""Work discipline: attendance exception policies, the exceptions the timer leader finds, coaching notes,
and the badge-import key that keeps a re-imported punch from being stored twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.models.rota import AttendanceEvent
from console.db.types import UTCDateTime


class AttendancePolicy(Base):
    """One exception rule of the floor (a database is one floor): its threshold in minutes, its severity,
    and whether it is on. ``cap_minutes``: the longest single break (break overrun only)."""

    __tablename__ = "attendance_policies"

    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(8))  # info | warning | critical
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    cap_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AttendanceException(Base):
    """An exception the timer leader found on one rostered shift, and how the supervisor worked it.

    ``at``: when it happened (the late clock-in, the no-show moment, the break's start…); ``detected_at``:
    when the leader stored it. ``status``: open | resolved | excused. ``version`` grows with every edit, so a
    supervisor saving over someone else's change is told who made it.
    """

    __tablename__ = "attendance_exceptions"
    __table_args__ = (
        UniqueConstraint("rota_assignment_id", "kind"),
        Index("ix_attendance_exceptions_agent_at", "agent_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    rota_assignment_id: Mapped[int] = mapped_column(ForeignKey("rota_assignments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    severity: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    reason_code: Mapped[str | None] = mapped_column(String(24), nullable=True)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class CoachingNote(Base):
    """A supervisor's note for the agent's discipline ledger (a coaching conversation, a warning given)."""

    __tablename__ = "coaching_notes"
    __table_args__ = (Index("ix_coaching_notes_agent_at", "agent_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(1000))


# A badge punch is stored once: re-importing the same export adds nothing (the import skips what is there,
# and this index refuses a second copy that a concurrent import would write). Other sources are not
# constrained: a supervisor may record the same moment by hand.
BADGE_PUNCH_ONCE = Index(
    "uq_attendance_events_badge_punch",
    AttendanceEvent.agent_id,
    AttendanceEvent.kind,
    AttendanceEvent.at,
    unique=True,
    sqlite_where=text("source = 'badge'"),
    postgresql_where=text("source = 'badge'"),
)
