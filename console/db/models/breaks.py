"""Break rules per floor, the break plan of each shift, and which shifts have been planned."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime


class BreakRules(Base):
    """How breaks work on one floor (no row: the defaults of :mod:`console.services.breaks`).

    The allowance itself is the shift template's ``break_minutes``; these say how it may be taken.
    """

    __tablename__ = "break_rules"
    __table_args__ = (
        CheckConstraint(
            "max_breaks BETWEEN 1 AND 6 AND edge_minutes BETWEEN 0 AND 240"
            " AND max_share_pct BETWEEN 1 AND 100 AND adherence_minutes BETWEEN 0 AND 60",
            name="bounds",
        ),
    )

    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id", ondelete="CASCADE"), primary_key=True)
    max_breaks: Mapped[int] = mapped_column(Integer, default=3)
    edge_minutes: Mapped[int] = mapped_column(Integer, default=60)  # no break in the first / last so many
    max_share_pct: Mapped[int] = mapped_column(Integer, default=20)  # of a desk on break at once
    adherence_minutes: Mapped[int] = mapped_column(Integer, default=5)  # out of adherence after this long


class PlannedBreak(Base):
    """One planned break slot of an agent on a rostered shift."""

    __tablename__ = "planned_breaks"
    __table_args__ = (
        Index("ix_planned_breaks_rota", "rota_assignment_id", "starts_at"),
        CheckConstraint("minutes BETWEEN 1 AND 240", name="minutes"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    rota_assignment_id: Mapped[int] = mapped_column(ForeignKey("rota_assignments.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)


class BreakPlanRun(Base):
    """That the shifts starting at ``starts_at`` have had their breaks planned (once, by the timer leader, or
    again by a supervisor): what makes the leader's planning idempotent, and what the dock shows as "planned
    by … at …"."""

    __tablename__ = "break_plan_runs"

    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_by: Mapped[str] = mapped_column(String(64))
    unplaced: Mapped[int] = mapped_column(Integer, default=0)
