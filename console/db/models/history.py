"""Indicator history summarised: rollups of the samples per time bucket, and how long each level is kept.

Written by the database's own triggers on ``indicator_samples`` (migration 0008, :mod:`console.db.rollupsql`),
never by Python, so every writer (the services, the simulator, the alert intake, ``COPY``, ``psql``) keeps
them current. Bucket times are Unix epoch seconds (UTC): the charts want epoch seconds, and both databases
compute them from integers in the triggers without any time-zone arithmetic.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from console.db.models.base import Base


class IndicatorRollup(Base):
    """The samples of one indicator in one bucket of ``step_s`` seconds starting at ``bucket_s``: how many,
    their lowest, highest and sum (the mean is ``total / n``), and when the newest of them was taken."""

    __tablename__ = "indicator_rollups"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("risk_indicators.id", ondelete="CASCADE"), primary_key=True
    )
    step_s: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bucket_s: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)
    lo: Mapped[float] = mapped_column(Float)
    hi: Mapped[float] = mapped_column(Float)
    total: Mapped[float] = mapped_column(Float)
    last_s: Mapped[float] = mapped_column(Float)  # epoch seconds of the newest sample in the bucket


class HistoryRetention(Base):
    """How many days of one level the floor keeps (``step_s`` 0: the raw samples; ``keep_days`` 0: for
    ever). One value per level for the whole floor, applied by the timer leader
    (:mod:`console.services.retention`)."""

    __tablename__ = "history_retention"

    step_s: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    keep_days: Mapped[int] = mapped_column(Integer)
