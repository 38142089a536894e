"""The floor's rota rules and shift swaps (migration 0013)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base
from console.db.types import UTCDateTime


class RotaRules(Base):
    """One floor's rota rules; a floor without a row has the defaults (:class:`console.rota.model.Rules`)."""

    __tablename__ = "rota_rules"
    __table_args__ = (
        CheckConstraint(
            "min_rest_hours >= 0 AND min_rest_hours <= 24 AND max_consecutive_nights >= 1"
            " AND max_consecutive_days >= 1 AND max_shifts_per_week BETWEEN 1 AND 7",
            name="bounds",
        ),
    )

    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id", ondelete="CASCADE"), primary_key=True)
    min_rest_hours: Mapped[float] = mapped_column(Float)
    max_consecutive_nights: Mapped[int] = mapped_column(Integer)
    max_consecutive_days: Mapped[int] = mapped_column(Integer)
    max_shifts_per_week: Mapped[int] = mapped_column(Integer)


class ShiftSwap(Base):
    """A shift swap (``counterpart_id`` set) or an open "take this shift" offer (``counterpart_id`` empty
    until someone takes it).

    ``status``: requested → accepted (the counterpart agreed, or took the offer) → approved | rejected, or
    cancelled (by the requester, or by a publish that replaced a row it names). The rows' dates and codes are
    kept beside their ids so a decided swap still reads whole after the rota moved on (a row deleted by a
    later publish leaves its id empty).
    """

    __tablename__ = "shift_swaps"
    __table_args__ = (
        CheckConstraint(
            "status IN ('requested', 'accepted', 'approved', 'rejected', 'cancelled')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("agents.id"), index=True)
    requester_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("rota_assignments.id", ondelete="SET NULL"), nullable=True
    )
    requester_day: Mapped[date] = mapped_column(Date)
    requester_code: Mapped[str] = mapped_column(String(16))
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    counterpart_row_id: Mapped[int | None] = mapped_column(
        ForeignKey("rota_assignments.id", ondelete="SET NULL"), nullable=True
    )
    counterpart_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    counterpart_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="requested")
    note: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
