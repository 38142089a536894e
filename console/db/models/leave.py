"""Leave requests: an agent asks for days off; a supervisor approves or rejects them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime


class LeaveRequest(Base):
    """Days off asked for one agent, ``first_day`` to ``last_day`` (floor dates, both included).

    ``leave_type``: annual | sick | emergency. ``status``: requested | approved | rejected | cancelled.
    Approving marks the agent's rota assignments in the range ``status='leave'`` with this type; cancelling
    an approved leave puts them back on ``scheduled`` (:mod:`console.services.leave`).
    """

    __tablename__ = "leave_requests"
    __table_args__ = (Index("ix_leave_agent_days", "agent_id", "first_day", "last_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    leave_type: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="requested")
    reason: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
